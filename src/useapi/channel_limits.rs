//! Each Midjourney channel's own limit: useapi's account list gives
//! `maxJobs`, the jobs useapi runs at once on that account, set by its owner.
//! The bot sends no more than that for the channel, so the rest wait here
//! (inside their time budget) instead of being refused upstream. Known only
//! once the account list has been read; bounded by the channels it lists.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{OwnedSemaphorePermit, Semaphore, TryAcquireError};

use super::AccountChannel;

#[derive(Default)]
pub(super) struct ChannelLimits(Mutex<HashMap<String, (u16, Arc<Semaphore>)>>);

impl ChannelLimits {
    /// Takes the limits of the account list just read; a channel whose
    /// limit is unchanged keeps its slots (and the jobs holding them).
    pub(super) fn update(&self, accounts: &[AccountChannel]) {
        let mut limits = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let mut next = HashMap::new();
        for account in accounts {
            let Some(max) = account.max_jobs else {
                continue;
            };
            let slots = match limits.remove(&account.channel) {
                Some((kept, slots)) if kept == max => slots,
                _ => Arc::new(Semaphore::new(usize::from(max))),
            };
            next.insert(account.channel.clone(), (max, slots));
        }
        *limits = next;
    }

    /// One of `channel`'s slots, waited for; `None` when it has no known limit.
    pub(super) async fn acquire(&self, channel: &str) -> Option<OwnedSemaphorePermit> {
        // Never closed, so the permit is always granted.
        self.slots(channel)?.acquire_owned().await.ok()
    }

    /// One of `channel`'s slots if one is free now (`Ok(None)`: it has no
    /// known limit); an error when all are taken.
    pub(super) fn try_acquire(
        &self,
        channel: &str,
    ) -> Result<Option<OwnedSemaphorePermit>, TryAcquireError> {
        match self.slots(channel) {
            Some(slots) => slots.try_acquire_owned().map(Some),
            None => Ok(None),
        }
    }

    fn slots(&self, channel: &str) -> Option<Arc<Semaphore>> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(channel)
            .map(|(_, slots)| slots.clone())
    }
}

#[cfg(test)]
mod tests {
    use futures_util::FutureExt;

    use super::*;

    fn account(channel: &str, max_jobs: Option<u16>) -> AccountChannel {
        AccountChannel {
            channel: channel.into(),
            server: None,
            pending_moderation: None,
            max_jobs,
        }
    }

    #[test]
    fn a_channel_gets_no_more_jobs_at_once_than_its_max_jobs() {
        let limits = ChannelLimits::default();
        limits.update(&[account("1", Some(2)), account("2", None)]);
        let first = limits.acquire("1").now_or_never().flatten();
        let second = limits.acquire("1").now_or_never().flatten();
        assert!(first.is_some() && second.is_some());
        // The third waits until one of the two ends.
        assert!(limits.acquire("1").now_or_never().is_none());
        drop(first);
        assert!(limits.acquire("1").now_or_never().flatten().is_some());
        // No limit given, none kept: nothing to wait for.
        assert!(matches!(limits.acquire("2").now_or_never(), Some(None)));
        assert!(matches!(limits.acquire("3").now_or_never(), Some(None)));
    }

    #[test]
    fn a_new_account_list_replaces_the_limits_and_forgets_unlisted_channels() {
        let limits = ChannelLimits::default();
        limits.update(&[account("1", Some(1)), account("2", Some(1))]);
        let held = limits.acquire("1").now_or_never().flatten();
        // Unchanged: the job holding the slot still counts.
        limits.update(&[account("1", Some(1))]);
        assert!(limits.acquire("1").now_or_never().is_none());
        assert!(matches!(limits.acquire("2").now_or_never(), Some(None)));
        // Raised: new slots at once.
        limits.update(&[account("1", Some(3))]);
        assert!(limits.acquire("1").now_or_never().flatten().is_some());
        drop(held);
    }
}
