//! A bot serving interactions over HTTP (`INTERACTIONS_ADDR`), and the
//! fake Discord delivering to it.

use std::time::Duration;

use super::bot::TestBot;
use super::fake_discord::{Answered, Invocation, Typed};
use super::wait_for_explained;

/// Environment for an HTTP worker on a port the system picks; see
/// [`TestBot::interactions_url`].
pub fn http_worker() -> Vec<(&'static str, String)> {
    vec![("INTERACTIONS_ADDR", "127.0.0.1:0".into())]
}

impl TestBot {
    /// Where the bot serves interactions, as it logs it once bound (the
    /// latest, across restarts): `http://IP:PORT`.
    pub async fn interactions_url(&self) -> String {
        wait_for_explained(
            "the bot to log where it serves interactions",
            Duration::from_secs(30),
            || self.diagnostics(),
            || async {
                let output = self.output();
                let line = output
                    .lines()
                    .rev()
                    .find(|line| line.contains("serving interactions over HTTP"))
                    .ok_or_else(String::new)?;
                line.split_whitespace()
                    .find_map(|field| field.strip_prefix("addr="))
                    .map(|addr| format!("http://{}", addr.trim_matches('"')))
                    .ok_or_else(|| format!("no addr=IP:PORT in {line:?}"))
            },
        )
        .await
    }

    /// Delivers `typed` over HTTP, signed; returns it and the bot's answer.
    pub async fn deliver(&self, typed: Typed<'_>) -> (Invocation, Answered) {
        let base = self.interactions_url().await;
        self.discord.deliver(&base, typed).await
    }
}
