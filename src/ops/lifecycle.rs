//! Whether new commands are taken and how many are running, so a shutdown
//! can let them finish.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use prometheus_client::metrics::gauge::Gauge;
use tokio::sync::Notify;

use super::Metrics;

/// Whether new commands are taken, and how many are being handled, so a
/// shutdown can let them finish.
#[derive(Default)]
pub(crate) struct Lifecycle {
    /// Set once the settings are loaded: until then `/healthz` says 503.
    settings_loaded: AtomicBool,
    /// Set on a shutdown's signal: `/healthz` says 503 while commands are
    /// still taken, so a load balancer stops sending first.
    leaving: AtomicBool,
    stopping: AtomicBool,
    in_flight: AtomicUsize,
    idle: Notify,
    gauge: Gauge,
}

/// Held while a command is handled.
pub(crate) struct InFlight<'a>(&'a Lifecycle);

impl Lifecycle {
    pub(crate) fn new(metrics: &Metrics) -> Self {
        Self {
            gauge: metrics.in_flight.clone(),
            ..Self::default()
        }
    }

    /// `None` once shutdown has begun: the command must be turned away.
    pub(crate) fn begin(&self) -> Option<InFlight<'_>> {
        // Count first, then check, so `drain` can never miss a command.
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        let guard = InFlight(self);
        self.gauge.inc();
        (!self.stopping.load(Ordering::SeqCst)).then_some(guard)
    }

    /// The settings store is open (the database reached, settings loaded).
    pub(crate) fn settings_loaded(&self) {
        self.settings_loaded.store(true, Ordering::SeqCst);
    }

    pub(crate) fn has_settings(&self) -> bool {
        self.settings_loaded.load(Ordering::SeqCst)
    }

    /// A shutdown began: say so on `/healthz`, still taking commands.
    pub(crate) fn leave(&self) {
        self.leaving.store(true, Ordering::SeqCst);
    }

    /// Whether a shutdown began (`/healthz` says 503), taking commands or not.
    pub(crate) fn is_leaving(&self) -> bool {
        self.leaving.load(Ordering::SeqCst) || self.stopping.load(Ordering::SeqCst)
    }

    pub(crate) fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::SeqCst)
    }

    /// Stops taking commands and waits up to `within` for the running ones.
    /// Returns whether they all finished.
    pub(crate) async fn drain(&self, within: Duration) -> bool {
        self.leaving.store(true, Ordering::SeqCst);
        self.stopping.store(true, Ordering::SeqCst);
        let finished = async {
            loop {
                let idle = self.idle.notified();
                if self.in_flight() == 0 {
                    return;
                }
                idle.await;
            }
        };
        tokio::time::timeout(within, finished).await.is_ok()
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.gauge.dec();
        if self.0.in_flight.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.0.idle.notify_waiters();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::pin::pin;

    use super::*;

    #[tokio::test]
    async fn drain_waits_for_commands_in_flight_and_then_refuses_new_ones() {
        let lifecycle = Lifecycle::default();
        let running = lifecycle.begin().expect("accepting");
        let mut drain = pin!(lifecycle.drain(Duration::from_secs(5)));
        assert!(
            futures_util::poll!(drain.as_mut()).is_pending(),
            "drain returned while a command was in flight"
        );
        assert!(lifecycle.begin().is_none());
        assert!(lifecycle.is_leaving());
        assert_eq!(lifecycle.in_flight(), 1);
        drop(running);
        assert!(drain.await);
        assert_eq!(lifecycle.in_flight(), 0);
    }

    #[test]
    fn a_process_leaving_still_takes_commands() {
        let lifecycle = Lifecycle::default();
        lifecycle.leave();
        assert!(lifecycle.is_leaving());
        assert!(lifecycle.begin().is_some());
    }

    #[tokio::test(start_paused = true)]
    async fn drain_gives_up_after_its_deadline() {
        let lifecycle = Lifecycle::default();
        let _stuck = lifecycle.begin();
        assert!(!lifecycle.drain(Duration::from_secs(10)).await);
        assert_eq!(lifecycle.in_flight(), 1);
    }
}
