//! The key ring that seals the servers' tokens (`SECRETS_KEY`): a key ring
//! that does not parse, a sealed token tampered with by hand, a key
//! missing from the ring, and `mj-bridge keys rotate|check`.

use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{json, Value};

use crate::support::bot::{prepare, spawn_bot_with, BotOptions, TestBot};
use crate::support::checks::assert_contains;
use crate::support::fake_discord::{Place, A_ART, A_GENERAL, B_GENERAL, GUILD_A, GUILD_B, GUILD_C};
use crate::support::own_accounts::{
    mapping_with_accounts, own_account, secrets_key, KEY_1, KEY_2, KEY_SECRETS,
};
use crate::support::postgres::Postgres;
use crate::support::process::exit_code_and_output;
use crate::support::useapi::{useapi_knows, useapi_request_for, CONTENT};
use crate::support::useapi_tokens::{
    authorization, bearer, useapi_knows_token, REFUSED_TOKEN, TOKEN_A, TOKEN_B,
};
use crate::support::wait_for_explained;

const MJ_1: &str = "555555555555555555";

/// With the key ring KEY_1, the mapping `file` and useapi.net knowing
/// TOKEN_A (listing MJ_1), the token stored for `place`'s server does not
/// open: `/fast` at `place` is told the server's token must be entered
/// again, nothing reaches useapi, a WARN or ERROR line names the server,
/// and (`finish()` checks) no token is in the output.
async fn assert_stored_token_does_not_open(file: String, place: Place) {
    let bot = spawn_bot_with(BotOptions::new().secrets_key(KEY_1).channels(file)).await;
    useapi_knows_token(&bot, TOKEN_A, &[MJ_1]).await;

    let reply = bot.reply(&bot.invoke_fast(place).await).await;

    assert!(reply.ephemeral, "{reply:?}");
    for part in ["enter it again", "/mj-channel account set"] {
        assert!(reply.content.contains(part), "{part}: {}", reply.content);
    }
    assert!(bot.useapi_requests().await.is_empty());
    wait_for_warning_naming(&bot, place.guild).await;
    bot.finish().await;
}

/// Waits for a WARN or ERROR line of the bot naming `guild`.
async fn wait_for_warning_naming(bot: &TestBot, guild: u64) {
    let guild = guild.to_string();
    wait_for_explained(
        &format!("a WARN or ERROR line naming server {guild}"),
        Duration::from_secs(20),
        || bot.diagnostics(),
        || async {
            let output = bot.output();
            let warned = output
                .lines()
                .any(|l| (l.contains(" WARN ") || l.contains(" ERROR ")) && l.contains(&guild));
            warned.then_some(()).ok_or_else(String::new)
        },
    )
    .await;
}

#[tokio::test]
async fn a_key_ring_that_does_not_parse_stops_the_bot_with_one_line_naming_secrets_key() {
    let key = KEY_SECRETS[0];
    for bad in [
        "k1".to_owned(),
        format!("k1{key}"),
        "k1:AAECAwQFBgcICQoLDA0ODw==".to_owned(),
        "k1:not base64 at all!".to_owned(),
        format!("a-key-id-longer-than-16:{key}"),
        format!("k 1:{key}"),
        format!(":{key}"),
    ] {
        let env = [("SECRETS_KEY", bad.clone()), ("RUST_LOG", "off".to_owned())];
        let bot = prepare(BotOptions::new().envs(env.to_vec())).await;

        let (code, output) = exit_code_and_output(bot).await;

        assert_eq!(code, Some(78), "{bad}: {output}");
        let lines: Vec<&str> = output.lines().collect();
        assert_eq!(lines.len(), 1, "{bad}: {output}");
        assert!(lines[0].contains("SECRETS_KEY"), "{bad}: {output}");
    }
}

#[tokio::test]
async fn a_sealed_token_copied_by_hand_to_another_server_does_not_open_there() {
    let account = own_account(KEY_1, GUILD_A, TOKEN_A, 1);
    let file = mapping_with_accounts(&[(GUILD_A, account.clone()), (GUILD_B, account)]);

    assert_stored_token_does_not_open(file, B_GENERAL).await;
}

#[tokio::test]
async fn a_sealed_token_altered_by_hand_does_not_open() {
    let mut account = own_account(KEY_1, GUILD_A, TOKEN_A, 1);
    let mut bytes = STANDARD
        .decode(account["token"]["sealed"].as_str().unwrap())
        .unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x01;
    account["token"]["sealed"] = json!(STANDARD.encode(bytes));
    let file = mapping_with_accounts(&[(GUILD_A, account)]);

    assert_stored_token_does_not_open(file, A_GENERAL).await;
}

#[tokio::test]
async fn a_token_sealed_with_a_key_missing_from_the_ring_stops_the_bot_naming_the_key() {
    let file = mapping_with_accounts(&[(GUILD_A, own_account(KEY_2, GUILD_A, TOKEN_A, 1))]);
    let env = [secrets_key(KEY_1), ("RUST_LOG", "off".to_owned())];
    let bot = prepare(BotOptions::new().envs(env.to_vec()).channels(file)).await;

    let (code, output) = exit_code_and_output(bot).await;

    assert_eq!(code, Some(78), "{output}");
    let lines: Vec<&str> = output.lines().collect();
    assert_eq!(lines.len(), 1, "{output}");
    assert!(lines[0].contains("k2"), "{output}");
}

/// GUILD_A (with a mapped channel) and GUILD_B, each with its own token
/// sealed with KEY_1.
fn two_accounts_sealed_with_key_1() -> String {
    let mut file: Value = serde_json::from_str(&mapping_with_accounts(&[
        (GUILD_A, own_account(KEY_1, GUILD_A, TOKEN_A, 1)),
        (GUILD_B, own_account(KEY_1, GUILD_B, TOKEN_B, 2)),
    ]))
    .unwrap();
    file["guilds"][GUILD_A.to_string()]["channels"] = json!({A_ART.channel.to_string(): MJ_1});
    file.to_string()
}

/// `mj-bridge keys rotate` with the ring `KEY_2,KEY_1` (KEY_2 active):
/// it succeeds, saying it re-sealed both stored tokens with k2.
async fn rotate_both_to_key_2(bot: &TestBot) {
    let (output, stdout) = bot
        .run_keys("rotate", Some(&format!("{KEY_2},{KEY_1}")))
        .await;
    assert!(output.status.success(), "{output:?}");
    assert_contains(&stdout, "re-sealed 2 tokens with key k2");
}

#[tokio::test]
async fn keys_rotate_reseals_every_token_with_the_active_key() {
    let bot = prepare(BotOptions::new().channels(two_accounts_sealed_with_key_1())).await;
    let before = bot.mapping_file();

    rotate_both_to_key_2(&bot).await;

    let after = bot.mapping_file();
    for guild in [GUILD_A, GUILD_B] {
        let (old, new) = (
            &before["guilds"][guild.to_string()],
            &after["guilds"][guild.to_string()],
        );
        assert_eq!(new["account"]["token"]["key"], "k2", "{after}");
        assert_ne!(
            new["account"]["token"]["sealed"],
            old["account"]["token"]["sealed"]
        );
        assert_eq!(new["account"]["verified_at"], old["account"]["verified_at"]);
        assert_eq!(new["account"]["channels"], old["account"]["channels"]);
    }
    assert_eq!(
        after["guilds"][GUILD_A.to_string()]["channels"],
        before["guilds"][GUILD_A.to_string()]["channels"]
    );
    let (output, stdout) = bot.run_keys("check", Some(KEY_2)).await;
    assert!(
        output.status.success(),
        "the new key alone opens them: {stdout}"
    );
    assert!(stdout.contains("key k2: 2 tokens"), "{stdout}");
}

#[tokio::test]
async fn a_rotated_token_is_spent_by_a_bot_holding_only_the_new_key() {
    let mut bot = prepare(
        BotOptions::new()
            .secrets_key(KEY_2)
            .channels(two_accounts_sealed_with_key_1()),
    )
    .await;
    let (output, _) = bot
        .run_keys("rotate", Some(&format!("{KEY_2},{KEY_1}")))
        .await;
    assert!(output.status.success(), "{output:?}");

    bot.start().await;
    useapi_knows_token(&bot, TOKEN_A, &[MJ_1]).await;
    let inv = bot.invoke_fast(A_ART).await;

    assert_eq!(bot.reply(&inv).await.content, CONTENT);
    assert_eq!(
        authorization(&useapi_request_for(&bot, &inv).await),
        Some(bearer(TOKEN_A))
    );
    bot.finish().await;
}

#[tokio::test]
async fn keys_check_counts_the_tokens_of_each_key_and_exits_0_when_all_open() {
    let file = mapping_with_accounts(&[
        (GUILD_A, own_account(KEY_1, GUILD_A, TOKEN_A, 1)),
        (GUILD_B, own_account(KEY_2, GUILD_B, TOKEN_B, 1)),
        (GUILD_C, own_account(KEY_2, GUILD_C, REFUSED_TOKEN, 1)),
    ]);
    let bot = prepare(BotOptions::new().channels(file)).await;

    let (output, stdout) = bot
        .run_keys("check", Some(&format!("{KEY_1},{KEY_2}")))
        .await;

    assert_eq!(output.status.code(), Some(0), "{stdout}");
    for line in ["active key: k1", "key k1: 1 tokens", "key k2: 2 tokens"] {
        assert!(stdout.lines().any(|l| l == line), "{line}: {stdout}");
    }
    assert!(!stdout.contains('✗'), "{stdout}");
}

#[tokio::test]
async fn keys_check_names_a_server_whose_token_cannot_be_opened_and_exits_1() {
    let account = own_account(KEY_1, GUILD_A, TOKEN_A, 1);
    let file = mapping_with_accounts(&[(GUILD_A, account.clone()), (GUILD_B, account)]);
    let bot = prepare(BotOptions::new().channels(file)).await;

    let (output, stdout) = bot.run_keys("check", Some(KEY_1)).await;

    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with(&format!("✗ server {GUILD_B}"))),
        "{stdout}"
    );
    assert!(!stdout.contains(&format!("✗ server {GUILD_A}")), "{stdout}");
}

#[tokio::test]
async fn keys_commands_without_secrets_key_exit_78() {
    let file = mapping_with_accounts(&[(GUILD_A, own_account(KEY_1, GUILD_A, TOKEN_A, 1))]);
    let bot = prepare(BotOptions::new().channels(file)).await;

    for action in ["rotate", "check"] {
        let (output, _) = bot.run_keys(action, None).await;
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(78), "{action}: {stderr}");
        assert!(stderr.contains("SECRETS_KEY"), "{action}: {stderr}");
    }
}

#[tokio::test]
async fn keys_rotate_reseals_the_tokens_a_postgres_store_holds() {
    let pg = Postgres::start();
    let bot = prepare(BotOptions::new().database(&pg)).await;
    let import = bot.store_import(&two_accounts_sealed_with_key_1());
    assert!(import.status.success(), "{import:?}");

    rotate_both_to_key_2(&bot).await;

    let export: Value = serde_json::from_str(&bot.store_export().await).unwrap();
    for guild in [GUILD_A, GUILD_B] {
        assert_eq!(
            export["guilds"][guild.to_string()]["account"]["token"]["key"],
            "k2",
            "{export}"
        );
    }
    let (output, stdout) = bot.run_keys("check", Some(KEY_2)).await;
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("key k2: 2 tokens"), "{stdout}");
}

#[tokio::test]
async fn check_names_a_server_whose_stored_token_does_not_open_and_fails() {
    let account = own_account(KEY_1, GUILD_A, TOKEN_A, 1);
    let file = mapping_with_accounts(&[(GUILD_A, account.clone()), (GUILD_B, account)]);
    let bot = prepare(BotOptions::new().secrets_key(KEY_1).channels(file)).await;
    useapi_knows(&bot, &[MJ_1]).await;

    let (output, stdout) = bot.run_check(&[]).await;

    assert!(!output.status.success(), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "✗ server {GUILD_B}'s own useapi token cannot be opened"
        )),
        "{stdout}"
    );
    assert!(!stdout.contains(&format!("server {GUILD_A}'s")), "{stdout}");
    bot.finish().await;
}
