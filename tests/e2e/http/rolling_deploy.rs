//! A rolling deploy behind a real load balancer: two HTTP workers on one
//! PostgreSQL behind Caddy (as `deploy/Caddyfile` sets it up), each
//! restarted in turn while interactions keep arriving. On SIGTERM a worker
//! says 503 on `/healthz` and keeps serving until Caddy has noticed, then
//! drains; a connection refused meanwhile is tried again on the other one.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;

use crate::support::bot::{prepare, prepare_beside, BotOptions, MEMBER};
use crate::support::caddy::{free_port, Caddy};
use crate::support::fake_discord::{FakeDiscord, Invocation, Typed, A_GENERAL};
use crate::support::postgres::Postgres;
use crate::support::useapi::{useapi_answers, CONTENT};
use crate::support::wait_until;

/// A worker on its own loopback address (127.0.0.1, 127.0.0.2): both use
/// the same two ports, so Caddy checks their health on one port.
fn worker_at(host: &str, pg: &Postgres, ports: (u16, u16)) -> BotOptions {
    BotOptions::new()
        .database(pg)
        .env("INTERACTIONS_ADDR", format!("{host}:{}", ports.0))
        .env("HTTP_ADDR", format!("{host}:{}", ports.1))
        // Ten of Caddy's health checks in the test's Caddyfile.
        .env("SHUTDOWN_DELAY_SECS", "3")
        .cooldown(0)
}

/// Sends `/fast` through `url` every 20 ms, each by another member, until
/// `stop`; every interaction sent and the HTTP status it got.
fn steady_load(
    discord: Arc<FakeDiscord>,
    url: String,
    stop: Arc<AtomicBool>,
    sent: Arc<Mutex<Vec<(Invocation, u16)>>>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut member = 300_000_000_000_100_000u64;
        while !stop.load(Ordering::SeqCst) {
            member += 1;
            let typed = Typed::command(A_GENERAL, "fast", json!([]), MEMBER).by(member);
            let (inv, answered) = discord.deliver(&url, typed).await;
            sent.lock().unwrap().push((inv, answered.status));
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
}

/// Waits until `count` more interactions than now were sent.
async fn until_sent_more(sent: &Mutex<Vec<(Invocation, u16)>>, count: usize) {
    let target = sent.lock().unwrap().len() + count;
    wait_until(
        "interactions to go through the load balancer",
        Duration::from_secs(60),
        || async { sent.lock().unwrap().len() >= target },
    )
    .await;
}

#[tokio::test]
async fn a_rolling_restart_behind_caddy_loses_no_interaction() {
    let pg = Postgres::start();
    let ports = (free_port(), free_port());
    let mut first = prepare(worker_at("127.0.0.1", &pg, ports)).await;
    first.start().await;
    let mut second = prepare_beside(&first, worker_at("127.0.0.2", &pg, ports));
    second.start().await;
    useapi_answers(&first, CONTENT).await;
    let upstreams = [
        format!("127.0.0.1:{}", ports.0),
        format!("127.0.0.2:{}", ports.0),
    ];
    let caddy = Caddy::start(&upstreams, ports.1).await;

    let (stop, sent) = (Arc::new(AtomicBool::new(false)), Arc::default());
    let load = steady_load(
        first.discord.clone(),
        caddy.url.clone(),
        stop.clone(),
        Arc::clone(&sent),
    );
    until_sent_more(&sent, 20).await;
    first.restart().await;
    until_sent_more(&sent, 20).await;
    second.restart().await;
    until_sent_more(&sent, 20).await;
    stop.store(true, Ordering::SeqCst);
    load.await.unwrap();

    let sent = std::mem::take(&mut *sent.lock().unwrap());
    let refused: Vec<u16> = sent.iter().map(|(_, s)| *s).filter(|s| *s != 200).collect();
    assert!(
        refused.is_empty(),
        "{} of {} not answered 200: {refused:?}\n{}",
        refused.len(),
        sent.len(),
        caddy.log()
    );
    for (inv, _) in &sent {
        assert_eq!(first.reply(inv).await.content, CONTENT);
    }
    let jobs = first.useapi_requests().await;
    let fast = jobs
        .iter()
        .filter(|r| r.url.path().ends_with("/fast"))
        .count();
    assert_eq!(fast, sent.len(), "each interaction run once");
    first.finish().await;
    second.finish().await;
}
