//! Interactions serenity cannot read. serenity 0.12.5 is its last 0.12
//! release, and a field Discord adds or changes in an interaction payload
//! turns the whole `INTERACTION_CREATE` into an unknown event that never
//! reaches the event handler: the member would see "The application did
//! not respond" and the operator nothing. The raw handler sees it: one warn
//! line (kind and interaction id, never the token), a counter, and, where
//! the JSON still holds what an answer needs, a private sentence.

use std::sync::Arc;

use serde_json::{json, Value};
use serenity::all::{Context, Event, InteractionId, RawEventHandler};
use serenity::async_trait;

use crate::error::UNREADABLE_COMMAND;
use crate::ops::Metrics;

/// Discord's interaction types that expect a message: a slash command, a
/// component, a modal submit. (Autocomplete expects choices; a ping, a pong.)
const ANSWERABLE_TYPES: [u64; 3] = [2, 3, 5];
/// Callback type 4: a message; flag 64: only the invoker sees it.
const EPHEMERAL_MESSAGE: u64 = 4;
const EPHEMERAL: u64 = 64;

pub(super) struct Unreadable {
    pub(super) metrics: Arc<Metrics>,
}

#[async_trait]
impl RawEventHandler for Unreadable {
    async fn raw_event(&self, ctx: Context, event: Event) {
        let Event::Unknown(unknown) = event else {
            return;
        };
        if unknown.kind != "INTERACTION_CREATE" {
            return;
        }
        let value = &unknown.value;
        let Some(answer) = noted(value, &self.metrics) else {
            return;
        };
        let id = value["id"].as_str().and_then(|id| id.parse::<u64>().ok());
        let (Some(id), Some(token)) = (id.filter(|id| *id > 0), value["token"].as_str()) else {
            return;
        };
        let sent = ctx
            .http
            .create_interaction_response(InteractionId::new(id), token, &answer, Vec::new())
            .await;
        if let Err(err) = sent {
            tracing::warn!(interaction = id, error = %err, "could not tell the member the bot cannot read their command");
        }
    }
}

/// Counts and logs an interaction serenity cannot read (`value`, its raw
/// JSON; never its token), wherever it came from (the gateway, or
/// `INTERACTIONS_ADDR`), and returns the private sentence to answer it with
/// where it expects a message.
pub(crate) fn noted(value: &Value, metrics: &Metrics) -> Option<Value> {
    metrics.unreadable_interaction();
    let id = value["id"]
        .as_str()
        .and_then(|id| id.parse::<u64>().ok())
        .filter(|id| *id > 0);
    let kind = value["type"].as_u64();
    let name = value["data"]["name"]
        .as_str()
        .map(|n| crate::text::clean(n, 32));
    tracing::warn!(
        interaction = id,
        interaction_type = kind,
        command = name.as_deref(),
        "serenity could not read an interaction (Discord may have changed its payload); the member is told the bot cannot read it"
    );
    kind.filter(|kind| ANSWERABLE_TYPES.contains(kind))
        .map(|_| {
            json!({
                "type": EPHEMERAL_MESSAGE,
                "data": {
                    "content": UNREADABLE_COMMAND,
                    "flags": EPHEMERAL,
                    "allowed_mentions": {"parse": []},
                },
            })
        })
}
