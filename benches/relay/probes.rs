//! The fakes' timing probes, and a bot started against them ([`Rig`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::sync::oneshot;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::support::bot::{prepare, BotOptions, TestBot, MEMBER};
use crate::support::fake_discord::{FakeDiscord, Place, APP_ID, GUILD_A, INTERACTION_TOKEN_PREFIX};

pub const REPLY_TIMEOUT: Duration = Duration::from_secs(60);

/// Channels mapped in the bot's mapping file, one per command, so no two
/// commands share a useapi call (coalescing would make the bot look faster).
const CHANNEL_BASE: u64 = 100_000_000_000_100_000;

pub fn channel_of(i: u64) -> u64 {
    CHANNEL_BASE + i
}

/// Where command `i` is typed: its own mapped channel.
pub fn place_of(i: u64) -> Place {
    Place {
        guild: GUILD_A,
        channel: channel_of(i),
        kind: 0,
        parent: None,
    }
}

/// Per-command timestamps, filled in by the probes as requests arrive.
#[derive(Default, Clone, Copy)]
pub struct Times {
    pub acked: Option<Instant>,
    pub useapi_received: Option<Instant>,
    pub replied: Option<Instant>,
}

/// Where probes record arrivals and where a command waits for its reply.
#[derive(Default)]
pub struct Probes {
    pub times: Mutex<HashMap<u64, Times>>,
    waiters: Mutex<HashMap<u64, Waiter>>,
}

enum Waiter {
    Waiting(oneshot::Sender<()>),
    Done,
}

impl Probes {
    fn record(&self, id: u64, set: impl FnOnce(&mut Times)) {
        set(self.times.lock().unwrap().entry(id).or_default());
    }

    /// The reply for `id` arrived: wake its waiter, or leave a note for it.
    fn complete(&self, id: u64) {
        let mut waiters = self.waiters.lock().unwrap();
        match waiters.remove(&id) {
            Some(Waiter::Waiting(tx)) => {
                let _ = tx.send(());
            }
            _ => {
                waiters.insert(id, Waiter::Done);
            }
        }
    }

    pub async fn wait(&self, id: u64) -> bool {
        let rx = {
            let mut waiters = self.waiters.lock().unwrap();
            if let Some(Waiter::Done) = waiters.remove(&id) {
                return true;
            }
            let (tx, rx) = oneshot::channel();
            waiters.insert(id, Waiter::Waiting(tx));
            rx
        };
        matches!(tokio::time::timeout(REPLY_TIMEOUT, rx).await, Ok(Ok(())))
    }

    /// How many of `ids` have a recorded `field`.
    pub fn count(&self, ids: &[u64], field: impl Fn(&Times) -> Option<Instant>) -> usize {
        let times = self.times.lock().unwrap();
        ids.iter()
            .filter(|id| times.get(id).and_then(&field).is_some())
            .count()
    }

    /// Polls until `field` is recorded for all of `ids` or `within` passes;
    /// returns how many were.
    pub async fn settle(
        &self,
        ids: &[u64],
        within: Duration,
        field: impl Fn(&Times) -> Option<Instant> + Copy,
    ) -> usize {
        let deadline = Instant::now() + within;
        loop {
            let done = self.count(ids, field);
            if done == ids.len() || Instant::now() >= deadline {
                return done;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// The number in `<INTERACTION_TOKEN_PREFIX><id>` path segments.
fn token_id(req: &Request) -> Option<u64> {
    req.url
        .path_segments()?
        .find_map(|s| s.strip_prefix(INTERACTION_TOKEN_PREFIX))
        .and_then(|id| id.parse().ok())
}

/// Timing probes in front of the fake Discord's interaction routes.
pub async fn mount_discord_probes(discord: &FakeDiscord, probes: &Arc<Probes>) {
    let p = probes.clone();
    Mock::given(method("POST"))
        .and(path_regex(r"^/api/v10/interactions/\d+/[^/]+/callback$"))
        .respond_with(move |req: &Request| {
            if let Some(id) = token_id(req) {
                p.record(id, |t| t.acked = Some(Instant::now()));
            }
            ResponseTemplate::new(204)
        })
        .with_priority(1)
        .mount(discord.rest())
        .await;
    let p = probes.clone();
    Mock::given(method("PATCH"))
        .and(path_regex(
            r"^/api/v10/webhooks/\d+/[^/]+/messages/@original$",
        ))
        .respond_with(move |req: &Request| {
            let body: Value = req.body_json().unwrap_or_default();
            if let Some(id) = token_id(req) {
                if body["content"]
                    .as_str()
                    .is_some_and(|c| c.starts_with("done"))
                {
                    p.record(id, |t| t.replied = Some(Instant::now()));
                    p.complete(id);
                }
            }
            ResponseTemplate::new(200).set_body_json(message(&body))
        })
        .with_priority(1)
        .mount(discord.rest())
        .await;
}

fn message(body: &Value) -> Value {
    json!({
        "id": "950000000000000001", "channel_id": "100000000000000010",
        "author": {"id": APP_ID.to_string(), "username": "mj-bridge", "discriminator": "0000", "avatar": null, "bot": true},
        "content": body["content"], "timestamp": "2026-01-01T00:00:00.000000+00:00", "edited_timestamp": null,
        "tts": false, "mention_everyone": false, "mentions": [], "mention_roles": [], "attachments": [],
        "embeds": [], "pinned": false, "type": 0, "flags": 0, "components": []
    })
}

/// The fake useapi: records arrival by `replyRef`, answers after `delay`.
pub async fn fake_useapi(probes: &Arc<Probes>, delay: Duration) -> MockServer {
    let server = MockServer::builder()
        .disable_request_recording()
        .start()
        .await;
    let p = probes.clone();
    Mock::given(method("POST"))
        .and(path("/v2/jobs/fast"))
        .respond_with(move |req: &Request| {
            let body: Value = req.body_json().unwrap_or_default();
            if let Some(id) = body["replyRef"].as_str().and_then(|r| r.parse().ok()) {
                p.record(id, |t| t.useapi_received = Some(Instant::now()));
            }
            ResponseTemplate::new(200)
                .set_body_json(
                    json!({"status": "completed", "content": "done", "replyRef": body["replyRef"]}),
                )
                .set_delay(delay)
        })
        .mount(&server)
        .await;
    server
}

/// A bot with `channels` mapped channels, its probes and its fake useapi.
pub struct Rig {
    pub bot: Arc<TestBot>,
    pub probes: Arc<Probes>,
    pub useapi: MockServer,
    pub pid: u32,
}

impl Rig {
    /// Starts the bot (warnings only, plus `env`) and waits for its registration.
    pub async fn start(channels: u64, delay: Duration, env: &[(&'static str, &str)]) -> Rig {
        let probes = Arc::new(Probes::default());
        let map: serde_json::Map<String, Value> = (0..channels)
            .map(|i| (channel_of(i).to_string(), json!(format!("7{:017}", i))))
            .collect();
        let mapping = json!({"version": 1, "guilds": {GUILD_A.to_string(): {"channels": map}}});
        let useapi = fake_useapi(&probes, delay).await;
        // The fake gives each interaction a member id of `id % 1_000_000`,
        // which repeats within thousands of commands: the member cooldown
        // would refuse those, so it is off. `TestBot::start` waits for the
        // registration's "in place" line (info, once per start).
        let env = [
            ("RUST_LOG", "warn,mj_bridge::registration=info".to_owned()),
            ("COMMAND_COOLDOWN_SECS", "0".to_owned()),
        ]
        .into_iter()
        .chain(env.iter().map(|(k, v)| (*k, (*v).to_owned())))
        .chain(
            std::env::var("BENCH_MALLOC_ARENA_MAX")
                .ok()
                .map(|v| ("MALLOC_ARENA_MAX", v)),
        )
        .collect();
        let mut bot = prepare(BotOptions {
            channels_json: Some(mapping.to_string()),
            useapi_base_url: Some(useapi.uri()),
            env,
            ..Default::default()
        })
        .await;
        mount_discord_probes(&bot.discord, &probes).await;
        bot.start().await;
        let pid = bot.pid().expect("bot running");
        Rig {
            bot: Arc::new(bot),
            probes,
            useapi,
            pid,
        }
    }

    /// Sends `/fast` in the channel of command `i`; returns the interaction id.
    pub async fn invoke(&self, i: u64) -> u64 {
        self.bot
            .discord
            .invoke(place_of(i), "fast", json!([]), MEMBER)
            .await
            .id
    }
}
