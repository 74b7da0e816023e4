//! Discord's side of interactions over HTTP: the application's Ed25519 key
//! (its public half is `verify_key` in `GET /oauth2/applications/@me`), and
//! interactions and event webhooks POSTed, signed, to the bot's
//! `INTERACTIONS_ADDR`. The body of the bot's answer is an interaction's
//! first response: it is also handed to the fake's own callback route, so
//! the schema check, the one-response rule and `TestBot::reply` treat it
//! exactly as a callback sent over REST.

use ring::rand::SystemRandom;
use ring::signature::Ed25519KeyPair;

use super::*;

/// How a request is signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signature {
    Valid,
    /// Signed with another key, as Discord does on purpose when the URL is saved.
    Wrong,
    Missing,
}

/// What the bot answered to a POST.
#[derive(Debug)]
pub struct Answered {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Answered {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

pub(super) fn new_key() -> Ed25519KeyPair {
    let pkcs8 = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new()).unwrap();
    Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).unwrap()
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl FakeDiscord {
    /// POSTs `body` to `url`, signed as `signature` says.
    pub async fn post_signed(&self, url: &str, body: &[u8], signature: Signature) -> Answered {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
        self.post_signed_at(url, body, signature, now.as_secs())
            .await
    }

    /// The two headers that sign `body` now, as Discord sends them.
    #[allow(dead_code)] // only the ingress benchmark (benches/relay/) uses it
    pub fn signature_headers(&self, body: &[u8]) -> [(&'static str, String); 2] {
        let timestamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs()
            .to_string();
        let mut message = timestamp.as_bytes().to_vec();
        message.extend_from_slice(body);
        [
            (
                "x-signature-ed25519",
                hex(self.state.key.sign(&message).as_ref()),
            ),
            ("x-signature-timestamp", timestamp),
        ]
    }

    /// POSTs `body` to `url`, signed as `signature` says, at `timestamp`
    /// (Unix seconds), as a copy recorded then and replayed now would be.
    pub async fn post_signed_at(
        &self,
        url: &str,
        body: &[u8],
        signature: Signature,
        timestamp: u64,
    ) -> Answered {
        let timestamp = timestamp.to_string();
        let mut message = timestamp.as_bytes().to_vec();
        message.extend_from_slice(body);
        let mut request = reqwest::Client::new()
            .post(url)
            .header("content-type", "application/json")
            .body(body.to_vec());
        let signed = match signature {
            Signature::Valid => Some(self.state.key.sign(&message)),
            Signature::Wrong => Some(new_key().sign(&message)),
            Signature::Missing => None,
        };
        if let Some(signed) = signed {
            request = request
                .header("x-signature-ed25519", hex(signed.as_ref()))
                .header("x-signature-timestamp", timestamp);
        }
        let response = request
            .send()
            .await
            .expect("the bot's interactions endpoint answers");
        let status = response.status().as_u16();
        let body = response.bytes().await.unwrap_or_default().to_vec();
        Answered { status, body }
    }

    /// Delivers `typed` to the bot's `/interactions` at `base` (signed), and
    /// hands its first response to the callback route as Discord would
    /// have taken it.
    pub async fn deliver(&self, base: &str, typed: Typed<'_>) -> (Invocation, Answered) {
        let (inv, payload) = self.interaction(typed);
        self.state
            .payloads
            .lock()
            .unwrap()
            .insert(inv.id, payload.clone());
        let answered = self.redeliver(base, &payload).await;
        (inv, answered)
    }

    /// What [`Self::deliver`] POSTed for `inv`.
    pub fn payload_of(&self, inv: &Invocation) -> Option<Value> {
        self.state.payloads.lock().unwrap().get(&inv.id).cloned()
    }

    /// POSTs an interaction payload again (or for the first time).
    pub async fn redeliver(&self, base: &str, payload: &Value) -> Answered {
        let url = format!("{base}/interactions");
        let body = payload.to_string().into_bytes();
        let answered = self.post_signed(&url, &body, Signature::Valid).await;
        if answered.status == 200 {
            self.process_http_answer(payload, answered.body.clone())
                .await;
        }
        answered
    }

    /// An event webhook of `kind` with `data`, as Discord POSTs it to `/events`.
    pub fn event(kind: &str, data: Value) -> Value {
        json!({"version": 1, "application_id": APP_ID.to_string(), "type": 1,
               "event": {"type": kind, "timestamp": "2026-12-01T00:00:00.000000+00:00", "data": data}})
    }
}
