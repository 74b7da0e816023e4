//! Whatever answers at USEAPI_BASE_URL: huge bodies, absurd Retry-After
//! values, and toggles that must not be sent twice.

use mj_bridge::useapi::UseapiError;
use mj_bridge::verbs::Verb;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::bot::spawn_bot;
use crate::support::checks::assert_contains;
use crate::support::fake_discord::A_GENERAL;
use crate::support::gate::posts_held_at;
use crate::support::useapi::{answers_in_turn, completed, useapi_client};

const VARIABILITY: Verb = Verb::ALL[4];

fn too_large(result: &Result<impl std::fmt::Debug, UseapiError>) -> bool {
    matches!(result, Err(UseapiError::InvalidBody { reason, .. }) if reason.contains("larger than"))
}

#[tokio::test]
async fn a_body_announced_over_1_mib_is_refused() {
    let server = MockServer::start().await;
    let huge = format!(
        r#"{{"status":"completed","content":"{}"}}"#,
        "x".repeat(2 << 20)
    );
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string(huge))
        .mount(&server)
        .await;

    let result = useapi_client(&server, &[])
        .run_job(Verb::FAST, None, "1")
        .await;

    assert!(too_large(&result), "{result:?}");
}

#[tokio::test]
async fn an_endless_streamed_body_is_cut_at_1_mib() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut request = [0u8; 4096];
        let _ = stream.read(&mut request).await;
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
        stream.write_all(head.as_bytes()).await.unwrap();
        let chunk = format!("10000\r\n{}\r\n", "x".repeat(0x10000));
        // Never ends: only a bounded read can return.
        while stream.write_all(chunk.as_bytes()).await.is_ok() {}
    });
    let server = MockServer::start().await;
    let client = useapi_client(&server, &[("USEAPI_BASE_URL", &base)]);

    let result = client.run_job(Verb::FAST, None, "1").await;

    assert!(too_large(&result), "{result:?}");
}

#[tokio::test]
async fn an_absurd_retry_after_is_an_answer_not_a_panic_and_the_next_call_is_fresh() {
    for retry_after in ["18446744073709551615", "Fri, 31 Dec 9999 23:59:59 GMT"] {
        let server = MockServer::start().await;
        let busy = ResponseTemplate::new(429).insert_header("retry-after", retry_after);
        answers_in_turn(&server, [busy], completed("ok")).await;
        let client = useapi_client(&server, &[]);

        let busy = client.run_job(Verb::FAST, None, "1").await;
        let next = client.run_job(Verb::FAST, None, "2").await;

        assert!(
            matches!(busy, Err(UseapiError::Status { status: 429, .. })),
            "{retry_after}: {busy:?}"
        );
        assert_eq!(
            next.unwrap().content.as_deref(),
            Some("ok"),
            "{retry_after}"
        );
    }
}

#[tokio::test]
async fn a_toggle_is_never_shared_between_members() {
    let server = MockServer::start().await;
    // The first call is held in flight until both have started.
    let gate = posts_held_at(&server, completed("toggled")).await;
    let client = useapi_client(&server, &[]);

    let both = tokio::spawn({
        let client = client.clone();
        async move {
            tokio::join!(
                client.run_job(VARIABILITY, None, "a"),
                client.run_job(VARIABILITY, None, "b")
            )
        }
    });
    gate.wait_for_a_held_request(String::new).await;
    gate.open();
    let (a, b) = both.await.unwrap();

    a.unwrap();
    b.unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_toggle_is_not_sent_again_after_useapi_may_have_acted_on_it() {
    for status in [500, 502, 503, 504] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(status).insert_header("retry-after", "0"))
            .mount(&server)
            .await;

        let result = useapi_client(&server, &[])
            .run_job(VARIABILITY, None, "1")
            .await;

        assert_eq!(result.unwrap_err().status(), Some(status));
        assert_eq!(
            server.received_requests().await.unwrap().len(),
            1,
            "{status}"
        );
    }
}

#[tokio::test]
async fn a_toggle_is_sent_again_after_a_429() {
    let server = MockServer::start().await;
    let busy = ResponseTemplate::new(429).insert_header("retry-after", "0");
    answers_in_turn(&server, [busy], completed("toggled")).await;

    let job = useapi_client(&server, &[])
        .run_job(VARIABILITY, None, "1")
        .await
        .unwrap();

    assert_eq!(job.content.as_deref(), Some("toggled"));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_member_is_told_when_useapi_answers_with_a_huge_body() {
    let bot = spawn_bot().await;
    let huge = json!({"status": "completed", "content": "x".repeat(2 << 20)});
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(huge))
        .mount(&bot.useapi)
        .await;

    let reply = bot.reply(&bot.invoke_fast(A_GENERAL).await).await;

    assert!(reply.ephemeral);
    assert_contains(&reply.content, "not the expected JSON");
    bot.finish().await;
}
