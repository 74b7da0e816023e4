//! Helpers for the wiremock that plays useapi.net.

use std::time::Duration;

use mj_bridge::useapi::{UseapiClient, UseapiLimits, UseapiPool, UseapiSettings};
use serde_json::{json, Value};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use super::bot::TestBot;
use super::fake_discord::{Invocation, Place};

impl TestBot {
    /// How many job requests (`/v2/jobs/…`) useapi received.
    pub async fn job_requests(&self) -> usize {
        self.useapi_requests_to(|path| path.starts_with("/v2/jobs/"))
            .await
    }

    /// How many `/fast` jobs useapi was asked for.
    pub async fn fast_jobs(&self) -> usize {
        self.useapi_requests_to(|path| path.ends_with("/fast"))
            .await
    }

    /// How many requests useapi received at a path `counts` holds for: the
    /// one count the two above share.
    async fn useapi_requests_to(&self, counts: impl Fn(&str) -> bool) -> usize {
        let requests = self.useapi_requests().await;
        requests.iter().filter(|r| counts(r.url.path())).count()
    }

    /// `/fast` at `place`, answered with [`CONTENT`]; returns it.
    pub async fn assert_fast_answers(&self, place: Place) -> Invocation {
        let inv = self.invoke_fast(place).await;
        assert_eq!(
            self.reply(&inv).await.content,
            CONTENT,
            "{}",
            self.diagnostics()
        );
        inv
    }
}

pub const CONTENT: &str = "Done! Note that once you exhaust your fast hours, you can purchase more on the website: <https://midjourney.com/account>. To conserve your fast hours, use `/relax` to switch back to relax mode.";

/// useapi answers every job with `content`.
pub async fn useapi_answers(bot: &TestBot, content: &str) {
    useapi_answers_with(bot, completed(content)).await;
}

/// useapi answers every job with `answer`, e.g. an error status and body.
pub async fn useapi_answers_with(bot: &TestBot, answer: ResponseTemplate) {
    Mock::given(method("POST"))
        .and(path_regex("^/v2/jobs/"))
        .respond_with(answer)
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

/// useapi.net has Midjourney accounts for `channels` and no others.
pub async fn useapi_knows(bot: &TestBot, channels: &[&str]) {
    let accounts: serde_json::Map<String, Value> = channels
        .iter()
        .map(|c| (c.to_string(), json!({"channel": c, "server": "999999999999999999", "discord": "abc...xyz", "maxJobs": 3})))
        .collect();
    Mock::given(method("GET"))
        .and(path("/v2/account/midjourney"))
        .respond_with(ResponseTemplate::new(200).set_body_json(accounts))
        .mount(&bot.useapi)
        .await;
    for channel in channels {
        Mock::given(method("GET"))
            .and(path(format!("/v2/account/midjourney/{channel}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"channel": channel})))
            .with_priority(1)
            .mount(&bot.useapi)
            .await;
    }
    Mock::given(method("GET"))
        .and(path_regex(r"^/v2/account/midjourney/\d+$"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"error": "Configuration not found", "code": 404})),
        )
        .mount(&bot.useapi)
        .await;
}

/// useapi.net knows every Midjourney channel it is asked about.
pub async fn useapi_knows_every_channel(bot: &TestBot) {
    Mock::given(method("GET"))
        .and(path_regex(r"^/v2/account/midjourney/\d+$"))
        .respond_with(|req: &Request| {
            let channel = req
                .url
                .path()
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_owned();
            ResponseTemplate::new(200).set_body_json(json!({"channel": channel}))
        })
        .mount(&bot.useapi)
        .await;
}

/// The useapi token of clients made by [`useapi_client`].
pub const CLIENT_TOKEN: &str = "user:1-test-token";

/// A useapi client for `server`, with extra settings such as `USEAPI_TIMEOUT_SECS`.
pub fn useapi_client(server: &MockServer, extra: &[(&str, &str)]) -> UseapiClient {
    useapi_client_at(&server.uri(), extra)
}

/// A useapi client for `base_url`, with the defaults the bot runs with and
/// `extra` settings named as their variables.
/// The error a client of `server` (settings as [`useapi_client`]) gets
/// for a `/fast` job.
pub async fn fast_job_error(server: &MockServer) -> mj_bridge::useapi::UseapiError {
    useapi_client(server, &[])
        .run_job(mj_bridge::verbs::Verb::FAST, None, "1")
        .await
        .unwrap_err()
}

/// The error of a `/fast` job when useapi answers every job with `answer`,
/// and the fake useapi (for what it received).
pub async fn fast_job_error_for(
    answer: ResponseTemplate,
) -> (mj_bridge::useapi::UseapiError, MockServer) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(answer)
        .mount(&server)
        .await;
    (fast_job_error(&server).await, server)
}

pub fn useapi_client_at(base_url: &str, extra: &[(&str, &str)]) -> UseapiClient {
    let mut settings = UseapiSettings {
        base_url: base_url.to_owned(),
        token: Some(CLIENT_TOKEN.to_owned().into()),
        reply_url: None,
        limits: UseapiLimits {
            timeout: Duration::from_secs(60),
            max_concurrency: None,
            max_queue: 500,
            max_in_flight: 256,
        },
        pool_idle: Duration::from_secs(30),
    };
    for (name, value) in extra {
        let number = || value.parse::<u64>().unwrap();
        match *name {
            "USEAPI_BASE_URL" => settings.base_url = value.to_string(),
            "USEAPI_REPLY_URL" => settings.reply_url = Some(value.to_string()),
            "USEAPI_TIMEOUT_SECS" => settings.limits.timeout = Duration::from_secs(number()),
            "USEAPI_MAX_CONCURRENCY" => settings.limits.max_concurrency = Some(number() as usize),
            "USEAPI_MAX_QUEUE" => settings.limits.max_queue = number() as usize,
            "USEAPI_MAX_IN_FLIGHT" => settings.limits.max_in_flight = number() as usize,
            other => panic!("useapi_client does not know the setting {other}"),
        }
    }
    UseapiPool::new(settings)
        .unwrap()
        .operator()
        .expect("a token was given")
}

/// A completed job answering `content`.
pub fn completed(content: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "jobid": "j1", "verb": "fast", "status": "completed", "content": content, "code": 200
    }))
}

/// `server` answers jobs with each of `first` once, in turn, then always with `then`.
pub async fn answers_in_turn(
    server: &MockServer,
    first: impl IntoIterator<Item = ResponseTemplate>,
    then: ResponseTemplate,
) {
    for (priority, answer) in (1u8..).zip(first) {
        Mock::given(method("POST"))
            .respond_with(answer)
            .up_to_n_times(1)
            .with_priority(priority)
            .mount(server)
            .await;
    }
    Mock::given(method("POST"))
        .respond_with(then)
        .mount(server)
        .await;
}

/// What a hostile useapi hides after a newline in a job's `status`: a line
/// that would pass for the bot's own in its log.
pub const FORGED_LINE: &str = "2026-01-01T00:00:00.000000Z  INFO mj_bridge::run: FAKE LOG LINE";

/// A job whose `status` is hostile: `failed`, a newline and [`FORGED_LINE`],
/// then 5,000 characters more than any message can hold.
pub fn hostile_status() -> ResponseTemplate {
    let status = format!("failed\n{FORGED_LINE}\r\u{1b}[31m{}", "x".repeat(5000));
    ResponseTemplate::new(200).set_body_json(json!({
        "jobid": "j1", "verb": "fast", "status": status, "code": 200
    }))
}
