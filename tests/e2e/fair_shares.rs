//! Fair shares: servers on their own useapi.net accounts do not wait for
//! each other. Each account has USEAPI_MAX_CONCURRENCY calls in flight of
//! its own; a server whose jobs useapi holds fills only its own.

use std::time::Duration;

use crate::support::*;

const MJ_A: &str = "555555555555555555";
const MJ_B: &str = "666666666666666666";
const TOGGLE: &str = "variability";

/// The bot with `env`, GUILD_A on its own account (TOKEN_A) and GUILD_B
/// on its own (TOKEN_B), useapi behind a front that can hold one token's
/// jobs; useapi knows both tokens.
async fn two_servers_on_their_own_accounts(
    env: &[(&'static str, String)],
) -> (TestBot, UseapiFront) {
    let file = mapping_with_accounts(&[
        (GUILD_A, own_account(KEY_1, GUILD_A, TOKEN_A, 1)),
        (GUILD_B, own_account(KEY_1, GUILD_B, TOKEN_B, 1)),
    ]);
    let mut all = vec![secrets_key(KEY_1)];
    all.extend_from_slice(env);
    let options = BotOptions {
        env: all,
        channels_json: Some(file),
        ..Default::default()
    };
    let (bot, front) = spawn_bot_behind_useapi_front(options).await;
    useapi_knows_token(&bot, TOKEN_A, &[MJ_A]).await;
    useapi_knows_token(&bot, TOKEN_B, &[MJ_B]).await;
    (bot, front)
}

/// Waits until `held` holds `count` jobs of its token.
async fn wait_for_held(bot: &TestBot, held: &HeldRoute, count: usize, whose: &str) {
    wait_for_explained(
        &format!("{count} jobs of {whose} held at useapi"),
        Duration::from_secs(20),
        || bot.diagnostics(),
        || async {
            match held.waiting() {
                n if n >= count => Ok(()),
                n => Err(format!("{n} held")),
            }
        },
    )
    .await;
}

#[tokio::test]
async fn a_server_on_its_own_token_is_answered_while_another_tokens_jobs_are_held() {
    // One call in flight: shared by everyone, A's held job would block B.
    let env = [("USEAPI_MAX_CONCURRENCY", "1".to_owned())];
    let (bot, front) = two_servers_on_their_own_accounts(&env).await;
    let held = front.hold_jobs_of(TOKEN_A);
    let a = bot.invoke_fast(A_GENERAL).await;
    wait_for_held(&bot, &held, 1, "TOKEN_A").await;

    let b = bot.invoke_fast(B_GENERAL).await;
    let answer = bot.reply(&b).await;

    assert_eq!(answer.content, CONTENT);
    assert_eq!(held.waiting(), 1, "A's job was held all along");
    assert!(bot.replies_for(&a).await.is_empty());
    assert_eq!(
        authorization(&useapi_request_for(&bot, &b).await),
        Some(bearer(TOKEN_B))
    );
    held.release();
    assert_eq!(bot.reply(&a).await.content, CONTENT);
    assert_eq!(
        authorization(&useapi_request_for(&bot, &a).await),
        Some(bearer(TOKEN_A))
    );
    bot.finish().await;
}

#[tokio::test]
async fn each_account_has_useapi_max_concurrency_calls_in_flight_of_its_own() {
    let env = [
        ("USEAPI_MAX_CONCURRENCY", "2".to_owned()),
        ("USEAPI_MAX_QUEUE", "1".to_owned()),
    ];
    let (bot, front) = two_servers_on_their_own_accounts(&env).await;
    let (held_a, held_b) = (front.hold_jobs_of(TOKEN_A), front.hold_jobs_of(TOKEN_B));

    // Two in flight for each account: four at once, over a limit of two.
    // `/variability` is a toggle: never shared between commands, so each
    // command is one call however the channels resolve.
    let mut invocations = Vec::new();
    for place in [A_GENERAL, A_ART, B_GENERAL, B_GENERAL] {
        invocations.push(bot.invoke_verb(place, TOGGLE).await);
    }
    wait_for_held(&bot, &held_a, 2, "TOKEN_A").await;
    wait_for_held(&bot, &held_b, 2, "TOKEN_B").await;

    // A's two slots are taken: of two more commands in A, one waits for a
    // slot and the other finds the queue full, told while A's are held.
    let (third, fourth) = (
        bot.invoke_verb(A_OTHER, TOGGLE).await,
        bot.invoke_verb(A_ART_THREAD, TOGGLE).await,
    );
    let told = bot.first_reply_among(&[&third, &fourth]).await;
    assert!(
        told.content.contains("Too many commands are waiting"),
        "{}",
        told.content
    );
    assert_eq!((held_a.waiting(), held_b.waiting()), (2, 2));

    held_a.release();
    held_b.release();
    let mut answered = 0;
    for inv in invocations.iter().chain([&third, &fourth]) {
        if bot.reply(inv).await.content == CONTENT {
            answered += 1;
        }
    }
    assert_eq!(answered, 5, "all but the one told the queue was full");
    let jobs = job_authorizations(&bot).await;
    assert_eq!(jobs.iter().filter(|j| **j == bearer(TOKEN_A)).count(), 3);
    assert_eq!(jobs.iter().filter(|j| **j == bearer(TOKEN_B)).count(), 2);
    bot.finish().await;
}
