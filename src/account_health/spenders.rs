//! Which useapi account each server spends, as account health reads it to
//! decide who hears about an account: the operator's for the servers
//! `spend.rs` lets spend it, a server's own once one of its commands used
//! it (only then is its token opened, and only then has its account a
//! state to tell).

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use serenity::all::GuildId;

use crate::mapping::Mapping;
use crate::spend::{Payer, PayerRule};
use crate::useapi::AccountId;

/// The `account` label of the operator's account in `/metrics`.
const OPERATOR_LABEL: &str = "operator";

pub(crate) struct Spenders {
    /// The operator's account, when there is `USEAPI_TOKEN`.
    operator: Option<AccountId>,
    rule: PayerRule,
    /// Servers on their own account: the sealed token a command of theirs
    /// opened, and its account. A changed or cleared token no longer
    /// matches, so the server stops hearing about the old account.
    own: Mutex<HashMap<GuildId, Spender>>,
}

struct Spender {
    sealed: String,
    account: AccountId,
}

impl Spenders {
    pub(crate) fn new(operator: Option<AccountId>, rule: PayerRule) -> Self {
        Self {
            operator,
            rule,
            own: Mutex::default(),
        }
    }

    /// A command of `guild` spent its own `account`, stored sealed as `sealed`.
    pub(crate) fn spent(&self, guild: GuildId, sealed: &str, account: AccountId) {
        let mut own = self.own.lock().unwrap_or_else(PoisonError::into_inner);
        match own.get_mut(&guild) {
            Some(known) if known.sealed == sealed && known.account == account => {}
            _ => {
                own.insert(
                    guild,
                    Spender {
                        sealed: sealed.to_owned(),
                        account,
                    },
                );
            }
        }
    }

    /// The servers of `mapping` that spend `account` now.
    pub(crate) fn spending(&self, mapping: &Mapping, account: AccountId) -> Vec<GuildId> {
        let own = self.own.lock().unwrap_or_else(PoisonError::into_inner);
        mapping
            .guilds
            .iter()
            .filter(|(guild, settings)| {
                let spends = match self.rule.payer(Some(**guild), mapping) {
                    Payer::Operator => self.operator,
                    Payer::Own => own
                        .get(guild)
                        .filter(|known| {
                            settings
                                .account
                                .as_ref()
                                .is_some_and(|a| a.token.sealed == known.sealed)
                        })
                        .map(|known| known.account),
                    Payer::Nobody => None,
                };
                spends == Some(account)
            })
            .map(|(guild, _)| *guild)
            .collect()
    }

    /// How `/metrics` names `account`: "operator", or its short id.
    pub(crate) fn label(&self, account: AccountId) -> String {
        if self.operator == Some(account) {
            OPERATOR_LABEL.to_owned()
        } else {
            account.to_string()
        }
    }
}
