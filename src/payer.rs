//! Which useapi.net account a command spends: the server's own (its token
//! sealed in the settings, opened with `SECRETS_KEY`), else the operator's
//! `USEAPI_TOKEN` where the operator allows it (`Access::operator_account_for`),
//! else none, and nothing is sent to useapi.net.

use std::sync::Arc;

use serenity::all::GuildId;

use crate::access::{operator_account_for, Access, AllowedGuilds};
use crate::error::CommandError;
use crate::seal::KeyRing;
use crate::settings::Mapping;
use crate::useapi::{OwnClients, UseapiClient, UseapiPool};

/// Whose account a server's commands spend, for `/mj-channel list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Payer {
    Own,
    Operator,
    Nobody,
}

/// Who pays for a server, without the clients: whether there is an
/// operator's account, whether servers may bring their own, and
/// `ALLOWED_GUILDS`.
#[derive(Debug, Clone, Default)]
pub(crate) struct PayerRule {
    pub operator: bool,
    pub own_accounts: bool,
    pub allowed: Option<AllowedGuilds>,
}

impl PayerRule {
    /// Who pays for `guild`'s commands, as [`UseapiAccounts::payer`] says.
    pub(crate) fn payer(&self, guild: Option<GuildId>, settings: &Mapping) -> Payer {
        let operator_allowed =
            self.operator && operator_account_for(self.allowed.as_ref(), guild, self.own_accounts);
        decide(guild, settings, self.own_accounts, operator_allowed)
    }
}

/// The one rule: a stored token pays when it can be opened, else the
/// operator's account where allowed, else nobody.
fn decide(
    guild: Option<GuildId>,
    settings: &Mapping,
    own_accounts: bool,
    operator_allowed: bool,
) -> Payer {
    let own = guild
        .and_then(|g| settings.guild(g))
        .and_then(|g| g.account.as_ref());
    if own.is_some() && own_accounts {
        Payer::Own
    } else if operator_allowed {
        Payer::Operator
    } else {
        Payer::Nobody
    }
}

pub(crate) struct UseapiAccounts {
    operator: Option<UseapiClient>,
    keys: Option<Arc<KeyRing>>,
    own: OwnClients,
}

impl UseapiAccounts {
    /// Every client is made from `pool`; the operator's is made here, once,
    /// when `USEAPI_TOKEN` is set. Servers may bring accounts of their own
    /// when there are `keys` to open their tokens.
    pub(crate) fn new(pool: UseapiPool, keys: Option<Arc<KeyRing>>) -> Self {
        let operator = pool.operator();
        Self {
            own: OwnClients::new(pool, operator.clone()),
            operator,
            keys,
        }
    }

    /// The operator's client, for work that is not a server's (the account watcher).
    pub(crate) fn operator(&self) -> Option<&UseapiClient> {
        self.operator.as_ref()
    }

    /// The key ring, when servers may keep accounts of their own.
    pub(crate) fn keys(&self) -> Option<&KeyRing> {
        self.keys.as_deref()
    }

    /// Who pays for `guild`'s commands.
    pub(crate) fn payer(
        &self,
        guild: Option<GuildId>,
        settings: &Mapping,
        access: &Access,
    ) -> Payer {
        let operator_allowed =
            self.operator.is_some() && access.operator_account_for(guild, self.keys.is_some());
        decide(guild, settings, self.keys.is_some(), operator_allowed)
    }

    /// Who pays, decided from `ALLOWED_GUILDS` as [`Self::payer`] does, for
    /// those that read it without the clients (account alerts, `check`).
    pub(crate) fn rule(&self, allowed: Option<AllowedGuilds>) -> PayerRule {
        PayerRule {
            operator: self.operator.is_some(),
            own_accounts: self.keys.is_some(),
            allowed,
        }
    }

    /// The client `guild`'s commands spend, or why there is none.
    pub(crate) fn for_guild(
        &self,
        guild: Option<GuildId>,
        settings: &Mapping,
        access: &Access,
    ) -> Result<UseapiClient, CommandError> {
        self.client_for(self.payer(guild, settings, access), guild, settings)
    }

    /// The client of `payer`, as [`Self::payer`] chose it for `guild`.
    pub(crate) fn client_for(
        &self,
        payer: Payer,
        guild: Option<GuildId>,
        settings: &Mapping,
    ) -> Result<UseapiClient, CommandError> {
        match payer {
            Payer::Operator => self.operator.clone().ok_or(CommandError::NoAccount),
            Payer::Nobody => Err(CommandError::NoAccount),
            Payer::Own => {
                let (Some(guild), Some(keys)) = (guild, &self.keys) else {
                    return Err(CommandError::NoAccount);
                };
                let account = settings
                    .guild(guild)
                    .and_then(|g| g.account.as_ref())
                    .ok_or(CommandError::NoAccount)?;
                self.own.get(guild, &account.token.sealed, || {
                    keys.open(guild, &account.token).map_err(|why| {
                        tracing::warn!(%guild, reason = %why, "this server's stored useapi token cannot be opened; its admins are told to enter it again");
                        CommandError::AccountUnreadable
                    })
                })
            }
        }
    }

    /// The client of a token an admin just entered, to check it before it
    /// is stored: the account's own, so what the check reads (its channels'
    /// `maxJobs`) serves its commands too.
    pub(crate) fn trial(&self, token: secrecy::SecretString) -> UseapiClient {
        self.own.for_token(token)
    }

    /// Forgets `guild`'s token after it changed or was cleared; its
    /// account's client stays for other servers storing the same token.
    pub(crate) fn forget(&self, guild: GuildId) {
        self.own.forget(guild);
    }
}
