//! Interactions this process has already received, so one delivered twice
//! (a load balancer's retry, a replay) is not run twice here: what decides
//! when the database does not (the file store; `PostgreSQL` not answering).
//! An interaction token lives 15 minutes, so an id is kept that long, and at most [`MAX_IDS`] at once:
//! beyond that (more than about 270 interactions a second for 15 minutes)
//! the oldest are forgotten first, so memory stays bounded (≈ 10 MB).

use std::collections::{HashSet, VecDeque};
use std::time::Duration;

use tokio::time::Instant;

const KEEP: Duration = Duration::from_secs(15 * 60);
const MAX_IDS: usize = 250_000;

#[derive(Default)]
pub(crate) struct Seen {
    order: VecDeque<(Instant, u64)>,
    ids: HashSet<u64>,
}

impl Seen {
    /// Whether `id` is seen for the first time at `now`; remembers it.
    pub(crate) fn first_time(&mut self, id: u64, now: Instant) -> bool {
        while let Some(&(at, old)) = self.order.front() {
            if now.duration_since(at) < KEEP && self.order.len() < MAX_IDS {
                break;
            }
            self.order.pop_front();
            self.ids.remove(&old);
        }
        if !self.ids.insert(id) {
            return false;
        }
        self.order.push_back((now, id));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_new_once_within_fifteen_minutes() {
        let mut seen = Seen::default();
        let now = Instant::now();
        assert!(seen.first_time(1, now));
        assert!(seen.first_time(2, now));
        assert!(!seen.first_time(1, now + Duration::from_secs(60)));
        assert!(seen.first_time(1, now + KEEP));
        assert_eq!(seen.ids.len(), 1);
    }

    #[test]
    fn no_more_than_the_cap_is_kept() {
        let mut seen = Seen::default();
        let now = Instant::now();
        for id in 0..(MAX_IDS as u64 + 10) {
            seen.first_time(id, now);
        }
        assert_eq!(seen.ids.len(), MAX_IDS);
        assert_eq!(seen.order.len(), MAX_IDS);
    }
}
