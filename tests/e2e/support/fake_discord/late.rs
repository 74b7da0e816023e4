//! Discord processes an interaction's HTTP answer a moment after it
//! arrives: until then, an edit of `@original` gets 404 10008 (Unknown
//! Message) and a follow-up 404 10015 (Unknown Webhook). With
//! [`FakeDiscord::process_http_answers_late`] the fake takes an HTTP answer
//! only once the bot's next call for that interaction has been refused so:
//! the race is a fact of the test, not a timing window.

use tokio::sync::Notify;

use super::*;

/// An upper bound only: the bot's first later call comes within a second.
const REFUSAL_WITHIN: Duration = Duration::from_secs(20);

#[derive(Default)]
pub(super) struct Late {
    on: AtomicBool,
    /// Calls refused because the answer was not processed yet.
    refused: AtomicUsize,
    refusal: Notify,
}

/// The interaction id in a webhook route's token (the fake's tokens end with it).
fn interaction_of(req: &Request) -> Option<u64> {
    let token = req.url.path_segments()?.nth(4)?;
    token.strip_prefix(INTERACTION_TOKEN_PREFIX)?.parse().ok()
}

impl FakeDiscord {
    /// From now on, an HTTP answer is processed only after the bot's next
    /// call for that interaction was refused as too early.
    pub async fn process_http_answers_late(&self) {
        self.state.late.on.store(true, Ordering::SeqCst);
        let routes = [
            (
                "PATCH",
                r"^/api/v10/webhooks/\d+/[^/]+/messages/@original$",
                10008,
            ),
            (
                "DELETE",
                r"^/api/v10/webhooks/\d+/[^/]+/messages/@original$",
                10008,
            ),
            ("POST", r"^/api/v10/webhooks/\d+/[^/]+$", 10015),
        ];
        for (http_method, pattern, code) in routes {
            let (unprocessed, s) = (self.state.clone(), self.state.clone());
            Mock::given(method(http_method))
                .and(path_regex(pattern))
                .and(move |req: &Request| {
                    interaction_of(req)
                        .is_some_and(|id| !unprocessed.acknowledged.lock().unwrap().contains(&id))
                })
                .respond_with(move |_: &Request| {
                    s.late.refused.fetch_add(1, Ordering::SeqCst);
                    s.late.refusal.notify_one();
                    ResponseTemplate::new(404)
                        .set_body_json(json!({"message": "Unknown", "code": code}))
                })
                .with_priority(1)
                .mount(&self.rest)
                .await;
        }
    }

    /// How many of the bot's calls came before Discord had processed the answer.
    pub fn refused_as_too_early(&self) -> usize {
        self.state.late.refused.load(Ordering::SeqCst)
    }

    /// Takes the bot's HTTP answer to `payload` as its first response, on
    /// the callback route (so it is checked and recorded like one): at once,
    /// or in late mode once a call was refused as too early.
    pub(super) async fn process_http_answer(&self, payload: &Value, body: Vec<u8>) {
        let id = payload["id"].as_str().unwrap_or_default();
        let token = payload["token"].as_str().unwrap_or_default();
        let callback = format!(
            "{}/api/v10/interactions/{id}/{token}/callback",
            self.rest.uri()
        );
        let take = async move {
            let _ = reqwest::Client::new()
                .post(callback)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await;
        };
        if !self.state.late.on.load(Ordering::SeqCst) {
            return take.await;
        }
        let state = self.state.clone();
        tokio::spawn(async move {
            let _ = tokio::time::timeout(REFUSAL_WITHIN, state.late.refusal.notified()).await;
            take.await;
        });
    }
}
