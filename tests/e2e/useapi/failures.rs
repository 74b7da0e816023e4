//! Every way useapi can fail reaches the member as a sentence, and the bot keeps working.

use serde_json::json;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::bot::{spawn_bot, spawn_bot_with, BotOptions, TestBot};
use crate::support::checks::assert_contains;
use crate::support::fake_discord::A_GENERAL;
use crate::support::gate::useapi_answers_once_opened;
use crate::support::refusing_socket;
use crate::support::useapi::{useapi_answers, CONTENT};

async fn assert_next_fast_works(bot: &TestBot) {
    bot.useapi.reset().await;
    useapi_answers(bot, CONTENT).await;
    let reply = bot.reply(&bot.invoke_fast(A_GENERAL).await).await;
    assert_eq!(reply.content, CONTENT);
}

/// `/fast` gets one reply, shown to the invoker only, holding every part
/// of `expected`.
async fn assert_the_invoker_alone_reads(bot: &TestBot, expected: &[&str]) {
    let inv = bot.invoke_fast(A_GENERAL).await;
    let reply = bot.reply(&inv).await;

    for text in expected {
        assert!(
            reply.content.contains(text),
            "expected {text:?} in {:?}",
            reply.content
        );
    }
    assert!(
        reply.ephemeral,
        "errors are shown to the invoker only: {:?}",
        reply.content
    );
    assert_eq!(bot.replies_for(&inv).await.len(), 1);
}

#[tokio::test]
async fn each_useapi_failure_reaches_the_invoker_and_the_next_fast_works() {
    let bot = spawn_bot_with(BotOptions::new().env("USEAPI_TIMEOUT_SECS", "1")).await;
    let error = |status: u16| {
        ResponseTemplate::new(status)
            .set_body_json(json!({"error": format!("upstream says {status}"), "code": status}))
    };
    let cases = [
        (error(400), vec!["HTTP 400", "upstream says 400"]),
        (error(401), vec!["HTTP 401", "USEAPI_TOKEN"]),
        (error(402), vec!["HTTP 402", "subscription"]),
        (error(429), vec!["HTTP 429", "try again"]),
        (error(500), vec!["HTTP 500"]),
        (
            ResponseTemplate::new(502).set_body_raw("<html>502 Bad Gateway</html>", "text/html"),
            vec!["HTTP 502"],
        ),
        (error(596), vec!["HTTP 596", "“Resolved: reset”"]),
        (
            ResponseTemplate::new(200).set_body_raw("<html>not json</html>", "text/html"),
            vec!["HTTP 200", "not the expected JSON"],
        ),
    ];
    for (response, expected) in cases {
        bot.useapi.reset().await;
        Mock::given(method("POST"))
            .respond_with(response)
            .mount(&bot.useapi)
            .await;
        assert_the_invoker_alone_reads(&bot, &expected).await;
    }
    // No answer within USEAPI_TIMEOUT_SECS: useapi holds the job until the
    // member has been told.
    bot.useapi.reset().await;
    let gate = useapi_answers_once_opened(&bot, "late").await;
    assert_the_invoker_alone_reads(&bot, &["within 1 second"]).await;
    gate.open();
    drop(gate);
    assert_next_fast_works(&bot).await;
    bot.finish().await;
}

#[tokio::test]
async fn a_refused_connection_reaches_the_invoker_and_the_bot_recovers() {
    // A port with nothing listening, taken over by useapi afterwards. The
    // socket keeps the port ours in between, so nothing else can take it.
    let (socket, address) = refusing_socket();
    let bot = spawn_bot_with(BotOptions::new().useapi_at(format!("http://{address}"))).await;

    let reply = bot.reply(&bot.invoke_fast(A_GENERAL).await).await;
    assert_contains(&reply.content, "could not reach useapi.net");

    let listener = socket.listen(1024).expect("listen on the reserved port");
    let listener = listener.into_std().expect("a std listener for wiremock");
    let useapi = MockServer::builder().listener(listener).start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"status": "completed", "content": CONTENT})),
        )
        .mount(&useapi)
        .await;
    let reply = bot.reply(&bot.invoke_fast(A_GENERAL).await).await;
    assert_eq!(reply.content, CONTENT);
    bot.finish().await;
}

#[tokio::test]
async fn while_useapi_asks_to_wait_the_member_is_told_and_then_gets_the_answer() {
    let bot = spawn_bot().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", "5")
                .set_body_json(json!({"error": "Queue is full, wait at least 10..30 seconds and retry", "code": 429})),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&bot.useapi)
        .await;
    useapi_answers(&bot, CONTENT).await;

    let inv = bot.invoke_fast(A_GENERAL).await;
    let replies = bot.wait_for_replies(&inv, 2).await;

    assert_eq!(
        replies[0].content,
        "⏳ useapi.net is busy (HTTP 429); trying again in 5 s…"
    );
    assert_eq!(replies[1].content, CONTENT);
    assert!(replies.iter().all(|r| r.method == "PATCH" && !r.ephemeral));
    assert_eq!(bot.useapi_requests().await.len(), 2);
    bot.finish().await;
}
