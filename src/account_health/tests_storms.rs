//! The rules that keep a flapping account from flooding the servers: a
//! read counts once the next read agrees, and new trouble of a channel is
//! announced at most once per `QUIET` (its end at once).

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use super::state::{Board, Trouble, Verdict, QUIET};
use crate::ids::MjChannelId;

const ONE: &str = "111111111111111111";

fn mj() -> MjChannelId {
    MjChannelId::parse(ONE).unwrap()
}

fn read(pending: bool) -> Vec<(MjChannelId, Option<String>)> {
    vec![(mj(), pending.then(|| "Please acknowledge".to_owned()))]
}

fn pending_job() -> Verdict {
    Verdict::Trouble(Trouble::PendingModeration(String::new()))
}

#[test]
fn a_state_that_flips_on_every_read_is_never_news() {
    let (mut board, t0) = (Board::default(), Instant::now());
    let mapped = BTreeSet::new();

    for i in 0..20u64 {
        let at = t0 + QUIET * 2 * u32::try_from(i).unwrap();
        let changes = board.listed(&read(i % 2 == 1), &mapped, at);
        assert!(changes.is_empty(), "read {i}: {changes:?}");
    }
    assert_eq!(board.states()[&mj()], "fine");
}

#[test]
fn a_state_read_twice_in_a_row_is_news_once() {
    let (mut board, t0) = (Board::default(), Instant::now());
    let mapped = BTreeSet::new();
    let at = |s: u64| t0 + Duration::from_secs(s);
    board.listed(&read(false), &mapped, at(0));

    assert!(board.listed(&read(true), &mapped, at(1)).is_empty());
    let second = board.listed(&read(true), &mapped, at(2));

    assert_eq!(second.len(), 1, "{second:?}");
    assert!(board.listed(&read(true), &mapped, at(3)).is_empty());
}

#[test]
fn new_trouble_is_announced_at_most_once_per_quiet_time_and_its_end_at_once() {
    let (mut board, t0) = (Board::default(), Instant::now());
    let at = |s: u64| t0 + Duration::from_secs(s);
    board.listed(&read(false), &BTreeSet::new(), at(0));

    let found = board.job_answered(Some(&mj()), pending_job(), at(1));
    assert_eq!(found.len(), 1, "a job's answer counts at once");
    // Good news is not held back by the quiet time after the alert.
    let resolved = board.job_answered(Some(&mj()), Verdict::Worked, at(2));
    assert_eq!(resolved.len(), 1, "{resolved:?}");
    assert_eq!(resolved[0].now, None);
    assert!(matches!(
        resolved[0].was,
        Some(Trouble::PendingModeration(_))
    ));
    // New trouble within the quiet time: the state follows, nobody is told.
    let back = board.job_answered(Some(&mj()), pending_job(), at(3));
    assert!(back.is_empty(), "{back:?}");
    assert_eq!(board.states()[&mj()], "pending_moderation");

    // After it, the trouble that stands is told.
    let quiet_over = 2 + QUIET.as_secs();
    let told = board.job_answered(Some(&mj()), pending_job(), at(quiet_over));
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].now.is_some());
}

#[test]
fn trouble_held_in_the_quiet_time_is_told_by_the_first_read_after_it() {
    let (mut board, t0) = (Board::default(), Instant::now());
    let mapped = BTreeSet::new();
    let at = |s: u64| t0 + Duration::from_secs(s);
    board.listed(&read(false), &mapped, at(0));
    board.job_answered(Some(&mj()), pending_job(), at(1));
    board.job_answered(Some(&mj()), Verdict::Worked, at(2));
    board.job_answered(Some(&mj()), pending_job(), at(3));

    let held = board.listed(&read(true), &mapped, at(4));
    let told = board.listed(&read(true), &mapped, at(2 + QUIET.as_secs()));

    assert!(held.is_empty(), "{held:?}");
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].now.is_some());
}

#[test]
fn a_channel_flapping_every_second_gives_at_most_one_alert_and_one_end_per_quiet_time() {
    let (mut board, t0) = (Board::default(), Instant::now());
    board.listed(&read(false), &BTreeSet::new(), t0);
    let quiet = QUIET.as_secs();
    let mut told: Vec<(u64, bool)> = Vec::new();

    for s in 1..=3 * quiet {
        let verdict = if s % 2 == 1 {
            pending_job()
        } else {
            Verdict::Worked
        };
        let at = t0 + Duration::from_secs(s);
        for change in board.job_answered(Some(&mj()), verdict, at) {
            told.push((s, change.now.is_some()));
        }
    }

    for window in 0..3 {
        let within = |(s, _): &&(u64, bool)| (window * quiet..(window + 1) * quiet).contains(s);
        let alerts = told.iter().filter(within).filter(|(_, t)| *t).count();
        let ends = told.iter().filter(within).filter(|(_, t)| !*t).count();
        assert!(alerts <= 1 && ends <= 1, "window {window}: {told:?}");
    }
    assert!(told.len() >= 4, "{told:?}");
}
