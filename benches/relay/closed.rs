//! The closed-loop runs: C commands in flight at a time, beside a raw reqwest
//! baseline doing the same three HTTP hops.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::sync::Semaphore;
use wiremock::MockServer;

use crate::callgrind;
use crate::probes::{channel_of, Probes, Rig};
use crate::stats::{cpu_seconds, ms, percentile, proc_status, Rss};
use crate::support::fake_discord::{FakeDiscord, APP_ID, INTERACTION_TOKEN_PREFIX};

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
async fn run_bot(rig: &Rig, c: usize, n: usize, first: u64, delay: Duration) -> RunResult {
    let limit = Arc::new(Semaphore::new(c));
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(n);
    for i in 0..n as u64 {
        let permit = limit.clone().acquire_owned().await.expect("semaphore");
        let id = rig.invoke(first + i).await;
        let probes = rig.probes.clone();
        tasks.push(tokio::spawn(async move {
            let delivered = probes.wait(id).await;
            drop(permit);
            (id, delivered)
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
        .filter_map(|id| Some((*id, rig.bot.discord.dispatched_at(*id)?)))
        .collect();
    collect(&rig.probes, &starts, delay, n, lost, elapsed)
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
            let token = format!("{INTERACTION_TOKEN_PREFIX}{id}");
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

/// The `C:N` pairs of `BENCH_RUNS`.
pub fn parse_runs() -> Vec<(usize, usize)> {
    let spec =
        std::env::var("BENCH_RUNS").unwrap_or_else(|_| "1:100,50:2000,200:5000,1000:10000".into());
    spec.split(',')
        .filter_map(|pair| {
            let (c, n) = pair.split_once(':')?;
            Some((c.trim().parse().ok()?, n.trim().parse().ok()?))
        })
        .collect()
}

/// Every closed-loop run on one bot; returns the table and its summary.
pub async fn closed_loop(delay: Duration) -> String {
    let runs = parse_runs();
    let total: usize = runs.iter().map(|(_, n)| n).sum();
    // One mapped channel per command of the whole benchmark.
    let rig = Rig::start(
        total as u64,
        delay,
        &[
            ("USEAPI_MAX_CONCURRENCY", "10000"),
            ("USEAPI_MAX_QUEUE", "10000"),
        ],
    )
    .await;
    let pid = rig.pid;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle = Rss::of(pid);

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
        let counted = callgrind::dir();
        if counted.is_some() {
            callgrind::zero(pid);
        }
        let result = run_bot(&rig, *c, *n, first, delay).await;
        let instructions = counted.and_then(|dir| callgrind::dump(&dir, pid));
        sampler.abort();
        let peak_anon = peak_anon.load(Ordering::Relaxed);
        let cpu = cpu_seconds(pid).unwrap_or(0.0) - cpu_before;
        let peak = proc_status(pid, "VmHWM:").unwrap_or(0);
        let discord = &rig.bot.discord;
        let baseline = run_baseline(discord, &rig.useapi, &rig.probes, *c, *n, first, delay).await;
        first += *n as u64;
        rows.push((*c, result, baseline, cpu, peak, peak_anon, instructions));
        eprintln!("  closed loop C = {c} done");
    }

    let mut table = String::new();
    table.push_str("| C | commands | lost | cmd/s (bot) | cmd/s (raw) | dispatch p50 / p90 / p99 / max ms | reply p50 / p90 / p99 / max ms | raw dispatch / reply p50 ms | ack p50 / p99 ms | end-to-end p50 bot / raw ms | overhead ratio | CPU ms/cmd | peak RSS (heap) |\n");
    table.push_str("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    let mut counted = String::new();
    for (c, bot_run, raw, cpu, peak, peak_anon, instructions) in &rows {
        if let Some(instructions) = instructions {
            counted.push_str(&format!(
                "C = {c}: {instructions} instructions for {} commands, {} per command. ",
                bot_run.commands,
                instructions / bot_run.commands.max(1) as u64
            ));
        }
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
    if !counted.is_empty() {
        table.push_str(&format!(
            "\nInstructions (callgrind, the bot under valgrind: latencies and CPU above are not comparable): {counted}\n"
        ));
    }
    format!(
        "{table}\nIdle RSS after start: {:.1} MB, of which heap and stacks (RssAnon) {:.1} MB; the rest is the executable's pages. Best throughput: {:.0} cmd/s at C = {}. Saturation (below 90% of C/D): {}. Raw baseline: the same three HTTP hops from one in-process reqwest client.\n",
        idle.total as f64 / 1024.0,
        idle.anon as f64 / 1024.0,
        best.1,
        best.0,
        saturation
    )
}
