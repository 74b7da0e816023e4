//! A bot serving interactions over HTTP (`INTERACTIONS_ADDR`), and the
//! fake Discord delivering to it.

use super::bot::TestBot;
use super::fake_discord::{Answered, Invocation, Typed};

/// Environment for an HTTP worker on a port the system picks; see
/// [`TestBot::interactions_url`].
pub fn http_worker() -> Vec<(&'static str, String)> {
    vec![("INTERACTIONS_ADDR", "127.0.0.1:0".into())]
}

impl TestBot {
    /// Where the bot serves interactions, as it logs it once bound (the
    /// latest, across restarts): `http://IP:PORT`.
    pub async fn interactions_url(&self) -> String {
        let addr = self.logged_addr("serving interactions over HTTP").await;
        format!("http://{addr}")
    }

    /// Delivers `typed` over HTTP, signed; returns it and the bot's answer.
    pub async fn deliver(&self, typed: Typed<'_>) -> (Invocation, Answered) {
        let base = self.interactions_url().await;
        self.discord.deliver(&base, typed).await
    }
}
