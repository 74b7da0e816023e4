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

pub struct SingleFlight<K, T: Clone> {
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
    /// call that starts after that request finished makes a new one.
    pub async fn run<S, W, WF>(&self, key: K, start: S, on_wait: W) -> T
    where
        S: FnOnce(Notices) -> BoxFuture<'static, T>,
        W: FnMut(Waiting) -> WF,
        WF: Future<Output = ()>,
    {
        let flight = self
            .lock()
            .entry(key.clone())
            .or_insert_with(|| Flight::start(start))
            .clone();
        let result = follow(flight.clone(), on_wait).await;
        let mut in_flight = self.lock();
        if in_flight
            .get(&key)
            .is_some_and(|current| current.result.ptr_eq(&flight.result))
        {
            in_flight.remove(&key);
        }
        result
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<K, Flight<T>>> {
        self.in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
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
