//! The connections a listener serves, as its accept loop sees them: which
//! are answering a request (protected) and which are idle (waiting for a
//! request head or for the rest of a body: they may be closed to make room).

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{Notify, OwnedSemaphorePermit};

/// One served connection.
pub(super) struct ConnectionState {
    /// Whom it comes from, for the per-peer cap.
    peer: IpAddr,
    /// Requests being answered on it now: complete (body included) and
    /// handed to the router.
    answering: AtomicUsize,
    /// Set once it was asked to close to make room.
    closing: AtomicBool,
    /// Set once a request head arrived on it: a connection that never sent
    /// one is still being set up (or is silent, and the header timeout and
    /// the make-room rule end it), and is not held against its peer.
    spoken: AtomicBool,
    pub(super) close: Notify,
}

impl ConnectionState {
    pub(super) fn is_answering(&self) -> bool {
        self.answering.load(Ordering::SeqCst) > 0
    }

    /// A request head arrived on it.
    pub(super) fn spoke(&self) {
        self.spoken.store(true, Ordering::SeqCst);
    }

    /// Held open by its peer without being answered: it sent a request
    /// head and waits for the rest of a body, or for its next request
    /// after one; and not already asked to close.
    fn is_held_idle(&self) -> bool {
        self.spoken.load(Ordering::SeqCst)
            && !self.is_answering()
            && !self.closing.load(Ordering::SeqCst)
    }

    /// Asks it to close unless another caller already did; `true` if this
    /// call did.
    fn ask_to_close(&self) -> bool {
        let asked = !self.closing.swap(true, Ordering::SeqCst);
        // A stored permit: the connection sees it even if not waiting yet.
        if asked {
            self.close.notify_one();
        }
        asked
    }
}

/// Counts a request as being answered until dropped.
pub(super) struct Answering(Arc<ConnectionState>);

impl Answering {
    pub(super) fn start(state: &Arc<ConnectionState>) -> Self {
        state.answering.fetch_add(1, Ordering::SeqCst);
        Self(Arc::clone(state))
    }
}

impl Drop for Answering {
    fn drop(&mut self) {
        self.0.answering.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The connections being served, oldest first.
#[derive(Default)]
pub(super) struct OpenConnections {
    by_age: Mutex<BTreeMap<u64, Arc<ConnectionState>>>,
    /// Signalled whenever a connection has ended and given back its socket.
    ended: Notify,
}

impl OpenConnections {
    pub(super) fn insert(
        self: &Arc<Self>,
        id: u64,
        peer: IpAddr,
        permit: OwnedSemaphorePermit,
    ) -> Slot {
        let state = Arc::new(ConnectionState {
            peer,
            answering: AtomicUsize::new(0),
            closing: AtomicBool::new(false),
            spoken: AtomicBool::new(false),
            close: Notify::new(),
        });
        self.lock().insert(id, Arc::clone(&state));
        Slot {
            id,
            state,
            open: Arc::clone(self),
            _permit: permit,
        }
    }

    /// Asks the oldest idle connection to close; `false` when every one is
    /// answering a request.
    pub(super) fn close_oldest_idle(&self) -> bool {
        let open = self.lock();
        open.values()
            .any(|state| !state.is_answering() && state.ask_to_close())
    }

    /// Before a new connection from `peer` is served: asks `peer`'s oldest
    /// held idle connections (see [`ConnectionState::is_held_idle`]) to
    /// close until, with the new one, it holds at most `cap`. Connections
    /// still being set up do not count: a load balancer opening many at
    /// once under load is not a sender that stalls. Returns how many were asked.
    pub(super) fn close_beyond_peer_cap(&self, peer: IpAddr, cap: usize) -> usize {
        let open = self.lock();
        let idle = || {
            open.values()
                .filter(move |state| state.peer == peer && state.is_held_idle())
        };
        let beyond = (idle().count() + 1).saturating_sub(cap);
        idle()
            .take(beyond)
            .filter(|state| state.ask_to_close())
            .count()
    }

    /// Asks every connection to close: an idle one goes at once, one
    /// answering a request finishes it first (a shutdown).
    pub(super) fn close_all(&self) {
        for state in self.lock().values() {
            state.ask_to_close();
        }
    }

    /// Until no connection is left.
    pub(super) async fn all_ended(&self) {
        loop {
            let ended = self.ended.notified();
            if self.lock().is_empty() {
                return;
            }
            ended.await;
        }
    }

    /// Until a connection ends (at once if one ended since the last call).
    pub(super) async fn one_ended(&self) {
        self.ended.notified().await;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, Arc<ConnectionState>>> {
        // Held only for map operations that cannot panic halfway.
        self.by_age.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A connection's place: leaves the list, then frees its permit, when the
/// connection ends.
pub(super) struct Slot {
    id: u64,
    pub(super) state: Arc<ConnectionState>,
    open: Arc<OpenConnections>,
    _permit: OwnedSemaphorePermit,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.open.lock().remove(&self.id);
        // The socket itself closes right after, as the connection is dropped.
        self.open.ended.notify_one();
    }
}
