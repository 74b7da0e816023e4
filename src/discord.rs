//! The serenity client: connection, command registration, event dispatch.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

use secrecy::ExposeSecret;
use serenity::all::{
    ClientBuilder, Context, EventHandler, GatewayIntents, Guild, GuildId, HttpBuilder, Interaction,
    Ready, ResumedEvent,
};
use serenity::async_trait;

use crate::commands;
use crate::config::Config;
use crate::mapping::MappingStore;
use crate::useapi::UseapiClient;

/// What every command needs, shared by all event handlers.
pub struct App {
    pub useapi: UseapiClient,
    pub mappings: MappingStore,
}

struct Handler {
    app: Arc<App>,
    /// Guilds whose commands this process has registered; READY and
    /// GUILD_CREATE both name a guild, and one bulk overwrite is enough.
    registered: Mutex<HashSet<GuildId>>,
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
        for guild in &ready.guilds {
            self.register_commands(&ctx, guild.id).await;
        }
    }

    async fn resume(&self, _ctx: Context, _event: ResumedEvent) {
        tracing::info!("gateway session resumed");
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

/// Connects to Discord and runs until the gateway gives up or a shutdown
/// signal (Ctrl-C, SIGTERM) arrives.
pub async fn run(config: &Config, app: App) -> serenity::Result<()> {
    let mut http = HttpBuilder::new(config.discord_token.expose_secret());
    if let Some(proxy) = &config.discord_proxy_url {
        // serenity's own rate limiter ignores the proxy, and the proxy owns rate limits.
        http = http.proxy(proxy.as_str()).ratelimiter_disabled(true);
    }
    let handler = Handler {
        app: Arc::new(app),
        registered: Mutex::default(),
    };
    let mut client = ClientBuilder::new_with_http(http.build(), GatewayIntents::GUILDS)
        .event_handler(handler)
        .await?;

    let shards = client.shard_manager.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down");
        shards.shutdown_all().await;
    });
    client.start().await
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
