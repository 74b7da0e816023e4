//! A server's own useapi.net account, entered by its managers: `/mj-channel
//! account set` opens a modal, its submit is checked at useapi and stored
//! sealed, never as the token itself.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::Value;

use crate::support::bot::{spawn_bot, spawn_bot_with, BotOptions, TestBot, MANAGER, MEMBER};
use crate::support::checks::assert_contains;
use crate::support::fake_discord::{Recorded, A_GENERAL, GUILD_A};
use crate::support::own_accounts::{unix_now, ACCOUNT_MODAL, KEY_1, TOKEN_INPUT};
use crate::support::useapi_tokens::{
    useapi_knows_token, useapi_refuses_token, useapi_requests_with, REFUSED_TOKEN, TOKEN_A, TOKEN_B,
};

const MJ_1: &str = "555555555555555555";
const MJ_2: &str = "666666666666666666";

fn with_keys() -> BotOptions {
    BotOptions::new().secrets_key(KEY_1)
}

fn flags(callback: &Recorded) -> u64 {
    callback.body["data"]["flags"].as_u64().unwrap_or_default()
}

#[tokio::test]
async fn account_is_a_subcommand_group_of_mj_channel_with_set_clear_and_reset() {
    let bot = spawn_bot_with(with_keys()).await;

    let commands = bot.discord.guild_commands(GUILD_A).expect("registered");
    let admin = commands.iter().find(|c| c["name"] == "mj-channel").unwrap();
    let account = admin["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "account")
        .unwrap_or_else(|| panic!("no `account` in /mj-channel: {admin}"));

    assert_eq!(account["type"], 2, "a subcommand group: {account}");
    let mut subs: Vec<(&str, &Value)> = account["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["name"].as_str().unwrap_or_default(), &o["type"]))
        .collect();
    subs.sort_by_key(|(name, _)| *name);
    let subcommand = Value::from(1);
    assert_eq!(
        subs,
        [
            ("clear", &subcommand),
            ("reset", &subcommand),
            ("set", &subcommand)
        ]
    );
    assert_eq!(admin["default_member_permissions"], "32");
    bot.finish().await;
}

#[tokio::test]
async fn account_set_answers_with_a_modal_asking_for_the_token_and_nothing_before_it() {
    let bot = spawn_bot_with(with_keys()).await;

    let inv = bot.invoke_account(A_GENERAL, MANAGER, "set").await;
    let modal = bot.wait_for_modal(&inv).await;

    assert_eq!(modal["custom_id"], ACCOUNT_MODAL, "{modal}");
    assert!(
        modal["title"].as_str().is_some_and(|t| !t.is_empty()),
        "{modal}"
    );
    let rows = modal["components"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "one action row: {modal}");
    assert_eq!(rows[0]["type"], 1, "{modal}");
    let inputs = rows[0]["components"].as_array().unwrap();
    assert_eq!(inputs.len(), 1, "one text input: {modal}");
    let input = &inputs[0];
    assert_eq!(input["type"], 4, "{modal}");
    assert_eq!(input["custom_id"], TOKEN_INPUT, "{modal}");
    assert_eq!(input["style"], 1, "short: {modal}");
    assert!(
        input["required"].as_bool().unwrap_or(true),
        "required (Discord's default is true): {modal}"
    );
    let callbacks = bot.callbacks(&inv).await;
    assert_eq!(
        callbacks.len(),
        1,
        "the modal is the only response: {callbacks:#?}"
    );
    assert!(bot.useapi_requests().await.is_empty());
    // A defer or reply after the modal is refused by the fake (40060),
    // which finish() reports.
    bot.finish().await;
}

/// `/mj-channel account set` typed in A_GENERAL with `permissions` is
/// answered at once (type 4), privately, with a refusal holding `words`,
/// and opens no modal; then the test ends.
async fn assert_set_refused_without_modal(bot: TestBot, permissions: &str, words: &str) {
    let inv = bot.invoke_account(A_GENERAL, permissions, "set").await;
    let answer = bot.wait_for_acknowledgement(&inv).await;

    assert_eq!(answer.body["type"], 4, "{}", answer.body);
    assert_eq!(flags(&answer), 64, "ephemeral: {}", answer.body);
    let content = answer.body["data"]["content"].as_str().unwrap_or_default();
    assert_contains(content, words);
    assert!(bot.opened_modal(&inv).await.is_none());
    bot.finish().await;
}

#[tokio::test]
async fn account_set_is_refused_to_a_member_without_manage_server_and_opens_no_modal() {
    let bot = spawn_bot_with(with_keys()).await;

    assert_set_refused_without_modal(bot, MEMBER, "Manage Server").await;
}

#[tokio::test]
async fn without_secrets_key_account_set_says_it_is_needed_and_opens_no_modal() {
    let bot = spawn_bot().await;

    assert_set_refused_without_modal(bot, MANAGER, "SECRETS_KEY").await;
}

#[tokio::test]
async fn a_submitted_token_is_checked_at_useapi_with_that_token_after_a_private_defer() {
    let bot = spawn_bot_with(with_keys()).await;
    useapi_knows_token(&bot, TOKEN_A, &[MJ_1, MJ_2]).await;

    let (submit, answer) = bot.enter_own_token(A_GENERAL, TOKEN_A).await;

    let first = bot.wait_for_acknowledgement(&submit).await;
    assert_eq!(first.body["type"], 5, "deferred: {}", first.body);
    assert_eq!(flags(&first), 64, "ephemeral: {}", first.body);
    assert_eq!(answer.method, "PATCH", "{answer:?}");
    assert!(answer.path.ends_with("/messages/@original"), "{answer:?}");
    assert!(answer.ephemeral);
    let checked: Vec<String> = useapi_requests_with(&bot, TOKEN_A)
        .await
        .iter()
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect();
    assert!(
        checked.iter().any(|r| r == "GET /v2/account/midjourney"),
        "{checked:?}"
    );
    bot.finish().await;
}

#[tokio::test]
async fn a_token_useapi_accepts_is_stored_sealed_and_the_reply_counts_its_channels() {
    let bot = spawn_bot_with(with_keys()).await;
    useapi_knows_token(&bot, TOKEN_A, &[MJ_1, MJ_2]).await;
    let before = unix_now();

    let (_, answer) = bot.enter_own_token(A_GENERAL, TOKEN_A).await;

    assert_contains(&answer.content, "useapi.net accepted the token");
    assert_contains(&answer.content, "2 Midjourney channels");
    let account = bot.stored_account(GUILD_A).expect("an account is stored");
    assert_eq!(account["token"]["key"], "k1", "{account}");
    let sealed = account["token"]["sealed"].as_str().unwrap_or_default();
    let bytes = STANDARD.decode(sealed).expect("standard base64");
    // A 96-bit nonce and a 128-bit tag around the ciphertext.
    assert!(bytes.len() >= 12 + 16 + TOKEN_A.len(), "{account}");
    let verified_at = account["verified_at"].as_u64().unwrap_or_default();
    assert!((before..=unix_now()).contains(&verified_at), "{account}");
    assert_eq!(account["channels"], 2, "{account}");
    let file = std::fs::read_to_string(&bot.channels_file).unwrap();
    assert!(!file.contains(TOKEN_A), "{file}");
    let export = bot.store_export().await;
    assert!(export.contains(sealed), "the export keeps it: {export}");
    assert!(!export.contains(TOKEN_A), "{export}");
    bot.finish().await;
}

#[tokio::test]
async fn a_token_useapi_refuses_is_not_stored() {
    let bot = spawn_bot_with(with_keys()).await;
    useapi_refuses_token(&bot, REFUSED_TOKEN, 401).await;
    useapi_refuses_token(&bot, TOKEN_B, 403).await;

    for token in [REFUSED_TOKEN, TOKEN_B] {
        let (_, answer) = bot.enter_own_token(A_GENERAL, token).await;

        assert!(answer.ephemeral);
        for part in ["useapi.net refused this token", "nothing stored"] {
            assert!(answer.content.contains(part), "{part}: {}", answer.content);
        }
        assert_eq!(bot.stored_account(GUILD_A), None);
    }
    bot.finish().await;
}

#[tokio::test]
async fn a_token_submitted_by_a_member_without_manage_server_is_neither_checked_nor_stored() {
    let bot = spawn_bot_with(with_keys()).await;
    useapi_knows_token(&bot, TOKEN_A, &[MJ_1]).await;

    let submit = bot.submit_token(A_GENERAL, MEMBER, TOKEN_A).await;
    let answer = bot.reply(&submit).await;

    // Discord only shows the modal to managers, but a member's permissions
    // can change before the submit arrives: it is refused like the command.
    assert!(answer.ephemeral);
    assert_eq!(bot.stored_account(GUILD_A), None);
    assert!(bot.useapi_requests().await.is_empty());
    bot.finish().await;
}
