//! What every test proves about the bot it started, so the whole suite
//! proves it: no token in anything the bot printed or sent to Discord, and
//! no body Discord's spec would reject. [`TestBot::finish`] checks both,
//! explicitly, at the end of each test; dropping a started bot without it
//! fails the test.

use super::bot::{TestBot, DISCORD_TOKEN, USEAPI_TOKEN};
use super::fake_discord::INTERACTION_TOKEN_PREFIX;
use super::own_accounts::KEY_SECRETS;
use super::useapi_tokens::OWN_TOKEN_PREFIX;

/// Panics if `text` (named `what` in the message) holds the bot's token,
/// useapi's, a server's own useapi token, an interaction's, or a key of
/// `SECRETS_KEY`: every interaction token the fake issues starts with
/// [`INTERACTION_TOKEN_PREFIX`], every server's token with
/// [`OWN_TOKEN_PREFIX`].
pub fn assert_no_secrets(what: &str, text: &str) {
    for (secret, name) in [
        (DISCORD_TOKEN, "DISCORD_TOKEN"),
        (USEAPI_TOKEN, "USEAPI_TOKEN"),
        (INTERACTION_TOKEN_PREFIX, "an interaction token"),
        (OWN_TOKEN_PREFIX, "a server's own useapi token"),
        (KEY_SECRETS[0], "a key of SECRETS_KEY"),
        (KEY_SECRETS[1], "a key of SECRETS_KEY"),
    ] {
        assert!(!text.contains(secret), "{name} appeared in {what}:\n{text}");
    }
}

/// Panics unless `line` is one JSON log line shaped as log collectors
/// expect: an object with `timestamp` (RFC 3339, UTC), `level`, `target`
/// and `message` as strings at its top level. Returns the line's object.
pub fn assert_log_line(line: &str) -> serde_json::Value {
    let value: serde_json::Value =
        serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
    for key in ["timestamp", "level", "target", "message"] {
        assert!(
            value[key].is_string(),
            "no `{key}` string at the top level: {line}"
        );
    }
    assert!(value.get("fields").is_none(), "fields are nested: {line}");
    let level = value["level"].as_str().unwrap();
    assert!(
        ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"].contains(&level),
        "{line}"
    );
    let timestamp = value["timestamp"].as_str().unwrap().as_bytes();
    assert!(
        timestamp.len() >= 20
            && timestamp[4] == b'-'
            && timestamp[10] == b'T'
            && timestamp.ends_with(b"Z"),
        "not an RFC 3339 UTC time: {line}"
    );
    value
}

impl TestBot {
    /// Ends the test's use of the bot: stops it (SIGTERM, as systemd does)
    /// if it still runs, waits for its reader threads to copy the last of
    /// its output, then checks that output for tokens and that every body
    /// the bot sent passed Discord's spec. Every test that starts a bot
    /// calls it last.
    pub async fn finish(mut self) {
        self.finished = true;
        if self.child.is_some() {
            self.stop().await;
        }
        // Also joined by `stop`; here for a bot that exited by itself.
        self.output.join();
        assert_no_secrets("the bot's output", &self.output());
        // A token in a reply or a post is shown to the whole channel.
        for request in self.discord.requests().await {
            let what = format!("the body of {} {}", request.method, request.path);
            assert_no_secrets(&what, &request.body.to_string());
        }
        let violations = self.discord.schema_violations();
        assert!(
            violations.is_empty(),
            "bodies Discord would reject: {violations:#?}"
        );
    }
}

impl Drop for TestBot {
    fn drop(&mut self) {
        self.kill();
        if std::thread::panicking() {
            // The test failed already: show what the bot said, and never
            // panic again (a panic while panicking aborts the whole run).
            eprintln!("--- mj-bridge output ---\n{}\n--- end ---", self.output());
            return;
        }
        // The relay benchmark shares this file and keeps its bot to the end
        // of its run (cargo builds it with cfg(test) too): only the e2e tests
        // must finish.
        assert!(
            env!("CARGO_CRATE_NAME") != "e2e" || !self.launched || self.finished,
            "a test started mj-bridge but did not end with `bot.finish().await`, \
             which checks the bot's output for tokens and its bodies against \
             Discord's spec\n--- mj-bridge output ---\n{}\n--- end ---",
            self.output()
        );
    }
}

/// Asserts that `text` holds `part`, showing the whole text when it does not.
#[track_caller]
pub fn assert_contains(text: &str, part: &str) {
    assert!(text.contains(part), "expected {part:?} in: {text}");
}
