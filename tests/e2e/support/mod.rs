//! Test support: the fake Discord, the schema check and `spawn_bot()`.

pub mod bot;
pub mod fake_discord;
pub mod schema;
pub mod useapi;

use std::future::Future;
use std::time::{Duration, Instant};

pub use bot::*;
pub use fake_discord::*;
pub use useapi::*;

/// Polls `condition` until it holds; panics naming `what` after `timeout`.
pub async fn wait_until<F, Fut>(what: &str, timeout: Duration, mut condition: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + timeout;
    while !condition().await {
        assert!(
            Instant::now() < deadline,
            "timed out after {timeout:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
