//! Who may spend the account, end to end: the public-bot guard,
//! ALLOWED_GUILDS and the member cooldown.

use serde_json::{json, Value};

use crate::support::bot::{prepare, spawn_bot, spawn_bot_with, BotOptions, MANAGER, MEMBER};
use crate::support::checks::assert_contains;
use crate::support::fake_discord::{Typed, A_GENERAL, B_GENERAL, GUILDS, GUILD_A, GUILD_B};
use crate::support::process::exit_code_and_output;
use crate::support::replies::discord_timestamp;
use crate::support::useapi::{useapi_answers, useapi_knows, CONTENT};
use crate::support::wait_until;

const ALL_COMMANDS: usize = 6;
const MJ_ART: &str = "555555555555555555";
/// One member typing several commands.
const ALICE: u64 = 400_000_000_000_000_001;
const BOB: u64 = 400_000_000_000_000_002;

fn env(vars: &[(&'static str, String)]) -> BotOptions {
    BotOptions::new().envs(vars.to_vec())
}

fn only_guild_a() -> BotOptions {
    BotOptions::new().allowed_guilds(GUILD_A.to_string())
}

fn cooldown(secs: u64) -> BotOptions {
    BotOptions::new().cooldown(secs)
}

#[tokio::test]
async fn a_public_bot_without_an_allow_list_refuses_to_start_and_registers_nothing() {
    let mut bot = prepare(env(&[("RUST_LOG", "off".into())])).await;
    bot.discord.set_bot_public(true);

    let started = std::time::Instant::now();
    bot.launch();
    let code = bot.wait_exit().await.code();

    let output = bot.output();
    assert_eq!(code, Some(78), "{output}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let lines: Vec<&str> = output.lines().collect();
    assert_eq!(lines.len(), 1, "{output}");
    for part in [
        "the bot is public",
        "use your useapi.net account",
        "Public Bot",
        "ALLOWED_GUILDS",
    ] {
        assert!(lines[0].contains(part), "{part}: {output}");
    }
    let requests = bot.discord.requests().await;
    let sent: Vec<String> = requests
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(sent, ["GET /api/v10/oauth2/applications/@me"]);
    assert_eq!(bot.discord.identifies(), 0);
    bot.finish().await;
}

#[tokio::test]
async fn an_invalid_allow_list_stops_the_bot_naming_the_variable() {
    let bot = prepare(env(&[("ALLOWED_GUILDS", "my-server".into())])).await;

    let (code, output) = exit_code_and_output(bot).await;

    assert_eq!(code, Some(78), "{output}");
    assert!(output.contains("ALLOWED_GUILDS is invalid"), "{output}");
    assert!(output.contains("`my-server`"), "{output}");
}

#[tokio::test]
async fn every_configuration_error_exits_with_code_78() {
    let bad_token = prepare(env(&[("DISCORD_TOKEN", "not-the-token".into())])).await;
    let corrupt_file =
        prepare(BotOptions::new().channels("{\"version\": 1, \"guilds\": []}")).await;
    let missing_token = prepare(env(&[("USEAPI_TOKEN", String::new())])).await;

    for (what, bot) in [
        ("a token Discord refuses", bad_token),
        ("a corrupt mapping file", corrupt_file),
        ("a missing token", missing_token),
    ] {
        let (code, output) = exit_code_and_output(bot).await;
        assert_eq!(code, Some(78), "{what}: {output}");
    }
}

#[tokio::test]
async fn a_private_bot_without_an_allow_list_serves_every_guild() {
    let bot = spawn_bot().await;
    useapi_answers(&bot, CONTENT).await;

    for guild in GUILDS {
        assert_eq!(
            bot.discord.guild_commands(guild).map(|c| c.len()),
            Some(ALL_COMMANDS)
        );
    }
    let reply = bot.reply(&bot.invoke_fast(B_GENERAL).await).await;
    assert_eq!(reply.content, CONTENT);
    bot.finish().await;
}

#[tokio::test]
async fn a_public_bot_with_an_allow_list_starts_and_empties_the_command_list_of_other_guilds() {
    let mut bot = prepare(only_guild_a()).await;
    bot.discord.set_bot_public(true);
    bot.start().await;

    assert_eq!(
        bot.discord.guild_commands(GUILD_A).map(|c| c.len()),
        Some(ALL_COMMANDS)
    );
    assert_eq!(bot.discord.guild_commands(GUILD_B), Some(vec![]));
    // Logged once Discord has taken the empty list, so maybe after start() returned.
    wait_until(
        "the warning about the server outside the allow-list",
        std::time::Duration::from_secs(10),
        || async { bot.output().contains("not in ALLOWED_GUILDS") },
    )
    .await;
    let output = bot.output();
    let warnings: Vec<&str> = output
        .lines()
        .filter(|l| l.contains("WARN") && l.contains("not in ALLOWED_GUILDS"))
        .collect();
    assert_eq!(warnings.len(), 1, "{output}");
    assert!(
        warnings[0].contains(&GUILD_B.to_string())
            && warnings[0].contains(&format!("guild-{GUILD_B}")),
        "{output}"
    );
    bot.finish().await;
}

#[tokio::test]
async fn commands_from_a_guild_outside_the_allow_list_are_refused_without_calling_useapi() {
    let bot = spawn_bot_with(only_guild_a()).await;
    useapi_answers(&bot, CONTENT).await;
    useapi_knows(&bot, &[MJ_ART]).await;

    let fast = bot.reply(&bot.invoke_fast(B_GENERAL).await).await;
    let list = bot.mj_channel_list(B_GENERAL).await;

    for reply in [fast, list] {
        assert!(reply.ephemeral);
        assert_contains(&reply.content, "not enabled for this server");
    }
    assert!(bot.useapi_requests().await.is_empty());
    bot.finish().await;
}

#[tokio::test]
async fn autocomplete_in_a_guild_outside_the_allow_list_suggests_nothing() {
    let bot = spawn_bot_with(only_guild_a()).await;
    useapi_knows(&bot, &[MJ_ART]).await;
    let typing = json!([{"name": "set", "type": 1, "options": [
        {"name": "midjourney_channel", "type": 3, "value": "", "focused": true}
    ]}]);

    let inv = bot.autocomplete(B_GENERAL, MANAGER, typing).await;

    assert!(bot.suggestions_for(&inv).await.is_empty());
    assert!(bot.useapi_requests().await.is_empty());
    bot.finish().await;
}

#[tokio::test]
async fn a_second_command_within_the_cooldown_is_refused_without_a_useapi_call() {
    let bot = spawn_bot_with(cooldown(600)).await;
    useapi_answers(&bot, CONTENT).await;

    assert_eq!(bot.fast_as(ALICE, MEMBER).await.content, CONTENT);
    let relax = Typed::command(A_GENERAL, "relax", json!([]), MEMBER).by(ALICE);
    let refused = bot.reply(&bot.discord.send(relax).await).await;

    assert!(refused.ephemeral);
    assert!(
        refused.content.contains("every 600 seconds") && refused.content.contains(":R>"),
        "{}",
        refused.content
    );
    let at: u64 = discord_timestamp(&refused.content);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!((now + 590..=now + 601).contains(&at), "{at} vs now {now}");
    assert_eq!(bot.job_requests().await, 1);
    bot.finish().await;
}

#[tokio::test]
async fn members_who_manage_the_server_have_no_cooldown() {
    let bot = spawn_bot_with(cooldown(600)).await;
    useapi_answers(&bot, CONTENT).await;

    assert_eq!(bot.fast_as(ALICE, MANAGER).await.content, CONTENT);
    assert_eq!(bot.fast_as(ALICE, MANAGER).await.content, CONTENT);
    assert_eq!(bot.job_requests().await, 2);
    bot.finish().await;
}

#[tokio::test]
async fn a_members_cooldown_does_not_hold_up_another_member() {
    let bot = spawn_bot_with(cooldown(600)).await;
    useapi_answers(&bot, CONTENT).await;

    assert_eq!(bot.fast_as(ALICE, MEMBER).await.content, CONTENT);
    assert_eq!(bot.fast_as(BOB, MEMBER).await.content, CONTENT);
    assert_eq!(bot.job_requests().await, 2);
    bot.finish().await;
}

#[tokio::test]
async fn a_zero_cooldown_lets_a_member_send_commands_back_to_back() {
    let bot = spawn_bot_with(cooldown(0)).await;
    useapi_answers(&bot, CONTENT).await;

    for _ in 0..3 {
        let reply: Value = bot.fast_as(ALICE, MEMBER).await.body;
        assert_eq!(reply["content"], CONTENT);
    }
    bot.finish().await;
}

#[tokio::test]
async fn check_fails_for_a_public_bot_without_an_allow_list() {
    let bot = prepare(BotOptions::default()).await;
    useapi_knows(&bot, &[MJ_ART]).await;
    bot.discord.set_bot_public(true);

    let (output, stdout) = bot.run_check(&[]).await;

    assert!(!output.status.success(), "{stdout}");
    assert!(
        stdout.contains("✗ the application is public: anyone can add the bot"),
        "{stdout}"
    );
    assert!(stdout.contains("fix: turn off Public Bot"), "{stdout}");
}

#[tokio::test]
async fn check_prints_the_allow_list_and_the_guilds_outside_it() {
    let bot = prepare(BotOptions::default()).await;
    useapi_knows(&bot, &[MJ_ART]).await;
    bot.discord.set_bot_public(true);
    let allowed = GUILD_A.to_string();

    let (output, stdout) = bot.run_check(&[("ALLOWED_GUILDS", &allowed)]).await;

    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "✓ the application is public (anyone can add the bot), and ALLOWED_GUILDS limits it to: {GUILD_A}"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "⚠ the bot is in servers outside ALLOWED_GUILDS (it removes its commands there): {GUILD_B} (guild-{GUILD_B})"
        )),
        "{stdout}"
    );
    let outside = stdout
        .lines()
        .find(|l| l.contains("outside ALLOWED_GUILDS"))
        .unwrap();
    assert!(!outside.contains(&GUILD_A.to_string()), "{stdout}");
}

#[tokio::test]
async fn check_says_a_private_bot_serves_every_guild_it_is_in() {
    let bot = prepare(BotOptions::default()).await;
    useapi_knows(&bot, &[MJ_ART]).await;

    let (output, stdout) = bot.run_check(&[]).await;

    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains("✓ the application is private (only you can add the bot); ALLOWED_GUILDS is unset: it serves every server it is in"),
        "{stdout}"
    );
}

/// A server's name is its members' words: `check` prints it escaped, on
/// the line it belongs to, so it can neither forge a line nor drive the
/// terminal.
#[tokio::test]
async fn check_prints_a_servers_name_escaped_on_its_own_line() {
    let bot = prepare(BotOptions::default()).await;
    useapi_knows(&bot, &[MJ_ART]).await;
    bot.discord
        .name_guild(GUILD_B, "evil\n✓ every check passed\u{1b}[2J");
    let allowed = GUILD_A.to_string();

    let (_, stdout) = bot.run_check(&[("ALLOWED_GUILDS", &allowed)]).await;

    assert!(
        !stdout
            .lines()
            .any(|l| l.starts_with("✓ every check passed")),
        "{stdout}"
    );
    assert!(!stdout.contains('\u{1b}'), "{stdout}");
    let outside = stdout
        .lines()
        .find(|l| l.contains("outside ALLOWED_GUILDS"))
        .unwrap();
    assert!(outside.contains(&format!("{GUILD_B} (evil")), "{stdout}");
}
