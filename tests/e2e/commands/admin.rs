//! `/mj-channel` end to end: who may edit, what is stored, what `/fast` then uses.

use serde_json::{json, Value};

use crate::support::bot::{spawn_bot, spawn_bot_with, BotOptions, TestBot, MANAGER, MEMBER};
use crate::support::checks::assert_contains;
use crate::support::fake_discord::{
    Place, A_ART, A_ART_THREAD, A_GENERAL, A_OTHER, B_GENERAL, GUILD_A,
};
use crate::support::invoke::midjourney_channel;
use crate::support::useapi::{useapi_answers, useapi_knows, useapi_request_for, CONTENT};

const MJ_ART: &str = "555555555555555555";
const MJ_DEFAULT: &str = "666666666666666666";

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
    useapi_knows(&bot, &[MJ_ART, MJ_DEFAULT]).await;

    let reply = bot
        .reply(
            &bot.invoke_admin(A_ART, MANAGER, "set", midjourney_channel(MJ_ART))
                .await,
        )
        .await;
    assert!(reply.ephemeral, "admin replies are ephemeral");
    assert_contains(&reply.content, MJ_ART);
    let reply = bot
        .reply(
            &bot.invoke_admin(
                A_GENERAL,
                MANAGER,
                "default",
                midjourney_channel(MJ_DEFAULT),
            )
            .await,
        )
        .await;
    assert_contains(&reply.content, MJ_DEFAULT);

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
    assert_contains(&reply.content, MJ_DEFAULT);
    assert_eq!(
        sent_channel(&bot, A_OTHER).await.as_deref(),
        Some(MJ_DEFAULT)
    );
    bot.finish().await;
}

#[tokio::test]
async fn non_admins_and_invalid_ids_are_refused_and_nothing_is_stored() {
    let bot = spawn_bot().await;
    useapi_knows(&bot, &[MJ_ART]).await;

    let reply = bot
        .reply(
            &bot.invoke_admin(A_ART, MEMBER, "set", midjourney_channel(MJ_ART))
                .await,
        )
        .await;
    assert!(reply.ephemeral);
    assert_contains(&reply.content, "Manage Server");
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
            .reply(
                &bot.invoke_admin(A_ART, MANAGER, "set", midjourney_channel(bad))
                    .await,
            )
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

    bot.reply(
        &bot.invoke_admin(A_ART, MANAGER, "set", midjourney_channel(MJ_ART))
            .await,
    )
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
    let list = bot.mj_channel_list(A_GENERAL).await;
    assert!(list.ephemeral);
    assert_contains(&list.content, &format!("<#{}> → `{MJ_ART}`", A_ART.channel));
    bot.finish().await;
}

#[tokio::test]
async fn a_mapping_survives_a_restart() {
    let mut bot = spawn_bot().await;
    useapi_answers(&bot, CONTENT).await;
    useapi_knows(&bot, &[MJ_ART]).await;
    bot.reply(
        &bot.invoke_admin(A_ART, MANAGER, "set", midjourney_channel(MJ_ART))
            .await,
    )
    .await;

    let status = bot.stop().await;
    assert!(status.success(), "SIGTERM is a clean exit, got {status}");
    bot.start().await;

    assert_eq!(sent_channel(&bot, A_ART).await.as_deref(), Some(MJ_ART));
    bot.finish().await;
}

#[tokio::test]
async fn set_refuses_an_id_useapi_does_not_know_and_stores_one_it_could_not_check() {
    let bot = spawn_bot().await;
    useapi_knows(&bot, &[MJ_ART]).await;

    let reply = bot
        .reply(
            &bot.invoke_admin(A_ART, MANAGER, "set", midjourney_channel(MJ_DEFAULT))
                .await,
        )
        .await;
    assert_contains(
        &reply.content,
        &format!("useapi.net has no Midjourney account configured for channel `{MJ_DEFAULT}`"),
    );
    assert!(
        reply.content.contains("POST /v2/account/midjourney/"),
        "says how to add one: {}",
        reply.content
    );
    assert!(
        !bot.channels_file.exists(),
        "an unknown id must not be stored"
    );

    let reply = bot
        .reply(
            &bot.invoke_admin(A_ART, MANAGER, "set", midjourney_channel(MJ_ART))
                .await,
        )
        .await;
    assert_contains(&reply.content, "now use Midjourney channel");
    assert!(!reply.content.contains("verified"), "{}", reply.content);

    // useapi down: stored, with a note.
    bot.useapi.reset().await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .respond_with(wiremock::ResponseTemplate::new(503))
        .mount(&bot.useapi)
        .await;
    let reply = bot
        .reply(
            &bot.invoke_admin(A_OTHER, MANAGER, "set", midjourney_channel(MJ_DEFAULT))
                .await,
        )
        .await;
    // Why, as a member reads any useapi failure (in the catalogue).
    assert_contains(
        &reply.content,
        "It was stored anyway, without being verified with useapi.net: \
         useapi.net or Midjourney is having trouble (HTTP 503). Please try again shortly.",
    );
    let saved = std::fs::read_to_string(&bot.channels_file).unwrap();
    assert!(saved.contains(MJ_DEFAULT), "{saved}");
    bot.finish().await;
}

#[tokio::test]
async fn list_marks_ids_useapi_does_not_know() {
    let mapped = json!({"version": 1, "guilds": {GUILD_A.to_string(): {
        "default": MJ_DEFAULT,
        "channels": {A_ART.channel.to_string(): MJ_ART},
    }}});
    let bot = spawn_bot_with(BotOptions::new().channels(mapped.to_string())).await;
    useapi_knows(&bot, &[MJ_ART]).await;

    let list = bot.mj_channel_list(A_GENERAL).await;

    assert_contains(&list.content, &format!("`{MJ_ART}`\n"));
    assert_contains(
        &list.content,
        &format!("`{MJ_DEFAULT}` ⚠️ not configured at useapi.net"),
    );
    bot.finish().await;
}

#[tokio::test]
async fn midjourney_channel_ids_are_suggested_from_the_useapi_account() {
    let bot = spawn_bot().await;
    useapi_knows(&bot, &[MJ_ART, MJ_DEFAULT]).await;
    let typing = |partial: &str| {
        json!([{"name": "set", "type": 1, "options": [
            {"name": "midjourney_channel", "type": 3, "value": partial, "focused": true}
        ]}])
    };

    let inv = bot.autocomplete(A_ART, MANAGER, typing("5555")).await;
    let choices = bot.suggestions_for(&inv).await;
    assert_eq!(choices.len(), 1, "{choices:?}");
    assert_eq!(choices[0]["value"], MJ_ART);
    assert!(choices[0]["name"].as_str().unwrap().contains(MJ_ART));

    let inv = bot.autocomplete(A_ART, MANAGER, typing("")).await;
    assert_eq!(bot.suggestions_for(&inv).await.len(), 2);

    // Members without Manage Server see nothing.
    let inv = bot.autocomplete(A_ART, MEMBER, typing("")).await;
    assert!(bot.suggestions_for(&inv).await.is_empty());
    bot.finish().await;
}

#[tokio::test]
async fn nothing_is_suggested_when_useapi_fails() {
    let bot = spawn_bot().await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .respond_with(wiremock::ResponseTemplate::new(500))
        .mount(&bot.useapi)
        .await;
    let typing = json!([{"name": "default", "type": 1, "options": [
        {"name": "midjourney_channel", "type": 3, "value": "1", "focused": true}
    ]}]);

    let inv = bot.autocomplete(A_ART, MANAGER, typing).await;

    assert!(bot.suggestions_for(&inv).await.is_empty());
    bot.finish().await;
}

#[tokio::test]
async fn list_shows_every_setting_however_many_channels_are_mapped() {
    // About 45 characters a line: 120 channels need three messages.
    let channels: serde_json::Map<String, serde_json::Value> = (0..120u64)
        .map(|n| ((A_GENERAL.channel + 1_000 + n).to_string(), json!(MJ_ART)))
        .collect();
    let mapped = json!({"version": 1, "guilds": {GUILD_A.to_string(): {
        "default": MJ_DEFAULT,
        "channels": channels,
        "disabled": ["turbo"],
        "audit": A_ART.channel.to_string(),
    }}});
    let bot = spawn_bot_with(BotOptions::new().channels(mapped.to_string())).await;
    useapi_knows(&bot, &[MJ_ART, MJ_DEFAULT]).await;

    let inv = bot
        .invoke_admin(A_GENERAL, MANAGER, "list", json!([]))
        .await;
    let parts = bot.wait_for_replies(&inv, 3).await;

    assert!(parts.iter().all(|part| part.ephemeral));
    let whole: String = parts.iter().map(|part| part.content.as_str()).collect();
    for n in 0..120u64 {
        assert!(
            whole.contains(&format!("<#{}>", A_GENERAL.channel + 1_000 + n)),
            "{n}: {whole}"
        );
    }
    assert!(
        whole.contains(&format!("Everywhere else: `{MJ_DEFAULT}`")),
        "{whole}"
    );
    assert!(whole.contains("Turned off: /turbo"), "{whole}");
    assert!(
        whole.contains(&format!("Audit log: <#{}>", A_ART.channel)),
        "{whole}"
    );
    bot.finish().await;
}
