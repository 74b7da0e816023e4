//! How an interaction's first response goes back, and when the bot has
//! received it: the two facts an ingress knows and every delivery needs.
//!
//! Over the gateway the first response takes the callback route. Over HTTP
//! (`INTERACTIONS_ADDR`) it is the body of the response to Discord's POST:
//! the ingress makes the pair with [`in_http_body`], keeps the
//! [`AwaitedBody`] and hands the [`Arrival`] to the front door, so the
//! channel is part of the request, never a process-wide registry.
//!
//! Discord creates the deferred message only after it has read that body;
//! an edit or a follow-up that reaches it first is refused (10008, 10015).
//! So every later call waits until the ingress says the body was written
//! out ([`Arrival::body_written`]), and `deliver` retries those two codes
//! for a few seconds more.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{oneshot, watch};
use tokio::time::Instant;

/// How long a later call waits for the HTTP body to be written out: the
/// ingress gives up on a first response after 2.8 s, and hyper writes a
/// few hundred bytes at once.
const BODY_WRITTEN_WITHIN: Duration = Duration::from_secs(5);

/// An interaction as it reached the bot.
pub(crate) struct Arrival {
    /// When the bot received it: its time budget and its token's life count from here.
    pub received: Instant,
    first: FirstResponse,
}

enum FirstResponse {
    /// `POST /interactions/{id}/{token}/callback`.
    Callback,
    /// The HTTP response's body, once; then written out.
    HttpBody {
        body: Mutex<Option<oneshot::Sender<Vec<u8>>>>,
        written: watch::Receiver<bool>,
    },
}

/// The ingress's half: the first response as JSON, and the signal to give
/// once its bytes are written (or dropped, if the request is gone).
pub(crate) struct AwaitedBody {
    pub answer: oneshot::Receiver<Vec<u8>>,
    pub written: watch::Sender<bool>,
}

impl Arrival {
    /// An interaction from the gateway: answered by the callback route.
    pub(crate) fn by_callback(received: Instant) -> Self {
        Self {
            received,
            first: FirstResponse::Callback,
        }
    }

    /// Whether it was `POST`ed to the bot (and so could be delivered again).
    pub(crate) fn over_http(&self) -> bool {
        matches!(self.first, FirstResponse::HttpBody { .. })
    }

    /// The first response for the HTTP body, once: `None` over the gateway
    /// and after the first call.
    pub(super) fn take_body(&self) -> Option<oneshot::Sender<Vec<u8>>> {
        match &self.first {
            FirstResponse::Callback => None,
            FirstResponse::HttpBody { body, .. } => {
                body.lock().unwrap_or_else(PoisonError::into_inner).take()
            }
        }
    }

    /// Waits until the first response given in the HTTP body has been
    /// written out (at once over the gateway, and once the ingress gave up).
    pub(super) async fn body_written(&self) {
        let FirstResponse::HttpBody { written, .. } = &self.first else {
            return;
        };
        let mut written = written.clone();
        // An error: the ingress dropped its half (the body went out, or
        // the request is gone); either way there is nothing left to wait for.
        let _ = tokio::time::timeout(BODY_WRITTEN_WITHIN, written.wait_for(|done| *done)).await;
    }
}

/// An interaction `POST`ed to the bot at `received`: its first response goes
/// back in the HTTP body the ingress awaits.
pub(crate) fn in_http_body(received: Instant) -> (Arrival, AwaitedBody) {
    let (body, answer) = oneshot::channel();
    let (written_tx, written) = watch::channel(false);
    let arrival = Arrival {
        received,
        first: FirstResponse::HttpBody {
            body: Mutex::new(Some(body)),
            written,
        },
    };
    let awaited = AwaitedBody {
        answer,
        written: written_tx,
    };
    (arrival, awaited)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_http_body_is_taken_once_and_later_calls_wait_until_it_is_written() {
        let (arrival, mut awaited) = in_http_body(Instant::now());
        let body = arrival.take_body().unwrap();
        assert!(arrival.take_body().is_none());
        body.send(b"{}".to_vec()).unwrap();
        assert_eq!(awaited.answer.try_recv().unwrap(), b"{}");

        let waiting = arrival.body_written();
        tokio::pin!(waiting);
        assert!(futures_util::poll!(waiting.as_mut()).is_pending());
        awaited.written.send_replace(true);
        waiting.await;
    }

    #[tokio::test]
    async fn over_the_gateway_nothing_is_taken_and_nothing_waited_for() {
        let arrival = Arrival::by_callback(Instant::now());
        assert!(arrival.take_body().is_none());
        arrival.body_written().await;
    }
}
