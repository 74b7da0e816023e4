//! The servers waiting for their commands, in order, each once: a server
//! named again while it waits is not queued twice, one named while it is
//! being registered is done once more afterwards (its settings changed),
//! and a failed one waits for its retry time. Memory is a few words per
//! waiting server; nothing here spawns or sleeps.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::time::Duration;

use serenity::all::GuildId;
use tokio::time::Instant;

use crate::backoff::Backoff;

/// The first retry of a failed registration, doubled after every failure.
const FIRST_RETRY: Duration = Duration::from_secs(5);
/// Retries never wait longer than this, so a fixed problem (a re-invite
/// with the `applications.commands` scope) is noticed within the hour.
const MAX_RETRY: Duration = Duration::from_secs(30 * 60);
const RETRY: Backoff = Backoff::new(FIRST_RETRY, MAX_RETRY);

#[derive(Debug, Default)]
struct Entry {
    /// Failed attempts so far.
    failures: u32,
    running: bool,
    /// Named again while running: register once more when it ends.
    again: bool,
}

#[derive(Debug, Default)]
pub(super) struct Queue {
    ready: VecDeque<GuildId>,
    /// Every waiting server: ready, running, or waiting for its retry.
    waiting: HashMap<GuildId, Entry>,
    retries: BTreeSet<(Instant, GuildId)>,
}

/// What a worker should do next.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Next {
    Register(GuildId),
    /// Nothing ready; the earliest retry is due then.
    WaitUntil(Instant),
    /// Nothing waits at all.
    Idle,
}

impl Queue {
    /// Queues `guild` unless it already waits.
    pub(super) fn push(&mut self, guild: GuildId) {
        match self.waiting.get_mut(&guild) {
            Some(entry) if entry.running => entry.again = true,
            Some(_) => {}
            None => {
                self.waiting.insert(guild, Entry::default());
                self.ready.push_back(guild);
            }
        }
    }

    /// Takes the next server to register at `now`, due retries first.
    pub(super) fn next(&mut self, now: Instant) -> Next {
        while let Some(&(due, guild)) = self.retries.first() {
            if due > now {
                break;
            }
            self.retries.pop_first();
            self.ready.push_front(guild);
        }
        while let Some(guild) = self.ready.pop_front() {
            // A server forgotten meanwhile is skipped.
            if let Some(entry) = self.waiting.get_mut(&guild) {
                entry.running = true;
                return Next::Register(guild);
            }
        }
        match self.retries.first() {
            Some(&(due, _)) => Next::WaitUntil(due),
            None => Next::Idle,
        }
    }

    /// `guild`'s registration ended (done, or nothing to do).
    pub(super) fn done(&mut self, guild: GuildId) {
        if let Some(entry) = self.waiting.remove(&guild) {
            if entry.again {
                self.push(guild);
            }
        }
    }

    /// `guild`'s registration failed (or another process holds it): it is
    /// tried again after a backoff, or after `at_least` when given.
    pub(super) fn failed(
        &mut self,
        guild: GuildId,
        now: Instant,
        at_least: Option<Duration>,
    ) -> Duration {
        let Some(entry) = self.waiting.get_mut(&guild) else {
            return Duration::ZERO;
        };
        entry.running = false;
        let again = std::mem::take(&mut entry.again);
        let backoff = if again {
            Duration::ZERO
        } else {
            entry.failures = entry.failures.saturating_add(1);
            RETRY
                .bound(entry.failures)
                .max(at_least.unwrap_or_default())
        };
        self.retries.insert((now + backoff, guild));
        backoff
    }

    /// Forgets `guild` (the bot left it).
    pub(super) fn forget(&mut self, guild: GuildId) {
        if self.waiting.remove(&guild).is_some() {
            self.retries.retain(|(_, g)| *g != guild);
        }
    }

    /// Servers still waiting for their commands (ready, running or retrying).
    pub(super) fn len(&self) -> usize {
        self.waiting.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guild(id: u64) -> GuildId {
        GuildId::new(id)
    }

    #[test]
    fn a_server_named_twice_is_registered_once() {
        let mut queue = Queue::default();
        let now = Instant::now();
        queue.push(guild(1));
        queue.push(guild(2));
        queue.push(guild(1));
        assert_eq!(queue.next(now), Next::Register(guild(1)));
        assert_eq!(queue.next(now), Next::Register(guild(2)));
        assert_eq!(queue.next(now), Next::Idle);
        assert_eq!(queue.len(), 2);
        queue.done(guild(1));
        queue.done(guild(2));
        assert_eq!(queue.len(), 0);
    }

    #[test]
    fn a_server_named_while_it_registers_is_registered_again_afterwards() {
        let mut queue = Queue::default();
        let now = Instant::now();
        queue.push(guild(1));
        assert_eq!(queue.next(now), Next::Register(guild(1)));
        queue.push(guild(1));
        assert_eq!(queue.next(now), Next::Idle);
        queue.done(guild(1));
        assert_eq!(queue.next(now), Next::Register(guild(1)));
    }

    #[test]
    fn a_failed_server_waits_for_a_growing_backoff_and_others_go_first() {
        let mut queue = Queue::default();
        let now = Instant::now();
        queue.push(guild(1));
        assert_eq!(queue.next(now), Next::Register(guild(1)));
        assert_eq!(queue.failed(guild(1), now, None), FIRST_RETRY);
        queue.push(guild(2));
        assert_eq!(queue.next(now), Next::Register(guild(2)));
        queue.done(guild(2));
        assert_eq!(queue.next(now), Next::WaitUntil(now + FIRST_RETRY));
        let later = now + FIRST_RETRY;
        assert_eq!(queue.next(later), Next::Register(guild(1)));
        assert_eq!(queue.failed(guild(1), later, None), FIRST_RETRY * 2);
        assert_eq!(queue.len(), 1);
        for _ in 0..40 {
            assert!(queue.failed(guild(1), later, None) <= MAX_RETRY);
        }
    }

    #[test]
    fn a_forgotten_server_is_neither_registered_nor_retried() {
        let mut queue = Queue::default();
        let now = Instant::now();
        queue.push(guild(1));
        queue.push(guild(2));
        queue.forget(guild(1));
        assert_eq!(queue.next(now), Next::Register(guild(2)));
        queue.failed(guild(2), now, Some(Duration::from_secs(60)));
        queue.forget(guild(2));
        assert_eq!(queue.next(now + MAX_RETRY), Next::Idle);
        assert_eq!(queue.len(), 0);
    }
}
