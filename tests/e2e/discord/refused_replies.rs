//! When Discord refuses a reply, the member still gets an answer: the same
//! answer as plain text, or a sentence saying what happened.

use serde_json::json;
use wiremock::ResponseTemplate;

use crate::support::bot::{spawn_bot, TestBot};
use crate::support::checks::assert_contains;
use crate::support::fake_discord::A_GENERAL;
use crate::support::replies::Sent;
use crate::support::useapi::useapi_answers_with;

/// `/fast` answered by useapi with an embed while Discord refuses the
/// reply's edits (only those with embeds when `only_embeds`): the bot and
/// its first `count` replies.
async fn replies_refused(only_embeds: bool, count: usize) -> (TestBot, Vec<Sent>) {
    let bot = spawn_bot().await;
    let embed = ResponseTemplate::new(200).set_body_json(json!({
        "status": "completed", "content": "",
        "embeds": [{"title": "Your info", "description": "Job Mode: Fast"}]
    }));
    useapi_answers_with(&bot, embed).await;
    bot.discord.refuse_reply_edits(only_embeds).await;
    let inv = bot.invoke_fast(A_GENERAL).await;
    let replies = bot.wait_for_replies(&inv, count).await;
    (bot, replies)
}

#[tokio::test]
async fn refused_embeds_are_sent_again_as_plain_text() {
    let (bot, replies) = replies_refused(true, 2).await;

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
    let (bot, replies) = replies_refused(false, 3).await;

    let last = replies.last().unwrap();
    assert!(last.ephemeral, "{last:?}");
    assert_contains(&last.content, "Discord refused");
    bot.finish().await;
}
