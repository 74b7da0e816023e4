//! Text from useapi.net reaches the log, the member and the audit channel
//! cleaned: control characters escaped, so no log line can be forged, and
//! cut, so no line or message outgrows what it goes into.

use serde_json::Value;
use wiremock::matchers::method;
use wiremock::Mock;

use crate::support::bot::{spawn_bot, MANAGER};
use crate::support::fake_discord::{modal_fields, Place, Typed, A_GENERAL, A_OTHER};
use crate::support::useapi::{hostile_status, FORGED_LINE};

const LOG: Place = A_OTHER;
/// Discord's limit for a message's content.
const MAX_MESSAGE_CHARS: usize = 2000;

fn content(post: &Value) -> &str {
    post["content"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn a_hostile_job_status_forges_no_log_line_and_its_audit_line_is_still_posted() {
    let mut bot = spawn_bot().await;
    bot.set_audit_channel(LOG).await;
    Mock::given(method("POST"))
        .respond_with(hostile_status())
        .mount(&bot.useapi)
        .await;

    let inv = bot.invoke_fast(A_GENERAL).await;
    let reply = bot.reply(&inv).await;
    let posts = bot.wait_for_posts(LOG, 2).await;
    // Everything it printed, with the lines a raw newline would have made.
    bot.stop().await;
    bot.wait_for_line("command refused or failed upstream")
        .await;

    let output = bot.output();
    let forged: Vec<&str> = output
        .lines()
        .filter(|l| l.starts_with(FORGED_LINE) || l.contains("\u{1b}[31m"))
        .collect();
    assert!(forged.is_empty(), "forged lines in the log: {forged:#?}");
    assert!(
        output.contains(&format!("failed\\n{FORGED_LINE}\\r\\u{{1b}}[31m")),
        "the status is logged escaped:\n{output}"
    );
    let line = content(&posts[1]);
    assert!(line.contains("✗ job failed\\n"), "{line}");
    assert!(!line.contains(['\n', '\r']), "{line:?}");
    assert!(line.chars().count() < MAX_MESSAGE_CHARS, "{}", line.len());
    assert!(reply.ephemeral);
    assert!(!reply.content.contains(['\n', '\r']), "{:?}", reply.content);
    bot.finish().await;
}

#[tokio::test]
async fn an_unknown_form_id_forges_no_log_line_and_is_logged_short() {
    let mut bot = spawn_bot().await;
    let custom_id = format!("mj-other\n{FORGED_LINE}{}", "x".repeat(100_000));
    let components = modal_fields(&[("token", "anything")]);

    let typed = Typed::modal_submit(A_GENERAL, &custom_id, components, MANAGER);
    let answer = bot.reply(&bot.discord.send(typed).await).await;
    bot.stop().await;
    let line = bot
        .wait_for_line("command refused or failed upstream")
        .await;

    assert!(answer.ephemeral, "{answer:?}");
    assert!(line.contains("mj-other\\n2026"), "{line}");
    assert!(line.chars().count() < 400, "{} characters", line.len());
    let output = bot.output();
    assert!(
        !output.lines().any(|l| l.starts_with(FORGED_LINE)),
        "a forged line:\n{output}"
    );
    bot.finish().await;
}
