//! A host clock that disagrees with Discord's: an interaction's id says
//! when Discord created it, and a host clock ahead of Discord's makes every
//! command look old. The command keeps its whole USEAPI_TIMEOUT_SECS, and
//! the operator is told once.

use std::time::Duration;

use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn a_host_clock_10_minutes_ahead_of_discords_still_relays_and_is_logged_once() {
    let mut bot = spawn_bot_with(BotOptions {
        env: vec![("USEAPI_TIMEOUT_SECS", "60".into())],
        ..Default::default()
    })
    .await;
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
    let secs: i64 = warning
        .split_whitespace()
        .find_map(|field| field.strip_prefix("skew_secs="))
        .and_then(|secs| secs.parse().ok())
        .unwrap_or_else(|| panic!("no skew_secs=N in {warning}"));
    assert!((600..=610).contains(&secs), "{warning}");
    assert_eq!(bot.output().matches("skew_secs=").count(), 1, "logged once");
    bot.finish().await;
}
