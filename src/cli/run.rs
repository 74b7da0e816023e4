//! `mj-bridge [run]`: the bot. Opens the settings store, binds the
//! listeners, builds the shared state and hands it to the runtime until
//! Ctrl-C or SIGTERM.

use std::sync::Arc;
use std::time::Duration;

use super::{file_fatal, store_fatal, Fatal};
use crate::access::Access;
use crate::app::App;
use crate::config::Config;
use crate::payer::UseapiAccounts;
use crate::runtime;
use crate::store::{self, FileStore, Purpose, Store, StoreTarget};
use crate::untrusted::redact_url;
use crate::useapi::UseapiPool;

/// A temp file this old was left by a save that was interrupted; a younger
/// one may belong to another process saving right now.
const STALE_TEMP_FILES: Duration = Duration::from_secs(60);

/// Every error is one line for the admin; nothing here may print a token.
pub(super) async fn run() -> Result<(), Fatal> {
    crate::logging::init().map_err(Fatal::config)?;
    let config = Config::from_env().map_err(Fatal::config)?;
    // Held until the bot stops: command-line edits of the file are refused
    // meanwhile (they would be undone at the next save).
    let serving = match &config.store {
        StoreTarget::File(path) => super::keys::lock_for_serving(path).await,
        StoreTarget::Postgres(_) => None,
    };
    let store: Arc<dyn Store> = match &config.store {
        StoreTarget::File(path) => {
            let file = FileStore::load(path).map_err(file_fatal)?;
            file.remove_stale_temp_files(STALE_TEMP_FILES);
            Arc::new(file)
        }
        target @ StoreTarget::Postgres(_) => {
            store::configured(target, Purpose::Serve).map_err(store_fatal)?
        }
    };
    // Bound before connecting, so a taken port stops the start.
    let listeners = runtime::Listeners {
        health: bind("HTTP_ADDR", config.http_addr).await?,
        interactions: bind("INTERACTIONS_ADDR", config.interactions_addr).await?,
    };
    let useapi = UseapiPool::new(config.useapi_settings()).map_err(|e| Fatal {
        message: format!("cannot set up the HTTP client: {e}"),
        code: 1,
    })?;
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        useapi = %redact_url(&config.useapi_base_url),
        discord_proxy = %config.discord_proxy_url.as_deref().map_or_else(|| "(none)".to_owned(), redact_url),
        store = %store.describe(),
        shards = %config.shards,
        "starting"
    );
    crate::ops::limits::log_at_start();
    let access = Access::new(config.allowed_guilds.clone(), config.command_cooldown);
    let commands = crate::commands::plan_for(&config, store.settings());
    let app = App::new(
        UseapiAccounts::new(useapi, config.secrets.clone()),
        store,
        access,
        config.shards,
        commands,
    );
    crate::commands::count_from_zero(&app.metrics);
    runtime::run(&config, app, listeners, shutdown_signal())
        .await
        .map_err(|e| Fatal {
            message: crate::logging::chain(&e),
            code: e.exit_code(),
        })?;
    tracing::info!("stopped");
    drop(serving);
    Ok(())
}

/// A listener on `addr` (the setting `name`), when it is set.
async fn bind(
    name: &str,
    addr: Option<std::net::SocketAddr>,
) -> Result<Option<tokio::net::TcpListener>, Fatal> {
    let Some(addr) = addr else { return Ok(None) };
    tokio::net::TcpListener::bind(addr)
        .await
        .map(Some)
        .map_err(|e| Fatal {
            message: format!("{name} {addr} cannot be used: {e}"),
            code: 1,
        })
}

/// Ctrl-C or SIGTERM: the end of `run`.
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
