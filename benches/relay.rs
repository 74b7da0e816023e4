//! End-to-end benchmark of the bot's own overhead: the real release binary
//! between the in-repo fake Discord and a fake useapi (both in this process,
//! on 127.0.0.1), beside a raw reqwest baseline doing the same HTTP hops.
//!
//! Run with `cargo bench --bench relay`. Prints a table and appends it to
//! BENCHMARKS.md. Settings (environment):
//! - `BENCH_DELAY_MS`: useapi's answer delay D (default 50)
//! - `BENCH_RUNS`: `C:N` pairs, concurrency and commands (default `1:100,50:2000,200:5000,1000:10000`)
//! - `BENCH_NO_WRITE`: set to only print.
// Test and benchmark code: a panic is a failed run, not a crashed bot, and
// figures and fake data are small enough for plain casts.
#![allow(clippy::unwrap_used, clippy::cast_possible_truncation)]

// The test support is shared with tests/e2e; the benchmark uses part of it.
#[allow(dead_code, unused_imports)]
#[path = "../tests/e2e/support/mod.rs"]
mod support;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::{prepare, BotOptions, FakeDiscord, Place, TestBot, APP_ID, GUILD_A};
use tokio::sync::{oneshot, Semaphore};
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const REPLY_TIMEOUT: Duration = Duration::from_secs(60);

/// Channels mapped in the bot's mapping file, one per command, so no two
/// commands share a useapi call (coalescing would make the bot look faster).
const CHANNEL_BASE: u64 = 100_000_000_000_100_000;

fn channel_of(i: u64) -> u64 {
    CHANNEL_BASE + i
}

/// Per-command timestamps, filled in by the probes as requests arrive.
#[derive(Default, Clone, Copy)]
struct Times {
    acked: Option<Instant>,
    useapi_received: Option<Instant>,
    replied: Option<Instant>,
}

/// Where probes record arrivals and where a command waits for its reply.
#[derive(Default)]
struct Probes {
    times: Mutex<HashMap<u64, Times>>,
    waiters: Mutex<HashMap<u64, Waiter>>,
}

enum Waiter {
    Waiting(oneshot::Sender<()>),
    Done,
}

impl Probes {
    fn record(&self, id: u64, set: impl FnOnce(&mut Times)) {
        set(self.times.lock().unwrap().entry(id).or_default());
    }

    /// The reply for `id` arrived: wake its waiter, or leave a note for it.
    fn complete(&self, id: u64) {
        let mut waiters = self.waiters.lock().unwrap();
        match waiters.remove(&id) {
            Some(Waiter::Waiting(tx)) => {
                let _ = tx.send(());
            }
            _ => {
                waiters.insert(id, Waiter::Done);
            }
        }
    }

    async fn wait(&self, id: u64) -> bool {
        let rx = {
            let mut waiters = self.waiters.lock().unwrap();
            if let Some(Waiter::Done) = waiters.remove(&id) {
                return true;
            }
            let (tx, rx) = oneshot::channel();
            waiters.insert(id, Waiter::Waiting(tx));
            rx
        };
        matches!(tokio::time::timeout(REPLY_TIMEOUT, rx).await, Ok(Ok(())))
    }
}

/// The number in `interaction-token-<id>` path segments.
fn token_id(req: &Request) -> Option<u64> {
    req.url
        .path_segments()?
        .find_map(|s| s.strip_prefix("interaction-token-"))
        .and_then(|id| id.parse().ok())
}

/// Timing probes in front of the fake Discord's interaction routes.
async fn mount_discord_probes(discord: &FakeDiscord, probes: &Arc<Probes>) {
    let p = probes.clone();
    Mock::given(method("POST"))
        .and(path_regex(r"^/api/v10/interactions/\d+/[^/]+/callback$"))
        .respond_with(move |req: &Request| {
            if let Some(id) = token_id(req) {
                p.record(id, |t| t.acked = Some(Instant::now()));
            }
            ResponseTemplate::new(204)
        })
        .with_priority(1)
        .mount(discord.rest())
        .await;
    let p = probes.clone();
    Mock::given(method("PATCH"))
        .and(path_regex(
            r"^/api/v10/webhooks/\d+/[^/]+/messages/@original$",
        ))
        .respond_with(move |req: &Request| {
            let body: Value = req.body_json().unwrap_or_default();
            if let Some(id) = token_id(req) {
                if body["content"]
                    .as_str()
                    .is_some_and(|c| c.starts_with("done"))
                {
                    p.record(id, |t| t.replied = Some(Instant::now()));
                    p.complete(id);
                }
            }
            ResponseTemplate::new(200).set_body_json(message(&body))
        })
        .with_priority(1)
        .mount(discord.rest())
        .await;
}

fn message(body: &Value) -> Value {
    json!({
        "id": "950000000000000001", "channel_id": "100000000000000010",
        "author": {"id": APP_ID.to_string(), "username": "mj-bridge", "discriminator": "0000", "avatar": null, "bot": true},
        "content": body["content"], "timestamp": "2026-01-01T00:00:00.000000+00:00", "edited_timestamp": null,
        "tts": false, "mention_everyone": false, "mentions": [], "mention_roles": [], "attachments": [],
        "embeds": [], "pinned": false, "type": 0, "flags": 0, "components": []
    })
}

/// The fake useapi: records arrival by `replyRef`, answers after `delay`.
async fn fake_useapi(probes: &Arc<Probes>, delay: Duration) -> MockServer {
    let server = MockServer::builder()
        .disable_request_recording()
        .start()
        .await;
    let p = probes.clone();
    Mock::given(method("POST"))
        .and(path("/v2/jobs/fast"))
        .respond_with(move |req: &Request| {
            let body: Value = req.body_json().unwrap_or_default();
            if let Some(id) = body["replyRef"].as_str().and_then(|r| r.parse().ok()) {
                p.record(id, |t| t.useapi_received = Some(Instant::now()));
            }
            ResponseTemplate::new(200)
                .set_body_json(
                    json!({"status": "completed", "content": "done", "replyRef": body["replyRef"]}),
                )
                .set_delay(delay)
        })
        .mount(&server)
        .await;
    server
}

/// Figures of one run.
struct RunResult {
    commands: usize,
    lost: usize,
    elapsed: Duration,
    dispatch: Vec<Duration>,
    reply: Vec<Duration>,
    ack: Vec<Duration>,
    end_to_end: Vec<Duration>,
}

impl RunResult {
    fn throughput(&self) -> f64 {
        (self.commands - self.lost) as f64 / self.elapsed.as_secs_f64()
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// The figures of a run of `commands`, from the arrivals recorded for the
/// ones started at `starts`.
fn collect(
    probes: &Probes,
    starts: &HashMap<u64, Instant>,
    delay: Duration,
    commands: usize,
    lost: usize,
    elapsed: Duration,
) -> RunResult {
    let times = probes.times.lock().unwrap();
    let (mut dispatch, mut reply, mut ack, mut e2e) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (id, start) in starts {
        let Some(t) = times.get(id) else { continue };
        if let Some(received) = t.useapi_received {
            dispatch.push(received.saturating_duration_since(*start));
            if let Some(replied) = t.replied {
                reply.push(replied.saturating_duration_since(received + delay));
            }
        }
        if let Some(acked) = t.acked {
            ack.push(acked.saturating_duration_since(*start));
        }
        if let Some(replied) = t.replied {
            e2e.push(replied.saturating_duration_since(*start));
        }
    }
    for v in [&mut dispatch, &mut reply, &mut ack, &mut e2e] {
        v.sort();
    }
    RunResult {
        commands,
        lost,
        elapsed,
        dispatch,
        reply,
        ack,
        end_to_end: e2e,
    }
}

/// `n` commands through the bot, `c` at a time.
async fn run_bot(
    bot: &Arc<TestBot>,
    probes: &Arc<Probes>,
    c: usize,
    n: usize,
    first: u64,
    delay: Duration,
) -> RunResult {
    let limit = Arc::new(Semaphore::new(c));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(n);
    for i in 0..n as u64 {
        let permit = limit.clone().acquire_owned().await.expect("semaphore");
        let place = Place {
            guild: GUILD_A,
            channel: channel_of(first + i),
            kind: 0,
            parent: None,
        };
        let inv = bot.discord.invoke(place, "fast", json!([]), "3072").await;
        let probes = probes.clone();
        tasks.push(tokio::spawn(async move {
            let delivered = probes.wait(inv.id).await;
            drop(permit);
            (inv.id, delivered)
        }));
    }
    let mut ids = Vec::with_capacity(n);
    let mut lost = 0;
    for task in tasks {
        let (id, delivered) = task.await.expect("task");
        lost += usize::from(!delivered);
        ids.push(id);
    }
    let elapsed = started.elapsed();
    let starts: HashMap<u64, Instant> = ids
        .iter()
        .filter_map(|id| Some((*id, bot.discord.dispatched_at(*id)?)))
        .collect();
    collect(probes, &starts, delay, n, lost, elapsed)
}

/// The same hops without the bot: defer, useapi call, reply edit.
async fn run_baseline(
    discord: &FakeDiscord,
    useapi: &MockServer,
    probes: &Arc<Probes>,
    c: usize,
    n: usize,
    first: u64,
    delay: Duration,
) -> RunResult {
    let client = reqwest::Client::new();
    let limit = Arc::new(Semaphore::new(c));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(n);
    for i in 0..n as u64 {
        let permit = limit.clone().acquire_owned().await.expect("semaphore");
        let id = 990_000_000_000_000_000 + first + i;
        let (client, discord_url, useapi_url) = (client.clone(), discord.url(), useapi.uri());
        tasks.push(tokio::spawn(async move {
            let start = Instant::now();
            let token = format!("interaction-token-{id}");
            let hops = async {
                client
                    .post(format!("{discord_url}/api/v10/interactions/{id}/{token}/callback"))
                    .json(&json!({"type": 5}))
                    .send()
                    .await?;
                let job: Value = client
                    .post(format!("{useapi_url}/v2/jobs/fast"))
                    .bearer_auth("baseline")
                    .json(&json!({"channel": channel_of(first + i).to_string(), "replyRef": id.to_string()}))
                    .send()
                    .await?
                    .json()
                    .await?;
                client
                    .patch(format!("{discord_url}/api/v10/webhooks/{APP_ID}/{token}/messages/@original"))
                    .json(&json!({"content": job["content"], "allowed_mentions": {"parse": []}}))
                    .send()
                    .await?;
                Ok::<_, reqwest::Error>(())
            };
            let ok = hops.await.is_ok();
            drop(permit);
            (id, start, ok)
        }));
    }
    let mut starts = HashMap::with_capacity(n);
    let mut lost = 0;
    for task in tasks {
        let (id, start, ok) = task.await.expect("task");
        lost += usize::from(!ok);
        starts.insert(id, start);
    }
    let elapsed = started.elapsed();
    collect(probes, &starts, delay, n, lost, elapsed)
}

fn proc_status(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// utime + stime of `pid`, in seconds.
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    let hz = std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse::<f64>().ok())
        .unwrap_or(100.0);
    Some(ticks as f64 / hz)
}

fn parse_runs() -> Vec<(usize, usize)> {
    let spec =
        std::env::var("BENCH_RUNS").unwrap_or_else(|_| "1:100,50:2000,200:5000,1000:10000".into());
    spec.split(',')
        .filter_map(|pair| {
            let (c, n) = pair.split_once(':')?;
            Some((c.trim().parse().ok()?, n.trim().parse().ok()?))
        })
        .collect()
}

fn git_commit() -> String {
    std::process::Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let delay = Duration::from_millis(
        std::env::var("BENCH_DELAY_MS")
            .ok()
            .and_then(|d| d.parse().ok())
            .unwrap_or(50),
    );
    let runs = parse_runs();
    let total: usize = runs.iter().map(|(_, n)| n).sum();
    let probes = Arc::new(Probes::default());

    // One mapped channel per command of the whole benchmark.
    let channels: serde_json::Map<String, Value> = (0..total as u64)
        .map(|i| (channel_of(i).to_string(), json!(format!("7{:017}", i))))
        .collect();
    let mapping = json!({"version": 1, "guilds": {GUILD_A.to_string(): {"channels": channels}}});
    let useapi = fake_useapi(&probes, delay).await;
    let mut bot = prepare(BotOptions {
        channels_json: Some(mapping.to_string()),
        useapi_base_url: Some(useapi.uri()),
        env: vec![
            ("RUST_LOG", "warn".into()),
            ("USEAPI_MAX_CONCURRENCY", "10000".into()),
            ("USEAPI_MAX_QUEUE", "10000".into()),
        ]
        .into_iter()
        .chain(
            std::env::var("BENCH_MALLOC_ARENA_MAX")
                .ok()
                .map(|v| ("MALLOC_ARENA_MAX", v)),
        )
        .collect(),
    })
    .await;
    mount_discord_probes(&bot.discord, &probes).await;
    bot.start().await;
    let pid = bot.pid().expect("bot running");
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle_rss = proc_status(pid, "VmRSS:").unwrap_or(0);
    let idle_anon = proc_status(pid, "RssAnon:").unwrap_or(0);
    let bot = Arc::new(bot);

    println!(
        "mj-bridge relay benchmark: D = {} ms, {} cores",
        delay.as_millis(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    let mut rows = Vec::new();
    let mut first = 0u64;
    for (c, n) in &runs {
        let cpu_before = cpu_seconds(pid).unwrap_or(0.0);
        // VmHWM covers the executable's pages too; the heap's share is sampled.
        let peak_anon = Arc::new(AtomicU64::new(0));
        let sampled = peak_anon.clone();
        let sampler = tokio::spawn(async move {
            loop {
                sampled.fetch_max(proc_status(pid, "RssAnon:").unwrap_or(0), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        });
        let result = run_bot(&bot, &probes, *c, *n, first, delay).await;
        sampler.abort();
        let peak_anon = peak_anon.load(Ordering::Relaxed);
        let cpu = cpu_seconds(pid).unwrap_or(0.0) - cpu_before;
        let peak = proc_status(pid, "VmHWM:").unwrap_or(0);
        let baseline = run_baseline(&bot.discord, &useapi, &probes, *c, *n, first, delay).await;
        first += *n as u64;
        rows.push((*c, result, baseline, cpu, peak, peak_anon));
        eprintln!("  C = {c} done");
    }

    let mut table = String::new();
    table.push_str("| C | commands | lost | cmd/s (bot) | cmd/s (raw) | dispatch p50 / p90 / p99 / max ms | reply p50 / p90 / p99 / max ms | raw dispatch / reply p50 ms | ack p50 / p99 ms | end-to-end p50 bot / raw ms | overhead ratio | CPU ms/cmd | peak RSS (heap) |\n");
    table.push_str("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (c, bot_run, raw, cpu, peak, peak_anon) in &rows {
        let p = |v: &[Duration]| {
            format!(
                "{} / {} / {} / {}",
                ms(percentile(v, 50.0)),
                ms(percentile(v, 90.0)),
                ms(percentile(v, 99.0)),
                ms(v.last().copied().unwrap_or_default())
            )
        };
        let ratio = percentile(&bot_run.end_to_end, 50.0).as_secs_f64()
            / percentile(&raw.end_to_end, 50.0).as_secs_f64().max(1e-9);
        table.push_str(&format!(
            "| {c} | {} | {} | {:.0} | {:.0} | {} | {} | {} / {} | {} / {} | {} / {} | {:.3} | {:.3} | {:.1} MB ({:.1} MB) |\n",
            bot_run.commands,
            bot_run.lost,
            bot_run.throughput(),
            raw.throughput(),
            p(&bot_run.dispatch),
            p(&bot_run.reply),
            ms(percentile(&raw.dispatch, 50.0)),
            ms(percentile(&raw.reply, 50.0)),
            ms(percentile(&bot_run.ack, 50.0)),
            ms(percentile(&bot_run.ack, 99.0)),
            ms(percentile(&bot_run.end_to_end, 50.0)),
            ms(percentile(&raw.end_to_end, 50.0)),
            ratio,
            cpu * 1000.0 / bot_run.commands as f64,
            *peak as f64 / 1024.0,
            *peak_anon as f64 / 1024.0,
        ));
    }
    let best = rows
        .iter()
        .map(|(c, r, ..)| (*c, r.throughput()))
        .fold((0, 0.0), |best, x| if x.1 > best.1 { x } else { best });
    let saturation = rows
        .iter()
        .find(|(c, r, ..)| r.throughput() < 0.9 * (*c as f64 / delay.as_secs_f64()))
        .map_or_else(|| "not reached".to_owned(), |(c, ..)| format!("C = {c}"));
    let summary = format!(
        "Idle RSS after start: {:.1} MB, of which heap and stacks (RssAnon) {:.1} MB; the rest is the executable's pages. Best throughput: {:.0} cmd/s at C = {}. Saturation (below 90% of C/D): {}. Raw baseline: the same three HTTP hops from one in-process reqwest client.\n",
        idle_rss as f64 / 1024.0,
        idle_anon as f64 / 1024.0,
        best.1,
        best.0,
        saturation
    );
    println!("\n{table}\n{summary}");

    if std::env::var_os("BENCH_NO_WRITE").is_none() {
        let section = format!(
            "\n## Run of {} (commit {}, {} cores, D = {} ms)\n\nCommand: `cargo bench --bench relay`\n\n{table}\n{summary}",
            httpdate::fmt_http_date(std::time::SystemTime::now()),
            git_commit(),
            std::thread::available_parallelism().map_or(0, |n| n.get()),
            delay.as_millis()
        );
        let file = concat!(env!("CARGO_MANIFEST_DIR"), "/BENCHMARKS.md");
        let mut text = std::fs::read_to_string(file).unwrap_or_else(|_| "# Benchmarks\n".into());
        text.push_str(&section);
        if let Err(err) = std::fs::write(file, text) {
            eprintln!("could not write {file}: {err}");
        }
    }
    drop(bot);
}
