//! Servers' own accounts watched: while a server on its own useapi account
//! is active (a command in the last day), the watcher reads that account's
//! list on the same schedule as the operator's, once per round however many
//! servers share the token, and tells only the servers spending it.

use serde_json::{json, Value};

use crate::support::audit_posts::{count, posts_in, wait_for_post};
use crate::support::bot::{prepare, TestBot, USEAPI_TOKEN};
use crate::support::fake_discord::{Place, A_GENERAL, A_OTHER, B_GENERAL, GUILD_A, GUILD_B};
use crate::support::own_accounts::{own_account, KEY_1};
use crate::support::useapi_accounts::watched;
use crate::support::useapi_accounts::{
    account_polls_with, useapi_accounts, useapi_accounts_of, FakeAccounts,
};
use crate::support::useapi_tokens::TOKEN_A;
use crate::support::wait_until;

const MJ_OWN: &str = "555555555555555555";
const MJ_OPERATOR: &str = "666666666666666666";
const OWN_WORDS: &str = "Own account: solve the CAPTCHA";

/// A server on its own account (TOKEN_A) whose `/fast` at `place` uses
/// MJ_OWN, auditing in `audit`.
fn on_token_a(guild: u64, place: Place, audit: Place) -> Value {
    json!({
        "account": own_account(KEY_1, guild, TOKEN_A, 1),
        "channels": {place.channel.to_string(): MJ_OWN},
        "audit": audit.channel.to_string(),
    })
}

/// The bot with the key ring, the watcher reading every second and
/// /metrics served, `guilds` as its settings; useapi knows the operator's
/// account (listing MJ_OPERATOR) and TOKEN_A's (listing MJ_OWN, returned).
async fn start(guilds: Value) -> (TestBot, FakeAccounts) {
    let mut bot = prepare(watched(guilds, 1).secrets_key(KEY_1)).await;
    useapi_accounts(&bot, &[MJ_OPERATOR]).await;
    let own = useapi_accounts_of(&bot, TOKEN_A, &[MJ_OWN]).await;
    bot.start().await;
    (bot, own)
}

async fn fast_works(bot: &TestBot, place: Place) {
    bot.assert_fast_answers(place).await;
}

/// Waits until the operator's account list was read `more` more times.
async fn wait_for_operator_reads(bot: &TestBot, more: usize) {
    let target = account_polls_with(bot, USEAPI_TOKEN).await + more;
    wait_until(
        "reads of the operator's account",
        std::time::Duration::from_secs(30),
        || async { account_polls_with(bot, USEAPI_TOKEN).await >= target },
    )
    .await;
}

#[tokio::test]
async fn an_active_servers_own_account_is_watched_and_only_it_hears() {
    let guilds = json!({
        GUILD_A.to_string(): on_token_a(GUILD_A, A_GENERAL, A_OTHER),
        GUILD_B.to_string(): {"audit": B_GENERAL.channel.to_string()},
    });
    let (bot, own) = start(guilds).await;
    fast_works(&bot, A_GENERAL).await;

    own.set_pending(MJ_OWN, OWN_WORDS);

    let posts = wait_for_post(&bot, A_OTHER, OWN_WORDS).await;
    assert_eq!(count(&posts, OWN_WORDS), 1, "{posts:?}");
    wait_for_operator_reads(&bot, 2).await;
    assert!(
        posts_in(&bot, B_GENERAL)
            .await
            .iter()
            .all(|p| !p.contains(OWN_WORDS) && !p.contains(MJ_OWN)),
        "the operator's server hears nothing of it"
    );
    let metrics = bot.wait_until_idle().await;
    let row = metrics
        .lines()
        .find(|l| l.contains(&format!(r#"channel="{MJ_OWN}""#)))
        .unwrap_or_else(|| panic!("a row of its account: {metrics}"));
    assert!(row.contains(r#"state="pending_moderation""#), "{row}");
    assert!(!row.contains(r#"account="operator""#), "{row}");
    bot.finish().await;
}

#[tokio::test]
async fn a_token_two_servers_share_is_read_once_per_round_and_both_hear() {
    let guilds = json!({
        GUILD_A.to_string(): on_token_a(GUILD_A, A_GENERAL, A_OTHER),
        GUILD_B.to_string(): on_token_a(GUILD_B, B_GENERAL, B_GENERAL),
    });
    let (bot, own) = start(guilds).await;
    fast_works(&bot, A_GENERAL).await;
    fast_works(&bot, B_GENERAL).await;
    let (operator_before, own_before) = (
        account_polls_with(&bot, USEAPI_TOKEN).await,
        account_polls_with(&bot, TOKEN_A).await,
    );

    wait_for_operator_reads(&bot, 4).await;
    let operator_reads = account_polls_with(&bot, USEAPI_TOKEN).await - operator_before;
    let own_reads = account_polls_with(&bot, TOKEN_A).await - own_before;
    assert!(
        (1..=operator_reads + 1).contains(&own_reads),
        "{own_reads} reads of the shared token for {operator_reads} rounds"
    );

    own.set_pending(MJ_OWN, OWN_WORDS);
    for place in [A_OTHER, B_GENERAL] {
        let posts = wait_for_post(&bot, place, OWN_WORDS).await;
        assert_eq!(count(&posts, OWN_WORDS), 1, "{posts:?}");
    }
    bot.finish().await;
}

#[tokio::test]
async fn a_server_that_ran_no_command_is_not_watched() {
    let guilds = json!({GUILD_A.to_string(): on_token_a(GUILD_A, A_GENERAL, A_OTHER)});
    let (bot, _own) = start(guilds).await;

    wait_for_operator_reads(&bot, 3).await;

    assert_eq!(account_polls_with(&bot, TOKEN_A).await, 0);
    bot.finish().await;
}

/// The bot on TOKEN_A after a `/fast` that worked and useapi then refusing
/// that token with `status`, once it has posted the alert in the audit
/// channel (checked: it names the server's admins, never the operator's setting).
async fn refused_with(status: u16) -> TestBot {
    let guilds = json!({GUILD_A.to_string(): on_token_a(GUILD_A, A_GENERAL, A_OTHER)});
    let (bot, own) = start(guilds).await;
    fast_works(&bot, A_GENERAL).await;

    own.refuse_every_call(Some(status));

    let refused = "⚠️ useapi.net no longer accepts this server's own API token (HTTP 401 or 403)";
    let posts = wait_for_post(&bot, A_OTHER, refused).await;
    let alert = posts.iter().find(|p| p.contains(refused)).unwrap();
    assert!(
        alert.ends_with("To fix: a server admin must enter the server's token again with `/mj-channel account set`."),
        "{alert}"
    );
    assert!(!alert.contains("USEAPI_TOKEN"), "{alert}");
    bot
}

#[tokio::test]
async fn a_servers_own_token_refused_is_told_to_its_admins_to_enter_again() {
    refused_with(401).await.finish().await;
}

#[tokio::test]
async fn a_403_on_a_servers_own_token_is_a_refused_token_with_its_alert_and_board_state() {
    let bot = refused_with(403).await;
    // The board state: `/mj-channel list` marks the account in trouble.
    let listed = bot.mj_channel_list(A_GENERAL).await.content;
    assert!(listed.contains("own API token"), "{listed}");
    bot.finish().await;
}
