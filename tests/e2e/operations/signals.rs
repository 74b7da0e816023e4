//! SIGTERM ends the bot at any moment, with exit code 0: also before
//! Discord was ever reached and while the gateway does not answer.

use crate::support::bot::{prepare, BotOptions};
use crate::support::process::prepare_with_discord_refusing;
use crate::support::wait_until;

#[tokio::test]
async fn sigterm_ends_the_bot_while_discord_cannot_be_reached() {
    let (mut bot, nowhere, _closed_port) = prepare_with_discord_refusing().await;
    bot.launch();
    // One warn line of the bot's own per attempt, naming what it tried to reach.
    let attempt = "cannot reach Discord; trying again in";
    wait_until(
        "two attempts to reach Discord",
        std::time::Duration::from_secs(20),
        || async { bot.output().matches(attempt).count() >= 2 },
    )
    .await;
    let output = bot.output();
    let line = output.lines().find(|l| l.contains(attempt)).unwrap();
    assert!(line.contains("WARN"), "{line}");
    assert!(line.contains(&nowhere.to_string()), "{line}");

    let status = bot.stop().await;

    assert_eq!(status.code(), Some(0), "{}", bot.output());
    bot.finish().await;
}

#[tokio::test]
async fn sigterm_ends_the_bot_while_the_gateway_does_not_answer() {
    let mut bot = prepare(BotOptions::default()).await;
    bot.discord.pause_gateway(true);
    bot.launch();
    wait_until(
        "the bot to ask Discord for the gateway",
        std::time::Duration::from_secs(20),
        || async {
            bot.discord
                .requests()
                .await
                .iter()
                .any(|r| r.path.ends_with("/gateway"))
        },
    )
    .await;

    let status = bot.stop().await;

    assert_eq!(status.code(), Some(0), "{}", bot.output());
    bot.finish().await;
}
