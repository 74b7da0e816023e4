//! A throwaway PostgreSQL server for one test: `initdb` into a temp dir,
//! `pg_ctl start` on 127.0.0.1 and a free port, stopped (`-m immediate`)
//! and deleted on drop. No mock: the real server binaries of the machine
//! (Debian's `postgresql` package, `/usr/lib/postgresql/<v>/bin`).
//!
//! As root (CI), initdb refuses to run, so the server runs as the
//! `postgres` user through `runuser`.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;

use tempfile::TempDir;

pub struct Postgres {
    dir: TempDir,
    bin: PathBuf,
    port: u16,
    as_root: bool,
}

/// The newest `/usr/lib/postgresql/<v>/bin` holding initdb; panics with
/// how to install it otherwise, so a test never passes without a database.
fn server_binaries() -> PathBuf {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    match found.pop() {
        Some((_, bin)) => bin,
        None => panic!(
            "\n\nThese tests need a real PostgreSQL server, and none was found in \
             /usr/lib/postgresql/<version>/bin.\nInstall it with: \
             sudo apt-get update && sudo apt-get install -y postgresql\n\
             (CI's .ci/run installs it by itself.)\n"
        ),
    }
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
    /// it accepts connections.
    pub fn start_again(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
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
