//! What a serving process runs beside its ingress, for the gateway and for
//! HTTP workers alike: the registrar's workers, the account watcher and
//! the records of who spent their own account, started once the settings
//! are loaded, and on shutdown stopped, then the commands in flight
//! drained. One piece of code, so both roads start and
//! stop the same way.

use std::sync::Arc;
use std::time::Duration;

use serenity::all::Http;

use crate::account_health::watch::Watcher;
use crate::app::App;
use crate::config::Config;
use crate::registration::Workers;
use crate::store::Duty;

/// How long a shutdown waits for commands in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// The background duties of a serving process; stopped by [`Duties::stop`]
/// (or when dropped, without the drain).
pub(super) struct Duties {
    _registering: Workers,
    watcher: Option<Watcher>,
    /// Writes which servers spent their own account, with `PostgreSQL`.
    spending: Option<tokio::task::JoinHandle<()>>,
}

impl Drop for Duties {
    fn drop(&mut self) {
        if let Some(spending) = &self.spending {
            spending.abort();
        }
    }
}

impl Duties {
    /// Loads what is registered where, then starts registering and watching.
    pub(super) async fn start(app: &Arc<App>, http: &Arc<Http>, config: &Config) -> Self {
        app.registrar.load().await;
        let registering = app.registrar.start(http);
        // The settings are loaded: the watcher knows which channels are mapped.
        let watcher = app.start_watcher(http.clone(), config.account_check);
        Self {
            _registering: registering,
            watcher,
            spending: app.health.start_spending_log(),
        }
    }

    /// Stops watching, then stops taking commands (they are told the bot
    /// is restarting) and lets those in flight finish, for a while.
    pub(super) async fn stop(mut self, app: &App) {
        drop(self.watcher.take());
        // Another process takes the duties at its next try, not when the
        // leases run out (a process killed outright leaves them to run out).
        for duty in [Duty::AccountChecks, Duty::ServerListing] {
            if let Err(err) = app.store.release_duty(duty, &app.holder).await {
                tracing::debug!(duty = duty.name(), error = %crate::logging::chain(&err), "could not give a duty up; it runs out by itself");
            }
        }
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
    }
}
