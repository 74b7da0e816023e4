//! Interactions and event webhooks over HTTP (`INTERACTIONS_ADDR`): the
//! worker holds no gateway connection, verifies Discord's signature before
//! anything else, answers the first response in the HTTP response and
//! the rest through the REST routes, on the same road as the gateway.
//! One worker runs in the test's process; what needs a process (an exit
//! code, SIGTERM, the log) or two of them spawns the binary.

use serde_json::{json, Value};

use crate::support::bot::{prepare, BotOptions, TestBot, MANAGER, MEMBER};
use crate::support::checks::assert_contains;
use crate::support::fake_discord::{
    filled_in, Answered, FakeDiscord, Signature, Typed, A_ART, A_GENERAL, A_OTHER, GUILDS, GUILD_A,
    GUILD_C,
};
use crate::support::gate::useapi_answers_once_opened;
use crate::support::http_worker::spawn_worker;
use crate::support::in_process::{spawn_in_process, InProcessBot};
use crate::support::invoke::{admin_options, midjourney_channel};
use crate::support::own_accounts::{account_options, ADMIN, KEY_1};
use crate::support::postgres::Postgres;
use crate::support::process::registrations;
use crate::support::process::{prepare_two, start_together};
use crate::support::useapi::{useapi_answers, useapi_knows, useapi_request_for, CONTENT};
use crate::support::useapi_tokens::{useapi_knows_token, TOKEN_A};
use crate::support::{wait_for_explained, wait_until};

const MJ_ART: &str = "555555555555555555";

/// `/mj-channel set` [`MJ_ART`] typed at A_ART by a server manager.
fn set_art_channel() -> Typed<'static> {
    let options = admin_options("set", midjourney_channel(MJ_ART));
    Typed::command(A_ART, "mj-channel", options, MANAGER)
}

async fn worker() -> InProcessBot {
    spawn_in_process(BotOptions::new().http_worker()).await
}

async fn post(bot: &TestBot, path: &str, body: &[u8], signature: Signature) -> Answered {
    let url = format!("{}{path}", bot.interactions_url().await);
    bot.discord.post_signed(&url, body, signature).await
}

#[tokio::test]
async fn a_worker_registers_its_commands_without_a_gateway_and_answers_a_signed_ping() {
    let bot = worker().await;

    let pong = post(
        &bot,
        "/interactions",
        br#"{"type":1,"id":"1","application_id":"1","token":"t","version":1}"#,
        Signature::Valid,
    )
    .await;

    assert_eq!((pong.status, pong.json()), (200, json!({"type": 1})));
    assert_eq!(bot.discord.identifies(), 0, "no gateway connection");
    assert!(bot.discord.guild_commands(GUILD_A).is_some());
    bot.finish().await;
}

#[tokio::test]
async fn a_missing_or_wrong_signature_is_refused_with_401_on_both_endpoints() {
    let bot = worker().await;
    let ping = br#"{"type":1}"#;
    for path in ["/interactions", "/events"] {
        for signature in [Signature::Missing, Signature::Wrong] {
            let answer = post(&bot, path, ping, signature).await;
            assert_eq!(answer.status, 401, "{path} {signature:?}");
        }
    }
    bot.finish().await;
}

#[tokio::test]
async fn oversized_unknown_and_malformed_requests_are_refused() {
    let bot = worker().await;
    let base = format!("http://{}", bot.interactions_addr());

    let big = vec![b' '; 64 * 1024 + 1];
    assert_eq!(
        post(&bot, "/interactions", &big, Signature::Valid)
            .await
            .status,
        413
    );
    assert_eq!(
        post(&bot, "/nowhere", b"{}", Signature::Valid).await.status,
        404
    );
    let get = reqwest::get(format!("{base}/interactions")).await.unwrap();
    assert_eq!(get.status().as_u16(), 405);
    let not_json = post(&bot, "/interactions", b"hello", Signature::Valid).await;
    assert_eq!(not_json.status, 400);
    let not_an_interaction = post(&bot, "/interactions", br#"{"type":2}"#, Signature::Valid).await;
    assert_eq!(not_an_interaction.status, 400);
    bot.finish().await;
}

#[tokio::test]
async fn fast_over_http_is_deferred_in_the_response_and_answered_through_rest() {
    let bot = worker().await;
    useapi_answers(&bot, CONTENT).await;

    let (inv, answer) = bot
        .deliver(Typed::command(A_GENERAL, "fast", json!([]), MEMBER))
        .await;

    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["type"], 5, "deferred: the bot is thinking");
    assert_eq!(bot.reply(&inv).await.content, CONTENT);
    bot.finish().await;
}

#[tokio::test]
async fn an_interaction_delivered_twice_is_run_once() {
    let bot = worker().await;
    useapi_answers(&bot, CONTENT).await;
    let base = bot.interactions_url().await;

    let (inv, first) = bot
        .deliver(Typed::command(A_GENERAL, "fast", json!([]), MEMBER))
        .await;
    assert_eq!(bot.reply(&inv).await.content, CONTENT);
    let payload = bot
        .discord
        .payload_of(&inv)
        .expect("the payload of the first delivery");
    let again = bot.discord.redeliver(&base, &payload).await;

    assert_eq!((first.status, again.status), (200, 409));
    assert_eq!(bot.fast_jobs().await, 1);
    bot.finish().await;
}

#[tokio::test]
async fn mj_channel_over_http_answers_privately() {
    let bot = worker().await;
    useapi_knows(&bot, &[MJ_ART]).await;

    let (inv, answer) = bot.deliver(set_art_channel()).await;

    assert_eq!(answer.json()["type"], 5);
    assert_eq!(answer.json()["data"]["flags"], 64, "only the admin sees it");
    let reply = bot.reply(&inv).await;
    assert_contains(&reply.content, MJ_ART);
    bot.finish().await;
}

#[tokio::test]
async fn autocomplete_over_http_answers_with_choices_in_the_response() {
    let bot = worker().await;
    useapi_knows(&bot, &[MJ_ART]).await;
    let options = json!([{"name": "set", "type": 1, "options": [
        {"name": "midjourney_channel", "type": 3, "value": "555", "focused": true}
    ]}]);

    let (_, answer) = bot
        .deliver(Typed::command(A_ART, "mj-channel", options, MANAGER).autocomplete())
        .await;

    let body = answer.json();
    assert_eq!(body["type"], 8, "{body}");
    let choices: Vec<&Value> = body["data"]["choices"].as_array().unwrap().iter().collect();
    assert!(choices.iter().any(|c| c["value"] == MJ_ART), "{body}");
    bot.finish().await;
}

#[tokio::test]
async fn the_token_form_opens_in_the_response_and_its_submit_is_stored() {
    let bot = spawn_in_process(BotOptions::new().http_worker().secrets_key(KEY_1)).await;
    useapi_knows_token(&bot, TOKEN_A, &[MJ_ART]).await;

    let (_, opened) = bot
        .deliver(Typed::command(A_GENERAL, "mj-channel", account_options("set"), MANAGER).by(ADMIN))
        .await;
    let modal = opened.json();
    assert_eq!(modal["type"], 9, "{modal}");
    let (custom_id, components) = filled_in(&modal["data"], &[TOKEN_A]);
    let (submit, answer) = bot
        .deliver(Typed::modal_submit(A_GENERAL, &custom_id, components, MANAGER).by(ADMIN))
        .await;

    assert_eq!(answer.json()["type"], 5);
    let reply = bot.reply(&submit).await;
    assert_contains(&reply.content, "1 Midjourney channel");
    assert!(bot.stored_account(GUILD_A).is_some());
    bot.finish().await;
}

#[tokio::test]
async fn an_authorization_for_a_new_server_registers_its_commands_there() {
    let bot = worker().await;
    let url = format!("http://{}/events", bot.interactions_addr());
    let ping = post(
        &bot,
        "/events",
        br#"{"version":1,"application_id":"1","type":0}"#,
        Signature::Valid,
    )
    .await;
    assert_eq!(ping.status, 204);

    let event = FakeDiscord::event(
        "APPLICATION_AUTHORIZED",
        json!({"integration_type": 0, "scopes": ["applications.commands", "bot"],
               "user": {"id": "300000000000000001", "username": "owner"},
               "guild": {"id": GUILD_C.to_string(), "name": "new"}}),
    );
    let answer = bot
        .discord
        .post_signed(&url, event.to_string().as_bytes(), Signature::Valid)
        .await;

    assert_eq!(answer.status, 204);
    wait_until(
        "commands in the new server",
        std::time::Duration::from_secs(10),
        || async { bot.discord.guild_commands(GUILD_C).is_some() },
    )
    .await;
    bot.finish().await;
}

#[tokio::test]
async fn shards_with_interactions_addr_stop_the_start_naming_both() {
    let mut bot = prepare(BotOptions::new().http_worker().shards("0-0/1")).await;
    bot.launch();
    let status = bot.wait_exit().await;

    assert_eq!(status.code(), Some(78));
    let output = bot.output();
    assert!(
        output.contains("SHARDS") && output.contains("INTERACTIONS_ADDR"),
        "{output}"
    );
    bot.finish().await;
}

#[tokio::test]
async fn a_worker_is_healthy_while_it_serves_and_stops_cleanly_on_sigterm() {
    let mut bot = spawn_worker(BotOptions::with_health_server()).await;
    let (status, body) = bot.get("/healthz").await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("serving interactions over HTTP"), "{body}");

    let exit = bot.stop().await;
    assert_eq!(exit.code(), Some(0));
    bot.finish().await;
}

/// Two HTTP workers on one PostgreSQL, started together.
async fn two_workers(pg: &Postgres) -> (TestBot, TestBot) {
    let options = BotOptions::new().http_worker().database(pg).cooldown(600);
    let (mut first, mut second) = prepare_two(options).await;
    start_together(&mut first, &mut second).await;
    (first, second)
}

#[tokio::test]
async fn two_workers_on_one_postgresql_register_each_server_once_and_share_the_cooldown() {
    let pg = Postgres::start();
    let (first, second) = two_workers(&pg).await;
    assert_eq!(registrations(&first.discord, &GUILDS).await, [1, 1]);
    useapi_answers(&first, CONTENT).await;
    let member = 300_000_000_000_000_777;
    let fast = || Typed::command(A_GENERAL, "fast", json!([]), MEMBER).by(member);

    let (accepted, _) = first.deliver(fast()).await;
    assert_eq!(first.reply(&accepted).await.content, CONTENT);
    let (refused, _) = second.deliver(fast()).await;

    let reply = second.reply(&refused).await;
    assert!(
        reply
            .content
            .contains("one Midjourney command every 600 seconds"),
        "{}",
        reply.content
    );
    assert_eq!(first.fast_jobs().await, 1);
    first.finish().await;
    second.finish().await;
}

#[tokio::test]
async fn a_mapping_set_through_one_worker_is_used_by_another() {
    let pg = Postgres::start();
    let (first, second) = two_workers(&pg).await;
    useapi_knows(&first, &[MJ_ART]).await;
    useapi_answers(&first, CONTENT).await;

    let (set, _) = first.deliver(set_art_channel()).await;
    assert!(first.reply(&set).await.content.contains(MJ_ART));

    // The change reaches the other worker within milliseconds (NOTIFY).
    wait_for_explained(
        "the other worker to use the mapping",
        std::time::Duration::from_secs(5),
        || second.output(),
        || async {
            let (fast, _) = second
                .deliver(Typed::command(A_ART, "fast", json!([]), MEMBER))
                .await;
            assert_eq!(second.reply(&fast).await.content, CONTENT);
            let body: Value = useapi_request_for(&second, &fast)
                .await
                .body_json()
                .unwrap();
            (body["channel"] == MJ_ART)
                .then_some(())
                .ok_or(format!("{body}"))
        },
    )
    .await;
    first.finish().await;
    second.finish().await;
}

#[tokio::test]
async fn on_sigterm_a_worker_finishes_what_it_received_and_turns_new_interactions_away() {
    let mut bot = spawn_worker(BotOptions::with_health_server()).await;
    let gate = useapi_answers_once_opened(&bot, CONTENT).await;
    let (inv, _) = bot
        .deliver(Typed::command(A_GENERAL, "fast", json!([]), MEMBER))
        .await;
    gate.wait_for_a_held_job(&bot).await;

    bot.terminate();
    bot.wait_for_line("shutting down; letting commands in flight finish")
        .await;
    let (status, _) = bot.get("/healthz").await;
    assert_eq!(status, 503, "a load balancer stops sending");
    let (late, answer) = bot
        .deliver(Typed::command(A_OTHER, "fast", json!([]), MEMBER))
        .await;
    assert_eq!(answer.json()["type"], 4, "refused in the response itself");
    let refusal = bot.reply(&late).await;
    assert_contains(&refusal.content, "restarting");
    assert!(refusal.ephemeral);
    gate.open();

    assert!(bot.wait_exit().await.success());
    assert_eq!(bot.reply(&inv).await.content, CONTENT);
    bot.finish().await;
}
