//! End-to-end benchmark of the bot's own overhead: the production release
//! binary (built by [`production`] without the dev-dependencies) between
//! the in-repo fake Discord and a fake useapi (both in this process, on
//! 127.0.0.1).
//!
//! Run with `cargo bench --bench relay`. Prints three tables and appends them
//! to BENCHMARKS.md:
//! - [`closed`]: C commands in flight at a time, beside a raw reqwest baseline;
//! - [`open`]: fixed arrival rates, latency from each intended send time;
//! - [`memory`]: idle, 1,000 in flight, and bytes per queued command;
//! - [`startup`]: start-up in 2,000 and 10,000 servers, a second start,
//!   memory per server (`BENCH_PARTS=startup`; not run by default);
//! - [`ingress`]: an HTTP worker's POST → response latency at a fixed rate,
//!   and its idle RSS beside a gateway process's (`BENCH_PARTS=ingress`).
//!
//! Settings (environment):
//! - `BENCH_DELAY_MS`: useapi's answer delay D (default 50)
//! - `BENCH_RUNS`: closed loop `C:N` pairs (default `1:100,50:2000,200:5000,1000:10000`)
//! - `BENCH_OPEN_RATES`: open loop rates per second (default `100,1000,3000`)
//! - `BENCH_OPEN_SECS`: seconds per open-loop rate (default 10)
//! - `BENCH_IN_FLIGHT`, `BENCH_QUEUED`: memory loads (default 1000, 5000)
//! - `BENCH_PARTS`: which parts run (default `closed,open,memory`; add `startup`)
//! - `BENCH_INGRESS_RATE`, `BENCH_INGRESS_SECS`: the HTTP ingress run
//!   (default 1000 per second for 10 s)
//! - `BENCH_SERVERS`: start-up runs (default `2000,10000`); `BENCH_TOKEN_SERVERS`:
//!   servers for memory per server (default 10000)
//! - `BENCH_NO_WRITE`: set to only print.
//! - `BENCH_SMAPS`: a file to save the idle bot's `/proc/<pid>/smaps` in.
//! - `BENCH_CALLGRIND`: a directory: the bot runs under valgrind's callgrind
//!   and each closed-loop run reports its instructions per command
//!   ([`callgrind`]; e.g. `BENCH_PARTS=closed BENCH_RUNS=200:200`).
//! - `MJ_BRIDGE_BIN`: another build of the bot to measure (before/after);
//!   unset, the benchmark first runs `cargo build --release --bin mj-bridge`
//!   with `CARGO_TARGET_DIR=target/production` and measures that build.
// Test and benchmark code: a panic is a failed run, not a crashed bot, and
// figures and fake data are small enough for plain casts.
#![allow(clippy::unwrap_used, clippy::cast_possible_truncation)]
// Pedantic style and `pub` visibility are for the bot's own code; a test
// binary's helpers are `pub` to be shared between its modules.
#![allow(clippy::pedantic, unreachable_pub)]

// The test support is shared with tests/e2e; the benchmark uses part of it.
#[allow(dead_code, unused_imports)]
#[path = "../../tests/e2e/support/mod.rs"]
mod support;

mod callgrind;
mod closed;
mod ingress;
mod memory;
mod open;
mod probes;
mod production;
mod startup;
mod stats;

use std::time::Duration;

use stats::{env_or, git_commit, load_average};

fn main() {
    let bin = production::select_binary();
    if let Some(dir) = callgrind::dir() {
        // Before the runtime starts: no other thread reads the environment yet.
        std::env::set_var("MJ_BRIDGE_BIN", callgrind::wrap(&dir, &bin));
    }
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(run(bin));
}

async fn run(bin: String) {
    let delay = Duration::from_millis(env_or("BENCH_DELAY_MS", 50));
    let open_secs: f64 = env_or("BENCH_OPEN_SECS", 10.0);
    let parts = std::env::var("BENCH_PARTS").unwrap_or_else(|_| "closed,open,memory".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load_before = load_average();
    let size = production::size(&bin);
    println!(
        "mj-bridge relay benchmark: D = {} ms, {cores} cores, load average {load_before}, bot {bin} ({size} bytes)",
        delay.as_millis()
    );
    let mut sections = Vec::new();
    if parts.contains("closed") {
        let table = closed::closed_loop(delay).await;
        sections.push(format!("### Closed loop (C in flight)\n\n{table}"));
    }
    if parts.contains("open") {
        let table = open::open_loop(delay, Duration::from_secs_f64(open_secs)).await;
        sections.push(format!("### Open loop (fixed arrival rates)\n\n{table}"));
    }
    if parts.contains("memory") {
        let table = memory::memory().await;
        sections.push(format!("### Memory\n\n{table}"));
    }
    if parts.contains("ingress") {
        let table = ingress::ingress(delay).await;
        sections.push(format!(
            "### Interactions over HTTP (INTERACTIONS_ADDR, open loop)\n\n{table}"
        ));
    }
    if parts.contains("startup") {
        let table = startup::startup().await;
        sections.push(format!(
            "### Start-up in many servers (open-file limit 1024)\n\n{table}"
        ));
    }
    let body = sections.join("\n");
    let conditions = format!(
        "Load average (1 min) before the run {load_before}, after it {}: above about 2 on these 2 cores means other work (compilation) shared the machine.\n",
        load_average()
    );
    println!("\n{body}\n{conditions}");

    if std::env::var_os("BENCH_NO_WRITE").is_none() {
        let shown = bin.trim_start_matches(concat!(env!("CARGO_MANIFEST_DIR"), "/"));
        let bin = format!(", bot binary {shown}, {size} bytes");
        let command = match std::env::var("BENCH_PARTS") {
            Ok(parts) => format!("BENCH_PARTS={parts} cargo bench --bench relay"),
            Err(_) => "cargo bench --bench relay".to_owned(),
        };
        let section = format!(
            "\n## Run of {} (commit {}, {cores} cores, D = {} ms{bin})\n\nCommand: `{command}`\n\n{body}\n{conditions}",
            httpdate::fmt_http_date(std::time::SystemTime::now()),
            git_commit(),
            delay.as_millis()
        );
        let file = concat!(env!("CARGO_MANIFEST_DIR"), "/BENCHMARKS.md");
        let mut text = std::fs::read_to_string(file).unwrap_or_else(|_| "# Benchmarks\n".into());
        text.push_str(&section);
        if let Err(err) = std::fs::write(file, text) {
            eprintln!("could not write {file}: {err}");
        }
    }
}
