//! First responses that travel back in an HTTP response body. An
//! interaction Discord POSTs to the bot (`INTERACTIONS_ADDR`) is answered
//! by the body of that request's response, not by the callback route: the
//! HTTP ingress registers the interaction here before dispatching it, and
//! [`super::Target`]'s first response, wherever on the one road it is
//! decided, is handed back here instead of sent. Gateway interactions are
//! never registered, so they use the callback route as before.
//!
//! An entry lives only while its HTTP request waits for it (a few ms, at
//! most the ingress's limit), so the map holds no more entries than the
//! ingress serves requests at once.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, PoisonError};

use serenity::all::InteractionId;
use tokio::sync::oneshot;

type Waiting = HashMap<InteractionId, oneshot::Sender<Vec<u8>>>;

static WAITING: LazyLock<Mutex<Waiting>> = LazyLock::new(Mutex::default);

fn waiting() -> std::sync::MutexGuard<'static, Waiting> {
    WAITING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Registers `id`: its first response comes back through the receiver, as
/// the JSON of Discord's interaction response.
pub(crate) fn expect(id: InteractionId) -> oneshot::Receiver<Vec<u8>> {
    let (tx, rx) = oneshot::channel();
    waiting().insert(id, tx);
    rx
}

/// Forgets `id` (its HTTP request gave up): a late first response then
/// takes the callback route, which Discord refuses.
pub(crate) fn forget(id: InteractionId) {
    waiting().remove(&id);
}

/// The waiting HTTP request of `id`, if it has one.
pub(super) fn take(id: InteractionId) -> Option<oneshot::Sender<Vec<u8>>> {
    waiting().remove(&id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_registered_interaction_is_taken_once_and_a_forgotten_one_not_at_all() {
        let (one, two) = (InteractionId::new(11), InteractionId::new(12));
        let mut rx = expect(one);
        let tx = take(one).unwrap();
        assert!(take(one).is_none());
        tx.send(b"{}".to_vec()).unwrap();
        assert_eq!(rx.try_recv().unwrap(), b"{}");
        let _rx = expect(two);
        forget(two);
        assert!(take(two).is_none());
    }
}
