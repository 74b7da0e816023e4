//! A slow route: a front for a wiremock server (the fake Discord's REST API,
//! or useapi) that holds the requests of one route until the test releases
//! them, and forwards everything else at once. wiremock cannot: it calls a
//! responder synchronously while holding its lock (see `gate.rs`), so an
//! answer held there would hold every route, and its delays are time
//! windows, not events. Discord holds a request the same way while a
//! route's rate-limit bucket is empty, or when a channel is slow; useapi
//! while a Midjourney job runs.
//!
//! Opt in with [`super::FakeDiscord::start_with_front`], or
//! [`super::spawn_bot_behind_useapi_front`] (the bot is pointed at the
//! front): it is one more hop, so the other tests and the relay benchmark
//! talk to wiremock directly.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, request::Parts};
use axum::response::Response;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// Which requests a [`HeldRoute`] holds: their method, path and headers.
type Holds = Box<dyn Fn(&Parts) -> bool + Send + Sync>;

/// Requests held by one [`HeldRoute`], while it is closed.
struct Held {
    holds: Holds,
    open: watch::Sender<bool>,
    /// Requests waiting at the hold now.
    waiting: AtomicUsize,
}

struct Front {
    /// wiremock, which answers every request the front passes on.
    target: String,
    client: reqwest::Client,
    holds: Mutex<Vec<Arc<Held>>>,
}

/// The running front: where the bot sends its requests.
pub struct FrontHandle {
    pub url: String,
    front: Arc<Front>,
}

/// Serves the front on a random local port, forwarding to `target`.
pub async fn start(target: String) -> FrontHandle {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind the fake Discord's front");
    let url = format!("http://{}", listener.local_addr().expect("front address"));
    let front = Arc::new(Front {
        target,
        client: reqwest::Client::new(),
        holds: Mutex::default(),
    });
    let app = Router::new().fallback(forward).with_state(front.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    FrontHandle { url, front }
}

impl FrontHandle {
    /// Holds every `method` request to `path` from now on, until the
    /// returned [`HeldRoute`] is released or dropped.
    pub fn hold(&self, method: &'static str, path: String) -> HeldRoute {
        self.hold_where(move |request| {
            request.method.as_str() == method && request.uri.path() == path
        })
    }

    /// Holds every request for which `holds` is true from now on (it sees
    /// the method, the path and the headers), until the returned
    /// [`HeldRoute`] is released or dropped.
    pub fn hold_where(&self, holds: impl Fn(&Parts) -> bool + Send + Sync + 'static) -> HeldRoute {
        let held = Arc::new(Held {
            holds: Box::new(holds),
            open: watch::Sender::new(false),
            waiting: AtomicUsize::new(0),
        });
        self.front.holds.lock().unwrap().push(held.clone());
        HeldRoute { held }
    }
}

/// A route whose requests the fake holds; see [`super::FakeDiscord::hold_posts_in`]
/// and [`super::UseapiFront::hold_jobs_of`].
pub struct HeldRoute {
    held: Arc<Held>,
}

impl HeldRoute {
    /// Requests held now, unanswered.
    pub fn waiting(&self) -> usize {
        self.held.waiting.load(Ordering::SeqCst)
    }

    /// Lets every held request through, and every later one at once.
    pub fn release(&self) {
        self.held.open.send_replace(true);
    }
}

impl Drop for HeldRoute {
    /// A failing test never leaves the bot stuck on a held request.
    fn drop(&mut self) {
        self.release();
    }
}

/// Counts a held request for as long as it waits, also if the bot gives
/// up on it (its connection closes and the handler is dropped).
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn count(waiting: &'a AtomicUsize) -> Self {
        waiting.fetch_add(1, Ordering::SeqCst);
        Self(waiting)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn forward(State(front): State<Arc<Front>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let held = front
        .holds
        .lock()
        .unwrap()
        .iter()
        .find(|h| (h.holds)(&parts))
        .cloned();
    if let Some(held) = held {
        let _waiting = Waiting::count(&held.waiting);
        let mut open = held.open.subscribe();
        let _ = open.wait_for(|open| *open).await;
    }
    let body = to_bytes(body, usize::MAX).await.unwrap_or_default();
    let target = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let mut headers = parts.headers;
    for hop in [header::HOST, header::CONTENT_LENGTH, header::CONNECTION] {
        headers.remove(hop);
    }
    let answer = front
        .client
        .request(parts.method, format!("{}{target}", front.target))
        .headers(headers)
        .body(body)
        .send()
        .await;
    let answer = match answer {
        Ok(answer) => answer,
        Err(err) => {
            return Response::builder()
                .status(502)
                .body(Body::from(format!("the fake Discord's front: {err}")))
                .unwrap()
        }
    };
    let mut response = Response::builder().status(answer.status());
    for (name, value) in answer.headers() {
        if name != header::CONTENT_LENGTH && name != header::TRANSFER_ENCODING {
            response = response.header(name, value);
        }
    }
    let body = answer.bytes().await.unwrap_or_default();
    response.body(Body::from(body)).unwrap()
}
