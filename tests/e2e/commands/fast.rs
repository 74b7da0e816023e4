//! `/fast` end to end: the useapi request, the reply, mentions, splitting, load.

use std::time::Duration;

use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, Request, ResponseTemplate};

use crate::support::bot::{spawn_bot, spawn_bot_with, BotOptions, MANAGER, USEAPI_TOKEN};
use crate::support::checks::assert_contains;
use crate::support::fake_discord::{Place, A_ART, A_GENERAL, A_OTHER, GUILD_A};
use crate::support::gate::useapi_answers_once_opened;
use crate::support::invoke::midjourney_channel;
use crate::support::useapi::{useapi_answers, useapi_knows_every_channel, CONTENT};

#[tokio::test]
async fn fast_unmapped_relays_without_channel_and_posts_the_content() {
    let bot = spawn_bot().await;
    useapi_answers(&bot, CONTENT).await;

    let inv = bot.invoke_fast(A_GENERAL).await;
    let reply = bot.reply(&inv).await;

    assert_eq!(reply.content, CONTENT);
    assert_eq!(reply.method, "PATCH");
    assert!(reply
        .path
        .ends_with(&format!("/{}/messages/@original", inv.token)));
    assert!(!reply.ephemeral, "a successful answer is public");

    let requests = bot.useapi_requests().await;
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/v2/jobs/fast");
    assert_eq!(
        request.headers["authorization"],
        format!("Bearer {USEAPI_TOKEN}").as_str()
    );
    assert_eq!(request.headers["content-type"], "application/json");
    assert_eq!(
        request.body_json::<Value>().unwrap(),
        json!({"replyRef": inv.id.to_string()})
    );

    // The member saw "thinking…" first: a public defer.
    let callbacks = bot.callbacks(&inv).await;
    assert_eq!(callbacks.len(), 1);
    assert_eq!(callbacks[0].body["type"], 5);
    bot.finish().await;
}

#[tokio::test]
async fn mentions_in_midjourney_content_never_ping_anyone() {
    let bot = spawn_bot().await;
    let content = "@everyone @here <@123456789012345678> <@&223456789012345678> look!";
    useapi_answers(&bot, content).await;

    let reply = bot.reply(&bot.invoke_fast(A_GENERAL).await).await;

    assert_eq!(reply.content, content);
    let allowed = &reply.body["allowed_mentions"];
    assert_eq!(allowed["parse"], json!([]), "{allowed}");
    assert!(
        allowed["users"].as_array().is_none_or(Vec::is_empty),
        "{allowed}"
    );
    assert!(
        allowed["roles"].as_array().is_none_or(Vec::is_empty),
        "{allowed}"
    );
    bot.finish().await;
}

#[tokio::test]
async fn content_of_5000_characters_arrives_in_messages_of_at_most_2000() {
    let bot = spawn_bot().await;
    let content: String = "Midjourney says hello. "
        .repeat(218)
        .chars()
        .take(5000)
        .collect();
    assert_eq!(content.chars().count(), 5000);
    useapi_answers(&bot, &content).await;

    let inv = bot.invoke_fast(A_GENERAL).await;
    let replies = bot.wait_for_replies(&inv, 3).await;

    assert_eq!(replies.len(), 3);
    for reply in &replies {
        assert!(
            reply.content.chars().count() <= 2000,
            "{} characters",
            reply.content.chars().count()
        );
        assert_eq!(reply.body["allowed_mentions"]["parse"], json!([]));
        assert!(!reply.ephemeral);
    }
    let joined: String = replies.iter().map(|r| r.content.as_str()).collect();
    assert_eq!(joined, content);
    bot.finish().await;
}

#[tokio::test]
async fn a_hundred_concurrent_commands_in_a_hundred_channels_each_get_exactly_their_own_reply() {
    // The health server's /metrics tells when every command has finished.
    let bot = spawn_bot_with(BotOptions::with_health_server()).await;
    useapi_knows_every_channel(&bot).await;
    let places: Vec<Place> = (0..100)
        .map(|i| Place {
            guild: GUILD_A,
            channel: 100_000_000_000_001_000 + i,
            kind: 0,
            parent: None,
        })
        .collect();
    let mj = |place: &Place| format!("7{:017}", place.channel % 1_000_000);

    // 100 admins map 100 channels at once: every edit must land in the file.
    let mut edits = Vec::new();
    for place in &places {
        let args = midjourney_channel(&mj(place));
        edits.push(bot.invoke_admin(*place, MANAGER, "set", args).await);
    }
    for edit in &edits {
        bot.reply(edit).await;
    }
    let saved: Value =
        serde_json::from_str(&std::fs::read_to_string(&bot.channels_file).unwrap()).unwrap();
    let channels = saved["guilds"][GUILD_A.to_string()]["channels"]
        .as_object()
        .unwrap();
    assert_eq!(channels.len(), 100, "an admin edit was lost");

    Mock::given(method("POST"))
        .and(path("/v2/jobs/fast"))
        .respond_with(|req: &Request| {
            let body = req.body_json::<Value>().unwrap_or_default();
            let content = format!(
                "done for {} in {}",
                body["replyRef"].as_str().unwrap_or("?"),
                body["channel"].as_str().unwrap_or("?")
            );
            ResponseTemplate::new(200)
                .set_body_json(json!({"status": "completed", "content": content}))
                .set_delay(Duration::from_millis(50))
        })
        .mount(&bot.useapi)
        .await;
    let mut invocations = Vec::new();
    for place in &places {
        invocations.push((place, bot.invoke_fast(*place).await));
    }
    for (_, inv) in &invocations {
        bot.reply(inv).await;
    }
    // A stray duplicate could only come from a command still running. Every
    // command has replied, so all have started: once none is in flight,
    // every reply there will ever be has been sent.
    let metrics = bot.wait_until_idle().await;
    assert!(
        metrics
            .lines()
            .any(|l| l == r#"mj_bridge_commands_total{verb="fast",outcome="ok"} 100"#),
        "each /fast ran exactly once:\n{metrics}"
    );
    for (place, inv) in &invocations {
        let replies = bot.replies_for(inv).await;
        assert_eq!(
            replies.len(),
            1,
            "interaction {} got {} replies",
            inv.id,
            replies.len()
        );
        assert_eq!(
            replies[0].content,
            format!("done for {} in {}", inv.id, mj(place))
        );
    }
    let jobs = bot
        .useapi_requests()
        .await
        .into_iter()
        .filter(|r| r.method.as_str() == "POST")
        .count();
    assert_eq!(jobs, 100);
    bot.finish().await;
}

#[tokio::test]
async fn concurrent_commands_for_one_midjourney_channel_share_one_useapi_call() {
    let bot = spawn_bot().await;
    let gate = useapi_answers_once_opened(&bot, CONTENT).await;

    // The first command's call is held in flight while nine more arrive.
    let mut invocations = vec![bot.invoke_fast(A_GENERAL).await];
    gate.wait_for_a_held_job(&bot).await;
    for _ in 0..9 {
        invocations.push(bot.invoke_fast(A_GENERAL).await);
    }
    // The bot relays a command once Discord has taken its acknowledgement:
    // each joins the call still held.
    for inv in &invocations {
        bot.wait_for_acknowledgement(inv).await;
    }
    gate.open();

    for inv in &invocations {
        assert_eq!(bot.reply(inv).await.content, CONTENT);
    }
    assert_eq!(
        bot.useapi_requests().await.len(),
        1,
        "ten members, one useapi call"
    );

    // Sequential calls are not cached.
    bot.reply(&bot.invoke_fast(A_GENERAL).await).await;
    assert_eq!(bot.useapi_requests().await.len(), 2);
    bot.finish().await;
}

#[tokio::test]
async fn when_the_queue_is_full_the_member_is_told_at_once() {
    let mapped = json!({"version": 1, "guilds": {GUILD_A.to_string(): {"channels": {
        A_GENERAL.channel.to_string(): "111111111111111111",
        A_ART.channel.to_string(): "222222222222222222",
        A_OTHER.channel.to_string(): "333333333333333333",
    }}}});
    let bot = spawn_bot_with(
        BotOptions::new()
            .channels(mapped.to_string())
            .env("USEAPI_MAX_CONCURRENCY", "1")
            .env("USEAPI_MAX_QUEUE", "1"),
    )
    .await;
    let gate = useapi_answers_once_opened(&bot, CONTENT).await;

    // The one slot is taken by a call held in flight; of the next two
    // commands, one waits in the queue and the other finds it full.
    let first = bot.invoke_fast(A_GENERAL).await;
    gate.wait_for_a_held_job(&bot).await;
    let (second, third) = (bot.invoke_fast(A_ART).await, bot.invoke_fast(A_OTHER).await);
    // Told at once: answered while the call in flight is still held.
    let told = bot.first_reply_among(&[&second, &third]).await;
    assert_contains(&told.content, "Too many commands are waiting");
    gate.open();

    let mut contents = Vec::new();
    for inv in [&first, &second, &third] {
        contents.push(bot.reply(inv).await.content);
    }
    let refused: Vec<_> = contents
        .iter()
        .filter(|c| c.contains("Too many commands are waiting"))
        .collect();
    assert_eq!(refused.len(), 1, "{contents:#?}");
    assert_eq!(
        contents.iter().filter(|c| *c == CONTENT).count(),
        2,
        "{contents:#?}"
    );
    assert_eq!(bot.useapi_requests().await.len(), 2);
    bot.finish().await;
}
