//! Starting the binary with bad settings: one clear line, non-zero exit, nothing touched.

use std::process::Output;
use std::time::{Duration, Instant};

use crate::support::bot::{prepare, BotOptions, USEAPI_TOKEN};
use crate::support::process::run_to_end;

/// Runs the bot to completion; it must exit by itself well within `limit`.
fn run_to_exit(mut cmd: std::process::Command, limit: Duration) -> Output {
    let started = Instant::now();
    let output = run_to_end(&mut cmd);
    assert!(started.elapsed() < limit, "took {:?}", started.elapsed());
    output
}

/// A configuration error: one line, and exit code 78 (EX_CONFIG) so systemd does not restart it.
fn assert_one_line_error(output: &Output, expected: &str) {
    assert_eq!(
        output.status.code(),
        Some(78),
        "exit status {:?}",
        output.status
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "stderr: {stderr}");
    assert!(lines[0].contains(expected), "stderr: {stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "stderr: {stderr}"
    );
}

#[tokio::test]
async fn a_missing_or_empty_token_names_the_variable_and_exits_non_zero() {
    let bot = prepare(BotOptions::default()).await;
    for name in ["DISCORD_TOKEN", "USEAPI_TOKEN"] {
        let mut missing = bot.command();
        missing.env_remove(name);
        assert_one_line_error(
            &run_to_exit(missing, Duration::from_secs(1)),
            &format!("{name} is not set"),
        );

        let mut empty = bot.command();
        empty.env(name, "");
        assert_one_line_error(
            &run_to_exit(empty, Duration::from_secs(1)),
            &format!("{name} is not set"),
        );
    }
}

#[tokio::test]
async fn a_reply_url_over_1024_characters_refuses_to_start() {
    let bot = prepare(BotOptions::default()).await;
    let mut cmd = bot.command();
    cmd.env(
        "USEAPI_REPLY_URL",
        format!("https://example.com/{}", "x".repeat(1100)),
    );
    assert_one_line_error(
        &run_to_exit(cmd, Duration::from_secs(1)),
        "USEAPI_REPLY_URL",
    );
}

#[tokio::test]
async fn a_corrupt_mapping_file_stops_the_bot_and_is_left_byte_for_byte() {
    let corrupt = "{\"version\": 1, \"guilds\": {\"1\": {\"default\": \"not-an-id\"}}}\n";
    let bot = prepare(BotOptions::new().channels(corrupt)).await;
    let output = run_to_exit(bot.command(), Duration::from_secs(2));
    assert_one_line_error(&output, &bot.channels_file.display().to_string());
    assert_eq!(
        std::fs::read_to_string(&bot.channels_file).unwrap(),
        corrupt
    );
}

#[tokio::test]
async fn a_token_discord_refuses_stops_the_bot_with_a_clear_line() {
    let bot = prepare(BotOptions::default()).await;
    let mut cmd = bot.command();
    cmd.env("DISCORD_TOKEN", "a-token-discord-does-not-know")
        .env("RUST_LOG", "off");
    let output = tokio::task::spawn_blocking(move || run_to_exit(cmd, Duration::from_secs(10)))
        .await
        .unwrap();
    assert_one_line_error(&output, "Discord refused DISCORD_TOKEN");
}

#[tokio::test]
async fn a_dotenv_in_a_parent_directory_is_never_read() {
    let bot = prepare(BotOptions::default()).await;
    let parent = bot.channels_file.parent().unwrap().parent().unwrap();
    let working_dir = parent.join("work");
    std::fs::create_dir_all(&working_dir).unwrap();
    std::fs::write(
        parent.join(".env"),
        "USEAPI_TOKEN=from-a-parent-directory\n",
    )
    .unwrap();
    let mut cmd = bot.command();
    cmd.current_dir(&working_dir).env_remove("USEAPI_TOKEN");

    let output = run_to_exit(cmd, Duration::from_secs(2));

    assert_one_line_error(&output, "USEAPI_TOKEN is not set");
}

#[tokio::test]
async fn the_dotenv_in_the_working_directory_is_read() {
    let bot = prepare(BotOptions::default()).await;
    let working_dir = bot.channels_file.parent().unwrap().to_path_buf();
    std::fs::create_dir_all(&working_dir).unwrap();
    std::fs::write(
        working_dir.join(".env"),
        format!("USEAPI_TOKEN={USEAPI_TOKEN}\n"),
    )
    .unwrap();
    let mut cmd = bot.command();
    cmd.current_dir(&working_dir)
        .env_remove("USEAPI_TOKEN")
        .arg("check");

    let output = tokio::task::spawn_blocking(move || run_to_end(&mut cmd))
        .await
        .unwrap();

    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("✓ DISCORD_TOKEN and USEAPI_TOKEN are set"),
        "{stdout}"
    );
}
