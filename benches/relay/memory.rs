//! Memory: idle after registration, the peak with 1,000 commands in flight,
//! and the cost of a command waiting in the useapi queue. Each on a fresh bot,
//! since VmHWM only ever grows.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::probes::{Rig, Times};
use crate::stats::{env_or, mib, proc_status, Rss};

/// The peak of RssAnon and VmRSS, sampled every 5 ms while `work` runs.
async fn sampled_peak<T>(pid: u32, work: impl std::future::Future<Output = T>) -> (T, Rss) {
    let (anon, total) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let (a, t) = (anon.clone(), total.clone());
    let sampler = tokio::spawn(async move {
        loop {
            let now = Rss::of(pid);
            a.fetch_max(now.anon, Ordering::Relaxed);
            t.fetch_max(now.total, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    });
    let out = work.await;
    sampler.abort();
    let peak = Rss {
        total: proc_status(pid, "VmHWM:")
            .unwrap_or(0)
            .max(total.load(Ordering::Relaxed)),
        anon: anon.load(Ordering::Relaxed),
        file: 0,
    };
    (out, peak)
}

/// Idle RSS after registration with a small mapping (10 channels).
async fn idle() -> Rss {
    let rig = Rig::start(10, Duration::from_millis(50), &[]).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    // BENCH_SMAPS=path: where the idle bot's pages are, mapping by mapping.
    if let Ok(path) = std::env::var("BENCH_SMAPS") {
        let smaps = std::fs::read_to_string(format!("/proc/{}/smaps", rig.pid)).unwrap();
        std::fs::write(path, smaps).unwrap();
    }
    Rss::of(rig.pid)
}

struct Burst {
    idle: Rss,
    peak: Rss,
    in_flight: usize,
    lost: usize,
    elapsed: Duration,
}

/// `n` commands sent at once to `n` mapped channels, useapi answering in
/// 200 ms with USEAPI_MAX_CONCURRENCY=128.
async fn burst(n: u64) -> Burst {
    let rig = Rig::start(
        n,
        Duration::from_millis(200),
        &[
            ("USEAPI_MAX_CONCURRENCY", "128"),
            ("USEAPI_MAX_QUEUE", "10000"),
        ],
    )
    .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle = Rss::of(rig.pid);
    let started = Instant::now();
    let ((in_flight, lost), peak) = sampled_peak(rig.pid, async {
        let mut ids = Vec::with_capacity(n as usize);
        for i in 0..n {
            ids.push(rig.invoke(i).await);
        }
        let in_flight = ids.len() - rig.probes.count(&ids, |t: &Times| t.replied);
        let replied = rig
            .probes
            .settle(&ids, Duration::from_secs(60), |t: &Times| t.replied)
            .await;
        (in_flight, ids.len() - replied)
    })
    .await;
    Burst {
        idle,
        peak,
        in_flight,
        lost,
        elapsed: started.elapsed(),
    }
}

struct Queued {
    before: Rss,
    after: Rss,
    queued: usize,
}

/// `n` commands behind USEAPI_MAX_CONCURRENCY=1 with a useapi that does not
/// answer for a minute: all but one wait in the queue, deferred.
async fn queued(n: u64) -> Queued {
    let rig = Rig::start(
        n,
        Duration::from_secs(60),
        &[
            ("USEAPI_MAX_CONCURRENCY", "1"),
            ("USEAPI_MAX_QUEUE", "10000"),
        ],
    )
    .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = Rss::of(rig.pid);
    let mut ids = Vec::with_capacity(n as usize);
    for i in 0..n {
        ids.push(rig.invoke(i).await);
    }
    let acked = rig
        .probes
        .settle(&ids, Duration::from_secs(30), |t: &Times| t.acked)
        .await;
    // Let the deferrals' connections settle into the pool.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let after = Rss::of(rig.pid);
    Queued {
        before,
        after,
        queued: acked.saturating_sub(1),
    }
}

/// All three; returns the table.
pub async fn memory() -> String {
    let in_flight: u64 = env_or("BENCH_IN_FLIGHT", 1000);
    let queue: u64 = env_or("BENCH_QUEUED", 5000);
    let idle = idle().await;
    eprintln!("  idle done");
    let burst = burst(in_flight).await;
    eprintln!("  burst done");
    let q = queued(queue + 1).await;
    eprintln!("  queue done");
    let per_queued =
        (q.after.anon.saturating_sub(q.before.anon) * 1024) as f64 / q.queued.max(1) as f64;
    format!(
        "| measure | RSS | heap and stacks (RssAnon) | file-backed (RssFile) | notes |\n|---|---|---|---|---|\n\
         | idle after registration, 10 mapped channels | {} | {} | {} | |\n\
         | idle before the burst, {in_flight} mapped channels | {} | {} | {} | |\n\
         | peak, {in_flight} commands sent at once (useapi 200 ms, USEAPI_MAX_CONCURRENCY=128) | {} | {} | | {} in flight when the last was sent, {} lost, all replied in {:.2} s |\n\
         | {} commands queued behind USEAPI_MAX_CONCURRENCY=1 (all deferred) | {} | {} | {} | {:.0} bytes per queued command (RssAnon growth / queued) |\n",
        mib(idle.total), mib(idle.anon), mib(idle.file),
        mib(burst.idle.total), mib(burst.idle.anon), mib(burst.idle.file),
        mib(burst.peak.total), mib(burst.peak.anon), burst.in_flight, burst.lost, burst.elapsed.as_secs_f64(),
        q.queued, mib(q.after.total), mib(q.after.anon), mib(q.after.file), per_queued,
    )
}
