//! The watcher: reads `GET /v2/account/midjourney` of every account it
//! watches every `USEAPI_ACCOUNT_CHECK_SECS`, so a pending moderation (or
//! its end) is noticed even while nobody types a command. It watches the
//! operator's account, and each server's own while a server spending it
//! ran a command in the last day (`spenders.rs`), on whichever process
//! (`shared_spending.rs`), each read once per round however many servers
//! share it. The reads of a round are spread over the
//! interval (never thousands at once) and at most [`READS_PER_MINUTE`]
//! start in a minute; each runs on its own, so a slow account delays no
//! other. A read that fails (no network, a 5xx) changes nothing: the last
//! known states stand, and the log says so once per run of failures.
//!
//! With several processes on one `PostgreSQL` only the holder of the
//! account checks' [`Lease`] reads and tells, with a time-to-live of one
//! interval: a holder killed outright is replaced within two. Each read
//! first takes in what the servers were told (`ledger.rs`), so the new
//! holder goes on where the last one stopped.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serenity::all::{GuildId, Http};
use tokio::task::{JoinHandle, JoinSet};
use tokio::time::MissedTickBehavior;

use super::{AccountHealth, Trouble};
use crate::store::Lease;
use crate::useapi::{AccountId, UseapiClient, UseapiError};

/// How long one read may take.
const POLL_WITHIN: Duration = Duration::from_secs(30);
/// At most this many reads start in a minute, however many accounts.
const READS_PER_MINUTE: u32 = 300;

/// A server's own client, when its stored token still opens (from
/// `UseapiAccounts`, which the layer above holds).
pub(crate) type Opener = Arc<dyn Fn(GuildId) -> Option<UseapiClient> + Send + Sync>;

/// The running watcher; dropping it stops it.
pub(crate) struct Watcher(JoinHandle<()>);

impl Drop for Watcher {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// What the watcher reads with: the operator's client and how to open a
/// server's own.
pub(crate) struct Readers {
    pub operator: Option<UseapiClient>,
    pub open: Opener,
}

/// Starts reading now (once `lease` is held) and then every `every`;
/// `None` when `every` is zero (`USEAPI_ACCOUNT_CHECK_SECS=0` turns it off).
/// `lease` makes the lease for a time-to-live of `every`.
pub(crate) fn start(
    health: Arc<AccountHealth>,
    readers: Readers,
    lease: impl FnOnce(Duration) -> Lease,
    http: Arc<Http>,
    every: Duration,
) -> Option<Watcher> {
    if every.is_zero() {
        tracing::info!("account checks are off (USEAPI_ACCOUNT_CHECK_SECS=0); job answers still update the accounts' states");
        return None;
    }
    tracing::info!(
        every_secs = every.as_secs(),
        "watching the Midjourney accounts at useapi.net"
    );
    let watch = watch(health, readers, lease(every), http, every);
    Some(Watcher(tokio::spawn(watch)))
}

async fn watch(
    health: Arc<AccountHealth>,
    readers: Readers,
    mut lease: Lease,
    http: Arc<Http>,
    every: Duration,
) {
    let Readers { operator, open } = readers;
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut failing = HashSet::new();
    loop {
        // Taken over: read at once, then every interval.
        lease.until_held().await;
        ticks.tick().await;
        let mut due: Vec<UseapiClient> = operator.iter().cloned().collect();
        // Opened one by one as its turn comes: a token changed meanwhile
        // opens to another account, which is not this one's to read.
        health.learn_spending(&open).await;
        let own = health.watched();
        let gap = gap(every, due.len() + own.len());
        let mut reads = JoinSet::new();
        let mut started = 0usize;
        let mut own = own.into_iter();
        loop {
            let client = match due.pop() {
                Some(client) => client,
                None => match own.next() {
                    Some((account, guild)) => match open(guild) {
                        Some(client) if client.account_id() == account => client,
                        _ => continue,
                    },
                    None => break,
                },
            };
            if started > 0 {
                tokio::time::sleep(gap).await;
            }
            if !lease.held_now() {
                break; // another process reads from now on
            }
            started += 1;
            reads.spawn(read(health.clone(), client, http.clone()));
        }
        while let Some(done) = reads.join_next().await {
            if let Ok((account, worked)) = done {
                note(&health, &mut failing, account, worked);
            }
        }
    }
}

/// The time between two reads of a round of `reads`: spread over the
/// interval, never closer than [`READS_PER_MINUTE`] allows.
fn gap(every: Duration, reads: usize) -> Duration {
    let reads = u32::try_from(reads).unwrap_or(u32::MAX).max(1);
    (every / reads).max(Duration::from_secs(60) / READS_PER_MINUTE)
}

/// Reads one account's list and tells what changed; whether it answered.
async fn read(
    health: Arc<AccountHealth>,
    useapi: UseapiClient,
    http: Arc<Http>,
) -> (AccountId, Result<(), UseapiError>) {
    let account = useapi.account_id();
    health.recall(account).await;
    let sent = Instant::now();
    let answer = useapi.fetch_account_channels(POLL_WITHIN).await;
    // A refused list is trouble of the whole account (never a channel's:
    // the list names no channel).
    let trouble = match &answer {
        Err(err) => super::trouble(err).filter(|t| !matches!(t, Trouble::PendingModeration(_))),
        Ok(_) => None,
    };
    let changes = match (answer, trouble) {
        (Ok(accounts), _) => health.listed(account, &accounts, sent),
        (Err(_), Some(trouble)) => health.account_refused(account, trouble, sent),
        (Err(err), None) => return (account, Err(err)),
    };
    health.announce_poll(&http, &changes).await;
    (account, Ok(()))
}

/// Logs a read that failed once per run of failures of its account, and
/// when it answers again.
fn note(
    health: &AccountHealth,
    failing: &mut HashSet<AccountId>,
    account: AccountId,
    worked: Result<(), UseapiError>,
) {
    let label = health.label(account);
    match worked {
        Err(err) if failing.insert(account) => {
            tracing::warn!(account = label, error = %crate::logging::chain(&err), "could not read the Midjourney accounts from useapi.net; their last known states stand (said once until it answers again)");
        }
        Ok(()) if failing.remove(&account) => {
            tracing::info!(
                account = label,
                "useapi.net lists the Midjourney accounts again"
            );
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rounds_reads_are_spread_over_the_interval_within_the_cap() {
        let every = Duration::from_secs(300);
        assert_eq!(gap(every, 1), every);
        assert_eq!(gap(every, 10), Duration::from_secs(30));
        // 5,000 accounts: 300 a minute at most, so the round takes longer.
        assert_eq!(gap(every, 5_000), Duration::from_millis(200));
        assert_eq!(gap(every, 0), every);
    }
}
