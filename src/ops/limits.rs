//! The process's open-file limit, read at start: every connection (to
//! Discord, useapi.net, the database, a scraper of `/metrics`) is a file,
//! and systemd's default soft limit (1024) is low for a busy public bot.

/// Files the bot may hold open at once by its own caps: useapi calls in
/// flight (256), Discord replies (64), registrations, the health server's
/// connections (256), the database pool and the gateway, with room left.
/// The interactions listener takes at most half of whatever the limit is
/// (`ops::http_server`), so it never takes what these need.
const NEEDED: u64 = 1024;
/// Above this many servers, commands arrive in bursts that fill every cap
/// at once; the systemd unit sets 65536.
const MANY_SERVERS: usize = 1000;
const NEEDED_FOR_MANY: u64 = 4096;

/// The soft open-file limit; `None` where `/proc` is not there (not Linux).
pub(crate) fn open_files() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    parse(&limits)
}

/// The soft limit in `/proc/self/limits`' "Max open files" line.
fn parse(limits: &str) -> Option<u64> {
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    let soft = line
        .trim_start_matches("Max open files")
        .split_whitespace()
        .next()?;
    match soft {
        "unlimited" => Some(u64::MAX),
        soft => soft.parse().ok(),
    }
}

/// What the limit should be at least for `servers` servers.
fn needed_for(servers: usize) -> u64 {
    if servers > MANY_SERVERS {
        NEEDED_FOR_MANY
    } else {
        NEEDED
    }
}

/// Logs the limit at start.
pub(crate) fn log_at_start() {
    if let Some(limit) = open_files() {
        tracing::info!(open_files = limit, "open-file limit");
    } else {
        tracing::debug!("the open-file limit is not known on this system");
    }
}

/// Warns when the limit is low for `servers` servers.
pub(crate) fn warn_if_low(servers: usize) {
    let needed = needed_for(servers);
    if let Some(limit) = open_files().filter(|limit| *limit < needed) {
        tracing::warn!(
            open_files = limit,
            servers,
            "the open-file limit is low for this many servers: raise it to at least {needed} \
             (systemd: LimitNOFILE=, see deploy/mj-bridge.service; a shell: ulimit -n)"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_soft_limit_is_read_from_proc_self_limits() {
        let limits = "Limit                     Soft Limit           Hard Limit           Units     \n\
                      Max cpu time              unlimited            unlimited            seconds   \n\
                      Max open files            1024                 524288               files     \n";
        assert_eq!(parse(limits), Some(1024));
        assert_eq!(
            parse("Max open files  unlimited  unlimited  files"),
            Some(u64::MAX)
        );
        assert_eq!(parse("nothing here"), None);
        assert!(open_files().is_some_and(|limit| limit > 0));
    }

    #[test]
    fn many_servers_need_a_higher_limit() {
        assert_eq!(needed_for(10), NEEDED);
        assert_eq!(needed_for(2_000), NEEDED_FOR_MANY);
    }
}
