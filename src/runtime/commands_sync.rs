//! `mj-bridge commands sync`: registers the commands again in every server
//! the bot is in, whatever the store says is there, for an operator who
//! deleted them by hand. Needs no gateway: the servers are listed over REST,
//! and the same bounded registration does the rest.

use std::sync::Arc;

use serenity::all::GuildId;

use super::RunError;
use crate::commands;
use crate::config::Config;
use crate::discord::{every_guild, http_client};
use crate::ops::Metrics;
use crate::registration::Registrar;
use crate::store::Store;

/// What a sync did.
pub(crate) struct Synced {
    pub registered: usize,
    /// Servers that could not be registered (each logged with its reason).
    pub failed: Vec<GuildId>,
}

/// Lists every server and sends each its commands, a few at a time.
pub(crate) async fn sync(config: &Config, store: Arc<dyn Store>) -> Result<Synced, RunError> {
    let http = http_client(config);
    // Registration routes name the application; the gateway's READY would tell it.
    let application = http.get_current_application_info().await?;
    http.set_application_id(application.id);
    let guilds: Vec<GuildId> = every_guild(&http).await?.iter().map(|g| g.id).collect();
    let plan = commands::plan(
        store.settings(),
        config.allowed_guilds.clone(),
        config.secrets.is_some(),
    );
    let registrar = Registrar::new(store, plan, Arc::new(Metrics::default()));
    let count = guilds.len();
    let failed = registrar.register_all(&http, guilds).await;
    for (guild, why) in &failed {
        tracing::warn!(%guild, error = %why, "could not register the slash commands");
    }
    Ok(Synced {
        registered: count.saturating_sub(failed.len()),
        failed: failed.into_iter().map(|(guild, _)| guild).collect(),
    })
}
