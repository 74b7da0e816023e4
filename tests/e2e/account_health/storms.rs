//! No storms: a channel's state read in the account list counts only once
//! the next read agrees, so a flapping list is never news, and however many
//! channels change in one read, the log gets one line for it.

use serde_json::json;

use crate::support::audit_posts::{count, posts_in, wait_for_post};
use crate::support::bot::{prepare, TestBot};
use crate::support::fake_discord::{Place, A_GENERAL, A_OTHER, GUILD_A};
use crate::support::useapi_accounts::watched;
use crate::support::useapi_accounts::{
    account_polls, useapi_accounts, wait_for_account_polls, FakeAccounts,
};
use crate::support::wait_until;

const MJ: &str = "555555555555555555";
const LOG: Place = A_OTHER;
const PENDING_ALERT: &str =
    "⚠️ Midjourney channel `555555555555555555` has a pending moderation message or CAPTCHA";
/// The words of the summary line of a read that changed several channels.
const SUMMARY: &str = "account states changed";

/// The bot with the watcher reading every second and /metrics served;
/// GUILD_A maps `/fast` in A_GENERAL to [`MJ`] and audits in [`LOG`];
/// useapi lists `channels`.
async fn start(channels: &[&str]) -> (TestBot, FakeAccounts) {
    let guild = json!({
        "channels": {A_GENERAL.channel.to_string(): MJ},
        "audit": LOG.channel.to_string(),
    });
    let mut bot = prepare(watched(json!({GUILD_A.to_string(): guild}), 1)).await;
    let accounts = useapi_accounts(&bot, channels).await;
    bot.start().await;
    (bot, accounts)
}

/// [`start`] with useapi listing 400 Midjourney channels ([`MJ`] first),
/// once the watcher has read them: the bot, the accounts and the channels.
async fn watching_many_channels() -> (TestBot, FakeAccounts, Vec<String>) {
    let channels: Vec<String> = (0..400u64)
        .map(|i| (555_555_555_555_555_555 + i).to_string())
        .collect();
    let names: Vec<&str> = channels.iter().map(String::as_str).collect();
    let (bot, accounts) = start(&names).await;
    wait_for_account_polls(&bot, 1).await;
    (bot, accounts, channels)
}

/// The log lines about account states: alerts and summaries.
fn state_lines(bot: &TestBot) -> Vec<String> {
    bot.output()
        .lines()
        .filter(|l| l.contains("Midjourney channel") || l.contains(SUMMARY))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn a_pending_moderation_read_once_is_not_announced_and_read_twice_is() {
    let (bot, accounts) = start(&[MJ]).await;
    wait_for_account_polls(&bot, 1).await;

    // Pending on every other read: never twice in a row.
    accounts.flap(Some("Please acknowledge"));
    wait_until(
        "three reads showing it pending",
        std::time::Duration::from_secs(30),
        || async { accounts.pending_reads(MJ) >= 3 },
    )
    .await;
    wait_for_account_polls(&bot, account_polls(&bot).await + 1).await;
    assert_eq!(posts_in(&bot, LOG).await, Vec::<String>::new());
    assert_eq!(state_lines(&bot), Vec::<String>::new());

    accounts.flap(None);
    accounts.set_pending(MJ, "Please acknowledge");
    let reads_before = accounts.pending_reads(MJ);
    let posts = wait_for_post(&bot, LOG, PENDING_ALERT).await;

    assert_eq!(count(&posts, PENDING_ALERT), 1, "{posts:?}");
    assert!(
        accounts.pending_reads(MJ) >= reads_before + 2,
        "announced after two reads in a row"
    );
    bot.finish().await;
}

#[tokio::test]
async fn a_flapping_list_of_many_channels_writes_at_most_one_line_per_read() {
    let (bot, accounts, _) = watching_many_channels().await;

    accounts.flap(Some("Please acknowledge"));
    let first = account_polls(&bot).await;
    wait_for_account_polls(&bot, first + 6).await;
    let reads = account_polls(&bot).await - first;

    let lines = state_lines(&bot);
    assert!(
        lines.len() <= reads,
        "{} lines for {reads} reads: {lines:?}",
        lines.len()
    );
    assert_eq!(posts_in(&bot, LOG).await, Vec::<String>::new());
    bot.finish().await;
}

#[tokio::test]
async fn many_channels_changing_in_one_read_give_one_summary_line() {
    let (bot, accounts, channels) = watching_many_channels().await;

    for channel in &channels {
        accounts.set_pending(channel, "Please acknowledge");
    }
    let summary = bot.wait_for_line("400 account states changed").await;
    wait_for_account_polls(&bot, account_polls(&bot).await + 2).await;

    assert!(summary.contains("troubles=400"), "{summary}");
    assert_eq!(
        state_lines(&bot),
        vec![summary],
        "one line, none per channel"
    );
    // GUILD_A maps one of them: it hears of that one alone.
    let posts = wait_for_post(&bot, LOG, PENDING_ALERT).await;
    assert_eq!(posts.len(), 1, "{posts:?}");
    bot.finish().await;
}
