//! Resetting a channel's `pendingModMessage` at useapi.net once an admin
//! resolved it in Midjourney's channel (`commands::reset` runs it): the
//! reset of one channel of one account is claimed first, in this process
//! and, when processes share `PostgreSQL`, in the database, so however
//! many admins press "Resolved: reset" at once, on however many workers,
//! one reset is made and one alert is edited. The read that follows the
//! reset counts as a job's answer would (at once): an admin's reset and a
//! fresh read of the account say as much as a job that worked.

use std::collections::HashSet;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::{AccountHealth, Changes, Trouble, MAX_SAID};
use crate::ids::MjChannelId;
use crate::logging::chain;
use crate::store::HolderId;
use crate::untrusted::clean;
use crate::useapi::{AccountChannel, AccountId};

/// How long a claim in the database stands if its process dies before it
/// ends it: longer than a reset and the read after it take.
const CLAIM_TTL: Duration = Duration::from_secs(60);

/// The resets this process runs now.
#[derive(Default)]
pub(crate) struct Resetting(Mutex<HashSet<(AccountId, MjChannelId)>>);

/// A reset this process claimed; [`AccountHealth::end_reset`] gives it back
/// (dropped without it, the claim in this process ends, the database's
/// runs out).
pub(crate) struct ResetClaim<'a> {
    health: &'a AccountHealth,
    key: (AccountId, MjChannelId),
    shared: bool,
}

impl Drop for ResetClaim<'_> {
    fn drop(&mut self) {
        self.health
            .resetting
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.key);
    }
}

impl AccountHealth {
    /// Whether `channel` of `account` is known to work: fine as this
    /// process last saw it (a job, a confirmed read, a reset's read) after
    /// taking in, with several processes, what the servers were last told.
    /// Unknown is not fine.
    pub(crate) async fn works_again(&self, account: AccountId, channel: &MjChannelId) -> bool {
        self.recall(account).await;
        let boards = self.lock_boards();
        boards.get(&account).and_then(|board| board.state(channel)) == Some(Trouble::label(None))
    }

    /// Claims the reset of `channel` of `account` for `holder`; `None` when
    /// another reset of it runs (here or in another process). A database
    /// that cannot say lets the reset run: a second reset only repeats the
    /// first, while a lost one leaves the account held.
    pub(crate) async fn claim_reset(
        &self,
        account: AccountId,
        channel: &MjChannelId,
        holder: &HolderId,
    ) -> Option<ResetClaim<'_>> {
        let key = (account, channel.clone());
        let fresh = self
            .resetting
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key.clone());
        if !fresh {
            return None;
        }
        let mut claim = ResetClaim {
            health: self,
            key,
            shared: false,
        };
        if !self.store.shares_duties() {
            return Some(claim);
        }
        let claimed = self
            .store
            .claim_reset(&account.to_string(), channel.as_str(), holder, CLAIM_TTL)
            .await;
        match claimed {
            Ok(true) => {
                claim.shared = true;
                Some(claim)
            }
            Ok(false) => None,
            Err(err) => {
                tracing::warn!(mj_channel = %channel, error = %chain(&err), "cannot claim the reset in the database; resetting anyway");
                Some(claim)
            }
        }
    }

    /// Ends `claim`: another reset of its channel may run from now on.
    pub(crate) async fn end_reset(&self, claim: ResetClaim<'_>, holder: &HolderId) {
        if claim.shared {
            let (account, channel) = &claim.key;
            let ended = self
                .store
                .release_reset(&account.to_string(), channel.as_str(), holder)
                .await;
            if let Err(err) = ended {
                tracing::warn!(mj_channel = %channel, error = %chain(&err), "cannot end the reset's claim in the database; it runs out by itself within a minute");
            }
        }
        drop(claim);
    }

    /// useapi listed `accounts` of `account` right after `channel` was
    /// reset: whether Midjourney still holds it, and what changed (the
    /// "works again" line for the servers, told at once).
    pub(crate) async fn read_after_reset(
        &self,
        account: AccountId,
        channel: &MjChannelId,
        accounts: &[AccountChannel],
    ) -> (bool, Changes) {
        let trouble = accounts
            .iter()
            .find(|listed| listed.channel == channel.as_str())
            .and_then(|listed| listed.pending_moderation.as_deref())
            .map(|said| Trouble::PendingModeration(clean(said, MAX_SAID)));
        let held = trouble.is_some();
        self.recall(account).await;
        let at = Instant::now();
        let changes = self.observe(account, false, Some(channel), |board| {
            board.confirmed(channel, trouble, at)
        });
        (held, changes)
    }
}
