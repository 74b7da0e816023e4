//! Start-up at scale: the production bot in N servers of the in-repo fake
//! Discord, under an open-file limit of 1024 (systemd's default). For each
//! N: the time from launch until every server has its commands and the bot
//! says so, peak RSS (VmHWM), the peak of sockets the bot holds open (the
//! gateway and its REST connections; sampled every 5 ms), bulk overwrites
//! sent, then the same on a second start with unchanged commands. Then
//! memory per server: idle RSS with N servers whose own useapi tokens are
//! stored (sealed, no client made), against N servers without.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::stats::{env_or, mib, proc_status, Rss};
use crate::support::bot::{prepare, prepare_on, BotOptions, TestBot};
use crate::support::fake_discord::FakeDiscord;
use crate::support::own_accounts::{mapping_with_accounts, own_account, secrets_key, KEY_1};
use crate::support::process::{registrations, COMMANDS_IN_PLACE};
use crate::support::wait_for_explained;

/// The bot's open sockets now: `/proc/<pid>/fd` entries that are sockets.
fn sockets(pid: u32) -> u64 {
    let Ok(entries) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return 0;
    };
    entries
        .flatten()
        .filter(|e| {
            std::fs::read_link(e.path())
                .is_ok_and(|target| target.to_string_lossy().starts_with("socket:"))
        })
        .count() as u64
}

struct Start {
    took: Duration,
    peak_rss_kb: u64,
    peak_sockets: u64,
    overwrites: usize,
}

/// Launches `bot` and waits until it says its commands are in place and
/// every one of its guilds has them.
async fn start(bot: &mut TestBot) -> Start {
    let said_before = bot.output().matches(COMMANDS_IN_PLACE).count();
    let before: usize = registrations(&bot.discord, &bot.guilds).await.iter().sum();
    let started = Instant::now();
    bot.launch();
    let pid = bot.pid().unwrap();
    let peak = Arc::new(AtomicU64::new(0));
    let p = peak.clone();
    let sampler = tokio::spawn(async move {
        loop {
            p.fetch_max(sockets(pid), Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    });
    let servers = bot.guilds.len();
    wait_for_explained(
        "every server's commands in place",
        Duration::from_secs(900),
        String::new,
        || async {
            let said = bot.output().matches(COMMANDS_IN_PLACE).count() > said_before;
            let done = bot.discord.guilds_with_commands() >= servers;
            (said && done).then_some(()).ok_or_else(String::new)
        },
    )
    .await;
    let took = started.elapsed();
    sampler.abort();
    let after: usize = registrations(&bot.discord, &bot.guilds).await.iter().sum();
    Start {
        took,
        peak_rss_kb: proc_status(pid, "VmHWM:").unwrap_or(0),
        peak_sockets: peak.load(Ordering::Relaxed),
        overwrites: after - before,
    }
}

fn row(servers: usize, which: &str, s: &Start) -> String {
    format!(
        "| {servers} | {which} | {:.1} s | {} | {} | {} |\n",
        s.took.as_secs_f64(),
        mib(s.peak_rss_kb),
        s.peak_sockets,
        s.overwrites
    )
}

async fn servers(n: u64) -> String {
    let mut bot = prepare(BotOptions {
        open_files: Some(1024),
        env: vec![("RUST_LOG", "warn,mj_bridge::registration=info".into())],
        ..Default::default()
    })
    .await;
    bot.guilds.extend(bot.discord.add_guilds(n));
    let servers = bot.guilds.len();
    let first = start(&mut bot).await;
    bot.stop().await;
    let second = start(&mut bot).await;
    bot.finish().await;
    row(servers, "first start", &first) + &row(servers, "second start, unchanged", &second)
}

/// Idle RSS (KiB) after start-up with `n` servers, each holding its own
/// sealed token when `own_tokens`.
async fn idle_with(n: u64, own_tokens: bool) -> u64 {
    let mut env = vec![("RUST_LOG", "warn,mj_bridge::registration=info".into())];
    let discord_guilds = std::sync::Arc::new(FakeDiscord::start().await);
    let ids = discord_guilds.add_guilds(n);
    let channels_json = own_tokens.then(|| {
        env.push(secrets_key(KEY_1));
        let accounts: Vec<_> = ids
            .iter()
            .map(|g| {
                (
                    *g,
                    own_account(KEY_1, *g, "user:1-bench-token-of-a-server", 1),
                )
            })
            .collect();
        mapping_with_accounts(&accounts)
    });
    let mut bot = prepare_on(
        discord_guilds,
        BotOptions {
            env,
            channels_json,
            ..Default::default()
        },
    )
    .await;
    bot.guilds.extend(ids);
    start(&mut bot).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rss = Rss::of(bot.pid().unwrap()).total;
    bot.finish().await;
    rss
}

pub async fn startup() -> String {
    let counts: Vec<u64> = std::env::var("BENCH_SERVERS")
        .unwrap_or_else(|_| "2000,10000".into())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    let mut table = String::from(
        "| servers | start | until every server has its commands | peak RSS | peak open sockets | bulk overwrites |\n|---|---|---|---|---|---|\n",
    );
    for n in &counts {
        table.push_str(&servers(*n).await);
    }
    let per: u64 = env_or("BENCH_TOKEN_SERVERS", 10_000);
    let none = idle_with(0, false).await;
    let plain = idle_with(per, false).await;
    let tokens = idle_with(per, true).await;
    let bytes = |kb: u64, base: u64| (kb.saturating_sub(base) * 1024) / per.max(1);
    table.push_str(&format!(
        "\nIdle RSS: {} with no servers, {} with {per} servers ({} B each), {} with {per} servers each holding its own sealed token ({} B each, {} B of it the token).\n",
        mib(none),
        mib(plain),
        bytes(plain, none),
        mib(tokens),
        bytes(tokens, none),
        bytes(tokens, plain),
    ));
    table
}
