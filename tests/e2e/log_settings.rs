//! The log's own setting: a `RUST_LOG` that does not parse stops the bot
//! at start, naming it, instead of being dropped silently (the operator
//! would get some other log than the one asked for, or none).

use crate::support::*;

#[tokio::test]
async fn a_rust_log_that_does_not_parse_stops_the_bot_naming_rust_log() {
    for value in ["mj_bridge=verbose", "info,[unclosed"] {
        let mut bot = prepare(BotOptions {
            env: vec![("RUST_LOG", value.into())],
            ..Default::default()
        })
        .await;

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
