//! What replaces a notice: while useapi.net asks the bot to wait, the
//! member reads "⏳ … trying again" in place of "thinking…"; the answer
//! replaces the notice entirely, also when it is only embeds.

use serde_json::json;
use wiremock::ResponseTemplate;

use crate::support::bot::spawn_bot;
use crate::support::fake_discord::A_GENERAL;
use crate::support::useapi::answers_in_turn;

#[tokio::test]
async fn an_embed_only_answer_after_a_trying_again_notice_clears_the_notice() {
    let bot = spawn_bot().await;
    // A Retry-After the bot announces (5 s, NOTICE_WAITS_FROM) and honours.
    let busy = ResponseTemplate::new(429)
        .insert_header("retry-after", "5")
        .set_body_json(
            json!({"error": "Queue is full, wait at least 10..30 seconds and retry", "code": 429}),
        );
    let panel = ResponseTemplate::new(200).set_body_json(json!({
        "verb": "info", "status": "completed", "content": "",
        "embeds": [{"type": "rich", "title": "Your info - member", "description": "**Job Mode**: Fast"}]
    }));
    answers_in_turn(&bot.useapi, [busy], panel).await;

    let inv = bot.invoke_verb(A_GENERAL, "info").await;
    let replies = bot.wait_for_replies(&inv, 2).await;

    assert!(
        replies[0]
            .content
            .starts_with("⏳ useapi.net is busy (HTTP 429); trying again"),
        "{:?}",
        replies[0].content
    );
    let answer = &replies[1];
    assert!(
        answer.path.ends_with("/messages/@original"),
        "{}",
        answer.path
    );
    assert_eq!(answer.body["embeds"][0]["title"], "Your info - member");
    assert_eq!(
        answer.body.get("content"),
        Some(&json!("")),
        "the notice must be cleared explicitly: {}",
        answer.body
    );
    assert_eq!(bot.replies_for(&inv).await.len(), 2);
    bot.finish().await;
}
