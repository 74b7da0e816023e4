//! The serenity client: connection, command registration, event dispatch,
//! graceful shutdown.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use secrecy::ExposeSecret;
use serenity::all::{
    ClientBuilder, Context, EventHandler, GatewayIntents, Guild, GuildId, Http, HttpBuilder,
    Interaction, Ready, ResumedEvent,
};
use serenity::async_trait;

use crate::app::App;
use crate::commands;
use crate::config::Config;
use crate::error::discord_status;
use crate::ops::health::{self, Probe};

/// How long a shutdown waits for commands in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(
        "Discord refused DISCORD_TOKEN: copy a fresh token from the developer portal \
         (your application → Bot → Reset Token) into .env"
    )]
    BadToken,
    #[error("the Discord connection failed: {0}")]
    Discord(serenity::Error),
    #[error("HTTP_ADDR {addr} cannot be used: {source}")]
    HttpAddr {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

struct Handler {
    app: Arc<App>,
    /// Guilds whose commands this process has registered; READY and
    /// GUILD_CREATE both name a guild, and one bulk overwrite is enough.
    registered: Mutex<HashSet<GuildId>>,
    /// READY events seen; every one after the first is a new session.
    sessions: AtomicUsize,
}

impl Handler {
    async fn register_commands(&self, ctx: &Context, guild: GuildId) {
        let claimed = self
            .registered
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(guild);
        if !claimed {
            return;
        }
        match commands::register_in_guild(&ctx.http, &self.app, guild).await {
            Ok(registered) => {
                tracing::info!(%guild, count = registered.len(), "registered slash commands")
            }
            Err(err) => {
                self.registered
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .remove(&guild);
                tracing::error!(%guild, error = %err, "could not register slash commands; will retry when the guild is sent again");
            }
        }
    }
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        tracing::info!(bot = %ready.user.name, guilds = ready.guilds.len(), "connected to Discord");
        if self.sessions.fetch_add(1, Ordering::SeqCst) > 0 {
            self.app.metrics.reconnected();
        }
        for guild in &ready.guilds {
            self.register_commands(&ctx, guild.id).await;
        }
    }

    async fn resume(&self, _ctx: Context, _event: ResumedEvent) {
        tracing::info!("gateway session resumed");
        self.app.metrics.reconnected();
    }

    async fn guild_create(&self, ctx: Context, guild: Guild, _is_new: Option<bool>) {
        self.register_commands(&ctx, guild.id).await;
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        // serenity runs each event in its own task, so a slow useapi call
        // never holds up other commands.
        match interaction {
            Interaction::Command(cmd) => commands::dispatch(&ctx.http, &self.app, &cmd).await,
            Interaction::Autocomplete(cmd) => {
                commands::autocomplete(&ctx.http, &self.app, &cmd).await
            }
            _ => {}
        }
    }
}

/// The REST client, pointed at DISCORD_PROXY_URL when set.
pub fn http_client(config: &Config) -> Http {
    let mut http = HttpBuilder::new(config.discord_token.expose_secret());
    if let Some(proxy) = &config.discord_proxy_url {
        // serenity's own rate limiter ignores the proxy, and the proxy owns rate limits.
        http = http.proxy(proxy.as_str()).ratelimiter_disabled(true);
    }
    http.build()
}

/// Connects to Discord and runs until the gateway gives up or a shutdown
/// signal (Ctrl-C, SIGTERM) has let the commands in flight finish.
pub async fn run(config: &Config, app: App) -> Result<(), RunError> {
    let app = Arc::new(app);
    // Bound before connecting, so a taken port stops the start.
    let listener = match config.http_addr {
        Some(addr) => Some(
            tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|source| RunError::HttpAddr { addr, source })?,
        ),
        None => None,
    };
    let handler = Handler {
        app: app.clone(),
        registered: Mutex::default(),
        sessions: AtomicUsize::new(0),
    };
    let mut client = ClientBuilder::new_with_http(http_client(config), GatewayIntents::GUILDS)
        .event_handler(handler)
        .await?;

    let shards = client.shard_manager.clone();
    if let Some(listener) = listener {
        let probe = Probe {
            metrics: app.metrics.clone(),
            lifecycle: app.lifecycle.clone(),
            shards: shards.clone(),
        };
        tokio::spawn(health::serve(listener, probe));
    }
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!(
            in_flight = app.lifecycle.in_flight(),
            "shutting down; letting commands in flight finish"
        );
        if !app.lifecycle.drain(SHUTDOWN_GRACE).await {
            tracing::warn!(
                in_flight = app.lifecycle.in_flight(),
                "commands still in flight after {SHUTDOWN_GRACE:?}; their replies are lost"
            );
        }
        shards.shutdown_all().await;
    });
    client.start().await?;
    Ok(())
}

impl From<serenity::Error> for RunError {
    fn from(err: serenity::Error) -> Self {
        use serenity::gateway::GatewayError;
        match err {
            err if discord_status(&err) == Some(401) => Self::BadToken,
            serenity::Error::Gateway(GatewayError::InvalidAuthentication) => Self::BadToken,
            err => Self::Discord(err),
        }
    }
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(err) => {
                tracing::warn!(error = %err, "cannot listen for SIGTERM; only Ctrl-C stops the bot cleanly");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
