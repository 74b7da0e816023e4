//! Which useapi account each server spends, as account health reads it to
//! decide who hears about an account: the operator's for the servers
//! `payer.rs` lets spend it, a server's own once one of its commands used
//! it (only then is its token opened, and only then has its account a
//! state to tell). A server's own account is watched while one of the
//! servers spending it ran a command in the last [`ACTIVE`], and forgotten
//! after.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use serenity::all::GuildId;

use super::Whose;
use crate::payer::{Payer, PayerRule};
use crate::settings::Mapping;
use crate::useapi::AccountId;

/// A server's own account is watched this long after its last command.
pub(crate) const ACTIVE: Duration = Duration::from_secs(24 * 60 * 60);
/// A process records a server's spending in a shared store at most this
/// often (`AccountHealth::spent_own`).
const SHARE_EVERY: Duration = Duration::from_secs(60 * 60);

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
    /// When a command of the server last spent it.
    active: Instant,
    /// When that was last recorded in (or read from) a shared store.
    shared: Option<Instant>,
}

impl Spenders {
    pub(crate) fn new(operator: Option<AccountId>, rule: PayerRule) -> Self {
        Self {
            operator,
            rule,
            own: Mutex::default(),
        }
    }

    /// A command of `guild` spent its own `account` at `now`, stored
    /// sealed as `sealed`; whether to record it in a shared store now (it
    /// is new here, or was last recorded [`SHARE_EVERY`] ago).
    pub(crate) fn spent(
        &self,
        guild: GuildId,
        sealed: &str,
        account: AccountId,
        now: Instant,
    ) -> bool {
        let mut own = self.own.lock().unwrap_or_else(PoisonError::into_inner);
        let spender = Self::entry(&mut own, guild, sealed, account, now);
        spender.active = spender.active.max(now);
        let share = spender
            .shared
            .is_none_or(|shared| now.saturating_duration_since(shared) >= SHARE_EVERY);
        if share {
            spender.shared = Some(now);
        }
        share
    }

    /// Another process recorded that a command of `guild` spent its own
    /// `account` at `at` (read from the shared store).
    pub(crate) fn learned(&self, guild: GuildId, sealed: &str, account: AccountId, at: Instant) {
        let mut own = self.own.lock().unwrap_or_else(PoisonError::into_inner);
        let spender = Self::entry(&mut own, guild, sealed, account, at);
        spender.active = spender.active.max(at);
        spender.shared = Some(spender.shared.map_or(at, |shared| shared.max(at)));
    }

    /// `guild`'s entry, made anew for another token or account.
    fn entry<'a>(
        own: &'a mut HashMap<GuildId, Spender>,
        guild: GuildId,
        sealed: &str,
        account: AccountId,
        at: Instant,
    ) -> &'a mut Spender {
        let fresh = || Spender {
            sealed: sealed.to_owned(),
            account,
            active: at,
            shared: None,
        };
        let spender = own.entry(guild).or_insert_with(fresh);
        if spender.sealed != sealed || spender.account != account {
            *spender = fresh();
        }
        spender
    }

    /// The own accounts to read at `now`, each once however many servers
    /// share it, with the server whose token opens it (the most recently
    /// active); the operator's is read anyway. Forgets the servers idle for
    /// [`ACTIVE`] and returns the accounts no server spends any more.
    pub(crate) fn watched(&self, now: Instant) -> (Vec<(AccountId, GuildId)>, Vec<AccountId>) {
        let mut own = self.own.lock().unwrap_or_else(PoisonError::into_inner);
        let before: BTreeSet<AccountId> = own.values().map(|s| s.account).collect();
        own.retain(|_, s| now.saturating_duration_since(s.active) < ACTIVE);
        let mut latest: HashMap<AccountId, (Instant, GuildId)> = HashMap::new();
        for (guild, spender) in own.iter() {
            let entry = latest
                .entry(spender.account)
                .or_insert((spender.active, *guild));
            if spender.active > entry.0 {
                *entry = (spender.active, *guild);
            }
        }
        let forgotten = before
            .into_iter()
            .filter(|a| !latest.contains_key(a) && self.operator != Some(*a))
            .collect();
        let mut watched: Vec<(AccountId, GuildId)> = latest
            .into_iter()
            .filter(|(account, _)| self.operator != Some(*account))
            .map(|(account, (_, guild))| (account, guild))
            .collect();
        watched.sort_unstable();
        (watched, forgotten)
    }

    /// The servers of `mapping` that spend `account` now, in order. Only
    /// for the operator's are all servers looked at: a server's own account
    /// is found among the servers that spent one.
    pub(crate) fn spending(&self, mapping: &Mapping, account: AccountId) -> Vec<GuildId> {
        let own = self.own.lock().unwrap_or_else(PoisonError::into_inner);
        let mut guilds: Vec<GuildId> = own
            .iter()
            .filter(|(guild, known)| {
                known.account == account
                    && self.rule.payer(Some(**guild), mapping) == Payer::Own
                    && mapping
                        .guild(**guild)
                        .and_then(|g| g.account.as_ref())
                        .is_some_and(|a| a.token.sealed == known.sealed)
            })
            .map(|(guild, _)| *guild)
            .collect();
        if self.operator == Some(account) {
            guilds.extend(
                mapping
                    .guilds
                    .keys()
                    .filter(|guild| self.rule.payer(Some(**guild), mapping) == Payer::Operator),
            );
        }
        guilds.sort_unstable();
        guilds.dedup();
        guilds
    }

    /// Whether `account` is the operator's or a server's own.
    pub(crate) fn whose(&self, account: AccountId) -> Whose {
        if self.operator == Some(account) {
            Whose::Operator
        } else {
            Whose::Own
        }
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

#[cfg(test)]
mod tests {
    use secrecy::SecretString;

    use super::*;

    fn account(token: &str) -> AccountId {
        AccountId::of_token(&SecretString::from(token.to_owned()))
    }

    #[test]
    fn each_active_own_account_is_read_once_and_idle_ones_are_forgotten() {
        let (operator, shared, idle) = (account("op-token"), account("shared"), account("idle"));
        let spenders = Spenders::new(Some(operator), PayerRule::default());
        let t0 = Instant::now();
        let day_later = t0 + ACTIVE;
        spenders.spent(GuildId::new(1), "s1", shared, t0);
        spenders.spent(GuildId::new(2), "s2", shared, day_later);
        spenders.spent(GuildId::new(3), "s3", idle, t0);
        // A server storing the operator's token: the operator's read covers it.
        spenders.spent(GuildId::new(4), "s4", operator, day_later);

        let (watched, forgotten) = spenders.watched(day_later);

        assert_eq!(watched, vec![(shared, GuildId::new(2))]);
        assert_eq!(forgotten, vec![idle]);
        assert_eq!(spenders.label(operator), "operator");
        assert_eq!(spenders.label(shared).len(), 16);
    }

    #[test]
    fn a_server_hears_of_the_account_it_spends_until_its_token_changes() {
        let (operator, own) = (account("op-token"), account("own-token"));
        let rule = PayerRule {
            operator: true,
            own_accounts: true,
            allowed: None,
        };
        let spenders = Spenders::new(Some(operator), rule);
        let account_json = |sealed: &str| serde_json::json!({"token": {"key": "k1", "sealed": sealed}, "verified_at": 0, "channels": 1});
        let mapping = |sealed: &str| -> Mapping {
            serde_json::from_value(serde_json::json!({"version": 1, "guilds": {
                "1": {"account": account_json(sealed)},
                "2": {},
            }}))
            .unwrap()
        };
        let (one, two) = (GuildId::new(1), GuildId::new(2));

        // Before a command opened its token, its own account is unknown.
        assert!(spenders.spending(&mapping("s1"), own).is_empty());
        spenders.spent(one, "s1", own, Instant::now());

        assert_eq!(spenders.spending(&mapping("s1"), own), vec![one]);
        assert_eq!(spenders.spending(&mapping("s1"), operator), vec![two]);
        // Another token stored: not this account's any more.
        assert!(spenders.spending(&mapping("s2"), own).is_empty());
    }

    /// A shared store hears of a server's spending once an hour at most,
    /// and not again for what it told this process itself.
    #[test]
    fn a_servers_spending_is_shared_when_new_then_once_an_hour() {
        let (own, other) = (account("own-token"), account("other-token"));
        let spenders = Spenders::new(None, PayerRule::default());
        let (one, two) = (GuildId::new(1), GuildId::new(2));
        let t0 = Instant::now();

        assert!(spenders.spent(one, "s1", own, t0));
        assert!(!spenders.spent(one, "s1", own, t0 + SHARE_EVERY / 2));
        assert!(spenders.spent(one, "s1", own, t0 + SHARE_EVERY));
        // A new token is news at once.
        assert!(spenders.spent(one, "s2", own, t0 + SHARE_EVERY));

        // Learned from the store: watched, and not written back.
        spenders.learned(two, "s3", other, t0);
        assert!(spenders.watched(t0).0.contains(&(other, two)));
        assert!(!spenders.spent(two, "s3", other, t0 + SHARE_EVERY / 2));
    }
}
