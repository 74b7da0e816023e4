//! The watcher: reads `GET /v2/account/midjourney` every
//! `USEAPI_ACCOUNT_CHECK_SECS`, so a pending moderation (or its end) is
//! noticed even while nobody types a command. A poll that fails (no
//! network, a 5xx) changes nothing: the last known states stand, and the
//! log says so once per run of failures.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serenity::all::Http;
use tokio::task::JoinHandle;
use tokio::time::MissedTickBehavior;

use super::{AccountHealth, Trouble};
use crate::useapi::{UseapiClient, UseapiError};

/// How long one poll may take.
const POLL_WITHIN: Duration = Duration::from_secs(30);

/// The running watcher; dropping it stops it.
pub(crate) struct Watcher(JoinHandle<()>);

impl Drop for Watcher {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Starts polling now and then every `every`; `None` when `every` is zero
/// (`USEAPI_ACCOUNT_CHECK_SECS=0` turns it off).
pub(crate) fn start(
    health: Arc<AccountHealth>,
    useapi: UseapiClient,
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
    Some(Watcher(tokio::spawn(watch(health, useapi, http, every))))
}

async fn watch(health: Arc<AccountHealth>, useapi: UseapiClient, http: Arc<Http>, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut failing = false;
    let account = useapi.account_id();
    loop {
        ticks.tick().await;
        let sent = Instant::now();
        let answer = useapi.fetch_account_channels(POLL_WITHIN).await;
        let trouble = match &answer {
            Err(UseapiError::Status { status: 401, .. }) => Some(Trouble::TokenRefused),
            Err(UseapiError::Status { status: 402, .. }) => Some(Trouble::NoSubscription),
            _ => None,
        };
        let changes = match (answer, trouble) {
            (Ok(accounts), _) => health.listed(account, &accounts, sent),
            (Err(_), Some(trouble)) => health.account_refused(account, trouble, sent),
            (Err(err), None) => {
                if !failing {
                    tracing::warn!(error = %err, "could not read the Midjourney accounts from useapi.net; their last known states stand (said once until it answers again)");
                }
                failing = true;
                continue;
            }
        };
        if std::mem::take(&mut failing) {
            tracing::info!("useapi.net lists the Midjourney accounts again");
        }
        health.announce_poll(&http, &changes);
    }
}
