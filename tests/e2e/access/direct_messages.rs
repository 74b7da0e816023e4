//! A command typed outside any server (a direct message to the bot): with
//! `ALLOWED_GUILDS=any` it spends nobody's account, and where it may spend
//! the owner's (a private bot) it keeps to the member's cooldown and is
//! audited like any other.

use serde_json::json;

use crate::support::bot::{spawn_bot, spawn_bot_with, BotOptions, TestBot, MEMBER, USEAPI_TOKEN};
use crate::support::checks::assert_contains;
use crate::support::fake_discord::{Typed, DM};
use crate::support::own_accounts::{secrets_key, KEY_1};
use crate::support::replies::Sent;
use crate::support::useapi::{useapi_answers, CONTENT};
use crate::support::useapi_tokens::{bearer, job_authorizations};

const ALICE: u64 = 400_000_000_000_000_001;

fn options(env: &[(&'static str, String)]) -> BotOptions {
    BotOptions::new().envs(env.to_vec())
}

/// `verb` typed by ALICE in a direct message to the bot.
async fn in_a_dm(bot: &TestBot, verb: &str) -> Sent {
    let typed = Typed::command(DM, verb, json!([]), MEMBER).by(ALICE);
    bot.reply(&bot.discord.send(typed).await).await
}

/// A direct message with `env` is told the command works only in a
/// server, and nothing reaches useapi.
async fn assert_refused_outside_a_server(env: &[(&'static str, String)]) {
    let bot = spawn_bot_with(options(env)).await;
    useapi_answers(&bot, CONTENT).await;

    let reply = in_a_dm(&bot, "fast").await;

    assert!(reply.ephemeral, "{reply:?}");
    assert_eq!(reply.content, "This command only works inside a server.");
    assert!(bot.useapi_requests().await.is_empty());
    bot.finish().await;
}

#[tokio::test]
async fn with_allowed_guilds_any_and_a_key_ring_a_direct_message_spends_nobodys_account() {
    assert_refused_outside_a_server(&[("ALLOWED_GUILDS", "any".to_owned()), secrets_key(KEY_1)])
        .await;
}

#[tokio::test]
async fn with_allowed_guilds_any_a_direct_message_never_spends_the_owners_account() {
    assert_refused_outside_a_server(&[("ALLOWED_GUILDS", "any".to_owned())]).await;
}

#[tokio::test]
async fn a_direct_message_to_a_private_bot_spends_the_owners_account() {
    let bot = spawn_bot().await;
    useapi_answers(&bot, CONTENT).await;

    assert_eq!(in_a_dm(&bot, "fast").await.content, CONTENT);
    assert_eq!(job_authorizations(&bot).await, [bearer(USEAPI_TOKEN)]);
    bot.finish().await;
}

#[tokio::test]
async fn a_second_direct_message_within_the_cooldown_is_refused_without_a_useapi_call() {
    let bot = spawn_bot_with(options(&[("COMMAND_COOLDOWN_SECS", "600".to_owned())])).await;
    useapi_answers(&bot, CONTENT).await;

    assert_eq!(in_a_dm(&bot, "fast").await.content, CONTENT);
    let refused = in_a_dm(&bot, "relax").await;

    assert!(refused.ephemeral, "{refused:?}");
    assert_contains(&refused.content, "every 600 seconds");
    assert_eq!(job_authorizations(&bot).await.len(), 1);
    bot.finish().await;
}

#[tokio::test]
async fn a_direct_message_that_reached_useapi_is_audited_in_the_log() {
    let bot = spawn_bot().await;
    useapi_answers(&bot, CONTENT).await;

    assert_eq!(in_a_dm(&bot, "fast").await.content, CONTENT);
    let line = bot
        .wait_for_line("audit line of a command outside any server")
        .await;

    let expected = format!(
        "<@{ALICE}> /fast in <#{}> → account default: ✓ Done!",
        DM.channel
    );
    assert!(line.contains(&expected), "{line}");
    bot.finish().await;
}
