//! When Discord refuses a reply, the member still gets an answer: the same
//! answer as plain text, or a sentence saying what happened.

use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, ResponseTemplate};

use crate::support::bot::{spawn_bot, TestBot};
use crate::support::checks::assert_contains;
use crate::support::fake_discord::A_GENERAL;

async fn useapi_answers_with_an_embed(bot: &TestBot) {
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "completed", "content": "",
            "embeds": [{"title": "Your info", "description": "Job Mode: Fast"}]
        })))
        .mount(&bot.useapi)
        .await;
}

#[tokio::test]
async fn refused_embeds_are_sent_again_as_plain_text() {
    let bot = spawn_bot().await;
    useapi_answers_with_an_embed(&bot).await;
    bot.discord.refuse_reply_edits(true).await;

    let inv = bot.invoke_fast(A_GENERAL).await;
    let replies = bot.wait_for_replies(&inv, 2).await;

    assert!(replies[0].body["embeds"]
        .as_array()
        .is_some_and(|e| !e.is_empty()));
    let plain = &replies[1];
    assert_eq!(plain.content, "**Your info**\nJob Mode: Fast");
    assert!(plain.body["embeds"].as_array().is_none_or(|e| e.is_empty()));
    assert!(!plain.ephemeral);
    bot.finish().await;
}

#[tokio::test]
async fn a_reply_refused_twice_becomes_an_ephemeral_error() {
    let bot = spawn_bot().await;
    useapi_answers_with_an_embed(&bot).await;
    bot.discord.refuse_reply_edits(false).await;

    let inv = bot.invoke_fast(A_GENERAL).await;
    let replies = bot.wait_for_replies(&inv, 3).await;

    let last = replies.last().unwrap();
    assert!(last.ephemeral, "{last:?}");
    assert_contains(&last.content, "Discord refused");
    bot.finish().await;
}
