//! The verb table end to end: every verb relays to its endpoint, embeds come
//! through, and admins can turn verbs off per server.

use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::support::bot::{spawn_bot, TestBot, MANAGER, MEMBER};
use crate::support::checks::assert_contains;
use crate::support::fake_discord::{A_GENERAL, B_GENERAL, GUILD_A, GUILD_B};
use crate::support::invoke::verb_switch;
use crate::support::useapi::{useapi_answers, useapi_request_for, CONTENT};

/// useapi answers jobs of `answer`'s `verb` (at `/v2/jobs/<verb>`) with
/// `answer`, and only those.
async fn verb_answers(bot: &TestBot, answer: Value) {
    let verb = answer["verb"].as_str().expect("the answer's verb");
    Mock::given(method("POST"))
        .and(path(format!("/v2/jobs/{verb}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .mount(&bot.useapi)
        .await;
}

#[tokio::test]
async fn relax_relays_to_its_own_endpoint_with_the_same_body() {
    let bot = spawn_bot().await;
    verb_answers(
        &bot,
        json!({"verb": "relax", "status": "completed", "content": "Done! Your jobs now do not consume fast-hours"}),
    )
    .await;

    let inv = bot.invoke_verb(A_GENERAL, "relax").await;

    assert_eq!(
        bot.reply(&inv).await.content,
        "Done! Your jobs now do not consume fast-hours"
    );
    let request = useapi_request_for(&bot, &inv).await;
    assert_eq!(request.url.path(), "/v2/jobs/relax");
    assert_eq!(
        request.body_json::<Value>().unwrap(),
        json!({"replyRef": inv.id.to_string()})
    );
    bot.finish().await;
}

#[tokio::test]
async fn info_relays_midjourney_embeds_as_discord_embeds() {
    let bot = spawn_bot().await;
    let panel = json!({
        "verb": "info", "status": "completed", "content": "",
        "embeds": [{
            "type": "rich", "title": "Your info - member", "color": 3447003,
            "description": "**Subscription**: Standard (Active monthly)\n**Job Mode**: Fast\n**Fast Time Remaining**: 12.3/15.0 hours",
            "image": {"url": "https://cdn.midjourney.example/panel.png", "proxy_url": "https://media.example/panel.png", "width": 1, "height": 1}
        }]
    });
    verb_answers(&bot, panel).await;

    let inv = bot.invoke_verb(A_GENERAL, "info").await;
    let reply = bot.reply(&inv).await;

    let embed = &reply.body["embeds"][0];
    assert_eq!(embed["title"], "Your info - member");
    assert!(embed["description"]
        .as_str()
        .unwrap()
        .contains("**Job Mode**: Fast"));
    assert_eq!(embed["color"], 3447003);
    assert_eq!(
        embed["image"]["url"],
        "https://cdn.midjourney.example/panel.png"
    );
    assert_eq!(reply.content, "", "no filler text next to the panel");
    assert_eq!(bot.replies_for(&inv).await.len(), 1);
    bot.finish().await;
}

#[tokio::test]
async fn a_turned_off_verb_is_refused_and_hidden_from_the_server() {
    let bot = spawn_bot().await;
    useapi_answers(&bot, CONTENT).await;

    let refused = bot
        .reply(
            &bot.discord
                .invoke(
                    A_GENERAL,
                    "mj-channel",
                    verb_switch("disable", "turbo"),
                    MEMBER,
                )
                .await,
        )
        .await;
    assert_contains(&refused.content, "Manage Server");

    assert!(bot
        .switch_verb(A_GENERAL, "disable", "turbo")
        .await
        .content
        .contains("/turbo is now off"));
    let commands = bot.discord.guild_commands(GUILD_A).unwrap();
    assert!(
        !commands.iter().any(|c| c["name"] == "turbo"),
        "re-registered without /turbo"
    );
    assert!(
        bot.discord
            .guild_commands(GUILD_B)
            .unwrap()
            .iter()
            .any(|c| c["name"] == "turbo"),
        "other servers keep it"
    );

    let turned_off = bot.invoke_verb(A_GENERAL, "turbo").await;
    let reply = bot.reply(&turned_off).await;
    assert!(
        reply
            .content
            .contains("/turbo is turned off in this server"),
        "{}",
        reply.content
    );
    assert!(reply.ephemeral);
    assert_eq!(
        bot.callbacks(&turned_off).await[0].body["type"],
        5,
        "acknowledged (deferred) before the mapping was read"
    );
    assert!(
        bot.useapi_requests().await.is_empty(),
        "a turned-off verb never reaches useapi"
    );

    let reply = bot.reply(&bot.invoke_verb(B_GENERAL, "turbo").await).await;
    assert_eq!(reply.content, CONTENT);

    bot.reply(
        &bot.discord
            .invoke(
                A_GENERAL,
                "mj-channel",
                verb_switch("enable", "turbo"),
                MANAGER,
            )
            .await,
    )
    .await;
    assert!(bot
        .discord
        .guild_commands(GUILD_A)
        .unwrap()
        .iter()
        .any(|c| c["name"] == "turbo"));
    let reply = bot.reply(&bot.invoke_verb(A_GENERAL, "turbo").await).await;
    assert_eq!(reply.content, CONTENT);
    bot.finish().await;
}
