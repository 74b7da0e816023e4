//! A board that takes in what another process told the servers
//! (`Board::recall`, fed from the store by `ledger.rs`): it goes on from
//! there, neither telling it again nor missing its end.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use super::state::{Board, Trouble, QUIET};
use crate::ids::MjChannelId;

const ONE: &str = "111111111111111111";

fn mj() -> MjChannelId {
    MjChannelId::parse(ONE).unwrap()
}

fn read(pending: bool) -> Vec<(MjChannelId, Option<String>)> {
    vec![(mj(), pending.then(|| "Please acknowledge".to_owned()))]
}

fn pending() -> Trouble {
    Trouble::PendingModeration(String::new())
}

#[test]
fn a_pending_moderation_told_elsewhere_is_not_told_again_and_its_end_is() {
    let (mut board, told_at) = (Board::default(), Instant::now());
    let mapped = BTreeSet::new();
    board.recall(Some(&mj()), Some(pending()), told_at);

    let second = Duration::from_secs(1);
    assert!(board
        .listed(&read(true), &mapped, told_at + second)
        .is_empty());
    assert!(board
        .listed(&read(true), &mapped, told_at + 2 * second)
        .is_empty());
    let after_quiet = told_at + QUIET;
    assert!(
        board.listed(&read(false), &mapped, after_quiet).is_empty(),
        "one read is not yet news"
    );
    let ended = board.listed(&read(false), &mapped, after_quiet + second);

    assert_eq!(ended.len(), 1, "{ended:?}");
    assert_eq!(
        (ended[0].was.clone(), ended[0].now.clone()),
        (Some(pending()), None)
    );
}

#[test]
fn the_end_of_an_account_trouble_told_elsewhere_is_told() {
    let (mut board, told_at) = (Board::default(), Instant::now());
    board.recall(None, Some(Trouble::TokenRefused), told_at);

    let changes = board.listed(
        &read(false),
        &BTreeSet::new(),
        told_at + Duration::from_secs(1),
    );

    let account: Vec<_> = changes.iter().filter(|c| c.channel.is_none()).collect();
    assert_eq!(account.len(), 1, "{changes:?}");
    assert_eq!(account[0].was, Some(Trouble::TokenRefused));
    assert_eq!(account[0].now, None);
}

#[test]
fn a_channel_fine_again_elsewhere_is_news_when_it_is_in_trouble_here() {
    let (mut board, t0) = (Board::default(), Instant::now());
    let mapped = BTreeSet::new();
    let second = Duration::from_secs(1);
    board.listed(&read(true), &mapped, t0);
    assert_eq!(board.listed(&read(true), &mapped, t0 + second).len(), 1);
    // Another process told its end, and then the trouble came back.
    board.recall(Some(&mj()), None, t0 + QUIET);

    let back = board.listed(&read(true), &mapped, t0 + 2 * QUIET);

    assert_eq!(back.len(), 1, "{back:?}");
    assert!(
        matches!(back[0].now, Some(Trouble::PendingModeration(_))),
        "{back:?}"
    );
}
