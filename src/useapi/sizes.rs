//! A job waiting for a slot in the queue holds its future for as long as it
//! waits: these bounds keep it small (BENCHMARKS.md, round two). Sizes are
//! those of the test profile; a release build's are about the same.

use std::future::{Future, Ready};

use super::{Inner, UseapiClient, Waiting};

/// The size of the future `f` returns, without calling it.
fn returned<A, B, C, D, E, G, F: Future>(_: impl FnOnce(A, B, C, D, E, G) -> F) -> usize {
    std::mem::size_of::<F>()
}

#[test]
fn a_queued_job_holds_no_room_for_its_http_call() {
    // 1,712 bytes before the retries were boxed; 496 after; 696 since a
    // job waits for its channel's, its account's and a shared slot in turn.
    let job = returned(Inner::run_queued);
    assert!(job <= 768, "the boxed job future is {job} bytes");
    // Held inline by every relayed command's task: 800 bytes.
    let caller = returned(UseapiClient::run_job_reporting::<fn(Waiting) -> Ready<()>, Ready<()>>);
    assert!(
        caller <= 1024,
        "run_job_reporting's future is {caller} bytes"
    );
}
