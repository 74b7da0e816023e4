//! The tokens from files: `*_FILE` variables and systemd's credentials
//! directory, and the conflicts and unreadable files that stop the start.

use std::process::Output;

use crate::support::bot::{prepare, BotOptions, TestBot, DISCORD_TOKEN, USEAPI_TOKEN};
use crate::support::process::run_to_end;

/// Runs `mj-bridge check`, or the bot when `check` is false, with both
/// tokens taken out of the environment and `env` added.
async fn without_token_variables(bot: &TestBot, check: bool, env: &[(&str, String)]) -> Output {
    let mut cmd = bot.command();
    cmd.env_remove("DISCORD_TOKEN").env_remove("USEAPI_TOKEN");
    if check {
        cmd.arg("check");
    }
    for (name, value) in env {
        cmd.env(name, value);
    }
    tokio::task::spawn_blocking(move || run_to_end(&mut cmd))
        .await
        .unwrap()
}

/// Discord accepted the bot token (the fake refuses any other), and useapi
/// was asked with the operator's token.
async fn assert_both_tokens_used(bot: &TestBot, output: &Output) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("✓ Discord accepted the bot token"),
        "{stdout}"
    );
    let bearer = format!("Bearer {USEAPI_TOKEN}");
    let requests = bot.useapi_requests().await;
    assert!(
        requests.iter().any(|request| request
            .headers
            .get("authorization")
            .is_some_and(|value| value.as_bytes() == bearer.as_bytes())),
        "useapi was never asked with the operator's token:\n{stdout}"
    );
}

fn token_files(bot: &TestBot) -> std::path::PathBuf {
    let dir = bot.channels_file.parent().unwrap().join("credentials");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("discord-token"), format!("{DISCORD_TOKEN}\n")).unwrap();
    std::fs::write(dir.join("useapi-token"), format!("{USEAPI_TOKEN}\n")).unwrap();
    dir
}

#[tokio::test]
async fn both_tokens_are_read_from_the_files_their_file_variables_name() {
    let bot = prepare(BotOptions::default()).await;
    let dir = token_files(&bot);

    let output = without_token_variables(
        &bot,
        true,
        &[
            (
                "DISCORD_TOKEN_FILE",
                dir.join("discord-token").display().to_string(),
            ),
            (
                "USEAPI_TOKEN_FILE",
                dir.join("useapi-token").display().to_string(),
            ),
        ],
    )
    .await;

    assert_both_tokens_used(&bot, &output).await;
}

#[tokio::test]
async fn both_tokens_are_read_from_the_systemd_credentials_directory() {
    let bot = prepare(BotOptions::default()).await;
    let dir = token_files(&bot);

    let output = without_token_variables(
        &bot,
        true,
        &[("CREDENTIALS_DIRECTORY", dir.display().to_string())],
    )
    .await;

    assert_both_tokens_used(&bot, &output).await;
}

#[tokio::test]
async fn a_token_and_its_file_together_stop_the_start_with_78_naming_both() {
    let bot = prepare(BotOptions::default()).await;
    let dir = token_files(&bot);

    let output = without_token_variables(
        &bot,
        false,
        &[
            ("DISCORD_TOKEN", DISCORD_TOKEN.to_owned()),
            (
                "DISCORD_TOKEN_FILE",
                dir.join("discord-token").display().to_string(),
            ),
            ("USEAPI_TOKEN", USEAPI_TOKEN.to_owned()),
        ],
    )
    .await;

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(78), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("DISCORD_TOKEN_FILE is invalid: DISCORD_TOKEN is set too"),
        "{stderr}"
    );
    assert!(
        bot.discord.requests().await.is_empty(),
        "the bot reached Discord"
    );
}

#[tokio::test]
async fn an_unreadable_token_file_stops_the_start_with_78_naming_variable_and_path() {
    let bot = prepare(BotOptions::default()).await;
    let missing = bot.channels_file.with_file_name("no-such-token");

    let output = without_token_variables(
        &bot,
        false,
        &[
            ("DISCORD_TOKEN_FILE", missing.display().to_string()),
            ("USEAPI_TOKEN", USEAPI_TOKEN.to_owned()),
        ],
    )
    .await;

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(78), "{stderr}");
    assert!(stderr.contains("DISCORD_TOKEN_FILE is invalid"), "{stderr}");
    assert!(stderr.contains(&missing.display().to_string()), "{stderr}");
}
