//! Interactions serenity cannot read. serenity 0.12.5 is its last 0.12
//! release, and a field Discord adds or changes in an interaction payload
//! turns the whole `INTERACTION_CREATE` into an unknown event that never
//! reaches the event handler: the member would see "The application did
//! not respond" and the operator nothing. The gateway's raw handler sees
//! it, and over HTTP the ingress does; both hand it here: one warn line
//! (kind and interaction id, never the token), a counter, and, where the
//! JSON still holds what an answer needs, a private sentence.

use std::sync::Arc;

use serde_json::{json, Value};
use serenity::all::{Http, InteractionId};

use super::Entered;
use crate::app::App;
use crate::deliver::{self, Arrival, Target};
use crate::locale::{self, Lang};
use crate::ops::Metrics;

/// Discord's interaction types that expect a message: a slash command, a
/// component, a modal submit. (Autocomplete expects choices; a ping, a pong.)
const ANSWERABLE_TYPES: [u64; 3] = [2, 3, 5];
/// Callback type 4: a message; flag 64: only the invoker sees it.
const EPHEMERAL_MESSAGE: u64 = 4;
const EPHEMERAL: u64 = 64;

/// Notes `value` and, where it expects a message and the JSON still holds
/// its id and token, answers it with the private sentence.
pub(super) fn answer(http: &Arc<Http>, app: &App, value: &Value, arrival: Arrival) -> Entered {
    let Some(answer) = noted(value, &app.metrics) else {
        return Entered::NotOurs;
    };
    let id = value["id"]
        .as_str()
        .and_then(|id| id.parse::<u64>().ok())
        .filter(|id| *id > 0);
    let (Some(id), Some(token)) = (id, value["token"].as_str()) else {
        return Entered::NotOurs;
    };
    let (http, token) = (http.clone(), token.to_owned());
    tokio::spawn(async move {
        let to = Target::new(InteractionId::new(id), &token, &arrival);
        if let Err(err) = deliver::raw_first_response(&http, to, &answer).await {
            tracing::warn!(interaction = id, error = %crate::logging::chain(&err), "could not tell the member the bot cannot read their command");
        }
    });
    Entered::Running
}

/// Counts and logs an interaction serenity cannot read (`value`, its raw
/// JSON; never its token), wherever it came from (the gateway, or
/// `INTERACTIONS_ADDR`), and returns the private sentence to answer it with
/// where it expects a message.
fn noted(value: &Value, metrics: &Metrics) -> Option<Value> {
    metrics.unreadable_interaction();
    let id = value["id"]
        .as_str()
        .and_then(|id| id.parse::<u64>().ok())
        .filter(|id| *id > 0);
    let kind = value["type"].as_u64();
    let name = value["data"]["name"]
        .as_str()
        .map(|n| crate::untrusted::clean(n, 32));
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
                    "content": locale::text(Lang::of(value["locale"].as_str()), "error-unreadable-command"),
                    "flags": EPHEMERAL,
                    "allowed_mentions": {"parse": []},
                },
            })
        })
}
