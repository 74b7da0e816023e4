//! The useapi client against wiremock: the exact request, and every way an answer can go wrong.

use std::time::Duration;

use mj_bridge::ids::MjChannelId;
use mj_bridge::useapi::{UseapiClient, UseapiError};
use mj_bridge::verbs::Verb;
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::gate::posts_held_at;
use crate::support::refusing_socket;
use crate::support::useapi::answers_in_turn;
use crate::support::useapi::fast_job_error_for;
use crate::support::useapi::{
    completed, useapi_client as client, useapi_client_at, CLIENT_TOKEN as TOKEN,
};

#[tokio::test]
async fn the_request_has_the_exact_method_path_headers_and_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/jobs/fast"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({"channel": "123456789012345678", "replyRef": "42", "replyUrl": "https://example.com/cb"})))
        .respond_with(completed("Done!"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server, &[("USEAPI_REPLY_URL", "https://example.com/cb")]);
    let channel = MjChannelId::parse("123456789012345678").unwrap();
    let job = client
        .run_job(Verb::FAST, Some(&channel), "42")
        .await
        .unwrap();
    assert_eq!(job.content.as_deref(), Some("Done!"));
}

#[tokio::test]
async fn without_a_mapping_the_channel_is_left_out() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/jobs/fast"))
        .and(body_json(json!({"replyRef": "7"})))
        .respond_with(completed("ok"))
        .expect(1)
        .mount(&server)
        .await;
    client(&server, &[])
        .run_job(Verb::FAST, None, "7")
        .await
        .unwrap();
}

#[tokio::test]
async fn every_error_status_is_typed_with_useapi_error_text() {
    let server = MockServer::start().await;
    let client = client(&server, &[("USEAPI_TIMEOUT_SECS", "1")]);
    for status in [400u16, 401, 402, 404, 410, 429, 500, 502, 503, 504, 596] {
        server.reset().await;
        // `Retry-After: 0` puts the wait before a retry in the test's hands:
        // a retryable status is tried again at once, well inside the budget,
        // and the others are not, even though useapi says "now".
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("retry-after", "0")
                    .set_body_json(json!({"error": format!("err {status}"), "code": status})),
            )
            .mount(&server)
            .await;
        match client.run_job(Verb::FAST, None, "1").await {
            Err(UseapiError::Status { status: got, error }) => {
                assert_eq!(got, status);
                assert_eq!(error, Some(format!("err {status}")));
            }
            other => panic!("{status}: {other:?}"),
        }
        let calls = server.received_requests().await.unwrap().len();
        if matches!(status, 429 | 500 | 502 | 503 | 504) {
            assert!(calls >= 2, "{status} must be retried: {calls} calls");
        } else {
            assert_eq!(calls, 1, "{status} needs a human and must not be retried");
        }
    }
}

#[tokio::test]
async fn a_failed_job_is_an_error_even_with_http_200() {
    let failed = json!({"status": "failed", "error": "Midjourney said no"});
    let (err, _) = fast_job_error_for(ResponseTemplate::new(200).set_body_json(failed)).await;
    assert!(
        matches!(err, UseapiError::JobFailed { error: Some(e), .. } if e == "Midjourney said no")
    );
}

#[tokio::test]
async fn an_html_page_is_an_invalid_body_not_a_panic() {
    let page = ResponseTemplate::new(200).set_body_raw("<html>maintenance</html>", "text/html");
    let (err, _) = fast_job_error_for(page).await;
    assert!(
        matches!(err, UseapiError::InvalidBody { status: 200, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_slow_answer_times_out_after_useapi_timeout_secs() {
    let server = MockServer::start().await;
    // No answer until the client has given up.
    let gate = posts_held_at(&server, completed("late")).await;
    let err = client(&server, &[("USEAPI_TIMEOUT_SECS", "1")])
        .run_job(Verb::FAST, None, "1")
        .await
        .unwrap_err();
    gate.open();
    assert!(
        matches!(err, UseapiError::Timeout(d) if d == Duration::from_secs(1)),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error() {
    // Held to the end: the port stays reserved and refuses connections.
    let (_socket, address) = refusing_socket();
    let err = useapi_client_at(&format!("http://{address}"), &[])
        .run_job(Verb::FAST, None, "1")
        .await
        .unwrap_err();
    assert!(matches!(err, UseapiError::Connect(_)), "{err:?}");
    assert_eq!(err.status(), None);
}

fn client_with_limits(server: &MockServer, concurrency: &str, queue: &str) -> UseapiClient {
    client(
        server,
        &[
            ("USEAPI_MAX_CONCURRENCY", concurrency),
            ("USEAPI_MAX_QUEUE", queue),
        ],
    )
}

#[tokio::test]
async fn transient_failures_are_retried_until_useapi_answers() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_json(json!({"error": "busy"})))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(completed("third time"))
        .mount(&server)
        .await;

    let job = client(&server, &[])
        .run_job(Verb::FAST, None, "1")
        .await
        .unwrap();

    assert_eq!(job.content.as_deref(), Some("third time"));
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = MockServer::start().await;
    let busy = ResponseTemplate::new(429)
        .insert_header("retry-after", "1")
        .set_body_json(json!({"error": "queue full"}));
    answers_in_turn(&server, [busy], completed("ok")).await;

    let started = std::time::Instant::now();
    client(&server, &[])
        .run_job(Verb::FAST, None, "1")
        .await
        .unwrap();

    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "waited only {:?}",
        started.elapsed()
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn when_the_budget_runs_out_the_last_useapi_error_is_returned() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(502).set_body_json(json!({"error": "upstream down"})))
        .mount(&server)
        .await;

    let err = client(&server, &[("USEAPI_TIMEOUT_SECS", "2")])
        .run_job(Verb::FAST, None, "1")
        .await
        .unwrap_err();

    assert!(
        matches!(err, UseapiError::Status { status: 502, .. }),
        "{err:?}"
    );
    assert!(
        server.received_requests().await.unwrap().len() >= 2,
        "it was retried"
    );
}

#[tokio::test]
async fn a_retry_after_beyond_the_budget_is_not_waited_for() {
    let busy = ResponseTemplate::new(429).insert_header("retry-after", "3600");

    let (err, server) = fast_job_error_for(busy).await;

    assert!(
        matches!(err, UseapiError::Status { status: 429, .. }),
        "{err:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn identical_concurrent_jobs_share_one_call_and_different_channels_do_not() {
    let server = MockServer::start().await;
    let gate = posts_held_at(&server, completed("shared")).await;
    let client = client(&server, &[]);
    let one = MjChannelId::parse("111111111111111111").unwrap();
    let two = MjChannelId::parse("222222222222222222").unwrap();

    // All ten are started together; the first call is held until then.
    let same = (0..10).map(|i| {
        let client = client.clone();
        let one = one.clone();
        async move { client.run_job(Verb::FAST, Some(&one), &i.to_string()).await }
    });
    let results = tokio::spawn(futures_util::future::join_all(same));
    gate.wait_for_a_held_request(String::new).await;
    gate.open();
    let results = results.await.unwrap();
    assert!(results
        .iter()
        .all(|r| r.as_ref().unwrap().content.as_deref() == Some("shared")));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);

    let (a, b) = tokio::join!(
        client.run_job(Verb::FAST, Some(&one), "a"),
        client.run_job(Verb::FAST, Some(&two), "b")
    );
    a.unwrap();
    b.unwrap();
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn beyond_the_concurrency_cap_calls_queue_and_a_full_queue_refuses() {
    let server = MockServer::start().await;
    let gate = posts_held_at(&server, completed("ok")).await;
    let ids: Vec<MjChannelId> = (1..=3)
        .map(|i| MjChannelId::parse(&format!("{i}00000000000000000")).unwrap())
        .collect();

    // One slot, one place in the queue: the third concurrent call is refused
    // while the first is held in the slot.
    let client = client_with_limits(&server, "1", "1");
    let (done, mut finished) = tokio::sync::mpsc::unbounded_channel();
    for id in &ids {
        let (client, id, done) = (client.clone(), id.clone(), done.clone());
        tokio::spawn(async move {
            let result = client.run_job(Verb::FAST, Some(&id), "r").await;
            done.send(result).unwrap();
        });
    }
    drop(done);
    // While the gate is shut, only a refusal can finish.
    let refusal = finished.recv().await.unwrap();
    gate.wait_for_a_held_request(String::new).await;
    gate.open();
    let mut results = vec![refusal];
    while let Some(result) = finished.recv().await {
        results.push(result);
    }
    let refused = results
        .iter()
        .filter(|r| matches!(r, Err(UseapiError::QueueFull { .. })))
        .count();
    assert_eq!(refused, 1, "{results:?}");
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 2);

    // With room in the queue, all of them run.
    let client = client_with_limits(&server, "1", "5");
    let calls = ids
        .iter()
        .map(|id| client.run_job(Verb::FAST, Some(id), "r"));
    assert!(futures_util::future::join_all(calls)
        .await
        .iter()
        .all(Result::is_ok));
}

#[tokio::test]
async fn every_verb_posts_the_same_body_to_its_own_endpoint() {
    let server = MockServer::start().await;
    let client = client(&server, &[]);
    let channel = MjChannelId::parse("123456789012345678").unwrap();
    for verb in Verb::ALL {
        Mock::given(method("POST"))
            .and(path(format!("/{}", verb.path)))
            .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
            .and(body_json(
                json!({"channel": "123456789012345678", "replyRef": verb.name}),
            ))
            .respond_with(completed(verb.name))
            .expect(1)
            .mount(&server)
            .await;
        let job = client
            .run_job(*verb, Some(&channel), verb.name)
            .await
            .unwrap();
        assert_eq!(job.content.as_deref(), Some(verb.name));
    }
}

#[tokio::test]
async fn long_waits_are_reported_and_short_ones_are_not() {
    let server = MockServer::start().await;
    let busy = ResponseTemplate::new(429).insert_header("retry-after", "1");
    let down = ResponseTemplate::new(503).insert_header("retry-after", "5");
    answers_in_turn(&server, [busy, down], completed("ok")).await;

    let mut waits = Vec::new();
    let client = client(&server, &[]);
    let budget = client.budget_for(tokio::time::Instant::now());
    let job = client
        .run_job_reporting(Verb::FAST, None, "1", budget, |waiting| {
            waits.push(waiting);
            async {}
        })
        .await
        .unwrap();

    assert_eq!(job.content.as_deref(), Some("ok"));
    assert_eq!(
        waits,
        [mj_bridge::useapi::Waiting {
            status: Some(503),
            retry_in: Duration::from_secs(5)
        }],
        "the 1 s wait is not worth a notice; the 5 s one is"
    );
}
