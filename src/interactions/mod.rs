//! Discord's interactions and event webhooks over HTTP (`INTERACTIONS_ADDR`):
//! `POST /interactions` and `POST /events`, signed by Discord. Transport
//! only: a verified interaction goes through the front door (`front_door`)
//! as one from the gateway does, with its first response coming back as
//! this request's response body, everything after it through the REST
//! routes once that body is written out ([`body::Written`]).
//!
//! Refusals, before anything of the body is parsed (the server has read it
//! within its limits: over 64 KiB → 413, not complete within 5 s → 408,
//! see `ops::http_server`): a missing or
//! wrong signature → 401 (Discord sends bad ones on purpose when the URL is
//! saved), and so is a timestamp more than 15 minutes from Discord's clock
//! (its token is dead: a replayed copy); an unknown path → 404; another
//! method → 405; a body that is not an interaction, or one of a kind the
//! bot has none of → 400; a repeat of an interaction already claimed (by
//! this worker or another) → 409. Each refusal is one bounded debug line.

mod body;
mod events;
mod verify;

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Extension;
use axum::Router;
use serde_json::Value;
use serenity::all::{Http, Interaction};
use tokio::net::TcpListener;

use crate::app::App;
use crate::clock;
use crate::deliver::{in_http_body, AwaitedBody};
use crate::front_door::{self, Entered, Incoming};
use crate::ops::http_server::{self, HeadReceived, INGRESS_LIMITS};
pub(crate) use verify::PublicKey;

/// Discord waits 3 s for the first response; this leaves room for the trip.
const FIRST_RESPONSE_WITHIN: Duration = Duration::from_millis(2800);
/// Discord's interaction type for autocomplete: it always gets a list in
/// time, empty if the suggestions were not ready.
const AUTOCOMPLETE: u64 = 4;

/// What is read of a body before the rest: its kind and its id (other
/// fields are skipped, not copied).
#[derive(serde::Deserialize)]
struct Peek {
    #[serde(rename = "type", default)]
    kind: Value,
    #[serde(default)]
    id: Value,
}
/// Callback type 8: autocomplete choices.
const NO_SUGGESTIONS: &[u8] = br#"{"type":8,"data":{"choices":[]}}"#;

/// What the endpoints need: the key, the REST client, the shared state.
pub(crate) struct Ingress {
    pub key: PublicKey,
    pub http: Arc<Http>,
    pub app: Arc<App>,
}

/// Serves both endpoints on `listener` until `stop`; then refuses new
/// connections and lets each open one finish the request it is answering.
pub(crate) async fn serve(
    listener: TcpListener,
    ingress: Arc<Ingress>,
    stop: impl std::future::Future<Output = ()>,
) {
    let router = Router::new()
        .route("/interactions", post(interactions))
        .route("/events", post(events::events))
        .with_state(ingress);
    if let Ok(addr) = listener.local_addr() {
        tracing::info!(%addr, "serving interactions over HTTP (POST /interactions, POST /events)");
    }
    http_server::serve(listener, router, INGRESS_LIMITS, stop).await;
    tracing::info!("stopped serving interactions");
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

/// The body (read in full by the server, within [`INGRESS_LIMITS`]) once
/// its signature holds and was made recently.
async fn signed_body(key: &PublicKey, headers: &HeaderMap, body: Body) -> Result<Bytes, Response> {
    let header = |name: &str| headers.get(name).map(axum::http::HeaderValue::as_bytes);
    let (Some(signature), Some(timestamp)) = (
        header("x-signature-ed25519"),
        header("x-signature-timestamp"),
    ) else {
        return Err(refused(StatusCode::UNAUTHORIZED, "no signature"));
    };
    let body = axum::body::to_bytes(body, INGRESS_LIMITS.max_body)
        .await
        .map_err(|_| refused(StatusCode::PAYLOAD_TOO_LARGE, "body too large"))?;
    let signature = std::str::from_utf8(signature).unwrap_or_default();
    if !key.verifies(timestamp, &body, signature) {
        return Err(refused(StatusCode::UNAUTHORIZED, "wrong signature"));
    }
    let signed_at = std::str::from_utf8(timestamp)
        .ok()
        .and_then(|t| t.parse::<u64>().ok());
    if !signed_at.is_some_and(clock::signed_recently) {
        return Err(refused(
            StatusCode::UNAUTHORIZED,
            "signed more than 15 minutes from Discord's clock",
        ));
    }
    Ok(body)
}

fn json(body: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

async fn interactions(
    State(ingress): State<Arc<Ingress>>,
    head: Option<Extension<HeadReceived>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    // The interaction's time budget starts when its request's head arrived.
    let received = head.map_or_else(tokio::time::Instant::now, |Extension(head)| head.0);
    let body = match signed_body(&ingress.key, &headers, body).await {
        Ok(body) => body,
        Err(refusal) => return refusal,
    };
    // serde reads a struct from an array too; an interaction is an object.
    let object = body.trim_ascii_start().first() == Some(&b'{');
    let Some(peek) = serde_json::from_slice::<Peek>(&body)
        .ok()
        .filter(|_| object)
    else {
        return refused(StatusCode::BAD_REQUEST, "not JSON");
    };
    if peek.kind == 1 {
        return json(br#"{"type":1}"#.to_vec());
    }
    if peek
        .id
        .as_str()
        .and_then(|id| id.parse::<u64>().ok())
        .is_none()
    {
        return refused(StatusCode::BAD_REQUEST, "not an interaction");
    }
    let autocomplete = peek.kind == AUTOCOMPLETE;
    // Read once into serenity's types; a tree of the JSON is made only for
    // what serenity cannot read.
    let incoming = match serde_json::from_slice::<Interaction>(&body) {
        Ok(interaction) => Incoming::Readable(Box::new(interaction)),
        Err(_) => match serde_json::from_slice::<Value>(&body) {
            Ok(value) => Incoming::Unreadable(value),
            Err(_) => return refused(StatusCode::BAD_REQUEST, "not JSON"),
        },
    };
    let (arrival, awaited) = in_http_body(received);
    match front_door::enter(&ingress.http, &ingress.app, incoming, arrival).await {
        Entered::Running => first_response(awaited, autocomplete).await,
        Entered::Repeat => StatusCode::CONFLICT.into_response(),
        Entered::NotOurs => refused(
            StatusCode::BAD_REQUEST,
            "an interaction this bot has none of",
        ),
    }
}

/// Waits for the first response the front door's task gives, and answers
/// with it; the task's later calls wait until it is written out.
async fn first_response(awaited: AwaitedBody, autocomplete: bool) -> Response {
    let AwaitedBody { answer, written } = awaited;
    let body = match tokio::time::timeout(FIRST_RESPONSE_WITHIN, answer).await {
        Ok(Ok(body)) => body,
        _ if autocomplete => NO_SUGGESTIONS.to_vec(),
        _ => {
            tracing::warn!("no first response within {FIRST_RESPONSE_WITHIN:?}");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let body = Body::new(body::Written::new(body, written));
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}
