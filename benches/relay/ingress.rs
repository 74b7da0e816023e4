//! Interactions over HTTP: an HTTP worker (`INTERACTIONS_ADDR`) between
//! the fakes, on a real PostgreSQL (`BENCH_INGRESS_DB=file`: the JSON
//! file), so each command claims its interaction and its member's cooldown
//! in the database. Signed `/fast` interactions, each by another member,
//! are POSTed at fixed rates (`BENCH_INGRESS_RATES`, one after the other on
//! the same worker; open loop: each POST is sent at its due time whatever
//! the bot does, and its latency counted from that time), and the time
//! until the HTTP response (the deferred first response) is measured. Then
//! the idle RSS of an HTTP worker beside a gateway process, both freshly started.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::probes::{place_of, Rig};
use crate::stats::{env_or, mib, percentile, tail, Rss};
use crate::support::bot::MEMBER;
use crate::support::fake_discord::Typed;
use crate::support::postgres::Postgres;

/// Members of the benchmark's commands start here, one per command.
const FIRST_MEMBER: u64 = 300_000_000_100_000_000;

struct Run {
    sent: usize,
    failed: usize,
    latencies: Vec<Duration>,
}

/// POSTs `rate` interactions a second for `duration` to the worker of `rig`.
async fn open_loop(rig: &Rig, rate: u64, duration: Duration, first_member: u64) -> Run {
    let url = format!("{}/interactions", rig.bot.interactions_url().await);
    let n = (rate as f64 * duration.as_secs_f64()).round() as u64;
    let interval = Duration::from_secs_f64(1.0 / rate as f64);
    // Signed beforehand, so the generator's own work stays out of the figures.
    let bodies: Vec<Vec<u8>> = (0..n)
        .map(|i| {
            let typed = Typed::command(place_of(i), "fast", serde_json::json!([]), MEMBER)
                .by(first_member + i);
            rig.bot
                .discord
                .interaction(typed)
                .1
                .to_string()
                .into_bytes()
        })
        .collect();
    let results = Arc::new(Mutex::new(Vec::with_capacity(n as usize)));
    let handle = tokio::runtime::Handle::current();
    let discord = rig.bot.discord.clone();
    // One client, its connections kept alive, as a load balancer in front
    // of the worker keeps them; a request that fails counts as not 200.
    let client = reqwest::Client::new();
    let (r, u) = (results.clone(), url.clone());
    let generator = std::thread::spawn(move || {
        let start = Instant::now() + Duration::from_millis(20);
        let mut tasks = Vec::with_capacity(bodies.len());
        for (i, body) in bodies.into_iter().enumerate() {
            let due = start + interval.mul_f64(i as f64);
            let now = Instant::now();
            if due > now {
                std::thread::sleep(due - now);
            }
            let (discord, url, results) = (discord.clone(), u.clone(), r.clone());
            let client = client.clone();
            tasks.push(handle.spawn(async move {
                let mut request = client.post(&url).header("content-type", "application/json");
                for (name, value) in discord.signature_headers(&body) {
                    request = request.header(name, value);
                }
                let status = match request.body(body).send().await {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let _ = response.bytes().await;
                        status
                    }
                    Err(_) => 0,
                };
                let took = due.elapsed();
                results.lock().unwrap().push((status, took));
            }));
        }
        tasks
    });
    let tasks = tokio::task::spawn_blocking(move || generator.join().unwrap())
        .await
        .unwrap();
    for task in tasks {
        let _ = task.await;
    }
    let results = results.lock().unwrap();
    let mut latencies: Vec<Duration> = results
        .iter()
        .filter(|(status, _)| *status == 200)
        .map(|(_, took)| *took)
        .collect();
    latencies.sort();
    Run {
        sent: results.len(),
        failed: results.iter().filter(|(status, _)| *status != 200).count(),
        latencies,
    }
}

pub async fn ingress(delay: Duration) -> String {
    let rates: Vec<u64> = std::env::var("BENCH_INGRESS_RATES")
        .unwrap_or_else(|_| "1000,3000".into())
        .split(',')
        .filter_map(|r| r.trim().parse().ok())
        .collect();
    let secs: f64 = env_or("BENCH_INGRESS_SECS", 10.0);
    let on_file = std::env::var("BENCH_INGRESS_DB").is_ok_and(|db| db == "file");
    let pg = (!on_file).then(Postgres::start);
    let url = pg.as_ref().map(Postgres::url);
    let mut worker_env = vec![
        ("INTERACTIONS_ADDR", "127.0.0.1:0"),
        // The worker logs where it serves (info); the rest stays quiet.
        (
            "RUST_LOG",
            "warn,mj_bridge::registration=info,mj_bridge::interactions=info",
        ),
        ("USEAPI_MAX_CONCURRENCY", "256"),
        ("USEAPI_MAX_QUEUE", "10000"),
        // Each command by another member: every one claims a cooldown too.
        ("COMMAND_COOLDOWN_SECS", "10"),
    ];
    if let Some(url) = &url {
        worker_env.push(("DATABASE_URL", url.as_str()));
    }
    let total: u64 = rates.iter().map(|rate| rate * secs as u64).sum();
    let rig = Rig::start(total, delay, &worker_env).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let worker_idle = Rss::of(rig.pid);
    let mut rows = String::new();
    let mut member = FIRST_MEMBER;
    for rate in &rates {
        let run = open_loop(&rig, *rate, Duration::from_secs_f64(secs), member).await;
        member += run.sent as u64;
        let p = |q| crate::stats::ms(percentile(&run.latencies, q));
        rows.push_str(&format!(
            "| {rate}/s for {secs} s | {} | {} | {} | {} | {} |\n",
            run.sent,
            run.failed,
            p(50.0),
            p(99.0),
            tail(&run.latencies),
        ));
    }
    drop(rig);
    let gateway = Rig::start(10, delay, &[]).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let gateway_idle = Rss::of(gateway.pid);
    drop(gateway);
    let store = if on_file {
        "JSON file"
    } else {
        "PostgreSQL (claims in the database)"
    };
    format!(
        "Store: {store}.\n\n| rate | sent | not 200 | POST → HTTP response p50 | p99 | tail |\n|---|---|---|---|---|---|\n\
         {rows}\n\
         Idle RSS (after start-up, 2 s quiet): HTTP worker {} (anon {}), gateway process {} (anon {}).\n",
        mib(worker_idle.total),
        mib(worker_idle.anon),
        mib(gateway_idle.total),
        mib(gateway_idle.anon),
    )
}
