//! The process's own figures for `/metrics`, named as the Prometheus client
//! libraries name them (`process_resident_memory_bytes`,
//! `process_cpu_seconds_total`, `process_open_fds`, `process_max_fds`,
//! `process_start_time_seconds`), so the usual dashboards and alerts work
//! unchanged. Read from `/proc/self` at each scrape, on Linux only; a
//! figure that cannot be read is left out, never reported as 0.

use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeMetric};
use prometheus_client::metrics::counter::ConstCounter;
use prometheus_client::metrics::gauge::ConstGauge;

/// Clock ticks per second in `/proc/<pid>/stat` (`USER_HZ`). The kernel
/// fixes it at 100 for user space on every architecture Linux supports;
/// Prometheus's own procfs library hard-codes it too, rather than asking
/// `sysconf` (which would take `unsafe` code here).
const USER_HZ: f64 = 100.0;

/// The figures of one scrape; `None` where `/proc` did not say.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Figures {
    resident_bytes: Option<f64>,
    cpu_seconds: Option<f64>,
    open_fds: Option<f64>,
    max_fds: Option<f64>,
    start_time_seconds: Option<f64>,
}

/// Registered once in the root registry (no `mj_bridge_` prefix).
#[derive(Debug, Default)]
pub(super) struct ProcessCollector;

impl Collector for ProcessCollector {
    fn encode(&self, mut encoder: DescriptorEncoder<'_>) -> Result<(), std::fmt::Error> {
        let figures = read();
        if let Some(seconds) = figures.cpu_seconds {
            let counter = ConstCounter::new(seconds);
            let metric = encoder.encode_descriptor(
                "process_cpu_seconds",
                "Total user and system CPU time spent in seconds",
                None,
                counter.metric_type(),
            )?;
            counter.encode(metric)?;
        }
        let gauges = [
            (
                "process_resident_memory_bytes",
                "Resident memory size in bytes",
                figures.resident_bytes,
            ),
            (
                "process_open_fds",
                "Number of open file descriptors",
                figures.open_fds,
            ),
            (
                "process_max_fds",
                "Maximum number of open file descriptors (the soft limit)",
                figures.max_fds,
            ),
            (
                "process_start_time_seconds",
                "Start time of the process since the Unix epoch in seconds",
                figures.start_time_seconds,
            ),
        ];
        for (name, help, value) in gauges {
            if let Some(value) = value {
                let gauge = ConstGauge::new(value);
                let metric = encoder.encode_descriptor(name, help, None, gauge.metric_type())?;
                gauge.encode(metric)?;
            }
        }
        Ok(())
    }
}

#[cfg(target_os = "linux")]
fn read() -> Figures {
    let file = |path: &str| std::fs::read_to_string(path).ok();
    let stat = file("/proc/self/stat");
    let stat = stat.as_deref().and_then(parse_stat);
    let boot_time = file("/proc/stat").as_deref().and_then(parse_boot_time);
    Figures {
        resident_bytes: file("/proc/self/status")
            .as_deref()
            .and_then(parse_resident_bytes),
        cpu_seconds: stat.map(|s| s.cpu_seconds),
        open_fds: std::fs::read_dir("/proc/self/fd")
            .ok()
            .map(|entries| count(entries.count())),
        max_fds: file("/proc/self/limits").as_deref().and_then(parse_max_fds),
        start_time_seconds: stat
            .zip(boot_time)
            .map(|(s, boot)| boot + s.since_boot_seconds),
    }
}

#[cfg(not(target_os = "linux"))]
fn read() -> Figures {
    Figures::default()
}

/// A count as a sample value; exact below 2^53, far above any count here.
#[allow(clippy::cast_precision_loss)]
fn count(n: usize) -> f64 {
    n as f64
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Stat {
    cpu_seconds: f64,
    /// When the process started, counted from the machine's boot.
    since_boot_seconds: f64,
}

/// `utime`, `stime` and `starttime` (fields 14, 15 and 22) of
/// `/proc/<pid>/stat`. The command name (field 2) is in parentheses and may
/// hold spaces and parentheses itself, so fields are counted after the last `)`.
fn parse_stat(stat: &str) -> Option<Stat> {
    let after_name = &stat[stat.rfind(')')? + 1..];
    // Field 3 (the state) is the first one after the name.
    let field = |n: usize| -> Option<f64> {
        let ticks: u64 = after_name.split_whitespace().nth(n - 3)?.parse().ok()?;
        #[allow(clippy::cast_precision_loss)]
        Some(ticks as f64 / USER_HZ)
    };
    Some(Stat {
        cpu_seconds: field(14)? + field(15)?,
        since_boot_seconds: field(22)?,
    })
}

/// `btime` of `/proc/stat`: when the machine booted, in seconds since the epoch.
fn parse_boot_time(stat: &str) -> Option<f64> {
    let seconds: u64 = stat
        .lines()
        .find_map(|line| line.strip_prefix("btime "))?
        .trim()
        .parse()
        .ok()?;
    #[allow(clippy::cast_precision_loss)]
    Some(seconds as f64)
}

/// `VmRSS` of `/proc/<pid>/status`, which the kernel gives in kB (KiB).
fn parse_resident_bytes(status: &str) -> Option<f64> {
    let kib: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))?
        .trim()
        .strip_suffix("kB")?
        .trim()
        .parse()
        .ok()?;
    #[allow(clippy::cast_precision_loss)]
    Some(kib.checked_mul(1024)? as f64)
}

/// The soft limit on the `Max open files` line of `/proc/<pid>/limits`;
/// `unlimited` is left out, as the Prometheus client libraries do.
fn parse_max_fds(limits: &str) -> Option<f64> {
    let soft: u64 = limits
        .lines()
        .find_map(|line| line.strip_prefix("Max open files"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    #[allow(clippy::cast_precision_loss)]
    Some(soft as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_fields_are_counted_after_the_command_name_whatever_it_holds() {
        let stat = "4242 (mj (bridge) x) S 1 4242 4242 0 -1 4194560 2301 0 0 0 \
                    250 150 0 0 20 0 9 0 12345 123456789 2600 18446744073709551615";
        assert_eq!(
            parse_stat(stat),
            Some(Stat {
                cpu_seconds: 4.0,
                since_boot_seconds: 123.45,
            })
        );
        assert_eq!(parse_stat("4242 (cut short) S 1"), None);
    }

    #[test]
    fn status_limits_and_boot_time_are_read_from_their_lines() {
        let status = "Name:\tmj-bridge\nVmHWM:\t   10240 kB\nVmRSS:\t    9216 kB\n";
        assert_eq!(parse_resident_bytes(status), Some(9216.0 * 1024.0));
        let limits = "Limit                     Soft Limit           Hard Limit           Units     \n\
                      Max processes             63541                63541                processes \n\
                      Max open files            1024                 524288               files     \n";
        assert_eq!(parse_max_fds(limits), Some(1024.0));
        assert_eq!(
            parse_max_fds(
                "Max open files            unlimited            unlimited            files\n"
            ),
            None
        );
        assert_eq!(
            parse_boot_time("cpu  1 2 3\nbtime 1764460800\nprocesses 9\n"),
            Some(1_764_460_800.0)
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn on_linux_every_figure_is_read_from_proc() {
        let figures = read();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs_f64();
        assert!(
            figures.resident_bytes.is_some_and(|b| b > 0.0),
            "{figures:?}"
        );
        assert!(figures.cpu_seconds.is_some_and(|s| s >= 0.0), "{figures:?}");
        assert!(figures.open_fds.is_some_and(|n| n >= 3.0), "{figures:?}");
        assert!(figures.max_fds.is_some(), "{figures:?}");
        assert!(
            figures
                .start_time_seconds
                .is_some_and(|t| t > 0.0 && t <= now + 1.0),
            "{figures:?}"
        );
    }
}
