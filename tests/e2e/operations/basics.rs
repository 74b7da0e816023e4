//! Operations end to end: the `check` doctor, /healthz, /metrics, graceful
//! shutdown and JSON logs. /healthz and /metrics are read from a bot in the
//! test's process; the rest needs a process of its own.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::support::bot::{prepare, spawn_bot, spawn_bot_with, BotOptions, TestBot};
use crate::support::checks::assert_contains;
use crate::support::checks::assert_log_line;
use crate::support::fake_discord::{APP_ID, A_ART, A_GENERAL, A_OTHER, GUILD_A};
use crate::support::gate::useapi_answers_once_opened;
use crate::support::in_process::{launch_in_process, spawn_in_process};
use crate::support::useapi::{useapi_answers, useapi_knows, CONTENT};
use crate::support::{wait_for_status, wait_until};

const MJ_KNOWN: &str = "555555555555555555";

async fn mapped_bot(mj: &str) -> TestBot {
    let mapping = json!({"version": 1, "guilds": {GUILD_A.to_string(): {"channels": {A_ART.channel.to_string(): mj}}}});
    let bot = prepare(BotOptions::new().channels(mapping.to_string())).await;
    useapi_knows(&bot, &[MJ_KNOWN]).await;
    bot
}

#[tokio::test]
async fn check_passes_and_prints_the_bot_name_invite_url_and_channels() {
    let bot = mapped_bot(MJ_KNOWN).await;

    let (output, stdout) = bot.run_check(&[]).await;

    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains("✓ Discord accepted the bot token: logged in as mj-bridge"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("https://discord.com/oauth2/authorize?client_id={APP_ID}&scope=bot+applications.commands")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("Midjourney channels: {MJ_KNOWN}")),
        "{stdout}"
    );
    assert!(
        stdout.contains("✓ the one mapped Midjourney channel is configured"),
        "{stdout}"
    );
    assert!(!stdout.contains('✗'), "{stdout}");
}

#[tokio::test]
async fn check_exits_78_when_a_setting_is_missing() {
    let bot = mapped_bot(MJ_KNOWN).await;

    let (output, stdout) = bot.run_check(&[("USEAPI_TOKEN", "")]).await;

    assert_eq!(output.status.code(), Some(78), "{stdout}");
    assert!(stdout.contains("✗ USEAPI_TOKEN is not set"), "{stdout}");
}

#[tokio::test]
async fn check_fails_on_a_bad_discord_token() {
    let bot = mapped_bot(MJ_KNOWN).await;

    let (output, stdout) = bot.run_check(&[("DISCORD_TOKEN", "not-the-token")]).await;

    assert!(!output.status.success());
    assert!(
        stdout.contains("✗ Discord refused the bot token"),
        "{stdout}"
    );
    assert!(stdout.contains("fix: copy a fresh token"), "{stdout}");
}

#[tokio::test]
async fn check_fails_on_a_bad_useapi_token() {
    let bot = mapped_bot(MJ_KNOWN).await;
    Mock::given(method("GET"))
        .and(path("/v2/account/midjourney"))
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({"error": "Unauthorized", "code": 401})),
        )
        .with_priority(1)
        .mount(&bot.useapi)
        .await;

    let (output, stdout) = bot.run_check(&[]).await;

    assert!(!output.status.success());
    assert!(
        stdout.contains("✗ useapi.net refused the API token"),
        "{stdout}"
    );
    assert!(stdout.contains("HTTP 401"), "{stdout}");
    assert!(stdout.contains("fix: check USEAPI_TOKEN"), "{stdout}");
}

#[tokio::test]
async fn check_fails_when_a_mapped_channel_is_unknown_to_useapi() {
    let bot = mapped_bot("777777777777777777").await;

    let (output, stdout) = bot.run_check(&[]).await;

    assert!(!output.status.success());
    assert!(
        stdout.contains(&format!(
            "✗ mapped but not configured at useapi.net: 777777777777777777 (server {GUILD_A})"
        )),
        "{stdout}"
    );
}

#[tokio::test]
async fn check_says_when_the_api_is_not_available_at_useapi_base_url() {
    for status in [404, 410] {
        let bot = mapped_bot(MJ_KNOWN).await;
        Mock::given(method("GET"))
            .and(path("/v2/account/midjourney"))
            .respond_with(
                ResponseTemplate::new(status).set_body_json(json!({"error": "Not Found"})),
            )
            .with_priority(1)
            .mount(&bot.useapi)
            .await;

        let (output, stdout) = bot.run_check(&[]).await;

        assert!(!output.status.success(), "{stdout}");
        assert!(
            stdout.contains(&format!(
                "✗ this API is not available at USEAPI_BASE_URL ({})",
                bot.useapi.uri()
            )),
            "{stdout}"
        );
        assert!(stdout.contains(&format!("HTTP {status}")), "{stdout}");
        assert!(
            stdout.contains("fix: point USEAPI_BASE_URL at a server"),
            "{stdout}"
        );
    }
}

#[tokio::test]
async fn check_leaves_every_file_as_it_was_even_another_process_temp_file() {
    let bot = mapped_bot(MJ_KNOWN).await;
    let dir = bot.channels_file.parent().unwrap();
    // A save in progress in another process, or a stale one: `check` keeps both.
    let temp = dir.join(".channels.json.x7Kq2p.tmp");
    std::fs::write(&temp, br#"{"version": 1"#).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&temp)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(600))
        .unwrap();
    let root = dir.parent().unwrap();
    let before = files_under(root);

    let (output, stdout) = bot.run_check(&[]).await;

    assert!(output.status.success(), "{stdout}");
    assert_eq!(files_under(root), before);
    assert!(temp.exists());
}

/// Every file under `dir` with its contents and modification time.
fn files_under(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            let modified = entry.metadata().unwrap().modified().unwrap();
            files.insert(path.clone(), (std::fs::read(&path).unwrap(), modified));
        }
    }
    files
}

#[tokio::test]
async fn healthz_follows_the_gateway_connection() {
    let bot = prepare(BotOptions::with_health_server()).await;

    // Short heartbeats, so a dead connection is noticed in about a second.
    bot.discord
        .set_heartbeat_interval(Duration::from_millis(500));
    bot.discord.pause_gateway(true);
    let bot = launch_in_process(bot).await;
    let healthz = format!("http://{}/healthz", bot.health_addr());
    let body = wait_for_status(&healthz, 503).await;
    assert!(body.contains("gateway not connected"), "{body}");

    bot.discord.pause_gateway(false);
    let body = wait_for_status(&healthz, 200).await;
    assert!(body.starts_with("ok"), "{body}");

    bot.discord.pause_gateway(true);
    bot.discord.drop_connection();
    wait_for_status(&healthz, 503).await;

    bot.discord.pause_gateway(false);
    wait_for_status(&healthz, 200).await;
    bot.finish().await;
}

#[tokio::test]
async fn metrics_count_commands_and_useapi_calls() {
    let bot = spawn_in_process(BotOptions::with_health_server()).await;
    useapi_answers(&bot, CONTENT).await;
    let (status, before) = bot.get("/metrics").await;
    assert_eq!(status, 200);
    assert!(
        before.contains(r#"mj_bridge_commands_total{verb="fast",outcome="ok"} 0"#),
        "{before}"
    );

    bot.reply(&bot.invoke_fast(A_GENERAL).await).await;

    let (_, after) = bot.get("/metrics").await;
    assert!(
        after.contains(r#"mj_bridge_commands_total{verb="fast",outcome="ok"} 1"#),
        "{after}"
    );
    assert!(
        after.contains(r#"mj_bridge_useapi_request_duration_seconds_count{status="200"} 1"#),
        "{after}"
    );
    assert!(after.contains("mj_bridge_commands_in_flight 0"), "{after}");
    bot.finish().await;
}

#[tokio::test]
async fn sigterm_lets_a_command_in_flight_finish_and_turns_new_ones_away() {
    let mut bot = spawn_bot().await;
    let gate = useapi_answers_once_opened(&bot, CONTENT).await;
    let inv = bot.invoke_fast(A_GENERAL).await;
    // In flight, and held there until the late command has been turned away.
    gate.wait_for_a_held_job(&bot).await;

    bot.terminate();
    // The bot logs this as it starts turning new commands away, so a
    // command sent once the line shows is a late one.
    wait_until(
        "the bot to say it is shutting down",
        Duration::from_secs(10),
        || async {
            bot.output()
                .contains("shutting down; letting commands in flight finish")
        },
    )
    .await;
    let late = bot.invoke_fast(A_OTHER).await;
    let late_reply = bot.reply(&late).await;
    assert_contains(&late_reply.content, "restarting");
    assert!(late_reply.ephemeral);
    gate.open();

    let status = bot.wait_exit().await;
    assert!(status.success(), "exit status {status}");
    assert_eq!(bot.reply(&inv).await.content, CONTENT);
    assert_eq!(
        bot.useapi_requests().await.len(),
        1,
        "the late command never reached useapi"
    );
    bot.finish().await;
}

#[tokio::test]
async fn log_format_json_writes_json_lines_with_the_message_at_the_top_level() {
    let bot = spawn_bot_with(
        BotOptions::new()
            .env("LOG_FORMAT", "json")
            .rust_log("debug"),
    )
    .await;
    let output = bot.output();
    let lines: Vec<&str> = output.lines().collect();
    assert!(lines.len() > 1, "{output}");
    for line in lines {
        assert_log_line(line);
    }
    // The event's own fields sit beside the message, not under `fields`.
    assert!(
        output.lines().any(|line| {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            value["message"] == "starting" && value["version"].is_string()
        }),
        "{output}"
    );
    bot.finish().await;
}

#[test]
fn the_service_unit_does_not_restart_on_a_configuration_error() {
    let unit = include_str!("../../../deploy/mj-bridge.service");
    let setting = |name: &str| -> Vec<&str> {
        unit.lines()
            .filter_map(|line| line.strip_prefix(name)?.strip_prefix('='))
            .collect()
    };
    assert_eq!(setting("RestartPreventExitStatus"), ["78"]);
    assert_eq!(setting("SystemCallErrorNumber"), ["EPERM"]);
    let families = setting("RestrictAddressFamilies").join(" ");
    for family in ["AF_UNIX", "AF_INET", "AF_INET6"] {
        assert!(families.split(' ').any(|f| f == family), "{families}");
    }
}
