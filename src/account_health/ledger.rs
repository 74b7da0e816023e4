//! What the servers were told, kept in the store when several processes
//! share it (`PostgreSQL`): before the account checks read an account, and
//! before a job's trouble counts, the board takes in what any process
//! told ([`AccountHealth::recall`]); a change is told only by the process
//! whose compare and set records it first ([`AccountHealth::claim`]). So
//! a process taking the account checks over neither repeats an alert the
//! last holder posted nor misses the end of one, and a 596 seen by two
//! workers at once is announced once. With the file store both are no-ops.

use std::time::Instant;

use super::{AccountHealth, Change, Changes, Trouble};
use crate::ids::MjChannelId;
use crate::logging::chain;
use crate::useapi::AccountId;

/// The subject of a change of the whole account.
const WHOLE_ACCOUNT: &str = "*";

impl AccountHealth {
    /// Takes in what the servers were told about `account`, as the store
    /// has it. A store that cannot say leaves the board as it is.
    pub(crate) async fn recall(&self, account: AccountId) {
        if !self.store.shares_duties() {
            return;
        }
        let told = match self.store.announced(&account.to_string()).await {
            Ok(told) => told,
            Err(err) => {
                tracing::warn!(account = self.label(account), error = %chain(&err), "cannot read what the servers were told about this account; going by this process's memory");
                return;
            }
        };
        let now = Instant::now();
        let mut boards = self.lock_boards();
        let board = boards.entry(account).or_default();
        for announced in told {
            let channel = match announced.subject.as_str() {
                WHOLE_ACCOUNT => None,
                subject => match MjChannelId::parse(subject) {
                    Ok(mj) => Some(mj),
                    Err(_) => continue,
                },
            };
            // NULL is fine; a label this version does not know is skipped.
            let state = match announced.told.as_deref() {
                None => None,
                Some(label) => match Trouble::from_label(label) {
                    Some(trouble) => Some(trouble),
                    None => continue,
                },
            };
            let at = now.checked_sub(announced.ago).unwrap_or(now);
            board.recall(channel.as_ref(), state, at);
        }
    }

    /// The changes of `changes` this process is the first to record as
    /// told, so only it tells them. If the store cannot say, the change is
    /// told anyway: a repeated line is better than a lost one.
    pub(crate) async fn claim(&self, changes: &Changes) -> Changes {
        let Some(account) = changes.account.filter(|_| !changes.list.is_empty()) else {
            return Changes::default();
        };
        if !self.store.shares_duties() {
            return Changes::of(account, changes.list.clone());
        }
        let key = account.to_string();
        let mut kept = Vec::with_capacity(changes.list.len());
        for change in &changes.list {
            if self.first_to_tell(&key, change).await {
                kept.push(change.clone());
            }
        }
        Changes::of(account, kept)
    }

    async fn first_to_tell(&self, account: &str, change: &Change) -> bool {
        let subject = change
            .channel
            .as_ref()
            .map_or(WHOLE_ACCOUNT, MjChannelId::as_str);
        let label = |state: Option<&Trouble>| state.map(|t| Trouble::label(Some(t)));
        let claimed = self
            .store
            .announce_once(
                account,
                subject,
                label(change.was.as_ref()),
                label(change.now.as_ref()),
            )
            .await;
        claimed.unwrap_or_else(|err| {
            tracing::warn!(mj_channel = subject, error = %chain(&err), "cannot record in the database that the servers are told of this change; telling them anyway");
            true
        })
    }
}
