//! `spawn_bot()`: both fakes on random ports, a temporary mapping file, and
//! the real `mj-bridge` binary pointed at them.

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};
use tempfile::TempDir;
use wiremock::MockServer;

use super::fake_discord::{
    FakeDiscord, Invocation, Place, Recorded, GUILDS, INTERACTION_TOKEN_PREFIX,
};
use super::{wait_for_explained, wait_until};

/// Token values that must never show up in the bot's output.
pub const DISCORD_TOKEN: &str = "MTAxNDk.fake-discord-token.S3CR3T-d1sc0rd";
pub const USEAPI_TOKEN: &str = "user:4242-S3CR3T-us3ap1-token";
/// Permissions of an ordinary member (View Channel + Send Messages), and of a server manager.
pub const MEMBER: &str = "3072";
pub const MANAGER: &str = "32";

const REPLY_TIMEOUT: Duration = Duration::from_secs(20);

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
}

pub struct TestBot {
    /// Shared with the bots of [`prepare_beside`].
    pub discord: Arc<FakeDiscord>,
    pub useapi: Arc<MockServer>,
    pub channels_file: PathBuf,
    /// The guilds `start` waits for registration in (default: all of
    /// GUILDS); a process running some of the shards registers only theirs.
    pub guilds: Vec<u64>,
    dir: TempDir,
    options: BotOptions,
    child: Option<Child>,
    /// Everything the bot printed, across restarts.
    output: Arc<Mutex<String>>,
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
    let discord = Arc::new(FakeDiscord::start().await);
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
        output: Arc::default(),
    }
}

/// One message the bot sent for an interaction, whatever the route.
#[derive(Debug, Clone)]
pub struct Sent {
    pub method: String,
    pub path: String,
    pub content: String,
    pub ephemeral: bool,
    pub body: Value,
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
        let mut cmd = Command::new(bin);
        cmd.current_dir(self.dir.path())
            .env_clear()
            .env("DISCORD_TOKEN", DISCORD_TOKEN)
            .env("USEAPI_TOKEN", USEAPI_TOKEN)
            .env(
                "USEAPI_BASE_URL",
                self.options
                    .useapi_base_url
                    .clone()
                    .unwrap_or_else(|| self.useapi.uri()),
            )
            .env("DISCORD_PROXY_URL", self.discord.url())
            .env("CHANNELS_FILE", &self.channels_file)
            .env(
                "RUST_LOG",
                "debug,h2=info,hyper=info,rustls=info,tungstenite=info",
            )
            .env("NO_COLOR", "1");
        for (name, value) in &self.options.env {
            cmd.env(name, value);
        }
        cmd
    }

    pub async fn start(&mut self) {
        let guilds = self.guilds.clone();
        let registrations_before = registrations(&self.discord, &guilds).await;
        self.launch();

        // The probe needs the child mutably, the failure message the rest.
        let (discord, output, before) = (&*self.discord, &self.output, &registrations_before);
        let guilds = &guilds;
        let child = self.child.as_mut().expect("just launched");
        wait_for_explained(
            "command registration in every guild",
            Duration::from_secs(30),
            || diagnostics(discord, output),
            || {
                let exited = child.try_wait().ok().flatten();
                async move {
                    if let Some(status) = exited {
                        // Copied first: panicking while holding the lock would poison it.
                        let printed = output.lock().unwrap().clone();
                        panic!(
                            "mj-bridge exited with {status} before registering its commands:\n{printed}"
                        );
                    }
                    let now = registrations(discord, guilds).await;
                    if now.iter().zip(before).all(|(n, b)| n > b) {
                        Ok(())
                    } else {
                        Err(format!(
                            "bulk overwrites per guild {now:?}, {before:?} before"
                        ))
                    }
                }
            },
        )
        .await;
    }

    /// Starts the bot without waiting for anything.
    pub fn launch(&mut self) {
        let mut child = self
            .command()
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start mj-bridge");
        capture(child.stdout.take(), self.output.clone());
        capture(child.stderr.take(), self.output.clone());
        self.child = Some(child);
    }

    /// Sends SIGTERM and waits for the bot to exit.
    pub async fn stop(&mut self) -> ExitStatus {
        self.terminate();
        self.wait_exit().await
    }

    /// Sends SIGTERM without waiting.
    pub fn terminate(&self) {
        let child = self.child.as_ref().expect("the bot is running");
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
    }

    /// Waits up to 20 s for the bot to exit by itself. If it does not, the
    /// panic drops this `TestBot`, which kills it.
    pub async fn wait_exit(&mut self) -> ExitStatus {
        let output = &self.output;
        let child = self.child.as_mut().expect("the bot is running");
        let status = wait_for_explained(
            "mj-bridge to exit",
            Duration::from_secs(20),
            || format!("bot output:\n{}", output.lock().unwrap()),
            || {
                let exited = child.try_wait().expect("wait for mj-bridge");
                async move { exited.ok_or_else(|| "still running".to_owned()) }
            },
        )
        .await;
        self.child = None;
        status
    }

    pub async fn restart(&mut self) {
        self.stop().await;
        self.start().await;
    }

    /// The bot's process id while it runs.
    #[allow(dead_code)] // used by benches/relay.rs
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    pub fn output(&self) -> String {
        self.output.lock().unwrap().clone()
    }

    /// What a failure message needs: the bodies Discord would have rejected
    /// and everything the bot printed.
    pub fn diagnostics(&self) -> String {
        diagnostics(&self.discord, &self.output)
    }

    /// The address of /healthz and /metrics, as the bot logs it once bound
    /// (the latest, across restarts). See [`health_server_on_any_port`].
    pub async fn health_addr(&self) -> SocketAddr {
        wait_for_explained(
            "the bot to log the address of /healthz and /metrics",
            Duration::from_secs(30),
            || self.diagnostics(),
            || async {
                let output = self.output();
                let line = output
                    .lines()
                    .rev()
                    .find(|line| line.contains("serving /healthz and /metrics"))
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

    pub async fn invoke_fast(&self, place: Place) -> Invocation {
        self.invoke_verb(place, "fast").await
    }

    /// A Midjourney command (no options) typed by an ordinary member.
    pub async fn invoke_verb(&self, place: Place, verb: &str) -> Invocation {
        self.discord.invoke(place, verb, json!([]), MEMBER).await
    }

    /// `/mj-channel <sub> <args>` typed at `place` by a member with `permissions`.
    pub async fn invoke_admin(
        &self,
        place: Place,
        permissions: &str,
        sub: &str,
        args: Value,
    ) -> Invocation {
        let options = json!([{"name": sub, "type": 1, "options": args}]);
        self.discord
            .invoke(place, "mj-channel", options, permissions)
            .await
    }

    /// Every message sent for `inv` so far: an immediate reply, the edit of
    /// the deferred reply, and followups, in order. Defers are not messages.
    pub async fn replies_for(&self, inv: &Invocation) -> Vec<Sent> {
        let requests: Vec<Recorded> = self
            .discord
            .requests()
            .await
            .into_iter()
            .filter(|r| r.path.contains(&format!("/{}", inv.token)))
            .collect();
        // An edit of a reply deferred as ephemeral is ephemeral too.
        let deferred_ephemeral = requests.iter().any(|r| {
            r.path.ends_with("/callback")
                && r.body["type"] == 5
                && r.body["data"]["flags"]
                    .as_u64()
                    .is_some_and(|f| f & 64 != 0)
        });
        requests
            .into_iter()
            .filter(|r| match r.method.as_str() {
                "POST" if r.path.ends_with("/callback") => r.body["type"] == 4,
                "POST" | "PATCH" => true,
                _ => false,
            })
            .map(|r| {
                let data = if r.path.ends_with("/callback") {
                    &r.body["data"]
                } else {
                    &r.body
                };
                Sent {
                    content: data["content"].as_str().unwrap_or_default().to_owned(),
                    ephemeral: data["flags"].as_u64().is_some_and(|f| f & 64 != 0)
                        || (deferred_ephemeral && r.path.ends_with("/messages/@original")),
                    body: data.clone(),
                    method: r.method,
                    path: r.path,
                }
            })
            .collect()
    }

    /// Waits until `inv` has at least `count` messages and returns them all.
    pub async fn wait_for_replies(&self, inv: &Invocation, count: usize) -> Vec<Sent> {
        wait_for_explained(
            &format!("{count} replies to interaction {}", inv.id),
            REPLY_TIMEOUT,
            || self.diagnostics(),
            || async {
                let replies = self.replies_for(inv).await;
                if replies.len() >= count {
                    Ok(replies)
                } else {
                    Err(format!("{} replies", replies.len()))
                }
            },
        )
        .await
    }

    /// The suggestions the bot answered an autocomplete interaction with.
    pub async fn suggestions_for(&self, inv: &Invocation) -> Vec<Value> {
        let callback = format!("/{}/{}/callback", inv.id, inv.token);
        let answer = wait_for_explained(
            &format!("an autocomplete answer for {}", inv.id),
            REPLY_TIMEOUT,
            || self.diagnostics(),
            || async {
                self.discord
                    .requests()
                    .await
                    .into_iter()
                    .find(|r| r.path.ends_with(&callback) && r.body["type"] == 8)
                    .ok_or_else(String::new)
            },
        )
        .await;
        answer.body["data"]["choices"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The first message sent for `inv`.
    pub async fn reply(&self, inv: &Invocation) -> Sent {
        self.wait_for_replies(inv, 1).await.remove(0)
    }

    pub async fn useapi_requests(&self) -> Vec<wiremock::Request> {
        self.useapi.received_requests().await.unwrap_or_default()
    }

    /// Waits until the bot has reconnected after a gateway drop.
    pub async fn wait_for_reconnect(&self, sessions_before: usize) {
        wait_until(
            "the bot to RESUME or IDENTIFY again",
            Duration::from_secs(30),
            || async {
                self.discord.identifies() + self.discord.resumes() > sessions_before
                    && self.discord.is_connected()
            },
        )
        .await;
    }
}

impl Drop for TestBot {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let output = self.output();
        if std::thread::panicking() {
            eprintln!("--- mj-bridge output ---\n{output}\n--- end ---");
            return;
        }
        // Checked for every test, so the whole suite proves these. Every
        // interaction token the fake issues starts with INTERACTION_TOKEN_PREFIX.
        for secret in [DISCORD_TOKEN, USEAPI_TOKEN, INTERACTION_TOKEN_PREFIX] {
            assert!(
                !output.contains(secret),
                "a token appeared in the bot's output:\n{output}"
            );
        }
        let violations = self.discord.schema_violations();
        assert!(
            violations.is_empty(),
            "bodies Discord would reject: {violations:#?}"
        );
    }
}

/// How many bulk overwrites each of `guilds` has received.
pub async fn registrations(discord: &FakeDiscord, guilds: &[u64]) -> Vec<usize> {
    let requests = discord.requests().await;
    guilds
        .iter()
        .map(|guild| {
            let path = format!("/guilds/{guild}/commands");
            requests
                .iter()
                .filter(|r| r.method == "PUT" && r.path.ends_with(&path))
                .count()
        })
        .collect()
}

fn diagnostics(discord: &FakeDiscord, output: &Mutex<String>) -> String {
    format!(
        "schema violations: {:#?}\nbot output:\n{}",
        discord.schema_violations(),
        output.lock().unwrap()
    )
}

fn capture(stream: Option<impl Read + Send + 'static>, into: Arc<Mutex<String>>) {
    let Some(stream) = stream else { return };
    let echo = std::env::var_os("MJ_BRIDGE_TEST_ECHO").is_some();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if echo {
                eprintln!("[bot] {line}");
            }
            let mut output = into.lock().unwrap();
            output.push_str(&line);
            output.push('\n');
        }
    });
}
