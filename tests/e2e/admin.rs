//! `/mj-channel` end to end: who may edit, what is stored, what `/fast` then uses.

use serde_json::{json, Value};

use crate::fast::{useapi_answers, useapi_request_for, CONTENT};
use crate::support::*;

const MJ_ART: &str = "555555555555555555";
const MJ_DEFAULT: &str = "666666666666666666";

fn set(mj: &str) -> Value {
    json!([{"name": "midjourney_channel", "type": 3, "value": mj}])
}

async fn sent_channel(bot: &TestBot, place: Place) -> Option<String> {
    let inv = bot.invoke_fast(place).await;
    assert_eq!(bot.reply(&inv).await.content, CONTENT);
    let body: Value = useapi_request_for(bot, &inv).await.body_json().unwrap();
    body.get("channel")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

#[tokio::test]
async fn a_mapping_applies_to_its_channel_its_threads_and_the_default_to_the_rest() {
    let bot = spawn_bot().await;
    useapi_answers(&bot, CONTENT).await;

    let reply = bot
        .reply(&bot.invoke_admin(A_ART, MANAGER, "set", set(MJ_ART)).await)
        .await;
    assert!(reply.ephemeral, "admin replies are ephemeral");
    assert!(reply.content.contains(MJ_ART), "{}", reply.content);
    let reply = bot
        .reply(
            &bot.invoke_admin(A_GENERAL, MANAGER, "default", set(MJ_DEFAULT))
                .await,
        )
        .await;
    assert!(reply.content.contains(MJ_DEFAULT), "{}", reply.content);

    assert_eq!(sent_channel(&bot, A_ART).await.as_deref(), Some(MJ_ART));
    assert_eq!(
        sent_channel(&bot, A_ART_THREAD).await.as_deref(),
        Some(MJ_ART)
    );
    assert_eq!(
        sent_channel(&bot, A_OTHER).await.as_deref(),
        Some(MJ_DEFAULT)
    );
    assert_eq!(
        sent_channel(&bot, B_GENERAL).await,
        None,
        "another guild is unaffected"
    );

    // `set` with an explicit discord_channel, then `unset` falls back to the default.
    let args = json!([
        {"name": "midjourney_channel", "type": 3, "value": MJ_ART},
        {"name": "discord_channel", "type": 7, "value": A_OTHER.channel.to_string()}
    ]);
    bot.reply(&bot.invoke_admin(A_GENERAL, MANAGER, "set", args).await)
        .await;
    assert_eq!(sent_channel(&bot, A_OTHER).await.as_deref(), Some(MJ_ART));
    let unset =
        json!([{"name": "discord_channel", "type": 7, "value": A_OTHER.channel.to_string()}]);
    let reply = bot
        .reply(&bot.invoke_admin(A_GENERAL, MANAGER, "unset", unset).await)
        .await;
    assert!(reply.content.contains(MJ_DEFAULT), "{}", reply.content);
    assert_eq!(
        sent_channel(&bot, A_OTHER).await.as_deref(),
        Some(MJ_DEFAULT)
    );
}

#[tokio::test]
async fn non_admins_and_invalid_ids_are_refused_and_nothing_is_stored() {
    let bot = spawn_bot().await;

    let reply = bot
        .reply(&bot.invoke_admin(A_ART, MEMBER, "set", set(MJ_ART)).await)
        .await;
    assert!(reply.ephemeral);
    assert!(reply.content.contains("Manage Server"), "{}", reply.content);
    assert!(
        !bot.channels_file.exists(),
        "a refused edit must not write the file"
    );

    for bad in [
        "general",
        "12345",
        "<#555555555555555555>",
        "5555555555555555555555",
    ] {
        let reply = bot
            .reply(&bot.invoke_admin(A_ART, MANAGER, "set", set(bad)).await)
            .await;
        assert!(reply.ephemeral);
        assert!(
            reply.content.contains("17 to 20 digits"),
            "{bad}: {}",
            reply.content
        );
        assert!(
            !bot.channels_file.exists(),
            "an invalid id must not be stored"
        );
    }

    bot.reply(&bot.invoke_admin(A_ART, MANAGER, "set", set(MJ_ART)).await)
        .await;
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(&bot.channels_file).unwrap()).unwrap();
    assert_eq!(
        saved,
        json!({"version": 1, "guilds": {GUILD_A.to_string(): {"channels": {A_ART.channel.to_string(): MJ_ART}}}})
    );

    let list = bot
        .reply(&bot.invoke_admin(A_GENERAL, MEMBER, "list", json!([])).await)
        .await;
    assert!(
        list.content.contains("Manage Server"),
        "list is for managers too: {}",
        list.content
    );
    let list = bot
        .reply(
            &bot.invoke_admin(A_GENERAL, MANAGER, "list", json!([]))
                .await,
        )
        .await;
    assert!(list.ephemeral);
    assert!(
        list.content
            .contains(&format!("<#{}> → `{MJ_ART}`", A_ART.channel)),
        "{}",
        list.content
    );
}

#[tokio::test]
async fn a_mapping_survives_a_restart() {
    let mut bot = spawn_bot().await;
    useapi_answers(&bot, CONTENT).await;
    bot.reply(&bot.invoke_admin(A_ART, MANAGER, "set", set(MJ_ART)).await)
        .await;

    let status = bot.stop().await;
    assert!(status.success(), "SIGTERM is a clean exit, got {status}");
    bot.start().await;

    assert_eq!(sent_channel(&bot, A_ART).await.as_deref(), Some(MJ_ART));
}
