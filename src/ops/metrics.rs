//! Counters for `/metrics`, in the `OpenMetrics` text format: the bot's own
//! families (prefixed `mj_bridge_`), its build, and the process's figures
//! (`process.rs`). Every family is in the exposition from the start, and
//! every sample whose labels are known then is there at 0, so a dashboard
//! shows 0 rather than "no data" before the first command.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use prometheus_client::encoding::{EncodeLabelSet, EncodeMetric, MetricEncoder};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::metrics::info::Info;
use prometheus_client::metrics::MetricType;
use prometheus_client::registry::{Metric, Registry};

use super::process::ProcessCollector;

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

/// A family whose `# HELP` and `# TYPE` are written before its first sample
/// too (prometheus-client leaves an empty family out), for families whose
/// labels are not known at start: a useapi status, a channel's state.
#[derive(Debug)]
struct Declared<M>(M);

impl<M: EncodeMetric> EncodeMetric for Declared<M> {
    fn encode(&self, encoder: MetricEncoder<'_>) -> Result<(), std::fmt::Error> {
        self.0.encode(encoder)
    }

    fn metric_type(&self) -> MetricType {
        self.0.metric_type()
    }
}

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

/// Registers `metric` as `name` in `registry` and returns the handle kept.
fn registered<M: Metric + Clone>(registry: &mut Registry, name: &str, help: &str, metric: M) -> M {
    registry.register(name, help, metric.clone());
    metric
}

impl Default for Metrics {
    fn default() -> Self {
        let mut root = Registry::default();
        root.register_collector(Box::new(ProcessCollector));
        let registry = root.sub_registry_with_prefix("mj_bridge");
        registry.register(
            "build",
            "The running build: its version, as a label (value 1)",
            Info::new(vec![("version", env!("CARGO_PKG_VERSION"))]),
        );
        let commands = registered(
            registry,
            "commands",
            "Commands handled, by verb and outcome",
            Family::<CommandLabels, Counter>::default(),
        );
        let useapi_latency: LatencyFamily =
            Family::new_with_constructor(|| Histogram::new(exponential_buckets(0.005, 2.0, 16)));
        registry.register(
            "useapi_request_duration_seconds",
            "useapi.net job calls, retries included, by final HTTP status",
            Declared(useapi_latency.clone()),
        );
        let account_state = Family::<AccountLabels, Gauge>::default();
        registry.register(
            "account_state",
            "Each Midjourney channel's account state at useapi.net (1 for its current state)",
            Declared(account_state.clone()),
        );
        let in_flight = registered(
            registry,
            "commands_in_flight",
            "Commands being handled now",
            Gauge::default(),
        );
        let registrations_pending = registered(
            registry,
            "registrations_pending",
            "Servers still waiting for their slash commands (queued, running or retrying)",
            Gauge::default(),
        );
        let mut counter =
            |name: &str, help: &str| registered(registry, name, help, Counter::default());
        Self {
            commands,
            useapi_latency,
            in_flight,
            reconnects: counter(
                "gateway_reconnects",
                "Gateway sessions resumed or identified again",
            ),
            mapping_writes: counter("mapping_writes", "Changes saved to the mapping file"),
            mapping_write_errors: counter(
                "mapping_write_errors",
                "Changes that could not be saved to the mapping file (nothing changed)",
            ),
            audit_lines_dropped: counter(
                "audit_lines_dropped",
                "Audit lines dropped because their server's backlog was full (oldest first)",
            ),
            unreadable_interactions: counter(
                "unreadable_interactions",
                "Interactions serenity could not read (Discord changed its payload)",
            ),
            account_state,
            account_rows: Mutex::default(),
            account_alerts: counter(
                "account_alerts",
                "Account alert lines handed to servers' audit channels",
            ),
            registrations_pending,
            registry: root,
        }
    }
}

impl Metrics {
    /// Puts `mj_bridge_commands_total` at 0 for every command and outcome
    /// label, before the first command.
    pub(crate) fn count_commands_from_zero<'a>(
        &self,
        commands: impl IntoIterator<Item = &'a str>,
        outcomes: &[&'static str],
    ) {
        for verb in commands {
            for outcome in outcomes {
                drop(self.commands.get_or_create(&CommandLabels {
                    verb: verb.to_owned(),
                    outcome,
                }));
            }
        }
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

    /// The `OpenMetrics` text exposition, `# EOF` included.
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
