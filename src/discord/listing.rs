//! The server listing of HTTP workers, which see no `GUILD_CREATE` or
//! `GUILD_DELETE`: every `SERVER_LIST_SECS` the servers the bot is in are
//! listed over REST, each queued for registration, and a server the store
//! knows (a registration record, a stored token) that two complete
//! listings in a row miss is one the bot left: it is forgotten as the
//! gateway forgets it on `GUILD_DELETE` ([`bot_left`]). A failed listing
//! (`every_guild` stops at the first error, so none is partial) counts as
//! no listing and starts the count again. With several processes on one
//! `PostgreSQL` every worker lists once at start (its registrar learns the
//! servers), and then only the holder of the listing's lease lists.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use serenity::all::{GuildId, Http};
use tokio::task::JoinHandle;

use super::every_guild;
use crate::app::App;
use crate::commands;
use crate::logging::chain;
use crate::ops::limits;
use crate::store::Duty;

/// After a failed listing, the next try (sooner when listings are).
const RELIST_AFTER_FAILURE: Duration = Duration::from_secs(60);

/// The running listing; dropping it stops it.
pub(crate) struct Listing(JoinHandle<()>);

impl Drop for Listing {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Lists now (once this process holds the listing's lease) and then every
/// `every`.
pub(crate) fn start(app: Arc<App>, http: Arc<Http>, every: Duration) -> Listing {
    Listing(tokio::spawn(list(app, http, every)))
}

/// The bot is no longer in `guild` (`how`: what said so): its registration
/// record and stored token are deleted, the same on both roads.
pub(super) async fn bot_left(app: &App, guild: GuildId, how: &'static str) {
    tracing::info!(%guild, how, "the bot left this server; its registration record and stored token are forgotten");
    app.registrar.forget(guild).await;
    commands::mj_channel::server_removed(app, guild).await;
}

async fn list(app: Arc<App>, http: Arc<Http>, every: Duration) {
    let mut lease = app.lease(Duty::ServerListing, every);
    // The known servers the last complete listing missed.
    let mut missed: Option<BTreeSet<GuildId>> = None;
    // Every worker lists until once complete, so its registrar knows the
    // servers; after that only the lease's holder lists.
    let mut listed_once = false;
    loop {
        if listed_once && !lease.held_now() {
            missed = None;
            lease.until_held().await;
        }
        let Some(now_missed) = round(&app, &http).await else {
            missed = None;
            tokio::time::sleep(every.min(RELIST_AFTER_FAILURE)).await;
            continue;
        };
        listed_once = true;
        for guild in now_missed.intersection(&missed.take().unwrap_or_default()) {
            bot_left(
                &app,
                *guild,
                "absent from two complete server listings in a row",
            )
            .await;
        }
        missed = Some(now_missed);
        tokio::time::sleep(every).await;
    }
}

/// One listing: queues every listed server for registration; the known
/// servers it missed, or `None` when the listing (or what the store
/// knows) could not be read.
async fn round(app: &App, http: &Http) -> Option<BTreeSet<GuildId>> {
    // Read before listing: a server the bot joins meanwhile is listed.
    let known = known(app)
        .await
        .map_err(|err| tracing::warn!(error = %chain(&err), "cannot read which servers the store knows; no server is forgotten this time"))
        .ok()?;
    let guilds = match every_guild(http).await {
        Ok(guilds) => guilds,
        Err(err) => {
            tracing::warn!(error = %chain(&err), "cannot list the servers the bot is in; no server is forgotten on a failed listing, trying again soon");
            return None;
        }
    };
    tracing::info!(servers = guilds.len(), "listed the servers the bot is in");
    limits::warn_if_low(guilds.len());
    for guild in &guilds {
        app.registrar.enqueue(guild.id);
    }
    let listed: BTreeSet<GuildId> = guilds.iter().map(|g| g.id).collect();
    Some(known.difference(&listed).copied().collect())
}

/// The servers something is stored for that the bot's leaving deletes:
/// a registration record or a stored token.
async fn known(app: &App) -> Result<BTreeSet<GuildId>, crate::store::StoreError> {
    let mut known: BTreeSet<GuildId> = app.store.registered_commands().await?.into_keys().collect();
    let settings = app.settings.get();
    known.extend(
        settings
            .guilds
            .iter()
            .filter(|(_, g)| g.account.is_some())
            .map(|(guild, _)| *guild),
    );
    Ok(known)
}
