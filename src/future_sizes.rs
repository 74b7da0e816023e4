//! A command's task holds its future, as large as its largest state, for as
//! long as the command runs: minutes when it waits in the useapi queue. The
//! Discord calls (serenity futures of 2–8 KB) are boxed so that they take
//! memory only while they run; these bounds keep it so (BENCHMARKS.md,
//! round two). Sizes are those of the test profile.

use std::future::Future;

use crate::commands::{dispatch, relay, Request};

/// The size of the future `f` returns, without calling it.
fn returned2<A, B, F: Future>(_: impl FnOnce(A, B) -> F) -> usize {
    std::mem::size_of::<F>()
}

fn returned5<A, B, C, D, E, F: Future>(_: impl FnOnce(A, B, C, D, E) -> F) -> usize {
    std::mem::size_of::<F>()
}

#[test]
fn a_waiting_command_holds_no_room_for_discord_calls() {
    // 8,656 bytes when the reply's delivery was held inline; 1,512 after.
    let command = returned5(dispatch);
    assert!(command <= 2048, "the dispatch future is {command} bytes");
    // 3,192 bytes with the "trying again" notice inline; 1,040 after.
    let relay = returned2(relay::run);
    assert!(relay <= 1536, "the relay future is {relay} bytes");
    let notice = returned2(Request::notify);
    assert!(notice <= 128, "the notice future is {notice} bytes");
}
