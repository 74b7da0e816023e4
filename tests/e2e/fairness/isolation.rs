//! No server can hurt another: an audit channel Discord holds (a slow
//! channel, or an empty rate-limit bucket) delays only that server's audit
//! lines, never a command of another server, and the lines waiting for it
//! are bounded, the dropped ones counted.

use std::time::Duration;

use crate::support::bot::{spawn_bot_with, BotOptions, TestBot};
use crate::support::fake_discord::{Place, A_GENERAL, A_OTHER, B_GENERAL};
use crate::support::front::HeldRoute;
use crate::support::useapi::{useapi_answers, CONTENT};
use crate::support::wait_until;

/// GUILD_A's audit channel.
const LOG: Place = A_OTHER;
/// More commands than the Discord calls replies share at once (64), so
/// audit posts that took those shared slots would leave none for others.
const BUSY: usize = 70;
/// Lines that wait for one server's audit channel (`audit::MAX_BACKLOG`).
const MAX_BACKLOG: usize = 100;

/// A bot with `options` (and slow routes) answering [`CONTENT`], GUILD_A
/// auditing in [`LOG`], where Discord holds every post until released.
async fn audit_channel_held(options: BotOptions) -> (TestBot, HeldRoute) {
    let bot = spawn_bot_with(options.slow_routes()).await;
    useapi_answers(&bot, CONTENT).await;
    bot.set_audit_channel(LOG).await;
    let held = bot.discord.hold_posts_in(LOG.channel);
    (bot, held)
}

#[tokio::test]
async fn a_held_audit_channel_in_one_server_does_not_delay_a_command_in_another() {
    let (bot, held) = audit_channel_held(BotOptions::default()).await;

    let mut busy = Vec::with_capacity(BUSY);
    for _ in 0..BUSY {
        busy.push(bot.invoke_fast(A_GENERAL).await);
    }
    for inv in &busy {
        assert_eq!(bot.reply(inv).await.content, CONTENT);
    }
    wait_until(
        "GUILD_A's audit posts to be held",
        Duration::from_secs(20),
        || async { held.waiting() > 0 },
    )
    .await;

    let other = bot.invoke_fast(B_GENERAL).await;
    bot.wait_for_acknowledgement(&other).await;
    let reply = bot.reply(&other).await;

    assert!(
        held.waiting() > 0,
        "GUILD_A's audit posts were held all along"
    );
    assert_eq!(reply.content, CONTENT);
    held.release();
    let posts = bot.wait_for_posts(LOG, 1 + BUSY).await;
    assert_eq!(posts.len(), 1 + BUSY, "one line per command, once");
    bot.finish().await;
}

#[tokio::test]
async fn more_than_100_lines_waiting_for_one_server_are_dropped_and_counted() {
    let (bot, held) = audit_channel_held(BotOptions::with_health_server()).await;
    // The first line is being posted (held) before the others queue.
    bot.reply(&bot.invoke_fast(A_GENERAL).await).await;
    wait_until(
        "the first audit line to be held",
        Duration::from_secs(20),
        || async { held.waiting() == 1 },
    )
    .await;

    let mut queued = Vec::with_capacity(MAX_BACKLOG + 4);
    for _ in 0..MAX_BACKLOG + 4 {
        queued.push(bot.invoke_fast(A_GENERAL).await);
    }
    for inv in &queued {
        bot.reply(inv).await;
    }

    bot.wait_for_metric("mj_bridge_audit_lines_dropped_total 4")
        .await;
    assert_eq!(held.waiting(), 1, "only one line at a time is posted");
    held.release();
    // The first line to enable the log, the held one, then the 100 kept.
    let posts = bot.wait_for_posts(LOG, 2 + MAX_BACKLOG).await;
    let metrics = bot.wait_until_idle().await;
    assert_eq!(posts.len(), 2 + MAX_BACKLOG);
    assert!(
        metrics
            .lines()
            .any(|l| l == "mj_bridge_audit_lines_dropped_total 4"),
        "{metrics}"
    );
    bot.finish().await;
}
