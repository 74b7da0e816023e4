//! The bot in the test's own process ([`Application`]), for tests that
//! need none of what only a process shows. It is made from the same
//! [`BotOptions`] as a child process (their environment is its settings),
//! runs on a task of the test's runtime until [`InProcessBot::finish`],
//! and its addresses are values ([`InProcessBot::health_addr`],
//! [`InProcessBot::interactions_addr`]), not log lines. It derefs to its
//! [`TestBot`], so the fakes, `deliver`, `reply`, `get("/metrics")` and
//! the helpers that take a `&TestBot` work unchanged.
//!
//! Spawn the bot as a child process ([`super::bot::spawn_bot_with`])
//! instead when a test reads its log (an in-process bot logs nowhere, so
//! `finish` checks only what it sent Discord for tokens), sends a signal,
//! expects an exit code, sets the open-file limit, measures memory or the
//! `process_*` figures, or skews Discord's clock (one per process, see
//! `src/cli/application.rs`).

use std::net::SocketAddr;
use std::ops::{Deref, DerefMut};
use std::time::Duration;

use mj_bridge::cli::{Application, Fatal};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::bot::{prepare, BotOptions, Bound, TestBot};
use super::wait_for_explained;

/// How long the bot may take to stop once told to (the drain included).
const STOPS_WITHIN: Duration = Duration::from_secs(20);

pub struct InProcessBot {
    bot: TestBot,
    running: Running,
}

/// The bot's task and what ends it. Dropped while the bot runs, it stops
/// the bot, and fails the test unless that test failed already: every
/// test ends with [`InProcessBot::finish`].
struct Running {
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<Result<(), Fatal>>>,
}

/// The fakes and the bot in this process, once its commands are in place
/// in every guild of [`TestBot::guilds`].
pub async fn spawn_in_process(options: BotOptions) -> InProcessBot {
    let mut bot = launch_in_process(prepare(options).await).await;
    bot.wait_for_commands().await;
    bot
}

/// Builds `bot` (made by [`prepare`], e.g. with the gateway paused) in
/// this process and runs it, without waiting for anything; panics with
/// the error and its exit code if it cannot be built.
pub async fn launch_in_process(mut bot: TestBot) -> InProcessBot {
    assert!(
        bot.options.open_files.is_none(),
        "the open-file limit is a process's: spawn the bot as a child process"
    );
    let env = bot.environment();
    let lookup = move |name: &str| {
        let mut set = env.iter().rev();
        set.find(|(n, _)| *n == name)
            .map(|(_, value)| value.clone())
    };
    let app = Application::build(lookup).await.unwrap_or_else(|e| {
        panic!(
            "the in-process bot was not built (exit code {}): {e}",
            e.exit_code()
        )
    });
    bot.bound = Bound {
        health: app.health_addr(),
        interactions: app.interactions_addr(),
    };
    let (stop, stopped) = oneshot::channel::<()>();
    // A dropped sender (a test that panicked) stops the bot too.
    let task = tokio::spawn(app.run_until(async {
        let _ = stopped.await;
    }));
    InProcessBot {
        bot,
        running: Running {
            stop: Some(stop),
            task: Some(task),
        },
    }
}

impl InProcessBot {
    /// Where `/healthz` and `/metrics` are served; needs
    /// [`BotOptions::health_server`].
    pub fn health_addr(&self) -> SocketAddr {
        let bound = self.bot.bound.health;
        bound.expect("no health server: use BotOptions::health_server()")
    }

    /// Where interactions are served over HTTP; needs
    /// [`BotOptions::http_worker`].
    pub fn interactions_addr(&self) -> SocketAddr {
        let bound = self.bot.bound.interactions;
        bound.expect("not an HTTP worker: use BotOptions::http_worker()")
    }

    /// Waits until every guild of [`TestBot::guilds`] has the commands;
    /// panics with the bot's error if it stops first.
    pub async fn wait_for_commands(&mut self) {
        let (bot, running) = (&self.bot, &mut self.running);
        let task = running.task.as_mut().expect("the bot runs");
        let in_place = wait_for_explained(
            "the commands in place in every guild",
            Duration::from_secs(60),
            || bot.diagnostics(),
            || async {
                let mut missing = bot.guilds.iter();
                match missing.find(|g| bot.discord.guild_commands(**g).is_none()) {
                    None => Ok(()),
                    Some(guild) => Err(format!("no commands yet in {guild}")),
                }
            },
        );
        tokio::select! {
            () = in_place => {}
            ended = task => panic!("the in-process bot stopped before its commands were in place: {ended:?}"),
        }
    }

    /// Stops the bot as SIGTERM stops a process (the commands in flight
    /// finish first) and checks that it stopped without an error, then
    /// what [`TestBot::finish`] checks. Every test ends with it.
    pub async fn finish(mut self) {
        let stopped = self.running.stop().await;
        assert!(
            stopped.is_ok(),
            "the in-process bot stopped with {stopped:?}"
        );
        self.bot.finish().await;
    }
}

impl Running {
    /// Tells the bot to stop and waits up to [`STOPS_WITHIN`] for it.
    async fn stop(&mut self) -> Result<(), String> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let task = self.task.take().expect("the bot runs");
        match tokio::time::timeout(STOPS_WITHIN, task).await {
            Ok(Ok(outcome)) => outcome.map_err(|e| format!("{e} (exit code {})", e.exit_code())),
            Ok(Err(join)) => Err(format!("its task failed: {join}")),
            Err(_) => Err(format!("it did not stop within {STOPS_WITHIN:?}")),
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let Some(task) = self.task.take() else { return };
        task.abort();
        assert!(
            std::thread::panicking(),
            "a test started an in-process bot but did not end with `bot.finish().await`, \
             which checks how it stopped, and its bodies for tokens and against Discord's spec"
        );
    }
}

impl Deref for InProcessBot {
    type Target = TestBot;

    fn deref(&self) -> &TestBot {
        &self.bot
    }
}

impl DerefMut for InProcessBot {
    fn deref_mut(&mut self) -> &mut TestBot {
        &mut self.bot
    }
}
