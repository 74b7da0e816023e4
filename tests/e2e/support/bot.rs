//! `spawn_bot()`: both fakes on random ports, a temporary mapping file, and
//! the real `mj-bridge` binary pointed at them.
//!
//! What a [`TestBot`] does is split by concern: this file makes one and
//! reads its settings; [`super::process`] starts and stops the process and
//! collects what it prints; [`super::replies`] sends interactions and reads
//! the replies from the fake Discord; [`super::checks`] ends a test with
//! [`TestBot::finish`], the token-leak and schema checks.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command};
use std::sync::Arc;
use std::time::Duration;

use tempfile::TempDir;
use wiremock::MockServer;

use super::fake_discord::{FakeDiscord, GUILDS};
use super::process::Printed;
use super::wait_for_explained;

/// Token values that must never show up in the bot's output.
pub const DISCORD_TOKEN: &str = "MTAxNDk.fake-discord-token.S3CR3T-d1sc0rd";
pub const USEAPI_TOKEN: &str = "user:4242-S3CR3T-us3ap1-token";
/// Permissions of an ordinary member (View Channel + Send Messages), and of a server manager.
pub const MEMBER: &str = "3072";
pub const MANAGER: &str = "32";

/// How long a test waits for useapi's recorded requests before saying why
/// they may never come (a job held at a closed [`super::UseapiGate`]).
const USEAPI_READ_TIMEOUT: Duration = Duration::from_secs(20);

/// Environment for the health server on a port the system picks as the bot
/// binds it, so no other process can take it between choosing and binding;
/// [`TestBot::health_addr`] reads back which.
pub fn health_server_on_any_port() -> Vec<(&'static str, String)> {
    vec![("HTTP_ADDR", "127.0.0.1:0".into())]
}

#[derive(Debug, Default, Clone)]
pub struct BotOptions {
    /// Initial contents of the mapping file; none means no file.
    pub channels_json: Option<String>,
    /// Extra environment, e.g. `USEAPI_TIMEOUT_SECS`.
    pub env: Vec<(&'static str, String)>,
    /// Overrides USEAPI_BASE_URL (default: the wiremock server).
    pub useapi_base_url: Option<String>,
    /// The fake Discord can hold a route ([`FakeDiscord::hold_posts_in`]):
    /// the bot talks to it through a front, one more hop.
    pub slow_routes: bool,
    /// The bot's open-file limit (`ulimit -n`), as systemd's default 1024.
    pub open_files: Option<u64>,
}

impl BotOptions {
    /// The defaults: no mapping file, the wiremock useapi, no health server.
    pub fn new() -> Self {
        Self::default()
    }

    /// The defaults, plus the health server on a port the bot picks
    /// ([`health_server_on_any_port`]).
    pub fn with_health_server() -> Self {
        Self::new().health_server()
    }

    /// One more environment variable (a later one wins).
    pub fn env(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.env.push((name, value.into()));
        self
    }

    /// More environment variables, in order.
    pub fn envs(mut self, vars: impl IntoIterator<Item = (&'static str, String)>) -> Self {
        self.env.extend(vars);
        self
    }

    /// The mapping file's contents at start.
    pub fn channels(mut self, json: impl Into<String>) -> Self {
        self.channels_json = Some(json.into());
        self
    }

    /// `USEAPI_BASE_URL` somewhere else than the wiremock server.
    pub fn useapi_at(mut self, url: impl Into<String>) -> Self {
        self.useapi_base_url = Some(url.into());
        self
    }

    /// Through a front that can hold a route ([`BotOptions::slow_routes`]).
    pub fn slow_routes(mut self) -> Self {
        self.slow_routes = true;
        self
    }

    /// The bot's open-file limit (`ulimit -n`).
    pub fn open_files(mut self, limit: u64) -> Self {
        self.open_files = Some(limit);
        self
    }

    /// The health server (`HTTP_ADDR`) on a port the bot picks; see
    /// [`TestBot::health_addr`].
    pub fn health_server(self) -> Self {
        self.envs(health_server_on_any_port())
    }

    /// An HTTP worker (`INTERACTIONS_ADDR`) on a port the bot picks; see
    /// [`TestBot::interactions_url`].
    pub fn http_worker(self) -> Self {
        self.env("INTERACTIONS_ADDR", "127.0.0.1:0")
    }

    /// The settings in `pg` (`DATABASE_URL`) instead of the mapping file.
    pub fn database(self, pg: &super::postgres::Postgres) -> Self {
        self.env("DATABASE_URL", pg.url())
    }

    /// `SECRETS_KEY`: the key ring `keys` (e.g. [`super::own_accounts::KEY_1`]).
    pub fn secrets_key(self, keys: &str) -> Self {
        let (name, value) = super::own_accounts::secrets_key(keys);
        self.env(name, value)
    }

    /// `COMMAND_COOLDOWN_SECS`: a member's wait between two commands.
    pub fn cooldown(self, secs: u64) -> Self {
        self.env("COMMAND_COOLDOWN_SECS", secs.to_string())
    }

    /// `ALLOWED_GUILDS`: whose servers may spend the operator's account.
    pub fn allowed_guilds(self, list: impl Into<String>) -> Self {
        self.env("ALLOWED_GUILDS", list)
    }

    /// `SHARDS`: the shard range this process runs (e.g. `0-0/2`).
    pub fn shards(self, range: &str) -> Self {
        self.env("SHARDS", range)
    }

    /// `RUST_LOG` instead of the tests' `debug`.
    pub fn rust_log(self, filter: &str) -> Self {
        self.env("RUST_LOG", filter)
    }

    /// `USEAPI_ACCOUNT_CHECK_SECS`: how often the account list is read (0,
    /// the tests' default, never).
    pub fn account_checks_every(self, secs: u64) -> Self {
        self.env("USEAPI_ACCOUNT_CHECK_SECS", secs.to_string())
    }
}

pub struct TestBot {
    /// Shared with the bots of [`prepare_beside`].
    pub discord: Arc<FakeDiscord>,
    pub useapi: Arc<MockServer>,
    pub channels_file: PathBuf,
    /// The guilds `start` waits for registration in (default: all of
    /// GUILDS); a process running some of the shards registers only theirs.
    pub guilds: Vec<u64>,
    pub(super) dir: TempDir,
    pub(super) options: BotOptions,
    pub(super) child: Option<Child>,
    /// Everything the bot printed, across restarts.
    pub(super) output: Printed,
    /// Whether the process was ever started: then the test must end with
    /// [`TestBot::finish`].
    pub(super) launched: bool,
    pub(super) finished: bool,
    /// The addresses a bot in the test's process bound, known as values
    /// ([`super::in_process`]); unset, they are read from the bot's log.
    pub(super) bound: Bound,
}

/// Where an in-process bot serves (`HTTP_ADDR`, `INTERACTIONS_ADDR`).
#[derive(Debug, Default, Clone, Copy)]
pub struct Bound {
    pub health: Option<SocketAddr>,
    pub interactions: Option<SocketAddr>,
}

/// Starts the fakes and the bot, and waits until its commands are registered.
pub async fn spawn_bot() -> TestBot {
    spawn_bot_with(BotOptions::default()).await
}

pub async fn spawn_bot_with(options: BotOptions) -> TestBot {
    let mut bot = prepare(options).await;
    bot.start().await;
    bot
}

/// The fakes and the file, without starting the bot.
pub async fn prepare(options: BotOptions) -> TestBot {
    let discord = Arc::new(if options.slow_routes {
        FakeDiscord::start_with_front().await
    } else {
        FakeDiscord::start().await
    });
    let useapi = Arc::new(MockServer::start().await);
    prepare_with(discord, useapi, options)
}

/// The bot against `discord` (set up beforehand, e.g. with more guilds)
/// and a fresh fake useapi.
#[allow(dead_code)] // only the relay benchmark (benches/relay/) uses it
pub async fn prepare_on(discord: Arc<FakeDiscord>, options: BotOptions) -> TestBot {
    let useapi = Arc::new(MockServer::start().await);
    prepare_with(discord, useapi, options)
}

/// Another bot process against the same fake Discord and useapi as
/// `other` (e.g. the other half of the shards), with its own directory.
pub fn prepare_beside(other: &TestBot, options: BotOptions) -> TestBot {
    prepare_with(other.discord.clone(), other.useapi.clone(), options)
}

fn prepare_with(
    discord: Arc<FakeDiscord>,
    useapi: Arc<MockServer>,
    options: BotOptions,
) -> TestBot {
    let dir = tempfile::tempdir().expect("temp dir");
    let channels_file = dir.path().join("config").join("channels.json");
    if let Some(contents) = &options.channels_json {
        std::fs::create_dir_all(dir.path().join("config")).expect("config dir");
        std::fs::write(&channels_file, contents).expect("write mapping file");
    }
    TestBot {
        discord,
        useapi,
        channels_file,
        guilds: GUILDS.to_vec(),
        dir,
        options,
        child: None,
        output: Printed::default(),
        launched: false,
        finished: false,
        bound: Bound::default(),
    }
}

impl TestBot {
    /// The bot's command line with the test environment, run from an empty
    /// directory so a developer's `.env` is never read.
    pub fn command(&self) -> Command {
        // MJ_BRIDGE_BIN: another build to measure (the benchmark's before/after).
        let bin = std::env::var_os("MJ_BRIDGE_BIN").map_or_else(
            || PathBuf::from(env!("CARGO_BIN_EXE_mj-bridge")),
            PathBuf::from,
        );
        let mut cmd = match self.options.open_files {
            // `exec` keeps the pid, so signals still reach the bot.
            Some(limit) => {
                let mut sh = Command::new("/bin/sh");
                sh.arg("-c")
                    .arg(format!("ulimit -n {limit} && exec \"$0\" \"$@\""))
                    .arg(bin);
                sh
            }
            None => Command::new(bin),
        };
        cmd.current_dir(self.dir.path())
            .env_clear()
            .envs(self.environment());
        cmd
    }

    /// The bot's whole environment, in order (a later variable wins): the
    /// test defaults, then [`BotOptions::env`]. A child process gets it as
    /// its environment, an in-process bot as its settings.
    pub fn environment(&self) -> Vec<(&'static str, String)> {
        let useapi = self.options.useapi_base_url.clone();
        let mut env = vec![
            ("DISCORD_TOKEN", DISCORD_TOKEN.to_owned()),
            ("USEAPI_TOKEN", USEAPI_TOKEN.to_owned()),
            (
                "USEAPI_BASE_URL",
                useapi.unwrap_or_else(|| self.useapi.uri()),
            ),
            ("DISCORD_PROXY_URL", self.discord.url()),
            ("CHANNELS_FILE", self.channels_file.display().to_string()),
            (
                "RUST_LOG",
                "debug,h2=info,hyper=info,rustls=info,tungstenite=info".to_owned(),
            ),
            ("NO_COLOR", "1".to_owned()),
            // No account polls unless a test asks (they would show up among
            // useapi's requests); tests/e2e/account_health.rs turns them on.
            ("USEAPI_ACCOUNT_CHECK_SECS", "0".to_owned()),
            // No load balancer to wait for, unless a test says so.
            ("SHUTDOWN_DELAY_SECS", "0".to_owned()),
        ];
        env.extend(self.options.env.iter().cloned());
        env
    }

    /// Everything the bot printed so far, across restarts.
    pub fn output(&self) -> String {
        self.output.text()
    }

    /// What a failure message needs: the bodies Discord would have rejected
    /// and everything the bot printed.
    pub fn diagnostics(&self) -> String {
        diagnostics(&self.discord, &self.output)
    }

    /// Every request useapi has received. Panics instead of waiting for
    /// ever while a job is held at a closed [`super::UseapiGate`] (which
    /// holds wiremock's state): open the gate first.
    pub async fn useapi_requests(&self) -> Vec<wiremock::Request> {
        tokio::time::timeout(USEAPI_READ_TIMEOUT, self.useapi.received_requests())
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "useapi's requests could not be read within {USEAPI_READ_TIMEOUT:?}: \
                     is a job held at a closed UseapiGate? Open it before reading them."
                )
            })
            .unwrap_or_default()
    }

    /// Waits until the bot has printed a line holding `text`, and returns
    /// the first such line.
    pub async fn wait_for_line(&self, text: &str) -> String {
        wait_for_explained(
            &format!("a line with {text:?} in the bot's output"),
            Duration::from_secs(20),
            || self.diagnostics(),
            || async {
                let output = self.output();
                let line = output.lines().find(|l| l.contains(text));
                line.map(str::to_owned).ok_or_else(String::new)
            },
        )
        .await
    }

    /// The address of /healthz and /metrics: an in-process bot's value, or
    /// as the bot logs it once bound (the latest, across restarts). See
    /// [`health_server_on_any_port`].
    pub async fn health_addr(&self) -> SocketAddr {
        if let Some(addr) = self.bound.health {
            return addr;
        }
        self.logged_addr("/healthz and /metrics").await
    }

    /// The `addr=IP:PORT` of the latest line holding `line_text` (across
    /// restarts), waited for.
    pub async fn logged_addr(&self, line_text: &str) -> SocketAddr {
        wait_for_explained(
            &format!("the bot to log {line_text:?} with its address"),
            Duration::from_secs(30),
            || self.diagnostics(),
            || async {
                let output = self.output();
                let line = output
                    .lines()
                    .rev()
                    .find(|line| line.contains(line_text))
                    .ok_or_else(String::new)?;
                line.split_whitespace()
                    .find_map(|field| field.strip_prefix("addr="))
                    .and_then(|addr| addr.trim_matches('"').parse().ok())
                    .ok_or_else(|| format!("no addr=IP:PORT in {line:?}"))
            },
        )
        .await
    }

    /// `GET` `path` (e.g. `/metrics`) from the bot's health server: the
    /// status and the body.
    pub async fn get(&self, path: &str) -> (u16, String) {
        let url = format!("http://{}{path}", self.health_addr().await);
        let response = reqwest::get(&url).await.expect("the health server answers");
        (
            response.status().as_u16(),
            response.text().await.unwrap_or_default(),
        )
    }

    /// Waits until `/metrics` says no command is in flight, and returns the
    /// metrics then. Needs the health server ([`health_server_on_any_port`]).
    pub async fn wait_until_idle(&self) -> String {
        self.wait_for_metric("mj_bridge_commands_in_flight 0").await
    }

    /// Waits until `/metrics` has the line `sample` (e.g.
    /// `mj_bridge_audit_lines_dropped_total 4`), and returns the metrics
    /// then. Needs the health server ([`health_server_on_any_port`]).
    pub async fn wait_for_metric(&self, sample: &str) -> String {
        wait_for_explained(
            &format!("/metrics to say {sample}"),
            Duration::from_secs(20),
            || self.diagnostics(),
            || async {
                let (_, metrics) = self.get("/metrics").await;
                let name = sample.split_whitespace().next().unwrap_or_default();
                match metrics.lines().any(|l| l == sample) {
                    true => Ok(metrics),
                    false => Err(metrics
                        .lines()
                        .filter(|l| l.starts_with(name))
                        .collect::<Vec<_>>()
                        .join("; ")),
                }
            },
        )
        .await
    }
}

pub(super) fn diagnostics(discord: &FakeDiscord, output: &Printed) -> String {
    format!(
        "schema violations: {:#?}\nbot output:\n{}",
        discord.schema_violations(),
        output.text()
    )
}
