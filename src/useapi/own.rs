//! One client per useapi account that servers bring, made on first use from
//! the [`UseapiPool`] (one connection pool for all) and dropped when
//! idle, so what is kept grows with the accounts in use, never with
//! commands.
//!
//! The account is the unit: servers storing the same token share one
//! client, so its slots, queue and coalescing, as useapi counts them. Each
//! server stores its token sealed for itself, so the same token is sealed
//! differently in every server; each server's sealed form is remembered
//! with the account it opened to, and a token is only opened (AES-GCM) for
//! a server's first command, or when its stored token changed.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use secrecy::SecretString;
use serenity::all::GuildId;

use super::fair::AccountKey;
use super::{UseapiClient, UseapiPool};

/// A client unused this long is dropped (its queue and caches with it).
const IDLE: Duration = Duration::from_secs(30 * 60);
/// Idle clients are looked for at most this often, not on every new one.
const SWEEP_EVERY: Duration = Duration::from_secs(60);
/// At most this many clients are kept; beyond it the least recently used goes.
const MAX_CLIENTS: usize = 10_000;

struct Own {
    client: UseapiClient,
    used: Instant,
}

/// A server's stored token: the sealed form it was opened from (a new
/// token makes a new entry) and the account it is.
struct Sealed {
    sealed: String,
    account: AccountKey,
}

struct State {
    accounts: HashMap<AccountKey, Own>,
    /// Only servers whose account has a client here (or is the operator's).
    guilds: HashMap<GuildId, Sealed>,
    swept: Instant,
}

pub struct OwnClients {
    pool: UseapiPool,
    /// The operator's client: a server storing the operator's token shares it.
    operator: Option<UseapiClient>,
    state: Mutex<State>,
}

impl OwnClients {
    pub fn new(pool: UseapiPool, operator: Option<UseapiClient>) -> Self {
        Self {
            pool,
            operator,
            state: Mutex::new(State {
                accounts: HashMap::new(),
                guilds: HashMap::new(),
                swept: Instant::now(),
            }),
        }
    }

    /// `guild`'s client for the token sealed as `sealed`; `open` is called
    /// only when this server's sealed token has not been opened yet.
    pub fn get<E>(
        &self,
        guild: GuildId,
        sealed: &str,
        open: impl FnOnce() -> Result<SecretString, E>,
    ) -> Result<UseapiClient, E> {
        let now = Instant::now();
        let mut state = self.lock();
        let known = state
            .guilds
            .get(&guild)
            .filter(|known| known.sealed == sealed)
            .map(|known| known.account);
        if let Some(client) = known.and_then(|account| self.find(&mut state, account, now)) {
            return Ok(client);
        }
        let token = open()?;
        let client = self.client_for(&mut state, token, now);
        state.guilds.insert(
            guild,
            Sealed {
                sealed: sealed.to_owned(),
                account: client.account(),
            },
        );
        Ok(client)
    }

    /// The client of the account `token` opens, shared with the servers
    /// that store it (for a token an admin just entered, to check it).
    pub fn for_token(&self, token: SecretString) -> UseapiClient {
        let now = Instant::now();
        let mut state = self.lock();
        self.client_for(&mut state, token, now)
    }

    /// Forgets `guild`'s token (it was changed or cleared); the account's
    /// client stays for the other servers storing it, until idle.
    pub fn forget(&self, guild: GuildId) {
        self.lock().guilds.remove(&guild);
    }

    /// The client of `account`, if there is one, marked as used.
    fn find(&self, state: &mut State, account: AccountKey, now: Instant) -> Option<UseapiClient> {
        if let Some(operator) = self
            .operator
            .as_ref()
            .filter(|operator| operator.account() == account)
        {
            return Some(operator.clone());
        }
        let own = state.accounts.get_mut(&account)?;
        own.used = now;
        Some(own.client.clone())
    }

    fn client_for(&self, state: &mut State, token: SecretString, now: Instant) -> UseapiClient {
        let account = AccountKey::of(&token);
        if let Some(client) = self.find(state, account, now) {
            return client;
        }
        state.drop_idle(now);
        let client = self.pool.client(token);
        state.accounts.insert(
            account,
            Own {
                client: client.clone(),
                used: now,
            },
        );
        client
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl State {
    /// Drops clients unused for [`IDLE`] (at most every [`SWEEP_EVERY`]),
    /// and the least recently used when [`MAX_CLIENTS`] are kept, with the
    /// servers' entries that lead to them.
    fn drop_idle(&mut self, now: Instant) {
        let before = self.accounts.len();
        if now.duration_since(self.swept) >= SWEEP_EVERY {
            self.swept = now;
            self.accounts
                .retain(|_, own| now.duration_since(own.used) < IDLE);
        }
        if self.accounts.len() >= MAX_CLIENTS {
            let oldest = self
                .accounts
                .iter()
                .min_by_key(|(_, own)| own.used)
                .map(|(account, _)| *account);
            if let Some(oldest) = oldest {
                self.accounts.remove(&oldest);
            }
        }
        if self.accounts.len() < before {
            let accounts = &self.accounts;
            self.guilds
                .retain(|_, known| accounts.contains_key(&known.account));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::sync::Arc;

    use super::*;
    use crate::useapi::{UseapiLimits, UseapiSettings};

    const OPERATOR: &str = "operator-token";

    fn own_clients() -> OwnClients {
        let pool = UseapiPool::new(UseapiSettings {
            base_url: "http://127.0.0.1:9".into(),
            token: Some(SecretString::from(OPERATOR.to_owned())),
            reply_url: None,
            limits: UseapiLimits {
                timeout: Duration::from_secs(60),
                max_concurrency: None,
                max_queue: 500,
                max_in_flight: 256,
            },
            pool_idle: Duration::from_secs(30),
        })
        .unwrap();
        let operator = pool.operator();
        OwnClients::new(pool, operator)
    }

    fn same(a: &UseapiClient, b: &UseapiClient) -> bool {
        Arc::ptr_eq(&a.inner, &b.inner)
    }

    /// Opens to `token`, counting the openings in `opened`.
    fn opens<'a>(
        token: &'a str,
        opened: &'a Cell<usize>,
    ) -> impl FnOnce() -> Result<SecretString, ()> + 'a {
        move || {
            opened.set(opened.get() + 1);
            Ok(SecretString::from(token.to_owned()))
        }
    }

    #[test]
    fn servers_storing_the_same_token_share_one_client_and_each_opens_it_once() {
        let own = own_clients();
        let opened = Cell::new(0);
        let (one, two) = (GuildId::new(1), GuildId::new(2));
        let a = own
            .get(one, "sealed for 1", opens("token", &opened))
            .unwrap();
        let b = own
            .get(two, "sealed for 2", opens("token", &opened))
            .unwrap();
        assert!(same(&a, &b));
        assert_eq!(opened.get(), 2);

        let again = own
            .get(one, "sealed for 1", opens("token", &opened))
            .unwrap();
        assert!(same(&a, &again));
        assert_eq!(opened.get(), 2, "a known sealed token is not opened again");
        assert!(same(
            &a,
            &own.for_token(SecretString::from("token".to_owned()))
        ));

        let changed = own
            .get(one, "sealed anew", opens("another", &opened))
            .unwrap();
        assert!(!same(&a, &changed));
        let operators = own
            .get(two, "sealed anew", opens(OPERATOR, &opened))
            .unwrap();
        assert!(same(&operators, own.operator.as_ref().unwrap()));
    }

    #[test]
    fn an_idle_client_is_dropped_with_the_servers_entries_leading_to_it() {
        let own = own_clients();
        let opened = Cell::new(0);
        let guild = GuildId::new(1);
        own.get(guild, "sealed", opens("token", &opened)).unwrap();
        let later = Instant::now() + IDLE + SWEEP_EVERY;
        own.lock().drop_idle(later);
        assert!(own.lock().accounts.is_empty());
        assert!(own.lock().guilds.is_empty());
        own.get(guild, "sealed", opens("token", &opened)).unwrap();
        assert_eq!(opened.get(), 2);
    }
}
