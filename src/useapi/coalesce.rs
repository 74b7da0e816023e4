//! Single flight: concurrent identical calls share one upstream request.

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::{Mutex, MutexGuard, PoisonError};

use futures_util::future::{BoxFuture, FutureExt, Shared};
use tokio::sync::watch;

use super::retry::Waiting;

type Notices = watch::Sender<Option<Waiting>>;
type SharedCall<T> = Shared<BoxFuture<'static, T>>;

/// A call in flight and its retry notices, shared by every caller waiting on it.
struct Flight<T: Clone> {
    result: SharedCall<T>,
    waits: watch::Receiver<Option<Waiting>>,
}

impl<T: Clone> Clone for Flight<T> {
    fn clone(&self) -> Self {
        Self {
            result: self.result.clone(),
            waits: self.waits.clone(),
        }
    }
}

pub(super) struct SingleFlight<K, T: Clone> {
    in_flight: Mutex<HashMap<K, Flight<T>>>,
}

impl<K, T: Clone> Default for SingleFlight<K, T> {
    fn default() -> Self {
        Self {
            in_flight: Mutex::default(),
        }
    }
}

impl<K: Eq + Hash + Clone, T: Clone + Send + Sync + 'static> SingleFlight<K, T> {
    /// Joins the call in flight for `key`, or starts one with `start`. Every
    /// caller gets the result and hears of its waits through `on_wait`. A
    /// call that starts after that request finished makes a new one; with no
    /// key (a call that must not be shared) every call makes its own.
    pub(super) async fn run<S, W, WF>(&self, key: Option<K>, start: S, on_wait: W) -> T
    where
        S: FnOnce(Notices) -> BoxFuture<'static, T>,
        W: FnMut(Waiting) -> WF,
        WF: Future<Output = ()>,
    {
        let Some(key) = key else {
            return follow(Flight::start(start), on_wait).await;
        };
        let flight = self
            .lock()
            .entry(key.clone())
            .or_insert_with(|| Flight::start(start))
            .clone();
        // Removes the entry however this caller ends (result, panic or
        // cancellation), so a dead call is never joined again.
        let _leave = Leave {
            flights: self,
            key,
            result: flight.result.clone(),
        };
        follow(flight, on_wait).await
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<K, Flight<T>>> {
        self.in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// Removes the caller's flight from the map when the caller is done with it,
/// unless a newer flight has taken its place.
struct Leave<'a, K: Eq + Hash, T: Clone> {
    flights: &'a SingleFlight<K, T>,
    key: K,
    result: SharedCall<T>,
}

impl<K: Eq + Hash, T: Clone> Drop for Leave<'_, K, T> {
    fn drop(&mut self) {
        let mut in_flight = self
            .flights
            .in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if in_flight
            .get(&self.key)
            .is_some_and(|current| current.result.ptr_eq(&self.result))
        {
            in_flight.remove(&self.key);
        }
    }
}

impl<T: Clone> Flight<T> {
    fn start(start: impl FnOnce(Notices) -> BoxFuture<'static, T>) -> Self {
        let (notices, waits) = watch::channel(None);
        Self {
            result: start(notices).shared(),
            waits,
        }
    }
}

/// Waits for the call's result, passing on every wait it announces.
async fn follow<T: Clone, W, WF>(flight: Flight<T>, mut on_wait: W) -> T
where
    W: FnMut(Waiting) -> WF,
    WF: Future<Output = ()>,
{
    let Flight {
        mut result,
        mut waits,
    } = flight;
    loop {
        tokio::select! {
            result = &mut result => return result,
            Ok(()) = waits.changed() => {
                let waiting = *waits.borrow_and_update();
                if let Some(waiting) = waiting {
                    on_wait(waiting).await;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use futures_util::FutureExt;

    use super::*;

    type Calls = SingleFlight<&'static str, u32>;

    /// A call that counts its starts and answers `answer` once `go` fires.
    fn counted(
        starts: &Arc<AtomicUsize>,
        go: tokio::sync::oneshot::Receiver<()>,
        answer: u32,
    ) -> impl FnOnce(Notices) -> BoxFuture<'static, u32> {
        let starts = starts.clone();
        move |_| {
            starts.fetch_add(1, Ordering::SeqCst);
            async move {
                let _ = go.await;
                answer
            }
            .boxed()
        }
    }

    fn no_waits(_: Waiting) -> std::future::Ready<()> {
        std::future::ready(())
    }

    #[tokio::test]
    async fn concurrent_calls_with_one_key_share_one_start() {
        let calls = Arc::new(Calls::default());
        let starts = Arc::new(AtomicUsize::new(0));
        let (go, wait) = tokio::sync::oneshot::channel();
        let first = calls.run(Some("k"), counted(&starts, wait, 7), no_waits);
        let (_unused, never) = tokio::sync::oneshot::channel();
        let second = calls.run(Some("k"), counted(&starts, never, 8), no_waits);
        // Released only once both callers are waiting.
        let release = async {
            tokio::task::yield_now().await;
            let _ = go.send(());
        };
        let (first, second, ()) = tokio::join!(first, second, release);
        assert_eq!((first, second), (7, 7));
        assert_eq!(starts.load(Ordering::SeqCst), 1);
        assert!(calls.lock().is_empty());
    }

    #[tokio::test]
    async fn calls_without_a_key_are_never_shared() {
        let calls = Calls::default();
        let starts = Arc::new(AtomicUsize::new(0));
        let (go_a, wait_a) = tokio::sync::oneshot::channel();
        let (go_b, wait_b) = tokio::sync::oneshot::channel();
        let first = calls.run(None, counted(&starts, wait_a, 1), no_waits);
        let second = calls.run(None, counted(&starts, wait_b, 2), no_waits);
        let _ = (go_a.send(()), go_b.send(()));
        assert_eq!(tokio::join!(first, second), (1, 2));
        assert_eq!(starts.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_cancelled_caller_leaves_no_entry_behind() {
        let calls = Arc::new(Calls::default());
        let starts = Arc::new(AtomicUsize::new(0));
        let (_never_go, never) = tokio::sync::oneshot::channel();
        let leader = {
            let (calls, start) = (calls.clone(), counted(&starts, never, 1));
            tokio::spawn(async move { calls.run(Some("k"), start, no_waits).await })
        };
        wait_for_entry(&calls).await;
        leader.abort();
        assert!(leader.await.is_err_and(|e| e.is_cancelled()));
        assert!(calls.lock().is_empty(), "the cancelled call's entry stayed");

        let (go, wait) = tokio::sync::oneshot::channel();
        let _ = go.send(());
        assert_eq!(
            calls
                .run(Some("k"), counted(&starts, wait, 2), no_waits)
                .await,
            2
        );
        assert_eq!(
            starts.load(Ordering::SeqCst),
            2,
            "the next call starts afresh"
        );
    }

    #[tokio::test]
    async fn a_call_that_panics_leaves_no_entry_behind() {
        let calls = Arc::new(Calls::default());
        let panicking = {
            let calls = calls.clone();
            tokio::spawn(async move {
                calls
                    .run(
                        Some("k"),
                        |_| async { panic!("a bug inside the call") }.boxed(),
                        no_waits,
                    )
                    .await
            })
        };
        assert!(panicking.await.is_err_and(|e| e.is_panic()));
        assert!(calls.lock().is_empty(), "the panicked call's entry stayed");
        let starts = Arc::new(AtomicUsize::new(0));
        let (go, wait) = tokio::sync::oneshot::channel();
        let _ = go.send(());
        assert_eq!(
            calls
                .run(Some("k"), counted(&starts, wait, 3), no_waits)
                .await,
            3
        );
    }

    async fn wait_for_entry(calls: &Calls) {
        while calls.lock().is_empty() {
            tokio::task::yield_now().await;
        }
    }
}
