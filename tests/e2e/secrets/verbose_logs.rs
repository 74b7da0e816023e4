//! Tokens (the bot's, useapi's and every interaction's) never reach the
//! output. Every test checks its bot's whole output in `finish()`; these
//! turn logging all the way up, or make serenity log a whole event.

use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, ResponseTemplate};

use crate::support::bot::{prepare, spawn_bot, BotOptions};
use crate::support::checks::assert_contains;
use crate::support::checks::assert_no_secrets;
use crate::support::fake_discord::A_GENERAL;
use crate::support::useapi::{useapi_answers, CONTENT};

#[tokio::test]
async fn tokens_stay_out_of_the_output_even_at_trace_level() {
    let mut bot = prepare(BotOptions::new().rust_log("trace")).await;
    bot.start().await;
    useapi_answers(&bot, CONTENT).await;
    assert_eq!(
        bot.reply(&bot.invoke_fast(A_GENERAL).await).await.content,
        CONTENT
    );

    bot.useapi.reset().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({"error": "Unauthorized", "code": 401})),
        )
        .mount(&bot.useapi)
        .await;
    let reply = bot.reply(&bot.invoke_fast(A_GENERAL).await).await;
    assert!(reply.content.contains("HTTP 401"));
    bot.stop().await;

    let output = bot.output();
    assert!(output.contains("TRACE"), "trace logging was on");
    assert_no_secrets("the bot's output", &output);
    assert_no_secrets("a reply", &reply.content);
    bot.finish().await;
}

#[tokio::test]
async fn a_gap_in_the_gateway_sequence_leaves_no_interaction_token_in_the_logs() {
    let bot = spawn_bot().await;
    useapi_answers(&bot, CONTENT).await;
    bot.discord.skip_a_sequence_number();

    let reply = bot.reply(&bot.invoke_fast(A_GENERAL).await).await;

    assert_eq!(reply.content, CONTENT);
    assert_contains(&bot.output(), "Sequence off");
    // Checks the whole output for interaction tokens.
    bot.finish().await;
}
