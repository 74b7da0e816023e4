//! A throwaway PostgreSQL server for one test: `initdb` into a temp dir,
//! `pg_ctl start` on 127.0.0.1 and a free port, stopped (`-m immediate`)
//! and deleted on drop. No mock: the real server binaries of the machine,
//! found in Debian's `/usr/lib/postgresql/<v>/bin`, through `pg_config
//! --bindir`, or on `PATH` (Homebrew and other distributions).
//!
//! As root (CI), initdb refuses to run, so the server runs as the
//! `postgres` user through `runuser`.

use std::ffi::OsStr;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

pub struct Postgres {
    dir: TempDir,
    bin: PathBuf,
    port: u16,
    as_root: bool,
}

/// The server programs the tests run, from one directory (`pg_ctl` starts
/// the `postgres` beside its own resolved path).
const SERVER_PROGRAMS: [&str; 2] = ["initdb", "pg_ctl"];

/// The directory of the server binaries: the newest Debian
/// `/usr/lib/postgresql/<v>/bin`, else `pg_config --bindir`, else the first
/// directory on `PATH` holding them. Panics with how to install them
/// otherwise, so a test never passes without a database.
fn server_binaries() -> PathBuf {
    let found = newest_debian_bin(Path::new("/usr/lib/postgresql"))
        .or_else(|| pg_config_bindir(OsStr::new("pg_config")))
        .or_else(|| std::env::var_os("PATH").and_then(|path| on_path(&path)));
    match found {
        Some(bin) => bin,
        None => panic!(
            "\n\nThese tests need a real PostgreSQL server, and none was found: not in \
             /usr/lib/postgresql/<version>/bin, not at `pg_config --bindir`, and {} \
             are not on PATH together.\nInstall it with: \
             sudo apt-get update && sudo apt-get install -y postgresql\n\
             (elsewhere: your distribution's PostgreSQL server package, or \
             `brew install postgresql`; CI's .ci/run installs it by itself.)\n",
            SERVER_PROGRAMS.join(", ")
        ),
    }
}

/// Whether `dir` holds every server program.
fn has_server(dir: &Path) -> bool {
    SERVER_PROGRAMS.iter().all(|name| dir.join(name).is_file())
}

/// The newest `<root>/<version>/bin` holding the server, as Debian lays it out.
fn newest_debian_bin(root: &Path) -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir(root)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            has_server(&bin).then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

/// What `pg_config --bindir` names, if `pg_config` runs and the server is there.
fn pg_config_bindir(pg_config: &OsStr) -> Option<PathBuf> {
    let out = Command::new(pg_config).arg("--bindir").output().ok()?;
    let bin = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    (out.status.success() && has_server(&bin)).then_some(bin)
}

/// The first directory of `path` (a `PATH` value) holding the server.
fn on_path(path: &OsStr) -> Option<PathBuf> {
    std::env::split_paths(path).find(|dir| has_server(dir))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free local port");
    listener.local_addr().expect("its address").port()
}

impl Postgres {
    /// A new, empty server, started and ready for connections.
    pub fn start() -> Self {
        let bin = server_binaries();
        let dir = tempfile::tempdir().expect("temp dir for PostgreSQL");
        let as_root = is_root();
        if as_root {
            run(
                Command::new("chown").arg("postgres").arg(dir.path()),
                "chown",
            );
        }
        let server = Self {
            dir,
            bin,
            port: free_port(),
            as_root,
        };
        let data = server.data_dir();
        run(
            server.tool("initdb").arg("-D").arg(&data).args([
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
            ]),
            "initdb",
        );
        server.start_again();
        server
    }

    /// `postgres://postgres@127.0.0.1:<port>/postgres`
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Starts the server (again) on the same port and data, and waits until
    /// it accepts connections. Without `fsync` (a throwaway server need not
    /// survive a crash), unless `BENCH_PG_FSYNC=on` asks for a durable one,
    /// as production runs it (the ingress benchmark).
    pub fn start_again(&self) {
        let fsync = std::env::var("BENCH_PG_FSYNC").unwrap_or_else(|_| "off".to_owned());
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync={fsync}",
            self.port,
            self.dir.path().display()
        );
        run(
            self.tool("pg_ctl")
                .arg("-D")
                .arg(self.data_dir())
                .arg("-o")
                .arg(options)
                .arg("-l")
                .arg(self.dir.path().join("log"))
                .args(["-w", "start"]),
            "pg_ctl start",
        );
    }

    /// Kills the server at once, as a crash or a lost host would.
    pub fn stop(&self) {
        let _ = self
            .tool("pg_ctl")
            .arg("-D")
            .arg(self.data_dir())
            .args(["-m", "immediate", "-w", "stop"])
            .output();
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn tool(&self, name: &str) -> Command {
        let program = self.bin.join(name);
        if self.as_root {
            let mut cmd = Command::new("runuser");
            cmd.args(["-u", "postgres", "--"]).arg(program);
            cmd
        } else {
            Command::new(program)
        }
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        self.stop();
    }
}

fn run(cmd: &mut Command, what: &str) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

// benches/store.rs includes this file and is built with cfg(test) but
// without a test harness: its #[test] functions vanish, the helpers stay.
#[cfg(test)]
#[allow(dead_code, unused_imports)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    /// A directory holding (empty) server programs.
    fn fake_server_dir(dir: &Path) -> PathBuf {
        std::fs::create_dir_all(dir).unwrap();
        for name in SERVER_PROGRAMS {
            std::fs::write(dir.join(name), "").unwrap();
        }
        dir.to_path_buf()
    }

    #[test]
    fn the_newest_debian_version_holding_the_server_is_chosen() {
        let root = tempfile::tempdir().unwrap();
        fake_server_dir(&root.path().join("14/bin"));
        let newest = fake_server_dir(&root.path().join("16/bin"));
        std::fs::create_dir_all(root.path().join("17/bin")).unwrap();

        assert_eq!(newest_debian_bin(root.path()), Some(newest));
        assert_eq!(newest_debian_bin(&root.path().join("missing")), None);
    }

    #[test]
    fn pg_config_names_the_directory_when_the_server_is_there() {
        let dir = tempfile::tempdir().unwrap();
        let bin = fake_server_dir(&dir.path().join("server bin"));
        let empty = dir.path().join("empty");
        std::fs::create_dir_all(&empty).unwrap();
        let script = |name: &str, bindir: &Path| {
            let path = dir.path().join(name);
            std::fs::write(&path, format!("#!/bin/sh\necho '{}'\n", bindir.display())).unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
            path
        };

        let found = pg_config_bindir(script("pg_config", &bin).as_os_str());
        let without_server = pg_config_bindir(script("pg_config_empty", &empty).as_os_str());
        let missing = pg_config_bindir(dir.path().join("no_pg_config").as_os_str());

        assert_eq!(found, Some(bin));
        assert_eq!(without_server, None);
        assert_eq!(missing, None);
    }

    #[test]
    fn the_first_directory_on_path_holding_the_server_is_chosen() {
        let dir = tempfile::tempdir().unwrap();
        let partial = dir.path().join("only-initdb");
        std::fs::create_dir_all(&partial).unwrap();
        std::fs::write(partial.join("initdb"), "").unwrap();
        let first = fake_server_dir(&dir.path().join("first"));
        let second = fake_server_dir(&dir.path().join("second"));
        let path = std::env::join_paths([&partial, &first, &second]).unwrap();

        assert_eq!(on_path(&path), Some(first));
        assert_eq!(on_path(&std::env::join_paths([&partial]).unwrap()), None);
    }
}
