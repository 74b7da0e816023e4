//! The health endpoint under idle connections: the bot closes them, and
//! /healthz keeps answering while they are open.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

use crate::support::bot::{spawn_bot_with, BotOptions};
use crate::support::wait_for_explained;

/// More than the bot serves at once (256).
const IDLE_CONNECTIONS: usize = 300;
/// The bound: idle connections are closed within 15 s.
const CLOSED_WITHIN: Duration = Duration::from_secs(15);

#[tokio::test]
async fn idle_connections_are_closed_and_healthz_answers_meanwhile() {
    let bot = spawn_bot_with(BotOptions::with_health_server()).await;
    let addr = bot.health_addr().await;

    // Each connection sends nothing and reads until the bot closes it.
    let closed = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(std::sync::Mutex::new(Vec::new()));
    for _ in 0..IDLE_CONNECTIONS {
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        let (closed, failed) = (closed.clone(), failed.clone());
        tokio::spawn(async move {
            let mut answer = Vec::new();
            match stream.read_to_end(&mut answer).await {
                Ok(_) => closed.fetch_add(1, Ordering::SeqCst),
                Err(err) => {
                    failed.lock().unwrap().push(err.to_string());
                    0
                }
            };
        });
    }
    let opened = Instant::now();

    let (status, body) = bot.get("/healthz").await;
    assert_eq!(status, 200, "{body}");
    let closed_by_then = closed.load(Ordering::SeqCst);
    assert!(
        closed_by_then < IDLE_CONNECTIONS,
        "/healthz answered only once every idle connection was closed"
    );

    wait_for_explained(
        "the bot to close every idle connection",
        CLOSED_WITHIN.saturating_sub(opened.elapsed()),
        || bot.diagnostics(),
        || async {
            let errors = failed.lock().unwrap().clone();
            assert!(errors.is_empty(), "reads failed instead of EOF: {errors:?}");
            match closed.load(Ordering::SeqCst) {
                IDLE_CONNECTIONS => Ok(()),
                n => Err(format!("{n} of {IDLE_CONNECTIONS} closed")),
            }
        },
    )
    .await;
    bot.finish().await;
}
