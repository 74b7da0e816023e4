//! `POST /events`: Discord's event webhooks. The one that matters is
//! `APPLICATION_AUTHORIZED` for a server: without a gateway it is how the
//! bot learns it was added, and it registers the commands there at once.
//! A PING (type 0) and every other event get 204 and are ignored.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use serenity::all::GuildId;

use super::{refused, signed_body, Ingress};

/// `integration_type` of an authorization for a server (1 is for a user).
const TO_A_SERVER: u64 = 0;

pub(super) async fn events(
    State(ingress): State<Arc<Ingress>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let body = match signed_body(&ingress.key, &headers, body).await {
        Ok(body) => body,
        Err(refusal) => return refusal,
    };
    let Ok(value) = serde_json::from_slice::<Value>(&body) else {
        return refused(StatusCode::BAD_REQUEST, "not JSON");
    };
    if let Some(guild) = added_to(&value) {
        tracing::info!(%guild, "the bot was added to a server; registering its commands");
        ingress.app.registrar.enqueue(guild);
    }
    StatusCode::NO_CONTENT.into_response()
}

/// The server of an `APPLICATION_AUTHORIZED` event that added the bot to one.
fn added_to(webhook: &Value) -> Option<GuildId> {
    let event = &webhook["event"];
    if webhook["type"] != 1 || event["type"] != "APPLICATION_AUTHORIZED" {
        return None;
    }
    let data = &event["data"];
    if data["integration_type"].as_u64() != Some(TO_A_SERVER) {
        return None;
    }
    let id = data["guild"]["id"].as_str()?.parse::<u64>().ok()?;
    (id > 0).then(|| GuildId::new(id))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn only_an_authorization_for_a_server_names_one() {
        let event = |integration_type: u64, kind: &str| {
            json!({"version": 1, "application_id": "1", "type": 1, "event": {
                "type": kind, "timestamp": "2026-01-01T00:00:00Z",
                "data": {"integration_type": integration_type, "scopes": ["applications.commands"],
                         "guild": {"id": "300000000000000001", "name": "g"}}}})
        };
        assert_eq!(
            added_to(&event(0, "APPLICATION_AUTHORIZED")),
            Some(GuildId::new(300_000_000_000_000_001))
        );
        assert_eq!(added_to(&event(1, "APPLICATION_AUTHORIZED")), None);
        assert_eq!(added_to(&event(0, "ENTITLEMENT_CREATE")), None);
        assert_eq!(added_to(&json!({"version": 1, "type": 0})), None);
    }
}
