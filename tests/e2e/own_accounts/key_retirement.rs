//! Retiring a key: a stored token no key opens any more is named by `keys
//! rotate` and `keys check` with the way to remove it, `keys forget
//! SERVER_ID` removes it, and the bot then starts with the new key alone;
//! `keys rotate` never brings back a token changed while it ran.

use serde_json::{json, Value};
use sqlx::{Connection, PgConnection};

use crate::support::bot::{prepare, BotOptions};
use crate::support::checks::assert_contains;
use crate::support::fake_discord::{A_ART, GUILD_A, GUILD_B, GUILD_C};
use crate::support::own_accounts::{mapping_with_accounts, own_account, secrets_key, KEY_1, KEY_2};
use crate::support::postgres::Postgres;
use crate::support::useapi::CONTENT;
use crate::support::useapi_tokens::{
    bearer, job_authorizations, useapi_knows_token, TOKEN_A, TOKEN_B,
};
use crate::support::wait_until;

const MJ_1: &str = "555555555555555555";

/// GUILD_A's token sealed with KEY_1, a mapped channel beside it; GUILD_B
/// holds a copy of it, which does not open there.
fn one_token_that_does_not_open() -> String {
    let account = own_account(KEY_1, GUILD_A, TOKEN_A, 1);
    let mut file: Value = serde_json::from_str(&mapping_with_accounts(&[
        (GUILD_A, account.clone()),
        (GUILD_B, account),
    ]))
    .unwrap();
    file["guilds"][GUILD_A.to_string()]["channels"] = json!({A_ART.channel.to_string(): MJ_1});
    file.to_string()
}

fn line_naming<'a>(stdout: &'a str, start: &str) -> Option<&'a str> {
    stdout.lines().find(|l| l.starts_with(start))
}

#[tokio::test]
async fn keys_rotate_names_a_token_it_cannot_open_and_how_to_forget_it() {
    let bot = prepare(BotOptions::new().channels(one_token_that_does_not_open())).await;

    let (output, stdout) = bot
        .run_keys("rotate", Some(&format!("{KEY_2},{KEY_1}")))
        .await;

    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("re-sealed 1 tokens with key k2"),
        "{stdout}"
    );
    let line = line_naming(&stdout, &format!("✗ server {GUILD_B}")).unwrap_or_default();
    assert!(
        line.contains(&format!("`mj-bridge keys forget {GUILD_B}`")),
        "{stdout}"
    );
}

#[tokio::test]
async fn keys_check_says_how_to_forget_a_token_it_cannot_open() {
    let bot = prepare(BotOptions::new().channels(one_token_that_does_not_open())).await;

    let (output, stdout) = bot.run_keys("check", Some(KEY_1)).await;

    assert_eq!(output.status.code(), Some(1), "{stdout}");
    let line = line_naming(&stdout, &format!("✗ server {GUILD_B}")).unwrap_or_default();
    assert!(
        line.contains(&format!("`mj-bridge keys forget {GUILD_B}`")),
        "{stdout}"
    );
}

#[tokio::test]
async fn keys_forget_removes_one_servers_token_and_keeps_everything_else() {
    let bot = prepare(BotOptions::new().channels(one_token_that_does_not_open())).await;
    let before = bot.mapping_file();

    let (output, stdout) = bot.forget_token(&GUILD_B.to_string()).await;

    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(
        stdout.contains(&format!("forgot server {GUILD_B}'s stored useapi token")),
        "{stdout}"
    );
    let after = bot.mapping_file();
    assert_eq!(bot.stored_account(GUILD_B), None, "{after}");
    assert_eq!(
        after["guilds"][GUILD_A.to_string()],
        before["guilds"][GUILD_A.to_string()]
    );
}

#[tokio::test]
async fn keys_forget_of_a_server_without_a_token_exits_1_and_changes_nothing() {
    let bot = prepare(BotOptions::new().channels(one_token_that_does_not_open())).await;
    let before = bot.mapping_file();

    let (output, stdout) = bot.forget_token(&GUILD_C.to_string()).await;

    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(
        stdout.contains(&format!("✗ server {GUILD_C} has no stored useapi token")),
        "{stdout}"
    );
    assert_eq!(bot.mapping_file(), before);
}

#[tokio::test]
async fn keys_forget_refuses_anything_but_a_server_id_with_exit_78_and_one_line() {
    let bot = prepare(BotOptions::new().channels(one_token_that_does_not_open())).await;
    let before = bot.mapping_file();

    for bad in [
        "abc",
        "12345",
        "0",
        "123456789012345678901",
        "9223372036854775808",
        "18446744073709551615",
        "1000000000000000\n01",
        "",
    ] {
        let (output, _) = bot.forget_token(bad).await;

        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(78), "{bad:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{bad:?}: {stderr}");
        assert!(stderr.contains("is not a server id"), "{bad:?}: {stderr}");
    }
    assert_eq!(bot.mapping_file(), before);
}

#[tokio::test]
async fn an_old_key_is_retired_once_the_token_it_cannot_open_is_forgotten() {
    let only_the_new_key = [secrets_key(KEY_2)];
    let mut bot = prepare(
        BotOptions::new()
            .envs(only_the_new_key.to_vec())
            .channels(one_token_that_does_not_open()),
    )
    .await;
    let (rotated, _) = bot
        .run_keys("rotate", Some(&format!("{KEY_2},{KEY_1}")))
        .await;
    assert_eq!(rotated.status.code(), Some(1));
    // GUILD_B's token still names k1, which the ring no longer holds.
    bot.launch();
    assert_eq!(bot.wait_exit().await.code(), Some(78), "{}", bot.output());
    assert_contains(&bot.output(), "mj-bridge keys forget SERVER_ID");

    let (forgot, _) = bot.forget_token(&GUILD_B.to_string()).await;
    assert!(forgot.status.success(), "{forgot:?}");
    bot.start().await;
    useapi_knows_token(&bot, TOKEN_A, &[MJ_1]).await;

    assert_eq!(
        bot.reply(&bot.invoke_fast(A_ART).await).await.content,
        CONTENT
    );
    assert_eq!(job_authorizations(&bot).await, [bearer(TOKEN_A)]);
    bot.finish().await;
}

#[tokio::test]
async fn keys_rotate_on_postgres_leaves_a_token_cleared_while_it_ran_cleared_and_names_it() {
    let pg = Postgres::start();
    let bot = prepare(BotOptions::new().database(&pg)).await;
    let both = mapping_with_accounts(&[
        (GUILD_A, own_account(KEY_1, GUILD_A, TOKEN_A, 1)),
        (GUILD_B, own_account(KEY_1, GUILD_B, TOKEN_B, 1)),
    ]);
    let import = bot.store_import(&both);
    assert!(import.status.success(), "{import:?}");
    // An admin's transaction holds GUILD_A's token while `keys rotate` runs.
    let mut admin = PgConnection::connect(&pg.url()).await.unwrap();
    sqlx::query("BEGIN").execute(&mut admin).await.unwrap();
    sqlx::query("SELECT 1 FROM guild_accounts WHERE guild_id = $1 FOR UPDATE")
        .bind(GUILD_A as i64)
        .execute(&mut admin)
        .await
        .unwrap();

    let keys = format!("{KEY_2},{KEY_1}");
    let rotate = bot.run_keys("rotate", Some(&keys));
    let clear_meanwhile = async {
        let watcher = sqlx::PgPool::connect(&pg.url()).await.unwrap();
        wait_until(
            "keys rotate to wait for the admin's transaction",
            std::time::Duration::from_secs(20),
            || {
                let watcher = watcher.clone();
                async move {
                    let waiting: i64 = sqlx::query_scalar(
                        "SELECT count(*) FROM pg_stat_activity \
                         WHERE application_name = 'mj-bridge' AND wait_event_type = 'Lock'",
                    )
                    .fetch_one(&watcher)
                    .await
                    .unwrap();
                    waiting > 0
                }
            },
        )
        .await;
        sqlx::query("DELETE FROM guild_accounts WHERE guild_id = $1")
            .bind(GUILD_A as i64)
            .execute(&mut admin)
            .await
            .unwrap();
        sqlx::query("COMMIT").execute(&mut admin).await.unwrap();
    };
    let ((output, stdout), ()) = tokio::join!(rotate, clear_meanwhile);

    assert!(output.status.success(), "{output:?}");
    assert!(
        stdout.contains("re-sealed 1 tokens with key k2"),
        "{stdout}"
    );
    assert!(
        line_naming(&stdout, &format!("skipped server {GUILD_A}")).is_some(),
        "{stdout}"
    );
    let export: Value = serde_json::from_str(&bot.store_export().await).unwrap();
    assert!(
        export["guilds"][GUILD_A.to_string()]["account"].is_null(),
        "{export}"
    );
    assert_eq!(
        export["guilds"][GUILD_B.to_string()]["account"]["token"]["key"],
        "k2",
        "{export}"
    );
}
