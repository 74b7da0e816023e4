//! Account health end to end: a Midjourney account that needs a human
//! (pending moderation, a refused token) is announced once in the audit
//! channel of every server that uses it, found by a job's answer or by the
//! watcher, and announced again once resolved (new trouble of a channel at
//! most once per ten minutes, its end at once); never repeated.

use std::time::Duration;

use serde_json::{json, Value};

use crate::support::audit_posts::{count, posts_in, wait_for_post};
use crate::support::bot::{prepare, prepare_beside, BotOptions, TestBot, MANAGER, MEMBER};
use crate::support::checks::assert_contains;
use crate::support::fake_discord::{Place, A_GENERAL, A_OTHER, B_GENERAL, GUILD_A, GUILD_B};
use crate::support::own_accounts::{mapping_with_accounts, own_account, KEY_1};
use crate::support::useapi_accounts::watched;
use crate::support::useapi_accounts::{
    account_polls, useapi_accounts, useapi_accounts_of, wait_for_account_polls, FakeAccounts,
    PENDING_596,
};
use crate::support::useapi_tokens::TOKEN_A;
use crate::support::{wait_for_explained, wait_until};

const MJ: &str = "555555555555555555";
const OTHER_MJ: &str = "666666666666666666";
const LOG: Place = A_OTHER;
const ALICE: u64 = 400_000_000_000_000_001;

const PENDING_ALERT: &str =
    "⚠️ Midjourney channel `555555555555555555` has a pending moderation message or CAPTCHA";
const FIX: &str = "To fix: resolve it in Midjourney's Discord channel, then a server admin presses “Resolved: reset” below.";

/// GUILD_A: `/fast` in A_GENERAL uses [`MJ`]; its audit channel is [`LOG`]
/// when `audited`.
fn guild_a(audited: bool) -> Value {
    let mut settings = json!({"channels": {A_GENERAL.channel.to_string(): MJ}});
    if audited {
        settings["audit"] = json!(LOG.channel.to_string());
    }
    settings
}

/// GUILD_A as [`guild_a`] (audited in [`LOG`]), and GUILD_B mapping
/// nothing and auditing in B_GENERAL: two servers the operator's account
/// serves, each told of its troubles.
fn two_audited_guilds() -> Value {
    json!({
        GUILD_A.to_string(): guild_a(true),
        GUILD_B.to_string(): {"audit": B_GENERAL.channel.to_string()},
    })
}

/// The bot with `guilds` as its settings, the account watcher reading
/// every `check_secs` (0: off), /metrics served, and useapi.net knowing
/// `channels`, all fine.
async fn start(guilds: Value, check_secs: u64, channels: &[&str]) -> (TestBot, FakeAccounts) {
    let mut bot = prepare(watched(guilds, check_secs)).await;
    let accounts = useapi_accounts(&bot, channels).await;
    bot.start().await;
    (bot, accounts)
}

/// [`start`] with GUILD_A alone (auditing in [`LOG`] when `audited`) and
/// no account checks; [`MJ`] has a pending moderation message from then on.
async fn pending_in_guild_a(audited: bool) -> (TestBot, FakeAccounts) {
    let guilds = json!({GUILD_A.to_string(): guild_a(audited)});
    let (bot, accounts) = start(guilds, 0, &[MJ]).await;
    accounts.set_pending(MJ, "Please acknowledge");
    (bot, accounts)
}

/// The bot's metrics once no command is in flight.
async fn metrics(bot: &TestBot) -> String {
    bot.wait_until_idle().await
}

#[tokio::test]
async fn a_members_596_reply_carries_the_reset_button_of_its_channel() {
    let (bot, _accounts) = pending_in_guild_a(true).await;

    let reply = bot.fast_as(ALICE, MEMBER).await;

    assert!(reply.ephemeral, "{reply:?}");
    let button = &reply.body["components"][0]["components"][0];
    assert_eq!(
        button["custom_id"],
        format!("mj-reset:{MJ}"),
        "{}",
        reply.body
    );
    assert_eq!(button["type"], 2, "{}", reply.body);
    bot.finish().await;
}

#[tokio::test]
async fn a_job_answering_596_puts_one_alert_in_the_audit_channel() {
    let (bot, _accounts) = pending_in_guild_a(true).await;

    let reply = bot.fast_as(ALICE, MEMBER).await;

    assert_contains(&reply.content, "HTTP 596");
    let posts = wait_for_post(&bot, LOG, PENDING_ALERT).await;
    // The command's own line first, then what it revealed.
    assert_eq!(posts.len(), 2, "{posts:?}");
    assert!(posts[0].ends_with("✗ HTTP 596"), "{posts:?}");
    assert_eq!(
        posts[1],
        format!(
            "{PENDING_ALERT} (useapi.net says: “{PENDING_596}”), so every command that uses it fails. {FIX}"
        )
    );
    let list = bot.mj_channel_list(A_GENERAL).await;
    assert_contains(&list.content, &format!("`{MJ}` ⚠️ pending moderation"));
    assert!(
        metrics(&bot).await.contains(&format!(
            r#"mj_bridge_account_state{{account="operator",channel="{MJ}",state="pending_moderation"}} 1"#
        )),
        "{}",
        bot.diagnostics()
    );
    bot.finish().await;
}

#[tokio::test]
async fn many_commands_hitting_a_pending_moderation_give_one_alert() {
    let (bot, _accounts) = pending_in_guild_a(true).await;

    for _ in 0..5 {
        // A manager has no cooldown.
        let reply = bot.fast_as(ALICE, MANAGER).await;
        assert_contains(&reply.content, "HTTP 596");
    }

    // Every line is handed over before its command stops being in flight.
    let metrics = metrics(&bot).await;
    assert!(
        metrics.contains("mj_bridge_account_alerts_total 1\n"),
        "{metrics}"
    );
    let posts = wait_for_post(&bot, LOG, PENDING_ALERT).await;
    wait_until("the 5 command lines", Duration::from_secs(30), || async {
        count(&posts_in(&bot, LOG).await, "✗ HTTP 596") == 5
    })
    .await;
    assert_eq!(count(&posts, PENDING_ALERT), 1, "{posts:?}");
    assert_eq!(count(&posts_in(&bot, LOG).await, PENDING_ALERT), 1);
    bot.finish().await;
}

#[tokio::test]
async fn the_watcher_announces_a_pending_moderation_once_and_its_end_as_soon_as_two_reads_agree() {
    let (bot, accounts) = start(json!({GUILD_A.to_string(): guild_a(true)}), 1, &[MJ]).await;
    wait_for_account_polls(&bot, 2).await;
    // A fine account at start is no news.
    assert_eq!(posts_in(&bot, LOG).await, Vec::<String>::new());
    let fine =
        format!(r#"mj_bridge_account_state{{account="operator",channel="{MJ}",state="fine"}} 1"#);
    assert!(metrics(&bot).await.contains(&fine), "{}", bot.diagnostics());

    accounts.set_pending(MJ, "Acknowledge the\n[new Terms](https://x.example)");
    let posts = wait_for_post(&bot, LOG, PENDING_ALERT).await;
    assert_eq!(
        posts,
        vec![format!(
            r"{PENDING_ALERT} (useapi.net says: “Acknowledge the\\n\[new Terms\]\(https://x.example\)”), so every command that uses it fails. {FIX}"
        )]
    );
    wait_for_account_polls(&bot, account_polls(&bot).await + 2).await;
    assert_eq!(posts_in(&bot, LOG).await.len(), 1, "not repeated");

    accounts.clear_pending(MJ);
    // Good news is not held back by the ten quiet minutes after the alert:
    // it is told once two reads agree.
    let resolved = "✅ Midjourney channel `555555555555555555` works again: the pending moderation is resolved.";
    let posts = wait_for_post(&bot, LOG, resolved).await;
    assert_eq!(posts.len(), 2, "{posts:?}");
    bot.wait_for_metric(&fine).await;
    wait_for_account_polls(&bot, account_polls(&bot).await + 2).await;
    assert_eq!(posts_in(&bot, LOG).await.len(), 2, "not repeated");
    assert!(
        metrics(&bot)
            .await
            .contains("mj_bridge_account_alerts_total 2\n"),
        "{}",
        bot.diagnostics()
    );
    bot.finish().await;
}

#[tokio::test]
async fn a_refused_token_is_announced_once_in_every_server_and_so_is_its_end() {
    let guilds = two_audited_guilds();
    let (bot, accounts) = start(guilds, 1, &[MJ]).await;
    wait_for_account_polls(&bot, 1).await;

    accounts.refuse_every_call(Some(401));

    let refused = "⚠️ useapi.net refuses the bot's API token (HTTP 401 or 403), so every Midjourney command fails. To fix: the bot's admin should check USEAPI_TOKEN.";
    for place in [LOG, B_GENERAL] {
        assert_eq!(wait_for_post(&bot, place, refused).await, vec![refused]);
    }
    let reply = bot.fast_as(ALICE, MEMBER).await;
    assert_contains(&reply.content, "HTTP 401");
    wait_for_account_polls(&bot, account_polls(&bot).await + 2).await;
    let metrics = metrics(&bot).await;
    assert!(
        metrics.contains("mj_bridge_account_alerts_total 2\n"),
        "one line per server, not repeated: {metrics}"
    );
    assert!(
        metrics.contains(&format!(
            r#"mj_bridge_account_state{{account="operator",channel="{MJ}",state="token_refused"}} 1"#
        )),
        "{metrics}"
    );

    accounts.refuse_every_call(None);

    let accepted = "✅ useapi.net accepts the bot's API token again";
    for place in [LOG, B_GENERAL] {
        let posts = wait_for_post(&bot, place, accepted).await;
        assert_eq!(count(&posts, refused), 1, "{posts:?}");
    }
    bot.finish().await;
}

#[tokio::test]
async fn with_two_processes_each_server_hears_once_from_the_one_running_its_shard() {
    let guilds = two_audited_guilds();
    let on_shards = |shards: &str| {
        BotOptions::new()
            .channels(json!({"version": 1, "guilds": guilds}).to_string())
            .account_checks_every(1)
            .shards(shards)
    };
    // GUILD_A is on shard 0 of 2, GUILD_B on shard 1.
    let mut first = prepare(on_shards("0-0/2")).await;
    first.guilds = vec![GUILD_A];
    let accounts = useapi_accounts(&first, &[MJ]).await;
    first.start().await;
    let mut second = prepare_beside(&first, on_shards("1-1/2"));
    second.guilds = vec![GUILD_B];
    second.start().await;

    accounts.refuse_every_call(Some(401));

    let refused = "⚠️ useapi.net refuses the bot's API token (HTTP 401 or 403)";
    for bot in [&first, &second] {
        // Each process tells only the server on its own shard.
        let line = wait_for_explained(
            "the alert in the process's log",
            Duration::from_secs(30),
            || bot.diagnostics(),
            || async {
                let output = bot.output();
                let line = output.lines().find(|l| l.contains(refused));
                line.map(str::to_owned).ok_or_else(String::new)
            },
        )
        .await;
        assert!(line.contains("servers_told=1"), "{line}");
    }
    for place in [LOG, B_GENERAL] {
        assert_eq!(
            count(&wait_for_post(&first, place, refused).await, refused),
            1
        );
    }
    first.finish().await;
    second.finish().await;
}

#[tokio::test]
async fn a_server_without_an_audit_channel_gets_one_warn_line_in_the_log() {
    let (bot, _accounts) = pending_in_guild_a(false).await;

    for _ in 0..3 {
        bot.fast_as(ALICE, MANAGER).await;
    }
    // The log line is written before the command stops being in flight.
    metrics(&bot).await;

    let output = bot.output();
    let warnings: Vec<&str> = output
        .lines()
        .filter(|l| l.contains(PENDING_ALERT))
        .collect();
    assert_eq!(warnings.len(), 1, "{output}");
    assert_contains(warnings[0], "WARN");
    assert_contains(warnings[0], "servers_without_audit_channel=1");
    assert!(posts_in(&bot, LOG).await.is_empty());
    bot.finish().await;
}

#[tokio::test]
async fn a_mapped_channel_useapi_does_not_list_is_announced_at_start() {
    let mut guild = guild_a(true);
    guild["default"] = json!(OTHER_MJ);

    let (bot, _accounts) = start(json!({GUILD_A.to_string(): guild}), 1, &[MJ]).await;

    let missing =
        format!("⚠️ Midjourney channel `{OTHER_MJ}` is no longer configured at useapi.net");
    let posts = wait_for_post(&bot, LOG, &missing).await;
    assert_eq!(
        posts.len(),
        1,
        "only the problem, not the fine channel: {posts:?}"
    );
    bot.finish().await;
}

#[tokio::test]
async fn check_prints_each_account_state_and_fails_on_a_pending_moderation() {
    let bot = prepare(BotOptions::default()).await;
    let accounts = useapi_accounts(&bot, &[MJ, OTHER_MJ]).await;
    accounts.set_pending(OTHER_MJ, "Solve the CAPTCHA");

    let (output, stdout) = bot.run_check(&[]).await;

    assert!(!output.status.success(), "{stdout}");
    assert!(
        stdout.contains(&format!("✓ Midjourney channel {MJ}: no pending moderation")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "✗ Midjourney channel {OTHER_MJ} has a pending moderation message: “Solve the CAPTCHA”\n    fix: resolve it in Midjourney's Discord channel, then run `mj-bridge account reset {OTHER_MJ}`"
        )),
        "{stdout}"
    );
    bot.finish().await;
}

/// A server's own account is read once with its stored token; its pending
/// moderation is named with the command that resets it, never the token.
#[tokio::test]
async fn check_names_a_pending_moderation_of_a_servers_own_account_with_its_reset_command() {
    let stored = mapping_with_accounts(&[(GUILD_A, own_account(KEY_1, GUILD_A, TOKEN_A, 1))]);
    let bot = prepare(BotOptions::default().secrets_key(KEY_1).channels(stored)).await;
    useapi_accounts(&bot, &[MJ]).await;
    let own = useapi_accounts_of(&bot, TOKEN_A, &[OTHER_MJ]).await;
    own.set_pending(OTHER_MJ, "Solve the CAPTCHA");

    let (output, stdout) = bot.run_check(&[]).await;

    assert!(!output.status.success(), "{stdout}");
    assert_contains(
        &stdout,
        &format!("✓ Midjourney channel {MJ}: no pending moderation"),
    );
    assert_contains(
        &stdout,
        &format!(
            "✗ servers' own accounts have a pending moderation message: {OTHER_MJ} (server {GUILD_A})"
        ),
    );
    assert_contains(
        &stdout,
        "run `mj-bridge account reset CHANNEL --server SERVER_ID`",
    );
    assert!(!stdout.contains(TOKEN_A), "{stdout}");
    bot.finish().await;
}
