//! Recovering a Midjourney account from Discord: the "Resolved: reset"
//! button on a pending-moderation alert, `/mj-channel account reset`, and
//! `mj-bridge account reset`. Only a server's managers may reset, with the
//! token of the account their server spends; a reset is made once however
//! many press at once; the alert says who reset it and when.

use serde_json::{json, Value};

use crate::support::audit_posts::{count, wait_for_post};
use crate::support::bot::{
    prepare, prepare_beside, spawn_bot_with, BotOptions, TestBot, MANAGER, MEMBER, USEAPI_TOKEN,
};
use crate::support::checks::assert_contains;
use crate::support::fake_discord::{Invocation, Place, Typed, A_GENERAL, A_OTHER, GUILD_A};
use crate::support::gate::useapi_resets_held;
use crate::support::invoke::midjourney_channel;
use crate::support::own_accounts::{own_account, KEY_1};
use crate::support::postgres::Postgres;
use crate::support::replies::Sent;
use crate::support::useapi_accounts::{
    resets_of, useapi_accounts, useapi_accounts_of, FakeAccounts,
};
use crate::support::useapi_tokens::{bearer, TOKEN_A};

pub const MJ: &str = "555555555555555555";
pub const UNKNOWN_MJ: &str = "777777777777777777";
pub const LOG: Place = A_OTHER;
pub const ALICE: u64 = 400_000_000_000_000_001;
pub const ADMIN: u64 = 400_000_000_000_000_002;

pub const PENDING_ALERT: &str =
    "⚠️ Midjourney channel `555555555555555555` has a pending moderation message or CAPTCHA";
pub const PRESS_FIX: &str = "then a server admin presses “Resolved: reset” below.";
pub const RESOLVED: &str = "✅ Midjourney channel `555555555555555555` works again";

pub fn custom_id(mj: &str) -> String {
    format!("mj-reset:{mj}")
}

/// GUILD_A: `/fast` in A_GENERAL uses [`MJ`]; its audit channel is [`LOG`];
/// `extra` is merged in (an own account).
pub fn guild_a(extra: Value) -> Value {
    let mut settings = json!({
        "channels": {A_GENERAL.channel.to_string(): MJ},
        "audit": LOG.channel.to_string(),
    });
    if let (Some(settings), Value::Object(extra)) = (settings.as_object_mut(), extra) {
        settings.extend(extra);
    }
    json!({"version": 1, "guilds": {GUILD_A.to_string(): settings}})
}

/// The bot with `options`, GUILD_A on the operator's account, and useapi.net
/// knowing [`MJ`] pending a moderation message.
pub async fn start(options: BotOptions) -> (TestBot, FakeAccounts) {
    let options = options.channels(guild_a(json!({})).to_string());
    let mut bot = prepare(options).await;
    let accounts = useapi_accounts(&bot, &[MJ]).await;
    bot.start().await;
    (bot, accounts)
}

/// [`start`] with `options`, once a member's job answered 596 and the
/// alert stands ([`alerted`]): the bot, the accounts and the alert.
pub async fn start_alerted(options: BotOptions) -> (TestBot, FakeAccounts, Value) {
    let (bot, accounts) = start(options).await;
    let alert = alerted(&bot, &accounts).await;
    (bot, accounts, alert)
}

/// A member's job answers 596: the alert is posted; returns its body.
pub async fn alerted(bot: &TestBot, accounts: &FakeAccounts) -> Value {
    alerted_on(bot, accounts, false).await
}

/// [`alerted`], the member's command delivered over HTTP when `over_http`.
pub async fn alerted_on(bot: &TestBot, accounts: &FakeAccounts, over_http: bool) -> Value {
    accounts.set_pending(MJ, "Please acknowledge");
    let reply = if over_http {
        let fast = Typed::command(A_GENERAL, "fast", json!([]), MEMBER).by(ALICE);
        let (inv, _) = bot.deliver(fast).await;
        bot.wait_for_replies(&inv, 1).await.remove(0)
    } else {
        bot.fast_as(ALICE, MEMBER).await
    };
    assert_contains(&reply.content, "HTTP 596");
    assert!(
        reply.content.contains("“Resolved: reset” on the alert"),
        "the member is told an admin can reset it: {}",
        reply.content
    );
    wait_for_post(bot, LOG, PENDING_ALERT).await;
    let posts = bot.posts_in(LOG).await;
    posts
        .into_iter()
        .find(|p| {
            p["content"]
                .as_str()
                .unwrap_or_default()
                .contains(PENDING_ALERT)
        })
        .unwrap()
}

/// The reset button of a posted message, if it has one.
pub fn button(post: &Value) -> Option<&Value> {
    post["components"].as_array()?.first()?["components"]
        .as_array()?
        .first()
}

/// A press of the reset button for `mj` in [`LOG`] by `member` with `permissions`.
pub fn press<'a>(custom_id: &'a str, member: u64, permissions: &'a str) -> Typed<'a> {
    Typed::command(LOG, custom_id, json!([]), permissions)
        .button_press()
        .by(member)
}

/// The alert as the press left it: the edit of the pressed message.
pub async fn edited(bot: &TestBot, inv: &Invocation) -> Sent {
    let replies = bot.wait_for_replies(inv, 1).await;
    let edit = replies.into_iter().find(|r| r.method == "PATCH");
    edit.unwrap_or_else(|| panic!("the alert was not edited\n{}", bot.diagnostics()))
}

#[tokio::test]
async fn an_admins_press_resets_the_channel_and_the_alert_says_who_and_when_without_its_button() {
    let (bot, _accounts, alert) = start_alerted(BotOptions::new()).await;
    let offered = button(&alert).unwrap_or_else(|| panic!("no button: {alert}"));
    assert_eq!(offered["label"], "Resolved: reset");
    assert!(
        alert["content"].as_str().unwrap().ends_with(PRESS_FIX),
        "{alert}"
    );
    let id = offered["custom_id"].as_str().unwrap().to_owned();
    assert_eq!(id, custom_id(MJ), "the custom id names the channel alone");

    let inv = bot.discord.send(press(&id, ADMIN, MANAGER)).await;
    let edit = edited(&bot, &inv).await;

    assert_eq!(
        bot.callbacks(&inv).await[0].body["type"],
        6,
        "acknowledged as an update"
    );
    assert!(
        edit.content.starts_with(&format!(
            "✅ Midjourney channel `{MJ}`: pendingModMessage reset at useapi.net by <@{ADMIN}> <t:"
        )) && edit
            .content
            .ends_with(":f>; Midjourney no longer holds it."),
        "{}",
        edit.content
    );
    assert_eq!(edit.body["components"], json!([]), "the button is removed");
    assert_eq!(resets_of(&bot, MJ).await, vec![bearer(USEAPI_TOKEN)]);
    let posts = wait_for_post(&bot, LOG, RESOLVED).await;
    let audited = format!("<@{ADMIN}> /mj-channel account reset in <#{}>", LOG.channel);
    assert_eq!(count(&posts, &audited), 1, "{posts:?}");
    bot.finish().await;
}

/// A copy of the alert pressed once the channel works again (another
/// server's, or a late press) loses its button, and nothing is called.
#[tokio::test]
async fn a_press_once_the_channel_works_again_removes_the_button_and_calls_nothing() {
    let (bot, _accounts, _) = start_alerted(BotOptions::new()).await;
    let first = bot
        .discord
        .send(press(&custom_id(MJ), ADMIN, MANAGER))
        .await;
    edited(&bot, &first).await;
    wait_for_post(&bot, LOG, RESOLVED).await;

    let late = bot
        .discord
        .send(press(&custom_id(MJ), ADMIN, MANAGER))
        .await;
    let edit = edited(&bot, &late).await;

    assert_eq!(
        edit.content,
        format!("✅ Midjourney channel `{MJ}` works again already; nothing was reset.")
    );
    assert_eq!(edit.body["components"], json!([]), "the button is removed");
    assert_eq!(
        resets_of(&bot, MJ).await.len(),
        1,
        "the first press's reset alone"
    );
    bot.finish().await;
}

#[tokio::test]
async fn a_press_by_a_member_without_manage_server_is_refused_and_calls_nothing() {
    let (bot, _accounts, _) = start_alerted(BotOptions::new()).await;

    let inv = bot.discord.send(press(&custom_id(MJ), ALICE, MEMBER)).await;
    let refusal = bot.reply(&inv).await;

    assert!(refusal.ephemeral, "{refusal:?}");
    assert!(
        refusal
            .content
            .starts_with("Only members with the Manage Server permission can reset"),
        "{}",
        refusal.content
    );
    assert_eq!(resets_of(&bot, MJ).await, Vec::<String>::new());
    bot.finish().await;
}

#[tokio::test]
async fn five_admins_pressing_at_once_make_one_reset_call() {
    let (bot, accounts, _) = start_alerted(BotOptions::new()).await;
    let gate = useapi_resets_held(&bot).await;
    let id = custom_id(MJ);

    let first = bot.discord.send(press(&id, ADMIN, MANAGER)).await;
    gate.wait_for_a_held_job(&bot).await;
    let mut others = Vec::new();
    for admin in 1..=4 {
        others.push(bot.discord.send(press(&id, ADMIN + admin, MANAGER)).await);
    }
    for other in &others {
        let told = bot.reply(other).await;
        assert!(told.ephemeral, "{told:?}");
        assert!(
            told.content.starts_with("Another admin is resetting"),
            "{}",
            told.content
        );
    }
    accounts.clear_pending(MJ);
    gate.open();
    let edit = edited(&bot, &first).await;

    assert_contains(&edit.content, &format!("by <@{ADMIN}>"));
    assert_eq!(resets_of(&bot, MJ).await.len(), 1);
    bot.finish().await;
}

#[tokio::test]
async fn a_server_admitted_by_any_sees_no_button_for_the_operators_account_and_cannot_reset_it() {
    let (bot, _accounts, alert) = start_alerted(BotOptions::new().allowed_guilds("any")).await;
    assert!(button(&alert).is_none(), "{alert}");
    assert!(
        alert["content"]
            .as_str()
            .unwrap()
            .ends_with("then reset pendingModMessage at useapi.net."),
        "{alert}"
    );

    let forged = bot
        .discord
        .send(press(&custom_id(MJ), ADMIN, MANAGER))
        .await;
    let refusal = bot.reply(&forged).await;

    assert_contains(&refusal.content, "only the bot's owner can reset");
    assert_eq!(resets_of(&bot, MJ).await, Vec::<String>::new());
    bot.finish().await;
}

#[tokio::test]
async fn a_servers_own_account_is_reset_with_its_own_token() {
    let own = json!({"account": own_account(KEY_1, GUILD_A, TOKEN_A, 1)});
    let options = BotOptions::new()
        .channels(guild_a(own).to_string())
        .secrets_key(KEY_1);
    let mut bot = prepare(options).await;
    useapi_accounts(&bot, &[MJ]).await;
    let own_accounts = useapi_accounts_of(&bot, TOKEN_A, &[MJ]).await;
    bot.start().await;
    let alert = alerted(&bot, &own_accounts).await;
    assert!(button(&alert).is_some(), "{alert}");

    let inv = bot
        .discord
        .send(press(&custom_id(MJ), ADMIN, MANAGER))
        .await;
    let edit = edited(&bot, &inv).await;

    assert_contains(&edit.content, "no longer holds it");
    assert_eq!(resets_of(&bot, MJ).await, vec![bearer(TOKEN_A)]);
    bot.finish().await;
}

#[tokio::test]
async fn mj_channel_account_reset_resets_with_the_same_rules() {
    let (bot, _accounts, _) = start_alerted(BotOptions::new()).await;
    let options = json!([{"name": "account", "type": 2, "options": [
        {"name": "reset", "type": 1, "options": midjourney_channel(MJ)}
    ]}]);

    let refused = bot
        .discord
        .invoke(A_GENERAL, "mj-channel", options.clone(), MEMBER)
        .await;
    let refusal = bot.reply(&refused).await;
    let inv = bot
        .discord
        .invoke(A_GENERAL, "mj-channel", options, MANAGER)
        .await;
    let answer = bot.reply(&inv).await;

    assert_contains(&refusal.content, "Manage Server");
    assert!(answer.ephemeral, "{answer:?}");
    assert_contains(&answer.content, "no longer holds it");
    assert_eq!(resets_of(&bot, MJ).await.len(), 1);
    wait_for_post(&bot, LOG, RESOLVED).await;
    bot.finish().await;
}

#[tokio::test]
async fn a_press_over_an_http_worker_resets_once_and_edits_the_alert() {
    let (bot, accounts) = start(BotOptions::new().http_worker()).await;
    alerted_on(&bot, &accounts, true).await;

    let (inv, answer) = bot.deliver(press(&custom_id(MJ), ADMIN, MANAGER)).await;
    let edit = edited(&bot, &inv).await;

    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["type"], 6, "acknowledged as an update");
    assert_contains(&edit.content, "no longer holds it");
    assert_eq!(resets_of(&bot, MJ).await.len(), 1);
    bot.finish().await;
}

#[tokio::test]
async fn presses_on_two_workers_sharing_postgres_make_one_reset_and_one_edit() {
    let pg = Postgres::start();
    let worker = || BotOptions::new().http_worker().database(&pg);
    let first = spawn_bot_with(worker()).await;
    let mut second = prepare_beside(&first, worker());
    second.start().await;
    useapi_accounts(&first, &[MJ]).await;
    let gate = useapi_resets_held(&first).await;
    let id = custom_id(MJ);

    let (pressed, _) = first.deliver(press(&id, ADMIN, MANAGER)).await;
    gate.wait_for_a_held_job(&first).await;
    let (again, _) = second.deliver(press(&id, ADMIN + 1, MANAGER)).await;
    let told = second.reply(&again).await;
    gate.open();
    let edit = edited(&first, &pressed).await;

    assert!(
        told.content.starts_with("Another admin is resetting"),
        "{}",
        told.content
    );
    assert_contains(&edit.content, &format!("by <@{ADMIN}>"));
    assert!(second
        .replies_for(&again)
        .await
        .iter()
        .all(|r| r.method != "PATCH"));
    assert_eq!(resets_of(&first, MJ).await.len(), 1);
    first.finish().await;
    second.finish().await;
}
