//! The retry policy: exponential backoff with full jitter, `Retry-After`,
//! and one time budget for the whole call.

use std::future::Future;
use std::time::{Duration, SystemTime};

use tokio::sync::watch;
use tokio::time::Instant;

use super::UseapiError;
use crate::backoff::Backoff;

/// Exponential backoff with full jitter (AWS architecture blog): a random
/// wait between zero and 0.5 s × 2^(retry-1), at most 8 s.
const BACKOFF: Backoff = Backoff::new(Duration::from_millis(500), Duration::from_secs(8));
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
pub(super) type Failure = (UseapiError, Option<Duration>);

/// A deferred interaction can be answered for 15 minutes after Discord
/// created it; the bot answers within 14 of receiving it (a minute to spare
/// for the delivery, normally well under a second), whatever the settings say.
pub const ANSWER_WITHIN: Duration = Duration::from_secs(14 * 60);

/// The time budget of a command: `limit` counted from when the bot received
/// it (time waiting for a slot included), and never past [`ANSWER_WITHIN`]
/// after that, when its token is about to expire. Both count on the
/// monotonic clock from the moment the command arrived, never on the host's
/// wall clock, which may be an hour ahead of Discord's or behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// What the member is told the limit was.
    pub limit: Duration,
    pub deadline: Instant,
}

impl Budget {
    /// A command received at `received`.
    pub fn for_command(received: Instant, limit: Duration) -> Self {
        let limit = limit.min(ANSWER_WITHIN);
        Self {
            limit,
            // At most 14 minutes past a recent instant: never overflows in practice.
            deadline: received.checked_add(limit).unwrap_or_else(Instant::now),
        }
    }

    /// A call made now, outside any interaction: `limit` from now.
    pub fn from_now(limit: Duration) -> Self {
        Self::for_command(Instant::now(), limit)
    }

    pub fn left(&self) -> Duration {
        self.deadline.saturating_duration_since(Instant::now())
    }

    pub fn timed_out(&self) -> UseapiError {
        UseapiError::Timeout(self.limit)
    }
}

/// Runs `attempt` until it succeeds, fails for good, or the budget would
/// run out. `retryable` decides which failures get another try. Returns the
/// last error rather than "timed out" when the budget would run out while
/// waiting, since it says more. Waits of [`NOTICE_WAITS_FROM`] or longer are
/// announced on `notices`.
pub(super) async fn with_retries<T, F, Fut>(
    what: &'static str,
    budget: Budget,
    retryable: impl Fn(&UseapiError) -> bool,
    notices: &watch::Sender<Option<Waiting>>,
    mut attempt: F,
) -> Result<T, UseapiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Failure>>,
{
    let mut tries = 1;
    // When time runs out during a retry, the failure that made the bot
    // retry says more than "timed out".
    let mut last: Option<UseapiError> = None;
    loop {
        let out_of_time =
            |last: Option<UseapiError>| Err(last.unwrap_or_else(|| budget.timed_out()));
        if budget.left().is_zero() {
            return out_of_time(last);
        }
        let (error, retry_after) = match tokio::time::timeout_at(budget.deadline, attempt()).await {
            Err(_elapsed) => return out_of_time(last),
            Ok(Ok(done)) => return Ok(done),
            Ok(Err(failure)) => failure,
        };
        if !retryable(&error) || tries >= MAX_ATTEMPTS {
            return Err(error);
        }
        let wait = retry_after.unwrap_or_else(|| BACKOFF.jittered(tries));
        // Compared, never added: a server may send any Retry-After.
        if wait >= budget.left() {
            return Err(error);
        }
        tracing::warn!(command = what, attempt = tries, ?wait, error = %crate::logging::chain(&error), "useapi.net call failed; retrying");
        if wait >= NOTICE_WAITS_FROM {
            notices.send_replace(Some(Waiting {
                status: error.status(),
                retry_in: wait,
            }));
        }
        tokio::time::sleep(wait).await;
        last = Some(error);
        tries += 1;
    }
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
}

#[cfg(test)]
mod budget_tests {
    use proptest::prelude::*;

    use super::*;

    fn paused() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .unwrap()
    }

    fn busy(retry_after: Option<Duration>) -> Failure {
        (
            UseapiError::Status {
                status: 429,
                error: None,
            },
            retry_after,
        )
    }

    #[test]
    fn the_budget_counts_from_when_the_bot_received_the_command() {
        let _rt = paused().enter();
        let limit = Duration::from_secs(60);
        let received = Instant::now() - Duration::from_secs(20);
        let left = Budget::for_command(received, limit).left();
        assert_eq!(left, Duration::from_secs(40));
    }

    #[test]
    fn the_budget_never_outlives_the_interaction_token() {
        let _rt = paused().enter();
        let received = Instant::now() - Duration::from_secs(13 * 60 + 30);
        let left = Budget::for_command(received, Duration::from_secs(3600)).left();
        assert_eq!(left, Duration::from_secs(30));
    }

    #[test]
    fn no_setting_stretches_the_budget_past_14_minutes() {
        let _rt = paused().enter();
        let budget = Budget::from_now(Duration::from_secs(3600));
        assert_eq!(budget.limit, ANSWER_WITHIN);
        assert!(budget.left() <= ANSWER_WITHIN);
    }

    #[test]
    fn a_retry_cut_short_by_the_deadline_reports_the_failure_that_caused_it() {
        paused().block_on(async {
            let budget = Budget::from_now(Duration::from_secs(10));
            let (notices, _) = watch::channel(None);
            let mut calls = 0;
            let result: Result<(), _> = with_retries(
                "fast",
                budget,
                |_| true,
                &notices,
                || {
                    calls += 1;
                    let first = calls == 1;
                    async move {
                        if first {
                            Err(busy(Some(Duration::from_secs(2))))
                        } else {
                            // The retry hangs past the deadline.
                            std::future::pending().await
                        }
                    }
                },
            )
            .await;
            assert!(
                matches!(result, Err(UseapiError::Status { status: 429, .. })),
                "{result:?}"
            );
        });
    }

    #[test]
    fn a_command_out_of_time_gets_the_timeout_without_a_call() {
        paused().block_on(async {
            let received = Instant::now() - Duration::from_secs(61);
            let budget = Budget::for_command(received, Duration::from_secs(60));
            let (notices, _) = watch::channel(None);
            let mut calls = 0;
            let result: Result<(), _> =
                with_retries("fast", budget, |_| true, &notices, || {
                    calls += 1;
                    async { Ok(()) }
                })
                .await;
            assert!(matches!(result, Err(UseapiError::Timeout(limit)) if limit == Duration::from_secs(60)));
            assert_eq!(calls, 0);
        });
    }

    proptest! {
        #[test]
        fn whatever_useapi_sends_the_answer_comes_within_the_budget(
            limit_secs in 1u64..=840,
            spent_secs in 0u64..60,
            retry_after in proptest::collection::vec(
                prop_oneof![Just(None), any::<u64>().prop_map(|s| Some(Duration::from_secs(s))), (0u64..120).prop_map(|s| Some(Duration::from_secs(s)))],
                1..8,
            ),
            call_secs in 0u64..1000,
        ) {
            let rt = paused();
            let (deadline, finished, result) = rt.block_on(async {
                let started = Instant::now();
                let received = started - Duration::from_secs(spent_secs);
                let budget = Budget::for_command(received, Duration::from_secs(limit_secs));
                let (notices, _) = watch::channel(None);
                let mut answers = retry_after.iter().copied().cycle();
                let result: Result<(), _> = with_retries("fast", budget, super::super::error::UseapiError::is_retryable, &notices, || {
                    let retry_after = answers.next().flatten();
                    async move {
                        tokio::time::sleep(Duration::from_secs(call_secs)).await;
                        Err(busy(retry_after))
                    }
                })
                .await;
                // A budget spent before the call starts is answered at once.
                (budget.deadline.max(started), Instant::now(), result)
            });
            // tokio's timer fires on whole milliseconds.
            let tick = Duration::from_millis(1);
            prop_assert!(finished <= deadline + tick, "answered {:?} after the deadline", finished - deadline);
            prop_assert!(result.is_err());
        }
    }
}
