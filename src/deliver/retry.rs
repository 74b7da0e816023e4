//! How a call to Discord for an interaction tries again: after a 429
//! (waiting what Discord asked for, within the interaction's deadline), and
//! after "not yet there" (10008, 10015) early in the interaction's life:
//! Discord processes a first response given in an HTTP body a moment after
//! it arrives, and an edit or follow-up that reaches it first is refused.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use super::rest::Failed;
use crate::backoff::Backoff;
use crate::discord_errors::{discord_status, not_yet_there};

const RATE_LIMIT_RETRIES: u32 = 3;
/// A 429 that does not say how long to wait (or a call through serenity,
/// which drops it) backs off from here: 0.5 s, 1 s, 2 s covers Discord's
/// per-route windows.
const RATE_LIMITED: Backoff = Backoff::new(Duration::from_millis(500), Duration::MAX);
/// How long after an interaction's arrival those are taken for "not yet"
/// rather than "gone": Discord processes a first response within a second
/// or two; later, the message was deleted (by the member, by a moderator).
pub(super) const UNKNOWN_FOR: Duration = Duration::from_secs(10);
/// The waits after "not yet": 100 ms, doubling (the interaction's first
/// [`UNKNOWN_FOR`] bound them).
const NOT_YET: Backoff = Backoff::new(Duration::from_millis(100), UNKNOWN_FOR);

fn is_rate_limited(err: &serenity::Error) -> bool {
    discord_status(err) == Some(429)
}

/// Runs `call` (through serenity, which drops Discord's `Retry-After`),
/// retrying a bounded number of times while Discord answers 429. Takes no
/// slot: see [`in_reply_slot`].
pub(crate) async fn retry_rate_limited<T, F, Fut>(
    what: &'static str,
    mut call: F,
) -> serenity::Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = serenity::Result<T>>,
{
    retry_within(what, Patience::default(), || {
        let attempt = call();
        async move { attempt.await.map_err(Failed::from) }
    })
    .await
}

/// When a call's refusals are waited out: Discord's 429s until `deadline`,
/// and its "not yet there" (see [`not_yet_there`]) until `not_yet_until`.
#[derive(Clone, Copy, Default)]
pub(super) struct Patience {
    pub(super) deadline: Option<Instant>,
    pub(super) not_yet_until: Option<Instant>,
}

/// Runs `call` until it succeeds, fails otherwise, or Discord has answered
/// 429 [`RATE_LIMIT_RETRIES`] times more. Each 429 waits what Discord asked
/// for (else [`RATE_LIMITED`]'s backoff); a wait that would end after
/// `deadline` is not taken, and the 429 is the answer. A "not yet there"
/// answer is tried again after [`NOT_YET`]'s backoff until `not_yet_until`.
pub(super) async fn retry_within<T, F, Fut>(
    what: &'static str,
    patience: Patience,
    mut call: F,
) -> serenity::Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Failed>>,
{
    let (mut retries, mut not_yet) = (0, 0);
    loop {
        let failed = match call().await {
            Ok(done) => return Ok(done),
            Err(failed) => failed,
        };
        if not_yet_there(&failed.err) {
            not_yet += 1;
            let not_yet_wait = NOT_YET.bound(not_yet);
            let now = Instant::now();
            if patience
                .not_yet_until
                .is_some_and(|until| now + not_yet_wait < until)
            {
                tracing::debug!(what, wait = ?not_yet_wait, "Discord has not processed the first response yet; trying again");
                tokio::time::sleep(not_yet_wait).await;
                continue;
            }
            return Err(*failed.err);
        }
        if !is_rate_limited(&failed.err) || retries >= RATE_LIMIT_RETRIES {
            return Err(*failed.err);
        }
        let wait = failed
            .retry_after
            .unwrap_or_else(|| RATE_LIMITED.bound(retries + 1));
        // Compared, never added: Discord (or a proxy) may send any wait.
        let left = patience
            .deadline
            .map(|deadline| deadline.saturating_duration_since(Instant::now()));
        if left.is_some_and(|left| wait >= left) {
            tracing::warn!(what, ?wait, ?left, "Discord answered 429 and asked for a wait past the interaction's deadline; giving up");
            return Err(*failed.err);
        }
        retries += 1;
        tracing::warn!(what, retries, ?wait, "Discord answered 429; retrying");
        tokio::time::sleep(wait).await;
    }
}
