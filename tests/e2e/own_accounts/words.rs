//! What a server's members and admins read about the server's own account:
//! a token useapi.net stopped accepting is its admins' to enter again (not
//! the bot owner's USEAPI_TOKEN to check), and the token form refuses what
//! cannot be a token, saying why, before useapi.net is asked.

use crate::support::bot::{spawn_bot_with, BotOptions, MANAGER, USEAPI_TOKEN};
use crate::support::checks::assert_contains;
use crate::support::fake_discord::{A_GENERAL, B_GENERAL, GUILD_A};
use crate::support::own_accounts::{mapping_with_accounts, own_account, KEY_1};
use crate::support::useapi_tokens::{
    useapi_knows_token, useapi_refuses_token, useapi_requests_with, OWN_TOKEN_PREFIX,
    REFUSED_TOKEN, TOKEN_A, TOKEN_B,
};

const MJ_1: &str = "555555555555555555";

fn with_keys() -> BotOptions {
    BotOptions::new().secrets_key(KEY_1)
}

#[tokio::test]
async fn a_servers_own_token_useapi_refuses_tells_its_members_an_admin_must_enter_it_again() {
    let file = mapping_with_accounts(&[(GUILD_A, own_account(KEY_1, GUILD_A, REFUSED_TOKEN, 1))]);
    let bot = spawn_bot_with(BotOptions {
        channels_json: Some(file),
        ..with_keys()
    })
    .await;
    useapi_refuses_token(&bot, REFUSED_TOKEN, 401).await;

    let reply = bot.reply(&bot.invoke_fast(A_GENERAL).await).await;

    for part in [
        "HTTP 401",
        "this server's own API token",
        "A server admin must enter the server's token again with `/mj-channel account set`",
    ] {
        assert!(reply.content.contains(part), "{part}: {}", reply.content);
    }
    assert!(!reply.content.contains("USEAPI_TOKEN"), "{}", reply.content);
    bot.finish().await;
}

#[tokio::test]
async fn the_operators_token_useapi_refuses_still_points_the_bots_admin_at_useapi_token() {
    let bot = spawn_bot_with(with_keys()).await;
    useapi_refuses_token(&bot, USEAPI_TOKEN, 401).await;

    let reply = bot.reply(&bot.invoke_fast(B_GENERAL).await).await;

    assert!(
        reply
            .content
            .contains("The bot's admin should check USEAPI_TOKEN"),
        "{}",
        reply.content
    );
    bot.finish().await;
}

/// `typed` sent in the token form at A_GENERAL by a manager is refused
/// privately with the sentence holding `why`; nothing is stored and
/// useapi.net is not asked.
async fn assert_form_refuses(typed: &str, why: &str) {
    let bot = spawn_bot_with(with_keys()).await;
    useapi_knows_token(&bot, TOKEN_A, &[MJ_1]).await;

    let answer = bot
        .reply(&bot.submit_token(A_GENERAL, MANAGER, typed).await)
        .await;

    assert!(answer.ephemeral, "{answer:?}");
    assert!(
        answer.content.starts_with("Nothing was stored: ") && answer.content.contains(why),
        "{why}: {}",
        answer.content
    );
    assert_contains(&answer.content, "/mj-channel account set");
    assert_eq!(bot.stored_account(GUILD_A), None);
    assert!(bot.useapi_requests().await.is_empty());
    bot.finish().await;
}

#[tokio::test]
async fn the_token_form_refuses_an_all_blank_value_saying_it_was_empty() {
    assert_form_refuses("   \t  ", "the token field was empty").await;
}

#[tokio::test]
async fn the_token_form_refuses_a_multi_line_value_saying_a_token_is_one_line() {
    let typed = format!("{TOKEN_A}\n{TOKEN_B}");
    assert_form_refuses(&typed, "a useapi.net API token is one line").await;
}

#[tokio::test]
async fn the_token_form_refuses_a_10_kb_value_saying_how_long_a_token_may_be() {
    let typed = format!("{OWN_TOKEN_PREFIX}{}", "x".repeat(10 * 1024));
    assert_form_refuses(&typed, "at most 500 characters").await;
}

#[tokio::test]
async fn blanks_around_a_typed_token_are_trimmed_before_useapi_checks_it() {
    let bot = spawn_bot_with(with_keys()).await;
    useapi_knows_token(&bot, TOKEN_A, &[MJ_1]).await;

    let typed = format!("  \n{TOKEN_A} \t\n");
    let answer = bot
        .reply(&bot.submit_token(A_GENERAL, MANAGER, &typed).await)
        .await;

    assert!(
        !answer.content.contains("Nothing was stored"),
        "{}",
        answer.content
    );
    assert_eq!(useapi_requests_with(&bot, TOKEN_A).await.len(), 1);
    assert!(bot.stored_account(GUILD_A).is_some());
    bot.finish().await;
}
