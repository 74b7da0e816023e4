//! What every useapi client of the process shares: one connection pool,
//! the base URL, the limits and the cap on calls in flight. Clients are
//! made from it per account: the operator's (`USEAPI_TOKEN`, when set) and
//! each account servers bring ([`super::OwnClients`]).

use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;

use super::fair::FairShares;
use super::{Inner, UseapiClient, UseapiLimits, UseapiSettings};

/// Cheap to clone: every clone shares the connection pool and the cap.
#[derive(Clone)]
pub struct UseapiPool {
    pub(super) http: reqwest::Client,
    /// The process-wide cap, shared by every account's client.
    pub(super) shares: Arc<FairShares>,
    pub(super) base_url: String,
    pub(super) reply_url: Option<String>,
    pub(super) limits: UseapiLimits,
    /// The operator's token: its account's client, and removed from every
    /// answer any client reads (see `untrusted::without_secrets`).
    operator_token: Option<SecretString>,
}

impl UseapiPool {
    pub fn new(settings: UseapiSettings) -> Result<Self, reqwest::Error> {
        let UseapiSettings {
            base_url,
            token,
            reply_url,
            limits,
            pool_idle,
        } = settings;
        let http = reqwest::Client::builder()
            .user_agent(concat!("mj-bridge/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(10))
            // More idle connections than calls allowed at once are never reused.
            .pool_max_idle_per_host(limits.max_in_flight)
            .pool_idle_timeout(pool_idle)
            .build()?;
        Ok(Self {
            http,
            shares: FairShares::new(limits.max_in_flight),
            base_url,
            reply_url,
            limits,
            operator_token: token,
        })
    }

    /// A new client for the operator's account; `None` without
    /// `USEAPI_TOKEN`. Its slots and queue are its own: make it once.
    pub fn operator(&self) -> Option<UseapiClient> {
        self.operator_token.clone().map(|token| self.client(token))
    }

    /// A new client for the account `token` opens (a server's own): the
    /// same connection pool, base URL, limits and cap on calls in flight,
    /// but its own slots, queue, coalescing and account cache, so one
    /// account's burst or slow answers never hold up another's commands.
    /// Servers that store the same token share one (see [`super::OwnClients`]).
    pub fn client(&self, token: SecretString) -> UseapiClient {
        let hidden = std::iter::once(token.clone())
            .chain(self.operator_token.clone())
            .collect();
        UseapiClient {
            inner: Arc::new(Inner::new(self.clone(), hidden, token)),
        }
    }
}
