//! The health endpoint (`HTTP_ADDR`): `/livez` and `/readyz` for an
//! orchestrator's liveness and readiness probes, `/healthz` (readiness with
//! details, as it always was) for a supervisor, and `/metrics` for
//! Prometheus. Liveness never depends on Discord or the database: a probe
//! that restarts the bot while Discord is down would only add restarts to
//! the outage.

use std::sync::{Arc, OnceLock};

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use serenity::all::ShardManager;
use serenity::gateway::ConnectionStage;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use super::http_server::{self, LIMITS};
use super::{Lifecycle, Metrics};

/// How the process takes interactions, once it does: readiness is this
/// one state (and the lifecycle's), whichever the road.
pub(crate) enum Serving {
    /// Gateway shards: ready while every one is connected.
    Gateway(Arc<ShardManager>),
    /// An HTTP worker (`INTERACTIONS_ADDR`): ready once its listener serves.
    Http,
}

/// What the endpoints read: handles, not the whole app.
#[derive(Clone)]
pub(crate) struct Probe {
    pub metrics: Arc<Metrics>,
    pub lifecycle: Arc<Lifecycle>,
    /// Set once the process takes interactions (after the settings are loaded).
    pub serving: Arc<OnceLock<Serving>>,
}

/// The running health server; dropping it stops it. The runtime drops it
/// when it returns, so an application run in a test's process
/// (`cli::Application`) stops serving when it stops, as a process would.
pub(crate) struct HealthServer(JoinHandle<()>);

impl Drop for HealthServer {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// [`serve`] on a task of its own, until the [`HealthServer`] is dropped.
pub(crate) fn start(listener: TcpListener, probe: Probe) -> HealthServer {
    HealthServer(tokio::spawn(serve(listener, probe)))
}

/// Serves `GET /livez`, `GET /readyz`, `GET /healthz` and `GET /metrics`
/// until the process ends, within
/// [`LIMITS`] (see [`http_server`]: idle connections are closed, at most
/// 256 at once).
async fn serve(listener: TcpListener, probe: Probe) {
    let router = Router::new()
        .route("/livez", get(livez))
        .route("/readyz", get(readyz))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .with_state(probe);
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(%addr, "serving /livez, /readyz, /healthz and /metrics");
    }
    http_server::serve(listener, router, LIMITS, std::future::pending()).await;
    tracing::error!("the health and metrics server stopped");
}

/// 200 whenever it answers: the process runs and serves this listener,
/// whatever Discord, the database or a shutdown say.
async fn livez() -> impl IntoResponse {
    (StatusCode::OK, "ok: alive\n")
}

/// Whether the process can take commands now: [`healthz`]'s status, with
/// a short body.
async fn readyz(probe: State<Probe>) -> impl IntoResponse {
    let (status, said) = readiness(probe).await;
    let body = if status == StatusCode::OK {
        "ok: ready\n".to_owned()
    } else {
        said
    };
    (status, body)
}

async fn healthz(probe: State<Probe>) -> impl IntoResponse {
    readiness(probe).await
}

/// 200 while every shard is connected (an HTTP worker: while its
/// interactions listener serves), 503 otherwise, while the settings
/// store is not open yet (a database being waited for) and while shutting
/// down. serenity reports a dead connection once a heartbeat goes
/// unacknowledged, so a drop shows here within two heartbeat intervals
/// (Discord's is about 41 s).
async fn readiness(State(probe): State<Probe>) -> (StatusCode, String) {
    let serving_http = matches!(probe.serving.get(), Some(Serving::Http));
    let (connected, latency) = match probe.serving.get() {
        Some(Serving::Http) => (true, None),
        Some(Serving::Gateway(shards)) => {
            let runners = shards.runners.lock().await;
            let connected = !runners.is_empty()
                && runners
                    .values()
                    .all(|r| r.stage == ConnectionStage::Connected);
            (connected, runners.values().filter_map(|r| r.latency).max())
        }
        None => (false, None),
    };
    if probe.lifecycle.is_leaving() {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "shutting down\n".to_owned(),
        )
    } else if !probe.lifecycle.has_settings() {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "settings store not reached yet\n".to_owned(),
        )
    } else if !connected {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "gateway not connected (or the interactions listener not serving yet)\n".to_owned(),
        )
    } else {
        let heartbeat =
            latency.map_or_else(String::new, |l| format!(", heartbeat {} ms", l.as_millis()));
        // Still healthy: commands work where they are registered.
        let waiting = match probe.metrics.pending_registrations() {
            0 => String::new(),
            servers => format!(", servers waiting for their commands: {servers}"),
        };
        let serving = if serving_http {
            "serving interactions over HTTP"
        } else {
            "gateway connected"
        };
        (
            StatusCode::OK,
            format!("ok: {serving}{heartbeat}{waiting}\n"),
        )
    }
}

async fn metrics(State(probe): State<Probe>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        probe.metrics.render(),
    )
}
