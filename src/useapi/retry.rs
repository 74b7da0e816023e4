//! The retry policy: exponential backoff with full jitter, `Retry-After`,
//! and one time budget for the whole call.

use std::future::Future;
use std::time::{Duration, SystemTime};

use tokio::sync::watch;
use tokio::time::Instant;

use super::UseapiError;

/// Exponential backoff with full jitter (AWS architecture blog): a random
/// wait between zero and `FIRST_BACKOFF * 2^(retry-1)`, capped.
const FIRST_BACKOFF: Duration = Duration::from_millis(500);
const MAX_BACKOFF: Duration = Duration::from_secs(8);
const MAX_ATTEMPTS: u32 = 5;

/// Shorter waits are not worth a message.
pub const NOTICE_WAITS_FROM: Duration = Duration::from_secs(5);

/// A call that will wait before trying again, long enough to tell the member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiting {
    /// The status that made it wait; `None` when useapi could not be reached.
    pub status: Option<u16>,
    pub retry_in: Duration,
}

/// One failed attempt, with the server's `Retry-After` when it sent one.
pub type Failure = (UseapiError, Option<Duration>);

/// Runs `attempt` until it succeeds, fails for good, or `budget` would run
/// out. Returns the last error rather than "timed out" when the budget would
/// run out while waiting, since it says more. Waits of [`NOTICE_WAITS_FROM`]
/// or longer are announced on `notices`.
pub async fn with_retries<T, F, Fut>(
    what: &'static str,
    budget: Duration,
    notices: &watch::Sender<Option<Waiting>>,
    mut attempt: F,
) -> Result<T, UseapiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Failure>>,
{
    let started = Instant::now();
    let mut tries = 1;
    loop {
        let left = budget.saturating_sub(started.elapsed());
        let (error, retry_after) = match tokio::time::timeout(left, attempt()).await {
            Err(_elapsed) => return Err(UseapiError::Timeout(budget)),
            Ok(Ok(done)) => return Ok(done),
            Ok(Err(failure)) => failure,
        };
        if !error.is_retryable() || tries >= MAX_ATTEMPTS {
            return Err(error);
        }
        let wait = retry_after.unwrap_or_else(|| full_jitter(tries));
        // Compared, never added: a server may send any Retry-After.
        if wait >= budget.saturating_sub(started.elapsed()) {
            return Err(error);
        }
        tracing::warn!(command = what, attempt = tries, ?wait, error = %error, "useapi.net call failed; retrying");
        if wait >= NOTICE_WAITS_FROM {
            notices.send_replace(Some(Waiting {
                status: error.status(),
                retry_in: wait,
            }));
        }
        tokio::time::sleep(wait).await;
        tries += 1;
    }
}

fn full_jitter(attempt: u32) -> Duration {
    let cap = backoff_cap(attempt);
    Duration::from_millis(fastrand::u64(
        0..=u64::try_from(cap.as_millis()).unwrap_or(u64::MAX),
    ))
}

fn backoff_cap(attempt: u32) -> Duration {
    FIRST_BACKOFF
        .saturating_mul(1 << attempt.saturating_sub(1).min(16))
        .min(MAX_BACKOFF)
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn backoff_grows_and_is_capped() {
        for attempt in 1..20 {
            let wait = full_jitter(attempt);
            let cap = backoff_cap(attempt);
            assert!(wait <= cap, "attempt {attempt}: {wait:?} > {cap:?}");
        }
        assert_eq!(backoff_cap(1), FIRST_BACKOFF);
        assert_eq!(backoff_cap(30), MAX_BACKOFF);
    }
}
