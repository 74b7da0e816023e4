//! Several processes, one bot: shard ranges against the fake Discord, and
//! the settings in one real PostgreSQL (see `support::postgres`).

use std::time::Duration;

use mj_bridge::settings::Edit;
use mj_bridge::store::{PgStore, Purpose, SettingsStore};
use secrecy::SecretString;
use serde_json::{json, Value};
use serenity::all::{ChannelId, GuildId};

use crate::support::bot::{
    prepare, prepare_beside, spawn_bot_with, BotOptions, TestBot, MANAGER, MEMBER,
};
use crate::support::fake_discord::{
    Place, Shard, Typed, A_ART, A_ART_THREAD, A_GENERAL, A_OTHER, GUILDS, GUILD_A, GUILD_B,
};
use crate::support::invoke::{admin_options, midjourney_channel, verb_switch};
use crate::support::postgres::Postgres;
use crate::support::process::{registrations, run_to_end};
use crate::support::useapi::{useapi_answers, useapi_knows, useapi_request_for, CONTENT};
use crate::support::{refusing_socket, wait_for_explained, wait_until};

const MJ_ART: &str = "555555555555555555";
const MJ_OTHER: &str = "666666666666666666";
const MJ_LATER: &str = "777777777777777777";

fn on_shards(pg: &Postgres, shards: &str) -> BotOptions {
    BotOptions::new().database(pg).shards(shards)
}

/// Shards 0 and 1 of 2 in two processes (GUILD_A is on shard 0, GUILD_B on 1).
async fn two_processes(pg: &Postgres) -> (TestBot, TestBot) {
    let mut first = prepare(on_shards(pg, "0-0/2")).await;
    first.guilds = vec![GUILD_A];
    first.start().await;
    let mut second = prepare_beside(&first, on_shards(pg, "1-1/2"));
    second.guilds = vec![GUILD_B];
    second.start().await;
    (first, second)
}

fn with_database(pg: &Postgres) -> BotOptions {
    BotOptions::with_health_server().database(pg)
}

/// `/mj-channel <sub>` typed by a manager, delivered on `shard`'s connection.
async fn admin_via(bot: &TestBot, shard: u64, place: Place, sub: &str, args: Value) -> String {
    admin_options_via(bot, shard, place, admin_options(sub, args)).await
}

async fn admin_options_via(bot: &TestBot, shard: u64, place: Place, options: Value) -> String {
    let typed = Typed::command(place, "mj-channel", options, MANAGER).via_shard(shard);
    bot.reply(&bot.discord.send(typed).await).await.content
}

/// The Midjourney channel `/fast` at `place` used, delivered on `shard`'s connection.
async fn fast_via(bot: &TestBot, shard: u64, place: Place) -> Option<String> {
    let typed = Typed::command(place, "fast", json!([]), MEMBER).via_shard(shard);
    let inv = bot.discord.send(typed).await;
    assert_eq!(bot.reply(&inv).await.content, CONTENT);
    let body: Value = useapi_request_for(bot, &inv).await.body_json().unwrap();
    body["channel"].as_str().map(str::to_owned)
}

/// Waits up to `timeout` (naming `what`) until `/fast` at `place`, sent
/// on `shard` of `bot` (as for [`fast_via`]), is relayed to the Midjourney channel `mj`: a
/// mapping stored through another process or store has reached `bot`.
async fn wait_until_fast_uses(
    (bot, shard, place): (&TestBot, u64, Place),
    mj: &str,
    what: &str,
    timeout: Duration,
) {
    wait_for_explained(
        what,
        timeout,
        || bot.output(),
        || async {
            let used = fast_via(bot, shard, place).await;
            (used.as_deref() == Some(mj))
                .then_some(())
                .ok_or(format!("{used:?}"))
        },
    )
    .await;
}

fn registered_guilds(bot: &TestBot) -> Vec<String> {
    bot.output()
        .lines()
        .filter(|line| line.contains("registered slash commands"))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn two_processes_with_disjoint_shard_ranges_register_only_their_guilds_and_share_settings() {
    let pg = Postgres::start();
    let (mut first, second) = two_processes(&pg).await;
    useapi_answers(&first, CONTENT).await;
    useapi_knows(&first, &[MJ_ART, MJ_OTHER]).await;

    assert_eq!(
        registrations(&first.discord, &[GUILD_A, GUILD_B]).await,
        [1, 1]
    );
    let (a, b) = (GUILD_A.to_string(), GUILD_B.to_string());
    assert!(
        registered_guilds(&first).iter().all(|l| l.contains(&a)),
        "{}",
        first.output()
    );
    assert!(
        registered_guilds(&second).iter().all(|l| l.contains(&b)),
        "{}",
        second.output()
    );
    let mut shards = first.discord.live_shards();
    shards.sort_by_key(|s| s.id);
    assert_eq!(
        shards,
        [Shard { id: 0, count: 2 }, Shard { id: 1, count: 2 }]
    );

    let reply = admin_via(&first, 0, A_ART, "set", midjourney_channel(MJ_ART)).await;
    assert!(reply.contains(MJ_ART), "{reply}");
    let what = "the other process to use the mapping";
    wait_until_fast_uses((&second, 1, A_ART), MJ_ART, what, Duration::from_secs(1)).await;

    // The mapping outlives the process that stored it.
    first.stop().await;
    first.start().await;
    assert_eq!(
        fast_via(&first, 0, A_ART_THREAD).await.as_deref(),
        Some(MJ_ART)
    );
    first.finish().await;
    second.finish().await;
}

#[tokio::test]
async fn concurrent_admin_edits_through_two_processes_lose_nothing() {
    let pg = Postgres::start();
    let (first, second) = two_processes(&pg).await;
    useapi_knows(&first, &[MJ_ART, MJ_OTHER, MJ_LATER]).await;

    // The same server edited through both processes at once.
    let replies = futures_util::future::join_all([
        Box::pin(admin_via(
            &first,
            0,
            A_ART,
            "set",
            midjourney_channel(MJ_ART),
        )) as std::pin::Pin<Box<dyn std::future::Future<Output = String>>>,
        Box::pin(admin_via(
            &second,
            1,
            A_OTHER,
            "set",
            midjourney_channel(MJ_OTHER),
        )),
        Box::pin(admin_via(
            &first,
            0,
            A_GENERAL,
            "default",
            midjourney_channel(MJ_LATER),
        )),
        Box::pin(admin_via(
            &second,
            1,
            A_ART_THREAD,
            "set",
            midjourney_channel(MJ_LATER),
        )),
        Box::pin(admin_options_via(
            &first,
            0,
            A_GENERAL,
            verb_switch("disable", "relax"),
        )),
        Box::pin(admin_options_via(
            &second,
            1,
            A_GENERAL,
            verb_switch("disable", "turbo"),
        )),
    ])
    .await;
    for reply in &replies {
        assert!(
            !reply.contains("nothing") && !reply.contains("went wrong"),
            "{replies:#?}"
        );
    }

    let out = run_to_end(first.command().args(["store", "export"]));
    assert!(out.status.success(), "{out:?}");
    let exported: Value = serde_json::from_slice(&out.stdout).unwrap();
    let guild = &exported["guilds"][GUILD_A.to_string()];
    assert_eq!(guild["default"], MJ_LATER, "{exported}");
    assert_eq!(
        guild["channels"],
        json!({
            A_ART.channel.to_string(): MJ_ART,
            A_ART_THREAD.channel.to_string(): MJ_LATER,
            A_OTHER.channel.to_string(): MJ_OTHER,
        }),
        "{exported}"
    );
    assert_eq!(guild["disabled"], json!(["relax", "turbo"]), "{exported}");
    first.finish().await;
    second.finish().await;
}

#[tokio::test]
async fn the_bot_rides_out_a_postgres_restart_without_being_restarted() {
    let pg = Postgres::start();
    let bot = spawn_bot_with(with_database(&pg)).await;
    useapi_answers(&bot, CONTENT).await;
    useapi_knows(&bot, &[MJ_ART, MJ_OTHER, MJ_LATER]).await;
    let reply = admin_via(&bot, 0, A_ART, "set", midjourney_channel(MJ_ART)).await;
    assert!(reply.contains(MJ_ART), "{reply}");

    pg.stop();
    // Commands keep the last known settings; an edit is refused, not lost.
    assert_eq!(fast_via(&bot, 0, A_ART).await.as_deref(), Some(MJ_ART));
    let refused = admin_via(&bot, 0, A_OTHER, "set", midjourney_channel(MJ_OTHER)).await;
    assert!(
        refused
            .to_lowercase()
            .contains("the settings database is unreachable; nothing changed"),
        "{refused}"
    );
    assert_eq!(
        bot.get("/healthz").await.0,
        200,
        "commands are still served"
    );

    pg.start_again();
    wait_for_explained(
        "an edit to succeed after the restart",
        Duration::from_secs(30),
        || bot.output(),
        || async {
            let reply = admin_via(&bot, 0, A_OTHER, "set", midjourney_channel(MJ_OTHER)).await;
            reply.contains(MJ_OTHER).then_some(()).ok_or(reply)
        },
    )
    .await;
    // Another process's change arrives again: the listener reconnected.
    let elsewhere = PgStore::new(&SecretString::from(pg.url()), Purpose::Copy).unwrap();
    let channel = ChannelId::new(A_GENERAL.channel);
    let edit = Edit::Set {
        channel,
        mj: mj_bridge::ids::MjChannelId::parse(MJ_LATER).unwrap(),
    };
    elsewhere.edit(GuildId::new(GUILD_A), edit).await.unwrap();
    let what = "the bot to use a change made elsewhere after the restart";
    let timeout = Duration::from_secs(10);
    wait_until_fast_uses((&bot, 0, A_GENERAL), MJ_LATER, what, timeout).await;
    assert_eq!(fast_via(&bot, 0, A_OTHER).await.as_deref(), Some(MJ_OTHER));
    bot.finish().await;
}

#[tokio::test]
async fn a_bot_waits_for_its_database_at_start_with_healthz_503_then_serves() {
    let pg = Postgres::start();
    pg.stop();
    let mut bot = prepare(with_database(&pg)).await;
    bot.launch();
    wait_until(
        "a warning that the database cannot be reached",
        Duration::from_secs(20),
        || async {
            bot.output()
                .lines()
                .any(|l| l.contains("WARN") && l.contains("cannot open the settings store"))
        },
    )
    .await;
    let (status, body) = bot.get("/healthz").await;
    assert_eq!(
        (status, body.as_str()),
        (503, "settings store not reached yet\n")
    );

    pg.start_again();
    wait_until("/healthz to say ok", Duration::from_secs(30), || async {
        bot.get("/healthz").await.0 == 200
    })
    .await;
    assert!(bot.stop().await.success(), "{}", bot.output());
    bot.finish().await;
}

#[tokio::test]
async fn sigterm_ends_a_bot_still_waiting_for_its_database() {
    let (_closed, addr) = refusing_socket();
    let mut bot = prepare(BotOptions::new().env(
        "DATABASE_URL",
        format!("postgres://postgres@{addr}/postgres"),
    ))
    .await;
    bot.launch();
    wait_until(
        "a warning that the database cannot be reached",
        Duration::from_secs(20),
        || async { bot.output().contains("cannot open the settings store") },
    )
    .await;
    assert!(bot.stop().await.success(), "{}", bot.output());
    assert!(
        bot.discord.requests().await.is_empty(),
        "Discord is not contacted first"
    );
    bot.finish().await;
}

#[tokio::test]
async fn store_import_and_export_copy_settings_and_exit_0_78_or_1_with_one_line() {
    let pg = Postgres::start();
    let bot = prepare(BotOptions::default()).await;
    let file = json!({"version": 1, "guilds": {GUILD_A.to_string(): {
        "default": MJ_LATER,
        "channels": {A_ART.channel.to_string(): MJ_ART},
        "disabled": ["turbo"],
        "audit": A_OTHER.channel.to_string(),
    }}});
    let path = bot.channels_file.with_file_name("import.json");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, file.to_string()).unwrap();
    let run = |args: &[&str], env: &[(&str, String)]| {
        let mut cmd = bot.command();
        cmd.args(args).env("RUST_LOG", "warn");
        for (name, value) in env {
            cmd.env(name, value);
        }
        run_to_end(&mut cmd)
    };
    let db = [("DATABASE_URL", pg.url())];

    for _ in 0..2 {
        let out = run(&["store", "import", path.to_str().unwrap()], &db);
        assert!(out.status.success(), "{out:?}");
    }
    let out = run(&["store", "export"], &db);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(serde_json::from_slice::<Value>(&out.stdout).unwrap(), file);

    // Back to a file: export from Postgres, import into the file store.
    std::fs::write(&path, &out.stdout).unwrap();
    let out = run(&["store", "import", path.to_str().unwrap()], &[]);
    assert!(out.status.success(), "{out:?}");
    let saved: Value = serde_json::from_slice(&std::fs::read(&bot.channels_file).unwrap()).unwrap();
    assert_eq!(saved, file);

    let bad_url = [("DATABASE_URL", "mysql://u:hunter2@db/mj".to_owned())];
    let out = run(&["store", "export"], &bad_url);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(78), "{stderr}");
    assert!(
        stderr.starts_with("mj-bridge: DATABASE_URL is invalid"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("hunter2") && stderr.lines().count() == 1,
        "{stderr}"
    );

    let (_closed, addr) = refusing_socket();
    let down = [(
        "DATABASE_URL",
        format!("postgres://postgres@{addr}/postgres"),
    )];
    let out = run(&["store", "export"], &down);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");

    let bad_shards = run(&[], &[("SHARDS", "0-2/2".to_owned())]);
    let stderr = String::from_utf8_lossy(&bad_shards.stderr);
    assert_eq!(bad_shards.status.code(), Some(78), "{stderr}");
    assert!(stderr.contains("SHARDS is invalid"), "{stderr}");
}

#[tokio::test]
async fn without_shards_the_bot_runs_as_many_shards_as_gateway_bot_recommends() {
    let mut bot = prepare(BotOptions::default()).await;
    bot.discord.set_gateway_shards(2);
    // serenity waits 5 s between the two shard logins.
    bot.start().await;
    let mut shards = bot.discord.live_shards();
    shards.sort_by_key(|s| s.id);
    assert_eq!(
        shards,
        [Shard { id: 0, count: 2 }, Shard { id: 1, count: 2 }]
    );
    assert_eq!(registrations(&bot.discord, &GUILDS).await, [1, 1]);
    bot.finish().await;
}
