use futures_util::FutureExt;

use super::*;

fn account(name: &str) -> AccountKey {
    AccountKey::of(&SecretString::from(name.to_owned()))
}

#[test]
fn an_account_alone_may_use_the_whole_of_a_cap_below_sixteen() {
    let shares = FairShares::new(3);
    let held: Vec<_> = (0..3).map(|_| shares.try_acquire(account("a"))).collect();
    assert!(held.iter().all(Option::is_some));
    assert!(shares.try_acquire(account("b")).is_none());
    drop(held);
    assert!(shares.try_acquire(account("b")).is_some());
}

#[test]
fn a_freed_slot_goes_to_the_waiting_account_holding_the_fewest() {
    let shares = FairShares::new(2);
    let (a, b) = (account("a"), account("b"));
    let first = shares.try_acquire(a);
    let second = shares.try_acquire(a);
    // A's third call waits first, B's one call after it.
    let mut a_third = Box::pin(shares.acquire(a));
    let mut b_first = Box::pin(shares.acquire(b));
    assert!(a_third.as_mut().now_or_never().is_none());
    assert!(b_first.as_mut().now_or_never().is_none());

    drop(first);
    // B holds none, A one: B is served although A waited longer.
    let b_held = b_first.as_mut().now_or_never();
    assert!(b_held.is_some());
    assert!(a_third.as_mut().now_or_never().is_none());
    drop(second);
    assert!(a_third.as_mut().now_or_never().is_some());
    drop(b_held);
}

#[test]
fn accounts_holding_as_many_take_turns() {
    let shares = FairShares::new(1);
    let (a, b) = (account("a"), account("b"));
    let mut held = shares.try_acquire(account("c"));
    let mut waiting = vec![
        ("a1", Box::pin(shares.acquire(a))),
        ("a2", Box::pin(shares.acquire(a))),
        ("b1", Box::pin(shares.acquire(b))),
        ("b2", Box::pin(shares.acquire(b))),
    ];
    for (_, call) in &mut waiting {
        assert!(call.as_mut().now_or_never().is_none());
    }
    let mut served = Vec::new();
    while !waiting.is_empty() {
        drop(held.take());
        let ready = waiting
            .iter_mut()
            .position(|(_, call)| {
                call.as_mut().now_or_never().is_some_and(|s| {
                    held = Some(s);
                    true
                })
            })
            .expect("a freed slot is handed to a waiting call");
        served.push(waiting.remove(ready).0);
    }
    assert_eq!(served, ["a1", "b1", "a2", "b2"]);
}

#[test]
fn a_call_that_stops_waiting_leaves_its_line() {
    let shares = FairShares::new(1);
    let held = shares.try_acquire(account("a"));
    let mut gone = Box::pin(shares.acquire(account("b")));
    assert!(gone.as_mut().now_or_never().is_none());
    drop(gone);
    drop(held);
    assert!(shares.try_acquire(account("c")).is_some());
    assert!(
        shares.lock().lanes.len() <= 1,
        "nothing kept for gone calls"
    );
}

#[test]
fn a_slot_handed_to_a_call_that_is_gone_goes_on() {
    let shares = FairShares::new(1);
    let held = shares.try_acquire(account("a"));
    let mut gone = Box::pin(shares.acquire(account("b")));
    let mut next = Box::pin(shares.acquire(account("c")));
    assert!(gone.as_mut().now_or_never().is_none());
    assert!(next.as_mut().now_or_never().is_none());
    // Handed to B, which stops waiting before it sees it.
    drop(held);
    drop(gone);
    let served = next.as_mut().now_or_never();
    assert!(served.is_some());
    drop(served);
    let state = shares.lock();
    assert_eq!(
        (state.free, state.lanes.len(), state.turns.len()),
        (1, 0, 0)
    );
}

/// Takes slots for `account` until none is free to it.
fn fill(shares: &Arc<FairShares>, account: AccountKey) -> Vec<Share> {
    std::iter::from_fn(|| shares.try_acquire(account)).collect()
}

#[test]
fn an_account_alone_uses_the_cap_less_its_headroom() {
    // 90 channels × maxJobs 3 allow 270: more than the cap of 256.
    let shares = FairShares::new(256);
    let alone = fill(&shares, account("a"));
    assert_eq!(alone.len(), 256 - 16);
    assert!(
        shares.try_acquire(account("newcomer")).is_some(),
        "a newcomer finds a slot at once"
    );
}

#[test]
fn seventeen_accounts_of_sixteen_calls_leave_slots_for_a_newcomer() {
    let shares = FairShares::new(256);
    let accounts: Vec<_> = (0..17).map(|i| account(&format!("a{i}"))).collect();
    // Each account's calls one after another (its limit is 16).
    let mut held = Vec::new();
    for a in &accounts {
        held.extend((0..16).map_while(|_| shares.try_acquire(*a)));
    }
    assert!(held.len() < 256, "{} held", held.len());
    assert!(shares.try_acquire(account("newcomer")).is_some());
}

#[test]
fn accounts_taking_turns_leave_slots_for_a_newcomer() {
    let shares = FairShares::new(256);
    let accounts: Vec<_> = (0..17).map(|i| account(&format!("a{i}"))).collect();
    // One call of each account in turn, 16 rounds.
    let mut held = Vec::new();
    for _ in 0..16 {
        held.extend(accounts.iter().filter_map(|a| shares.try_acquire(*a)));
    }
    assert!(shares.try_acquire(account("newcomer")).is_some());
}

#[test]
fn the_last_free_slot_goes_only_to_an_account_holding_none() {
    let shares = FairShares::new(32);
    let (a, b) = (account("a"), account("b"));
    let mut held = fill(&shares, a);
    assert_eq!(held.len(), 30, "two slots kept: a sixteenth of 32");
    // B holding none takes one of the two, then may not take the last.
    held.extend(fill(&shares, b));
    assert_eq!(held.len(), 31);
    assert!(shares.try_acquire(account("c")).is_some());
}

#[test]
fn a_freed_slot_stays_free_while_every_waiting_account_holds_too_many() {
    let shares = FairShares::new(16);
    let (a, b) = (account("a"), account("b"));
    let mut held_a = fill(&shares, a);
    assert_eq!(held_a.len(), 15);
    let held_b = shares.try_acquire(b);
    assert!(held_b.is_some());
    let mut a_more = Box::pin(shares.acquire(a));
    assert!(a_more.as_mut().now_or_never().is_none());

    // B's slot is freed: it is the last, and A holds 15.
    drop(held_b);
    assert!(a_more.as_mut().now_or_never().is_none());
    // One of A's ends: two are free, A holds 14; it takes one of them.
    held_a.pop();
    assert!(a_more.as_mut().now_or_never().is_some());
    assert!(
        shares.try_acquire(account("c")).is_some(),
        "the last is kept"
    );
}
