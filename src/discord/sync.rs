//! `mj-bridge commands sync`: registers the commands again in every server
//! the bot is in, whatever the store says is there, for an operator who
//! deleted them by hand. Needs no gateway: the servers are listed over REST,
//! and the same bounded registration does the rest.

use std::sync::Arc;

use serenity::all::{GuildId, GuildInfo, GuildPagination, Http};

use super::{http_client, RunError};
use crate::commands;
use crate::config::Config;
use crate::ops::Metrics;
use crate::registration::Registrar;
use crate::store::Store;

/// Discord lists at most this many servers per page.
const PAGE: u64 = 200;

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

/// Every server the bot is in (`GET /users/@me/guilds`), page by page,
/// until a page is short or brings nothing newer (a proxy answering the
/// same page again cannot keep it looping).
pub(crate) async fn every_guild(http: &Http) -> serenity::Result<Vec<GuildInfo>> {
    let mut guilds: Vec<GuildInfo> = Vec::new();
    loop {
        let after = guilds.last().map(|g| g.id);
        let page = http
            .get_guilds(after.map(GuildPagination::After), Some(PAGE))
            .await?;
        let full = page.len() as u64 >= PAGE;
        let newer = page.last().map(|g| g.id) > after;
        guilds.extend(page);
        if !(full && newer) {
            return Ok(guilds);
        }
    }
}
