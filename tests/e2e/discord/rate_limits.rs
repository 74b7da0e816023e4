//! Discord's 429s behind `DISCORD_PROXY_URL` (serenity's rate limiter off):
//! the bot waits what Discord asked for, in the `Retry-After` header or the
//! body's `retry_after`, unless that would outlast the interaction. How
//! long each wait is, exactly, is checked on a paused clock in
//! `src/deliver/tests.rs`; these check the bot as a whole.

use crate::support::bot::{spawn_bot, spawn_bot_with, BotOptions};
use crate::support::fake_discord::A_GENERAL;
use crate::support::useapi::{useapi_answers, CONTENT};

#[tokio::test]
async fn a_429_that_gives_its_wait_only_in_the_body_is_waited_and_the_reply_delivered() {
    let bot = spawn_bot().await;
    useapi_answers(&bot, CONTENT).await;
    bot.discord
        .rate_limit_once_saying("PATCH", r"/messages/@original$", None, 0.05)
        .await;

    let inv = bot.invoke_fast(A_GENERAL).await;
    let replies = bot.wait_for_replies(&inv, 2).await;

    assert!(replies.iter().all(|r| r.content == CONTENT));
    let retry = bot.wait_for_line("Discord answered 429; retrying").await;
    assert!(retry.contains("wait=50ms"), "the body's 0.05 s: {retry}");
    bot.finish().await;
}

#[tokio::test]
async fn a_429_asking_for_longer_than_the_acknowledgement_window_is_not_waited() {
    let bot = spawn_bot_with(BotOptions::with_health_server()).await;
    useapi_answers(&bot, CONTENT).await;
    bot.discord
        .rate_limit_once_saying("POST", r"/callback$", Some("30"), 30.0)
        .await;

    let inv = bot.invoke_fast(A_GENERAL).await;
    let gave_up = bot
        .wait_for_line("asked for a wait past the interaction's deadline; giving up")
        .await;
    // The command is over: counted as failed, its acknowledgement lost.
    bot.wait_for_metric(r#"mj_bridge_commands_total{verb="fast",outcome="failed"} 1"#)
        .await;

    assert!(gave_up.contains("wait=30s"), "{gave_up}");
    assert_eq!(bot.callbacks(&inv).await.len(), 1, "not sent again");
    assert!(
        bot.useapi_requests().await.is_empty(),
        "a command Discord never saw acknowledged is not relayed"
    );
    bot.finish().await;
}
