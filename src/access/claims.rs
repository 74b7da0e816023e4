//! What a command claims before it runs: its interaction (a repeat is not
//! run) and the member's cooldown. With `PostgreSQL` both are claimed in
//! the database in one statement, so they hold whichever worker a load
//! balancer picks; the process's own record decides when the store keeps
//! no claims (the file) or the database does not answer within
//! [`SHARED_WITHIN`]. Every verdict from the database is copied into the
//! process's own record, so that fallback stays as strict as it can be.
//!
//! A database that failed is not asked again for [`REST_AFTER_FAILURE`]:
//! commands meanwhile are decided here at once (one warn line), and one
//! probe in the background tells when it answers again. So a database
//! that is down costs at most one command [`SHARED_WITHIN`].

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serenity::all::{InteractionId, UserId};

use super::seen::Seen;
use super::{Cooldowns, Scope};
use crate::logging::chain;
use crate::store::{SharedAsk, SharedClaims, SharedVerdict};

/// How long a command waits for the database's verdict.
const SHARED_WITHIN: Duration = Duration::from_secs(1);
/// After a failure, how long commands are decided here without asking.
const REST_AFTER_FAILURE: Duration = Duration::from_secs(5);

/// What a command asks to claim.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Ask {
    /// Its interaction, when a repeat could reach this process (HTTP).
    pub interaction: Option<InteractionId>,
    /// The member's cooldown, in a server or their direct messages.
    pub cooldown: Option<(Scope, UserId)>,
}

/// What was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Verdict {
    /// Another delivery of the interaction was claimed first: do not run it.
    pub repeat: bool,
    /// For a cooldown asked for: `Ok` when it starts now, else how long is left.
    pub cooldown: Option<Result<(), Duration>>,
}

pub(crate) struct Claims {
    store: Arc<dyn SharedClaims>,
    seen: Mutex<Seen>,
    cooldowns: Cooldowns,
    database: Arc<Health>,
}

/// Whether the database is being left alone after a failure.
#[derive(Default)]
struct Health {
    resting_until: Mutex<Option<Instant>>,
    probing: AtomicBool,
}

impl Claims {
    /// `cooldown`: `COMMAND_COOLDOWN_SECS` (zero turns cooldowns off).
    pub(crate) fn new(store: Arc<dyn SharedClaims>, cooldown: Duration) -> Self {
        Self {
            store,
            seen: Mutex::default(),
            cooldowns: Cooldowns::new(cooldown),
            database: Arc::default(),
        }
    }

    pub(crate) fn cooldown_period(&self) -> Duration {
        self.cooldowns.period()
    }

    /// Claims what `ask` names.
    pub(crate) async fn claim(&self, mut ask: Ask) -> Verdict {
        let period = self.cooldowns.period();
        if period.is_zero() {
            ask.cooldown = None;
        }
        if ask.interaction.is_none() && ask.cooldown.is_none() {
            return Verdict {
                repeat: false,
                cooldown: None,
            };
        }
        if self.database.resting(&self.store) {
            return self.decide_here(ask);
        }
        let shared = SharedAsk {
            interaction: ask.interaction.map(InteractionId::get),
            cooldown: ask
                .cooldown
                .map(|(scope, member)| (scope.id(), member, period)),
        };
        match tokio::time::timeout(SHARED_WITHIN, self.store.claim(&shared)).await {
            Ok(None) => self.decide_here(ask),
            Ok(Some(Ok(verdict))) => self.copy(ask, verdict),
            Ok(Some(Err(err))) => {
                self.database.failed(&chain(&err));
                self.decide_here(ask)
            }
            Err(_) => {
                self.database
                    .failed(&format!("no answer within {SHARED_WITHIN:?}"));
                self.decide_here(ask)
            }
        }
    }

    /// The process's own record decides.
    fn decide_here(&self, ask: Ask) -> Verdict {
        let now = tokio::time::Instant::now();
        let first = ask
            .interaction
            .is_none_or(|id| self.seen().first_time(id.get(), now));
        let cooldown = ask
            .cooldown
            .filter(|_| first)
            .map(|(place, member)| self.cooldowns.try_accept(place, member, Instant::now()));
        Verdict {
            repeat: !first,
            cooldown,
        }
    }

    /// Keeps the database's verdict in the process's own record too.
    fn copy(&self, ask: Ask, verdict: SharedVerdict) -> Verdict {
        if let Some(id) = ask.interaction {
            self.seen()
                .first_time(id.get(), tokio::time::Instant::now());
        }
        if let (Some((place, member)), Some(decided)) = (ask.cooldown, verdict.cooldown) {
            let wait = decided.err().unwrap_or(self.cooldowns.period());
            if let Some(until) = Instant::now().checked_add(wait) {
                self.cooldowns.seed(place, member, until);
            }
        }
        Verdict {
            repeat: !verdict.first,
            cooldown: verdict.cooldown,
        }
    }

    fn seen(&self) -> std::sync::MutexGuard<'_, Seen> {
        self.seen.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Health {
    /// Whether commands should not ask the database now. Once the rest is
    /// over, one probe asks it in the background; commands ask it again
    /// only after the probe got an answer.
    fn resting(self: &Arc<Self>, store: &Arc<dyn SharedClaims>) -> bool {
        let now = Instant::now();
        let Some(until) = *self.lock() else {
            return false;
        };
        if now >= until && !self.probing.swap(true, Ordering::SeqCst) {
            let (health, store) = (self.clone(), store.clone());
            tokio::spawn(async move {
                let nothing = SharedAsk::default();
                match tokio::time::timeout(SHARED_WITHIN, store.claim(&nothing)).await {
                    Ok(Some(Ok(_)) | None) => {
                        *health.lock() = None;
                        tracing::info!(
                            "the database answers again; claims and cooldowns are shared again"
                        );
                    }
                    _ => *health.lock() = Instant::now().checked_add(REST_AFTER_FAILURE),
                }
                health.probing.store(false, Ordering::SeqCst);
            });
        }
        true
    }

    /// Leaves the database alone for a while; says so once per failure.
    fn failed(&self, why: &str) {
        let mut resting = self.lock();
        if resting.is_none() {
            tracing::warn!(error = why, "the database did not decide a claim; this process's own record decides until it answers again");
        }
        *resting = Instant::now().checked_add(REST_AFTER_FAILURE);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Instant>> {
        self.resting_until
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}
