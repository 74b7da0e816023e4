//! Headroom in the shared cap (`USEAPI_MAX_IN_FLIGHT`): a slot is never
//! taken back, so the last slots are kept for accounts holding few (a
//! sixteenth of the cap: 1 of 16 here). Whether several accounts or one
//! account alone fill the cap with slow calls (held at useapi, never
//! answered), another account's command is answered at once.
//!
//! With `-- --nocapture` each test prints the newcomer's wait (the figure
//! of BENCHMARKS.md).

use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::bot::{BotOptions, TestBot};
use crate::support::fake_discord::{Place, A_GENERAL, B_GENERAL, GUILD_A, GUILD_B, GUILD_C};
use crate::support::front::HeldRoute;
use crate::support::own_accounts::{mapping_with_accounts, own_account, KEY_1};
use crate::support::useapi::{useapi_request_for, CONTENT};
use crate::support::useapi_tokens::{
    authorization, bearer, spawn_bot_behind_useapi_front, useapi_knows_token,
    useapi_knows_token_with_max_jobs, TOKEN_A, TOKEN_B,
};
use crate::support::wait_for_explained;

/// The shared cap of these tests; its headroom is 16 / 16 = 1.
const CAP: &str = "16";
const TOGGLE: &str = "variability";
const MJ_A: &str = "555555555555555555";
const MJ_B: &str = "666666666666666666";
const MJ_C: &str = "777777777777777777";
const MJ_D: &str = "888888888888888888";
const TOKEN_C: &str = "user:7777-own-S3CR3T-charlie-5555555555";
const TOKEN_D: &str = "user:7777-own-S3CR3T-delta-66666666666";
const GUILD_D: u64 = 600_000_000_000_000_001;
/// Servers of the fake world on no gateway connection's guild list: their
/// commands arrive all the same.
const C_GENERAL: Place = Place {
    guild: GUILD_C,
    channel: 300_000_000_000_000_010,
    kind: 0,
    parent: None,
};
const D_GENERAL: Place = Place {
    guild: GUILD_D,
    channel: 600_000_000_000_000_010,
    kind: 0,
    parent: None,
};

/// The newcomer's wait may not be a wave of slow calls; this bounds it.
const AT_ONCE: Duration = Duration::from_secs(1);

/// Waits until the routes in `held` hold at least `count` jobs between them.
async fn wait_for_held(bot: &TestBot, held: &[&HeldRoute], count: usize) {
    wait_for_explained(
        &format!("{count} slow jobs held at useapi"),
        Duration::from_secs(20),
        || bot.diagnostics(),
        || async {
            match held.iter().map(|h| h.waiting()).sum::<usize>() {
                n if n >= count => Ok(()),
                n => Err(format!("{n} held")),
            }
        },
    )
    .await;
}

/// `/fast` at `place`, and how long its answer took.
async fn newcomer(bot: &TestBot, place: Place, token: &str, case: &str) -> Duration {
    let sent = Instant::now();
    let inv = bot.invoke_fast(place).await;
    let answer = bot.reply(&inv).await;
    let waited = sent.elapsed();
    println!("fair_headroom {case}: the newcomer was answered in {waited:?}");
    assert_eq!(answer.content, CONTENT);
    assert_eq!(
        authorization(&useapi_request_for(bot, &inv).await),
        Some(bearer(token))
    );
    waited
}

#[tokio::test]
async fn a_newcomer_is_answered_at_once_while_several_accounts_fill_the_cap() {
    // Three accounts of six calls each: 18 slow calls for a cap of 16.
    let accounts = [
        (GUILD_A, TOKEN_A, MJ_A),
        (GUILD_B, TOKEN_B, MJ_B),
        (GUILD_D, TOKEN_D, MJ_D),
        (GUILD_C, TOKEN_C, MJ_C),
    ];
    let stored: Vec<_> = accounts
        .iter()
        .map(|(guild, token, _)| (*guild, own_account(KEY_1, *guild, token, 1)))
        .collect();
    let options = BotOptions::new()
        .secrets_key(KEY_1)
        .env("USEAPI_MAX_CONCURRENCY", "6")
        .env("USEAPI_MAX_IN_FLIGHT", CAP)
        .channels(mapping_with_accounts(&stored));
    let (bot, front) = spawn_bot_behind_useapi_front(options).await;
    for (_, token, mj) in accounts {
        useapi_knows_token_with_max_jobs(&bot, token, &[(mj, 6)]).await;
    }
    let held: Vec<_> = [TOKEN_A, TOKEN_B, TOKEN_D]
        .iter()
        .map(|token| front.hold_jobs_of(token))
        .collect();
    let mut flood = Vec::new();
    for place in [A_GENERAL, B_GENERAL, D_GENERAL] {
        flood.extend(bot.toggles(place, 6).await);
    }
    // Every slot but the headroom's one is held by the flood.
    wait_for_held(&bot, &held.iter().collect::<Vec<_>>(), 15).await;

    let waited = newcomer(&bot, C_GENERAL, TOKEN_C, "several accounts").await;

    assert!(waited < AT_ONCE, "answered in {waited:?}");
    drop(held);
    for inv in &flood {
        assert_eq!(bot.reply(inv).await.content, CONTENT);
    }
    bot.finish().await;
}

#[tokio::test]
async fn a_newcomer_is_answered_at_once_while_one_account_allowed_more_than_the_cap_fills_it() {
    // useapi allows TOKEN_A 18 jobs at once, more than the cap of 16.
    let mapped = json!({"version": 1, "guilds": {
        GUILD_A.to_string(): {
            "channels": {A_GENERAL.channel.to_string(): MJ_A},
            "account": own_account(KEY_1, GUILD_A, TOKEN_A, 1),
        },
        GUILD_B.to_string(): {"account": own_account(KEY_1, GUILD_B, TOKEN_B, 1)},
    }});
    let options = BotOptions::new()
        .secrets_key(KEY_1)
        .env("USEAPI_MAX_IN_FLIGHT", CAP)
        .channels(mapped.to_string());
    let (bot, front) = spawn_bot_behind_useapi_front(options).await;
    useapi_knows_token_with_max_jobs(&bot, TOKEN_A, &[(MJ_A, 18)]).await;
    useapi_knows_token(&bot, TOKEN_B, &[MJ_B]).await;
    // `list` reads the account list: the bot learns what useapi allows.
    bot.mj_channel_list(A_GENERAL).await;
    let held = front.hold_verb_of(TOKEN_A, TOGGLE);
    let flood = bot.toggles(A_GENERAL, 18).await;
    wait_for_held(&bot, &[&held], 15).await;

    let waited = newcomer(&bot, B_GENERAL, TOKEN_B, "one account alone").await;

    assert!(waited < AT_ONCE, "answered in {waited:?}");
    held.release();
    for inv in &flood {
        assert_eq!(bot.reply(inv).await.content, CONTENT);
    }
    bot.finish().await;
}
