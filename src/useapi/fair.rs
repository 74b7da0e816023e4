//! The cap on useapi calls in flight across every account this process
//! spends (`USEAPI_MAX_IN_FLIGHT`), shared fairly between the accounts.
//!
//! Why not one semaphore: its queue is first come, first served, so a
//! burst of one account queued ahead of another account's single command
//! makes that command wait for the whole burst (17 servers on one token
//! filled the cap, and a server on a healthy account waited 8.3 s). Here
//! each account waits in its own line, and a freed slot goes to the
//! waiting account that holds the fewest slots now (ties: the one whose
//! turn came first). So while others wait, no account is given more than
//! its share, a newcomer is served next, and the slots converge to equal
//! shares; an account alone may use the whole cap. Slots are never taken
//! back: an account above its share keeps what it holds until those calls
//! end. Each account's own limit is kept by its client (`slots.rs`), so
//! this only shares the process-wide cap, for one attempt at a time.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use secrecy::{ExposeSecret, SecretString};
use tokio::sync::oneshot;

/// A useapi account: the SHA-256 digest of its token, so accounts are told
/// apart (servers storing the same token are one account) without keeping
/// the token itself.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) struct AccountKey([u8; 32]);

impl AccountKey {
    pub(super) fn of(token: &SecretString) -> Self {
        let digest = ring::digest::digest(&ring::digest::SHA256, token.expose_secret().as_bytes());
        let mut key = [0; 32];
        key.copy_from_slice(digest.as_ref());
        Self(key)
    }
}

impl AccountKey {
    /// A short name of the account for the operator's eyes (the `account`
    /// label of `/metrics`): a digest of this digest, so it cannot be
    /// turned back into the key, let alone the token.
    pub(super) fn id(self) -> AccountId {
        let mut input = b"mj-bridge account id\0".to_vec();
        input.extend_from_slice(&self.0);
        let digest = ring::digest::digest(&ring::digest::SHA256, &input);
        let mut id = [0; 8];
        id.copy_from_slice(&digest.as_ref()[..8]);
        AccountId(id)
    }
}

/// Which useapi account something concerns, as account health keys its
/// boards: 8 bytes of a digest of [`AccountKey`], shown in hex. Not a
/// secret (nothing leads back to the token), so it may be logged.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct AccountId([u8; 8]);

impl AccountId {
    /// The account `token` opens (tests name accounts without a client).
    pub fn of_token(token: &SecretString) -> Self {
        AccountKey::of(token).id()
    }
}

impl fmt::Display for AccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

/// Never printed: a digest of a token still identifies it.
impl fmt::Debug for AccountKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccountKey(..)")
    }
}

/// The process-wide cap; shared (in an `Arc`) by every account's client.
pub(super) struct FairShares {
    state: Mutex<State>,
}

/// One of the cap's slots, held by `account` until dropped.
pub(super) struct Share {
    shares: Arc<FairShares>,
    account: AccountKey,
}

struct State {
    free: usize,
    /// Accounts holding a slot or waiting for one; no others.
    lanes: HashMap<AccountKey, Lane>,
    /// The accounts with calls waiting, in the order freed slots serve them.
    turns: BTreeSet<Turn>,
    /// Orders turns and names waiters.
    counter: u64,
}

#[derive(Default)]
struct Lane {
    held: usize,
    /// When its turn came (see [`Turn::since`]); meaningful while it waits.
    since: u64,
    waiters: VecDeque<Waiter>,
}

struct Waiter {
    id: u64,
    wake: oneshot::Sender<()>,
}

/// A waiting account's place: fewest slots held first, then earliest turn.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Turn {
    held: usize,
    since: u64,
    account: AccountKey,
}

impl FairShares {
    pub(super) fn new(cap: usize) -> Arc<Self> {
        Arc::new(Self {
            state: Mutex::new(State {
                free: cap,
                lanes: HashMap::new(),
                turns: BTreeSet::new(),
                counter: 0,
            }),
        })
    }

    /// A slot for `account` now, if one is free (then nobody waits).
    pub(super) fn try_acquire(self: &Arc<Self>, account: AccountKey) -> Option<Share> {
        let mut state = self.lock();
        (state.free > 0).then(|| {
            state.free -= 1;
            state.change(account, |lane| lane.held += 1);
            self.share(account)
        })
    }

    /// A slot for `account`, waited for in its line. Cancel-safe: a call
    /// that stops waiting leaves its line, or gives back the slot it was
    /// just handed.
    pub(super) async fn acquire(self: &Arc<Self>, account: AccountKey) -> Share {
        loop {
            let mut queued = {
                let mut state = self.lock();
                if state.free > 0 {
                    state.free -= 1;
                    state.change(account, |lane| lane.held += 1);
                    return self.share(account);
                }
                let (wake, granted) = oneshot::channel();
                let id = state.next();
                state.change(account, |lane| lane.waiters.push_back(Waiter { id, wake }));
                InLine {
                    shares: self,
                    account,
                    id,
                    granted,
                    done: false,
                }
            };
            // The sender is only dropped after sending (the slot is this
            // call's) or with the line, so an error cannot happen; were it
            // to, the call is neither in line nor holding a slot: it asks again.
            let granted = (&mut queued.granted).await.is_ok();
            queued.done = true;
            if granted {
                return self.share(account);
            }
        }
    }

    fn share(self: &Arc<Self>, account: AccountKey) -> Share {
        Share {
            shares: self.clone(),
            account,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for Share {
    fn drop(&mut self) {
        self.shares.lock().give_back(self.account);
    }
}

/// A call waiting in its account's line.
struct InLine<'a> {
    shares: &'a Arc<FairShares>,
    account: AccountKey,
    id: u64,
    /// Dropped after `drop` has left the line, so a slot is never sent to
    /// a call that is gone.
    granted: oneshot::Receiver<()>,
    done: bool,
}

impl Drop for InLine<'_> {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        let mut state = self.shares.lock();
        let mut waited = false;
        let id = self.id;
        state.change(self.account, |lane| {
            let before = lane.waiters.len();
            lane.waiters.retain(|w| w.id != id);
            waited = lane.waiters.len() < before;
        });
        if !waited {
            // Handed a slot after it stopped waiting: the slot goes on.
            state.give_back(self.account);
        }
    }
}

impl State {
    fn next(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }

    /// `account`'s turn while it has calls waiting.
    fn turn(&self, account: AccountKey) -> Option<Turn> {
        let lane = self.lanes.get(&account)?;
        (!lane.waiters.is_empty()).then_some(Turn {
            held: lane.held,
            since: lane.since,
            account,
        })
    }

    /// Changes `account`'s lane and keeps its turn in step: a turn starts
    /// when the first call waits, and a lane with nothing held or waiting
    /// is forgotten.
    fn change(&mut self, account: AccountKey, f: impl FnOnce(&mut Lane)) {
        let before = self.turn(account);
        if let Some(turn) = before {
            self.turns.remove(&turn);
        }
        let since = if before.is_some() {
            None
        } else {
            Some(self.next())
        };
        let lane = self.lanes.entry(account).or_default();
        f(lane);
        if let Some(since) = since {
            lane.since = since;
        }
        if lane.held == 0 && lane.waiters.is_empty() {
            self.lanes.remove(&account);
        } else if let Some(turn) = self.turn(account) {
            self.turns.insert(turn);
        }
    }

    /// `account` gives back a slot: it goes to the first waiting account,
    /// which then takes its turn again behind the others holding as many.
    fn give_back(&mut self, account: AccountKey) {
        self.change(account, |lane| lane.held = lane.held.saturating_sub(1));
        let Some(first) = self.turns.first().copied() else {
            self.free += 1;
            return;
        };
        let since = self.next();
        let mut wake = None;
        self.change(first.account, |lane| {
            wake = lane.waiters.pop_front().map(|w| w.wake);
            lane.held += 1;
            lane.since = since;
        });
        if let Some(wake) = wake {
            // Its receiver lives until the waiter left the line (above), so
            // this reaches it.
            let _ = wake.send(());
        }
    }
}

#[cfg(test)]
mod tests {
    use futures_util::FutureExt;

    use super::*;

    fn account(name: &str) -> AccountKey {
        AccountKey::of(&SecretString::from(name.to_owned()))
    }

    #[test]
    fn an_account_alone_may_use_the_whole_cap() {
        let shares = FairShares::new(3);
        let held: Vec<_> = (0..3).map(|_| shares.try_acquire(account("a"))).collect();
        assert!(held.iter().all(Option::is_some));
        assert!(shares.try_acquire(account("b")).is_none());
        drop(held);
        assert!(shares.try_acquire(account("b")).is_some());
    }

    #[test]
    fn a_freed_slot_goes_to_the_waiting_account_holding_the_fewest() {
        let shares = FairShares::new(2);
        let (a, b) = (account("a"), account("b"));
        let first = shares.try_acquire(a);
        let second = shares.try_acquire(a);
        // A's third call waits first, B's one call after it.
        let mut a_third = Box::pin(shares.acquire(a));
        let mut b_first = Box::pin(shares.acquire(b));
        assert!(a_third.as_mut().now_or_never().is_none());
        assert!(b_first.as_mut().now_or_never().is_none());

        drop(first);
        // B holds none, A one: B is served although A waited longer.
        let b_held = b_first.as_mut().now_or_never();
        assert!(b_held.is_some());
        assert!(a_third.as_mut().now_or_never().is_none());
        drop(second);
        assert!(a_third.as_mut().now_or_never().is_some());
        drop(b_held);
    }

    #[test]
    fn accounts_holding_as_many_take_turns() {
        let shares = FairShares::new(1);
        let (a, b) = (account("a"), account("b"));
        let mut held = shares.try_acquire(account("c"));
        let mut waiting = vec![
            ("a1", Box::pin(shares.acquire(a))),
            ("a2", Box::pin(shares.acquire(a))),
            ("b1", Box::pin(shares.acquire(b))),
            ("b2", Box::pin(shares.acquire(b))),
        ];
        for (_, call) in &mut waiting {
            assert!(call.as_mut().now_or_never().is_none());
        }
        let mut served = Vec::new();
        while !waiting.is_empty() {
            drop(held.take());
            let ready = waiting
                .iter_mut()
                .position(|(_, call)| {
                    call.as_mut().now_or_never().is_some_and(|s| {
                        held = Some(s);
                        true
                    })
                })
                .expect("a freed slot is handed to a waiting call");
            served.push(waiting.remove(ready).0);
        }
        assert_eq!(served, ["a1", "b1", "a2", "b2"]);
    }

    #[test]
    fn a_call_that_stops_waiting_leaves_its_line() {
        let shares = FairShares::new(1);
        let held = shares.try_acquire(account("a"));
        let mut gone = Box::pin(shares.acquire(account("b")));
        assert!(gone.as_mut().now_or_never().is_none());
        drop(gone);
        drop(held);
        assert!(shares.try_acquire(account("c")).is_some());
        assert!(
            shares.lock().lanes.len() <= 1,
            "nothing kept for gone calls"
        );
    }

    #[test]
    fn a_slot_handed_to_a_call_that_is_gone_goes_on() {
        let shares = FairShares::new(1);
        let held = shares.try_acquire(account("a"));
        let mut gone = Box::pin(shares.acquire(account("b")));
        let mut next = Box::pin(shares.acquire(account("c")));
        assert!(gone.as_mut().now_or_never().is_none());
        assert!(next.as_mut().now_or_never().is_none());
        // Handed to B, which stops waiting before it sees it.
        drop(held);
        drop(gone);
        let served = next.as_mut().now_or_never();
        assert!(served.is_some());
        drop(served);
        let state = shares.lock();
        assert_eq!(
            (state.free, state.lanes.len(), state.turns.len()),
            (1, 0, 0)
        );
    }
}
