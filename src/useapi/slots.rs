//! What one attempt of a job holds, taken in this order and given back
//! when the attempt ends, never across a backoff: a slot of its Midjourney
//! channel (`maxJobs`), one of its account, one of the process-wide cap
//! ([`FairShares`]). In this order a job waiting for a busy channel holds
//! nothing another channel of the same account could use, and a job
//! waiting for its account holds nothing another account could use.
//!
//! An account's limit is what useapi allows it, the sum of its channels'
//! `maxJobs`, once its account list has been read; `USEAPI_MAX_CONCURRENCY`
//! bounds it when set, and stands in for it before the list is known (else
//! [`BEFORE_THE_LIST`]).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{OwnedSemaphorePermit, Semaphore, SemaphorePermit};

use super::channel_limits::ChannelLimits;
use super::fair::{AccountKey, FairShares, Share};
use super::{AccountChannel, UseapiError, UseapiLimits};
use crate::ids::MjChannelId;

/// An account's calls in flight at once until its list says what useapi
/// allows it: what one account got before the limit followed `maxJobs`.
pub(super) const BEFORE_THE_LIST: usize = 16;

/// One account's slots, queue count and channels' limits.
pub(super) struct Slots {
    account: AccountKey,
    channels: ChannelLimits,
    limit: AccountLimit,
    shares: Arc<FairShares>,
    /// Jobs of this account not in an attempt: waiting for slots, or for
    /// a retry. A new job that would wait is refused beyond `max_queue`,
    /// so jobs held here number at most the limit plus the queue.
    waiting: AtomicUsize,
    max_queue: usize,
}

/// What an attempt holds; dropped in this order (the global slot first).
pub(super) struct Held<'a> {
    _global: Share,
    _account: AccountPermit<'a>,
    _channel: Option<OwnedSemaphorePermit>,
}

impl Slots {
    pub(super) fn new(account: AccountKey, limits: &UseapiLimits, shares: Arc<FairShares>) -> Self {
        Self {
            account,
            channels: ChannelLimits::default(),
            limit: AccountLimit::new(limits.max_concurrency, limits.max_in_flight),
            shares,
            waiting: AtomicUsize::new(0),
            max_queue: limits.max_queue,
        }
    }

    /// Every slot for an attempt on `channel`, if all are free now.
    pub(super) fn try_now(&self, channel: Option<&MjChannelId>) -> Option<Held<'_>> {
        let channel = match channel {
            Some(channel) => self.channels.try_acquire(channel.as_str()).ok()?,
            None => None,
        };
        let account = self.limit.try_acquire()?;
        let global = self.shares.try_acquire(self.account)?;
        Some(Held {
            _global: global,
            _account: account,
            _channel: channel,
        })
    }

    /// Every slot for an attempt on `channel`, waited for in turn.
    pub(super) async fn acquire(&self, channel: Option<&MjChannelId>) -> Held<'_> {
        let channel = match channel {
            Some(channel) => self.channels.acquire(channel.as_str()).await,
            None => None,
        };
        let account = self.limit.acquire().await;
        let global = self.shares.acquire(self.account).await;
        Held {
            _global: global,
            _account: account,
            _channel: channel,
        }
    }

    /// Counts a new job as waiting until it ends; refuses it at once when
    /// it cannot be sent now and the queue is full, so the member is told
    /// instead of left waiting.
    pub(super) fn enqueue(&self, sent_now: bool) -> Result<Queued<'_>, UseapiError> {
        let waiting = self.waiting.fetch_add(1, Ordering::SeqCst);
        let queued = Queued(&self.waiting);
        if !sent_now && waiting >= self.max_queue {
            return Err(UseapiError::QueueFull { waiting });
        }
        Ok(queued)
    }

    /// Takes the channels' and the account's limits from the list just read.
    pub(super) fn learn(&self, accounts: &[AccountChannel]) {
        self.channels.update(accounts);
        self.limit.learn(accounts);
    }
}

/// A job of the account, counted as waiting except while it is sent.
pub(super) struct Queued<'a>(&'a AtomicUsize);

impl Queued<'_> {
    /// Not counted as waiting while the returned guard lives.
    pub(super) fn sending(&self) -> Sending<'_> {
        self.0.fetch_sub(1, Ordering::SeqCst);
        Sending(self.0)
    }
}

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

pub(super) struct Sending<'a>(&'a AtomicUsize);

impl Drop for Sending<'_> {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// An account's calls in flight at once, a limit that changes when its
/// account list is read. Lowered below the calls holding a slot, the slots
/// they give back are kept (`owed`) until it is met.
struct AccountLimit {
    slots: Semaphore,
    owed: AtomicUsize,
    /// The limit now; changed under this lock only.
    limit: Mutex<usize>,
    /// `USEAPI_MAX_CONCURRENCY`, when set.
    bound: Option<usize>,
    /// The process-wide cap: no account could use more.
    cap: usize,
}

/// One of an account's slots.
struct AccountPermit<'a> {
    permit: Option<SemaphorePermit<'a>>,
    owed: &'a AtomicUsize,
}

impl Drop for AccountPermit<'_> {
    fn drop(&mut self) {
        let paid = self
            .owed
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |owed| {
                owed.checked_sub(1)
            })
            .is_ok();
        if let (true, Some(permit)) = (paid, self.permit.take()) {
            permit.forget();
        }
    }
}

impl AccountLimit {
    fn new(bound: Option<usize>, cap: usize) -> Self {
        let cap = cap.max(1);
        let limit = bound.unwrap_or(BEFORE_THE_LIST).clamp(1, cap);
        Self {
            slots: Semaphore::new(limit),
            owed: AtomicUsize::new(0),
            limit: Mutex::new(limit),
            bound,
            cap,
        }
    }

    fn try_acquire(&self) -> Option<AccountPermit<'_>> {
        let permit = self.slots.try_acquire().ok()?;
        Some(self.permit(permit))
    }

    async fn acquire(&self) -> AccountPermit<'_> {
        // Never closed: `acquire` only fails on a closed semaphore.
        let permit = self.slots.acquire().await.ok();
        AccountPermit {
            permit,
            owed: &self.owed,
        }
    }

    fn permit<'a>(&'a self, permit: SemaphorePermit<'a>) -> AccountPermit<'a> {
        AccountPermit {
            permit: Some(permit),
            owed: &self.owed,
        }
    }

    /// What the list says useapi allows: the sum of the channels'
    /// `maxJobs`, bounded by `USEAPI_MAX_CONCURRENCY` when set. Unknown
    /// (the limit before the list stays) when the list is empty or a
    /// channel gives no `maxJobs`.
    fn allowed(&self, accounts: &[AccountChannel]) -> usize {
        let useapi = accounts
            .iter()
            .try_fold(0_usize, |sum, account| {
                account
                    .max_jobs
                    .map(|max| sum.saturating_add(usize::from(max)))
            })
            .filter(|sum| *sum > 0);
        let limit = match (useapi, self.bound) {
            (Some(useapi), Some(bound)) => useapi.min(bound),
            (Some(useapi), None) => useapi,
            (None, bound) => bound.unwrap_or(BEFORE_THE_LIST),
        };
        limit.clamp(1, self.cap)
    }

    fn learn(&self, accounts: &[AccountChannel]) {
        let next = self.allowed(accounts);
        let mut limit = self.limit.lock().unwrap_or_else(PoisonError::into_inner);
        if next > *limit {
            let more = next - *limit;
            // Slots still owed are forgiven before new ones are added.
            let owed = self
                .owed
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |owed| {
                    Some(owed.saturating_sub(more))
                })
                .unwrap_or(0);
            self.slots.add_permits(more - owed.min(more));
        } else if next < *limit {
            let fewer = *limit - next;
            let taken = self.slots.forget_permits(fewer);
            self.owed.fetch_add(fewer - taken, Ordering::SeqCst);
        }
        *limit = next;
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use futures_util::FutureExt;
    use secrecy::SecretString;

    use super::*;

    fn channel(id: &str, max_jobs: Option<u16>) -> AccountChannel {
        AccountChannel {
            channel: id.into(),
            server: None,
            pending_moderation: None,
            max_jobs,
        }
    }

    fn slots(max_concurrency: Option<usize>, max_queue: usize) -> Slots {
        let limits = UseapiLimits {
            timeout: Duration::from_secs(60),
            max_concurrency,
            max_queue,
            max_in_flight: 256,
        };
        let account = AccountKey::of(&SecretString::from("token".to_owned()));
        Slots::new(account, &limits, FairShares::new(limits.max_in_flight))
    }

    fn mj(id: &str) -> MjChannelId {
        MjChannelId::parse(id).unwrap()
    }

    /// How many attempts without a channel could start now.
    fn free(slots: &Slots) -> usize {
        let held: Vec<_> = std::iter::from_fn(|| slots.try_now(None))
            .take(300)
            .collect();
        held.len()
    }

    #[test]
    fn an_accounts_limit_is_what_useapi_allows_bounded_by_the_setting() {
        let unset = slots(None, 0);
        assert_eq!(free(&unset), BEFORE_THE_LIST, "before the list is read");
        unset.learn(&[channel("1", Some(3)), channel("2", Some(5))]);
        assert_eq!(free(&unset), 8);
        unset.learn(&[channel("1", Some(1000)), channel("2", Some(1000))]);
        // Never more than the process-wide cap, less the headroom the
        // shared cap keeps for other accounts (`fair.rs`).
        assert_eq!(free(&unset), 256 - 16);
        // A channel without maxJobs: what useapi allows is not known.
        unset.learn(&[channel("1", Some(3)), channel("2", None)]);
        assert_eq!(free(&unset), BEFORE_THE_LIST);

        let bounded = slots(Some(4), 0);
        assert_eq!(free(&bounded), 4);
        bounded.learn(&[channel("1", Some(3))]);
        assert_eq!(free(&bounded), 3);
        bounded.learn(&[channel("1", Some(3)), channel("2", Some(3))]);
        assert_eq!(free(&bounded), 4, "the setting is an upper bound");
    }

    #[test]
    fn a_lowered_limit_is_met_as_the_calls_holding_slots_end() {
        let slots = slots(None, 0);
        slots.learn(&[channel("1", Some(4))]);
        let mut held: Vec<_> = (0..4).map(|_| slots.try_now(None).unwrap()).collect();
        slots.learn(&[channel("1", Some(2))]);
        held.truncate(2);
        assert!(slots.try_now(None).is_none(), "two still hold a slot");
        held.truncate(1);
        let again = slots.try_now(None);
        assert!(again.is_some());
        assert!(slots.try_now(None).is_none());
        drop((held, again));
        slots.learn(&[channel("1", Some(3))]);
        assert_eq!(free(&slots), 3);
    }

    #[test]
    fn a_job_waiting_for_a_busy_channel_holds_nothing_another_channel_needs() {
        let slots = slots(Some(2), 10);
        slots.learn(&[
            channel("111111111111111111", Some(1)),
            channel("222222222222222222", Some(1)),
        ]);
        let (busy, other) = (mj("111111111111111111"), mj("222222222222222222"));
        let first = slots.try_now(Some(&busy)).unwrap();
        let mut waiting = Box::pin(slots.acquire(Some(&busy)));
        assert!(waiting.as_mut().now_or_never().is_none());

        // The account has two slots: one is the first job's, the other free.
        assert!(slots.try_now(Some(&other)).is_some());
        drop(first);
        assert!(waiting.as_mut().now_or_never().is_some());
    }

    #[test]
    fn a_job_that_would_wait_is_refused_once_the_queue_is_full() {
        let slots = slots(Some(1), 1);
        let sent = slots.enqueue(true).unwrap();
        let _sending = sent.sending();
        let waits = slots.enqueue(false).unwrap();
        assert!(matches!(
            slots.enqueue(false),
            Err(UseapiError::QueueFull { waiting: 1 })
        ));
        // One that can be sent now is never refused.
        assert!(slots.enqueue(true).is_ok());
        // Once the waiting job is sent, the queue has room again.
        let _waits_sending = waits.sending();
        assert!(slots.enqueue(false).is_ok());
    }
}
