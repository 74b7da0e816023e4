//! The bot as a value: [`Application::build`] does everything `mj-bridge
//! run` does before it serves (the settings, the mapping file's lock, the
//! store, the listeners, the shared state), and [`Application::run_until`]
//! serves until a future completes. `run.rs` hands it the process's
//! environment and its signals; a test hands it a map and a future it
//! completes itself, and reads the bound addresses (port 0 allowed) as
//! values instead of from a log line. One path for both, so what a test
//! runs in-process is what the binary runs.
//!
//! What a process holds once, several applications in one process share;
//! a test that needs them apart runs the bot as a child process:
//! - the log: `build` installs no subscriber (the binary does, before it);
//!   an application in a test logs nowhere unless the test installs one;
//! - Discord's clock as the bot last read it (`clock.rs`), and its one
//!   warning about a skew;
//! - the cap on Discord calls in flight and the pool of connections to
//!   Discord's REST API (`deliver`);
//! - what is the process's own: the `process_*` figures of `/metrics`, the
//!   open-file limit, signals, the exit code, memory.
//!
//! Tasks a store starts (`PostgreSQL`'s follower) end with the async runtime,
//! as they end with the process.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;

use super::{store_fatal, Fatal};
use crate::access::Access;
use crate::app::App;
use crate::config::Config;
use crate::payer::UseapiAccounts;
use crate::runtime;
use crate::store::file::FileLock;
use crate::store::{self, Purpose, Store, StoreTarget};
use crate::untrusted::redact_url;

/// The bot, built and bound, not yet serving.
pub struct Application {
    config: Config,
    app: App,
    listeners: runtime::Listeners,
    /// Held until the bot stops: command-line edits of the mapping file
    /// are refused meanwhile (they would be undone at the next save).
    serving: Option<FileLock>,
}

impl Application {
    /// Reads the settings through `lookup` (a variable's value, `None`
    /// when unset), locks the mapping file, opens the store, binds the
    /// listeners and builds the shared state. Installs no log subscriber.
    /// Every error is one line for the admin, with the exit code
    /// `mj-bridge run` ends with; nothing here may print a token.
    pub async fn build(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, Fatal> {
        let config = Config::from_lookup(lookup).map_err(Fatal::config)?;
        let serving = match &config.store {
            StoreTarget::File(path) => super::keys::lock_for_serving(path).await,
            StoreTarget::Postgres(_) => None,
        };
        let store = store::configured(&config.store, Purpose::Serve).map_err(store_fatal)?;
        // Bound before connecting, so a taken port stops the start.
        let listeners = runtime::Listeners {
            health: bind("HTTP_ADDR", config.http_addr).await?,
            interactions: bind("INTERACTIONS_ADDR", config.interactions_addr).await?,
        };
        let app = shared_state(&config, store)?;
        Ok(Self {
            config,
            app,
            listeners,
            serving,
        })
    }

    /// Where `/healthz` and `/metrics` are served (`HTTP_ADDR`, with the
    /// port the system chose for port 0); `None` when it is unset.
    pub fn health_addr(&self) -> Option<SocketAddr> {
        bound(self.listeners.health.as_ref())
    }

    /// Where interactions are served over HTTP (`INTERACTIONS_ADDR`);
    /// `None` when it is unset (the bot opens a gateway connection).
    pub fn interactions_addr(&self) -> Option<SocketAddr> {
        bound(self.listeners.interactions.as_ref())
    }

    /// Serves until the gateway gives up or `shutdown` completes and the
    /// commands in flight have finished (see `runtime::run`); the error
    /// carries the exit code `mj-bridge run` ends with.
    pub async fn run_until(self, shutdown: impl Future<Output = ()>) -> Result<(), Fatal> {
        let Self {
            config,
            app,
            listeners,
            serving,
        } = self;
        runtime::run(&config, app, listeners, shutdown)
            .await
            .map_err(|e| Fatal {
                message: crate::logging::chain(&e),
                code: e.exit_code(),
            })?;
        tracing::info!("stopped");
        drop(serving);
        Ok(())
    }
}

/// The state every command shares, and the start's log line.
fn shared_state(config: &Config, store: Arc<dyn Store>) -> Result<App, Fatal> {
    let useapi = super::useapi_pool(config)?;
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
    let commands = crate::commands::plan_for(config, store.settings());
    let app = App::new(
        UseapiAccounts::new(useapi, config.secrets.clone()),
        store,
        access,
        config.shards,
        commands,
    );
    crate::commands::count_from_zero(&app.metrics);
    Ok(app)
}

/// A listener on `addr` (the setting `name`), when it is set.
async fn bind(name: &str, addr: Option<SocketAddr>) -> Result<Option<TcpListener>, Fatal> {
    let Some(addr) = addr else { return Ok(None) };
    TcpListener::bind(addr).await.map(Some).map_err(|e| Fatal {
        message: format!("{name} {addr} cannot be used: {e}"),
        code: 1,
    })
}

/// The address `listener` is bound to.
fn bound(listener: Option<&TcpListener>) -> Option<SocketAddr> {
    listener.and_then(|listener| listener.local_addr().ok())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::time::Duration;

    use super::Application;
    use crate::config::EX_CONFIG;

    /// The least a bot starts with, its mapping file in `dir`, plus `more`;
    /// Discord at a port where nothing listens.
    fn settings(dir: &std::path::Path, more: &[(&str, String)]) -> HashMap<String, String> {
        let file = dir.join("channels.json").display().to_string();
        [
            ("DISCORD_TOKEN", "a.b.c".to_owned()),
            ("USEAPI_TOKEN", "user:1-token".to_owned()),
            ("CHANNELS_FILE", file),
            ("DISCORD_PROXY_URL", "http://127.0.0.1:9".to_owned()),
        ]
        .into_iter()
        .chain(more.iter().cloned())
        .map(|(name, value)| (name.to_owned(), value))
        .collect()
    }

    #[tokio::test]
    async fn a_missing_setting_is_the_binarys_configuration_error() {
        let Err(fatal) = Application::build(|_| None).await else {
            panic!("built without settings");
        };
        assert_eq!(fatal.exit_code(), EX_CONFIG);
        assert!(fatal.to_string().contains("DISCORD_TOKEN"), "{fatal}");
    }

    #[tokio::test]
    async fn a_taken_port_stops_the_build_naming_the_setting() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
        let addr = taken.local_addr().expect("its address");
        let set = settings(dir.path(), &[("HTTP_ADDR", addr.to_string())]);
        let Err(fatal) = Application::build(|name| set.get(name).cloned()).await else {
            panic!("built on a taken port");
        };
        assert_eq!(fatal.exit_code(), 1);
        let message = fatal.to_string();
        assert!(
            message.starts_with(&format!("HTTP_ADDR {addr} cannot be used")),
            "{message}"
        );
    }

    #[tokio::test]
    async fn ports_chosen_by_the_system_are_values_and_closed_once_it_stops() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let any = "127.0.0.1:0".to_owned();
        let set = settings(
            dir.path(),
            &[("HTTP_ADDR", any.clone()), ("INTERACTIONS_ADDR", any)],
        );
        let app = Application::build(|name| set.get(name).cloned())
            .await
            .expect("built");
        let health = app.health_addr().expect("HTTP_ADDR is set");
        let interactions = app.interactions_addr().expect("INTERACTIONS_ADDR is set");
        assert!(health.port() != 0 && interactions.port() != 0);
        assert_ne!(health, interactions);

        app.run_until(std::future::ready(()))
            .await
            .expect("a clean stop");

        // The health server's task is aborted: its listener goes with it.
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(health).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("{health} still takes connections after the application stopped");
    }
}
