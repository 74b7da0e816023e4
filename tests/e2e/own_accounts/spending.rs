//! Which useapi.net account a command spends: the server's own when it has
//! one, for everything; otherwise the bot owner's (USEAPI_TOKEN) only where
//! the owner allows it (ALLOWED_GUILDS unset or listing the server, or
//! `any` without a key ring); otherwise none, and the member is told how to
//! add one, with no call to useapi.

use serde_json::json;

use crate::support::bot::{prepare, spawn_bot_with, BotOptions, TestBot, MANAGER, USEAPI_TOKEN};
use crate::support::checks::assert_contains;
use crate::support::fake_discord::{
    Place, A_ART, A_ART_THREAD, A_GENERAL, B_GENERAL, GUILDS, GUILD_A,
};
use crate::support::invoke::midjourney_channel;
use crate::support::own_accounts::{mapping_with_accounts, own_account, secrets_key, KEY_1};
use crate::support::useapi::{useapi_answers, useapi_request_for, CONTENT};
use crate::support::useapi_tokens::{
    authorization, bearer, job_authorizations, useapi_knows_token, useapi_requests_with, TOKEN_A,
};

/// GUILD_A's own account knows MJ_OWN; the owner's knows MJ_OWNER.
const MJ_OWN: &str = "555555555555555555";
const MJ_OWNER: &str = "666666666666666666";

/// A bot with the key ring KEY_1, USEAPI_TOKEN and `env`, where GUILD_A has
/// its own account (TOKEN_A) and GUILD_B none; useapi knows both tokens.
async fn guild_a_on_its_own_account(env: &[(&'static str, String)]) -> TestBot {
    let file = mapping_with_accounts(&[(GUILD_A, own_account(KEY_1, GUILD_A, TOKEN_A, 1))]);
    let mut all = vec![secrets_key(KEY_1)];
    all.extend_from_slice(env);
    let bot = spawn_bot_with(BotOptions::new().envs(all.to_vec()).channels(file)).await;
    useapi_knows_token(&bot, TOKEN_A, &[MJ_OWN]).await;
    useapi_knows_token(&bot, USEAPI_TOKEN, &[MJ_OWNER]).await;
    bot
}

/// `/fast` at `place`: answered with CONTENT; returns the Authorization
/// header its job carried.
async fn fast_spends(bot: &TestBot, place: Place) -> Option<String> {
    let inv = bot.assert_fast_answers(place).await;
    authorization(&useapi_request_for(bot, &inv).await)
}

/// `/fast` at `place` is told (privately, after "thinking…") that the
/// server has no useapi.net account, and nothing reaches useapi.
async fn assert_told_to_enter_a_token(bot: &TestBot, place: Place) {
    let inv = bot.invoke_fast(place).await;
    let reply = bot.reply(&inv).await;
    let first = bot.wait_for_acknowledgement(&inv).await;
    assert_eq!(first.body["type"], 5, "deferred first: {}", first.body);
    assert!(reply.ephemeral, "{reply:?}");
    for part in ["no useapi.net account", "/mj-channel account set"] {
        assert!(reply.content.contains(part), "{part}: {}", reply.content);
    }
    assert!(bot.useapi_requests().await.is_empty());
}

#[tokio::test]
async fn a_server_with_its_own_token_spends_it_on_its_jobs() {
    let bot = guild_a_on_its_own_account(&[]).await;

    for place in [A_GENERAL, A_ART_THREAD] {
        assert_eq!(fast_spends(&bot, place).await, Some(bearer(TOKEN_A)));
    }
    assert_eq!(
        job_authorizations(&bot).await,
        [bearer(TOKEN_A), bearer(TOKEN_A)]
    );
    bot.finish().await;
}

#[tokio::test]
async fn a_server_without_its_own_token_spends_the_owners_when_allowed_guilds_is_unset() {
    let bot = guild_a_on_its_own_account(&[]).await;

    assert_eq!(
        fast_spends(&bot, B_GENERAL).await,
        Some(bearer(USEAPI_TOKEN))
    );
    bot.finish().await;
}

#[tokio::test]
async fn autocomplete_suggests_the_channels_of_the_servers_own_account() {
    let bot = guild_a_on_its_own_account(&[]).await;
    let typing = json!([{"name": "set", "type": 1, "options": [
        {"name": "midjourney_channel", "type": 3, "value": "", "focused": true}
    ]}]);

    let inv = bot.autocomplete(A_ART, MANAGER, typing).await;
    let choices = bot.suggestions_for(&inv).await;

    let values: Vec<&str> = choices.iter().filter_map(|c| c["value"].as_str()).collect();
    assert_eq!(values, [MJ_OWN], "{choices:?}");
    assert!(useapi_requests_with(&bot, USEAPI_TOKEN).await.is_empty());
    bot.finish().await;
}

#[tokio::test]
async fn set_checks_the_midjourney_channel_against_the_servers_own_account() {
    let bot = guild_a_on_its_own_account(&[]).await;

    let owners = bot
        .reply(
            &bot.invoke_admin(A_ART, MANAGER, "set", midjourney_channel(MJ_OWNER))
                .await,
        )
        .await;
    let own = bot
        .reply(
            &bot.invoke_admin(A_ART, MANAGER, "set", midjourney_channel(MJ_OWN))
                .await,
        )
        .await;

    assert_contains(
        &owners.content,
        &format!("useapi.net has no Midjourney account configured for channel `{MJ_OWNER}`"),
    );
    assert_contains(&own.content, "now use Midjourney channel");
    let checks: Vec<String> = useapi_requests_with(&bot, TOKEN_A)
        .await
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    assert!(
        checks.contains(&format!("/v2/account/midjourney/{MJ_OWN}")),
        "{checks:?}"
    );
    assert!(useapi_requests_with(&bot, USEAPI_TOKEN).await.is_empty());
    bot.finish().await;
}

#[tokio::test]
async fn with_a_key_ring_and_any_server_allowed_a_server_without_a_token_is_told_to_enter_one() {
    let env = [secrets_key(KEY_1), ("ALLOWED_GUILDS", "any".to_owned())];
    let bot = spawn_bot_with(BotOptions::new().envs(env.to_vec())).await;
    useapi_answers(&bot, CONTENT).await;

    assert_told_to_enter_a_token(&bot, A_GENERAL).await;
    bot.finish().await;
}

#[tokio::test]
async fn a_public_bot_with_a_key_ring_and_no_useapi_token_starts_without_an_allow_list() {
    let env = [secrets_key(KEY_1), ("USEAPI_TOKEN", String::new())];
    let mut bot = prepare(BotOptions::new().envs(env.to_vec())).await;
    bot.discord.set_bot_public(true);

    bot.start().await;

    for guild in GUILDS {
        let commands = bot.discord.guild_commands(guild).unwrap_or_default();
        assert!(
            commands.iter().any(|c| c["name"] == "mj-channel"),
            "commands registered in {guild}: {commands:?}"
        );
    }
    bot.finish().await;
}

#[tokio::test]
async fn a_public_bot_without_useapi_token_tells_a_server_without_a_token_to_enter_one() {
    let env = [
        secrets_key(KEY_1),
        ("USEAPI_TOKEN", String::new()),
        ("ALLOWED_GUILDS", "any".to_owned()),
    ];
    let mut bot = prepare(BotOptions::new().envs(env.to_vec())).await;
    bot.discord.set_bot_public(true);
    bot.start().await;
    useapi_answers(&bot, CONTENT).await;

    assert_told_to_enter_a_token(&bot, B_GENERAL).await;
    bot.finish().await;
}

#[tokio::test]
async fn a_server_listed_in_allowed_guilds_spends_the_owners_account_beside_a_key_ring() {
    let env = [secrets_key(KEY_1), ("ALLOWED_GUILDS", GUILD_A.to_string())];
    let bot = spawn_bot_with(BotOptions::new().envs(env.to_vec())).await;
    useapi_knows_token(&bot, USEAPI_TOKEN, &[MJ_OWNER]).await;

    assert_eq!(
        fast_spends(&bot, A_GENERAL).await,
        Some(bearer(USEAPI_TOKEN))
    );
    bot.finish().await;
}

#[tokio::test]
async fn without_a_key_ring_allowed_guilds_any_spends_the_owners_account() {
    let bot = spawn_bot_with(BotOptions::new().allowed_guilds("any")).await;
    useapi_knows_token(&bot, USEAPI_TOKEN, &[MJ_OWNER]).await;

    assert_eq!(
        fast_spends(&bot, B_GENERAL).await,
        Some(bearer(USEAPI_TOKEN))
    );
    bot.finish().await;
}

#[tokio::test]
async fn a_token_entered_in_one_server_is_spent_there_from_the_next_command() {
    let bot = spawn_bot_with(BotOptions::new().secrets_key(KEY_1)).await;
    useapi_knows_token(&bot, TOKEN_A, &[MJ_OWN]).await;
    useapi_knows_token(&bot, USEAPI_TOKEN, &[MJ_OWNER]).await;
    assert_eq!(
        fast_spends(&bot, A_GENERAL).await,
        Some(bearer(USEAPI_TOKEN))
    );

    bot.enter_own_token(A_GENERAL, TOKEN_A).await;

    assert_eq!(fast_spends(&bot, A_GENERAL).await, Some(bearer(TOKEN_A)));
    assert_eq!(
        fast_spends(&bot, B_GENERAL).await,
        Some(bearer(USEAPI_TOKEN))
    );
    bot.finish().await;
}
