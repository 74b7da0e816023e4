//! A useapi.net with several accounts, one per token, as when servers bring
//! their own: each token lists its own Midjourney channels and answers its
//! own jobs (every mock matches the `Authorization` header), a refused
//! token answers 401 or 403, and a front ([`UseapiFront`]) holds the jobs of
//! one token while the others are answered.

use serde_json::{json, Value};
use wiremock::matchers::{header, method, path, path_regex};
use wiremock::{Mock, Request, ResponseTemplate};

use super::bot::{BotOptions, TestBot};
use super::front::{self, FrontHandle, HeldRoute};
use super::useapi::{completed, CONTENT};

/// Every test token of a server's own account starts with this, so no
/// output may contain it (see `checks.rs`).
pub const OWN_TOKEN_PREFIX: &str = "user:7777-own-S3CR3T-";
/// The useapi tokens of two servers' own accounts, and one useapi refuses.
pub const TOKEN_A: &str = "user:7777-own-S3CR3T-alpha-0123456789";
pub const TOKEN_B: &str = "user:7777-own-S3CR3T-bravo-9876543210";
pub const REFUSED_TOKEN: &str = "user:7777-own-S3CR3T-refused-000000";

/// Above the generic mocks of `useapi.rs` (priority 5), so a request with a
/// known token always gets that token's answer.
pub const TOKEN_PRIORITY: u8 = 2;

/// `Bearer <token>`, the `Authorization` header useapi expects.
pub fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// The `Authorization` header of `request`, if any.
pub fn authorization(request: &Request) -> Option<String> {
    request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// useapi.net knows `token`, whose account has Midjourney accounts for
/// `channels` and no others: with that token it lists them
/// (`GET /v2/account/midjourney`), knows them one by one (404 for any
/// other), and completes every job with [`CONTENT`].
pub async fn useapi_knows_token(bot: &TestBot, token: &str, channels: &[&str]) {
    let limits: Vec<(&str, u16)> = channels.iter().map(|c| (*c, 3)).collect();
    useapi_knows_token_with_max_jobs(bot, token, &limits).await;
}

/// [`useapi_knows_token`], each Midjourney channel listed with its own
/// `maxJobs` (the jobs useapi runs at once on it).
pub async fn useapi_knows_token_with_max_jobs(bot: &TestBot, token: &str, limits: &[(&str, u16)]) {
    let channels: Vec<&str> = limits.iter().map(|(c, _)| *c).collect();
    let with_token = || header("authorization", bearer(token).as_str());
    let accounts: serde_json::Map<String, Value> = limits
        .iter()
        .map(|(c, max_jobs)| {
            let account = json!({"channel": c, "server": "999999999999999999", "discord": "abc...xyz", "maxJobs": max_jobs});
            (c.to_string(), account)
        })
        .collect();
    Mock::given(method("GET"))
        .and(path("/v2/account/midjourney"))
        .and(with_token())
        .respond_with(ResponseTemplate::new(200).set_body_json(accounts))
        .with_priority(TOKEN_PRIORITY)
        .mount(&bot.useapi)
        .await;
    for channel in &channels {
        Mock::given(method("GET"))
            .and(path(format!("/v2/account/midjourney/{channel}")))
            .and(with_token())
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"channel": channel})))
            .with_priority(TOKEN_PRIORITY)
            .mount(&bot.useapi)
            .await;
    }
    Mock::given(method("GET"))
        .and(path_regex(r"^/v2/account/midjourney/\d+$"))
        .and(with_token())
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"error": "Configuration not found", "code": 404})),
        )
        .with_priority(TOKEN_PRIORITY + 1)
        .mount(&bot.useapi)
        .await;
    Mock::given(method("POST"))
        .and(path_regex("^/v2/jobs/"))
        .and(with_token())
        .respond_with(completed(CONTENT))
        .with_priority(TOKEN_PRIORITY)
        .mount(&bot.useapi)
        .await;
}

/// useapi.net refuses `token` on every route with `status` (401: unknown
/// or revoked token, 403: not allowed), as it does.
pub async fn useapi_refuses_token(bot: &TestBot, token: &str, status: u16) {
    Mock::given(header("authorization", bearer(token).as_str()))
        .respond_with(
            ResponseTemplate::new(status)
                .set_body_json(json!({"error": "Unauthorized", "code": status})),
        )
        .with_priority(TOKEN_PRIORITY)
        .mount(&bot.useapi)
        .await;
}

/// Every request useapi received that carried `token`.
pub async fn useapi_requests_with(bot: &TestBot, token: &str) -> Vec<Request> {
    let expected = bearer(token);
    bot.useapi_requests()
        .await
        .into_iter()
        .filter(|r| authorization(r).as_deref() == Some(expected.as_str()))
        .collect()
}

/// The `Authorization` header of every job (`POST /v2/jobs/<verb>`) useapi
/// received, in order; `"(none)"` for a job without one.
pub async fn job_authorizations(bot: &TestBot) -> Vec<String> {
    bot.useapi_requests()
        .await
        .iter()
        .filter(|r| r.method.as_str() == "POST" && r.url.path().starts_with("/v2/jobs/"))
        .map(|r| authorization(r).unwrap_or_else(|| "(none)".to_owned()))
        .collect()
}

/// A front between the bot and useapi's wiremock that can hold the jobs of
/// one token, unanswered, while every other request goes through: held
/// there, not in wiremock (which would stop answering everyone, see
/// `gate.rs`).
pub struct UseapiFront {
    front: FrontHandle,
}

impl UseapiFront {
    /// Holds every job (`POST /v2/jobs/…`) carrying `token` from now on,
    /// until the returned route is released or dropped, as useapi does
    /// while Midjourney works on them. [`HeldRoute::waiting`] counts the
    /// jobs held now.
    pub fn hold_jobs_of(&self, token: &str) -> HeldRoute {
        self.hold_jobs_where(token, |path| path.starts_with("/v2/jobs/"))
    }

    /// [`Self::hold_jobs_of`], only the jobs of `verb`, so each verb's can
    /// be released on its own.
    pub fn hold_verb_of(&self, token: &str, verb: &str) -> HeldRoute {
        let path = format!("/v2/jobs/{verb}");
        self.hold_jobs_where(token, move |p| p == path)
    }

    fn hold_jobs_where(
        &self,
        token: &str,
        path: impl Fn(&str) -> bool + Send + Sync + 'static,
    ) -> HeldRoute {
        let expected = bearer(token);
        self.front.hold_where(move |request| {
            let carries = request
                .headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                == Some(expected.as_str());
            request.method == "POST" && path(request.uri.path()) && carries
        })
    }
}

/// Starts the bot with `options`, its useapi behind a [`UseapiFront`], and
/// waits until its commands are registered.
pub async fn spawn_bot_behind_useapi_front(options: BotOptions) -> (TestBot, UseapiFront) {
    let mut bot = super::bot::prepare(options).await;
    let front = front::start(bot.useapi.uri()).await;
    bot.options.useapi_base_url = Some(front.url.clone());
    bot.start().await;
    (bot, UseapiFront { front })
}
