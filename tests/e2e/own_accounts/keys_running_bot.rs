//! Command-line edits while a bot runs: with the mapping file the running
//! bot would write its own copy back at its next save, so `keys forget`,
//! `keys rotate` and `store import` are refused (exit 1, nothing changed)
//! while it holds the file; with PostgreSQL the bot follows the database,
//! so they take effect. Quiet, exact words on PostgreSQL too.

use serde_json::Value;

use crate::support::bot::{prepare, BotOptions, TestBot};
use crate::support::fake_discord::{GUILD_A, GUILD_B, GUILD_C};
use crate::support::own_accounts::{mapping_with_accounts, own_account, KEY_1, KEY_2};
use crate::support::postgres::Postgres;
use crate::support::process::run_to_end;
use crate::support::useapi_tokens::{TOKEN_A, TOKEN_B};

/// GUILD_A and GUILD_B each with an own account.
fn two_accounts() -> String {
    mapping_with_accounts(&[
        (GUILD_A, own_account(KEY_1, GUILD_A, TOKEN_A, 1)),
        (GUILD_B, own_account(KEY_1, GUILD_B, TOKEN_B, 1)),
    ])
}

/// A bot running on the mapping file [`two_accounts`].
async fn bot_on_the_file() -> TestBot {
    let mut bot = prepare(
        BotOptions::new()
            .secrets_key(KEY_1)
            .channels(two_accounts()),
    )
    .await;
    bot.start().await;
    bot
}

/// A bot running on PostgreSQL holding [`two_accounts`].
async fn bot_on_postgres(pg: &Postgres) -> TestBot {
    let mut bot = prepare(BotOptions::new().secrets_key(KEY_1).database(pg)).await;
    let import = bot.store_import(&two_accounts());
    assert!(import.status.success(), "{import:?}");
    bot.start().await;
    bot
}

fn refused_while_the_bot_runs(output: &std::process::Output) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(stderr.contains("stop the bot first"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[tokio::test]
async fn keys_forget_is_refused_while_a_bot_runs_on_the_mapping_file_and_works_once_it_stopped() {
    let mut bot = bot_on_the_file().await;
    let before = std::fs::read(&bot.channels_file).unwrap();

    let (output, _) = bot.forget_token(&GUILD_B.to_string()).await;

    refused_while_the_bot_runs(&output);
    assert_eq!(std::fs::read(&bot.channels_file).unwrap(), before);
    assert!(bot.stop().await.success());
    let (forgot, _) = bot.forget_token(&GUILD_B.to_string()).await;
    assert_eq!(forgot.status.code(), Some(0), "{forgot:?}");
    assert_eq!(bot.stored_account(GUILD_B), None);
    bot.finish().await;
}

#[tokio::test]
async fn keys_rotate_is_refused_while_a_bot_runs_on_the_mapping_file() {
    let bot = bot_on_the_file().await;
    let before = std::fs::read(&bot.channels_file).unwrap();

    let (output, _) = bot
        .run_keys("rotate", Some(&format!("{KEY_2},{KEY_1}")))
        .await;

    refused_while_the_bot_runs(&output);
    assert_eq!(std::fs::read(&bot.channels_file).unwrap(), before);
    bot.finish().await;
}

#[tokio::test]
async fn store_import_is_refused_while_a_bot_runs_on_the_mapping_file() {
    let bot = bot_on_the_file().await;
    let before = std::fs::read(&bot.channels_file).unwrap();

    let output = bot.store_import(r#"{"version": 1, "guilds": {}}"#);

    refused_while_the_bot_runs(&output);
    assert_eq!(std::fs::read(&bot.channels_file).unwrap(), before);
    bot.finish().await;
}

#[tokio::test]
async fn keys_forget_on_postgres_takes_effect_while_a_bot_runs() {
    let pg = Postgres::start();
    let bot = bot_on_postgres(&pg).await;

    let (output, stdout) = bot.forget_token(&GUILD_B.to_string()).await;

    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(stdout.contains("forgot server"), "{stdout}");
    let export: Value = serde_json::from_str(&bot.store_export().await).unwrap();
    assert!(export["guilds"][GUILD_B.to_string()]["account"].is_null());
    assert!(export["guilds"][GUILD_A.to_string()]["account"].is_object());
    bot.finish().await;
}

#[tokio::test]
async fn an_id_above_the_largest_signed_64_bit_integer_is_not_a_server_id_on_postgres() {
    let pg = Postgres::start();
    let bot = bot_on_postgres(&pg).await;

    for bad in ["9223372036854775808", "18446744073709551615"] {
        let (output, _) = bot.forget_token(bad).await;

        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(78), "{bad}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{bad}: {stderr}");
        assert!(stderr.contains("is not a server id"), "{bad}: {stderr}");
    }
    bot.finish().await;
}

#[tokio::test]
async fn a_command_line_run_on_postgres_prints_no_migration_notice() {
    let pg = Postgres::start();
    // The bot applied the migrations: every later run finds them there.
    let bot = bot_on_postgres(&pg).await;

    // At the default log level, as an operator runs it.
    let output = run_to_end(
        bot.command()
            .args(["keys", "forget", &GUILD_C.to_string()])
            .env("RUST_LOG", "info"),
    );

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(!stderr.contains("already exists"), "{stderr}");
    assert_eq!(stderr, "", "nothing but the verdict, on stdout");
    bot.finish().await;
}
