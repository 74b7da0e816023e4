//! The front door over HTTP: one way in for both ingresses, nothing lost to
//! Discord's timing, a repeat run once across workers, old signed copies
//! refused, autocomplete answered in time. Workers run in the test's
//! process, except where a test reads the log or compares with a gateway.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::json;

use crate::support::bot::{prepare_beside, spawn_bot_with, BotOptions, TestBot, MANAGER, MEMBER};
use crate::support::checks::assert_contains;
use crate::support::fake_discord::{Signature, Typed, A_ART, A_GENERAL};
use crate::support::gate::useapi_account_list_held;
use crate::support::http_worker::spawn_worker;
use crate::support::in_process::{launch_in_process, spawn_in_process, InProcessBot};
use crate::support::postgres::Postgres;
use crate::support::useapi::{useapi_answers, CONTENT};

fn fast() -> Typed<'static> {
    Typed::command(A_GENERAL, "fast", json!([]), MEMBER)
}

/// An HTTP worker with `options`, in the test's process.
async fn worker(options: BotOptions) -> InProcessBot {
    spawn_in_process(options.http_worker()).await
}

#[tokio::test]
async fn the_answer_reaches_a_discord_that_processes_the_http_answer_late() {
    let bot = worker(BotOptions::new()).await;
    bot.discord.process_http_answers_late().await;
    useapi_answers(&bot, CONTENT).await;

    let (inv, answer) = bot.deliver(fast()).await;

    assert_eq!(answer.status, 200);
    assert_eq!(bot.reply(&inv).await.content, CONTENT);
    assert!(
        bot.discord.refused_as_too_early() >= 1,
        "the bot's edit came before Discord had processed the answer"
    );
    assert_eq!(bot.fast_jobs().await, 1);
    bot.finish().await;
}

#[tokio::test]
async fn an_error_reaches_a_discord_that_processes_the_http_answer_late() {
    let bot = worker(BotOptions::new()).await;
    bot.discord.process_http_answers_late().await;
    // No useapi answer mounted: the job fails, and the error replaces "thinking…".
    let (inv, _) = bot.deliver(fast()).await;

    let reply = bot.reply(&inv).await;
    assert_contains(&reply.content, "useapi.net");
    assert!(bot.discord.refused_as_too_early() >= 1);
    bot.finish().await;
}

#[tokio::test]
async fn a_repeat_delivered_to_another_worker_is_not_run() {
    let pg = Postgres::start();
    let first = worker(BotOptions::new().database(&pg)).await;
    let second = prepare_beside(&first, BotOptions::new().database(&pg).http_worker());
    let mut second = launch_in_process(second).await;
    second.wait_for_commands().await;
    useapi_answers(&first, CONTENT).await;

    let (inv, answered) = first.deliver(fast()).await;
    assert_eq!(first.reply(&inv).await.content, CONTENT);
    let payload = first.discord.payload_of(&inv).expect("the payload");
    let again = first
        .discord
        .redeliver(&format!("http://{}", second.interactions_addr()), &payload)
        .await;

    assert_eq!((answered.status, again.status), (200, 409));
    assert_eq!(first.fast_jobs().await, 1);
    first.finish().await;
    second.finish().await;
}

#[tokio::test]
async fn a_signed_copy_twenty_minutes_old_or_from_another_era_is_refused() {
    let bot = worker(BotOptions::new()).await;
    useapi_answers(&bot, CONTENT).await;
    let (_, payload) = bot.discord.interaction(fast());
    let url = format!("http://{}/interactions", bot.interactions_addr());
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();

    for signed_at in [now - 20 * 60, 0, now + 365 * 86_400] {
        let body = payload.to_string().into_bytes();
        let answer = bot
            .discord
            .post_signed_at(&url, &body, Signature::Valid, signed_at)
            .await;
        assert_eq!(answer.status, 401, "signed at {signed_at}");
    }
    assert_eq!(bot.fast_jobs().await, 0, "nothing was run");
    bot.finish().await;
}

#[tokio::test]
async fn autocomplete_over_http_gets_an_empty_list_in_time_when_useapi_is_slow() {
    let bot = worker(BotOptions::new()).await;
    let held = useapi_account_list_held(&bot).await;
    let options = json!([{"name": "set", "type": 1, "options": [
        {"name": "midjourney_channel", "type": 3, "value": "555", "focused": true}
    ]}]);

    let started = Instant::now();
    let (_, answer) = bot
        .deliver(Typed::command(A_ART, "mj-channel", options, MANAGER).autocomplete())
        .await;
    let took = started.elapsed();

    assert_eq!(answer.status, 200);
    assert_eq!(answer.json(), json!({"type": 8, "data": {"choices": []}}));
    assert!(took < Duration::from_secs(3), "answered after {took:?}");
    held.open();
    bot.finish().await;
}

#[tokio::test]
async fn a_button_press_is_not_answered_on_either_road() {
    let options = || BotOptions::new().rust_log("mj_bridge=debug");
    const NOT_OURS: &str = "an interaction of a kind this bot has none of";
    let press = || Typed::command(A_GENERAL, "reset", json!([]), MANAGER).button_press();

    let worker = spawn_worker(options()).await;
    let (over_http, answer) = worker.deliver(press()).await;
    assert_eq!(answer.status, 400);
    worker.wait_for_line(NOT_OURS).await;

    let gateway = spawn_bot_with(options()).await;
    let over_gateway = gateway.discord.send(press()).await;
    gateway.wait_for_line(NOT_OURS).await;

    for (bot, inv) in [(&worker, over_http), (&gateway, over_gateway)] {
        let answered = bot
            .discord
            .requests()
            .await
            .iter()
            .any(|r| r.path.contains(&inv.id.to_string()));
        assert!(!answered, "no callback for the button press");
        assert_eq!(bot.fast_jobs().await, 0);
    }
    worker.finish().await;
    gateway.finish().await;
}

/// A worker on `pg` with a 600 s cooldown.
async fn worker_on(pg: &Postgres) -> TestBot {
    spawn_worker(BotOptions::new().database(pg).cooldown(600)).await
}

const COOLING_DOWN: &str = "one Midjourney command every 600 seconds";

#[tokio::test]
async fn a_cooldown_the_database_started_still_holds_once_the_database_is_down() {
    let pg = Postgres::start();
    let bot = worker_on(&pg).await;
    useapi_answers(&bot, CONTENT).await;
    let member = 300_000_000_000_000_901;
    let (accepted, _) = bot.deliver(fast().by(member)).await;
    assert_eq!(bot.reply(&accepted).await.content, CONTENT);

    pg.stop();
    let (again, _) = bot.deliver(fast().by(member)).await;

    let reply = bot.reply(&again).await;
    assert_contains(&reply.content, COOLING_DOWN);
    assert_eq!(bot.fast_jobs().await, 1);
    bot.finish().await;
}

#[tokio::test]
async fn with_the_database_down_the_worker_decides_and_says_so_once() {
    let pg = Postgres::start();
    let bot = worker_on(&pg).await;
    useapi_answers(&bot, CONTENT).await;
    pg.stop();

    for member in 0..4 {
        let (inv, answered) = bot
            .deliver(fast().by(300_000_000_000_000_950 + member))
            .await;
        assert_eq!(answered.status, 200);
        assert_eq!(bot.reply(&inv).await.content, CONTENT);
    }

    let said = bot
        .output()
        .matches("the database did not decide a claim")
        .count();
    assert_eq!(
        said, 1,
        "one line for the outage; the next commands did not ask"
    );
    assert_eq!(bot.fast_jobs().await, 4);
    bot.finish().await;
}
