//! A real load balancer in front of HTTP workers: Caddy, from Debian's
//! package (`apt-get install caddy`), configured as `deploy/Caddyfile` is
//! (round robin, active health checks on `/healthz`, a refused connection
//! tried again on the other worker), without TLS, on loopback.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tempfile::TempDir;

use super::wait_for_explained;

/// Where the `caddy` binary is; panics saying how to install it.
fn binary() -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .map(|path| {
            std::env::split_paths(&path)
                .map(|dir| dir.join("caddy"))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    on_path
        .into_iter()
        .chain([PathBuf::from("/usr/bin/caddy")])
        .find(|candidate| candidate.is_file())
        .expect(
            "this test needs Caddy (the load balancer of deploy/Caddyfile): \
             on Debian or Ubuntu `sudo apt-get install -y caddy`; .ci/run installs it",
        )
}

/// A TCP port free on 127.0.0.1 and 127.0.0.2, below Linux's ephemeral
/// range (32768 and up): a port the system handed out for `:0` may be
/// handed out again, to an outgoing connection, before a worker binds it.
pub fn free_port() -> u16 {
    loop {
        let port = fastrand::u16(20_000..32_000);
        let free = ["127.0.0.1", "127.0.0.2"]
            .iter()
            .all(|host| TcpListener::bind((*host, port)).is_ok());
        if free {
            return port;
        }
    }
}

/// Caddy, running until dropped.
pub struct Caddy {
    child: Child,
    pub url: String,
    dir: TempDir,
}

impl Caddy {
    /// Balances `http://127.0.0.1:<port>` over the workers at `upstreams`
    /// (host:port), checking each one's `/healthz` on `health_port` every
    /// 250 ms.
    pub async fn start(upstreams: &[String], health_port: u16) -> Self {
        let dir = tempfile::tempdir().expect("a temp dir for Caddy");
        let port = free_port();
        let config = format!(
            "{{\n\tadmin off\n\tauto_https off\n}}\n\
             http://127.0.0.1:{port} {{\n\
             \treverse_proxy {upstreams} {{\n\
             \t\tlb_policy round_robin\n\
             \t\tlb_try_duration 5s\n\
             \t\tlb_try_interval 50ms\n\
             \t\tbuffer_requests\n\
             \t\thealth_uri /healthz\n\
             \t\thealth_port {health_port}\n\
             \t\thealth_interval 250ms\n\
             \t}}\n}}\n",
            upstreams = upstreams.join(" "),
        );
        let file = dir.path().join("Caddyfile");
        std::fs::write(&file, config).expect("write the Caddyfile");
        let log = std::fs::File::create(dir.path().join("caddy.log")).expect("Caddy's log");
        let child = Command::new(binary())
            .args(["run", "--adapter", "caddyfile", "--config"])
            .arg(&file)
            .env("HOME", dir.path())
            .env("XDG_DATA_HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start caddy");
        let url = format!("http://127.0.0.1:{port}");
        let caddy = Self { child, url, dir };
        let listening = format!("127.0.0.1:{port}");
        wait_for_explained(
            "Caddy to listen",
            Duration::from_secs(20),
            || caddy.log(),
            || {
                let listening = listening.clone();
                async move {
                    match tokio::net::TcpStream::connect(listening).await {
                        Ok(_) => Ok(()),
                        Err(err) => Err(err.to_string()),
                    }
                }
            },
        )
        .await;
        caddy
    }

    /// What Caddy logged, for a failure message.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("caddy.log")).unwrap_or_default()
    }
}

impl Drop for Caddy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
