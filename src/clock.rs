//! Discord's clock and the host's. An interaction's id carries the time
//! Discord created it; the host's clock may disagree. A command's time
//! budget and its token's life count from when the bot received it, on the
//! monotonic clock (see `useapi::Budget`), and the times shown to members
//! (a cooldown's end) follow Discord's clock, so the difference changes no
//! command; the bot says once when it is large enough to matter for an
//! operator (the log's own times follow the host's clock).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serenity::all::InteractionId;

/// A gateway event normally arrives well within this of its creation.
const NOTABLE_SKEW: Duration = Duration::from_secs(5);

static SKEW_REPORTED: AtomicBool = AtomicBool::new(false);

/// When the member typed the command: Discord's snowflake ids carry the
/// milliseconds since 2015-01-01 in their upper 42 bits.
pub(crate) fn typed_at(id: InteractionId) -> SystemTime {
    const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;
    UNIX_EPOCH + Duration::from_millis((id.get() >> 22).saturating_add(DISCORD_EPOCH_MS))
}

/// How far the host's clock seems ahead (positive) or behind (negative) of
/// Discord's for an interaction created at `typed_at` and received `now`.
fn skew_secs(typed_at: SystemTime, now: SystemTime) -> Option<i64> {
    let (size, ahead) = match now.duration_since(typed_at) {
        Ok(ahead) => (ahead, true),
        Err(behind) => (behind.duration(), false),
    };
    if size < NOTABLE_SKEW {
        return None;
    }
    let secs = i64::try_from(size.as_secs()).unwrap_or(i64::MAX);
    Some(if ahead { secs } else { -secs })
}

/// Logs once per process, at warn, a clock difference of more than a few seconds.
pub(crate) fn note_skew(typed_at: SystemTime) {
    let Some(secs) = skew_secs(typed_at, SystemTime::now()) else {
        return;
    };
    if !SKEW_REPORTED.swap(true, Ordering::Relaxed) {
        tracing::warn!(
            skew_secs = secs,
            "the host's clock and Discord's differ by {} s (positive: the host is ahead); \
             commands are timed from when the bot receives them, so they still get all of \
             USEAPI_TIMEOUT_SECS, but the times in this log are off: check the host's time \
             synchronisation (NTP)",
            secs.unsigned_abs()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_time_typed_comes_from_the_interaction_id() {
        // The example snowflake of Discord's reference: 2016-04-30 11:18:25.796 UTC.
        let id = InteractionId::new(175_928_847_299_117_063);
        assert_eq!(
            typed_at(id),
            UNIX_EPOCH + Duration::from_millis(1_462_015_105_796)
        );
    }

    #[test]
    fn only_a_skew_of_several_seconds_is_notable() {
        let typed = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(skew_secs(typed, typed + Duration::from_millis(900)), None);
        assert_eq!(skew_secs(typed, typed + Duration::from_secs(90)), Some(90));
        assert_eq!(skew_secs(typed + Duration::from_secs(30), typed), Some(-30));
    }
}
