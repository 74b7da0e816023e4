//! One client per server that spends its own useapi.net account, made on
//! first use from the operator's template (one connection pool for all)
//! and dropped when idle, so what is kept grows with the servers in use,
//! never with commands.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use secrecy::SecretString;
use serenity::all::GuildId;

use super::UseapiClient;

/// A client unused this long is dropped (its queue and caches with it).
const IDLE: Duration = Duration::from_secs(30 * 60);
/// At most this many clients are kept; beyond it the least recently used goes.
const MAX_CLIENTS: usize = 10_000;

struct Own {
    /// The sealed form it was made from: a new token makes a new client.
    sealed: String,
    client: UseapiClient,
    used: Instant,
}

pub struct OwnClients {
    template: UseapiClient,
    clients: Mutex<HashMap<GuildId, Own>>,
}

impl OwnClients {
    pub fn new(template: UseapiClient) -> Self {
        Self {
            template,
            clients: Mutex::default(),
        }
    }

    /// `guild`'s client for the token sealed as `sealed`; `open` is called
    /// only when there is none yet for that token.
    pub fn get<E>(
        &self,
        guild: GuildId,
        sealed: &str,
        open: impl FnOnce() -> Result<SecretString, E>,
    ) -> Result<UseapiClient, E> {
        let now = Instant::now();
        let mut clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(own) = clients.get_mut(&guild).filter(|own| own.sealed == sealed) {
            own.used = now;
            return Ok(own.client.clone());
        }
        let client = self.template.for_token(open()?);
        clients.retain(|_, own| now.duration_since(own.used) < IDLE);
        if clients.len() >= MAX_CLIENTS {
            let oldest = clients
                .iter()
                .min_by_key(|(_, own)| own.used)
                .map(|(g, _)| *g);
            if let Some(oldest) = oldest {
                clients.remove(&oldest);
            }
        }
        clients.insert(
            guild,
            Own {
                sealed: sealed.to_owned(),
                client: client.clone(),
                used: now,
            },
        );
        Ok(client)
    }

    /// The client every other is made from.
    pub fn template(&self) -> &UseapiClient {
        &self.template
    }

    /// Forgets `guild`'s client (its token was cleared).
    pub fn forget(&self, guild: GuildId) {
        self.clients
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&guild);
    }
}
