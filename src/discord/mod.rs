//! The runtime: the serenity gateway client (connection, events handed to
//! the registrar and interactions to the front door) or, with
//! `INTERACTIONS_ADDR`, an HTTP worker without a gateway ([`http_worker`]);
//! graceful shutdown for both.

mod duties;
mod http_worker;
mod listing;
mod sync;

use std::collections::HashSet;
use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use secrecy::ExposeSecret;
use serenity::all::{
    ClientBuilder, Context, CurrentApplicationInfo, Event, EventHandler, GatewayIntents, Guild,
    GuildId, Http, HttpBuilder, Interaction, RawEventHandler, Ready, ResumedEvent,
    UnavailableGuild,
};
use serenity::async_trait;

use crate::access::{self, PublicBotRefused};
use crate::app::App;
use crate::config::{Config, EX_CONFIG};
use crate::deliver::Arrival;
use crate::discord_http::discord_status;
use crate::front_door::{self, Incoming};
use crate::keys;
use crate::ops::health::{self, Probe, Serving};
use crate::ops::limits;
use crate::shards::Shards;
use crate::store;
use crate::text::redact_url;
pub(crate) use sync::{every_guild, sync};

/// How long a shutdown waits for the gateway to close cleanly.
const GATEWAY_CLOSE: Duration = Duration::from_secs(1);
/// How long one attempt to reach Discord at start may take.
const ATTEMPT_WITHIN: Duration = Duration::from_secs(10);
/// Waits between attempts to reach Discord at start: a random wait up to
/// this bound (full jitter), the bound doubling up to `MAX_RECONNECT`.
const FIRST_RECONNECT: Duration = Duration::from_secs(1);
const MAX_RECONNECT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub(crate) enum RunError {
    #[error(
        "Discord refused DISCORD_TOKEN: copy a fresh token from the developer portal \
         (your application → Bot → Reset Token) into .env"
    )]
    BadToken,
    #[error(transparent)]
    PublicBot(#[from] PublicBotRefused),
    #[error("the Discord connection failed: {0}")]
    Discord(Box<serenity::Error>),
    /// A server's token is sealed with a key `SECRETS_KEY` does not hold.
    #[error(
        "a server's stored useapi token is sealed with key `{0}`, which is not in SECRETS_KEY: \
         add that key back to SECRETS_KEY (after the active one), then run `mj-bridge keys rotate`; \
         a token that cannot be opened even then is named by `mj-bridge keys check` and removed \
         with `mj-bridge keys forget SERVER_ID`"
    )]
    MissingKey(String),
    /// Discord's `verify_key` for the application is not an Ed25519 key.
    #[error("Discord gave the application a public key (verify_key) that is not 64 hex digits; interactions over HTTP cannot be verified")]
    VerifyKey,
}

impl RunError {
    /// 78 (`EX_CONFIG`) when a setting must change before a restart can help; 1 otherwise.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            Self::BadToken | Self::PublicBot(_) | Self::MissingKey(_) => EX_CONFIG,
            Self::Discord(_) | Self::VerifyKey => 1,
        }
    }
}

struct Handler {
    app: Arc<App>,
    /// Servers outside `ALLOWED_GUILDS` already named in the log; a
    /// reconnect's `GUILD_CREATE` does not name them again.
    refused: Mutex<HashSet<GuildId>>,
    /// READY events seen; every one after the first is a new session.
    sessions: AtomicUsize,
}

impl Handler {
    /// Says once per process that `guild` is not served (its command list
    /// is emptied by its registration).
    fn note_refused(&self, guild: GuildId, name: &str) {
        if self.app.access.guild_allowed(guild) {
            return;
        }
        let first = self
            .refused
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(guild);
        if first {
            tracing::warn!(
                %guild,
                name = %crate::text::clean(name, 100),
                "this server is not in ALLOWED_GUILDS: its command list is emptied and its interactions refused"
            );
        }
    }
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, _ctx: Context, ready: Ready) {
        tracing::info!(bot = %crate::text::clean(&ready.user.name, 100), guilds = ready.guilds.len(), "connected to Discord");
        if self.sessions.fetch_add(1, Ordering::SeqCst) > 0 {
            self.app.metrics.reconnected();
        }
        limits::warn_if_low(ready.guilds.len());
        // Queued, not registered here: a few workers take them in turn, and
        // a server whose commands are already there costs nothing.
        for guild in &ready.guilds {
            self.app.registrar.enqueue(guild.id);
        }
    }

    async fn resume(&self, _ctx: Context, _event: ResumedEvent) {
        tracing::info!("gateway session resumed");
        self.app.metrics.reconnected();
    }

    async fn guild_create(&self, _ctx: Context, guild: Guild, _is_new: Option<bool>) {
        self.note_refused(guild.id, &guild.name);
        self.app.registrar.enqueue(guild.id);
    }

    async fn guild_delete(
        &self,
        _ctx: Context,
        incomplete: UnavailableGuild,
        _full: Option<Guild>,
    ) {
        // `unavailable` is an outage: the bot is still in the server.
        if incomplete.unavailable {
            tracing::debug!(guild = %incomplete.id, "a server is unavailable (an outage at Discord); its settings are kept");
        } else {
            listing::bot_left(&self.app, incomplete.id, "GUILD_DELETE").await;
        }
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        // serenity runs each event in its own task; the front door gives a
        // command a task of its own, so serenity's (with its 4 KB event
        // slot) ends as soon as the command is on its way.
        let arrival = Arrival::by_callback(tokio::time::Instant::now());
        let incoming = Incoming::Readable(Box::new(interaction));
        front_door::enter(&ctx.http, &self.app, incoming, arrival).await;
    }
}

/// Interactions serenity cannot read arrive as unknown events: the front
/// door answers them as it does over HTTP.
struct Unreadable {
    app: Arc<App>,
}

#[async_trait]
impl RawEventHandler for Unreadable {
    async fn raw_event(&self, ctx: Context, event: Event) {
        let Event::Unknown(unknown) = event else {
            return;
        };
        if unknown.kind != "INTERACTION_CREATE" {
            return;
        }
        let arrival = Arrival::by_callback(tokio::time::Instant::now());
        let incoming = Incoming::Unreadable(unknown.value);
        front_door::enter(&ctx.http, &self.app, incoming, arrival).await;
    }
}

/// The REST client, pointed at `DISCORD_PROXY_URL` when set.
pub(crate) fn http_client(config: &Config) -> Http {
    let mut http = HttpBuilder::new(config.discord_token.expose_secret());
    // One pool, bounded, for serenity and for deliver's own calls.
    if let Some(client) = crate::deliver::discord_client() {
        http = http.client(client);
    }
    if let Some(proxy) = &config.discord_proxy_url {
        // serenity's own rate limiter ignores the proxy, and the proxy owns rate limits.
        http = http.proxy(proxy.as_str()).ratelimiter_disabled(true);
    }
    http.build()
}

/// The sockets bound before anything else, so a taken port stops the start.
pub(crate) struct Listeners {
    /// `HTTP_ADDR`: `/healthz` and `/metrics`.
    pub health: Option<tokio::net::TcpListener>,
    /// `INTERACTIONS_ADDR`: the process serves interactions over HTTP and
    /// opens no gateway connection.
    pub interactions: Option<tokio::net::TcpListener>,
}

/// Opens the settings store, connects to Discord and runs until the gateway
/// gives up or `shutdown` completes and the commands in flight have
/// finished; `main` passes the signals (Ctrl-C, SIGTERM), a test its own
/// future. `shutdown` ends it at any moment, also while the settings
/// database or Discord cannot be reached. `/healthz` and `/metrics` are
/// served on the health listener when given; with an interactions listener
/// the process is an HTTP worker ([`http_worker`]) instead of a gateway client.
pub(crate) async fn run(
    config: &Config,
    app: App,
    listeners: Listeners,
    shutdown: impl Future<Output = ()>,
) -> Result<(), RunError> {
    let app = Arc::new(app);
    let mut signal = pin!(shutdown);
    // Served from the start, so a database being waited for shows as 503.
    let serving = Arc::new(OnceLock::new());
    if let Some(listener) = listeners.health {
        let probe = Probe {
            metrics: app.metrics.clone(),
            lifecycle: app.lifecycle.clone(),
            serving: serving.clone(),
        };
        tokio::spawn(health::serve(listener, probe));
    }
    // Registration reads the turned-off commands: the settings come first.
    tokio::select! {
        () = store::open_retrying(app.store.as_ref()) => app.lifecycle.settings_loaded(),
        () = &mut signal => {
            tracing::info!("shutting down before the settings store was reached");
            return Ok(());
        }
    }
    if let Some(id) = keys::missing_key(app.useapi.keys(), &app.settings.get()) {
        return Err(RunError::MissingKey(id));
    }
    let http = http_client(config);
    let target = config
        .discord_proxy_url
        .as_deref()
        .map_or_else(|| "https://discord.com".to_owned(), redact_url);
    // Before anything is registered: a public bot needs a list of servers.
    let application = tokio::select! {
        reached = wait_for_discord(&http, &target) => reached?,
        () = &mut signal => {
            tracing::info!("shutting down before Discord was reached");
            return Ok(());
        }
    };
    guard_public_bot(config, application.bot_public)?;
    if let Some(listener) = listeners.interactions {
        let worker = http_worker::Worker {
            config,
            app,
            http: Arc::new(http),
            serving,
        };
        return worker.run(&application, listener, signal).await;
    }
    gateway(config, app, http, &serving, signal).await
}

/// The gateway client: runs the shards `SHARDS` names until they give up or
/// `signal` completes and the commands in flight have finished.
async fn gateway(
    config: &Config,
    app: Arc<App>,
    http: Http,
    serving: &OnceLock<Serving>,
    mut signal: std::pin::Pin<&mut impl Future<Output = ()>>,
) -> Result<(), RunError> {
    let handler = Handler {
        app: app.clone(),
        refused: Mutex::default(),
        sessions: AtomicUsize::new(0),
    };
    let unreadable = Unreadable { app: app.clone() };
    let builder = ClientBuilder::new_with_http(http, GatewayIntents::GUILDS)
        .event_handler(handler)
        .raw_event_handler(unreadable);
    let mut client = tokio::select! {
        client = builder => client?,
        () = &mut signal => return Ok(()),
    };

    let shards = client.shard_manager.clone();
    let _ = serving.set(Serving::Gateway(shards.clone()));
    let duties = duties::Duties::start(&app, &client.http, config).await;
    tokio::select! {
        result = start(&mut client, config.shards) => result?,
        () = &mut signal => {
            // No load balancer in front of a gateway: no delay before the drain.
            duties.stop(&app).await;
            close_gateway(&shards).await;
        }
    }
    Ok(())
}

/// A public bot with an account of its own to spend needs a list of servers.
fn guard_public_bot(config: &Config, public: bool) -> Result<(), RunError> {
    access::refuse_public_bot(
        public,
        config.allowed_guilds.as_ref(),
        config.useapi_token.is_some(),
    )?;
    let servers = config
        .allowed_guilds
        .as_ref()
        .map_or_else(|| "every server it is in".to_owned(), ToString::to_string);
    tracing::info!(public, %servers, own_accounts = config.secrets.is_some(), "serving");
    Ok(())
}

/// Closes the gateway once the commands in flight have finished.
async fn close_gateway(shards: &serenity::gateway::ShardManager) {
    // The gateway may be stuck reconnecting; the process ends regardless.
    if tokio::time::timeout(GATEWAY_CLOSE, shards.shutdown_all())
        .await
        .is_err()
    {
        tracing::warn!("the gateway did not close within {GATEWAY_CLOSE:?}; stopping anyway");
    }
}

/// Runs the shards `SHARDS` names: all of Discord's recommended count, or a range.
async fn start(client: &mut serenity::Client, shards: Shards) -> serenity::Result<()> {
    match shards {
        Shards::Auto => client.start_autosharded().await,
        // serenity 0.12 treats the range's end as inclusive (it runs
        // `end - start + 1` shards), so `first..last` runs first through last.
        Shards::Range { first, last, total } => client.start_shard_range(first..last, total).await,
    }
}

/// Asks Discord for the bot's application until it answers, so a host
/// without network says so in its own words, once per attempt, instead of
/// retrying silently.
async fn wait_for_discord(http: &Http, target: &str) -> Result<CurrentApplicationInfo, RunError> {
    let mut backoff = FIRST_RECONNECT;
    loop {
        let why =
            match tokio::time::timeout(ATTEMPT_WITHIN, http.get_current_application_info()).await {
                Ok(Ok(application)) => return Ok(application),
                Ok(Err(err)) => match RunError::from(err) {
                    RunError::Discord(err) => err.to_string(),
                    other => return Err(other),
                },
                Err(_) => format!("no answer within {} s", ATTEMPT_WITHIN.as_secs()),
            };
        // Full jitter: processes restarted together do not retry in step.
        let wait = backoff.mul_f64(fastrand::f64());
        tracing::warn!(
            discord = target,
            error = %why,
            "cannot reach Discord; trying again in {} ms",
            wait.as_millis()
        );
        tokio::time::sleep(wait).await;
        backoff = (backoff * 2).min(MAX_RECONNECT);
    }
}

impl From<serenity::Error> for RunError {
    fn from(err: serenity::Error) -> Self {
        use serenity::gateway::GatewayError;
        match err {
            err if discord_status(&err) == Some(401) => Self::BadToken,
            serenity::Error::Gateway(GatewayError::InvalidAuthentication) => Self::BadToken,
            err => Self::Discord(Box::new(err)),
        }
    }
}
