//! `check` as a complete pre-flight: every bad setting in one run, each
//! with a fix that fits, and network errors that name their cause.

use std::process::Output;

use crate::support::bot::{prepare, BotOptions, TestBot};
use crate::support::process::prepare_with_discord_refusing;
use crate::support::refusing_socket;

/// `mj-bridge check` run from `dir` (the test's own working directory
/// unless given), with `env` added.
async fn check_in(
    bot: &TestBot,
    dir: Option<&std::path::Path>,
    env: &[(&str, &str)],
) -> (Output, String) {
    bot.run_check_in(dir, env).await
}

#[tokio::test]
async fn check_reports_every_bad_setting_in_one_run_and_exits_78() {
    let bot = prepare(BotOptions::default()).await;

    let (output, stdout) = check_in(
        &bot,
        None,
        &[
            ("USEAPI_TOKEN", ""),
            ("LOG_FORMAT", "yaml"),
            ("RUST_LOG", "[["),
            ("HTTP_ADDR", "9000"),
        ],
    )
    .await;

    assert_eq!(output.status.code(), Some(78), "{stdout}");
    for said in [
        "✗ USEAPI_TOKEN is not set (nor SECRETS_KEY",
        "✗ LOG_FORMAT is invalid: `yaml` must be text or json",
        "✗ RUST_LOG is invalid",
        "✗ HTTP_ADDR is invalid",
    ] {
        assert!(stdout.contains(said), "{said}:\n{stdout}");
    }
    assert_eq!(stdout.matches("    fix: ").count(), 4, "{stdout}");
    assert!(
        stdout.contains("fix: copy .env.example to .env and set USEAPI_TOKEN there"),
        "{stdout}"
    );
}

#[tokio::test]
async fn with_a_dotenv_check_says_to_add_the_missing_setting_to_it() {
    let bot = prepare(BotOptions::default()).await;
    let dir = bot.channels_file.parent().unwrap().to_path_buf();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(".env"), "COMMAND_COOLDOWN_SECS=10\n").unwrap();

    let (output, stdout) = check_in(&bot, Some(&dir), &[("USEAPI_TOKEN", "")]).await;

    assert_eq!(output.status.code(), Some(78), "{stdout}");
    assert!(
        stdout.contains("fix: add USEAPI_TOKEN=… to .env"),
        "{stdout}"
    );
    assert!(!stdout.contains(".env.example"), "{stdout}");
}

#[tokio::test]
async fn check_names_the_cause_when_discord_refuses_the_connection() {
    let bot = prepare(BotOptions::default()).await;
    let (_closed_port, nowhere) = refusing_socket();

    let proxy = format!("http://{nowhere}");
    let (output, stdout) = check_in(&bot, None, &[("DISCORD_PROXY_URL", &proxy)]).await;

    assert_eq!(output.status.code(), Some(1), "{stdout}");
    let line = stdout
        .lines()
        .find(|line| line.contains("could not ask Discord about the bot token"))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(line.contains("Connection refused"), "{line}");
}

#[tokio::test]
async fn the_start_warning_names_the_cause_when_discord_refuses_the_connection() {
    let (mut bot, _, _closed_port) = prepare_with_discord_refusing().await;
    bot.launch();

    let line = bot
        .wait_for_line("cannot reach Discord; trying again in")
        .await;

    assert!(line.contains("Connection refused"), "{line}");
    bot.finish().await;
}
