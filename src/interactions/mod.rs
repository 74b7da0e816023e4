//! Discord's interactions and event webhooks over HTTP (`INTERACTIONS_ADDR`):
//! `POST /interactions` and `POST /events`, signed by Discord. A verified
//! interaction enters the same dispatch as one from the gateway; its first
//! response comes back as this request's response body (see
//! `deliver::first_response`), everything after it through the REST routes.
//!
//! Refusals, before anything of the body is parsed: a body over 64 KiB →
//! 413 (from its Content-Length, or once 64 KiB were read); a missing or
//! wrong signature → 401 (Discord sends bad ones on purpose when the URL is
//! saved); an unknown path → 404; another method → 405; a body that is not
//! an interaction → 400. Each refusal is one bounded debug line.

mod events;
mod seen;
mod verify;

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use serde_json::Value;
use serenity::all::{Http, Interaction};
use tokio::net::TcpListener;

use crate::app::App;
use crate::commands;
use crate::deliver::first_response;
use crate::ops::http_server::{self, INGRESS_LIMITS};
pub(crate) use verify::PublicKey;

/// Discord's interaction bodies are a few KiB; anything larger is refused.
const MAX_BODY: usize = 64 * 1024;
/// Discord waits 3 s for the first response; this leaves room for the trip.
const FIRST_RESPONSE_WITHIN: Duration = Duration::from_millis(2500);

/// What the endpoints need: the key, the REST client, the shared state.
pub(crate) struct Ingress {
    pub key: PublicKey,
    pub http: Arc<Http>,
    pub app: Arc<App>,
    seen: Mutex<seen::Seen>,
}

impl Ingress {
    pub(crate) fn new(key: PublicKey, http: Arc<Http>, app: Arc<App>) -> Self {
        Self {
            key,
            http,
            app,
            seen: Mutex::default(),
        }
    }
}

/// Serves both endpoints on `listener` until the process ends.
pub(crate) async fn serve(listener: TcpListener, ingress: Arc<Ingress>) {
    let router = Router::new()
        .route("/interactions", post(interactions))
        .route("/events", post(events::events))
        .with_state(ingress);
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(%addr, "serving interactions over HTTP (POST /interactions, POST /events)");
    }
    http_server::serve(listener, router, INGRESS_LIMITS).await;
    tracing::error!("the interactions server stopped");
}

/// Why a request was refused, as its status; logged as one short line.
fn refused(status: StatusCode, why: &'static str) -> Response {
    tracing::debug!(
        status = status.as_u16(),
        why,
        "refused a request on INTERACTIONS_ADDR"
    );
    status.into_response()
}

/// The body, at most [`MAX_BODY`] of it, once its signature holds.
async fn signed_body(key: &PublicKey, headers: &HeaderMap, body: Body) -> Result<Bytes, Response> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_BODY as u64) {
        return Err(refused(StatusCode::PAYLOAD_TOO_LARGE, "body over 64 KiB"));
    }
    let header = |name: &str| headers.get(name).map(axum::http::HeaderValue::as_bytes);
    let (Some(signature), Some(timestamp)) = (
        header("x-signature-ed25519"),
        header("x-signature-timestamp"),
    ) else {
        return Err(refused(StatusCode::UNAUTHORIZED, "no signature"));
    };
    let body = axum::body::to_bytes(body, MAX_BODY)
        .await
        .map_err(|_| refused(StatusCode::PAYLOAD_TOO_LARGE, "body over 64 KiB"))?;
    let signature = std::str::from_utf8(signature).unwrap_or_default();
    if !key.verifies(timestamp, &body, signature) {
        return Err(refused(StatusCode::UNAUTHORIZED, "wrong signature"));
    }
    Ok(body)
}

fn json(body: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

async fn interactions(
    State(ingress): State<Arc<Ingress>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let received = tokio::time::Instant::now();
    let body = match signed_body(&ingress.key, &headers, body).await {
        Ok(body) => body,
        Err(refusal) => return refusal,
    };
    let Ok(value) = serde_json::from_slice::<Value>(&body) else {
        return refused(StatusCode::BAD_REQUEST, "not JSON");
    };
    if value["type"] == 1 {
        return json(br#"{"type":1}"#.to_vec());
    }
    let Some(id) = value["id"].as_str().and_then(|id| id.parse::<u64>().ok()) else {
        return refused(StatusCode::BAD_REQUEST, "not an interaction");
    };
    let first = ingress
        .seen
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .first_time(id, received);
    if !first {
        tracing::info!(
            interaction = id,
            "an interaction delivered again; not run twice"
        );
        return StatusCode::CONFLICT.into_response();
    }
    match serde_json::from_value::<Interaction>(value) {
        Ok(interaction) => run(&ingress, interaction, received).await,
        Err(_) => unreadable(&ingress, &body),
    }
}

/// Puts `interaction` on the one road and waits for its first response.
async fn run(
    ingress: &Ingress,
    interaction: Interaction,
    received: tokio::time::Instant,
) -> Response {
    let id = interaction.id();
    let (http, app) = (ingress.http.clone(), ingress.app.clone());
    let answer = first_response::expect(id);
    match interaction {
        Interaction::Command(cmd) => {
            let cmd = Box::new(cmd);
            tokio::spawn(async move { commands::dispatch(&http, &app, &cmd, received).await });
        }
        Interaction::Autocomplete(cmd) => {
            tokio::spawn(async move { commands::autocomplete(&http, &app, &cmd).await });
        }
        Interaction::Modal(form) => {
            let form = Box::new(form);
            tokio::spawn(async move { commands::dispatch_form(&http, &app, &form).await });
        }
        _ => {
            first_response::forget(id);
            return refused(
                StatusCode::BAD_REQUEST,
                "an interaction this bot has none of",
            );
        }
    }
    if let Ok(Ok(body)) = tokio::time::timeout(FIRST_RESPONSE_WITHIN, answer).await {
        return json(body);
    }
    first_response::forget(id);
    tracing::warn!(interaction = %id, "no first response within {FIRST_RESPONSE_WITHIN:?}");
    StatusCode::SERVICE_UNAVAILABLE.into_response()
}

/// An interaction serenity cannot read (Discord changed its payload): as
/// on the gateway, one warn line, a counter and, where it expects a
/// message, a private sentence, here as the HTTP response.
fn unreadable(ingress: &Ingress, body: &[u8]) -> Response {
    let value: Value = serde_json::from_slice(body).unwrap_or_default();
    match crate::discord::unreadable::noted(&value, &ingress.app.metrics) {
        Some(answer) => json(answer.to_string().into_bytes()),
        None => StatusCode::BAD_REQUEST.into_response(),
    }
}
