//! Managing a server's own useapi.net account once entered: `/mj-channel
//! account clear` deletes it, `/mj-channel list` says which account the
//! server spends.

use serde_json::{json, Value};

use crate::support::bot::{spawn_bot_with, BotOptions, TestBot, MANAGER, MEMBER};
use crate::support::checks::assert_contains;
use crate::support::fake_discord::{Place, A_ART, A_GENERAL, B_GENERAL, GUILD_A};
use crate::support::own_accounts::{own_account, secrets_key, unix_now, KEY_1};
use crate::support::replies::Sent;
use crate::support::useapi::{useapi_request_for, CONTENT};
use crate::support::useapi_tokens::{authorization, bearer, useapi_knows_token, TOKEN_A, TOKEN_B};

const MJ_1: &str = "555555555555555555";
const MJ_2: &str = "777777777777777777";

/// The bot with the key ring KEY_1, GUILD_A having its own account
/// (TOKEN_A, sealed with KEY_1, verified at `verified_at`, 2 Midjourney
/// channels) and a channel mapped to MJ_1.
async fn guild_a_with_its_own_account(verified_at: u64) -> TestBot {
    let mut account = own_account(KEY_1, GUILD_A, TOKEN_A, 2);
    account["verified_at"] = json!(verified_at);
    let file = json!({"version": 1, "guilds": {GUILD_A.to_string(): {
        "channels": {A_ART.channel.to_string(): MJ_1},
        "account": account,
    }}});
    spawn_bot_with(
        BotOptions::new()
            .secrets_key(KEY_1)
            .channels(file.to_string()),
    )
    .await
}

/// `/mj-channel account clear` typed in A_GENERAL by a member with
/// `permissions`: the reply, which only they see.
async fn account_clear(bot: &TestBot, permissions: &str) -> Sent {
    let reply = bot
        .reply(&bot.invoke_account(A_GENERAL, permissions, "clear").await)
        .await;
    assert!(reply.ephemeral, "{reply:?}");
    reply
}

/// The line of `/mj-channel list` (typed in `place` by a manager) about
/// the useapi.net account.
async fn account_line(bot: &TestBot, place: Place) -> String {
    let inv = bot.invoke_admin(place, MANAGER, "list", json!([])).await;
    let list = bot.reply(&inv).await;
    assert!(list.ephemeral);
    list.content
        .lines()
        .find(|l| l.starts_with("useapi.net account:"))
        .unwrap_or_else(|| panic!("no `useapi.net account:` line in {}", list.content))
        .to_owned()
}

#[tokio::test]
async fn account_clear_deletes_the_servers_token_and_keeps_its_other_settings() {
    let bot = guild_a_with_its_own_account(unix_now()).await;

    let reply = account_clear(&bot, MANAGER).await;

    assert_eq!(
        reply.content,
        "This server's own useapi.net account was removed; its token is deleted."
    );
    assert_eq!(bot.stored_account(GUILD_A), None);
    let guild = &bot.mapping_file()["guilds"][GUILD_A.to_string()];
    assert_eq!(
        guild["channels"][A_ART.channel.to_string()],
        MJ_1,
        "{guild}"
    );
    bot.finish().await;
}

#[tokio::test]
async fn account_clear_without_an_account_changes_nothing() {
    let bot = spawn_bot_with(BotOptions::new().secrets_key(KEY_1)).await;

    let reply = account_clear(&bot, MANAGER).await;

    assert_eq!(
        reply.content,
        "This server had no useapi.net account of its own; nothing changed."
    );
    assert_eq!(bot.stored_account(GUILD_A), None);
    bot.finish().await;
}

#[tokio::test]
async fn account_clear_is_refused_to_a_member_without_manage_server() {
    let bot = guild_a_with_its_own_account(unix_now()).await;

    let reply = account_clear(&bot, MEMBER).await;

    assert_contains(&reply.content, "Manage Server");
    assert!(bot.stored_account(GUILD_A).is_some());
    bot.finish().await;
}

#[tokio::test]
async fn list_shows_the_servers_own_account_when_it_was_verified_and_its_channels() {
    let verified_at = unix_now() - 3600;
    let bot = guild_a_with_its_own_account(verified_at).await;
    // As many as stored, whether the list counts them again or not.
    useapi_knows_token(&bot, TOKEN_A, &[MJ_1, MJ_2]).await;

    let line = account_line(&bot, A_GENERAL).await;

    let expected = format!(
        "useapi.net account: own account, verified <t:{verified_at}:R>, 2 Midjourney channels"
    );
    assert!(line.starts_with(&expected), "{line}");
    bot.finish().await;
}

#[tokio::test]
async fn list_says_a_server_without_its_own_account_spends_the_bot_owners() {
    // ALLOWED_GUILDS unset: every server may spend USEAPI_TOKEN's account.
    let bot = guild_a_with_its_own_account(unix_now()).await;

    let line = account_line(&bot, B_GENERAL).await;

    assert!(
        line.starts_with("useapi.net account: the bot owner's account"),
        "{line}"
    );
    bot.finish().await;
}

#[tokio::test]
async fn list_says_none_and_how_to_add_one_when_the_server_has_no_account_to_spend() {
    let env = [secrets_key(KEY_1), ("ALLOWED_GUILDS", "any".to_owned())];
    let bot = spawn_bot_with(BotOptions::new().envs(env.to_vec())).await;

    let line = account_line(&bot, A_GENERAL).await;

    assert!(line.starts_with("useapi.net account: none"), "{line}");
    assert!(line.contains("/mj-channel account set"), "{line}");
    assert!(bot.useapi_requests().await.is_empty());
    bot.finish().await;
}

#[tokio::test]
async fn a_token_entered_again_replaces_the_stored_one() {
    let bot = spawn_bot_with(BotOptions::new().secrets_key(KEY_1)).await;
    useapi_knows_token(&bot, TOKEN_A, &[MJ_1]).await;
    useapi_knows_token(&bot, TOKEN_B, &[MJ_1, MJ_2]).await;
    bot.enter_own_token(A_GENERAL, TOKEN_A).await;
    let first: Value = bot.stored_account(GUILD_A).unwrap();

    let (_, answer) = bot.enter_own_token(A_GENERAL, TOKEN_B).await;

    assert_contains(&answer.content, "2 Midjourney channels");
    let second = bot.stored_account(GUILD_A).unwrap();
    assert_ne!(first["token"]["sealed"], second["token"]["sealed"]);
    assert_eq!(second["channels"], 2, "{second}");
    let fast = bot.invoke_fast(A_GENERAL).await;
    assert_eq!(bot.reply(&fast).await.content, CONTENT);
    let job = useapi_request_for(&bot, &fast).await;
    assert_eq!(authorization(&job), Some(bearer(TOKEN_B)));
    bot.finish().await;
}
