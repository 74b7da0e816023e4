//! useapi.net echoing a token back: in an error's text, in a job's answer,
//! after `Bearer` or `token`. No reply, post or log line holds it; every
//! test's `finish()` also checks the whole output and every body sent to
//! Discord for the test tokens (see `checks.rs`).

use serde_json::json;
use wiremock::matchers::{header, method, path_regex};
use wiremock::{Mock, ResponseTemplate};

use crate::support::bot::{spawn_bot, spawn_bot_with, BotOptions, TestBot, USEAPI_TOKEN};
use crate::support::checks::assert_contains;
use crate::support::fake_discord::{A_GENERAL, GUILD_A};
use crate::support::own_accounts::{mapping_with_accounts, own_account, KEY_1};
use crate::support::useapi::completed;
use crate::support::useapi_tokens::{bearer, useapi_knows_token, TOKEN_A};

const MJ_OWN: &str = "555555555555555555";
/// A token useapi names that is none of the bot's.
const STRANGER_TOKEN: &str = "user:9999-stranger-S3CR3T-token-abcdef";

/// useapi answers every job carrying `token` with `answer`.
async fn jobs_of(bot: &TestBot, token: &str, answer: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path_regex("^/v2/jobs/"))
        .and(header("authorization", bearer(token).as_str()))
        .respond_with(answer)
        .with_priority(1)
        .mount(&bot.useapi)
        .await;
}

fn error(status: u16, said: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({"error": said, "code": status}))
}

/// A bot where GUILD_A spends its own account (TOKEN_A) and GUILD_B the
/// operator's.
async fn guild_a_on_its_own_account() -> TestBot {
    let file = mapping_with_accounts(&[(GUILD_A, own_account(KEY_1, GUILD_A, TOKEN_A, 1))]);
    let bot = spawn_bot_with(BotOptions::new().secrets_key(KEY_1).channels(file)).await;
    useapi_knows_token(&bot, TOKEN_A, &[MJ_OWN]).await;
    bot
}

#[tokio::test]
async fn the_operators_token_echoed_in_an_error_reaches_neither_the_reply_nor_the_log() {
    let bot = spawn_bot().await;
    let said = format!("unknown key {USEAPI_TOKEN} for this account");
    jobs_of(&bot, USEAPI_TOKEN, error(401, &said)).await;

    let reply = bot.reply(&bot.invoke_fast(A_GENERAL).await).await;

    assert_contains(&reply.content, "HTTP 401");
    assert!(
        reply
            .content
            .contains("unknown key [redacted] for this account"),
        "{}",
        reply.content
    );
    bot.wait_for_line("command refused or failed upstream")
        .await;
    bot.finish().await;
}

#[tokio::test]
async fn a_servers_own_token_echoed_in_a_jobs_answer_is_not_posted() {
    let bot = guild_a_on_its_own_account().await;
    let echo = format!("Done! Your key {TOKEN_A} has fast hours left.");
    jobs_of(&bot, TOKEN_A, completed(&echo)).await;

    let reply = bot.reply(&bot.invoke_fast(A_GENERAL).await).await;

    assert_eq!(
        reply.content,
        "Done! Your key [redacted] has fast hours left."
    );
    bot.finish().await;
}

#[tokio::test]
async fn a_servers_own_token_echoed_in_an_error_is_not_in_the_reply() {
    let bot = guild_a_on_its_own_account().await;
    let said = format!("channel {MJ_OWN} is not configured for {TOKEN_A}");
    jobs_of(&bot, TOKEN_A, error(400, &said)).await;

    let reply = bot.reply(&bot.invoke_fast(A_GENERAL).await).await;

    assert_contains(&reply.content, "HTTP 400");
    assert_contains(&reply.content, "is not configured for [redacted]");
    bot.finish().await;
}

#[tokio::test]
async fn the_operators_token_echoed_to_a_servers_own_account_is_removed_too() {
    let bot = guild_a_on_its_own_account().await;
    let said = format!("this account is linked to {USEAPI_TOKEN}");
    jobs_of(&bot, TOKEN_A, error(400, &said)).await;

    let reply = bot.reply(&bot.invoke_fast(A_GENERAL).await).await;

    assert_contains(&reply.content, "linked to [redacted]");
    bot.finish().await;
}

#[tokio::test]
async fn a_token_useapi_names_after_bearer_is_in_neither_the_reply_nor_the_log() {
    let bot = spawn_bot().await;
    let said = format!("Authorization: Bearer {STRANGER_TOKEN} is not a valid token");
    jobs_of(&bot, USEAPI_TOKEN, error(401, &said)).await;

    let reply = bot.reply(&bot.invoke_fast(A_GENERAL).await).await;
    bot.wait_for_line("command refused or failed upstream")
        .await;

    assert!(!reply.content.contains(STRANGER_TOKEN), "{}", reply.content);
    assert_contains(&reply.content, "Bearer [redacted]");
    assert!(!bot.output().contains(STRANGER_TOKEN), "{}", bot.output());
    bot.finish().await;
}

#[tokio::test]
async fn a_token_useapi_names_after_token_in_free_text_is_not_in_the_reply() {
    let bot = spawn_bot().await;
    let said = format!("Token {STRANGER_TOKEN} was revoked");
    jobs_of(&bot, USEAPI_TOKEN, error(401, &said)).await;

    let reply = bot.reply(&bot.invoke_fast(A_GENERAL).await).await;

    assert!(!reply.content.contains(STRANGER_TOKEN), "{}", reply.content);
    assert_contains(&reply.content, "Token [redacted] was revoked");
    bot.finish().await;
}
