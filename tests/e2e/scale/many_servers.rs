//! A bot in thousands of servers: registration runs through a few workers
//! whatever the number of servers, and a server whose command set is
//! already there (by its fingerprint in the store) costs no request.

use std::time::Duration;

use crate::support::bot::{prepare, spawn_bot, BotOptions, TestBot};
use crate::support::fake_discord::{A_GENERAL, GUILDS, GUILD_A, GUILD_B};
use crate::support::postgres::Postgres;
use crate::support::process::{prepare_two, start_together};
use crate::support::process::{registrations, run_to_end, COMMANDS_IN_PLACE};
use crate::support::wait_for_explained;

const SERVERS: u64 = 2_000;

fn names(guild: u64, bot: &TestBot) -> Vec<String> {
    let mut names: Vec<String> = bot
        .discord
        .guild_commands(guild)
        .unwrap_or_default()
        .iter()
        .filter_map(|c| c["name"].as_str().map(str::to_owned))
        .collect();
    names.sort();
    names
}

/// Bulk overwrites per guild of `guilds`, summed.
async fn overwrites(bot: &TestBot, guilds: &[u64]) -> usize {
    registrations(&bot.discord, guilds).await.iter().sum()
}

#[tokio::test]
async fn two_thousand_servers_under_an_open_file_limit_of_1024_all_get_their_commands() {
    let mut bot = prepare(BotOptions::new().open_files(1024)).await;
    bot.guilds.extend(bot.discord.add_guilds(SERVERS));
    bot.start().await;

    assert_eq!(bot.discord.guilds_with_commands(), bot.guilds.len());
    let counts = registrations(&bot.discord, &bot.guilds).await;
    assert!(counts.iter().all(|n| *n == 1), "one overwrite per server");
    // The limit is logged, and is low for this many servers.
    let warning = bot.wait_for_line("the open-file limit is low").await;
    assert!(warning.contains("open_files=1024"), "{warning}");
    bot.finish().await;
}

#[tokio::test]
async fn a_restart_with_unchanged_commands_sends_no_bulk_overwrite() {
    let mut bot = spawn_bot().await;
    assert_eq!(registrations(&bot.discord, &GUILDS).await, [1, 1]);

    bot.restart().await;

    assert_eq!(registrations(&bot.discord, &GUILDS).await, [1, 1]);
    // A reconnect's servers seen again may be counted twice, never sent.
    let said: Vec<String> = bot
        .output()
        .lines()
        .filter(|l| l.contains(COMMANDS_IN_PLACE))
        .map(str::to_owned)
        .collect();
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(said[1].contains("registered=0"), "{said:?}");
    bot.finish().await;
}

#[tokio::test]
async fn turning_a_verb_off_re_registers_that_server_only() {
    let mut bot = spawn_bot().await;
    assert!(bot
        .switch_verb(A_GENERAL, "disable", "turbo")
        .await
        .content
        .contains("/turbo is now off"));
    assert_eq!(registrations(&bot.discord, &GUILDS).await, [2, 1]);
    assert!(!names(GUILD_A, &bot).contains(&"turbo".to_owned()));

    // The restart finds both servers as they were left.
    bot.restart().await;
    assert_eq!(registrations(&bot.discord, &GUILDS).await, [2, 1]);
    bot.finish().await;
}

#[tokio::test]
async fn a_changed_command_set_is_registered_once_in_each_server() {
    let mut bot = spawn_bot().await;
    bot.stop().await;
    // As after an upgrade whose commands differ: every fingerprint on record is another set's.
    let record = bot.channels_file.with_extension("registered.json");
    let old = std::fs::read_to_string(&record).expect("the record of registered commands");
    let mut parsed: serde_json::Value = serde_json::from_str(&old).unwrap();
    for fingerprint in parsed["registered"].as_object_mut().unwrap().values_mut() {
        *fingerprint = "0123456789abcdef".into();
    }
    std::fs::write(&record, parsed.to_string()).unwrap();

    bot.start().await;
    assert_eq!(registrations(&bot.discord, &GUILDS).await, [2, 2]);
    bot.restart().await;
    assert_eq!(registrations(&bot.discord, &GUILDS).await, [2, 2]);
    bot.finish().await;
}

#[tokio::test]
async fn commands_sync_registers_the_commands_again_in_every_server() {
    let bot = spawn_bot().await;
    let added = bot.discord.add_guilds(450);

    let mut sync = bot.command();
    sync.args(["commands", "sync"]);
    let output = tokio::task::spawn_blocking(move || run_to_end(&mut sync))
        .await
        .unwrap();

    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains("registered the slash commands in 452 servers"),
        "{stdout}"
    );
    assert_eq!(registrations(&bot.discord, &GUILDS).await, [2, 2]);
    assert_eq!(overwrites(&bot, &added).await, added.len());
    bot.finish().await;
}

#[tokio::test]
async fn a_failed_registration_is_retried_and_healthz_counts_the_servers_waiting() {
    let mut bot = prepare(BotOptions::with_health_server()).await;
    let refusal = bot
        .discord
        .fail_route_until_released(
            "PUT",
            &format!(r"^/api/v10/applications/\d+/guilds/{GUILD_B}/commands$"),
            500,
        )
        .await;
    bot.guilds = vec![GUILD_A];
    bot.launch();
    wait_for_explained(
        "/healthz to count the server waiting",
        Duration::from_secs(30),
        || bot.diagnostics(),
        || async {
            let (status, body) = bot.get("/healthz").await;
            match body.contains("servers waiting for their commands: 1") {
                true => Ok(()),
                false => Err(format!("{status} {body}")),
            }
        },
    )
    .await;
    assert!(bot.discord.guild_commands(GUILD_B).is_none());
    bot.wait_for_line("could not register the slash commands; trying again in")
        .await;

    refusal.release();
    bot.wait_for_metric("mj_bridge_registrations_pending 0")
        .await;
    assert_eq!(names(GUILD_B, &bot).len(), names(GUILD_A, &bot).len());
    let (status, body) = bot.get("/healthz").await;
    assert_eq!((status, body.contains("waiting")), (200, false), "{body}");
    bot.finish().await;
}

#[tokio::test]
async fn two_processes_on_one_postgresql_register_each_server_once() {
    let pg = Postgres::start();
    let (mut first, mut second) = prepare_two(BotOptions::new().database(&pg)).await;
    first.guilds.extend(first.discord.add_guilds(300));
    second.guilds = first.guilds.clone();
    // Both start at once, each connected to every guild.
    start_together(&mut first, &mut second).await;

    let counts = registrations(&first.discord, &first.guilds).await;
    assert!(counts.iter().all(|n| *n == 1), "{counts:?}");
    first.finish().await;
    second.finish().await;
}

#[tokio::test]
async fn check_names_the_servers_that_wait_for_their_commands() {
    let bot = spawn_bot().await;
    let added = bot.discord.add_guilds(1);

    let (_, stdout) = bot.run_check(&[]).await;

    assert!(
        stdout.contains(&format!(
            "1 of 3 servers wait for their slash commands: {}",
            added[0]
        )),
        "{stdout}"
    );
    assert!(stdout.contains("mj-bridge commands sync"), "{stdout}");
    bot.finish().await;
}
