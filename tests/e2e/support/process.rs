//! The bot's process: start, stop, kill and restart it, and collect what it
//! prints, by reader threads that are joined once it has exited, so the
//! last lines are in [`TestBot::output`] before anything checks it.

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::net::TcpSocket;

use super::bot::{diagnostics, prepare, prepare_beside, BotOptions, TestBot};
use super::checks::assert_no_secrets;
use super::fake_discord::FakeDiscord;
use super::{refusing_socket, wait_for_explained};

/// What the bot logs once every server's commands are in place.
pub const COMMANDS_IN_PLACE: &str = "slash commands are in place in every server";

/// Everything the bot printed, across restarts, and the threads copying it.
#[derive(Default)]
pub(super) struct Printed {
    text: Arc<Mutex<String>>,
    readers: Vec<JoinHandle<()>>,
}

impl Printed {
    pub(super) fn text(&self) -> String {
        self.text
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Copies `stream` line by line, on a thread of its own, until it ends.
    fn capture(&mut self, stream: Option<impl Read + Send + 'static>) {
        let Some(stream) = stream else { return };
        let echo = std::env::var_os("MJ_BRIDGE_TEST_ECHO").is_some();
        let into = self.text.clone();
        self.readers.push(std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if echo {
                    eprintln!("[bot] {line}");
                }
                let mut output = into.lock().unwrap_or_else(PoisonError::into_inner);
                output.push_str(&line);
                output.push('\n');
            }
        }));
    }

    /// Waits for every reader to reach the end of its stream. Call it once
    /// the process has exited: its pipes are closed, so the readers end
    /// after copying the last lines.
    pub(super) fn join(&mut self) {
        for reader in self.readers.drain(..) {
            // A reader only panics if the lock was poisoned; what it read is kept.
            let _ = reader.join();
        }
    }
}

impl TestBot {
    /// Starts the bot and waits until it says its commands are in place
    /// and every guild of [`TestBot::guilds`] has them; panics with its
    /// output if it exits first.
    pub async fn start(&mut self) {
        let guilds = self.guilds.clone();
        let said_before = self.output().matches(COMMANDS_IN_PLACE).count();
        self.launch();

        // The probe needs the child mutably, the failure message the rest.
        let (discord, output) = (&*self.discord, &self.output);
        let guilds = &guilds;
        let child = self.child.as_mut().expect("just launched");
        wait_for_explained(
            "the commands in place in every guild",
            Duration::from_secs(60),
            || diagnostics(discord, output),
            || {
                let exited = child.try_wait().ok().flatten();
                async move {
                    if let Some(status) = exited {
                        let printed = output.text();
                        panic!(
                            "mj-bridge exited with {status} before registering its commands:\n{printed}"
                        );
                    }
                    let said = output.text().matches(COMMANDS_IN_PLACE).count() > said_before;
                    let missing: Vec<&u64> = guilds
                        .iter()
                        .filter(|g| discord.guild_commands(**g).is_none())
                        .take(5)
                        .collect();
                    match (said, missing.is_empty()) {
                        (true, true) => Ok(()),
                        (false, _) => Err("the bot has not said its commands are in place".into()),
                        (true, false) => Err(format!("no commands yet in {missing:?}")),
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
        self.output.capture(child.stdout.take());
        self.output.capture(child.stderr.take());
        self.child = Some(child);
        self.launched = true;
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

    /// Waits up to 20 s for the bot to exit by itself, then for the last
    /// of its output. If it does not exit, the panic drops this `TestBot`,
    /// which kills it.
    pub async fn wait_exit(&mut self) -> ExitStatus {
        let output = &self.output;
        let child = self.child.as_mut().expect("the bot is running");
        let status = wait_for_explained(
            "mj-bridge to exit",
            Duration::from_secs(20),
            || format!("bot output:\n{}", output.text()),
            || {
                let exited = child.try_wait().expect("wait for mj-bridge");
                async move { exited.ok_or_else(|| "still running".to_owned()) }
            },
        )
        .await;
        self.child = None;
        self.output.join();
        status
    }

    /// Kills the bot at once (SIGKILL), if it runs, and collects the last
    /// of its output.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
            self.output.join();
        }
    }

    pub async fn restart(&mut self) {
        self.stop().await;
        self.start().await;
    }

    /// The bot's process id while it runs.
    #[allow(dead_code)] // only the relay benchmark (benches/relay/) uses it
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(std::process::Child::id)
    }

    /// Runs `mj-bridge check` with the test environment plus `env` (see
    /// [`run_to_end`]), and returns how it ended and its stdout.
    pub async fn run_check(&self, env: &[(&str, &str)]) -> (std::process::Output, String) {
        self.run_check_in(None, env).await
    }

    /// [`Self::run_check`] from `dir` (the bot's own empty directory unless
    /// given).
    pub async fn run_check_in(
        &self,
        dir: Option<&std::path::Path>,
        env: &[(&str, &str)],
    ) -> (std::process::Output, String) {
        let mut cmd = self.command();
        cmd.arg("check");
        if let Some(dir) = dir {
            cmd.current_dir(dir);
        }
        for (name, value) in env {
            cmd.env(name, value);
        }
        let output = tokio::task::spawn_blocking(move || run_to_end(&mut cmd))
            .await
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        (output, stdout)
    }
}

/// Starts `bot`, which must exit by itself; returns its exit code and
/// everything it printed (the test is then finished).
pub async fn exit_code_and_output(mut bot: TestBot) -> (Option<i32>, String) {
    bot.launch();
    let status = bot.wait_exit().await;
    let output = bot.output();
    bot.finish().await;
    (status.code(), output)
}

/// A bot (not started) whose Discord is an address where nothing listens,
/// so every connection to it is refused; that address, and the socket
/// holding its port (keep it as long as the bot runs).
pub async fn prepare_with_discord_refusing() -> (TestBot, SocketAddr, TcpSocket) {
    let (closed_port, nowhere) = refusing_socket();
    let bot =
        prepare(BotOptions::new().env("DISCORD_PROXY_URL", format!("http://{nowhere}"))).await;
    (bot, nowhere, closed_port)
}

/// Two processes of one bot made with `options` (the same fake Discord
/// and useapi; e.g. on one PostgreSQL with [`BotOptions::database`]), not
/// started yet: see [`start_together`].
pub async fn prepare_two(options: BotOptions) -> (TestBot, TestBot) {
    let first = prepare(options.clone()).await;
    let second = prepare_beside(&first, options);
    (first, second)
}

/// Starts both processes at once, and waits until each has its commands
/// in place.
pub async fn start_together(first: &mut TestBot, second: &mut TestBot) {
    first.launch();
    second.start().await;
    first.wait_for_line(COMMANDS_IN_PLACE).await;
}

/// Runs `cmd` (made by [`TestBot::command`], e.g. with `check` or `store
/// export`) to its end and returns what it printed; neither its stdout nor
/// its stderr may hold a token.
pub fn run_to_end(cmd: &mut Command) -> std::process::Output {
    let output = cmd.output().expect("run mj-bridge");
    for (stream, text) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        assert_no_secrets(
            &format!("the {stream} of mj-bridge"),
            &String::from_utf8_lossy(text),
        );
    }
    output
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
