//! The useapi.net Midjourney v2 client: one connection pool, one token, one
//! queue, shared by every command.
//!
//! - [`wire`]: request and response types, and their parsing
//! - [`retry`]: backoff, `Retry-After` and the time budget
//! - [`coalesce`]: identical concurrent jobs share one request
//! - [`accounts`]: the account's Midjourney channels and their cache

mod accounts;
mod coalesce;
mod error;
mod retry;
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
pub use retry::{parse_retry_after, Waiting, NOTICE_WAITS_FROM};
pub use wire::{parse_response, JobRequest, JobResponse};

use crate::config::{Config, UseapiLimits};
use crate::ids::MjChannelId;
use crate::verbs::Verb;
use accounts::AccountCache;
use coalesce::SingleFlight;
use wire::{error_from, transport_error, Answer};

type JobKey = (&'static str, Option<MjChannelId>);

/// Cheap to clone: every clone shares the pool, the queue and the caches.
#[derive(Clone)]
pub struct UseapiClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    token: SecretString,
    reply_url: Option<String>,
    limits: UseapiLimits,
    slots: Semaphore,
    waiting: AtomicUsize,
    jobs: SingleFlight<JobKey, Result<JobResponse, UseapiError>>,
    accounts: AccountCache,
}

impl UseapiClient {
    pub fn new(config: &Config) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .user_agent(concat!("mj-bridge/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(10))
            .build()?;
        Ok(Self {
            inner: Arc::new(Inner {
                http,
                base_url: config.useapi_base_url.clone(),
                token: config.useapi_token.clone(),
                reply_url: config.useapi_reply_url.clone(),
                limits: config.useapi_limits,
                slots: Semaphore::new(config.useapi_limits.max_concurrency),
                waiting: AtomicUsize::new(0),
                jobs: SingleFlight::default(),
                accounts: AccountCache::default(),
            }),
        })
    }

    /// Runs `verb` for `channel` (or the account's only channel when `None`).
    ///
    /// Concurrent calls for the same verb and channel share one upstream
    /// request (its `replyRef` is the first caller's); every caller gets the
    /// result. A call that starts after that request finished makes a new one.
    pub async fn run_job(
        &self,
        verb: Verb,
        channel: Option<&MjChannelId>,
        reply_ref: &str,
    ) -> Result<JobResponse, UseapiError> {
        self.run_job_reporting(verb, channel, reply_ref, |_| async {})
            .await
    }

    /// [`run_job`](Self::run_job), calling `on_wait` whenever the call is
    /// about to wait [`NOTICE_WAITS_FROM`] or longer before retrying (a busy
    /// useapi asks for 10 to 30 seconds), so the member can be told.
    pub async fn run_job_reporting<F, Fut>(
        &self,
        verb: Verb,
        channel: Option<&MjChannelId>,
        reply_ref: &str,
        on_wait: F,
    ) -> Result<JobResponse, UseapiError>
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
                    .run_queued(verb, channel.as_ref(), &reply_ref, &notices)
                    .await
            }
            .boxed()
        };
        self.inner
            .jobs
            .run((verb.name, channel.cloned()), start, on_wait)
            .await
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
        let answer = self.get("v2/account/midjourney", within).await?;
        if answer.status != 200 {
            return Err(error_from(answer.status, &answer.body));
        }
        let accounts = Arc::new(parse_accounts(&answer.body)?);
        self.inner.accounts.store(accounts.clone());
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
        notices: &watch::Sender<Option<Waiting>>,
    ) -> Result<JobResponse, UseapiError> {
        let _slot = match self.slots.try_acquire() {
            Ok(slot) => slot,
            Err(_) => {
                let waiting = self.waiting.fetch_add(1, Ordering::SeqCst);
                let _queued = QueuedGuard(&self.waiting);
                if waiting >= self.limits.max_queue {
                    return Err(UseapiError::QueueFull { waiting });
                }
                match self.slots.acquire().await {
                    Ok(slot) => slot,
                    Err(_closed) => return Err(UseapiError::QueueFull { waiting }),
                }
            }
        };
        retry::with_retries(verb.name, self.limits.timeout, notices, || {
            self.call_once(verb, channel, reply_ref)
        })
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
        let answer = self.send(request).await.map_err(|e| (e, None))?;
        parse_response(answer.status, &answer.body).map_err(|e| (e, answer.retry_after))
    }

    /// Sends `request` with the token and reads the whole answer.
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
        let body = response.bytes().await.map_err(transport_error)?.to_vec();
        Ok(Answer {
            status,
            retry_after,
            body,
        })
    }
}

/// Keeps the queue count right even when a waiting call is cancelled.
struct QueuedGuard<'a>(&'a AtomicUsize);

impl Drop for QueuedGuard<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}
