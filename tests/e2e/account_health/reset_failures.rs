//! Recovering a Midjourney account when the reset does not happen: a
//! refused token, a channel useapi.net does not know, no answer, and an
//! account Midjourney still holds after the reset; each told to the admin
//! who asked, nothing marked resolved. And the operator's command line.

use serde_json::json;

use super::reset::{
    button, custom_id, edited, press, start_alerted, ADMIN, LOG, MJ, RESOLVED, UNKNOWN_MJ,
};
use crate::support::audit_posts::{count, posts_in, wait_for_post};
use crate::support::bot::{prepare, BotOptions, TestBot, MANAGER, USEAPI_TOKEN};
use crate::support::checks::assert_contains;
use crate::support::fake_discord::{GUILD_A, GUILD_C};
use crate::support::gate::useapi_resets_held;
use crate::support::own_accounts::{mapping_with_accounts, own_account, KEY_1};
use crate::support::replies::Sent;
use crate::support::useapi_accounts::{useapi_accounts, useapi_accounts_of, FakeAccounts};
use crate::support::useapi_tokens::TOKEN_A;

/// Presses the button of a standing alert for `mj` once `fail` made useapi
/// fail, and returns what the presser was told.
async fn failed_press(mj: &str, fail: impl FnOnce(&FakeAccounts)) -> (TestBot, Sent) {
    let (bot, accounts, _) = start_alerted(BotOptions::new()).await;
    fail(&accounts);
    let inv = bot
        .discord
        .send(press(&custom_id(mj), ADMIN, MANAGER))
        .await;
    let told = bot.reply(&inv).await;
    assert!(
        told.ephemeral && told.method == "POST",
        "a private follow-up: {told:?}"
    );
    assert_contains(&told.content, "nothing was reset");
    let edits = bot.replies_for(&inv).await;
    assert!(
        edits.iter().all(|r| r.method != "PATCH"),
        "the alert stands: {edits:?}"
    );
    (bot, told)
}

/// No "works again" line was posted in [`LOG`]; then the test ends (the
/// bot is finished).
async fn assert_nothing_resolved(bot: TestBot) {
    assert_eq!(count(&posts_in(&bot, LOG).await, RESOLVED), 0);
    bot.finish().await;
}

#[tokio::test]
async fn a_refused_token_is_told_to_the_presser_and_nothing_is_resolved() {
    let (bot, told) = failed_press(MJ, |a| a.refuse_every_call(Some(401))).await;

    assert_contains(&told.content, "refused the API token (HTTP 401)");
    assert_contains(&told.content, "check USEAPI_TOKEN");
    // The attempt is audited with why nothing changed.
    let attempt = format!(
        "<@{ADMIN}> /mj-channel account reset in <#{}> → Midjourney channel `{MJ}`: ✗ HTTP 401",
        LOG.channel
    );
    wait_for_post(&bot, LOG, &attempt).await;
    assert_nothing_resolved(bot).await;
}

#[tokio::test]
async fn a_channel_useapi_does_not_know_is_told_to_the_presser_and_nothing_is_resolved() {
    let (bot, told) = failed_press(UNKNOWN_MJ, |_| {}).await;

    assert_contains(&told.content, &format!("`{UNKNOWN_MJ}` (HTTP 404)"));
    assert_nothing_resolved(bot).await;
}

#[tokio::test]
async fn a_reset_useapi_never_answers_is_told_to_the_presser_and_nothing_is_resolved() {
    let (bot, _accounts, _) = start_alerted(BotOptions::new()).await;
    let gate = useapi_resets_held(&bot).await;

    let inv = bot
        .discord
        .send(press(&custom_id(MJ), ADMIN, MANAGER))
        .await;
    gate.wait_for_a_held_job(&bot).await;
    let told = bot.reply(&inv).await;
    gate.open();

    assert!(told.ephemeral, "{told:?}");
    assert_contains(&told.content, "no answer within 10 s");
    assert_contains(&told.content, "nothing was reset");
    assert_nothing_resolved(bot).await;
}

#[tokio::test]
async fn an_account_midjourney_still_holds_after_the_reset_is_alerted_again_with_the_button() {
    let (bot, accounts, _) = start_alerted(BotOptions::new()).await;
    accounts.hold_after_reset();

    let inv = bot
        .discord
        .send(press(&custom_id(MJ), ADMIN, MANAGER))
        .await;
    let edit = edited(&bot, &inv).await;

    assert!(edit.content.starts_with("⚠️"), "{}", edit.content);
    assert_contains(&edit.content, "but Midjourney still holds it");
    assert_contains(&edit.content, "press “Resolved: reset” again");
    assert_eq!(
        button(&edit.body).map(|b| &b["custom_id"]),
        Some(&json!(custom_id(MJ)))
    );
    assert_nothing_resolved(bot).await;
}

/// Runs `mj-bridge account reset` with `args` beside `bot`: its exit code
/// and what it printed, which holds neither the operator's token nor `own`.
fn run_reset(bot: &TestBot, args: &[&str], own: &str) -> (Option<i32>, String) {
    let output = bot
        .command()
        .args(["account", "reset"])
        .args(args)
        .output()
        .unwrap();
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!printed.contains(USEAPI_TOKEN), "{printed}");
    assert!(!printed.contains(own), "{printed}");
    (output.status.code(), printed)
}

#[tokio::test]
async fn the_command_line_resets_the_operators_channel_and_exits_by_the_outcome() {
    let bot = prepare(BotOptions::default()).await;
    let accounts = useapi_accounts(&bot, &[MJ]).await;
    accounts.set_pending(MJ, "Please acknowledge");
    let run = |channel: &str| run_reset(&bot, &[channel], USEAPI_TOKEN);

    let (done, said) = run(MJ);
    assert_eq!(done, Some(0), "{said}");
    assert!(said.contains("no longer holds it"), "{said}");
    let (unknown, said) = run(UNKNOWN_MJ);
    assert_eq!(unknown, Some(1), "{said}");
    assert!(said.contains("HTTP 404"), "{said}");
    let (malformed, said) = run("12");
    assert_eq!(malformed, Some(78), "{said}");
    accounts.refuse_every_call(Some(401));
    let (refused, said) = run(MJ);
    assert_eq!(refused, Some(1), "{said}");
    assert!(said.contains("refused USEAPI_TOKEN (HTTP 401)"), "{said}");
}

/// useapi.net knows the channel only under the server's own token: a reset
/// with the operator's would find no such channel (404).
#[tokio::test]
async fn the_command_line_resets_a_servers_own_channel_with_its_stored_token() {
    let stored = mapping_with_accounts(&[(GUILD_A, own_account(KEY_1, GUILD_A, TOKEN_A, 1))]);
    let bot = prepare(BotOptions::default().secrets_key(KEY_1).channels(stored)).await;
    let own = useapi_accounts_of(&bot, TOKEN_A, &[MJ]).await;
    own.set_pending(MJ, "Please acknowledge");
    let run = |server: &str| run_reset(&bot, &[MJ, "--server", server], TOKEN_A);

    let (done, said) = run(&GUILD_A.to_string());
    assert_eq!(done, Some(0), "{said}");
    assert!(said.contains("no longer holds it"), "{said}");
    let (none, said) = run(&GUILD_C.to_string());
    assert_eq!(none, Some(1), "{said}");
    assert!(
        said.contains("has no useapi.net account of its own"),
        "{said}"
    );
    let (malformed, said) = run("12");
    assert_eq!(malformed, Some(78), "{said}");
    assert!(said.contains("is not a server id"), "{said}");
    own.refuse_every_call(Some(403));
    let (refused, said) = run(&GUILD_A.to_string());
    assert_eq!(refused, Some(1), "{said}");
    assert!(
        said.contains(&format!("refused server {GUILD_A}'s own token (HTTP 403)")),
        "{said}"
    );
}
