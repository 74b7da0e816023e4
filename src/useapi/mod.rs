//! The useapi.net Midjourney v2 client: one connection pool for every
//! account, and per account (token) one queue, one set of slots and one
//! coalescing, shared by every command that spends it.
//!
//! - [`wire`]: request and response types, and their parsing
//! - [`calls`]: a job's attempts, what each holds, and the HTTP call
//! - [`retry`]: backoff, `Retry-After` and the time budget
//! - [`coalesce`]: identical concurrent jobs share one request
//! - [`accounts`]: the account's Midjourney channels and their cache
//! - [`slots`], [`fair`]: the channel's, the account's and the process's
//!   limits on calls in flight, the last shared fairly between accounts
//! - [`own`]: one client per account that servers bring

mod accounts;
mod calls;
mod channel_limits;
mod coalesce;
mod error;
mod fair;
mod own;
mod pool;
mod retry;
#[cfg(test)]
mod sizes;
mod slots;
mod wire;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use futures_util::FutureExt;
use secrecy::SecretString;

pub use accounts::{parse_accounts, AccountChannel, AccountCheck};
pub use error::{Meaning, UseapiError};

/// Whose useapi account something is about: the fix of a whole-account
/// trouble (a refused token, a lapsed subscription) is the bot owner's for
/// the operator's, a server admin's for a server's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    Operator,
    Own,
}
pub use fair::AccountId;
pub use own::OwnClients;
pub use pool::UseapiPool;
pub use retry::{parse_retry_after, Budget, Waiting, ANSWER_WITHIN, NOTICE_WAITS_FROM};
pub use wire::{parse_response, JobRequest, JobResponse};

use crate::ids::MjChannelId;
use crate::verbs::Verb;
use accounts::AccountCache;
use coalesce::SingleFlight;
use fair::AccountKey;
use slots::Slots;
use wire::{error_from, Answer};

type JobKey = (&'static str, Option<MjChannelId>);
/// Shared by every caller of a coalesced job, so nobody holds a copy.
pub type JobResult = Result<Arc<JobResponse>, UseapiError>;

/// A body larger than this is not a useapi answer; it is never read whole.
pub const MAX_BODY: usize = 1024 * 1024;

/// Limits of the useapi client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UseapiLimits {
    /// Total time for one job, retries included.
    pub timeout: Duration,
    /// `USEAPI_MAX_CONCURRENCY`: one account's calls in flight at most.
    /// `None`: what useapi allows the account (see `slots.rs`).
    pub max_concurrency: Option<usize>,
    /// Jobs of one account waiting (for a slot or a retry) before new ones
    /// are turned away.
    pub max_queue: usize,
    /// Calls in flight at once across every account, shared fairly.
    pub max_in_flight: usize,
}

/// What the clients need, and nothing else: `main` builds it from the
/// configuration, tests build it directly.
#[derive(Debug, Clone)]
pub struct UseapiSettings {
    /// Without a trailing slash.
    pub base_url: String,
    /// The operator's `USEAPI_TOKEN`; `None` when only servers' own
    /// accounts are spent.
    pub token: Option<SecretString>,
    /// Sent as `replyUrl` with every job.
    pub reply_url: Option<String>,
    pub limits: UseapiLimits,
    /// How long an unused connection stays open.
    pub pool_idle: Duration,
}

/// One account's client. Cheap to clone: every clone shares the queue and
/// the caches (and, with every other account's client, the [`UseapiPool`]).
#[derive(Clone)]
pub struct UseapiClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    /// Removed from every answer before it is read: this client's token and
    /// the operator's (see `untrusted::without_secrets`).
    hidden: Vec<SecretString>,
    token: SecretString,
    account: AccountKey,
    reply_url: Option<String>,
    limits: UseapiLimits,
    /// The account's channels', its own and its share of the global limits.
    slots: Slots,
    jobs: SingleFlight<JobKey, JobResult>,
    accounts: AccountCache,
}

impl Inner {
    fn new(pool: UseapiPool, hidden: Vec<SecretString>, token: SecretString) -> Self {
        let account = AccountKey::of(&token);
        Self {
            slots: Slots::new(account, &pool.limits, pool.shares),
            http: pool.http,
            base_url: pool.base_url,
            hidden,
            token,
            account,
            reply_url: pool.reply_url,
            limits: pool.limits,
            jobs: SingleFlight::default(),
            accounts: AccountCache::default(),
        }
    }
}

impl UseapiClient {
    /// Which account this client spends.
    fn account(&self) -> AccountKey {
        self.inner.account
    }

    /// Which account this client spends, as account health names it.
    pub fn account_id(&self) -> AccountId {
        self.inner.account.id()
    }

    /// The budget of a command received at `received` (see [`Budget::for_command`]).
    pub fn budget_for(&self, received: tokio::time::Instant) -> Budget {
        Budget::for_command(received, self.inner.limits.timeout)
    }

    /// Runs `verb` for `channel` (or the account's only channel when
    /// `None`), for a command typed now.
    pub async fn run_job(
        &self,
        verb: Verb,
        channel: Option<&MjChannelId>,
        reply_ref: &str,
    ) -> JobResult {
        let budget = Budget::from_now(self.inner.limits.timeout);
        self.run_job_reporting(verb, channel, reply_ref, budget, |_| async {})
            .await
    }

    /// Runs a job within `budget`, calling `on_wait` whenever the call is
    /// about to wait [`NOTICE_WAITS_FROM`] or longer before retrying (a busy
    /// useapi asks for 10 to 30 seconds), so the member can be told.
    ///
    /// Concurrent calls of an idempotent verb for the same channel share one
    /// upstream request (its `replyRef` is the first caller's); every caller
    /// gets the result. A toggle (`/variability`) is never shared: two
    /// members typing it mean two calls.
    pub async fn run_job_reporting<F, Fut>(
        &self,
        verb: Verb,
        channel: Option<&MjChannelId>,
        reply_ref: &str,
        budget: Budget,
        on_wait: F,
    ) -> JobResult
    where
        F: FnMut(Waiting) -> Fut,
        Fut: Future<Output = ()>,
    {
        let start = |notices| {
            let inner = self.inner.clone();
            let channel = channel.cloned();
            let reply_ref = reply_ref.to_owned();
            async move {
                inner
                    .run_queued(verb, channel.as_ref(), &reply_ref, budget, &notices)
                    .await
                    .map(Arc::new)
            }
            .boxed()
        };
        let key = verb.idempotent.then(|| (verb.name, channel.cloned()));
        self.inner.jobs.run(key, start, on_wait).await
    }

    /// The account's configured Midjourney channels, cached for a minute.
    /// Errors are not cached.
    pub async fn account_channels(
        &self,
        within: Duration,
    ) -> Result<Arc<Vec<AccountChannel>>, UseapiError> {
        if let Some(accounts) = self.inner.accounts.fresh() {
            return Ok(accounts);
        }
        self.fetch_account_channels(within).await
    }

    /// The account's configured Midjourney channels, asked of useapi now
    /// (the account watcher must see a change at once); refreshes the cache.
    pub async fn fetch_account_channels(
        &self,
        within: Duration,
    ) -> Result<Arc<Vec<AccountChannel>>, UseapiError> {
        let answer = self.get("v2/account/midjourney", within).await?;
        if answer.status != 200 {
            return Err(error_from(answer.status, &answer.body));
        }
        let accounts = Arc::new(parse_accounts(&answer.body)?);
        self.inner.accounts.store(accounts.clone());
        self.inner.slots.learn(&accounts);
        Ok(accounts)
    }

    /// Asks useapi whether `channel` has a Midjourney account configured.
    pub async fn check_channel(&self, channel: &MjChannelId, within: Duration) -> AccountCheck {
        match self
            .get(&format!("v2/account/midjourney/{channel}"), within)
            .await
        {
            Ok(Answer { status: 200, .. }) => AccountCheck::Configured,
            Ok(Answer { status: 404, .. }) => AccountCheck::NotConfigured,
            Ok(answer) => AccountCheck::Unverified(error_from(answer.status, &answer.body)),
            Err(err) => AccountCheck::Unverified(err),
        }
    }

    /// Resets `channel`'s `pendingModMessage` (`POST
    /// /v2/account/midjourney/{channel}/reset`), once someone resolved the
    /// moderation message or CAPTCHA in Midjourney's channel: useapi sends
    /// its jobs again. 204 is done; anything else is the error. Never
    /// retried here: the admin who asked is told, and may ask again.
    pub async fn reset_channel(
        &self,
        channel: &MjChannelId,
        within: Duration,
    ) -> Result<(), UseapiError> {
        let request = self.inner.http.post(format!(
            "{}/v2/account/midjourney/{channel}/reset",
            self.inner.base_url
        ));
        let answer = tokio::time::timeout(within, self.inner.send(request))
            .await
            .unwrap_or(Err(UseapiError::Timeout(within)))?;
        match answer.status {
            200..=299 => Ok(()),
            status => Err(error_from(status, &answer.body)),
        }
    }

    async fn get(&self, path: &str, within: Duration) -> Result<Answer, UseapiError> {
        let request = self
            .inner
            .http
            .get(format!("{}/{path}", self.inner.base_url));
        tokio::time::timeout(within, self.inner.send(request))
            .await
            .unwrap_or(Err(UseapiError::Timeout(within)))
    }
}
