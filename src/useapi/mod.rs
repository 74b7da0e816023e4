//! The useapi.net Midjourney v2 client: one connection pool, one token, one
//! queue, shared by every command.
//!
//! - [`wire`]: request and response types, and their parsing
//! - [`retry`]: backoff, `Retry-After` and the time budget
//! - [`coalesce`]: identical concurrent jobs share one request
//! - [`accounts`]: the account's Midjourney channels and their cache

mod accounts;
mod channel_limits;
mod coalesce;
mod error;
mod own;
mod retry;
#[cfg(test)]
mod sizes;
mod wire;

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use futures_util::FutureExt;
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::{watch, Semaphore};

pub use accounts::{parse_accounts, AccountChannel, AccountCheck};
pub use error::UseapiError;
pub use own::OwnClients;
pub use retry::{parse_retry_after, Budget, Waiting, ANSWER_WITHIN, NOTICE_WAITS_FROM};
pub use wire::{parse_response, JobRequest, JobResponse};

use crate::ids::MjChannelId;
use crate::verbs::Verb;
use accounts::AccountCache;
use channel_limits::ChannelLimits;
use coalesce::SingleFlight;
use wire::{error_from, transport_error, Answer};

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
    /// Jobs in flight at once.
    pub max_concurrency: usize,
    /// Jobs waiting for a slot before new ones are turned away.
    pub max_queue: usize,
}

/// What the client needs, and nothing else: `main` builds it from the
/// configuration, tests build it directly.
#[derive(Debug, Clone)]
pub struct UseapiSettings {
    /// Without a trailing slash.
    pub base_url: String,
    pub token: SecretString,
    /// Sent as `replyUrl` with every job.
    pub reply_url: Option<String>,
    pub limits: UseapiLimits,
    /// How long an unused connection stays open.
    pub pool_idle: Duration,
}

/// Cheap to clone: every clone shares the pool, the queue and the caches.
#[derive(Clone)]
pub struct UseapiClient {
    inner: Arc<Inner>,
}

/// Calls in flight at once across every account this process spends, each
/// account also keeping to its own `USEAPI_MAX_CONCURRENCY`.
pub const MAX_CALLS_IN_FLIGHT: usize = 256;

struct Inner {
    http: reqwest::Client,
    /// Shared by the operator's client and every server's own: held for
    /// one attempt at a time, never across a backoff.
    in_flight: Arc<Semaphore>,
    base_url: String,
    token: SecretString,
    /// Removed from every answer before it is read: this client's token and
    /// the operator's (see `text::without_secrets`).
    hidden: Vec<SecretString>,
    reply_url: Option<String>,
    limits: UseapiLimits,
    slots: Semaphore,
    waiting: AtomicUsize,
    jobs: SingleFlight<JobKey, JobResult>,
    accounts: AccountCache,
    /// Each Midjourney channel's `maxJobs`, once the account list was read.
    channel_limits: ChannelLimits,
}

impl UseapiClient {
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
            .pool_max_idle_per_host(limits.max_concurrency)
            .pool_idle_timeout(pool_idle)
            .build()?;
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                in_flight: Arc::new(Semaphore::new(MAX_CALLS_IN_FLIGHT)),
                base_url,
                hidden: vec![token.clone()],
                token,
                reply_url,
                limits,
                slots: Semaphore::new(limits.max_concurrency),
                waiting: AtomicUsize::new(0),
                jobs: SingleFlight::default(),
                accounts: AccountCache::default(),
                channel_limits: ChannelLimits::default(),
            }),
        })
    }

    /// A client for another account (a server's own token): the same
    /// connection pool, base URL, limits and cap on calls in flight, but its
    /// own slots, queue, coalescing and account cache, so one account's
    /// burst or slow answers never hold up another's commands.
    #[must_use]
    pub fn for_token(&self, token: SecretString) -> Self {
        let inner = &self.inner;
        Self {
            inner: Arc::new(Inner {
                http: inner.http.clone(),
                in_flight: inner.in_flight.clone(),
                base_url: inner.base_url.clone(),
                hidden: vec![token.clone(), inner.token.clone()],
                token,
                reply_url: inner.reply_url.clone(),
                limits: inner.limits,
                slots: Semaphore::new(inner.limits.max_concurrency),
                waiting: AtomicUsize::new(0),
                jobs: SingleFlight::default(),
                accounts: AccountCache::default(),
                channel_limits: ChannelLimits::default(),
            }),
        }
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
        self.inner.channel_limits.update(&accounts);
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
            Ok(answer) => {
                AccountCheck::Unverified(error_from(answer.status, &answer.body).to_string())
            }
            Err(err) => AccountCheck::Unverified(err.to_string()),
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

impl Inner {
    /// Waits for one of `max_concurrency` slots, or refuses at once when the
    /// queue is full, so a member is told instead of left waiting.
    async fn run_queued(
        &self,
        verb: Verb,
        channel: Option<&MjChannelId>,
        reply_ref: &str,
        budget: Budget,
        notices: &watch::Sender<Option<Waiting>>,
    ) -> Result<JobResponse, UseapiError> {
        let _slot = if let Ok(slot) = self.slots.try_acquire() {
            slot
        } else {
            let waiting = self.waiting.fetch_add(1, Ordering::SeqCst);
            let _queued = QueuedGuard(&self.waiting);
            if waiting >= self.limits.max_queue {
                return Err(UseapiError::QueueFull { waiting });
            }
            // Time spent in the queue counts against the member's budget.
            match tokio::time::timeout_at(budget.deadline, self.slots.acquire()).await {
                Ok(Ok(slot)) => slot,
                Ok(Err(_closed)) => return Err(UseapiError::QueueFull { waiting }),
                Err(_elapsed) => return Err(budget.timed_out()),
            }
        };
        // A toggle sent twice undoes itself: it is only sent again when
        // useapi surely did not act on the first one.
        let retryable = if verb.idempotent {
            UseapiError::is_retryable
        } else {
            UseapiError::surely_not_received
        };
        // Boxed: a job waiting for a slot then holds only the wait, not
        // room for the HTTP call's 1 KB future (BENCHMARKS.md, round two).
        Box::pin(retry::with_retries(
            verb.name,
            budget,
            retryable,
            notices,
            || self.call_once(verb, channel, reply_ref),
        ))
        .await
    }

    /// One HTTP request; a failure comes with the server's `Retry-After`, if any.
    async fn call_once(
        &self,
        verb: Verb,
        channel: Option<&MjChannelId>,
        reply_ref: &str,
    ) -> Result<JobResponse, retry::Failure> {
        let body = JobRequest {
            channel: channel.map(MjChannelId::as_str),
            reply_ref,
            reply_url: self.reply_url.as_deref(),
        };
        let request = self
            .http
            .post(format!("{}/{}", self.base_url, verb.path))
            .json(&body);
        // One attempt at a time holds the channel's slot and the global one,
        // never a backoff between attempts.
        let _channel = match channel {
            Some(channel) => self.channel_limits.acquire(channel.as_str()).await,
            None => None,
        };
        // Never closed, so the permit is always granted.
        let _call = self.in_flight.acquire().await.ok();
        let answer = self.send(request).await.map_err(|e| (e, None))?;
        parse_response(answer.status, &answer.body).map_err(|e| (e, answer.retry_after))
    }

    /// Sends `request` with the token and reads the answer, at most
    /// [`MAX_BODY`] of it, with any echo of a token removed.
    async fn send(&self, request: reqwest::RequestBuilder) -> Result<Answer, UseapiError> {
        let response = request
            .bearer_auth(self.token.expose_secret())
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(transport_error)?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| parse_retry_after(value, SystemTime::now()));
        let body = read_at_most(response, MAX_BODY).await?;
        let hidden: Vec<&[u8]> = self
            .hidden
            .iter()
            .map(|token| token.expose_secret().as_bytes())
            .collect();
        let body = crate::text::without_secrets(body, &hidden);
        Ok(Answer {
            status,
            retry_after,
            body,
        })
    }
}

/// The body of `response`, refused as soon as it is known to exceed `max`
/// bytes: from its Content-Length, or while streaming it.
async fn read_at_most(mut response: reqwest::Response, max: usize) -> Result<Vec<u8>, UseapiError> {
    let status = response.status().as_u16();
    let too_large = || {
        UseapiError::invalid_body(
            status,
            &format!("the body is larger than {} KiB", max / 1024),
        )
    };
    if response
        .content_length()
        .is_some_and(|length| usize::try_from(length).map_or(true, |length| length > max))
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
        if chunk.len() > max.saturating_sub(body.len()) {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Keeps the queue count right even when a waiting call is cancelled.
struct QueuedGuard<'a>(&'a AtomicUsize);

impl Drop for QueuedGuard<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}
