//! Instructions per command, counted by valgrind's callgrind: CPU seconds
//! on a shared machine move with everything else running, instruction
//! counts repeat. With `BENCH_CALLGRIND=<dir>` the bot runs under
//! `valgrind --tool=callgrind` (files in `<dir>`, for `callgrind_annotate`),
//! its counters are zeroed before each closed-loop run and dumped after it,
//! so a run's count holds that run's commands and nothing of the start-up.
//! Valgrind runs the bot's threads one at a time and tens of times slower:
//! only instruction counts mean anything in such a run, never its latencies.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The directory of `BENCH_CALLGRIND`, when set.
pub fn dir() -> Option<PathBuf> {
    std::env::var_os("BENCH_CALLGRIND").map(PathBuf::from)
}

/// Writes a script in `dir` that runs `bin` under callgrind, and returns
/// its path, to be measured instead of `bin`. The bot's environment is
/// cleared, so valgrind is named by its full path.
pub fn wrap(dir: &Path, bin: &str) -> String {
    std::fs::create_dir_all(dir).expect("create BENCH_CALLGRIND's directory");
    let valgrind = which("valgrind").expect("valgrind is installed (BENCH_CALLGRIND)");
    let out = dir.join("callgrind.out.%p");
    let script = dir.join("mj-bridge-under-callgrind");
    let text = format!(
        "#!/bin/sh\nexec {} --tool=callgrind --callgrind-out-file={} {bin} \"$@\"\n",
        valgrind.display(),
        out.display()
    );
    std::fs::write(&script, text).expect("write the callgrind wrapper");
    let made = Command::new("chmod").arg("+x").arg(&script).status();
    assert!(
        made.is_ok_and(|s| s.success()),
        "chmod the callgrind wrapper"
    );
    script.to_string_lossy().into_owned()
}

/// Zeroes the counters of the bot `pid`.
pub fn zero(pid: u32) {
    control(pid, "-z");
}

/// Dumps the counters of the bot `pid` since they were zeroed; returns
/// the instructions executed (`Ir`).
pub fn dump(dir: &Path, pid: u32) -> Option<u64> {
    control(pid, "-d");
    let prefix = format!("callgrind.out.{pid}.");
    let newest = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok())?;
    let text = std::fs::read_to_string(newest.path()).ok()?;
    text.lines()
        .find_map(|line| {
            line.strip_prefix("summary:")
                .or(line.strip_prefix("totals:"))
        })
        .and_then(|n| n.split_whitespace().next()?.parse().ok())
}

fn control(pid: u32, what: &str) {
    let ok = Command::new("callgrind_control")
        .args([what, &pid.to_string()])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(ok, "callgrind_control {what} {pid} failed");
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|path| path.is_file())
}
