//! The cap on useapi calls in flight across every account this process
//! spends (`USEAPI_MAX_IN_FLIGHT`), shared fairly between the accounts.
//!
//! Why not one semaphore: its queue is first come, first served, so a
//! burst of one account queued ahead of another account's single command
//! makes that command wait for the whole burst (17 servers on one token
//! filled the cap, and a server on a healthy account waited 8.3 s). Here
//! each account waits in its own line, and a freed slot goes to the
//! waiting account that holds the fewest slots now (ties: the one whose
//! turn came first), so the slots converge to equal shares.
//!
//! Why headroom: a slot is never taken back (it is a call useapi is
//! answering), so a cap filled by slow calls made a newcomer wait for the
//! first of them to end, a whole wave (17 accounts × 16 calls of 10 s
//! left another account's command waiting 8 s). So the last
//! [`headroom`] slots of the cap (a sixteenth of it, none below 16) are
//! kept for accounts holding few: an account holding `h` slots takes a
//! free one only while more than `min(h, headroom)` are free. The last
//! slot goes only to an account holding none, the one before to one
//! holding at most one, and so on; an account that holds nothing finds a
//! slot at once unless other newcomers spent the headroom first, and then
//! it is served first when a slot is freed. An account alone uses what
//! useapi allows it, up to the cap less the headroom. Each account's own
//! limit is kept by its client (`slots.rs`), so this only shares the
//! process-wide cap, for one attempt at a time.

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
    /// See [`headroom`]; fixed with the cap.
    headroom: usize,
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
                headroom: headroom(cap),
                lanes: HashMap::new(),
                turns: BTreeSet::new(),
                counter: 0,
            }),
        })
    }

    /// A slot for `account` now, if one is free to it (see [`headroom`]).
    pub(super) fn try_acquire(self: &Arc<Self>, account: AccountKey) -> Option<Share> {
        let mut state = self.lock();
        state.may_take(account).then(|| {
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
                // No waiting account may take a free slot (`serve` hands
                // out every slot one could), so this never passes a waiter
                // that holds as few, nor one of this account's own calls.
                if state.may_take(account) {
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

/// The slots of `cap` kept for accounts holding few (see the module's
/// doc): a sixteenth, so none for a cap below 16 (an account alone still
/// uses all of a small cap).
fn headroom(cap: usize) -> usize {
    cap / 16
}

impl State {
    /// Whether an account holding `held` may take a free slot: only while
    /// more than `min(held, headroom)` are free.
    fn takes(&self, held: usize) -> bool {
        self.free > held.min(self.headroom)
    }

    fn may_take(&self, account: AccountKey) -> bool {
        self.takes(self.lanes.get(&account).map_or(0, |lane| lane.held))
    }

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

    /// `account` gives back a slot; then every slot a waiting account may
    /// take is handed out.
    fn give_back(&mut self, account: AccountKey) {
        self.change(account, |lane| lane.held = lane.held.saturating_sub(1));
        self.free += 1;
        self.serve();
    }

    /// Hands free slots to the first waiting account (fewest held, then
    /// earliest turn), which then takes its turn again behind the others
    /// holding as many, while it may take one. When the first may not,
    /// none may: the others hold at least as many.
    fn serve(&mut self) {
        while let Some(first) = self.turns.first().copied() {
            if !self.takes(first.held) {
                return;
            }
            self.free -= 1;
            let since = self.next();
            let mut wake = None;
            self.change(first.account, |lane| {
                wake = lane.waiters.pop_front().map(|w| w.wake);
                lane.held += 1;
                lane.since = since;
            });
            if let Some(wake) = wake {
                // Its receiver lives until the waiter left the line (above),
                // so this reaches it.
                let _ = wake.send(());
            }
        }
    }
}

#[cfg(test)]
mod tests;
