//! The audit channel end to end: `/mj-channel audit`, one line per
//! Midjourney command, no pings, and a channel the bot cannot post to.

use std::time::Duration;

use serde_json::{json, Value};
use wiremock::ResponseTemplate;

use crate::support::bot::{spawn_bot, spawn_bot_with, BotOptions, TestBot, MANAGER, MEMBER};
use crate::support::checks::assert_contains;
use crate::support::fake_discord::{Place, Typed, A_ART, A_GENERAL, A_OTHER, GUILD_A};
use crate::support::gate::useapi_answers_once_opened;
use crate::support::invoke::{admin_options, midjourney_channel};
use crate::support::replies::Sent;
use crate::support::useapi::{
    useapi_answers, useapi_answers_with, useapi_knows_every_channel, CONTENT,
};
use crate::support::wait_until;

const LOG: Place = A_OTHER;
const ADMIN: u64 = 400_000_000_000_000_100;
const ALICE: u64 = 400_000_000_000_000_001;
const BOB: u64 = 400_000_000_000_000_002;

fn audit_in(place: Place) -> Value {
    json!([{"name": "channel", "type": 7, "value": place.channel.to_string()}])
}

/// `/mj-channel audit [channel]` typed by [`ADMIN`].
async fn audit(bot: &TestBot, args: Value) -> Sent {
    let options = admin_options("audit", args);
    let typed = Typed::command(A_GENERAL, "mj-channel", options, MANAGER).by(ADMIN);
    bot.reply(&bot.discord.send(typed).await).await
}

fn content(post: &Value) -> &str {
    post["content"].as_str().unwrap_or_default()
}

fn assert_pings_nobody(post: &Value) {
    assert_eq!(post["allowed_mentions"]["parse"], json!([]), "{post}");
    assert_eq!(post["allowed_mentions"]["users"], json!([]), "{post}");
}

/// Audits in [`LOG`], then Alice types `/fast`: the audit line of her
/// command (the post after the "audit log enabled" one).
async fn audited_fast_by_alice(bot: &TestBot) -> Value {
    audit(bot, audit_in(LOG)).await;
    bot.fast_as(ALICE, MEMBER).await;
    bot.wait_for_posts(LOG, 2).await.swap_remove(1)
}

#[tokio::test]
async fn setting_the_audit_channel_posts_a_first_line_there_and_stores_it() {
    let bot = spawn_bot().await;

    let reply = audit(&bot, audit_in(LOG)).await;

    assert!(reply.ephemeral);
    assert_contains(&reply.content, &format!("<#{}>", LOG.channel));
    let posts = bot.posts_in(LOG).await;
    assert_eq!(posts.len(), 1);
    assert!(
        content(&posts[0]).contains(&format!("audit log enabled by <@{ADMIN}>")),
        "{}",
        posts[0]
    );
    assert_pings_nobody(&posts[0]);
    let file: Value =
        serde_json::from_str(&std::fs::read_to_string(&bot.channels_file).unwrap()).unwrap();
    assert_eq!(
        file["guilds"][GUILD_A.to_string()]["audit"],
        LOG.channel.to_string()
    );
    bot.finish().await;
}

#[tokio::test]
async fn every_midjourney_command_gets_one_audit_line_that_pings_nobody() {
    let bot = spawn_bot().await;
    useapi_answers(&bot, "Done! Fast mode on.\nSecond line").await;

    let line = audited_fast_by_alice(&bot).await;

    assert_eq!(
        content(&line),
        format!(
            "<@{ALICE}> /fast in <#{}> → account default: ✓ Done! Fast mode on.",
            A_GENERAL.channel
        )
    );
    assert_pings_nobody(&line);
    bot.finish().await;
}

#[tokio::test]
async fn a_command_that_fails_upstream_is_audited_with_its_http_status() {
    let bot = spawn_bot().await;
    let mapping = midjourney_channel("555555555555555555");
    useapi_knows_every_channel(&bot).await;
    bot.reply(&bot.invoke_admin(A_GENERAL, MANAGER, "set", mapping).await)
        .await;
    let expired = json!({"error": "Subscription expired"});
    useapi_answers_with(&bot, ResponseTemplate::new(402).set_body_json(expired)).await;

    let line = audited_fast_by_alice(&bot).await;

    assert_eq!(
        content(&line),
        format!(
            "<@{ALICE}> /fast in <#{}> → Midjourney channel `555555555555555555`: ✗ HTTP 402",
            A_GENERAL.channel
        )
    );
    bot.finish().await;
}

#[tokio::test]
async fn coalesced_commands_give_one_audit_line_per_member() {
    let bot = spawn_bot().await;
    audit(&bot, audit_in(LOG)).await;
    let gate = useapi_answers_once_opened(&bot, "Done!").await;

    // Bob's command joins Alice's call, held in flight until he is acknowledged.
    let alice = bot.invoke_fast_as(ALICE, MEMBER).await;
    gate.wait_for_a_held_job(&bot).await;
    let bob = bot.invoke_fast_as(BOB, MEMBER).await;
    bot.wait_for_acknowledgement(&bob).await;
    gate.open();
    let (alice, bob) = (bot.reply(&alice).await, bot.reply(&bob).await);
    assert_eq!(
        (alice.content.as_str(), bob.content.as_str()),
        ("Done!", "Done!")
    );

    let posts = bot.wait_for_posts(LOG, 3).await;
    assert_eq!(
        bot.useapi_requests().await.len(),
        1,
        "the calls were coalesced"
    );
    for member in [ALICE, BOB] {
        let lines = posts
            .iter()
            .filter(|p| content(p).starts_with(&format!("<@{member}> /fast")))
            .count();
        assert_eq!(lines, 1, "{posts:?}");
    }
    bot.finish().await;
}

#[tokio::test]
async fn once_the_audit_log_is_off_commands_post_no_line() {
    let bot = spawn_bot_with(BotOptions::with_health_server()).await;
    useapi_answers(&bot, CONTENT).await;
    audit(&bot, audit_in(LOG)).await;
    let off = audit(&bot, json!([])).await;
    assert_contains(&off.content, "audit log is off");
    let posts = bot.posts_in(LOG).await;
    assert!(
        content(&posts[1]).contains(&format!("audit log turned off by <@{ADMIN}>")),
        "{posts:?}"
    );

    bot.fast_as(ALICE, MEMBER).await;
    // Lines of one server are posted in order: had Alice's command queued
    // one, it would come before the lines that follow turning the log on again.
    audit(&bot, audit_in(LOG)).await;
    bot.fast_as(BOB, MEMBER).await;
    let posts = bot.wait_for_posts(LOG, 4).await;

    assert!(
        content(&posts[3]).contains(&format!("<@{BOB}>")),
        "{posts:?}"
    );
    assert!(
        posts
            .iter()
            .all(|post| !content(post).contains(&format!("<@{ALICE}>"))),
        "{posts:?}"
    );
    bot.finish().await;
}

#[tokio::test]
async fn an_audit_channel_the_bot_cannot_post_in_is_refused_naming_the_missing_permission() {
    let bot = spawn_bot().await;
    bot.discord.refuse_posts_in(LOG.channel, 50013).await;
    bot.discord.refuse_posts_in(A_ART.channel, 50001).await;

    let no_send = audit(&bot, audit_in(LOG)).await;
    let no_view = audit(&bot, audit_in(A_ART)).await;

    assert!(no_send.ephemeral);
    assert!(
        no_send.content.contains("Send Messages") && !no_send.content.contains("View Channel"),
        "{}",
        no_send.content
    );
    assert!(
        no_view.content.contains("cannot see") && no_view.content.contains("View Channel"),
        "{}",
        no_view.content
    );
    assert!(
        !bot.channels_file.exists(),
        "nothing may be stored for a channel the bot cannot post in"
    );
    bot.finish().await;
}

#[tokio::test]
async fn a_failed_audit_post_is_logged_and_marked_in_the_list() {
    let bot = spawn_bot().await;
    useapi_answers(&bot, CONTENT).await;
    audit(&bot, audit_in(LOG)).await;
    bot.discord.refuse_posts_in(LOG.channel, 50013).await;

    bot.fast_as(ALICE, MEMBER).await;
    wait_until(
        "the failed audit post in the log",
        Duration::from_secs(20),
        || async { bot.output().contains("could not post to the audit channel") },
    )
    .await;
    let list = bot.mj_channel_list(A_GENERAL).await;

    let warning = bot
        .output()
        .lines()
        .find(|l| l.contains("could not post to the audit channel"))
        .map(str::to_owned)
        .unwrap_or_default();
    assert!(warning.contains("WARN"), "{warning}");
    assert_contains(&list.content, &format!("Audit log: <#{}> ⚠️", LOG.channel));
    bot.finish().await;
}
