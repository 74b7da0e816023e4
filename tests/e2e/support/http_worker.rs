//! A bot serving interactions over HTTP (`INTERACTIONS_ADDR`), and the
//! fake Discord delivering to it.

use super::bot::{spawn_bot_with, BotOptions, TestBot};
use super::fake_discord::{Answered, Invocation, Typed};

/// Starts an HTTP worker ([`BotOptions::http_worker`]) with `options`.
pub async fn spawn_worker(options: BotOptions) -> TestBot {
    spawn_bot_with(options.http_worker()).await
}

impl TestBot {
    /// Where the bot serves interactions, `http://IP:PORT`: an in-process
    /// bot's value, or as the bot logs it once bound (the latest, across
    /// restarts).
    pub async fn interactions_url(&self) -> String {
        let addr = match self.bound.interactions {
            Some(addr) => addr,
            None => self.logged_addr("serving interactions over HTTP").await,
        };
        format!("http://{addr}")
    }

    /// Delivers `typed` over HTTP, signed; returns it and the bot's answer.
    pub async fn deliver(&self, typed: Typed<'_>) -> (Invocation, Answered) {
        let base = self.interactions_url().await;
        self.discord.deliver(&base, typed).await
    }
}
