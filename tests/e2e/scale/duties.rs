//! Duties done once per bot (issue 31): HTTP workers on one PostgreSQL
//! read the accounts and tell the servers through one of them, the holder
//! of the duty's lease; killed, another takes over and goes on where it
//! stopped. And a worker forgets a server the bot left once two complete
//! listings agree, never on a failed one.

use std::time::Duration;

use mj_bridge::ids::MjChannelId;
use mj_bridge::settings::{Edit, Mapping};
use mj_bridge::store::{PgStore, Purpose, SettingsStore};
use secrecy::SecretString;
use serde_json::json;
use serenity::all::{ChannelId, GuildId};
use sqlx::{Connection, PgConnection};

use crate::support::audit_posts::{count, posts_in, wait_for_post};
use crate::support::bot::{spawn_bot_with, BotOptions, TestBot, MEMBER};
use crate::support::fake_discord::{Place, Typed, A_GENERAL, A_OTHER, GUILD_A, GUILD_B};
use crate::support::own_accounts::{mapping_with_accounts, own_account, KEY_1};
use crate::support::postgres::Postgres;
use crate::support::process::{prepare_two, start_together};
use crate::support::useapi_accounts::{
    account_polls, account_polls_with, useapi_accounts, useapi_accounts_of, wait_for_account_polls,
    FakeAccounts,
};
use crate::support::useapi_tokens::TOKEN_A;
use crate::support::{wait_for, wait_until};

const MJ: &str = "555555555555555555";
const LOG: Place = A_OTHER;
const PENDING_ALERT: &str =
    "⚠️ Midjourney channel `555555555555555555` has a pending moderation message or CAPTCHA";
const RESOLVED: &str =
    "✅ Midjourney channel `555555555555555555` works again: the pending moderation is resolved.";
const TOOK_CHECKS: &str = "this process took the duty";

/// The settings in `pg`: `/fast` in A_GENERAL uses [`MJ`], GUILD_A's
/// audit channel is [`LOG`].
async fn settings_in(pg: &Postgres) {
    let store = PgStore::new(&SecretString::from(pg.url()), Purpose::Copy).unwrap();
    store.open().await.unwrap();
    let guild = GuildId::new(GUILD_A);
    let mj = MjChannelId::parse(MJ).unwrap();
    let channel = ChannelId::new(A_GENERAL.channel);
    store.edit(guild, Edit::Set { channel, mj }).await.unwrap();
    let audit = Edit::Audit(Some(ChannelId::new(LOG.channel)));
    store.edit(guild, audit).await.unwrap();
}

/// Two HTTP workers on `pg`, reading the accounts every second; useapi.net
/// knows [`MJ`], fine.
async fn two_workers(pg: &Postgres) -> (TestBot, TestBot, FakeAccounts) {
    settings_in(pg).await;
    let options = BotOptions::new()
        .http_worker()
        .database(pg)
        .account_checks_every(1);
    let (mut first, mut second) = prepare_two(options).await;
    let accounts = useapi_accounts(&first, &[MJ]).await;
    start_together(&mut first, &mut second).await;
    (first, second, accounts)
}

fn took_checks(bot: &TestBot) -> bool {
    bot.output()
        .lines()
        .any(|l| l.contains(TOOK_CHECKS) && l.contains("account checks"))
}

/// Which of `bots` took the account checks (waited for).
async fn checks_holder(bots: [&TestBot; 2]) -> usize {
    wait_for(
        "a worker to take the account checks",
        Duration::from_secs(30),
        || async { bots.iter().position(|bot| took_checks(bot)) },
    )
    .await
}

/// The ten quiet minutes of a channel's alert, over: what was told is
/// made older in the database (the state every worker goes by).
async fn end_quiet_time(pg: &Postgres) {
    let mut db = PgConnection::connect(&pg.url()).await.unwrap();
    sqlx::query("UPDATE account_announcements SET told_at = told_at - interval '11 minutes'")
        .execute(&mut db)
        .await
        .unwrap();
}

#[tokio::test]
async fn two_workers_on_one_postgresql_send_one_pending_moderation_alert_and_one_resolved_line() {
    let pg = Postgres::start();
    let (first, second, accounts) = two_workers(&pg).await;
    checks_holder([&first, &second]).await;

    accounts.set_pending(MJ, "Please acknowledge");
    wait_for_post(&first, LOG, PENDING_ALERT).await;
    end_quiet_time(&pg).await;
    accounts.clear_pending(MJ);
    wait_for_post(&first, LOG, RESOLVED).await;
    // Rounds after it tell nothing more.
    wait_for_account_polls(&first, account_polls(&first).await + 3).await;

    let posts = posts_in(&first, LOG).await;
    assert_eq!(count(&posts, PENDING_ALERT), 1, "{posts:?}");
    assert_eq!(count(&posts, RESOLVED), 1, "{posts:?}");
    assert_eq!(posts.len(), 2, "{posts:?}");
    first.finish().await;
    second.finish().await;
}

#[tokio::test]
async fn the_alert_duty_moves_to_the_other_worker_when_its_holder_is_killed_and_nothing_is_repeated_or_lost(
) {
    let pg = Postgres::start();
    let (first, second, accounts) = two_workers(&pg).await;
    let mut bots = [first, second];
    let held = checks_holder([&bots[0], &bots[1]]).await;
    accounts.set_pending(MJ, "Please acknowledge");
    wait_for_post(&bots[0], LOG, PENDING_ALERT).await;

    bots[held].kill();
    let other = &bots[1 - held];
    wait_until(
        "the other worker to take the account checks",
        Duration::from_secs(30),
        || async { took_checks(other) },
    )
    .await;
    // The new holder reads the pending moderation twice (it would count
    // now) and does not tell it again.
    wait_for_account_polls(other, account_polls(other).await + 3).await;
    assert_eq!(count(&posts_in(other, LOG).await, PENDING_ALERT), 1);

    end_quiet_time(&pg).await;
    accounts.clear_pending(MJ);
    wait_for_post(other, LOG, RESOLVED).await;
    wait_for_account_polls(other, account_polls(other).await + 3).await;

    let posts = posts_in(other, LOG).await;
    assert_eq!(count(&posts, PENDING_ALERT), 1, "{posts:?}");
    assert_eq!(count(&posts, RESOLVED), 1, "{posts:?}");
    for bot in bots {
        bot.finish().await;
    }
}

/// A server's own account, spent only through the worker that does not
/// hold the account checks, is still read at each round: the holder learns
/// of it from the database.
#[tokio::test]
async fn a_servers_own_account_spent_on_one_worker_is_watched_by_the_holder_of_the_checks() {
    let pg = Postgres::start();
    settings_in(&pg).await;
    let own = mapping_with_accounts(&[(GUILD_A, own_account(KEY_1, GUILD_A, TOKEN_A, 1))]);
    let store = PgStore::new(&SecretString::from(pg.url()), Purpose::Copy).unwrap();
    store.open().await.unwrap();
    store
        .import(&serde_json::from_str(&own).unwrap())
        .await
        .unwrap();
    let options = BotOptions::new()
        .http_worker()
        .database(&pg)
        .secrets_key(KEY_1)
        .account_checks_every(1);
    let (mut first, mut second) = prepare_two(options).await;
    useapi_accounts_of(&first, TOKEN_A, &[MJ]).await;
    start_together(&mut first, &mut second).await;
    let holder = checks_holder([&first, &second]).await;
    let (holder, other) = if holder == 0 {
        (&first, &second)
    } else {
        (&second, &first)
    };
    assert_eq!(
        account_polls_with(holder, TOKEN_A).await,
        0,
        "not known yet"
    );

    let (fast, _) = other
        .deliver(Typed::command(A_GENERAL, "fast", json!([]), MEMBER))
        .await;
    other.reply(&fast).await;
    let read = account_polls_with(holder, TOKEN_A).await;
    wait_until(
        "the holder to read the server's own account twice more",
        Duration::from_secs(30),
        || async { account_polls_with(holder, TOKEN_A).await >= read + 2 },
    )
    .await;
    first.finish().await;
    second.finish().await;
}

/// One worker on `pg` listing its servers every second, GUILD_B's own
/// token stored.
async fn listing_worker(pg: &Postgres) -> TestBot {
    let mapping: Mapping = serde_json::from_str(&mapping_with_accounts(&[(
        GUILD_B,
        own_account(KEY_1, GUILD_B, "user:77-own-token", 1),
    )]))
    .unwrap();
    let store = PgStore::new(&SecretString::from(pg.url()), Purpose::Copy).unwrap();
    store.open().await.unwrap();
    store.import(&mapping).await.unwrap();
    let options = BotOptions::new()
        .http_worker()
        .database(pg)
        .env("SERVER_LIST_SECS", "1")
        .secrets_key(KEY_1);
    spawn_bot_with(options).await
}

/// Whether `pg` still has GUILD_B's registration record, and its token.
async fn guild_b_stored(pg: &Postgres) -> (bool, bool) {
    let mut db = PgConnection::connect(&pg.url()).await.unwrap();
    let records: i64 =
        sqlx::query_scalar("SELECT count(*) FROM command_registrations WHERE guild_id = $1")
            .bind(GUILD_B as i64)
            .fetch_one(&mut db)
            .await
            .unwrap();
    let store = PgStore::new(&SecretString::from(pg.url()), Purpose::Copy).unwrap();
    let exported = store.export().await.unwrap();
    let token = exported
        .guilds
        .get(&GuildId::new(GUILD_B))
        .is_some_and(|g| g.account.is_some());
    (records > 0, token)
}

const LISTED: &str = "listed the servers the bot is in";
const LEFT: &str = "the bot left this server";

#[tokio::test]
async fn a_worker_keeps_a_server_while_listings_fail_and_forgets_it_after_two_complete_ones() {
    let pg = Postgres::start();
    let bot = listing_worker(&pg).await;
    assert_eq!(guild_b_stored(&pg).await, (true, true));

    // Listings fail from before the bot leaves GUILD_B.
    let failing = bot
        .discord
        .fail_route_until_released("GET", r"^/api/v10/users/@me/guilds", 500)
        .await;
    let failed_before = bot.output().matches("cannot list the servers").count();
    bot.discord.remove_from_guild(GUILD_B);
    wait_until("two failed listings", Duration::from_secs(30), || async {
        bot.output().matches("cannot list the servers").count() >= failed_before + 2
    })
    .await;
    assert_eq!(guild_b_stored(&pg).await, (true, true), "{}", bot.output());
    assert!(!bot.output().contains(LEFT));

    let listed_before = bot.output().matches(LISTED).count();
    failing.release();
    let left = bot.wait_for_line(LEFT).await;

    assert!(left.contains(&GUILD_B.to_string()), "{left}");
    let output = bot.output();
    let until_left = &output[..output.find(LEFT).unwrap()];
    assert!(
        until_left.matches(LISTED).count() >= listed_before + 2,
        "two complete listings first: {output}"
    );
    wait_until("GUILD_B forgotten", Duration::from_secs(30), || async {
        guild_b_stored(&pg).await == (false, false)
    })
    .await;
    assert!(output
        .lines()
        .filter(|l| l.contains(LEFT))
        .all(|l| l.contains(&GUILD_B.to_string())));
    bot.finish().await;
}
