//! The open-loop runs: commands sent on a fixed, evenly spaced schedule
//! whatever the bot does, and every latency counted from the command's
//! *intended* send time, so a stalled bot (or a late load generator) cannot
//! hide its queue (no coordinated omission).

use std::time::{Duration, Instant};

use crate::probes::{Rig, Times};
use crate::stats::{cpu_seconds, ms, percentile, proc_status, tail, Rss};
use crate::support::bot::MEMBER;

/// How long after the last send a reply may still arrive before it is lost.
const DRAIN: Duration = Duration::from_secs(10);

/// Figures of one arrival rate.
struct OpenRun {
    rate: u64,
    sent: usize,
    lost: usize,
    /// Intended send → the fake useapi receives the POST.
    dispatch: Vec<Duration>,
    /// The fake useapi's answer is due → the reply PATCH arrives.
    reply: Vec<Duration>,
    /// Intended send → reply, minus useapi's D.
    total: Vec<Duration>,
    /// Intended → actual send: the load generator's own lateness.
    lag: Vec<Duration>,
    sent_per_s: f64,
    replied_per_s: f64,
    cpu_ms_per_cmd: f64,
}

/// Sends `rate` commands per second for `duration` from its own thread
/// (sub-millisecond sleeps; tokio's timer has 1 ms granularity), starting
/// with command number `first`. Returns (id, intended, actual) per command.
async fn generate(
    rig: &Rig,
    rate: u64,
    duration: Duration,
    first: u64,
) -> Vec<(u64, Instant, Instant)> {
    let n = (rate as f64 * duration.as_secs_f64()).round() as u64;
    let interval = Duration::from_secs_f64(1.0 / rate as f64);
    let handle = tokio::runtime::Handle::current();
    let bot = rig.bot.clone();
    let (tx, rx) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let start = Instant::now() + Duration::from_millis(20);
        let mut sent = Vec::with_capacity(n as usize);
        for i in 0..n {
            let due = start + interval.mul_f64(i as f64);
            let now = Instant::now();
            if due > now {
                std::thread::sleep(due - now);
            }
            let place = crate::probes::place_of(first + i);
            let inv =
                handle.block_on(
                    bot.discord
                        .invoke(place, "fast", serde_json::json!([]), MEMBER),
                );
            sent.push((inv.id, due, Instant::now()));
        }
        let _ = tx.send(sent);
    });
    rx.await.expect("generator thread")
}

async fn run_rate(
    rig: &Rig,
    rate: u64,
    duration: Duration,
    first: u64,
    delay: Duration,
) -> OpenRun {
    let cpu_before = cpu_seconds(rig.pid).unwrap_or(0.0);
    let sent = generate(rig, rate, duration, first).await;
    let ids: Vec<u64> = sent.iter().map(|(id, ..)| *id).collect();
    let replied = rig.probes.settle(&ids, DRAIN, |t: &Times| t.replied).await;
    let cpu = cpu_seconds(rig.pid).unwrap_or(0.0) - cpu_before;
    let start = sent.first().map(|s| s.1).unwrap_or_else(Instant::now);
    let last_sent = sent.last().map_or(start, |s| s.2);
    let times = rig.probes.times.lock().unwrap();
    let (mut dispatch, mut reply, mut total, mut lag) = (vec![], vec![], vec![], vec![]);
    let mut last_reply = start;
    for (id, intended, actual) in &sent {
        lag.push(actual.saturating_duration_since(*intended));
        let Some(t) = times.get(id) else { continue };
        if let Some(received) = t.useapi_received {
            dispatch.push(received.saturating_duration_since(*intended));
            if let Some(at) = t.replied {
                reply.push(at.saturating_duration_since(received + delay));
            }
        }
        if let Some(at) = t.replied {
            total.push(at.saturating_duration_since(*intended + delay));
            last_reply = last_reply.max(at);
        }
    }
    for v in [&mut dispatch, &mut reply, &mut total, &mut lag] {
        v.sort();
    }
    OpenRun {
        rate,
        sent: sent.len(),
        lost: sent.len() - replied,
        dispatch,
        reply,
        total,
        lag,
        sent_per_s: sent.len() as f64 / last_sent.duration_since(start).as_secs_f64().max(1e-9),
        replied_per_s: replied as f64 / last_reply.duration_since(start).as_secs_f64().max(1e-9),
        cpu_ms_per_cmd: cpu * 1000.0 / sent.len().max(1) as f64,
    }
}

/// The arrival rates of `BENCH_OPEN_RATES` (default 100, 1,000, 3,000 per second).
fn rates() -> Vec<u64> {
    std::env::var("BENCH_OPEN_RATES")
        .unwrap_or_else(|_| "100,1000,3000".into())
        .split(',')
        .filter_map(|r| r.trim().parse().ok())
        .filter(|r| *r > 0)
        .collect()
}

/// Every rate on one fresh bot; returns the table and its notes.
pub async fn open_loop(delay: Duration, duration: Duration) -> String {
    let rates = rates();
    let total: u64 = rates
        .iter()
        .map(|r| (*r as f64 * duration.as_secs_f64()).round() as u64)
        .sum();
    let rig = Rig::start(
        total,
        delay,
        &[
            ("USEAPI_MAX_CONCURRENCY", "10000"),
            ("USEAPI_MAX_QUEUE", "10000"),
        ],
    )
    .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle = Rss::of(rig.pid);
    let mut table = String::from("| rate /s | sent | lost | sent/s | replied/s | dispatch p50 / p99 / p99.9 / max ms | reply p50 / p99 / p99.9 / max ms | end-to-end − D p50 / p99 / p99.9 / max ms | generator lag p50 / p99 / max ms | CPU ms/cmd | peak RSS |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    let mut first = 0;
    for rate in rates {
        let run = run_rate(&rig, rate, duration, first, delay).await;
        first += run.sent as u64;
        let peak = proc_status(rig.pid, "VmHWM:").unwrap_or(0);
        table.push_str(&format!(
            "| {} | {} | {} | {:.0} | {:.0} | {} | {} | {} | {} / {} / {} | {:.3} | {:.1} MiB |\n",
            run.rate,
            run.sent,
            run.lost,
            run.sent_per_s,
            run.replied_per_s,
            tail(&run.dispatch),
            tail(&run.reply),
            tail(&run.total),
            ms(percentile(&run.lag, 50.0)),
            ms(percentile(&run.lag, 99.0)),
            ms(run.lag.last().copied().unwrap_or_default()),
            run.cpu_ms_per_cmd,
            peak as f64 / 1024.0,
        ));
        eprintln!("  open loop {rate}/s done");
    }
    format!(
        "{table}\nEach rate runs {} s on one bot (idle RSS {:.1} MiB with {total} mapped channels), D = {} ms, evenly spaced arrivals. Latencies count from each command's intended send time; *generator lag* is how late the load generator itself sent (already included in dispatch). A reply not received {} s after the last send is lost.\n",
        duration.as_secs_f64(),
        idle.total as f64 / 1024.0,
        delay.as_millis(),
        DRAIN.as_secs()
    )
}
