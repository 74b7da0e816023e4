//! Typed client for the useapi.net Midjourney v2 job endpoints.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use futures_util::future::{BoxFuture, FutureExt, Shared};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use tokio::sync::{watch, Semaphore};
use tokio::time::Instant;

use crate::config::Config;
use crate::ids::MjChannelId;

/// One Midjourney command the bot relays. Registration, dispatch, help and
/// the endpoint all come from [`Verb::ALL`], so a new verb is one line there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verb {
    /// The Discord slash command name.
    pub name: &'static str,
    pub description: &'static str,
    /// Path below the base URL.
    pub path: &'static str,
}

impl Verb {
    /// Every useapi v2 job endpoint that takes `{channel, replyUrl, replyRef}`
    /// and answers with a `completedResponse`.
    pub const ALL: &'static [Verb] = &[
        Verb::new("fast", "Switch Midjourney to fast mode", "v2/jobs/fast"),
        Verb::new(
            "relax",
            "Switch Midjourney to relax mode (unlimited, slower)",
            "v2/jobs/relax",
        ),
        Verb::new(
            "turbo",
            "Switch Midjourney to turbo mode (fastest, uses more GPU time)",
            "v2/jobs/turbo",
        ),
        Verb::new(
            "info",
            "Show the Midjourney account's info panel",
            "v2/jobs/info",
        ),
        Verb::new(
            "variability",
            "Toggle Midjourney's high variability mode",
            "v2/jobs/variability",
        ),
    ];

    pub const FAST: Verb = Verb::ALL[0];

    const fn new(name: &'static str, description: &'static str, path: &'static str) -> Self {
        Self {
            name,
            description,
            path,
        }
    }

    pub fn by_name(name: &str) -> Option<Verb> {
        Self::ALL.iter().copied().find(|verb| verb.name == name)
    }
}

/// One Midjourney account configured at useapi.net, from
/// `GET /v2/account/midjourney` (object keyed by channel id; see `parse_accounts`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountChannel {
    pub channel: String,
    pub server: Option<String>,
    /// useapi refuses jobs for this account until someone resolves it.
    pub pending_moderation: bool,
}

/// Whether useapi.net knows a Midjourney channel (`GET /v2/account/midjourney/{channel}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountCheck {
    Configured,
    NotConfigured,
    /// useapi could not be asked; the reason is for the admin.
    Unverified(String),
}

/// How long the account list is reused: admins type ids in bursts.
const ACCOUNTS_TTL: Duration = Duration::from_secs(60);

/// The request body of `POST /v2/jobs/{verb}`.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct JobRequest<'a> {
    /// Left out when nothing is mapped: useapi then uses the account's only Midjourney channel.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<&'a str>,
    #[serde(rename = "replyRef")]
    pub reply_ref: &'a str,
    #[serde(rename = "replyUrl", skip_serializing_if = "Option::is_none")]
    pub reply_url: Option<&'a str>,
}

/// useapi's `completedResponse`; every field is optional in its spec, and
/// unknown fields are ignored so additions upstream do not break the bot.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct JobResponse {
    pub jobid: Option<String>,
    pub verb: Option<String>,
    pub status: Option<String>,
    pub content: Option<String>,
    #[serde(default)]
    pub embeds: Vec<serde_json::Value>,
    #[serde(rename = "replyRef")]
    pub reply_ref: Option<String>,
    pub error: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    error: Option<String>,
    #[serde(rename = "errorDetails")]
    error_details: Option<serde_json::Value>,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum UseapiError {
    /// Any non-200 answer; `error` is useapi's own explanation when it sent one.
    #[error("useapi.net answered HTTP {status}{}", detail(error))]
    Status { status: u16, error: Option<String> },
    /// HTTP 200 whose job ended in `status: failed` (or another non-completed state).
    #[error("the Midjourney job ended with status `{job_status}`{}", detail(error))]
    JobFailed {
        job_status: String,
        error: Option<String>,
    },
    #[error("useapi.net did not answer within {} seconds", .0.as_secs())]
    Timeout(Duration),
    #[error("could not connect to useapi.net")]
    Connect(#[source] Arc<reqwest::Error>),
    #[error("the connection to useapi.net failed")]
    Transport(#[source] Arc<reqwest::Error>),
    #[error(
        "useapi.net answered HTTP {status} with a body that is not the documented JSON: {reason}"
    )]
    InvalidBody { status: u16, reason: String },
    /// More commands are waiting for a free slot than `USEAPI_MAX_QUEUE` allows.
    #[error("{waiting} commands are already waiting for useapi.net")]
    QueueFull { waiting: usize },
}

impl UseapiError {
    /// The HTTP status useapi answered with, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Status { status, .. } | Self::InvalidBody { status, .. } => Some(*status),
            Self::JobFailed { .. } => Some(200),
            _ => None,
        }
    }

    /// Worth another try: useapi is busy or briefly down, or the connection
    /// failed. 400, 401, 402 and 596 need a human, so they are never retried.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Self::Status {
                status: 429 | 500 | 502 | 503 | 504,
                ..
            } | Self::Connect(_)
                | Self::Transport(_)
        )
    }
}

fn detail(error: &Option<String>) -> String {
    match error {
        Some(text) => format!(": {text}"),
        None => String::new(),
    }
}

/// Limits of the client, from the environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Total time for one job, retries included.
    pub timeout: Duration,
    /// Jobs in flight at once.
    pub max_concurrency: usize,
    /// Jobs waiting for a slot before new ones are turned away.
    pub max_queue: usize,
}

/// Exponential backoff with full jitter (AWS architecture blog): a random
/// wait between zero and `FIRST_BACKOFF * 2^(retry-1)`, capped.
const FIRST_BACKOFF: Duration = Duration::from_millis(500);
const MAX_BACKOFF: Duration = Duration::from_secs(8);
const MAX_ATTEMPTS: u32 = 5;

type JobKey = (&'static str, Option<MjChannelId>);
type SharedJob = Shared<BoxFuture<'static, Result<JobResponse, UseapiError>>>;

/// A job in flight and its retry notices, shared by every caller waiting on it.
#[derive(Clone)]
struct InFlightJob {
    result: SharedJob,
    waits: watch::Receiver<Option<Waiting>>,
}

/// A call that will wait before trying again, long enough to tell the member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiting {
    /// The status that made it wait; `None` when useapi could not be reached.
    pub status: Option<u16>,
    pub retry_in: Duration,
}

/// Shorter waits are not worth a message.
const NOTICE_WAITS_FROM: Duration = Duration::from_secs(5);

/// Shared by every command: one connection pool, one token, one queue.
#[derive(Clone)]
pub struct UseapiClient {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    token: SecretString,
    reply_url: Option<String>,
    limits: Limits,
    slots: Semaphore,
    waiting: AtomicUsize,
    /// Jobs in flight by verb and channel, so identical concurrent commands share one call.
    in_flight: Mutex<HashMap<JobKey, InFlightJob>>,
    accounts: Mutex<Option<(Instant, Arc<Vec<AccountChannel>>)>>,
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
                in_flight: Mutex::default(),
                accounts: Mutex::default(),
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
        mut on_wait: F,
    ) -> Result<JobResponse, UseapiError>
    where
        F: FnMut(Waiting) -> Fut,
        Fut: Future<Output = ()>,
    {
        let key: JobKey = (verb.name, channel.cloned());
        let job = self
            .in_flight()
            .entry(key.clone())
            .or_insert_with(|| {
                let inner = self.inner.clone();
                let channel = channel.cloned();
                let reply_ref = reply_ref.to_owned();
                let (notices, waits) = watch::channel(None);
                let result = async move {
                    inner
                        .run_queued(verb, channel.as_ref(), &reply_ref, &notices)
                        .await
                }
                .boxed()
                .shared();
                InFlightJob { result, waits }
            })
            .clone();
        let (mut result, mut waits) = (job.result.clone(), job.waits);
        let result = loop {
            tokio::select! {
                result = &mut result => break result,
                Ok(()) = waits.changed() => {
                    let waiting = *waits.borrow_and_update();
                    if let Some(waiting) = waiting {
                        on_wait(waiting).await;
                    }
                }
            }
        };
        let mut in_flight = self.in_flight();
        if in_flight
            .get(&key)
            .is_some_and(|current| current.result.ptr_eq(&job.result))
        {
            in_flight.remove(&key);
        }
        result
    }

    fn in_flight(&self) -> MutexGuard<'_, HashMap<JobKey, InFlightJob>> {
        self.inner
            .in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The account's configured Midjourney channels, cached for a minute.
    /// Errors are not cached.
    pub async fn account_channels(
        &self,
        within: Duration,
    ) -> Result<Arc<Vec<AccountChannel>>, UseapiError> {
        let cached = self
            .inner
            .accounts
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some((fetched, accounts)) = cached {
            if fetched.elapsed() < ACCOUNTS_TTL {
                return Ok(accounts);
            }
        }
        let (status, body) = self.get("v2/account/midjourney", within).await?;
        if status != 200 {
            return Err(error_from(status, &body));
        }
        let accounts = Arc::new(parse_accounts(&body)?);
        *self
            .inner
            .accounts
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some((Instant::now(), accounts.clone()));
        Ok(accounts)
    }

    /// Asks useapi whether `channel` has a Midjourney account configured.
    pub async fn check_channel(&self, channel: &MjChannelId, within: Duration) -> AccountCheck {
        match self
            .get(&format!("v2/account/midjourney/{channel}"), within)
            .await
        {
            Ok((200, _)) => AccountCheck::Configured,
            Ok((404, _)) => AccountCheck::NotConfigured,
            Ok((status, body)) => AccountCheck::Unverified(error_from(status, &body).to_string()),
            Err(err) => AccountCheck::Unverified(err.to_string()),
        }
    }

    async fn get(&self, path: &str, within: Duration) -> Result<(u16, Vec<u8>), UseapiError> {
        let request = self
            .inner
            .http
            .get(format!("{}/{path}", self.inner.base_url));
        let answer = tokio::time::timeout(within, self.inner.send(request))
            .await
            .unwrap_or(Err(UseapiError::Timeout(within)))?;
        Ok((answer.status, answer.body))
    }
}

/// useapi documents an object keyed by channel id; an array of account
/// objects is accepted too. Entries without a channel id are skipped, and
/// unknown fields are ignored.
pub fn parse_accounts(body: &[u8]) -> Result<Vec<AccountChannel>, UseapiError> {
    let invalid = |reason: String| UseapiError::InvalidBody {
        status: 200,
        reason,
    };
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| invalid(e.to_string()))?;
    let entries: Vec<(Option<&str>, &serde_json::Value)> = match &value {
        serde_json::Value::Object(map) => {
            map.iter().map(|(key, v)| (Some(key.as_str()), v)).collect()
        }
        serde_json::Value::Array(items) => items.iter().map(|v| (None, v)).collect(),
        _ => return Err(invalid("expected an object of Midjourney accounts".into())),
    };
    let mut accounts: Vec<AccountChannel> = entries
        .into_iter()
        .filter_map(|(key, entry)| {
            let channel = entry
                .get("channel")
                .and_then(|c| c.as_str())
                .or(key)?
                .to_owned();
            Some(AccountChannel {
                channel,
                server: entry
                    .get("server")
                    .and_then(|s| s.as_str())
                    .map(str::to_owned),
                pending_moderation: entry
                    .get("pendingModMessage")
                    .is_some_and(|m| !m.is_null() && m.as_str() != Some("")),
            })
        })
        .collect();
    accounts.sort_by(|a, b| a.channel.cmp(&b.channel));
    Ok(accounts)
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
        self.run_with_retries(verb, channel, reply_ref, notices)
            .await
    }

    /// Retries what is worth retrying within the overall time budget,
    /// honouring `Retry-After`. Returns the last error when the budget
    /// would run out while waiting, since it says more than "timed out".
    async fn run_with_retries(
        &self,
        verb: Verb,
        channel: Option<&MjChannelId>,
        reply_ref: &str,
        notices: &watch::Sender<Option<Waiting>>,
    ) -> Result<JobResponse, UseapiError> {
        let budget = self.limits.timeout;
        let deadline = Instant::now() + budget;
        let mut attempt = 1;
        loop {
            let (error, retry_after) =
                match tokio::time::timeout_at(deadline, self.call_once(verb, channel, reply_ref))
                    .await
                {
                    Err(_elapsed) => return Err(UseapiError::Timeout(budget)),
                    Ok(Ok(job)) => return Ok(job),
                    Ok(Err(failure)) => failure,
                };
            if !error.is_retryable() || attempt >= MAX_ATTEMPTS {
                return Err(error);
            }
            let wait = retry_after.unwrap_or_else(|| full_jitter(attempt));
            if Instant::now() + wait >= deadline {
                return Err(error);
            }
            tracing::warn!(command = verb.name, attempt, ?wait, error = %error, "useapi.net call failed; retrying");
            if wait >= NOTICE_WAITS_FROM {
                notices.send_replace(Some(Waiting {
                    status: error.status(),
                    retry_in: wait,
                }));
            }
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// One HTTP request; a failure comes with the server's `Retry-After`, if any.
    async fn call_once(
        &self,
        verb: Verb,
        channel: Option<&MjChannelId>,
        reply_ref: &str,
    ) -> Result<JobResponse, (UseapiError, Option<Duration>)> {
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

/// One HTTP answer from useapi.
struct Answer {
    status: u16,
    retry_after: Option<Duration>,
    body: Vec<u8>,
}

/// Keeps the queue count right even when a waiting call is cancelled.
struct QueuedGuard<'a>(&'a AtomicUsize);

impl Drop for QueuedGuard<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn full_jitter(attempt: u32) -> Duration {
    let cap = FIRST_BACKOFF
        .saturating_mul(1 << (attempt - 1).min(16))
        .min(MAX_BACKOFF);
    Duration::from_millis(fastrand::u64(0..=cap.as_millis() as u64))
}

/// `Retry-After` is either delay-seconds or an HTTP date (RFC 9110 §10.2.3).
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Error bodies are `{"error": "...", "code": N}`, but a proxy in front of
/// useapi may answer with HTML: the status alone must still be reported.
fn error_from(status: u16, body: &[u8]) -> UseapiError {
    let parsed: ErrorBody = serde_json::from_slice(body).unwrap_or_default();
    let error = match (parsed.error, parsed.error_details) {
        (Some(error), Some(serde_json::Value::String(details))) if !details.is_empty() => {
            Some(format!("{error} ({details})"))
        }
        (error, _) => error,
    };
    UseapiError::Status { status, error }
}

fn transport_error(err: reqwest::Error) -> UseapiError {
    if err.is_connect() {
        UseapiError::Connect(Arc::new(err))
    } else {
        UseapiError::Transport(Arc::new(err))
    }
}

/// Turns any HTTP status and body into a completed job or a typed error; never panics.
pub fn parse_response(status: u16, body: &[u8]) -> Result<JobResponse, UseapiError> {
    if status != 200 {
        return Err(error_from(status, body));
    }
    let job: JobResponse = serde_json::from_slice(body).map_err(|e| UseapiError::InvalidBody {
        status,
        reason: e.to_string(),
    })?;
    match job.status.as_deref() {
        Some("completed") => Ok(job),
        other => Err(UseapiError::JobFailed {
            job_status: other.unwrap_or("missing").to_owned(),
            error: job.error,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_body_leaves_out_unset_fields() {
        let body = JobRequest {
            channel: None,
            reply_ref: "123",
            reply_url: None,
        };
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"replyRef": "123"})
        );
    }

    #[test]
    fn request_body_carries_channel_and_reply_url() {
        let body = JobRequest {
            channel: Some("12345678901234567"),
            reply_ref: "99",
            reply_url: Some("https://example.com/cb"),
        };
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"channel": "12345678901234567", "replyRef": "99", "replyUrl": "https://example.com/cb"})
        );
    }

    #[test]
    fn verb_table_drives_the_path() {
        assert_eq!(Verb::by_name("fast"), Some(Verb::FAST));
        assert_eq!(Verb::FAST.path, "v2/jobs/fast");
        for verb in Verb::ALL {
            assert_eq!(verb.path, format!("v2/jobs/{}", verb.name));
            assert!(
                verb.description.len() <= 100,
                "Discord allows 100 characters"
            );
        }
        assert_eq!(Verb::by_name("nope"), None);
    }

    #[test]
    fn retry_after_accepts_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(30))
        );
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn only_transient_failures_are_retried() {
        for status in [429, 500, 502, 503, 504] {
            assert!(
                UseapiError::Status {
                    status,
                    error: None
                }
                .is_retryable(),
                "{status}"
            );
        }
        for status in [400, 401, 402, 404, 410, 596, 501] {
            assert!(
                !UseapiError::Status {
                    status,
                    error: None
                }
                .is_retryable(),
                "{status}"
            );
        }
        assert!(!UseapiError::Timeout(Duration::from_secs(1)).is_retryable());
        assert!(!UseapiError::InvalidBody {
            status: 200,
            reason: String::new()
        }
        .is_retryable());
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        for attempt in 1..20 {
            let wait = full_jitter(attempt);
            let cap = FIRST_BACKOFF
                .saturating_mul(1 << (attempt - 1).min(16))
                .min(MAX_BACKOFF);
            assert!(wait <= cap, "attempt {attempt}: {wait:?} > {cap:?}");
        }
    }

    #[test]
    fn accounts_are_read_from_the_documented_object_and_from_an_array() {
        let documented = br#"{
            "222222222222222222": {"channel": "222222222222222222", "server": "9", "discord": "abc...xyz", "maxJobs": 3},
            "111111111111111111": {"server": "8", "pendingModMessage": "Please acknowledge", "extra": true}
        }"#;
        let accounts = parse_accounts(documented).unwrap();
        assert_eq!(
            accounts,
            vec![
                AccountChannel {
                    channel: "111111111111111111".into(),
                    server: Some("8".into()),
                    pending_moderation: true
                },
                AccountChannel {
                    channel: "222222222222222222".into(),
                    server: Some("9".into()),
                    pending_moderation: false
                },
            ]
        );
        let array = br#"[{"channel": "333333333333333333"}, {"server": "no channel"}]"#;
        assert_eq!(parse_accounts(array).unwrap().len(), 1);
        assert!(parse_accounts(b"\"nope\"").is_err());
        assert!(parse_accounts(b"<html>").is_err());
    }

    #[test]
    fn completed_job_is_parsed() {
        let job = parse_response(
            200,
            br#"{"jobid":"j","verb":"fast","status":"completed","content":"Done!","code":200,"extra":1}"#,
        )
        .unwrap();
        assert_eq!(job.content.as_deref(), Some("Done!"));
    }

    #[test]
    fn failed_job_carries_useapi_error_text() {
        let err = parse_response(
            200,
            br#"{"status":"failed","error":"Midjourney timed out"}"#,
        )
        .unwrap_err();
        assert!(
            matches!(&err, UseapiError::JobFailed { error: Some(e), .. } if e == "Midjourney timed out")
        );
    }

    #[test]
    fn error_status_keeps_error_and_details() {
        let err = parse_response(
            402,
            br#"{"error":"Subscription expired","errorDetails":"since May","code":402}"#,
        )
        .unwrap_err();
        assert!(
            matches!(&err, UseapiError::Status { status: 402, error: Some(e) } if e == "Subscription expired (since May)")
        );
        assert_eq!(err.status(), Some(402));
    }

    #[test]
    fn html_error_page_still_reports_the_status() {
        let err = parse_response(502, b"<html>Bad gateway</html>").unwrap_err();
        assert!(matches!(
            err,
            UseapiError::Status {
                status: 502,
                error: None
            }
        ));
    }

    #[test]
    fn a_200_that_is_not_json_is_an_invalid_body() {
        let err = parse_response(200, b"<html>hi</html>").unwrap_err();
        assert!(matches!(err, UseapiError::InvalidBody { status: 200, .. }));
        let err = parse_response(200, b"[1,2]").unwrap_err();
        assert!(matches!(err, UseapiError::InvalidBody { status: 200, .. }));
    }

    mod properties {
        use proptest::prelude::*;

        use super::super::*;

        proptest! {
            #[test]
            fn any_bytes_give_a_job_or_a_typed_error(status in 100u16..1000, body in proptest::collection::vec(any::<u8>(), 0..512)) {
                match parse_response(status, &body) {
                    Ok(job) => prop_assert_eq!(job.status.as_deref(), Some("completed")),
                    Err(err) => prop_assert!(!err.to_string().is_empty()),
                }
            }

            #[test]
            fn any_json_shaped_text_gives_a_job_or_a_typed_error(
                status in prop_oneof![Just(200u16), 100u16..1000],
                content in any::<Option<String>>(),
                job_status in any::<Option<String>>(),
                error in any::<Option<String>>(),
            ) {
                let body = serde_json::json!({"status": job_status, "content": content, "error": error});
                let parsed = parse_response(status, body.to_string().as_bytes());
                let completed = status == 200 && job_status.as_deref() == Some("completed");
                prop_assert_eq!(parsed.is_ok(), completed);
            }
        }
    }
}
