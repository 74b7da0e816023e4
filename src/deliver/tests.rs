//! How long a delivery waits after Discord's 429, on tokio's paused clock:
//! time moves only by the waits themselves, so the figures are exact.

use std::sync::atomic::{AtomicU32, Ordering};

use reqwest::Method;

use super::rest::tests::answer;
use super::rest::{refused, Failed};
use super::*;

const RATE_LIMITED: &str =
    r#"{"message": "You are being rate limited.", "retry_after": 0.25, "global": false}"#;

/// Discord's 429 with `retry_after` as its `Retry-After` header (the body
/// says 0.25 s).
async fn rate_limited(retry_after: Option<&str>) -> Failed {
    refused(answer(429, retry_after, RATE_LIMITED), Method::PATCH).await
}

/// Runs `retry_within` against answers that are 429s for the first
/// `limited` attempts; how many attempts were made and how long it took.
async fn run(
    limited: u32,
    retry_after: Option<&'static str>,
    deadline: Option<Duration>,
) -> (serenity::Result<()>, u32, Duration) {
    let attempts = AtomicU32::new(0);
    let started = Instant::now();
    let patience = Patience {
        deadline: deadline.map(|within| started + within),
        not_yet_until: None,
    };
    let result = retry_within("test", patience, || async {
        if attempts.fetch_add(1, Ordering::SeqCst) < limited {
            Err(rate_limited(retry_after).await)
        } else {
            Ok(())
        }
    })
    .await;
    (result, attempts.load(Ordering::SeqCst), started.elapsed())
}

#[tokio::test(start_paused = true)]
async fn a_429_waits_what_retry_after_says() {
    let (result, attempts, took) = run(2, Some("7"), None).await;
    assert!(result.is_ok());
    assert_eq!(attempts, 3);
    assert_eq!(took, Duration::from_secs(14));
}

#[tokio::test(start_paused = true)]
async fn without_a_header_the_body_s_retry_after_is_waited() {
    let (result, attempts, took) = run(1, None, None).await;
    assert!(result.is_ok());
    assert_eq!(attempts, 2);
    assert_eq!(took, Duration::from_millis(250));
}

#[tokio::test(start_paused = true)]
async fn a_wait_past_the_deadline_is_not_taken_and_the_429_is_the_answer() {
    let (result, attempts, took) = run(1, Some("60"), Some(Duration::from_secs(3))).await;
    let err = result.unwrap_err();
    assert_eq!(discord_status(&err), Some(429));
    assert_eq!(attempts, 1, "not sent again");
    assert_eq!(took, Duration::ZERO);

    // A wait that ends before the deadline is taken.
    let (result, _, took) = run(1, Some("2"), Some(Duration::from_secs(3))).await;
    assert!(result.is_ok());
    assert_eq!(took, Duration::from_secs(2));
}

#[tokio::test(start_paused = true)]
async fn a_429_that_does_not_say_how_long_backs_off_and_gives_up_after_three_retries() {
    let attempts = AtomicU32::new(0);
    let started = Instant::now();
    let result: serenity::Result<()> = retry_within("test", Patience::default(), || async {
        attempts.fetch_add(1, Ordering::SeqCst);
        let failed = rate_limited(None).await;
        Err(Failed::from(*failed.err))
    })
    .await;
    assert_eq!(discord_status(&result.unwrap_err()), Some(429));
    assert_eq!(attempts.load(Ordering::SeqCst), 4);
    assert_eq!(started.elapsed(), Duration::from_millis(500 + 1000 + 2000));
}

/// Discord's 404 with `code`, as an edit before the first response was processed gets.
async fn unknown(code: u32) -> Failed {
    let body = format!(r#"{{"message": "Unknown", "code": {code}}}"#);
    refused(answer(404, Some("1"), &body), Method::PATCH).await
}

/// Runs `retry_within` with "not yet there" patience `for_how_long`
/// against `refusals` 404s of `code`; attempts made and time taken.
async fn run_not_yet(code: u32, refusals: u32, for_how_long: Duration) -> (bool, u32, Duration) {
    let attempts = AtomicU32::new(0);
    let started = Instant::now();
    let patience = Patience {
        deadline: None,
        not_yet_until: Some(started + for_how_long),
    };
    let result = retry_within("test", patience, || async {
        if attempts.fetch_add(1, Ordering::SeqCst) < refusals {
            Err(unknown(code).await)
        } else {
            Ok(())
        }
    })
    .await;
    (
        result.is_ok(),
        attempts.load(Ordering::SeqCst),
        started.elapsed(),
    )
}

#[tokio::test(start_paused = true)]
async fn an_unknown_message_or_webhook_early_on_is_tried_again_with_a_short_backoff() {
    for code in [10008, 10015] {
        let (ok, attempts, took) = run_not_yet(code, 3, UNKNOWN_FOR).await;
        assert!(ok, "{code}");
        assert_eq!(attempts, 4);
        assert_eq!(took, Duration::from_millis(100 + 200 + 400));
    }
}

#[tokio::test(start_paused = true)]
async fn an_unknown_message_later_in_the_interaction_s_life_is_the_answer() {
    let (ok, attempts, took) = run_not_yet(10008, 100, UNKNOWN_FOR).await;
    assert!(!ok);
    assert!(took < UNKNOWN_FOR, "{took:?}");
    assert!(attempts < 10, "{attempts}");
    let (ok, attempts, _) = run_not_yet(10008, 1, Duration::ZERO).await;
    assert!(!ok);
    assert_eq!(attempts, 1);
}

#[tokio::test(start_paused = true)]
async fn other_refusals_are_not_retried() {
    let (ok, attempts, _) = run_not_yet(50035, 1, UNKNOWN_FOR).await;
    assert!(!ok);
    assert_eq!(attempts, 1);
}
