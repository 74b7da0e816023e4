//! What an operator needs around the bot: Prometheus metrics, a health
//! endpoint (`HTTP_ADDR`), and the in-flight bookkeeping behind graceful
//! shutdown.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use serenity::all::ShardManager;
use serenity::gateway::ConnectionStage;
use tokio::net::TcpListener;
use tokio::sync::Notify;

use crate::discord::App;

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

type LatencyFamily = Family<StatusLabels, Histogram, fn() -> Histogram>;

/// Counters for `/metrics`. Cheap enough to keep whether or not they are served.
pub struct Metrics {
    registry: Registry,
    commands: Family<CommandLabels, Counter>,
    useapi_latency: LatencyFamily,
    in_flight: Gauge,
    reconnects: Counter,
    mapping_writes: Counter,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("mj_bridge");
        let commands = Family::<CommandLabels, Counter>::default();
        registry.register(
            "commands",
            "Commands handled, by verb and outcome",
            commands.clone(),
        );
        let useapi_latency: LatencyFamily =
            Family::new_with_constructor(|| Histogram::new(exponential_buckets(0.005, 2.0, 16)));
        registry.register(
            "useapi_request_duration_seconds",
            "useapi.net job calls, retries included, by final HTTP status",
            useapi_latency.clone(),
        );
        let in_flight = Gauge::default();
        registry.register(
            "commands_in_flight",
            "Commands being handled now",
            in_flight.clone(),
        );
        let reconnects = Counter::default();
        registry.register(
            "gateway_reconnects",
            "Gateway sessions resumed or identified again",
            reconnects.clone(),
        );
        let mapping_writes = Counter::default();
        registry.register(
            "mapping_writes",
            "Changes saved to the mapping file",
            mapping_writes.clone(),
        );
        Self {
            registry,
            commands,
            useapi_latency,
            in_flight,
            reconnects,
            mapping_writes,
        }
    }
}

impl Metrics {
    pub fn command(&self, verb: &str, outcome: &'static str) {
        self.commands
            .get_or_create(&CommandLabels {
                verb: verb.to_owned(),
                outcome,
            })
            .inc();
    }

    pub fn useapi_call(&self, status: Option<u16>, took: Duration) {
        let status = status.map_or_else(|| "none".to_owned(), |s| s.to_string());
        self.useapi_latency
            .get_or_create(&StatusLabels { status })
            .observe(took.as_secs_f64());
    }

    pub fn reconnected(&self) {
        self.reconnects.inc();
    }

    pub fn mapping_written(&self) {
        self.mapping_writes.inc();
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}

/// Whether new commands are taken, and how many are being handled, so a
/// shutdown can let them finish.
#[derive(Default)]
pub struct Lifecycle {
    stopping: AtomicBool,
    in_flight: AtomicUsize,
    idle: Notify,
    gauge: Gauge,
}

/// Held while a command is handled.
pub struct InFlight<'a>(&'a Lifecycle);

impl Lifecycle {
    pub fn new(metrics: &Metrics) -> Self {
        Self {
            gauge: metrics.in_flight.clone(),
            ..Self::default()
        }
    }

    /// `None` once shutdown has begun: the command must be turned away.
    pub fn begin(&self) -> Option<InFlight<'_>> {
        // Count first, then check, so `drain` can never miss a command.
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        let guard = InFlight(self);
        self.gauge.inc();
        (!self.stopping.load(Ordering::SeqCst)).then_some(guard)
    }

    pub fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::SeqCst)
    }

    /// Stops taking commands and waits up to `within` for the running ones.
    /// Returns whether they all finished.
    pub async fn drain(&self, within: Duration) -> bool {
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

#[derive(Clone)]
struct Probe {
    app: Arc<App>,
    shards: Arc<ShardManager>,
}

/// Serves `GET /healthz` and `GET /metrics` until the process ends.
pub async fn serve(listener: TcpListener, app: Arc<App>, shards: Arc<ShardManager>) {
    let router = Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .with_state(Probe { app, shards });
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(%addr, "serving /healthz and /metrics");
    }
    if let Err(err) = axum::serve(listener, router).await {
        tracing::error!(error = %err, "the health and metrics server stopped");
    }
}

/// 200 while every shard is connected, 503 otherwise and while shutting
/// down. serenity reports a dead connection once a heartbeat goes
/// unacknowledged, so a drop shows here within two heartbeat intervals
/// (Discord's is about 41 s).
async fn healthz(State(probe): State<Probe>) -> impl IntoResponse {
    let runners = probe.shards.runners.lock().await;
    let connected = !runners.is_empty()
        && runners
            .values()
            .all(|r| r.stage == ConnectionStage::Connected);
    let latency = runners.values().filter_map(|r| r.latency).max();
    drop(runners);
    if probe.app.lifecycle.is_stopping() {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "shutting down\n".to_owned(),
        )
    } else if !connected {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "gateway not connected\n".to_owned(),
        )
    } else {
        let heartbeat =
            latency.map_or_else(String::new, |l| format!(", heartbeat {} ms", l.as_millis()));
        (
            StatusCode::OK,
            format!("ok: gateway connected{heartbeat}\n"),
        )
    }
}

async fn metrics(State(probe): State<Probe>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        probe.app.metrics.render(),
    )
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
    }

    #[tokio::test]
    async fn drain_waits_for_commands_in_flight_and_then_refuses_new_ones() {
        let lifecycle = Arc::new(Lifecycle::default());
        let running = lifecycle.clone();
        let command = tokio::spawn(async move {
            let _in_flight = running.begin().expect("accepting");
            tokio::time::sleep(Duration::from_millis(100)).await;
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert_eq!(lifecycle.in_flight(), 1);
        assert!(lifecycle.drain(Duration::from_secs(5)).await);
        assert!(command.is_finished());
        assert!(lifecycle.begin().is_none());
        assert_eq!(lifecycle.in_flight(), 0);
    }

    #[tokio::test]
    async fn drain_gives_up_after_its_deadline() {
        let lifecycle = Lifecycle::default();
        let _stuck = lifecycle.begin();
        assert!(!lifecycle.drain(Duration::from_millis(50)).await);
    }
}
