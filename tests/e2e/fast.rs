//! `/fast` end to end: the useapi request, the reply, mentions, splitting, load.

use std::time::Duration;

use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, Request, ResponseTemplate};

use crate::support::*;

pub const CONTENT: &str = "Done! Note that once you exhaust your fast hours, you can purchase more on the website: <https://midjourney.com/account>. To conserve your fast hours, use `/relax` to switch back to relax mode.";

/// useapi answers every job with `content`.
pub async fn useapi_answers(bot: &TestBot, content: &str) {
    Mock::given(method("POST"))
        .and(path("/v2/jobs/fast"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "jobid": "job-1", "verb": "fast", "status": "completed", "content": content, "code": 200
        })))
        .mount(&bot.useapi)
        .await;
}

/// The useapi request made for `inv` (matched by its `replyRef`).
pub async fn useapi_request_for(bot: &TestBot, inv: &Invocation) -> Request {
    bot.useapi_requests()
        .await
        .into_iter()
        .find(|r| {
            r.body_json::<Value>()
                .is_ok_and(|b| b["replyRef"].as_str() == Some(&inv.id.to_string()))
        })
        .unwrap_or_else(|| panic!("no useapi request for interaction {}", inv.id))
}

#[tokio::test]
async fn fast_unmapped_relays_without_channel_and_posts_the_content() {
    let bot = spawn_bot().await;
    useapi_answers(&bot, CONTENT).await;

    let inv = bot.invoke_fast(A_GENERAL).await;
    let reply = bot.reply(&inv).await;

    assert_eq!(reply.content, CONTENT);
    assert_eq!(reply.method, "PATCH");
    assert!(reply
        .path
        .ends_with(&format!("/{}/messages/@original", inv.token)));
    assert!(!reply.ephemeral, "a successful answer is public");

    let requests = bot.useapi_requests().await;
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/v2/jobs/fast");
    assert_eq!(
        request.headers["authorization"],
        format!("Bearer {USEAPI_TOKEN}").as_str()
    );
    assert_eq!(request.headers["content-type"], "application/json");
    assert_eq!(
        request.body_json::<Value>().unwrap(),
        json!({"replyRef": inv.id.to_string()})
    );

    // The member saw "thinking…" first: a public defer.
    let callbacks: Vec<_> = bot
        .discord
        .requests()
        .await
        .into_iter()
        .filter(|r| {
            r.path
                .ends_with(&format!("/{}/{}/callback", inv.id, inv.token))
        })
        .collect();
    assert_eq!(callbacks.len(), 1);
    assert_eq!(callbacks[0].body["type"], 5);
}

#[tokio::test]
async fn mentions_in_midjourney_content_never_ping_anyone() {
    let bot = spawn_bot().await;
    let content = "@everyone @here <@123456789012345678> <@&223456789012345678> look!";
    useapi_answers(&bot, content).await;

    let reply = bot.reply(&bot.invoke_fast(A_GENERAL).await).await;

    assert_eq!(reply.content, content);
    let allowed = &reply.body["allowed_mentions"];
    assert_eq!(allowed["parse"], json!([]), "{allowed}");
    assert!(
        allowed["users"].as_array().is_none_or(Vec::is_empty),
        "{allowed}"
    );
    assert!(
        allowed["roles"].as_array().is_none_or(Vec::is_empty),
        "{allowed}"
    );
}

#[tokio::test]
async fn content_of_5000_characters_arrives_in_messages_of_at_most_2000() {
    let bot = spawn_bot().await;
    let content: String = "Midjourney says hello. "
        .repeat(218)
        .chars()
        .take(5000)
        .collect();
    assert_eq!(content.chars().count(), 5000);
    useapi_answers(&bot, &content).await;

    let inv = bot.invoke_fast(A_GENERAL).await;
    let replies = bot.wait_for_replies(&inv, 3).await;

    assert_eq!(replies.len(), 3);
    for reply in &replies {
        assert!(
            reply.content.chars().count() <= 2000,
            "{} characters",
            reply.content.chars().count()
        );
        assert_eq!(reply.body["allowed_mentions"]["parse"], json!([]));
        assert!(!reply.ephemeral);
    }
    let joined: String = replies.iter().map(|r| r.content.as_str()).collect();
    assert_eq!(joined, content);
}

#[tokio::test]
async fn a_hundred_concurrent_commands_each_get_exactly_their_own_reply() {
    let bot = spawn_bot().await;
    Mock::given(method("POST"))
        .and(path("/v2/jobs/fast"))
        .respond_with(|req: &Request| {
            let reply_ref = req.body_json::<Value>().unwrap_or_default()["replyRef"].clone();
            ResponseTemplate::new(200)
                .set_body_json(json!({"status": "completed", "content": format!("done for {}", reply_ref.as_str().unwrap_or("?")), "replyRef": reply_ref}))
                .set_delay(Duration::from_millis(50))
        })
        .mount(&bot.useapi)
        .await;

    let places = [A_GENERAL, A_ART, A_ART_THREAD, A_OTHER, B_GENERAL];
    let mut invocations = Vec::new();
    for i in 0..100 {
        invocations.push(bot.invoke_fast(places[i % places.len()]).await);
    }
    for inv in &invocations {
        bot.reply(inv).await;
    }
    // Give stray duplicates a moment to show up before counting.
    tokio::time::sleep(Duration::from_millis(300)).await;
    for inv in &invocations {
        let replies = bot.replies_for(inv).await;
        assert_eq!(
            replies.len(),
            1,
            "interaction {} got {} replies",
            inv.id,
            replies.len()
        );
        assert_eq!(replies[0].content, format!("done for {}", inv.id));
    }
    assert_eq!(bot.useapi_requests().await.len(), 100);
}
