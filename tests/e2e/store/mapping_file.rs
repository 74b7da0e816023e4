//! The mapping file under a failing disk and leftovers of interrupted
//! saves: a failed save is reported, logged and counted; at start only old
//! temp files are removed.

use std::time::{Duration, SystemTime};

use serde_json::json;

use crate::support::bot::{prepare, spawn_bot_with, BotOptions, MANAGER};
use crate::support::fake_discord::A_ART;
use crate::support::invoke::midjourney_channel;
use crate::support::useapi::useapi_knows;
use crate::support::wait_until;

const MJ_ART: &str = "555555555555555555";

#[tokio::test]
async fn a_change_that_cannot_be_saved_is_refused_logged_as_an_error_and_counted() {
    let bot = spawn_bot_with(BotOptions::with_health_server()).await;
    useapi_knows(&bot, &[MJ_ART]).await;
    // Root ignores file permissions, so saving is made impossible another
    // way: the mapping file's directory becomes a regular file, where no
    // temp file can be created.
    let dir = bot.channels_file.parent().unwrap();
    assert!(!bot.channels_file.exists(), "no mapping file yet");
    // Only the record of registered commands is there yet.
    std::fs::remove_dir_all(dir).unwrap();
    std::fs::write(dir, b"not a directory").unwrap();

    let args = midjourney_channel(MJ_ART);
    let reply = bot
        .reply(&bot.invoke_admin(A_ART, MANAGER, "set", args).await)
        .await;

    assert!(
        reply
            .content
            .contains("could not save the mapping, so nothing was changed"),
        "{}",
        reply.content
    );
    assert!(reply.ephemeral);
    wait_until(
        "an ERROR line naming the mapping file",
        Duration::from_secs(10),
        || async {
            bot.output().lines().any(|line| {
                line.contains(" ERROR ")
                    && line.contains("cannot save the channel mapping file")
                    && line.contains(&bot.channels_file.display().to_string())
            })
        },
    )
    .await;
    let (_, metrics) = bot.get("/metrics").await;
    assert!(
        metrics.contains("mj_bridge_mapping_write_errors_total 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("mj_bridge_mapping_writes_total 0"),
        "{metrics}"
    );
    bot.finish().await;
}

#[tokio::test]
async fn at_start_only_temp_files_older_than_a_minute_are_removed() {
    let mut bot =
        prepare(BotOptions::new().channels(json!({"version": 1, "guilds": {}}).to_string())).await;
    let dir = bot.channels_file.parent().unwrap();
    let fresh = dir.join(".channels.json.Fr35h1.tmp");
    let old = dir.join(".channels.json.0ld0n3.tmp");
    for file in [&fresh, &old] {
        std::fs::write(file, br#"{"version": 1"#).unwrap();
    }
    std::fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(120))
        .unwrap();

    // Commands are registered after the cleanup, so it is over by then.
    bot.start().await;

    assert!(!old.exists(), "{}", bot.diagnostics());
    assert!(
        fresh.exists(),
        "a save in progress elsewhere keeps its file"
    );
    bot.finish().await;
}
