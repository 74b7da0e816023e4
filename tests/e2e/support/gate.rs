//! A gate the test opens: useapi holds every job request until then, so a
//! test can do things while a call is surely in flight, with no delay to
//! outlast. The test waits for the request to arrive, an event, instead of
//! hoping a delay covers what it does meanwhile.
//!
//! wiremock calls a responder synchronously, on the one thread of that
//! server's runtime, while holding the lock on what it recorded. So while a
//! job is held, that useapi server answers nothing else, and
//! `received_requests` and `mount` wait (the fake Discord, another server,
//! is not affected). Hence: the gate counts arrivals itself; it opens when dropped
//! and keeps the server alive until then, so a failing test (or a server
//! dropped while a job is held) cannot hang; and
//! [`TestBot::useapi_requests`] panics rather than wait for ever.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockBuilder, MockServer, Request, Respond, ResponseTemplate};

use super::bot::TestBot;
use super::useapi::completed;
use super::wait_for_explained;

#[derive(Default)]
struct GateState {
    open: Mutex<bool>,
    opened: Condvar,
    /// Job requests that reached the gate, held or not.
    arrived: AtomicUsize,
}

impl GateState {
    fn open(&self) {
        *self.open.lock().unwrap_or_else(PoisonError::into_inner) = true;
        self.opened.notify_all();
    }
}

/// Answers with `answer` once the gate is open, blocking wiremock until then.
struct HeldAnswer {
    gate: Arc<GateState>,
    answer: ResponseTemplate,
}

impl Respond for HeldAnswer {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        self.gate.arrived.fetch_add(1, Ordering::SeqCst);
        let open = self
            .gate
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let _open = self
            .gate
            .opened
            .wait_while(open, |open| !*open)
            .unwrap_or_else(PoisonError::into_inner);
        self.answer.clone()
    }
}

/// Mounts `mock` (at wiremock's `priority`, 5 unless another mock must
/// come after) on `server`, held at a new gate until it opens, then
/// answered with `answer`.
async fn held(
    mock: MockBuilder,
    answer: ResponseTemplate,
    priority: u8,
    server: &MockServer,
) -> Arc<GateState> {
    let state = Arc::new(GateState::default());
    mock.respond_with(HeldAnswer {
        gate: state.clone(),
        answer,
    })
    .with_priority(priority)
    .mount(server)
    .await;
    state
}

/// Holds useapi's answers to job requests until [`UseapiGate::open`].
pub struct UseapiGate {
    state: Arc<GateState>,
    /// Dropped after the gate is opened: wiremock's `Drop` reads its
    /// state, which a held job keeps locked. (A test's own `MockServer`,
    /// declared before the gate, outlives it anyway.)
    _server: Option<Arc<MockServer>>,
}

impl UseapiGate {
    /// A gate holding what `mock` matches at `bot`'s useapi.
    async fn on(bot: &TestBot, mock: MockBuilder, answer: ResponseTemplate, priority: u8) -> Self {
        Self {
            state: held(mock, answer, priority, &bot.useapi).await,
            _server: Some(bot.useapi.clone()),
        }
    }
}

/// useapi holds every job until the returned gate opens, then answers it
/// with `content` (as [`super::useapi::useapi_answers`] does at once).
pub async fn useapi_answers_once_opened(bot: &TestBot, content: &str) -> UseapiGate {
    let jobs = Mock::given(method("POST")).and(path_regex("^/v2/jobs/"));
    UseapiGate::on(bot, jobs, completed(content), 5).await
}

/// useapi holds every read of the account list (`GET /v2/account/midjourney`)
/// until the returned gate opens, then answers it as knowing no channel.
pub async fn useapi_account_list_held(bot: &TestBot) -> UseapiGate {
    let list = Mock::given(method("GET")).and(path("/v2/account/midjourney"));
    let none = ResponseTemplate::new(200).set_body_json(serde_json::json!({}));
    UseapiGate::on(bot, list, none, 5).await
}

/// useapi holds every reset (`POST /v2/account/midjourney/{channel}/reset`)
/// until the returned gate opens, then answers it 204, before any other
/// mock of the route (it changes no account).
pub async fn useapi_resets_held(bot: &TestBot) -> UseapiGate {
    let resets = Mock::given(method("POST")).and(path_regex(r"^/v2/account/midjourney/\d+/reset$"));
    UseapiGate::on(bot, resets, ResponseTemplate::new(204), 1).await
}

/// `server` (a wiremock playing useapi for a client under test) holds every
/// POST until the returned gate opens, then answers it with `answer`.
/// Declare the server before the gate: the gate opens as it is dropped.
pub async fn posts_held_at(server: &MockServer, answer: ResponseTemplate) -> UseapiGate {
    UseapiGate {
        state: held(Mock::given(method("POST")), answer, 5, server).await,
        _server: None,
    }
}

impl UseapiGate {
    /// Waits until useapi holds a job request at the gate: the bot's call
    /// is in flight, and stays so until [`Self::open`].
    pub async fn wait_for_a_held_job(&self, bot: &TestBot) {
        self.wait_for_a_held_request(|| bot.diagnostics()).await;
    }

    /// Waits until a request is held at the gate; `context` explains a
    /// time-out (e.g. the bot's output).
    pub async fn wait_for_a_held_request(&self, context: impl FnOnce() -> String) {
        wait_for_explained(
            "useapi to receive a job request (held at the gate)",
            Duration::from_secs(20),
            context,
            || async {
                match self.state.arrived.load(Ordering::SeqCst) {
                    0 => Err("no job request yet".to_owned()),
                    _ => Ok(()),
                }
            },
        )
        .await;
    }

    /// Lets every held job through and answers every later one at once.
    pub fn open(&self) {
        self.state.open();
    }
}

impl Drop for UseapiGate {
    fn drop(&mut self) {
        self.open();
    }
}
