//! A useapi.net whose Midjourney accounts a test changes while the bot
//! runs: set or clear an account's `pendingModMessage` (its jobs then answer
//! 596, as useapi's do), have it flip on every read of the list, or have
//! every call refused (401, 402). A reset (`POST
//! /v2/account/midjourney/{channel}/reset`) clears it, unless Midjourney
//! still holds the account.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use serde_json::{json, Value};
use wiremock::matchers::{header, method, path, path_regex};
use wiremock::{Mock, MockBuilder, Request, ResponseTemplate};

use super::bot::{BotOptions, TestBot};
use super::useapi::{completed, CONTENT};
use super::useapi_tokens::{bearer, TOKEN_PRIORITY};
use super::wait_for_explained;

/// A bot whose accounts are watched: `guilds` as its settings (a mapping
/// file), /metrics served, and the watcher reading the account lists every
/// `every` seconds (0: never, so only a job's answer can tell).
pub fn watched(guilds: Value, every: u64) -> BotOptions {
    BotOptions::with_health_server()
        .channels(json!({"version": 1, "guilds": guilds}).to_string())
        .account_checks_every(every)
}

/// What useapi says in a 596 answer.
pub const PENDING_596: &str = "Pending moderation message";

/// The accounts, shared with the mocks that answer for them.
#[derive(Clone, Default)]
pub struct FakeAccounts(Arc<Mutex<Accounts>>);

#[derive(Default)]
struct Accounts {
    /// Each configured channel's `pendingModMessage`.
    channels: BTreeMap<String, Option<String>>,
    /// While set, every call answers this status.
    refused: Option<u16>,
    /// While set, every read of the list flips each channel between fine
    /// and pending with this message.
    flapping: Option<String>,
    /// How many reads of the list showed each channel pending.
    pending_reads: BTreeMap<String, usize>,
    /// While set, a reset answers 204 and the channel stays pending.
    still_held: bool,
}

/// useapi.net has fine Midjourney accounts for `channels`: it lists them,
/// knows them one by one, and completes their jobs with [`CONTENT`].
pub async fn useapi_accounts(bot: &TestBot, channels: &[&str]) -> FakeAccounts {
    mount(bot, None, channels).await
}

/// [`useapi_accounts`] for the account of `token` alone (a server's own):
/// its mocks answer only requests carrying it, before any other.
pub async fn useapi_accounts_of(bot: &TestBot, token: &str, channels: &[&str]) -> FakeAccounts {
    mount(bot, Some(token), channels).await
}

async fn mount(bot: &TestBot, token: Option<&str>, channels: &[&str]) -> FakeAccounts {
    let accounts = FakeAccounts::default();
    accounts.with(|a| {
        a.channels = channels.iter().map(|c| (c.to_string(), None)).collect();
    });
    let of_token = |mock: MockBuilder| match token {
        Some(token) => mock.and(header("authorization", bearer(token).as_str())),
        None => mock,
    };
    let first = |mock: Mock| match token {
        Some(_) => mock.with_priority(TOKEN_PRIORITY),
        None => mock,
    };
    let list = accounts.clone();
    first(
        of_token(Mock::given(method("GET")).and(path("/v2/account/midjourney")))
            .respond_with(move |_: &Request| list.with(Accounts::list)),
    )
    .mount(&bot.useapi)
    .await;
    let one = accounts.clone();
    first(
        of_token(Mock::given(method("GET")).and(path_regex(r"^/v2/account/midjourney/\d+$")))
            .respond_with(move |req: &Request| one.with(|a| a.one(req.url.path()))),
    )
    .mount(&bot.useapi)
    .await;
    let resets = accounts.clone();
    first(
        of_token(
            Mock::given(method("POST")).and(path_regex(r"^/v2/account/midjourney/\d+/reset$")),
        )
        .respond_with(move |req: &Request| resets.with(|a| a.reset(req.url.path()))),
    )
    .mount(&bot.useapi)
    .await;
    let jobs = accounts.clone();
    first(
        of_token(Mock::given(method("POST")).and(path_regex("^/v2/jobs/")))
            .respond_with(move |req: &Request| jobs.with(|a| a.job(req))),
    )
    .mount(&bot.useapi)
    .await;
    accounts
}

impl FakeAccounts {
    /// Midjourney waits for a human on `channel`: useapi lists `message` as
    /// its `pendingModMessage` and answers its jobs with 596.
    pub fn set_pending(&self, channel: &str, message: &str) {
        self.with(|a| {
            a.channels
                .insert(channel.to_owned(), Some(message.to_owned()))
        });
    }

    /// Someone resolved it and reset `pendingModMessage`.
    pub fn clear_pending(&self, channel: &str) {
        self.with(|a| a.channels.insert(channel.to_owned(), None));
    }

    /// From the next read of the list on, every read flips each channel:
    /// a fine one is listed pending with `message`, a pending one fine
    /// (`None`: stop, leaving each as it was last listed).
    pub fn flap(&self, message: Option<&str>) {
        self.with(|a| a.flapping = message.map(str::to_owned));
    }

    /// How many reads of the list showed `channel` pending so far.
    pub fn pending_reads(&self, channel: &str) -> usize {
        self.with(|a| a.pending_reads.get(channel).copied().unwrap_or(0))
    }

    /// From now on a reset answers 204 but Midjourney still holds the
    /// account: the channel stays pending.
    pub fn hold_after_reset(&self) {
        self.with(|a| a.still_held = true);
    }

    /// Every call answers `status` (401: token refused, 402: no
    /// subscription) until called with `None`.
    pub fn refuse_every_call(&self, status: Option<u16>) {
        self.with(|a| a.refused = status);
    }

    fn with<T>(&self, f: impl FnOnce(&mut Accounts) -> T) -> T {
        f(&mut self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl Accounts {
    fn refusal(&self) -> Option<ResponseTemplate> {
        self.refused.map(|status| {
            ResponseTemplate::new(status)
                .set_body_json(json!({"error": format!("refused ({status})"), "code": status}))
        })
    }

    /// `GET /v2/account/midjourney`: the documented object keyed by channel.
    fn list(&mut self) -> ResponseTemplate {
        if let Some(refused) = self.refusal() {
            return refused;
        }
        if let Some(message) = &self.flapping {
            for pending in self.channels.values_mut() {
                *pending = match pending {
                    Some(_) => None,
                    None => Some(message.clone()),
                };
            }
        }
        for (channel, pending) in &self.channels {
            if pending.is_some() {
                *self.pending_reads.entry(channel.clone()).or_default() += 1;
            }
        }
        let accounts: serde_json::Map<String, Value> = self
            .channels
            .iter()
            .map(|(channel, pending)| {
                let mut account = json!({"channel": channel, "server": "999999999999999999", "discord": "abc...xyz", "maxJobs": 3});
                if let Some(message) = pending {
                    account["pendingModMessage"] = json!(message);
                }
                (channel.clone(), account)
            })
            .collect();
        ResponseTemplate::new(200).set_body_json(accounts)
    }

    /// `GET /v2/account/midjourney/{channel}`.
    fn one(&self, path: &str) -> ResponseTemplate {
        let channel = path.rsplit('/').next().unwrap_or_default();
        match self.channels.get(channel) {
            Some(_) => ResponseTemplate::new(200).set_body_json(json!({"channel": channel})),
            None => ResponseTemplate::new(404)
                .set_body_json(json!({"error": "Configuration not found", "code": 404})),
        }
    }

    /// `POST /v2/account/midjourney/{channel}/reset`: 204 for a configured
    /// channel (its pending moderation cleared), else 404.
    fn reset(&mut self, path: &str) -> ResponseTemplate {
        if let Some(refused) = self.refusal() {
            return refused;
        }
        let channel = path.trim_end_matches("/reset").rsplit('/').next();
        let still_held = self.still_held;
        match channel.and_then(|c| self.channels.get_mut(c)) {
            Some(pending) => {
                if !still_held {
                    *pending = None;
                }
                ResponseTemplate::new(204)
            }
            None => ResponseTemplate::new(404)
                .set_body_json(json!({"error": "Configuration not found", "code": 404})),
        }
    }

    /// A job for the channel it names (or the only one): 596 while that
    /// account waits for a human, else completed.
    fn job(&self, req: &Request) -> ResponseTemplate {
        if let Some(refused) = self.refusal() {
            return refused;
        }
        let body: Value = req.body_json().unwrap_or_default();
        let only = (self.channels.len() == 1).then(|| self.channels.keys().next().cloned());
        let channel = body["channel"]
            .as_str()
            .map(str::to_owned)
            .or(only.flatten());
        let pending = channel.as_ref().and_then(|c| self.channels.get(c)).cloned();
        match pending {
            Some(Some(_)) => {
                ResponseTemplate::new(596).set_body_json(json!({"error": PENDING_596, "code": 596}))
            }
            _ => completed(CONTENT),
        }
    }
}

/// How many times the bot has read the account list so far.
pub async fn account_polls(bot: &TestBot) -> usize {
    bot.useapi_requests()
        .await
        .iter()
        .filter(|r| r.method.as_str() == "GET" && r.url.path() == "/v2/account/midjourney")
        .count()
}

/// Waits until the bot has read the account list at least `count` times.
pub async fn wait_for_account_polls(bot: &TestBot, count: usize) {
    wait_for_explained(
        &format!("{count} reads of the account list"),
        Duration::from_secs(30),
        || bot.diagnostics(),
        || async {
            let polls = account_polls(bot).await;
            if polls >= count {
                Ok(())
            } else {
                Err(format!("{polls} reads"))
            }
        },
    )
    .await;
}

/// How many times the bot has read the account list of `token` so far.
pub async fn account_polls_with(bot: &TestBot, token: &str) -> usize {
    let expected = bearer(token);
    bot.useapi_requests()
        .await
        .iter()
        .filter(|r| r.method.as_str() == "GET" && r.url.path() == "/v2/account/midjourney")
        .filter(|r| {
            r.headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(expected.as_str())
        })
        .count()
}

/// The resets of `channel` the bot asked useapi for so far, each with the
/// token it carried.
pub async fn resets_of(bot: &TestBot, channel: &str) -> Vec<String> {
    let route = format!("/v2/account/midjourney/{channel}/reset");
    bot.useapi_requests()
        .await
        .iter()
        .filter(|r| r.method.as_str() == "POST" && r.url.path() == route)
        .map(|r| {
            let auth = r.headers.get("authorization").and_then(|v| v.to_str().ok());
            auth.unwrap_or_default().to_owned()
        })
        .collect()
}
