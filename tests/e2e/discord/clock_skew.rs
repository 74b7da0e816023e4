//! A host clock that disagrees with Discord's: an interaction's id says
//! when Discord created it, and a host clock ahead of Discord's makes every
//! command look old (behind, made in the future). The command's budget and
//! its token's life count from when the bot received it, so it keeps its
//! whole USEAPI_TIMEOUT_SECS however far off the clock is, and the operator
//! is told once, in words that say so.

use std::time::Duration;

use serde_json::json;

use crate::support::bot::{spawn_bot, spawn_bot_with, BotOptions, TestBot, MEMBER};
use crate::support::fake_discord::{Typed, A_GENERAL};
use crate::support::own_accounts::unix_now;
use crate::support::replies::discord_timestamp;
use crate::support::useapi::{useapi_answers, CONTENT};

#[tokio::test]
async fn a_host_clock_10_minutes_ahead_of_discords_still_relays_and_is_logged_once() {
    let mut bot = spawn_bot_with(BotOptions::new().env("USEAPI_TIMEOUT_SECS", "60")).await;
    useapi_answers(&bot, CONTENT).await;
    let typed = || {
        Typed::command(A_GENERAL, "fast", json!([]), MEMBER)
            .created_ago(Duration::from_secs(10 * 60))
    };

    let first = bot.discord.send(typed()).await;
    let first = bot.reply(&first).await;
    let second = bot.discord.send(typed()).await;
    let second = bot.reply(&second).await;
    // Everything it printed, to count the warnings.
    bot.stop().await;
    let warning = bot.wait_for_line("skew_secs=").await;

    assert_eq!(first.content, CONTENT);
    assert_eq!(second.content, CONTENT);
    assert_eq!(bot.useapi_requests().await.len(), 2);
    assert!(warning.contains("WARN"), "{warning}");
    assert!((600..=610).contains(&skew_secs(&warning)), "{warning}");
    assert_eq!(bot.output().matches("skew_secs=").count(), 1, "logged once");
    bot.finish().await;
}

/// The N of `skew_secs=N` in `line`.
fn skew_secs(line: &str) -> i64 {
    line.split_whitespace()
        .find_map(|field| field.strip_prefix("skew_secs="))
        .and_then(|secs| secs.parse().ok())
        .unwrap_or_else(|| panic!("no skew_secs=N in {line}"))
}

/// `/fast` created `ago` ago or `later` from now by Discord's clock (the
/// host's clock ahead or behind), answered with CONTENT; returns the bot
/// and its skew line.
async fn relays_with_the_clock_off(ago: Duration, later: Duration) -> (TestBot, String) {
    let bot = spawn_bot().await;
    useapi_answers(&bot, CONTENT).await;
    let typed = Typed::command(A_GENERAL, "fast", json!([]), MEMBER)
        .created_ago(ago)
        .created_later(later);

    let reply = bot.reply(&bot.discord.send(typed).await).await;

    assert_eq!(reply.content, CONTENT);
    assert_eq!(bot.useapi_requests().await.len(), 1);
    let line = bot.wait_for_line("skew_secs=").await;
    (bot, line)
}

#[tokio::test]
async fn a_host_clock_an_hour_ahead_of_discords_still_relays() {
    let (bot, line) = relays_with_the_clock_off(Duration::from_secs(3600), Duration::ZERO).await;

    assert!((3590..=3610).contains(&skew_secs(&line)), "{line}");
    bot.finish().await;
}

#[tokio::test]
async fn a_host_clock_an_hour_behind_discords_still_relays() {
    let (bot, line) = relays_with_the_clock_off(Duration::ZERO, Duration::from_secs(3600)).await;

    assert!((-3610..=-3590).contains(&skew_secs(&line)), "{line}");
    bot.finish().await;
}

#[tokio::test]
async fn the_skew_line_says_commands_keep_their_time_budget_and_to_check_ntp() {
    let (bot, line) = relays_with_the_clock_off(Duration::from_secs(14 * 60), Duration::ZERO).await;

    for words in [
        "commands are timed from when the bot receives them",
        "still get all of USEAPI_TIMEOUT_SECS",
        "NTP",
    ] {
        assert!(line.contains(words), "{words}: {line}");
    }
    bot.finish().await;
}

#[tokio::test]
async fn the_end_of_a_cooldown_is_shown_by_discords_clock_not_the_hosts() {
    let bot = spawn_bot_with(BotOptions::new().cooldown(600)).await;
    useapi_answers(&bot, CONTENT).await;
    // Discord's clock an hour behind the host's.
    let typed = |verb| {
        Typed::command(A_GENERAL, verb, json!([]), MEMBER)
            .by(400_000_000_000_000_001)
            .created_ago(Duration::from_secs(3600))
    };
    assert_eq!(
        bot.reply(&bot.discord.send(typed("fast")).await)
            .await
            .content,
        CONTENT
    );

    let refused = bot.reply(&bot.discord.send(typed("relax")).await).await;

    let at: u64 = discord_timestamp(&refused.content);
    let discords_now = unix_now() - 3600;
    assert!(
        (discords_now + 590..=discords_now + 601).contains(&at),
        "{at} vs Discord's now {discords_now}"
    );
    bot.finish().await;
}
