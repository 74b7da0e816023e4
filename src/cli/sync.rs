//! `mj-bridge commands sync`: registers the commands again in every server
//! the bot is in, whatever the store says is there, for an operator who
//! deleted them by hand. Needs no gateway: the servers are listed over REST,
//! and the same bounded registration does the rest.

use std::sync::Arc;

use serenity::all::GuildId;

use super::{store_fatal, Fatal};
use crate::commands;
use crate::config::Config;
use crate::discord::{every_guild, http_client};
use crate::ops::Metrics;
use crate::registration::Registrar;
use crate::runtime::RunError;
use crate::store::{self, Store};

/// What a sync did.
struct Synced {
    pub registered: usize,
    /// Servers that could not be registered (each logged with its reason).
    pub failed: Vec<GuildId>,
}

/// Lists every server and sends each its commands, a few at a time.
async fn sync(config: &Config, store: Arc<dyn Store>) -> Result<Synced, RunError> {
    let http = http_client(config);
    // Registration routes name the application; the gateway's READY would tell it.
    let application = http.get_current_application_info().await?;
    http.set_application_id(application.id);
    let guilds: Vec<GuildId> = every_guild(&http).await?.iter().map(|g| g.id).collect();
    let plan = commands::plan_for(config, store.settings());
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

/// `commands sync`: exit 0 when every server has its commands, 1 when
/// some could not be registered (each is logged), 78 for a setting to fix.
pub(super) async fn run() -> Result<u8, Fatal> {
    crate::logging::init().map_err(Fatal::config)?;
    let config = Config::from_env().map_err(Fatal::config)?;
    let store = store::open_to_copy(&config.store)
        .await
        .map_err(store_fatal)?;
    let synced = sync(&config, store).await.map_err(|e| Fatal {
        message: crate::logging::chain(&e),
        code: e.exit_code(),
    })?;
    crate::stdout::line(&format!(
        "registered the slash commands in {} servers",
        synced.registered
    ));
    if !synced.failed.is_empty() {
        crate::stdout::line(&format!(
            "✗ could not register them in {} servers (see the log; run this again later): {}",
            synced.failed.len(),
            crate::stdout::first_few(synced.failed.iter().map(ToString::to_string))
        ));
    }
    Ok(u8::from(!synced.failed.is_empty()))
}
