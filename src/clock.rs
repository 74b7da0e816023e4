//! Discord's clock and the host's. An interaction's id carries the time
//! Discord created it; the host's clock may disagree. A command's time
//! budget and its token's life count from when the bot received it, on the
//! monotonic clock (see `useapi::Budget`), and the times shown to members
//! (a cooldown's end) follow Discord's clock, so the difference changes no
//! command; the bot says once when it is large enough to matter for an
//! operator (the log's own times follow the host's clock).

use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serenity::all::InteractionId;

/// A gateway event normally arrives well within this of its creation.
const NOTABLE_SKEW: Duration = Duration::from_secs(5);

static SKEW_REPORTED: AtomicBool = AtomicBool::new(false);

/// How far Discord's clock is ahead of the host's, in milliseconds, as the
/// `Date` of Discord's last answer to the bot's own REST calls says (1 s
/// resolution). Never taken from an interaction: a replayed copy carries
/// an old id, and must not move the clock it is judged by.
static DISCORD_AHEAD_MS: AtomicI64 = AtomicI64::new(0);

/// A signed request whose timestamp is further than this from Discord's
/// clock is refused: its interaction token is dead (15 minutes), so running
/// it could only spend the account (a replayed copy).
pub(crate) const SIGNED_WITHIN: Duration = Duration::from_secs(15 * 60);

/// Notes the `Date` header of an answer from Discord.
pub(crate) fn note_discord_date(date: &str) {
    let Ok(discord) = httpdate::parse_http_date(date) else {
        return;
    };
    let ahead_ms = match discord.duration_since(SystemTime::now()) {
        Ok(ahead) => i64::try_from(ahead.as_millis()).unwrap_or(i64::MAX),
        Err(behind) => i64::try_from(behind.duration().as_millis()).map_or(i64::MIN, |ms| -ms),
    };
    DISCORD_AHEAD_MS.store(ahead_ms, Ordering::Relaxed);
}

/// Whether `timestamp` (Unix seconds, as `X-Signature-Timestamp` carries
/// it) is within [`SIGNED_WITHIN`] of Discord's clock, as this host sees it.
pub(crate) fn signed_recently(timestamp: u64) -> bool {
    let ahead_ms = DISCORD_AHEAD_MS.load(Ordering::Relaxed);
    let now_ms = i128::try_from(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis(),
    )
    .unwrap_or(i128::MAX);
    let discord_now_ms = now_ms.saturating_add(i128::from(ahead_ms));
    let signed_ms = i128::from(timestamp).saturating_mul(1000);
    discord_now_ms.abs_diff(signed_ms) <= SIGNED_WITHIN.as_millis()
}

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
    fn a_signature_is_recent_within_fifteen_minutes_of_discord_s_clock() {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        assert!(signed_recently(now));
        assert!(signed_recently(now - 14 * 60));
        assert!(!signed_recently(now - 20 * 60));
        assert!(!signed_recently(now + 20 * 60));
        assert!(!signed_recently(0));
        assert!(!signed_recently(u64::MAX));
    }

    #[test]
    fn only_a_skew_of_several_seconds_is_notable() {
        let typed = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(skew_secs(typed, typed + Duration::from_millis(900)), None);
        assert_eq!(skew_secs(typed, typed + Duration::from_secs(90)), Some(90));
        assert_eq!(skew_secs(typed + Duration::from_secs(30), typed), Some(-30));
    }
}
