//! A server's own useapi token never reaches the output: it arrives in
//! plain text inside a modal submit (a text input's `value`, which Discord
//! does not mask), which serenity may log whole. Every test checks the
//! output in `finish()`, for every test token (see `checks.rs`); these make
//! the likeliest leaks happen.

use crate::support::bot::{spawn_bot_with, BotOptions, MANAGER};
use crate::support::fake_discord::{modal_fields, Typed, A_GENERAL, GUILD_A};
use crate::support::own_accounts::{secrets_key, ACCOUNT_MODAL, KEY_1, TOKEN_INPUT};
use crate::support::useapi::CONTENT;
use crate::support::useapi_tokens::{
    useapi_knows_token, useapi_refuses_token, REFUSED_TOKEN, TOKEN_A,
};

const MJ_1: &str = "555555555555555555";

fn with_keys(env: &[(&'static str, String)]) -> BotOptions {
    let mut all = vec![secrets_key(KEY_1)];
    all.extend_from_slice(env);
    BotOptions::new().envs(all)
}

/// Span directives enabling serenity's spans that hold the whole event
/// (as in `token_routes.rs`).
const SPAN_DIRECTIVES: [&str; 3] = [
    "info,[handle_event]=trace",
    "info,[handle_gateway_dispatch]=trace",
    "info,[{event}]=trace",
];

#[tokio::test]
async fn a_gap_in_the_gateway_sequence_during_a_token_submit_leaves_the_token_out_of_the_logs() {
    for directive in SPAN_DIRECTIVES {
        let bot = spawn_bot_with(with_keys(&[("RUST_LOG", directive.into())])).await;
        useapi_knows_token(&bot, TOKEN_A, &[MJ_1]).await;
        // serenity then warns "Sequence off" inside its event span, whose
        // fields hold the whole event: here, the token the member typed.
        bot.discord.skip_a_sequence_number();

        let submit = bot.submit_token(A_GENERAL, MANAGER, TOKEN_A).await;
        let warning = bot.wait_for_line("Sequence off").await;
        let answer = bot.reply(&submit).await;

        assert!(!warning.contains(TOKEN_A), "RUST_LOG={directive}");
        assert!(
            answer.content.contains("useapi.net accepted the token"),
            "RUST_LOG={directive}: {}",
            answer.content
        );
        bot.finish().await;
    }
}

#[tokio::test]
async fn servers_tokens_stay_out_of_the_output_even_at_trace_level() {
    let bot = spawn_bot_with(with_keys(&[("RUST_LOG", "trace".into())])).await;
    useapi_knows_token(&bot, TOKEN_A, &[MJ_1]).await;
    useapi_refuses_token(&bot, REFUSED_TOKEN, 401).await;

    let (_, refused) = bot.enter_own_token(A_GENERAL, REFUSED_TOKEN).await;
    let (_, accepted) = bot.enter_own_token(A_GENERAL, TOKEN_A).await;
    let fast = bot.reply(&bot.invoke_fast(A_GENERAL).await).await;

    assert!(refused.content.contains("useapi.net refused this token"));
    assert!(accepted.content.contains("useapi.net accepted the token"));
    assert_eq!(fast.content, CONTENT);
    assert!(bot.output().contains("TRACE"), "trace logging was on");
    // Checks the output and every body sent to Discord for the tokens.
    bot.finish().await;
}

#[tokio::test]
async fn an_unreadable_token_submit_is_answered_privately_and_its_token_stays_out_of_the_output() {
    let bot = spawn_bot_with(with_keys(&[])).await;
    useapi_knows_token(&bot, TOKEN_A, &[MJ_1]).await;
    let components = modal_fields(&[(TOKEN_INPUT, TOKEN_A)]);
    let typed = Typed::modal_submit(A_GENERAL, ACCOUNT_MODAL, components, MANAGER).unreadable();

    let submit = bot.discord.send(typed).await;
    let answer = bot.reply(&submit).await;

    assert!(answer.ephemeral);
    assert_eq!(bot.stored_account(GUILD_A), None);
    assert!(bot.useapi_requests().await.is_empty());
    bot.finish().await;
}
