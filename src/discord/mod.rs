//! What Discord tells the bot, and how the bot talks to it: the gateway's
//! event handler (servers seen, refused and left; interactions handed to
//! the front door, `front_door`), the REST client, and the listing of the
//! bot's servers that HTTP workers use instead of guild events
//! ([`listing`]). The runtime (`runtime`) decides which road a process takes.

mod guilds;
pub(crate) mod listing;

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use secrecy::ExposeSecret;
use serenity::all::{
    Context, Event, EventHandler, Guild, GuildId, Http, HttpBuilder, Interaction, RawEventHandler,
    Ready, ResumedEvent, UnavailableGuild,
};
use serenity::async_trait;

use crate::app::App;
use crate::config::Config;
use crate::deliver::Arrival;
use crate::front_door::{self, Incoming};
use crate::ops::limits;
pub(crate) use guilds::every_guild;

/// The gateway's events.
pub(crate) struct Handler {
    app: Arc<App>,
    /// Servers outside `ALLOWED_GUILDS` already named in the log; a
    /// reconnect's `GUILD_CREATE` does not name them again.
    refused: Mutex<HashSet<GuildId>>,
    /// READY events seen; every one after the first is a new session.
    sessions: AtomicUsize,
}

impl Handler {
    pub(crate) fn new(app: Arc<App>) -> Self {
        Self {
            app,
            refused: Mutex::default(),
            sessions: AtomicUsize::new(0),
        }
    }

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
                name = %crate::untrusted::clean(name, 100),
                "this server is not in ALLOWED_GUILDS: its command list is emptied and its interactions refused"
            );
        }
    }
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, _ctx: Context, ready: Ready) {
        tracing::info!(bot = %crate::untrusted::clean(&ready.user.name, 100), guilds = ready.guilds.len(), "connected to Discord");
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
        // Its primary language, for alerts before anyone there types a command.
        let locale = Some(guild.preferred_locale.as_str());
        self.app.audit.saw_locale(guild.id, locale);
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
pub(crate) struct Unreadable {
    app: Arc<App>,
}

impl Unreadable {
    pub(crate) fn new(app: Arc<App>) -> Self {
        Self { app }
    }
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
