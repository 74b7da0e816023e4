//! Counters for `/metrics`, in the Prometheus text format.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CommandLabels {
    verb: String,
    outcome: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StatusLabels {
    /// The HTTP status, or `none` when useapi did not answer.
    status: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct AccountLabels {
    /// "operator", or a short id of a server's own account (never the token).
    account: String,
    /// A Midjourney channel useapi lists or a server maps: bounded by them.
    channel: String,
    state: &'static str,
}

type LatencyFamily = Family<StatusLabels, Histogram, fn() -> Histogram>;

/// Counters for `/metrics`. Cheap enough to keep whether or not they are served.
pub(crate) struct Metrics {
    registry: Registry,
    commands: Family<CommandLabels, Counter>,
    useapi_latency: LatencyFamily,
    pub(super) in_flight: Gauge,
    reconnects: Counter,
    mapping_writes: Counter,
    mapping_write_errors: Counter,
    audit_lines_dropped: Counter,
    unreadable_interactions: Counter,
    account_state: Family<AccountLabels, Gauge>,
    /// The state each (account, channel) is exported with, so a change
    /// removes its old row.
    account_rows: Mutex<BTreeMap<(String, String), &'static str>>,
    account_alerts: Counter,
    registrations_pending: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut metrics = Self {
            registry: Registry::with_prefix("mj_bridge"),
            commands: Family::<CommandLabels, Counter>::default(),
            useapi_latency: Family::new_with_constructor(|| {
                Histogram::new(exponential_buckets(0.005, 2.0, 16))
            }),
            in_flight: Gauge::default(),
            reconnects: Counter::default(),
            mapping_writes: Counter::default(),
            mapping_write_errors: Counter::default(),
            audit_lines_dropped: Counter::default(),
            unreadable_interactions: Counter::default(),
            account_state: Family::<AccountLabels, Gauge>::default(),
            account_alerts: Counter::default(),
            registrations_pending: Gauge::default(),
            account_rows: Mutex::default(),
        };
        metrics.register_all();
        metrics
    }
}

impl Metrics {
    /// Every metric under its name and help, as `/metrics` lists them.
    fn register_all(&mut self) {
        let registry = &mut self.registry;
        registry.register(
            "commands",
            "Commands handled, by verb and outcome",
            self.commands.clone(),
        );
        registry.register(
            "useapi_request_duration_seconds",
            "useapi.net job calls, retries included, by final HTTP status",
            self.useapi_latency.clone(),
        );
        registry.register(
            "commands_in_flight",
            "Commands being handled now",
            self.in_flight.clone(),
        );
        registry.register(
            "gateway_reconnects",
            "Gateway sessions resumed or identified again",
            self.reconnects.clone(),
        );
        registry.register(
            "mapping_writes",
            "Changes saved to the mapping file",
            self.mapping_writes.clone(),
        );
        registry.register(
            "mapping_write_errors",
            "Changes that could not be saved to the mapping file (nothing changed)",
            self.mapping_write_errors.clone(),
        );
        registry.register(
            "audit_lines_dropped",
            "Audit lines dropped because their server's backlog was full (oldest first)",
            self.audit_lines_dropped.clone(),
        );
        registry.register(
            "unreadable_interactions",
            "Interactions serenity could not read (Discord changed its payload)",
            self.unreadable_interactions.clone(),
        );
        registry.register(
            "account_state",
            "Each Midjourney channel's account state at useapi.net (1 for its current state)",
            self.account_state.clone(),
        );
        registry.register(
            "account_alerts",
            "Account alert lines handed to servers' audit channels",
            self.account_alerts.clone(),
        );
        registry.register(
            "registrations_pending",
            "Servers still waiting for their slash commands (queued, running or retrying)",
            self.registrations_pending.clone(),
        );
    }

    pub(crate) fn command(&self, verb: &str, outcome: &'static str) {
        self.commands
            .get_or_create(&CommandLabels {
                verb: verb.to_owned(),
                outcome,
            })
            .inc();
    }

    pub(crate) fn useapi_call(&self, status: Option<u16>, took: Duration) {
        let status = status.map_or_else(|| "none".to_owned(), |s| s.to_string());
        self.useapi_latency
            .get_or_create(&StatusLabels { status })
            .observe(took.as_secs_f64());
    }

    pub(crate) fn reconnected(&self) {
        self.reconnects.inc();
    }

    pub(crate) fn mapping_written(&self) {
        self.mapping_writes.inc();
    }

    pub(crate) fn mapping_write_failed(&self) {
        self.mapping_write_errors.inc();
    }

    pub(crate) fn audit_line_dropped(&self) {
        self.audit_lines_dropped.inc();
    }

    pub(crate) fn unreadable_interaction(&self) {
        self.unreadable_interactions.inc();
    }

    /// Makes `states` (channel, state) the exported account states: one row
    /// per channel, valued 1; channels no longer known lose their row.
    /// Sets every row of `account` (its label) to `states`, removing the
    /// rows of its channels no longer known; other accounts' rows stay.
    pub(crate) fn account_states(&self, account: &str, states: &[(String, &'static str)]) {
        let mut rows = self
            .account_rows
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let now: BTreeMap<String, &'static str> = states.iter().cloned().collect();
        rows.retain(|(of, channel), state| {
            let keep = of != account || now.get(channel) == Some(state);
            if !keep {
                self.account_state.remove(&AccountLabels {
                    account: of.clone(),
                    channel: channel.clone(),
                    state,
                });
            }
            keep
        });
        for (channel, state) in now {
            self.account_state
                .get_or_create(&AccountLabels {
                    account: account.to_owned(),
                    channel: channel.clone(),
                    state,
                })
                .set(1);
            rows.insert((account.to_owned(), channel), state);
        }
    }

    pub(crate) fn registrations_pending(&self, servers: usize) {
        self.registrations_pending
            .set(i64::try_from(servers).unwrap_or(i64::MAX));
    }

    /// Servers still waiting for their slash commands, for `/healthz`.
    pub(crate) fn pending_registrations(&self) -> i64 {
        self.registrations_pending.get()
    }

    /// Sets one channel's row (a channel first seen), leaving the others.
    pub(crate) fn account_state(&self, account: &str, channel: &str, state: &'static str) {
        let mut rows = self
            .account_rows
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let key = (account.to_owned(), channel.to_owned());
        match rows.get(&key) {
            Some(old) if *old == state => return,
            Some(old) => {
                self.account_state.remove(&AccountLabels {
                    account: key.0.clone(),
                    channel: key.1.clone(),
                    state: old,
                });
            }
            None => {}
        }
        self.account_state
            .get_or_create(&AccountLabels {
                account: key.0.clone(),
                channel: key.1.clone(),
                state,
            })
            .set(1);
        rows.insert(key, state);
    }

    pub(crate) fn account_alert_sent(&self) {
        self.account_alerts.inc();
    }

    /// The Prometheus text exposition.
    pub(crate) fn render(&self) -> String {
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_show_up_in_the_exposition() {
        let metrics = Metrics::default();
        metrics.command("fast", "ok");
        metrics.useapi_call(Some(200), Duration::from_millis(30));
        metrics.mapping_written();
        metrics.mapping_write_failed();
        metrics.audit_line_dropped();
        let op = "operator";
        metrics.account_states(
            op,
            &[("1".into(), "pending_moderation"), ("2".into(), "fine")],
        );
        metrics.account_states("0a1b", &[("9".into(), "missing")]);
        metrics.account_states(op, &[("1".into(), "fine")]);
        metrics.account_state(op, "3", "fine");
        metrics.account_state(op, "1", "missing");
        metrics.account_alert_sent();
        let text = metrics.render();
        assert!(
            text.contains(r#"mj_bridge_commands_total{verb="fast",outcome="ok"} 1"#),
            "{text}"
        );
        assert!(
            text.contains(r#"mj_bridge_useapi_request_duration_seconds_count{status="200"} 1"#),
            "{text}"
        );
        assert!(text.contains("mj_bridge_mapping_writes_total 1"), "{text}");
        assert!(
            text.contains("mj_bridge_mapping_write_errors_total 1"),
            "{text}"
        );
        assert!(
            text.contains("mj_bridge_audit_lines_dropped_total 1"),
            "{text}"
        );
        for row in [
            r#"mj_bridge_account_state{account="operator",channel="1",state="missing"} 1"#,
            r#"mj_bridge_account_state{account="operator",channel="3",state="fine"} 1"#,
            // Another account's rows stay when the operator's change.
            r#"mj_bridge_account_state{account="0a1b",channel="9",state="missing"} 1"#,
        ] {
            assert!(text.contains(row), "{row}: {text}");
        }
        assert!(
            !text.contains("pending_moderation")
                && !text.contains(r#"channel="2""#)
                && !text.contains(r#"channel="1",state="fine""#),
            "old rows are removed: {text}"
        );
        assert!(text.contains("mj_bridge_account_alerts_total 1"), "{text}");
    }
}
