//! Duties one process does for the whole bot when several share
//! `PostgreSQL` (the account checks and their alerts, the server listing):
//! the process holding a duty's lease in the database does it. A [`Lease`]
//! renews it three times per time-to-live, so a live holder keeps it
//! through a slow statement, and a holder killed outright loses it once
//! its time-to-live runs out; the next try of another process takes it.
//! With the file store one process does everything: the lease is always
//! held and nothing is asked.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use super::Duties;
use crate::logging::chain;

/// A duty done by one process at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duty {
    /// Reading the useapi accounts' states and telling the servers.
    AccountChecks,
    /// Listing the servers the bot is in (HTTP workers), and forgetting
    /// those it left.
    ServerListing,
}

impl Duty {
    /// Its row in `duty_leases`, and its name in logs.
    pub fn name(self) -> &'static str {
        match self {
            Self::AccountChecks => "account checks",
            Self::ServerListing => "server listing",
        }
    }
}

/// Who holds a lease: one random id per process, made at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolderId(String);

impl HolderId {
    pub fn random() -> Self {
        Self(format!("{:016x}", fastrand::u64(..)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the servers were last told about one subject of a useapi account.
#[derive(Debug, Clone, PartialEq)]
pub struct Announced {
    /// A Midjourney channel id, or `*` for the whole account.
    pub subject: String,
    /// The state's label; `None`: fine.
    pub told: Option<String>,
    /// How long ago, by the database's clock.
    pub ago: Duration,
}

/// What a process knows of its lease.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Held {
    /// Not asked yet.
    Unknown,
    /// Surely held until then: counted from before the statement was sent,
    /// so never later than the database's own expiry.
    Until(Instant),
    /// Another process holds it.
    Elsewhere,
    /// The store does not share duties: this process does them all.
    Always,
}

/// Whether this process holds a duty, kept up to date in the background;
/// dropping it stops renewing (the lease then runs out).
pub(crate) struct Lease {
    held: watch::Receiver<Held>,
    keeper: Option<JoinHandle<()>>,
}

impl Drop for Lease {
    fn drop(&mut self) {
        if let Some(keeper) = &self.keeper {
            keeper.abort();
        }
    }
}

impl Lease {
    /// Holds `duty` as `holder` for `ttl` at a time, when `store` shares
    /// duties between processes; else it is always held.
    pub(crate) fn keep(
        store: Arc<dyn Duties>,
        duty: Duty,
        holder: HolderId,
        ttl: Duration,
    ) -> Self {
        if !store.shares_duties() {
            let (_, held) = watch::channel(Held::Always);
            return Self { held, keeper: None };
        }
        let (tell, held) = watch::channel(Held::Unknown);
        let keeper = tokio::spawn(renew(store, duty, holder, ttl, tell));
        Self {
            held,
            keeper: Some(keeper),
        }
    }

    /// Whether the duty is this process's now.
    pub(crate) fn held_now(&self) -> bool {
        match *self.held.borrow() {
            Held::Always => true,
            Held::Until(until) => Instant::now() < until,
            Held::Unknown | Held::Elsewhere => false,
        }
    }

    /// Waits until the duty is this process's: at once if it is, else
    /// until the lease is taken (another process's ran out).
    pub(crate) async fn until_held(&mut self) {
        while !self.held_now() {
            if self.held.changed().await.is_err() {
                // The keeper stopped: the duty is never this process's again.
                std::future::pending::<()>().await;
            }
        }
    }
}

/// Tries to take or renew the lease three times per `ttl`, logging when
/// this process takes the duty and when it loses it.
async fn renew(
    store: Arc<dyn Duties>,
    duty: Duty,
    holder: HolderId,
    ttl: Duration,
    tell: watch::Sender<Held>,
) {
    let mut ticks = tokio::time::interval(ttl / 3);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut had = false;
    loop {
        ticks.tick().await;
        let sent = Instant::now();
        let held = match store.hold_duty(duty, &holder, ttl).await {
            Ok(held) => held,
            Err(err) => {
                tracing::warn!(duty = duty.name(), error = %chain(&err), "cannot renew the duty's lease; it runs out unless the next try works");
                // Still held until what the last renewal promised.
                continue;
            }
        };
        if held != had {
            if held {
                tracing::info!(
                    duty = duty.name(),
                    holder = holder.as_str(),
                    "this process took the duty (lease in the database)"
                );
            } else {
                tracing::info!(duty = duty.name(), "another process holds the duty now");
            }
            had = held;
        }
        tell.send_replace(if held {
            Held::Until(sent + ttl)
        } else {
            Held::Elsewhere
        });
    }
}
