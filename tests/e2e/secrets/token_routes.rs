//! No interaction token leaves by the routes serenity logs it on, whatever
//! `RUST_LOG` says: a callback answered with 200 (serenity's own calls warn
//! with the URL, token included; the bot's replies do not go through them),
//! an interaction it cannot read (its unknown event holds the whole JSON),
//! and a gap in the gateway's sequence (its span holds the whole event).
//! `finish()` checks the whole output for every interaction token; these
//! also check the token of the interaction at hand.

use serde_json::json;

use crate::support::bot::{spawn_bot_with, BotOptions, TestBot, MEMBER};
use crate::support::fake_discord::{Invocation, Typed, A_GENERAL, INTERACTION_TOKEN_PREFIX};
use crate::support::useapi::{useapi_answers, CONTENT};

/// Span directives that enable serenity's spans holding the whole event,
/// whatever their target: the shard's `handle_event` and
/// `handle_gateway_dispatch`, or any span with an `event` field (`info`
/// too, for the line that tells where /metrics is served).
const SPAN_DIRECTIVES: [&str; 3] = [
    "info,[handle_event]=trace",
    "info,[handle_gateway_dispatch]=trace",
    "info,[{event}]=trace",
];

/// `RUST_LOG=value`, and the health server for /metrics.
fn rust_log(value: &str) -> BotOptions {
    BotOptions::with_health_server().rust_log(value)
}

fn assert_token_absent(bot: &TestBot, inv: &Invocation) {
    assert!(inv.token.starts_with(INTERACTION_TOKEN_PREFIX));
    assert!(
        !bot.output().contains(&inv.token),
        "the token of interaction {} is in the output",
        inv.id
    );
}

#[tokio::test]
async fn a_callback_answered_with_200_delivers_the_reply_and_logs_no_token() {
    let bot = spawn_bot_with(rust_log("trace")).await;
    useapi_answers(&bot, CONTENT).await;
    bot.discord.answer_callbacks_with_200().await;

    let inv = bot.invoke_fast(A_GENERAL).await;
    let reply = bot.reply(&inv).await;

    assert_eq!(reply.content, CONTENT);
    assert_eq!(
        bot.callbacks(&inv).await.len(),
        1,
        "a 200 is an answer taken"
    );
    assert_token_absent(&bot, &inv);
    bot.finish().await;
}

#[tokio::test]
async fn an_interaction_serenity_cannot_read_is_answered_privately_and_logged_without_its_token() {
    for level in ["trace"].into_iter().chain(SPAN_DIRECTIVES) {
        let mut bot = spawn_bot_with(rust_log(level)).await;

        let typed = Typed::command(A_GENERAL, "fast", json!([]), MEMBER).unreadable();
        let inv = bot.discord.send(typed).await;
        let answer = bot.wait_for_acknowledgement(&inv).await;
        let warning = bot
            .wait_for_line("serenity could not read an interaction")
            .await;
        bot.wait_for_metric("mj_bridge_unreadable_interactions_total 1")
            .await;
        // Everything it printed, to count the warnings.
        bot.stop().await;

        assert_eq!(answer.body["type"], 4, "RUST_LOG={level}: {}", answer.body);
        assert_eq!(answer.body["data"]["flags"], 64, "{}", answer.body);
        let text = answer.body["data"]["content"].as_str().unwrap_or_default();
        assert!(
            text.starts_with("This bot cannot read this command yet"),
            "{text}"
        );
        assert!(warning.contains("WARN"), "{warning}");
        assert!(
            warning.contains(&format!("interaction={}", inv.id)),
            "{warning}"
        );
        let warnings = bot.output().matches("serenity could not read").count();
        assert_eq!(warnings, 1, "RUST_LOG={level}: one line per interaction");
        assert_token_absent(&bot, &inv);
        bot.finish().await;
    }
}

#[tokio::test]
async fn a_gap_in_the_gateway_sequence_prints_neither_the_event_nor_its_token_whatever_span_is_enabled(
) {
    for directive in SPAN_DIRECTIVES {
        let bot = spawn_bot_with(rust_log(directive)).await;
        useapi_answers(&bot, CONTENT).await;
        bot.discord.skip_a_sequence_number();

        let inv = bot.invoke_fast(A_GENERAL).await;
        let reply = bot.reply(&inv).await;
        let warning = bot.wait_for_line("Sequence off").await;

        assert_eq!(reply.content, CONTENT);
        assert!(
            !warning.contains("InteractionCreate") && !warning.contains("handle_event{"),
            "RUST_LOG={directive}: serenity's span holding the whole event was printed: {warning}"
        );
        assert_token_absent(&bot, &inv);
        bot.finish().await;
    }
}
