//! Liveness and readiness on `HTTP_ADDR`: during a Discord outage the
//! process is alive (an orchestrator must not restart it) but not ready
//! (it cannot take commands). In the test's process: only the endpoints
//! are looked at.

use crate::support::bot::{prepare, BotOptions};
use crate::support::in_process::{launch_in_process, spawn_in_process};
use crate::support::wait_for_status;

#[tokio::test]
async fn during_a_discord_outage_livez_is_200_and_readyz_503() {
    let bot = prepare(BotOptions::with_health_server()).await;
    bot.discord.pause_gateway(true);
    let bot = launch_in_process(bot).await;
    let base = format!("http://{}", bot.health_addr());

    let readyz = wait_for_status(&format!("{base}/readyz"), 503).await;
    let (live, body) = bot.get("/livez").await;

    assert_eq!(live, 200, "{body}");
    assert!(readyz.contains("gateway not connected"), "{readyz}");
    bot.discord.pause_gateway(false);
    let ready = wait_for_status(&format!("{base}/readyz"), 200).await;
    assert_eq!(ready, "ok: ready\n");
    bot.finish().await;
}

#[tokio::test]
async fn healthz_keeps_saying_what_readyz_says() {
    let bot = spawn_in_process(BotOptions::with_health_server()).await;

    let (ready, _) = bot.get("/readyz").await;
    let (healthz, body) = bot.get("/healthz").await;

    assert_eq!((ready, healthz), (200, 200), "{body}");
    assert!(body.starts_with("ok: gateway connected"), "{body}");
    bot.finish().await;
}
