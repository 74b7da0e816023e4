//! Which servers spend their own account, told between processes that
//! share a database: each process records a server whose command spent its
//! own account (at most once an hour per server, `spenders.rs`), and the
//! holder of the account checks reads the records back at each round, so
//! an account is watched whichever worker ran the commands.
//!
//! The records are background work with a bounded queue and one writer:
//! a command never waits for them, and a full queue drops a record (the
//! server's next command an hour later records it again).

use std::sync::{Arc, Mutex, PoisonError};

use serenity::all::GuildId;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::logging::chain;
use crate::store::Duties;

/// Records waiting to be written.
const QUEUE: usize = 1024;

pub(crate) struct SpendingLog {
    queue: mpsc::Sender<GuildId>,
    /// Taken by [`SpendingLog::start`], which writes them.
    waiting: Mutex<Option<mpsc::Receiver<GuildId>>>,
}

impl SpendingLog {
    pub(crate) fn new() -> Self {
        let (queue, waiting) = mpsc::channel(QUEUE);
        Self {
            queue,
            waiting: Mutex::new(Some(waiting)),
        }
    }

    /// Queues `guild`'s record; dropped when the queue is full.
    pub(crate) fn record(&self, guild: GuildId) {
        if self.queue.try_send(guild).is_err() {
            tracing::debug!(%guild, "the queue of spending records is full; dropped");
        }
    }

    /// Writes the queued records into `store`, one at a time, until the
    /// returned task is aborted; `None` once started.
    pub(crate) fn start(&self, store: Arc<dyn Duties>) -> Option<JoinHandle<()>> {
        let mut waiting = self
            .waiting
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()?;
        Some(tokio::spawn(async move {
            while let Some(guild) = waiting.recv().await {
                if let Err(err) = store.note_spending(guild).await {
                    tracing::debug!(%guild, error = %chain(&err), "cannot record that the server spent its own account");
                }
            }
        }))
    }
}
