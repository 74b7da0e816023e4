//! Discord-side faults: gateway drops and rate limits.

use crate::support::bot::{spawn_bot, TestBot};
use crate::support::fake_discord::A_GENERAL;
use crate::support::useapi::{useapi_answers, CONTENT};
use crate::support::wait_until;

async fn sessions(bot: &TestBot) -> usize {
    bot.discord.identifies() + bot.discord.resumes()
}

#[tokio::test]
async fn after_an_abrupt_gateway_drop_the_bot_reconnects_and_fast_works() {
    let bot = spawn_bot().await;
    useapi_answers(&bot, CONTENT).await;
    let before = sessions(&bot).await;

    bot.discord.drop_connection();
    bot.wait_for_reconnect(before).await;

    assert_eq!(
        bot.reply(&bot.invoke_fast(A_GENERAL).await).await.content,
        CONTENT
    );
    bot.finish().await;
}

#[tokio::test]
async fn after_close_code_4000_the_bot_resumes_and_fast_works() {
    let bot = spawn_bot().await;
    useapi_answers(&bot, CONTENT).await;
    let resumes = bot.discord.resumes();
    let before = sessions(&bot).await;

    bot.discord.close_connection(4000);
    bot.wait_for_reconnect(before).await;

    assert_eq!(bot.discord.resumes(), resumes + 1, "4000 is resumable");
    assert_eq!(
        bot.reply(&bot.invoke_fast(A_GENERAL).await).await.content,
        CONTENT
    );
    bot.finish().await;
}

#[tokio::test]
async fn after_an_invalid_session_the_bot_identifies_again_and_fast_works() {
    let bot = spawn_bot().await;
    useapi_answers(&bot, CONTENT).await;
    let identifies = bot.discord.identifies();

    bot.discord.invalidate_session();
    wait_until(
        "a new IDENTIFY",
        std::time::Duration::from_secs(30),
        || async { bot.discord.identifies() > identifies && bot.discord.is_connected() },
    )
    .await;

    assert_eq!(
        bot.reply(&bot.invoke_fast(A_GENERAL).await).await.content,
        CONTENT
    );
    bot.finish().await;
}

#[tokio::test]
async fn a_reply_that_cannot_be_delivered_is_logged_with_its_interaction_id() {
    let bot = spawn_bot().await;
    useapi_answers(&bot, CONTENT).await;
    // The interaction is gone (Discord's 10015 Unknown Webhook): neither the
    // reply, nor its plain-text retry, nor the ephemeral error gets through.
    bot.discord
        .fail_route("PATCH", r"/messages/@original$", 404)
        .await;
    bot.discord
        .fail_route("POST", r"^/api/v10/webhooks/\d+/[^/]+$", 404)
        .await;

    let inv = bot.invoke_fast(A_GENERAL).await;

    wait_until(
        "a warning about the lost reply",
        std::time::Duration::from_secs(20),
        || async {
            bot.output().lines().any(|line| {
                line.contains("WARN")
                    && line.contains("reply could not be delivered")
                    && line.contains(&inv.id.to_string())
            })
        },
    )
    .await;
    bot.finish().await;
}

#[tokio::test]
async fn a_discord_429_on_the_callback_still_delivers_the_reply() {
    let bot = spawn_bot().await;
    useapi_answers(&bot, CONTENT).await;
    bot.discord.rate_limit_once("POST", r"/callback$").await;

    let inv = bot.invoke_fast(A_GENERAL).await;
    assert_eq!(bot.reply(&inv).await.content, CONTENT);

    let callbacks = bot.callbacks(&inv).await.len();
    assert_eq!(callbacks, 2, "the rate-limited defer was sent again");
    bot.finish().await;
}

#[tokio::test]
async fn a_discord_429_on_the_reply_edit_still_delivers_the_reply() {
    let bot = spawn_bot().await;
    useapi_answers(&bot, CONTENT).await;
    bot.discord
        .rate_limit_once("PATCH", r"/messages/@original$")
        .await;

    let inv = bot.invoke_fast(A_GENERAL).await;
    let replies = bot.wait_for_replies(&inv, 2).await;
    assert!(replies.iter().all(|r| r.content == CONTENT));
    bot.finish().await;
}
