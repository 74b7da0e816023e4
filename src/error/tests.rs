//! The sentences members read, for each error.

use std::time::Duration;

use super::*;
use crate::useapi::parse_response;

fn message_for(status: u16, body: &str) -> String {
    CommandError::from(parse_response(status, body.as_bytes()).unwrap_err())
        .user_message(Lang::EN)
        .unwrap()
}

#[test]
fn each_useapi_status_names_its_number_and_a_hint() {
    for (status, hint) in [
        (400, "/mj-channel list"),
        (401, "USEAPI_TOKEN"),
        (402, "subscription"),
        (404, "USEAPI_BASE_URL"),
        (410, "withdrawn"),
        (429, "try again in 10 to 30 seconds"),
        (500, "try again shortly"),
        (502, "try again shortly"),
        (503, "try again shortly"),
        (596, "“Resolved: reset” on the alert"),
        (418, "unexpected"),
    ] {
        let text = message_for(status, r#"{"error":"upstream words","code":1}"#);
        assert!(text.contains(&format!("HTTP {status}")), "{status}: {text}");
        assert!(text.contains(hint), "{status}: {text}");
        assert!(text.contains("“upstream words”"), "{status}: {text}");
    }
}

#[test]
fn a_servers_own_token_refused_tells_its_admins_to_enter_it_again() {
    for status in [401, 403] {
        let refused = parse_response(status, br#"{"error":"Unauthorized"}"#).unwrap_err();
        let text = CommandError::OwnAccount(refused)
            .user_message(Lang::EN)
            .unwrap();
        assert!(
            text.contains("this server's own API token")
                && text.contains("A server admin must enter the server's token again with `/mj-channel account set`"),
            "{text}"
        );
        assert!(!text.contains("USEAPI_TOKEN"), "{text}");
    }
    let lapsed = parse_response(402, b"{}").unwrap_err();
    let text = CommandError::OwnAccount(lapsed)
        .user_message(Lang::EN)
        .unwrap();
    assert!(text.contains("server admin should renew"), "{text}");
    let busy = parse_response(429, b"{}").unwrap_err();
    let text = CommandError::OwnAccount(busy)
        .user_message(Lang::EN)
        .unwrap();
    assert!(text.contains("try again in 10 to 30 seconds"), "{text}");
}

#[test]
fn an_error_without_useapi_text_still_reads_well() {
    let text = message_for(502, "<html>bad gateway</html>");
    assert!(
        text.starts_with("useapi.net or Midjourney is having trouble (HTTP 502). Please"),
        "{text}"
    );
}

#[test]
fn failed_jobs_timeouts_and_bad_json_are_explained() {
    let failed = message_for(200, r#"{"status":"failed","error":"Midjourney hiccup"}"#);
    assert!(
        failed.contains("failed") && failed.contains("Midjourney hiccup"),
        "{failed}"
    );
    let bad_json = message_for(200, "<html>");
    assert!(
        bad_json.contains("HTTP 200") && bad_json.contains("not the expected JSON"),
        "{bad_json}"
    );
    let timeout = CommandError::from(UseapiError::Timeout(Duration::from_secs(7)))
        .user_message(Lang::EN)
        .unwrap();
    assert!(timeout.contains("within 7 seconds"), "{timeout}");
}

#[test]
fn an_unknown_command_or_form_id_is_kept_escaped_and_short() {
    let forged = format!(
        "mj-account\n2026-01-01T00:00:00Z  INFO forged{}",
        "x".repeat(100_000)
    );
    let logged = CommandError::unknown_command(&forged).to_string();
    assert!(!logged.chars().any(char::is_control), "{logged:?}");
    assert!(logged.contains("mj-account\\n2026"), "{logged}");
    assert!(logged.chars().count() < 120, "{}", logged.len());
}

#[test]
fn a_token_refused_before_useapi_says_why_in_one_sentence() {
    for (why, words) in [
        (BadToken::Empty, "empty"),
        (BadToken::TooLong(500), "at most 500 characters"),
        (BadToken::MultiLine, "one line"),
        (BadToken::NotOneWord, "no spaces"),
    ] {
        let text = CommandError::BadToken(why).user_message(Lang::EN).unwrap();
        assert!(text.starts_with("Nothing was stored: "), "{text}");
        assert!(
            text.contains(words) && text.contains("/mj-channel account set"),
            "{text}"
        );
        assert_eq!(text.matches(". ").count(), 0, "one sentence: {text}");
    }
}

#[test]
fn internal_errors_get_the_generic_line() {
    let err = CommandError::BadOptions("no subcommand".into());
    assert_eq!(err.user_message(Lang::EN), None);
    assert_eq!(
        err.report(Lang::EN, "1"),
        locale::text(Lang::EN, "error-generic")
    );
}

#[test]
fn a_server_outside_the_allow_list_is_told_the_bot_is_not_enabled() {
    let text = CommandError::NotEnabledHere.user_message(Lang::EN).unwrap();
    assert!(text.contains("not enabled for this server"), "{text}");
}

#[test]
fn a_member_in_their_cooldown_is_told_when_to_try_again() {
    let text = CommandError::CoolingDown {
        period_secs: 10,
        retry_at_unix: 1_700_000_000,
    }
    .user_message(Lang::EN)
    .unwrap();
    assert!(
        text.contains("every 10 seconds") && text.contains("<t:1700000000:R>"),
        "{text}"
    );
}

#[test]
fn an_unusable_audit_channel_names_the_missing_permission() {
    for (missing, name) in [
        (MissingPermission::ViewChannel, "View Channel"),
        (MissingPermission::SendMessages, "Send Messages"),
    ] {
        let text = CommandError::AuditChannelRefused {
            channel: ChannelId::new(5),
            missing,
        }
        .user_message(Lang::EN)
        .unwrap();
        assert!(text.contains(name) && text.contains("<#5>"), "{text}");
    }
}

#[test]
fn refusals_say_nothing_changed() {
    assert!(CommandError::NotAdmin
        .user_message(Lang::EN)
        .unwrap()
        .contains("Manage Server"));
    let invalid = crate::ids::MjChannelId::parse("abc").unwrap_err();
    let text = CommandError::from(invalid).user_message(Lang::EN).unwrap();
    assert!(
        text.starts_with("Nothing was changed") && text.contains("17 to 20 digits"),
        "{text}"
    );
}

#[test]
fn no_member_is_told_that_a_server_admin_can_restart_the_bot() {
    let said = CommandError::unknown_command("imagine-v2")
        .user_message(Lang::EN)
        .unwrap();
    assert!(!said.to_lowercase().contains("restart"), "{said}");
    assert!(said.contains("bot's owner"), "{said}");
}

/// A note that an id could not be checked says why in the member's
/// language, never in the English of the error's `Display`.
#[test]
fn an_unverified_id_says_why_in_the_members_language() {
    let down = parse_response(503, br#"{"error":"maintenance"}"#).unwrap_err();
    let ja = Lang::of(Some("ja"));
    let note = stored_unverified(ja, &down);
    assert!(note.contains(&useapi_message(ja, &down)), "{note}");
    assert!(
        note.contains("maintenance"),
        "useapi's own words stay: {note}"
    );
    assert!(!note.contains(&down.to_string()), "{note}");
    assert!(!note.contains("answered HTTP"), "{note}");
}
