//! Per-command cost of the settings store: what a command pays to find its
//! Midjourney channel (`Mapping::resolve` on the settings a store publishes, as
//! `commands/relay.rs` calls it) with the JSON file store and with the
//! PostgreSQL store, and what an admin edit costs with each.
//!
//! Run with `cargo bench --bench store` (needs PostgreSQL's server binaries,
//! like the tests; it starts a throwaway server on 127.0.0.1). Prints one
//! table to paste into BENCHMARKS.md. `BENCH_GUILDS` (default 1000 servers
//! with 10 mapped channels each) sets the size of the settings.
#![allow(clippy::unwrap_used, clippy::cast_possible_truncation)]
// Pedantic style and `pub` visibility are for the bot's own code; a test
// binary's helpers are `pub` to be shared between its modules.
#![allow(clippy::pedantic, unreachable_pub)]

#[path = "../tests/e2e/support/postgres.rs"]
mod postgres;

use std::sync::Arc;
use std::time::{Duration, Instant};

use mj_bridge::ids::MjChannelId;
use mj_bridge::settings::{Edit, Location, Mapping};
use mj_bridge::store::{FileStore, PgStore, Purpose, Store};
use secrecy::SecretString;
use serenity::all::{ChannelId, GuildId};

const LOOKUPS: u64 = 1_000_000;
const EDITS: u64 = 200;

fn settings(guilds: u64) -> Mapping {
    let mut mapping = Mapping::default();
    for g in 1..=guilds {
        let guild = GuildId::new(100_000_000_000_000_000 + g);
        for c in 0..10 {
            let channel = ChannelId::new(200_000_000_000_000_000 + g * 100 + c);
            let mj = MjChannelId::parse(&(500_000_000_000_000_000 + g).to_string()).unwrap();
            mapping.apply(guild, Edit::Set { channel, mj });
        }
    }
    mapping
}

/// Nanoseconds per `resolve`, the best of 5 rounds (the least disturbed by the machine).
async fn lookup_ns(store: &Arc<dyn Store>, guilds: u64) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..5 {
        let started = Instant::now();
        for i in 0..LOOKUPS {
            let g = 1 + i % guilds;
            let at = Location {
                guild: GuildId::new(100_000_000_000_000_000 + g),
                channel: ChannelId::new(200_000_000_000_000_000 + g * 100 + 20),
                parent: Some(ChannelId::new(200_000_000_000_000_000 + g * 100 + i % 10)),
            };
            std::hint::black_box(store.settings().get().resolve(at).cloned());
        }
        best = best.min(started.elapsed().as_nanos() as f64 / LOOKUPS as f64);
    }
    best
}

/// Median and p99 of one admin edit (a `set` in a guild), in ms.
async fn edit_ms(store: &Arc<dyn Store>) -> (f64, f64) {
    let mut times: Vec<Duration> = Vec::new();
    for i in 0..EDITS {
        let edit = Edit::Set {
            channel: ChannelId::new(300_000_000_000_000_000 + i),
            mj: MjChannelId::parse("555555555555555555").unwrap(),
        };
        let started = Instant::now();
        store
            .edit(GuildId::new(100_000_000_000_000_001), edit)
            .await
            .unwrap();
        times.push(started.elapsed());
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (
        ms(times[times.len() / 2]),
        ms(times[times.len() * 99 / 100]),
    )
}

#[tokio::main]
async fn main() {
    let guilds: u64 = std::env::var("BENCH_GUILDS")
        .ok()
        .and_then(|g| g.parse().ok())
        .unwrap_or(1000);
    let mapping = settings(guilds);
    let dir = tempfile::tempdir().unwrap();
    let file: Arc<dyn Store> = Arc::new(FileStore::load(dir.path().join("channels.json")).unwrap());
    file.import(&mapping).await.unwrap();

    let server = postgres::Postgres::start();
    let pg: Arc<dyn Store> =
        Arc::new(PgStore::new(&SecretString::from(server.url()), Purpose::Serve).unwrap());
    pg.open().await.unwrap();
    pg.import(&mapping).await.unwrap();

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("settings: {guilds} servers × 10 mapped channels; {LOOKUPS} lookups (thread → parent → default) per round, best of 5; {EDITS} edits; {cores} cores");
    println!("| store | lookup per command | admin edit p50 / p99 |");
    println!("|---|---|---|");
    for (name, store) in [
        ("JSON file", &file),
        ("PostgreSQL (cache + LISTEN/NOTIFY)", &pg),
    ] {
        let ns = lookup_ns(store, guilds).await;
        let (p50, p99) = edit_ms(store).await;
        println!("| {name} | {ns:.0} ns | {p50:.2} / {p99:.2} ms |");
    }
}
