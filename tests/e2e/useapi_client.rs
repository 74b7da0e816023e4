//! The useapi client against wiremock: the exact request, and every way an answer can go wrong.

use std::time::Duration;

use mj_bridge::config::Config;
use mj_bridge::ids::MjChannelId;
use mj_bridge::useapi::{UseapiClient, UseapiError, Verb};
use serde_json::json;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "user:1-test-token";

fn client(server: &MockServer, extra: &[(&str, &str)]) -> UseapiClient {
    let uri = server.uri();
    let config = Config::from_lookup(|name| match name {
        "DISCORD_TOKEN" => Some("discord".into()),
        "USEAPI_TOKEN" => Some(TOKEN.into()),
        "USEAPI_BASE_URL" => Some(uri.clone()),
        _ => extra
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string()),
    })
    .unwrap();
    UseapiClient::new(&config).unwrap()
}

fn completed(content: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "jobid": "j1", "verb": "fast", "status": "completed", "content": content, "code": 200
    }))
}

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
    let client = client(&server, &[]);
    for status in [400u16, 401, 402, 404, 410, 429, 500, 502, 503, 504, 596] {
        server.reset().await;
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(status)
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
    }
}

#[tokio::test]
async fn a_failed_job_is_an_error_even_with_http_200() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"status": "failed", "error": "Midjourney said no"})),
        )
        .mount(&server)
        .await;
    let err = client(&server, &[])
        .run_job(Verb::FAST, None, "1")
        .await
        .unwrap_err();
    assert!(
        matches!(err, UseapiError::JobFailed { error: Some(e), .. } if e == "Midjourney said no")
    );
}

#[tokio::test]
async fn an_html_page_is_an_invalid_body_not_a_panic() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw("<html>maintenance</html>", "text/html"),
        )
        .mount(&server)
        .await;
    let err = client(&server, &[])
        .run_job(Verb::FAST, None, "1")
        .await
        .unwrap_err();
    assert!(
        matches!(err, UseapiError::InvalidBody { status: 200, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_slow_answer_times_out_after_useapi_timeout_secs() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(completed("late").set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let err = client(&server, &[("USEAPI_TIMEOUT_SECS", "1")])
        .run_job(Verb::FAST, None, "1")
        .await
        .unwrap_err();
    assert!(
        matches!(err, UseapiError::Timeout(d) if d == Duration::from_secs(1)),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = Config::from_lookup(|name| match name {
        "DISCORD_TOKEN" | "USEAPI_TOKEN" => Some("t".into()),
        "USEAPI_BASE_URL" => Some(format!("http://127.0.0.1:{port}")),
        _ => None,
    })
    .unwrap();
    let err = UseapiClient::new(&config)
        .unwrap()
        .run_job(Verb::FAST, None, "1")
        .await
        .unwrap_err();
    assert!(matches!(err, UseapiError::Connect(_)), "{err:?}");
    assert_eq!(err.status(), None);
}
