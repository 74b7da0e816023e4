//! A fake Discord for end-to-end tests: the REST API (wiremock, on one port)
//! and the v10 gateway (websocket, on another), both on 127.0.0.1. It drives
//! the real serenity client inside the real `mj-bridge` binary.
//!
//! Every REST request is recorded; request bodies that Discord's OpenAPI spec
//! would reject get a 400 and are listed in `schema_violations()`.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

mod faults;
mod gateway;
mod late;
mod rest;
mod signed;
mod typed;
mod world;

pub use signed::{Answered, Signature};
pub use typed::{filled_in, modal_fields, Invocation, Typed};
pub use world::{
    Place, APP_ID, A_ART, A_ART_THREAD, A_GENERAL, A_OTHER, BOT_ID, B_GENERAL, COMMAND_ID, DM,
    GUILDS, GUILD_A, GUILD_B, GUILD_C, INTERACTION_TOKEN_PREFIX,
};
use world::{MANY_GUILDS_FROM, WORLD};

use super::front::{self, HeldRoute};
use super::schema::{self, Body};
use super::wait_until;
use gateway::*;
use rest::*;

/// One REST request as the bot sent it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub authorization: Option<String>,
    pub body: Value,
}

#[derive(Clone)]
enum GatewayCommand {
    Dispatch(&'static str, Value),
    /// A frame sent as is, e.g. op 9 INVALID_SESSION.
    Raw(Value),
    Close(u16),
    Drop,
}

/// Which shard a gateway connection runs: it receives the guilds with
/// `(guild_id >> 22) % count == id`, as on Discord.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub id: u64,
    pub count: u64,
}

impl Shard {
    pub fn owns(self, guild: u64) -> bool {
        self.count > 0 && (guild >> 22) % self.count == self.id
    }
}

/// A connection that has completed IDENTIFY or RESUME.
struct Live {
    shard: Shard,
    tx: mpsc::UnboundedSender<GatewayCommand>,
}

struct State {
    ws_url: OnceLock<String>,
    /// Every connection that has completed IDENTIFY or RESUME.
    live: Mutex<Vec<Live>>,
    /// `shards` in `GET /gateway/bot`: what autosharding starts.
    gateway_shards: AtomicU64,
    identifies: AtomicUsize,
    resumes: AtomicUsize,
    /// The last sequence number sent, per shard (a session's numbers continue on RESUME).
    seq: Mutex<HashMap<(u64, u64), u64>>,
    /// The next dispatch skips a sequence number, as after a lost event.
    skip_sequence: AtomicBool,
    next_id: AtomicU64,
    /// The guilds the bot is in: GUILDS, and those of [`FakeDiscord::add_guilds`].
    guilds: Mutex<Vec<u64>>,
    /// Names given by [`FakeDiscord::name_guild`]; the others are `guild-<id>`.
    guild_names: Mutex<HashMap<u64, String>>,
    /// Guild id → the command objects last registered there by bulk overwrite.
    guild_commands: Mutex<HashMap<u64, Vec<Value>>>,
    violations: Mutex<Vec<String>>,
    /// While true, new gateway connections get no HELLO (Discord unreachable).
    paused: tokio::sync::watch::Sender<bool>,
    /// Sent in HELLO; Discord's is about 41 s.
    heartbeat_ms: AtomicU64,
    /// When each INTERACTION_CREATE was written to the socket, by interaction id.
    dispatched: Mutex<HashMap<u64, Instant>>,
    /// The application's Public Bot switch; off (only the owner can add it) by default.
    bot_public: AtomicBool,
    /// The application's Ed25519 key: it signs interactions over HTTP.
    key: ring::signature::Ed25519KeyPair,
    /// The payloads delivered over HTTP, by interaction id.
    payloads: Mutex<HashMap<u64, Value>>,
    /// Each interaction's type (2 command, 4 autocomplete, 5 modal submit), by id.
    kinds: Mutex<HashMap<u64, u8>>,
    /// The interactions Discord took a response for: it takes one only.
    acknowledged: Mutex<HashSet<u64>>,
    /// Discord processes an HTTP answer only after the bot's next call for
    /// that interaction was refused as too early (see `late.rs`).
    late: late::Late,
}

impl Default for State {
    fn default() -> Self {
        Self {
            ws_url: OnceLock::new(),
            live: Mutex::default(),
            gateway_shards: AtomicU64::new(1),
            identifies: AtomicUsize::new(0),
            resumes: AtomicUsize::new(0),
            seq: Mutex::default(),
            skip_sequence: AtomicBool::new(false),
            next_id: AtomicU64::new(0),
            guilds: Mutex::new(GUILDS.to_vec()),
            guild_names: Mutex::default(),
            guild_commands: Mutex::default(),
            violations: Mutex::default(),
            paused: tokio::sync::watch::Sender::new(false),
            heartbeat_ms: AtomicU64::new(41_250),
            dispatched: Mutex::default(),
            bot_public: AtomicBool::new(false),
            key: signed::new_key(),
            payloads: Mutex::default(),
            kinds: Mutex::default(),
            acknowledged: Mutex::default(),
            late: late::Late::default(),
        }
    }
}

impl State {
    /// `guild`'s name, as Discord sends it.
    fn guild_name(&self, guild: u64) -> String {
        let names = self.guild_names.lock().unwrap();
        names
            .get(&guild)
            .cloned()
            .unwrap_or_else(|| format!("guild-{guild}"))
    }

    /// A snowflake like Discord's: milliseconds since 2015-01-01 in the
    /// upper 42 bits (the bot reads when a command was typed from them),
    /// a counter below, so ids stay unique and increasing.
    fn next_id(&self) -> u64 {
        self.id_at(SystemTime::now())
    }

    /// A snowflake made at `at` by Discord's clock.
    fn id_at(&self, at: SystemTime) -> u64 {
        const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;
        let ms = at.duration_since(UNIX_EPOCH).unwrap().as_millis() as u64;
        ((ms - DISCORD_EPOCH_MS) << 22) | (self.next_id.fetch_add(1, Ordering::SeqCst) & 0x3f_ffff)
    }
}

pub struct FakeDiscord {
    rest: MockServer,
    state: Arc<State>,
    /// Where the bot is pointed when a test needs a slow route.
    front: Option<front::FrontHandle>,
}

impl FakeDiscord {
    pub async fn start() -> Self {
        let state = Arc::new(State::default());
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the fake gateway");
        let ws_addr = listener.local_addr().expect("gateway address");
        let _ = state.ws_url.set(format!("ws://{ws_addr}"));
        tokio::spawn(accept_gateway(listener, state.clone()));

        let rest = MockServer::start().await;
        mount_rest(&rest, &state).await;
        Self {
            rest,
            state,
            front: None,
        }
    }

    /// A fake Discord that can hold a route ([`Self::hold_posts_in`]): the
    /// bot talks to a front that forwards to the REST API.
    pub async fn start_with_front() -> Self {
        let mut discord = Self::start().await;
        discord.front = Some(front::start(discord.rest.uri()).await);
        discord
    }

    /// Holds every message posted in `channel` from now on, unanswered,
    /// until the returned route is released (or dropped), as Discord does
    /// while the channel's rate-limit bucket is empty. Needs
    /// [`Self::start_with_front`].
    pub fn hold_posts_in(&self, channel: u64) -> HeldRoute {
        let front = self
            .front
            .as_ref()
            .expect("holding a route needs the fake Discord's front (BotOptions::slow_routes)");
        front.hold("POST", format!("/api/v10/channels/{channel}/messages"))
    }

    /// The REST side, for extra routes (the benchmark's timing probes).
    #[allow(dead_code)] // only the relay benchmark (benches/relay/) uses it
    pub fn rest(&self) -> &MockServer {
        &self.rest
    }

    /// When INTERACTION_CREATE for `interaction` went out on the gateway.
    #[allow(dead_code)] // only the relay benchmark (benches/relay/) uses it
    pub fn dispatched_at(&self, interaction: u64) -> Option<Instant> {
        self.state
            .dispatched
            .lock()
            .unwrap()
            .get(&interaction)
            .copied()
    }

    /// What the bot gets as DISCORD_PROXY_URL.
    pub fn url(&self) -> String {
        match &self.front {
            Some(front) => front.url.clone(),
            None => self.rest.uri(),
        }
    }

    pub async fn requests(&self) -> Vec<Recorded> {
        self.rest
            .received_requests()
            .await
            .unwrap_or_default()
            .iter()
            .map(|r| Recorded {
                method: r.method.to_string(),
                path: r.url.path().to_owned(),
                authorization: r
                    .headers
                    .get("authorization")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned),
                body: serde_json::from_slice(&r.body).unwrap_or(Value::Null),
            })
            .collect()
    }

    pub fn schema_violations(&self) -> Vec<String> {
        self.state.violations.lock().unwrap().clone()
    }

    pub fn guild_commands(&self, guild: u64) -> Option<Vec<Value>> {
        self.state
            .guild_commands
            .lock()
            .unwrap()
            .get(&guild)
            .cloned()
    }

    /// Puts the bot in `count` more guilds (before it starts), each with
    /// no channels of its own; returns their ids.
    pub fn add_guilds(&self, count: u64) -> Vec<u64> {
        let mut guilds = self.state.guilds.lock().unwrap();
        let first = MANY_GUILDS_FROM + guilds.len() as u64;
        let added: Vec<u64> = (first..first + count).collect();
        guilds.extend(&added);
        added
    }

    /// Guilds with commands registered by bulk overwrite.
    pub fn guilds_with_commands(&self) -> usize {
        self.state.guild_commands.lock().unwrap().len()
    }

    pub fn identifies(&self) -> usize {
        self.state.identifies.load(Ordering::SeqCst)
    }

    pub fn resumes(&self) -> usize {
        self.state.resumes.load(Ordering::SeqCst)
    }

    pub fn is_connected(&self) -> bool {
        !self.state.live.lock().unwrap().is_empty()
    }

    /// The shards of the connections that are live now.
    pub fn live_shards(&self) -> Vec<Shard> {
        self.state
            .live
            .lock()
            .unwrap()
            .iter()
            .map(|l| l.shard)
            .collect()
    }

    /// The shard count `GET /gateway/bot` recommends.
    pub fn set_gateway_shards(&self, count: u64) {
        self.state.gateway_shards.store(count, Ordering::SeqCst);
    }

    /// Sends `command` to the connection of the shard that owns `guild`.
    fn send_live(&self, guild: u64, command: GatewayCommand) {
        let live = self.state.live.lock().unwrap();
        if let Some(live) = live.iter().find(|l| l.shard.owns(guild)) {
            let _ = live.tx.send(command);
        }
    }

    /// Sends `command` to every live connection and forgets them (they are closing).
    fn broadcast(&self, command: GatewayCommand) {
        let live = std::mem::take(&mut *self.state.live.lock().unwrap());
        for live in live {
            let _ = live.tx.send(command.clone());
        }
    }

    /// Sends INTERACTION_CREATE for a slash command typed at `place` by a
    /// member with `permissions`; waits for a live gateway connection first.
    pub async fn invoke(
        &self,
        place: Place,
        name: &str,
        options: Value,
        permissions: &str,
    ) -> Invocation {
        self.send(Typed::command(place, name, options, permissions))
            .await
    }

    /// Sends INTERACTION_CREATE for `typed` on the connection that carries
    /// it; waits for that connection to be live first.
    pub async fn send(&self, typed: Typed<'_>) -> Invocation {
        let (place, via) = (typed.place, typed.via);
        let (inv, payload) = self.interaction(typed);
        let carries = |shard: Shard| match via {
            Some(id) => shard.id == id,
            None => shard.owns(place.guild),
        };
        let live_tx = || {
            let live = self.state.live.lock().unwrap();
            live.iter().find(|l| carries(l.shard)).map(|l| l.tx.clone())
        };
        wait_until(
            "a live gateway connection to send the interaction on",
            Duration::from_secs(20),
            || async { live_tx().is_some() },
        )
        .await;
        let tx = live_tx().expect("live connection");
        tx.send(GatewayCommand::Dispatch("INTERACTION_CREATE", payload))
            .expect("gateway connection is gone");
        inv
    }

    /// The interaction Discord makes of `typed`: its id and token, and the payload.
    pub fn interaction(&self, typed: Typed<'_>) -> (Invocation, Value) {
        let Typed {
            kind,
            place,
            name,
            options,
            permissions,
            member,
            via: _,
            age,
            later,
            unreadable,
            locale,
            guild_locale,
        } = typed;
        let id = self.state.id_at(SystemTime::now() - age + later);
        let token = format!("{INTERACTION_TOKEN_PREFIX}{id}");
        self.state.kinds.lock().unwrap().insert(id, kind);
        let mut payload = interaction(kind, id, &token, place, name, options, permissions);
        if let Some(member) = member {
            match payload.get_mut("member") {
                Some(sender) => sender["user"] = user(member, "member"),
                None => payload["user"] = user(member, "member"),
            }
        }
        if unreadable {
            payload["attachment_size_limit"] = json!(10_737_418_240u64);
        }
        if let Some(locale) = locale {
            payload["locale"] = json!(locale);
        }
        if let (Some(locale), Some(_)) = (guild_locale, payload.get("guild_locale")) {
            payload["guild_locale"] = json!(locale);
        }
        (Invocation { id, token }, payload)
    }
}
