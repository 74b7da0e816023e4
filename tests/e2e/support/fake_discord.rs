//! A fake Discord for end-to-end tests: the REST API (wiremock, on one port)
//! and the v10 gateway (websocket, on another), both on 127.0.0.1. It drives
//! the real serenity client inside the real `mj-bridge` binary.
//!
//! Every REST request is recorded; request bodies that Discord's OpenAPI spec
//! would reject get a 400 and are listed in `schema_violations()`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message as WsMessage;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use super::schema::{self, Body};
use super::wait_until;

pub const APP_ID: u64 = 900_000_000_000_000_001;
pub const BOT_ID: u64 = APP_ID;
pub const COMMAND_ID: u64 = 900_000_000_000_000_002;
/// Anyone holding an interaction token can post as the bot for 15 minutes,
/// so no output may contain one; they all start with this.
pub const INTERACTION_TOKEN_PREFIX: &str = "aW50ZXJhY3Rpb24-secret-";

/// A channel or thread of the fake world.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub guild: u64,
    pub channel: u64,
    /// Discord channel type: 0 text, 11 public thread.
    pub kind: u8,
    pub parent: Option<u64>,
}

pub const GUILD_A: u64 = 100_000_000_000_000_001;
/// On shard 1 of 2 (`(id >> 22) % 2`), GUILD_A and GUILD_C on shard 0.
pub const GUILD_B: u64 = 200_000_000_004_194_305;
pub const A_GENERAL: Place = text(GUILD_A, 100_000_000_000_000_010);
pub const A_ART: Place = text(GUILD_A, 100_000_000_000_000_011);
pub const A_ART_THREAD: Place = Place {
    guild: GUILD_A,
    channel: 100_000_000_000_000_012,
    kind: 11,
    parent: Some(A_ART.channel),
};
pub const A_OTHER: Place = text(GUILD_A, 100_000_000_000_000_013);
pub const B_GENERAL: Place = text(GUILD_B, 200_000_000_000_000_010);
/// A guild the bot is not in at start; see [`FakeDiscord::join_guild`].
pub const GUILD_C: u64 = 300_000_000_000_000_001;
/// Every place, so GUILD_CREATE can list each guild's channels and threads.
const WORLD: [Place; 5] = [A_GENERAL, A_ART, A_ART_THREAD, A_OTHER, B_GENERAL];
pub const GUILDS: [u64; 2] = [GUILD_A, GUILD_B];

const fn text(guild: u64, channel: u64) -> Place {
    Place {
        guild,
        channel,
        kind: 0,
        parent: None,
    }
}

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
            guild_commands: Mutex::default(),
            violations: Mutex::default(),
            paused: tokio::sync::watch::Sender::new(false),
            heartbeat_ms: AtomicU64::new(41_250),
            dispatched: Mutex::default(),
            bot_public: AtomicBool::new(false),
        }
    }
}

impl State {
    /// A snowflake like Discord's: milliseconds since 2015-01-01 in the
    /// upper 42 bits (the bot reads when a command was typed from them),
    /// a counter below, so ids stay unique and increasing.
    fn next_id(&self) -> u64 {
        const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as u64;
        ((now_ms - DISCORD_EPOCH_MS) << 22)
            | (self.next_id.fetch_add(1, Ordering::SeqCst) & 0x3f_ffff)
    }
}

pub struct FakeDiscord {
    rest: MockServer,
    state: Arc<State>,
}

/// A command interaction sent to the bot.
#[derive(Debug, Clone)]
pub struct Invocation {
    pub id: u64,
    pub token: String,
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
        Self { rest, state }
    }

    /// The REST side, for extra routes (the benchmark's timing probes).
    #[allow(dead_code)] // used by benches/relay.rs
    pub fn rest(&self) -> &MockServer {
        &self.rest
    }

    /// When INTERACTION_CREATE for `interaction` went out on the gateway.
    #[allow(dead_code)] // used by benches/relay.rs
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
        self.rest.uri()
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

    /// Answers the next request matching `method` and `path_pattern` (a
    /// regex) with Discord's 429, as a shared rate-limit bucket would.
    pub async fn rate_limit_once(&self, http_method: &str, path_pattern: &str) {
        Mock::given(method(http_method))
            .and(path_regex(path_pattern))
            .respond_with(
                ResponseTemplate::new(429)
                    .insert_header("retry-after", "1")
                    .insert_header("x-ratelimit-scope", "shared")
                    .set_body_json(json!({"message": "You are being rate limited.", "retry_after": 0.3, "global": false})),
            )
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&self.rest)
            .await;
    }

    /// Turns the application's Public Bot switch on or off.
    pub fn set_bot_public(&self, public: bool) {
        self.state.bot_public.store(public, Ordering::SeqCst);
    }

    /// Refuses every message posted to `channel` as Discord does when the bot
    /// lacks a permission there: 50001 Missing Access (it cannot see the
    /// channel) or 50013 Missing Permissions (it may not send messages).
    pub async fn refuse_posts_in(&self, channel: u64, code: u32) {
        let message = if code == 50001 {
            "Missing Access"
        } else {
            "Missing Permissions"
        };
        Mock::given(method("POST"))
            .and(path_regex(format!(
                "^/api/v10/channels/{channel}/messages$"
            )))
            .respond_with(
                ResponseTemplate::new(403).set_body_json(json!({"message": message, "code": code})),
            )
            .with_priority(1)
            .mount(&self.rest)
            .await;
    }

    /// The heartbeat interval announced in the next HELLOs.
    pub fn set_heartbeat_interval(&self, interval: Duration) {
        self.state
            .heartbeat_ms
            .store(interval.as_millis() as u64, Ordering::SeqCst);
    }

    /// While paused, the gateway accepts connections but never says HELLO.
    pub fn pause_gateway(&self, paused: bool) {
        self.state.paused.send_replace(paused);
    }

    /// Sends GUILD_CREATE for a guild that was not in READY, as when the bot
    /// is invited to another server while running.
    pub fn join_guild(&self, guild: u64) {
        self.send_live(
            guild,
            GatewayCommand::Dispatch("GUILD_CREATE", guild_create(guild)),
        );
    }

    /// Sends op 9 INVALID_SESSION with `d: false`: the bot must identify anew.
    pub fn invalidate_session(&self) {
        self.send(GatewayCommand::Raw(
            json!({"op": 9, "d": false, "s": null, "t": null}),
        ));
    }

    /// Answers every request matching `method` and `path_pattern` with
    /// `status`, e.g. 404 Unknown Webhook for an expired interaction.
    pub async fn fail_route(&self, http_method: &str, path_pattern: &str, status: u16) {
        Mock::given(method(http_method))
            .and(path_regex(path_pattern))
            .respond_with(
                ResponseTemplate::new(status)
                    .set_body_json(json!({"message": "Unknown Webhook", "code": 10015})),
            )
            .with_priority(1)
            .mount(&self.rest)
            .await;
    }

    /// Edits of an interaction's reply are refused with 400 (50035, as for
    /// an embed Discord does not accept): those with embeds when `only_embeds`,
    /// otherwise all of them.
    pub async fn refuse_reply_edits(&self, only_embeds: bool) {
        Mock::given(method("PATCH"))
            .and(path_regex(r"^/api/v10/webhooks/\d+/[^/]+/messages/@original$"))
            .and(move |req: &Request| {
                let body: Value = serde_json::from_slice(&req.body).unwrap_or_default();
                !only_embeds || body["embeds"].as_array().is_some_and(|e| !e.is_empty())
            })
            .respond_with(ResponseTemplate::new(400).set_body_json(json!({
                "message": "Invalid Form Body", "code": 50035,
                "errors": {"embeds": {"0": {"_errors": [{"code": "BASE_TYPE_INVALID", "message": "Invalid embed"}]}}}
            })))
            .with_priority(1)
            .mount(&self.rest)
            .await;
    }

    /// The next event skips a sequence number, so serenity warns "Sequence off"
    /// inside its event span, whose fields hold the whole event.
    pub fn skip_a_sequence_number(&self) {
        self.state.skip_sequence.store(true, Ordering::SeqCst);
    }

    /// Drops the TCP connection without a close frame, like a network cut.
    pub fn drop_connection(&self) {
        self.send(GatewayCommand::Drop);
    }

    /// Closes the gateway with `code`, e.g. 4000 "unknown error, reconnect".
    pub fn close_connection(&self, code: u16) {
        self.send(GatewayCommand::Close(code));
    }

    /// Sends `command` to the connection of the shard that owns `guild`.
    fn send_live(&self, guild: u64, command: GatewayCommand) {
        let live = self.state.live.lock().unwrap();
        if let Some(live) = live.iter().find(|l| l.shard.owns(guild)) {
            let _ = live.tx.send(command);
        }
    }

    /// Sends `command` to every live connection and forgets them (they are closing).
    fn send(&self, command: GatewayCommand) {
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
        self.send_interaction(2, place, name, options, permissions, None)
            .await
    }

    /// Like [`Self::invoke`], but delivered on the connection of shard
    /// `shard` whichever shard owns the guild: Discord never does that, but
    /// it shows which process used which settings.
    pub async fn invoke_on_shard(
        &self,
        shard: u64,
        place: Place,
        name: &str,
        options: Value,
        permissions: &str,
    ) -> Invocation {
        self.send_interaction_via(Some(shard), 2, place, name, options, permissions, None)
            .await
    }

    /// Like [`Self::invoke`], typed by the member with id `member` (by default
    /// every interaction comes from a member of its own).
    pub async fn invoke_as(
        &self,
        member: u64,
        place: Place,
        name: &str,
        options: Value,
        permissions: &str,
    ) -> Invocation {
        self.send_interaction(2, place, name, options, permissions, Some(member))
            .await
    }

    /// Sends an autocomplete interaction (type 4): `options` holds the
    /// subcommand with the option being typed marked `"focused": true`.
    pub async fn autocomplete(
        &self,
        place: Place,
        name: &str,
        options: Value,
        permissions: &str,
    ) -> Invocation {
        self.send_interaction(4, place, name, options, permissions, None)
            .await
    }

    async fn send_interaction(
        &self,
        kind: u8,
        place: Place,
        name: &str,
        options: Value,
        permissions: &str,
        member: Option<u64>,
    ) -> Invocation {
        self.send_interaction_via(None, kind, place, name, options, permissions, member)
            .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn send_interaction_via(
        &self,
        via: Option<u64>,
        kind: u8,
        place: Place,
        name: &str,
        options: Value,
        permissions: &str,
        member: Option<u64>,
    ) -> Invocation {
        let id = self.state.next_id();
        let token = format!("{INTERACTION_TOKEN_PREFIX}{id}");
        let mut payload = interaction(kind, id, &token, place, name, options, permissions);
        if let Some(member) = member {
            payload["member"]["user"] = user(member, "member");
        }
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
        Invocation { id, token }
    }
}

async fn mount_rest(server: &MockServer, state: &Arc<State>) {
    let api = "^/api/v10";
    let ws_url = state.ws_url.get().cloned().unwrap_or_default();

    let get = |p: &str| Mock::given(method("GET")).and(path_regex(format!("{api}{p}$")));
    // Like Discord, the gateway URL needs no valid token; IDENTIFY does.
    get("/gateway")
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"url": ws_url})))
        .mount(server)
        .await;
    let s = state.clone();
    let url = ws_url.clone();
    get("/gateway/bot")
        .respond_with(move |_: &Request| {
            ResponseTemplate::new(200).set_body_json(json!({
                "url": url, "shards": s.gateway_shards.load(Ordering::SeqCst),
                "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
            }))
        })
        .mount(server)
        .await;
    get("/users/@me")
        .respond_with(|req: &Request| match authorized(req) {
            true => ResponseTemplate::new(200).set_body_json(bot_user()),
            false => unauthorized(),
        })
        .mount(server)
        .await;
    let s = state.clone();
    get("/oauth2/applications/@me")
        .respond_with(move |req: &Request| match authorized(req) {
            true => ResponseTemplate::new(200).set_body_json(json!({
                "id": APP_ID.to_string(), "name": "mj-bridge", "icon": null, "description": "",
                "bot_public": s.bot_public.load(Ordering::SeqCst), "bot_require_code_grant": false,
                "verify_key": "00", "flags": 0, "owner": bot_user(), "team": null
            })),
            false => unauthorized(),
        })
        .mount(server)
        .await;
    // The servers the bot is in, as partial guilds.
    get("/users/@me/guilds")
        .respond_with(|req: &Request| match authorized(req) {
            true => ResponseTemplate::new(200).set_body_json(
                GUILDS
                    .iter()
                    .map(|g| {
                        json!({
                            "id": g.to_string(), "name": format!("guild-{g}"), "icon": null,
                            "owner": false, "permissions": "0", "features": []
                        })
                    })
                    .collect::<Vec<_>>(),
            ),
            false => unauthorized(),
        })
        .mount(server)
        .await;

    // Guild commands: bulk overwrite (PUT) replaces the set, as Discord does.
    let guild_commands = format!(r"{api}/applications/\d+/guilds/(\d+)/commands$");
    let s = state.clone();
    Mock::given(method("PUT"))
        .and(path_regex(&guild_commands))
        .respond_with(move |req: &Request| {
            checked(&s, Body::GuildCommandsPut, req, || {
                let guild = path_id(req, 5);
                let body: Value = req.body_json().unwrap_or(Value::Null);
                let commands: Vec<Value> = body
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|c| command_object(&s, c, Some(guild)))
                    .collect();
                s.guild_commands
                    .lock()
                    .unwrap()
                    .insert(guild, commands.clone());
                ResponseTemplate::new(200).set_body_json(commands)
            })
        })
        .mount(server)
        .await;
    let s = state.clone();
    Mock::given(method("GET"))
        .and(path_regex(&guild_commands))
        .respond_with(move |req: &Request| {
            let commands = s
                .guild_commands
                .lock()
                .unwrap()
                .get(&path_id(req, 5))
                .cloned();
            ResponseTemplate::new(200).set_body_json(commands.unwrap_or_default())
        })
        .mount(server)
        .await;
    let s = state.clone();
    Mock::given(method("POST"))
        .and(path_regex(format!(
            r"{api}/applications/\d+/(guilds/\d+/)?commands$"
        )))
        .respond_with(move |req: &Request| {
            let body: Value = req.body_json().unwrap_or(Value::Null);
            ResponseTemplate::new(201).set_body_json(command_object(&s, body, None))
        })
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex(format!(r"{api}/applications/\d+/commands$")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(server)
        .await;
    Mock::given(method("PUT"))
        .and(path_regex(format!(r"{api}/applications/\d+/commands$")))
        .respond_with(|req: &Request| {
            ResponseTemplate::new(200).set_body_json(req.body_json::<Value>().unwrap_or(json!([])))
        })
        .mount(server)
        .await;

    // Interaction responses.
    let s = state.clone();
    Mock::given(method("POST"))
        .and(path_regex(format!(
            r"{api}/interactions/\d+/[^/]+/callback$"
        )))
        .respond_with(move |req: &Request| {
            checked(&s, Body::InteractionCallback, req, || {
                ResponseTemplate::new(204)
            })
        })
        .mount(server)
        .await;
    let original = format!(r"{api}/webhooks/\d+/[^/]+/messages/@original$");
    mount_message_route(server, state, "PATCH", &original, Body::EditOriginal).await;
    let s = state.clone();
    Mock::given(method("GET"))
        .and(path_regex(&original))
        .respond_with(move |req: &Request| {
            ResponseTemplate::new(200).set_body_json(message_object(&s, req))
        })
        .mount(server)
        .await;
    Mock::given(method("DELETE"))
        .and(path_regex(&original))
        .respond_with(ResponseTemplate::new(204))
        .mount(server)
        .await;
    let followup = format!(r"{api}/webhooks/\d+/[^/]+$");
    mount_message_route(server, state, "POST", &followup, Body::Followup).await;
    let channel_message = format!(r"{api}/channels/\d+/messages$");
    mount_message_route(
        server,
        state,
        "POST",
        &channel_message,
        Body::ChannelMessage,
    )
    .await;

    // Anything else is a route this fake (and so the test) did not expect.
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"message": "404: Not Found", "code": 0})),
        )
        .with_priority(u8::MAX)
        .mount(server)
        .await;
}

/// A route that creates or edits a message: the body is checked against the
/// spec and the answer is a message object.
async fn mount_message_route(
    server: &MockServer,
    state: &Arc<State>,
    http_method: &str,
    pattern: &str,
    body: Body,
) {
    let s = state.clone();
    Mock::given(method(http_method))
        .and(path_regex(pattern))
        .respond_with(move |req: &Request| {
            checked(&s, body, req, || {
                ResponseTemplate::new(200).set_body_json(message_object(&s, req))
            })
        })
        .mount(server)
        .await;
}

/// Only the token the tests give the bot is accepted, as Discord would.
fn authorized(req: &Request) -> bool {
    let given = req
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok());
    given.is_some_and(|token| token.strip_prefix("Bot ").is_some_and(valid_token))
}

fn valid_token(token: &str) -> bool {
    token.trim_start_matches("Bot ") == super::bot::DISCORD_TOKEN
}

fn unauthorized() -> ResponseTemplate {
    ResponseTemplate::new(401).set_body_json(json!({"message": "401: Unauthorized", "code": 0}))
}

/// Answers with `ok()` when the request body passes Discord's OpenAPI spec;
/// otherwise records the violation and answers as Discord does (50035).
fn checked(
    state: &State,
    body: Body,
    req: &Request,
    ok: impl FnOnce() -> ResponseTemplate,
) -> ResponseTemplate {
    let problem = match req.body_json::<Value>() {
        Ok(value) => match schema::check(body, &value) {
            Ok(()) => return ok(),
            Err(problems) => format!("{problems}\nbody: {value}"),
        },
        Err(e) => format!("body is not JSON: {e}"),
    };
    state
        .violations
        .lock()
        .unwrap()
        .push(format!("{} {}: {problem}", req.method, req.url.path()));
    ResponseTemplate::new(400)
        .set_body_json(json!({"code": 50035, "message": "Invalid Form Body", "errors": {}}))
}

fn path_id(req: &Request, segment: usize) -> u64 {
    req.url
        .path_segments()
        .and_then(|mut s| s.nth(segment))
        .and_then(|s| s.parse().ok())
        .unwrap_or_default()
}

fn command_object(state: &State, mut command: Value, guild: Option<u64>) -> Value {
    if let Some(obj) = command.as_object_mut() {
        obj.insert("id".into(), json!(state.next_id().to_string()));
        obj.insert("application_id".into(), json!(APP_ID.to_string()));
        obj.insert("version".into(), json!(state.next_id().to_string()));
        obj.entry("type").or_insert(json!(1));
        obj.entry("description").or_insert(json!(""));
        if let Some(guild) = guild {
            obj.insert("guild_id".into(), json!(guild.to_string()));
        }
    }
    command
}

fn bot_user() -> Value {
    json!({
        "id": BOT_ID.to_string(), "username": "mj-bridge", "discriminator": "0000",
        "global_name": null, "avatar": null, "bot": true, "flags": 0
    })
}

fn message_object(state: &State, req: &Request) -> Value {
    let body: Value = req.body_json().unwrap_or(Value::Null);
    json!({
        "id": state.next_id().to_string(),
        "channel_id": A_GENERAL.channel.to_string(),
        "author": bot_user(),
        "content": body.get("content").cloned().unwrap_or(json!("")),
        "timestamp": "2026-01-01T00:00:00.000000+00:00",
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": body.get("embeds").cloned().unwrap_or(json!([])),
        "pinned": false,
        "type": 0,
        "flags": body.get("flags").cloned().unwrap_or(json!(0)),
        "components": [],
    })
}

fn user(id: u64, name: &str) -> Value {
    json!({"id": id.to_string(), "username": name, "discriminator": "0", "global_name": name, "avatar": null})
}

fn interaction(
    kind: u8,
    id: u64,
    token: &str,
    place: Place,
    name: &str,
    options: Value,
    permissions: &str,
) -> Value {
    let member_id = 300_000_000_000_000_000 + id % 1_000_000;
    let mut channel = json!({
        "id": place.channel.to_string(), "type": place.kind, "name": format!("channel-{}", place.channel),
        "guild_id": place.guild.to_string(), "permissions": "2248473465835073", "nsfw": false,
        "parent_id": null, "position": 0, "flags": 0,
    });
    if let Some(parent) = place.parent {
        channel["parent_id"] = json!(parent.to_string());
        channel["thread_metadata"] = json!({
            "archived": false, "auto_archive_duration": 1440, "locked": false,
            "archive_timestamp": "2026-01-01T00:00:00.000000+00:00"
        });
    }
    json!({
        "id": id.to_string(),
        "application_id": APP_ID.to_string(),
        "type": kind,
        "token": token,
        "version": 1,
        "guild_id": place.guild.to_string(),
        "channel_id": place.channel.to_string(),
        "channel": channel,
        "member": {
            "user": user(member_id, "member"),
            "roles": [], "joined_at": "2025-01-01T00:00:00.000000+00:00", "deaf": false, "mute": false,
            "flags": 0, "pending": false, "nick": null, "avatar": null, "premium_since": null,
            "permissions": permissions,
        },
        "data": {"id": COMMAND_ID.to_string(), "name": name, "type": 1, "options": options, "guild_id": place.guild.to_string()},
        "app_permissions": "2248473465835073",
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"0": place.guild.to_string()},
        "context": 0,
        "attachment_size_limit": 26_214_400,
    })
}

fn guild_create(guild: u64) -> Value {
    let channels: Vec<Value> = WORLD
        .iter()
        .filter(|p| p.guild == guild && p.parent.is_none())
        .enumerate()
        .map(|(position, p)| {
            json!({
                "id": p.channel.to_string(), "type": p.kind, "name": format!("channel-{}", p.channel),
                "guild_id": guild.to_string(), "position": position, "permission_overwrites": [],
                "nsfw": false, "parent_id": null, "topic": null, "last_message_id": null,
                "rate_limit_per_user": 0, "flags": 0,
            })
        })
        .collect();
    let threads: Vec<Value> = WORLD
        .iter()
        .filter(|p| p.guild == guild && p.parent.is_some())
        .map(|p| {
            json!({
                "id": p.channel.to_string(), "type": p.kind, "name": format!("thread-{}", p.channel),
                "guild_id": guild.to_string(), "parent_id": p.parent.map(|id| id.to_string()),
                "owner_id": "300000000000000001", "message_count": 0, "member_count": 1,
                "rate_limit_per_user": 0, "flags": 0, "last_message_id": null,
                "thread_metadata": {"archived": false, "auto_archive_duration": 1440, "locked": false,
                                    "archive_timestamp": "2026-01-01T00:00:00.000000+00:00"},
            })
        })
        .collect();
    json!({
        "id": guild.to_string(), "name": format!("guild-{guild}"), "icon": null, "splash": null,
        "discovery_splash": null, "owner_id": "300000000000000001", "afk_channel_id": null,
        "afk_timeout": 300, "verification_level": 0, "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": [{
            "id": guild.to_string(), "name": "@everyone", "color": 0,
            "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null},
            "hoist": false, "icon": null, "unicode_emoji": null, "position": 0,
            "permissions": "2248473465835073", "managed": false, "mentionable": false, "flags": 0
        }],
        "emojis": [], "features": [], "mfa_level": 0, "application_id": null,
        "system_channel_id": null, "system_channel_flags": 0, "rules_channel_id": null,
        "vanity_url_code": null, "description": null, "banner": null, "premium_tier": 0,
        "premium_subscription_count": 0, "preferred_locale": "en-US", "public_updates_channel_id": null,
        "nsfw_level": 0, "stickers": [], "premium_progress_bar_enabled": false,
        "joined_at": "2025-01-01T00:00:00.000000+00:00", "large": false, "unavailable": false,
        "member_count": 2, "voice_states": [], "members": [], "channels": channels, "threads": threads,
        "presences": [], "stage_instances": [], "guild_scheduled_events": [],
    })
}

async fn accept_gateway(listener: TcpListener, state: Arc<State>) {
    while let Ok((stream, _)) = listener.accept().await {
        let state = state.clone();
        // Without it, Nagle's algorithm holds back frames sent close together.
        let _ = stream.set_nodelay(true);
        tokio::spawn(async move {
            if let Ok(ws) = tokio_tungstenite::accept_async(stream).await {
                serve_gateway(ws, state).await;
            }
        });
    }
}

async fn serve_gateway(
    mut ws: tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>,
    state: Arc<State>,
) {
    let mut paused = state.paused.subscribe();
    if paused.wait_for(|paused| !paused).await.is_err() {
        return;
    }
    let (tx, mut rx) = mpsc::unbounded_channel();
    let interval = state.heartbeat_ms.load(Ordering::SeqCst);
    let hello = json!({"op": 10, "d": {"heartbeat_interval": interval}, "s": null, "t": null});
    if ws.send(WsMessage::Text(hello.to_string())).await.is_err() {
        return;
    }
    // Known once the connection has identified or resumed.
    let known: OnceLock<Shard> = OnceLock::new();
    let dispatch = |t: &str, d: Value| {
        let shard = known.get().copied().unwrap_or(Shard { id: 0, count: 1 });
        let mut seqs = state.seq.lock().unwrap();
        let seq = seqs.entry((shard.id, shard.count)).or_default();
        *seq += if state.skip_sequence.swap(false, Ordering::SeqCst) {
            2
        } else {
            1
        };
        let s = *seq;
        WsMessage::Text(json!({"op": 0, "t": t, "s": s, "d": d}).to_string())
    };
    loop {
        tokio::select! {
            incoming = ws.next() => {
                let Some(Ok(message)) = incoming else { break };
                let Ok(text) = message.to_text() else { continue };
                let Ok(frame) = serde_json::from_str::<Value>(text) else { continue };
                match frame["op"].as_u64() {
                    Some(1) => {
                        let _ = ws.send(WsMessage::Text(json!({"op": 11}).to_string())).await;
                    }
                    Some(2) if !frame["d"]["token"].as_str().is_some_and(valid_token) => {
                        let frame = CloseFrame { code: CloseCode::from(4004), reason: "Authentication failed.".into() };
                        let _ = ws.close(Some(frame)).await;
                        break;
                    }
                    Some(2) => {
                        state.identifies.fetch_add(1, Ordering::SeqCst);
                        let given = |i: usize| frame["d"]["shard"][i].as_u64();
                        let shard = Shard { id: given(0).unwrap_or(0), count: given(1).unwrap_or(1) };
                        let guilds: Vec<u64> = GUILDS.into_iter().filter(|g| shard.owns(*g)).collect();
                        let _ = known.set(shard);
                        let ready = json!({
                            "v": 10, "user": bot_user(),
                            "guilds": guilds.iter().map(|g| json!({"id": g.to_string(), "unavailable": true})).collect::<Vec<_>>(),
                            "session_id": format!("fake-session-{}-{}", shard.id, shard.count),
                            "resume_gateway_url": state.ws_url.get(),
                            "application": {"id": APP_ID.to_string(), "flags": 0},
                            "shard": [shard.id, shard.count], "private_channels": [], "relationships": [],
                        });
                        let _ = ws.send(dispatch("READY", ready)).await;
                        for guild in guilds {
                            let _ = ws.send(dispatch("GUILD_CREATE", guild_create(guild))).await;
                        }
                        state.live.lock().unwrap().push(Live { shard, tx: tx.clone() });
                    }
                    Some(6) => {
                        state.resumes.fetch_add(1, Ordering::SeqCst);
                        let session = frame["d"]["session_id"].as_str().unwrap_or_default();
                        let mut parts = session.rsplitn(3, '-').map(|p| p.parse::<u64>().ok());
                        let (count, id) = (parts.next().flatten(), parts.next().flatten());
                        let shard = Shard { id: id.unwrap_or(0), count: count.unwrap_or(1) };
                        let _ = known.set(shard);
                        let _ = ws.send(dispatch("RESUMED", json!({}))).await;
                        state.live.lock().unwrap().push(Live { shard, tx: tx.clone() });
                    }
                    _ => {}
                }
            }
            command = rx.recv() => match command {
                Some(GatewayCommand::Dispatch(t, d)) => {
                    if t == "INTERACTION_CREATE" {
                        if let Some(id) = d["id"].as_str().and_then(|id| id.parse().ok()) {
                            state.dispatched.lock().unwrap().insert(id, Instant::now());
                        }
                    }
                    if ws.send(dispatch(t, d)).await.is_err() { break; }
                }
                Some(GatewayCommand::Raw(frame)) => {
                    if ws.send(WsMessage::Text(frame.to_string())).await.is_err() { break; }
                }
                Some(GatewayCommand::Close(code)) => {
                    let frame = CloseFrame { code: CloseCode::from(code), reason: "fake close".into() };
                    let _ = ws.close(Some(frame)).await;
                    break;
                }
                Some(GatewayCommand::Drop) | None => break,
            },
        }
    }
    // This connection is gone; forget it (a newer one may already be live).
    state
        .live
        .lock()
        .unwrap()
        .retain(|live| !live.tx.same_channel(&tx));
}
