//! Fair shares: the unit is the useapi account (the token). Servers on
//! their own accounts do not wait for each other; servers storing the same
//! token share its slots and queue; calls in flight across all accounts
//! (USEAPI_MAX_IN_FLIGHT) go to the account holding the fewest; a
//! Midjourney channel's `maxJobs` wait holds nothing another channel of the
//! same account needs.

use std::time::Duration;

use serde_json::json;

use crate::support::bot::{BotOptions, TestBot};
use crate::support::checks::assert_contains;
use crate::support::fake_discord::{
    Place, A_ART, A_ART_THREAD, A_GENERAL, A_OTHER, B_GENERAL, GUILD_A, GUILD_B, GUILD_C,
};
use crate::support::front::HeldRoute;
use crate::support::own_accounts::{mapping_with_accounts, own_account, secrets_key, KEY_1};
use crate::support::useapi::{useapi_request_for, CONTENT};
use crate::support::useapi_tokens::{
    authorization, bearer, job_authorizations, spawn_bot_behind_useapi_front, useapi_knows_token,
    useapi_knows_token_with_max_jobs, UseapiFront, TOKEN_A, TOKEN_B,
};
use crate::support::wait_for_explained;

const MJ_A: &str = "555555555555555555";
const MJ_B: &str = "666666666666666666";
/// A Midjourney channel of TOKEN_A's account that runs one job at once.
const MJ_ONE_JOB: &str = "555555555555555551";
const TOGGLE: &str = "variability";
/// A third server's own account, beside TOKEN_A's and TOKEN_B's.
const TOKEN_C: &str = "user:7777-own-S3CR3T-charlie-5555555555";
const MJ_C: &str = "777777777777777777";
/// A server of the fake world on no gateway connection's guild list: its
/// commands arrive all the same.
const C_GENERAL: Place = Place {
    guild: GUILD_C,
    channel: 300_000_000_000_000_010,
    kind: 0,
    parent: None,
};

/// The bot with `env` and `accounts` (each a server and the token it
/// stores), useapi behind a front that can hold one token's jobs; useapi
/// knows TOKEN_A, TOKEN_B and TOKEN_C.
async fn servers_on_accounts(
    accounts: &[(u64, &str)],
    env: &[(&'static str, String)],
) -> (TestBot, UseapiFront) {
    let stored: Vec<_> = accounts
        .iter()
        .map(|(guild, token)| (*guild, own_account(KEY_1, *guild, token, 1)))
        .collect();
    let mut all = vec![secrets_key(KEY_1)];
    all.extend_from_slice(env);
    let options = BotOptions::new()
        .envs(all)
        .channels(mapping_with_accounts(&stored));
    let (bot, front) = spawn_bot_behind_useapi_front(options).await;
    useapi_knows_token(&bot, TOKEN_A, &[MJ_A]).await;
    useapi_knows_token(&bot, TOKEN_B, &[MJ_B]).await;
    useapi_knows_token(&bot, TOKEN_C, &[MJ_C]).await;
    (bot, front)
}

/// GUILD_A on its own account (TOKEN_A) and GUILD_B on its own (TOKEN_B).
async fn two_servers_on_their_own_accounts(
    env: &[(&'static str, String)],
) -> (TestBot, UseapiFront) {
    servers_on_accounts(&[(GUILD_A, TOKEN_A), (GUILD_B, TOKEN_B)], env).await
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
    assert_contains(&told.content, "Too many commands are waiting");
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

#[tokio::test]
async fn servers_sharing_one_token_share_its_slots_and_its_queue() {
    let env = [
        ("USEAPI_MAX_CONCURRENCY", "1".to_owned()),
        ("USEAPI_MAX_QUEUE", "1".to_owned()),
    ];
    let (bot, front) = servers_on_accounts(&[(GUILD_A, TOKEN_A), (GUILD_B, TOKEN_A)], &env).await;
    let held = front.hold_jobs_of(TOKEN_A);
    let in_a = bot.invoke_verb(A_GENERAL, TOGGLE).await;
    wait_for_held(&bot, &held, 1, "TOKEN_A").await;

    // A's job holds the account's one slot: of two commands in B, one
    // waits in the account's queue and the other finds it full.
    let (first, second) = (
        bot.invoke_verb(B_GENERAL, TOGGLE).await,
        bot.invoke_verb(B_GENERAL, TOGGLE).await,
    );
    let told = bot.first_reply_among(&[&first, &second]).await;

    assert_contains(&told.content, "Too many commands are waiting");
    assert_eq!(held.waiting(), 1, "one call of the account at a time");
    held.release();
    let mut answered = 0;
    for inv in [&in_a, &first, &second] {
        if bot.reply(inv).await.content == CONTENT {
            answered += 1;
        }
    }
    assert_eq!(answered, 2, "all but the one told the queue was full");
    assert_eq!(
        job_authorizations(&bot).await,
        [bearer(TOKEN_A), bearer(TOKEN_A)]
    );
    bot.finish().await;
}

#[tokio::test]
async fn a_slow_accounts_flood_never_delays_another_account() {
    // Two calls in flight across all accounts. GUILD_A and GUILD_B store
    // the same token: with a slot each they would take both, and C's
    // command would wait behind a flood that useapi holds.
    let env = [
        ("USEAPI_MAX_CONCURRENCY", "1".to_owned()),
        ("USEAPI_MAX_IN_FLIGHT", "2".to_owned()),
    ];
    let accounts = [(GUILD_A, TOKEN_A), (GUILD_B, TOKEN_A), (GUILD_C, TOKEN_C)];
    let (bot, front) = servers_on_accounts(&accounts, &env).await;
    let held = front.hold_jobs_of(TOKEN_A);
    let mut flood = bot.toggles(A_GENERAL, 2).await;
    flood.extend(bot.toggles(B_GENERAL, 2).await);
    wait_for_held(&bot, &held, 1, "TOKEN_A").await;

    let c = bot.invoke_fast(C_GENERAL).await;
    let answer = bot.reply(&c).await;

    assert_eq!(answer.content, CONTENT);
    assert_eq!(held.waiting(), 1, "the flood was held all along");
    assert_eq!(
        authorization(&useapi_request_for(&bot, &c).await),
        Some(bearer(TOKEN_C))
    );
    held.release();
    for inv in &flood {
        assert_eq!(bot.reply(inv).await.content, CONTENT);
    }
    bot.finish().await;
}

#[tokio::test]
async fn a_freed_call_goes_to_the_account_holding_the_fewest_not_to_the_one_queued_first() {
    // Three calls in flight across all accounts, each account up to three.
    let env = [
        ("USEAPI_MAX_CONCURRENCY", "3".to_owned()),
        ("USEAPI_MAX_IN_FLIGHT", "3".to_owned()),
    ];
    let accounts = [(GUILD_A, TOKEN_A), (GUILD_B, TOKEN_B), (GUILD_C, TOKEN_C)];
    let (bot, front) = servers_on_accounts(&accounts, &env).await;
    let (held_a, held_b) = (
        front.hold_jobs_of(TOKEN_A),
        front.hold_verb_of(TOKEN_B, TOGGLE),
    );
    let in_b = bot.toggles(B_GENERAL, 1).await;
    wait_for_held(&bot, &held_b, 1, "TOKEN_B").await;
    // A takes the other two and queues a third for the shared cap, first.
    let flood = bot.toggles(A_GENERAL, 3).await;
    wait_for_held(&bot, &held_a, 2, "TOKEN_A").await;
    let c = bot.invoke_fast(C_GENERAL).await;
    bot.wait_for_acknowledgement(&c).await;

    // B's call ends: its slot goes to C, which holds none, not to A's
    // third, queued earlier while A holds two.
    held_b.release();
    let answer = bot.reply(&c).await;

    assert_eq!(answer.content, CONTENT);
    for inv in &flood {
        assert!(bot.replies_for(inv).await.is_empty(), "A's are held");
    }
    held_a.release();
    for inv in in_b.iter().chain(&flood) {
        assert_eq!(bot.reply(inv).await.content, CONTENT);
    }
    bot.finish().await;
}

#[tokio::test]
async fn a_max_jobs_wait_never_delays_another_channel_of_the_same_account() {
    // A_GENERAL is mapped to a channel useapi runs one job at a time on,
    // A_ART to one of three; the account has two calls in flight at most.
    let mapped = json!({"version": 1, "guilds": {GUILD_A.to_string(): {
        "channels": {A_GENERAL.channel.to_string(): MJ_ONE_JOB, A_ART.channel.to_string(): MJ_A},
        "account": own_account(KEY_1, GUILD_A, TOKEN_A, 2),
    }}});
    let options = BotOptions::new()
        .secrets_key(KEY_1)
        .env("USEAPI_MAX_CONCURRENCY", "2")
        .channels(mapped.to_string());
    let (bot, front) = spawn_bot_behind_useapi_front(options).await;
    useapi_knows_token_with_max_jobs(&bot, TOKEN_A, &[(MJ_ONE_JOB, 1), (MJ_A, 3)]).await;
    // `list` reads the account list: the bot learns each channel's maxJobs.
    bot.mj_channel_list(A_GENERAL).await;
    let held = front.hold_verb_of(TOKEN_A, TOGGLE);

    // One toggle is sent for the one-job channel; two wait for it.
    let waiting = bot.toggles(A_GENERAL, 3).await;
    wait_for_held(&bot, &held, 1, "the one-job channel").await;
    let other = bot.invoke_fast(A_ART).await;
    let answer = bot.reply(&other).await;

    assert_eq!(answer.content, CONTENT);
    assert_eq!(
        held.waiting(),
        1,
        "one job at a time for the one-job channel"
    );
    held.release();
    for inv in &waiting {
        assert_eq!(bot.reply(inv).await.content, CONTENT);
    }
    bot.finish().await;
}
