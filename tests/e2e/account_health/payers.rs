//! Account health with servers on different accounts: each server hears
//! about the account it spends, and only that one. A server on its own
//! useapi account never gets the operator's alerts, marks or metric rows,
//! and a server spending no account hears nothing at all.

use serde_json::{json, Value};

use crate::support::audit_posts::{count, posts_in, wait_for_post};
use crate::support::bot::{prepare, BotOptions, TestBot};
use crate::support::fake_discord::{Place, A_GENERAL, A_OTHER, B_GENERAL, GUILD_A, GUILD_B};
use crate::support::own_accounts::{own_account, KEY_1};
use crate::support::useapi::CONTENT;
use crate::support::useapi_accounts::watched;
use crate::support::useapi_accounts::{
    account_polls, useapi_accounts, useapi_accounts_of, wait_for_account_polls, FakeAccounts,
};
use crate::support::useapi_tokens::{useapi_knows_token, TOKEN_A};

/// The operator's account lists MJ_OPERATOR; GUILD_A's own lists MJ_OWN.
const MJ_OPERATOR: &str = "666666666666666666";
const MJ_OWN: &str = "555555555555555555";
const A_LOG: Place = A_OTHER;
const OPERATOR_WORDS: &str = "Operator account: acknowledge the new Terms";

/// GUILD_A on its own account (TOKEN_A), `/fast` in A_GENERAL on MJ_OWN,
/// its audit channel A_LOG.
fn guild_a_on_its_own() -> Value {
    json!({
        "account": own_account(KEY_1, GUILD_A, TOKEN_A, 1),
        "channels": {A_GENERAL.channel.to_string(): MJ_OWN},
        "audit": A_LOG.channel.to_string(),
    })
}

/// The bot with the key ring, the watcher reading every second, /metrics
/// served, `env` and `guilds` as its settings; useapi knows the operator's
/// account (returned, to change) and TOKEN_A's.
async fn start(env: &[(&'static str, String)], guilds: Value) -> (TestBot, FakeAccounts) {
    let options = watched(guilds, 1).secrets_key(KEY_1).envs(env.to_vec());
    let mut bot = prepare(options).await;
    let operator = useapi_accounts(&bot, &[MJ_OPERATOR]).await;
    useapi_knows_token(&bot, TOKEN_A, &[MJ_OWN]).await;
    bot.start().await;
    (bot, operator)
}

fn row(account: &str, channel: &str, state: &str) -> String {
    format!(
        r#"mj_bridge_account_state{{account="{account}",channel="{channel}",state="{state}"}} 1"#
    )
}

#[tokio::test]
async fn a_server_on_its_own_account_never_hears_about_the_operators_account() {
    let guilds = json!({
        GUILD_A.to_string(): guild_a_on_its_own(),
        GUILD_B.to_string(): {"audit": B_GENERAL.channel.to_string()},
    });
    let (bot, operator) = start(&[], guilds).await;
    let inv = bot.invoke_fast(A_GENERAL).await;
    assert_eq!(bot.reply(&inv).await.content, CONTENT);

    operator.set_pending(MJ_OPERATOR, OPERATOR_WORDS);
    // GUILD_B spends the operator's account (no default: its only channel).
    wait_for_post(&bot, B_GENERAL, OPERATOR_WORDS).await;
    operator.refuse_every_call(Some(401));
    wait_for_post(&bot, B_GENERAL, "useapi.net refuses the bot's API token").await;
    wait_for_account_polls(&bot, account_polls(&bot).await + 2).await;

    let posts = posts_in(&bot, A_LOG).await;
    assert_eq!(posts.len(), 1, "only its command's line: {posts:?}");
    assert!(!posts[0].contains('⚠'), "{posts:?}");
    let list = bot.mj_channel_list(A_GENERAL).await;
    assert!(
        list.content.contains(MJ_OWN) && !list.content.contains('⚠'),
        "{}",
        list.content
    );
    let metrics = bot.wait_until_idle().await;
    assert!(
        metrics.contains(&row("operator", MJ_OPERATOR, "token_refused")),
        "{metrics}"
    );
    // Its own channel is its own account's, never missing from the operator's.
    assert!(
        !metrics.contains(&format!(r#"account="operator",channel="{MJ_OWN}""#)),
        "{metrics}"
    );
    let own_row = metrics
        .lines()
        .find(|l| l.contains(&format!(r#"channel="{MJ_OWN}""#)))
        .unwrap_or_else(|| panic!("a row of its own account: {metrics}"));
    assert!(own_row.ends_with(r#"state="fine"} 1"#), "{own_row}");
    assert!(!own_row.contains(TOKEN_A), "{own_row}");
    bot.finish().await;
}

#[tokio::test]
async fn with_allowed_guilds_any_the_operators_pending_moderation_never_reaches_a_stranger() {
    // A stranger's server, with no account of its own, that even maps the
    // operator's channel: it spends no account, so it hears of none.
    let stranger = json!({
        "channels": {B_GENERAL.channel.to_string(): MJ_OPERATOR},
        "audit": B_GENERAL.channel.to_string(),
    });
    let env = [("ALLOWED_GUILDS", "any".to_owned())];
    let (bot, operator) = start(&env, json!({GUILD_B.to_string(): stranger})).await;

    operator.set_pending(MJ_OPERATOR, OPERATOR_WORDS);
    let pending = row("operator", MJ_OPERATOR, "pending_moderation");
    bot.wait_for_metric(&pending).await;
    wait_for_account_polls(&bot, account_polls(&bot).await + 2).await;

    assert_eq!(posts_in(&bot, B_GENERAL).await, Vec::<String>::new());
    bot.finish().await;
}

#[tokio::test]
async fn check_does_not_fail_a_servers_own_channel_against_the_operators_account() {
    let guilds = json!({
        GUILD_A.to_string(): guild_a_on_its_own(),
        GUILD_B.to_string(): {"default": MJ_OPERATOR},
    });
    let options = BotOptions::new()
        .channels(json!({"version": 1, "guilds": guilds}).to_string())
        .secrets_key(KEY_1);
    let bot = prepare(options).await;
    useapi_accounts(&bot, &[MJ_OPERATOR]).await;

    let (output, stdout) = bot.run_check(&[]).await;

    assert!(!stdout.contains("mapped but not configured"), "{stdout}");
    for line in [
        "✓ 1 servers spend their own useapi account (or none): their mapped channels are not checked against the operator's account",
        "✓ the one mapped Midjourney channel is configured at useapi.net",
    ] {
        assert!(stdout.contains(line), "{line}: {stdout}");
    }
    assert!(output.status.success(), "{stdout}");
    bot.finish().await;
}

#[tokio::test]
async fn a_job_answer_of_a_servers_own_account_is_told_to_that_server_at_once() {
    let guilds = json!({GUILD_A.to_string(): guild_a_on_its_own()});
    // No watcher: only the job's answer can tell.
    let mut bot = prepare(watched(guilds, 0).secrets_key(KEY_1)).await;
    useapi_accounts(&bot, &[MJ_OPERATOR]).await;
    let own = useapi_accounts_of(&bot, TOKEN_A, &[MJ_OWN]).await;
    bot.start().await;
    own.set_pending(MJ_OWN, "ignored: jobs say 596");

    let inv = bot.invoke_fast(A_GENERAL).await;

    assert!(bot.reply(&inv).await.content.contains("HTTP 596"));
    let alert = format!("⚠️ Midjourney channel `{MJ_OWN}` has a pending moderation message");
    let posts = wait_for_post(&bot, A_LOG, &alert).await;
    assert_eq!(count(&posts, &alert), 1, "{posts:?}");
    let metrics = bot.wait_until_idle().await;
    assert!(
        metrics.lines().any(|l| l
            .contains(&format!(r#"channel="{MJ_OWN}",state="pending_moderation""#))
            && !l.contains(r#"account="operator""#)),
        "{metrics}"
    );
    bot.finish().await;
}
