//! Test support: the fake Discord, the schema check, `spawn_bot()` and the
//! waits every test uses.
//!
//! Tests import each helper from its module (`support::bot::spawn_bot`,
//! `support::gate::useapi_answers_once_opened`…): there are no glob
//! re-exports here.
//!
//! - [`bot`]: a `TestBot`, its settings (`BotOptions::new().http_worker()
//!   .database(&pg)…`) and what it serves;
//!   [`process`]: starting and stopping it; [`in_process`]: the same bot
//!   in the test's own process, its addresses as values; [`audit_posts`]:
//!   what it posted in a channel; [`invoke`] and [`replies`]: typing
//!   commands and reading the answers; [`checks`]: `finish()`, the
//!   token-leak and schema checks that end every test;
//! - [`useapi`] and [`gate`]: the wiremock that plays useapi.net, and a gate
//!   holding its answers until the test opens it; [`useapi_accounts`]: its (or one token's)
//!   Midjourney accounts, changed while the bot runs (pending moderation);
//!   [`useapi_tokens`]: several useapi accounts, one per token (servers'
//!   own), and a [`front`] holding the jobs of one of them;
//! - [`own_accounts`]: the key ring, sealed tokens, `/mj-channel account`,
//!   its modal and `mj-bridge keys`;
//! - [`fake_discord`] and [`schema`]: Discord's REST API and gateway;
//! - [`postgres`]: a throwaway PostgreSQL server; [`caddy`]: a real load
//!   balancer in front of HTTP workers.

pub mod audit_posts;
pub mod bot;
pub mod caddy;
pub mod checks;
pub mod fake_discord;
pub mod front;
pub mod gate;
pub mod http_worker;
pub mod in_process;
pub mod invoke;
pub mod own_accounts;
pub mod postgres;
pub mod process;
pub mod replies;
pub mod schema;
pub mod useapi;
pub mod useapi_accounts;
pub mod useapi_tokens;

use std::future::Future;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::net::TcpSocket;

/// How often the waits below look again.
const POLL: Duration = Duration::from_millis(20);

/// The one polling loop of the tests: calls `probe` every 20 ms until it
/// returns `Ok(value)`, and returns that value. `Err` carries what the probe
/// saw instead (may be empty). After `timeout`, panics naming `what`, with
/// the last thing the probe saw and `context()` (e.g. the bot's output).
///
/// A probe may panic itself when waiting longer is pointless (the bot died).
pub async fn wait_for_explained<T, F, Fut>(
    what: &str,
    timeout: Duration,
    context: impl FnOnce() -> String,
    mut probe: F,
) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, String>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        let seen = match probe().await {
            Ok(value) => return value,
            Err(seen) => seen,
        };
        if Instant::now() >= deadline {
            let seen = if seen.is_empty() {
                String::new()
            } else {
                format!(" (last seen: {seen})")
            };
            let context = context();
            let context = if context.is_empty() {
                String::new()
            } else {
                format!("\n{context}")
            };
            panic!("timed out after {timeout:?} waiting for {what}{seen}{context}");
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Polls `probe` until it returns `Some(value)`, and returns the value;
/// panics naming `what` after `timeout`.
pub async fn wait_for<T, F, Fut>(what: &str, timeout: Duration, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    wait_for_explained(what, timeout, String::new, || {
        let found = probe();
        async move { found.await.ok_or_else(String::new) }
    })
    .await
}

/// Polls `condition` until it holds; panics naming `what` after `timeout`.
pub async fn wait_until<F, Fut>(what: &str, timeout: Duration, mut condition: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    wait_for(what, timeout, || {
        let holds = condition();
        async move { holds.await.then_some(()) }
    })
    .await
}

/// A local address where nothing listens, reserved for as long as the
/// returned socket lives: the socket is bound but not listening, so every
/// connection to it is refused and no other process can take the port.
/// `socket.listen(..)` later serves on that same address, with no window in
/// which the port is free (binding, dropping and binding again has one).
pub fn refusing_socket() -> (TcpSocket, SocketAddr) {
    let socket = TcpSocket::new_v4().expect("a TCP socket");
    socket
        .bind("127.0.0.1:0".parse().unwrap())
        .expect("bind a free local port");
    let address = socket.local_addr().expect("the bound address");
    (socket, address)
}

/// Waits until `url` answers `expected` and returns the body.
pub async fn wait_for_status(url: &str, expected: u16) -> String {
    wait_for_explained(
        &format!("{url} to answer {expected}"),
        Duration::from_secs(30),
        String::new,
        || async {
            match reqwest::get(url).await {
                Ok(response) if response.status().as_u16() == expected => {
                    Ok(response.text().await.unwrap_or_default())
                }
                Ok(response) => Err(format!(
                    "{} {}",
                    response.status(),
                    response.text().await.unwrap_or_default()
                )),
                Err(err) => Err(err.to_string()),
            }
        },
    )
    .await
}
