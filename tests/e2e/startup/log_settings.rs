//! The log's own settings: a `RUST_LOG` that does not parse stops the bot
//! at start, naming it, instead of being dropped silently (the operator
//! would get some other log than the one asked for, or none); with
//! `LOG_FORMAT=json` even that line is JSON, shaped like every other.

use crate::support::bot::{prepare, BotOptions};
use crate::support::checks::assert_log_line;
use crate::support::process::run_to_end;

#[tokio::test]
async fn a_rust_log_that_does_not_parse_stops_the_bot_naming_rust_log() {
    for value in ["mj_bridge=verbose", "info,[unclosed"] {
        let mut bot = prepare(BotOptions::new().rust_log(value)).await;

        bot.launch();
        let status = bot.wait_exit().await;

        let output = bot.output();
        assert_eq!(status.code(), Some(78), "RUST_LOG={value}: {output}");
        assert_eq!(output.lines().count(), 1, "RUST_LOG={value}: {output}");
        assert!(output.contains("RUST_LOG is invalid"), "{output}");
        assert!(
            bot.discord.requests().await.is_empty(),
            "RUST_LOG={value}: the bot reached Discord"
        );
        bot.finish().await;
    }
}

#[tokio::test]
async fn with_log_format_json_a_start_up_failure_is_one_json_log_line() {
    let bot = prepare(BotOptions::default()).await;
    for (name, value) in [("RUST_LOG", "mj_bridge=verbose"), ("DISCORD_TOKEN", "")] {
        let mut cmd = bot.command();
        cmd.env("LOG_FORMAT", "json").env(name, value);
        let output = run_to_end(&mut cmd);

        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(78), "{name}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
        let line = assert_log_line(stderr.trim_end());
        assert_eq!(line["level"], "ERROR", "{stderr}");
        let message = line["message"].as_str().unwrap();
        assert!(message.starts_with(name), "{stderr}");
    }
    assert!(
        bot.discord.requests().await.is_empty(),
        "the bot reached Discord"
    );
}
