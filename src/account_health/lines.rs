//! What the servers read about a Midjourney account: the alert line for a
//! change of its state, the `/mj-channel list` marks. No line names or
//! pings anyone, and useapi's words in them are inert (`text::inert`: no
//! masked link, markdown or mention forms).

use crate::error::{admin_fix, PENDING_MODERATION_FIX};
use crate::untrusted::inert;
use crate::useapi::Meaning;

use super::{Change, Trouble};

pub(crate) use crate::useapi::Whose;

/// The line for a change in a Midjourney account's state: which channel,
/// what happened and what to do; or that it works again.
/// `button`: the alert carries "Resolved: reset", so its fix names it.
pub(crate) fn account_alert(change: &Change, whose: Whose, button: bool) -> String {
    match (&change.channel, &change.now) {
        (Some(mj), Some(trouble @ (Trouble::PendingModeration(_) | Trouble::Missing))) => {
            let (what, fix) = match trouble {
                Trouble::PendingModeration(said) => (
                    format!(
                        "has a pending moderation message or CAPTCHA{}, so every command that uses it fails",
                        quoted(said)
                    ),
                    if button {
                        PRESS_RESET
                    } else {
                        PENDING_MODERATION_FIX
                    },
                ),
                _ => (
                    "is no longer configured at useapi.net, so every command mapped to it fails".to_owned(),
                    "add the account at useapi.net again, or map another channel with `/mj-channel set`",
                ),
            };
            format!("⚠️ Midjourney channel `{mj}` {what}. To fix: {fix}.")
        }
        (_, Some(trouble)) => account_trouble_line(trouble, whose),
        (Some(mj), None) => format!(
            "✅ Midjourney channel `{mj}` works again{}.",
            match change.was {
                Some(Trouble::PendingModeration(_)) => ": the pending moderation is resolved",
                Some(Trouble::Missing) => ": it is configured at useapi.net again",
                _ => "",
            }
        ),
        (None, None) => match (change.was.as_ref(), whose) {
            (Some(Trouble::NoSubscription), _) => {
                "✅ The useapi.net subscription is active again; Midjourney commands work again."
            }
            (_, Whose::Operator) => {
                "✅ useapi.net accepts the bot's API token again; Midjourney commands work again."
            }
            (_, Whose::Own) => {
                "✅ useapi.net accepts this server's own API token again; Midjourney commands work again."
            }
        }
        .to_owned(),
    }
}

/// The fix of a pending moderation on an alert with the reset button.
const PRESS_RESET: &str = "resolve it in Midjourney's Discord channel, then a server admin presses “Resolved: reset” below";

/// What is wrong with the whole useapi.net account, and who fixes it.
pub(crate) fn account_trouble_line(trouble: &Trouble, whose: Whose) -> String {
    // The statuses the table (`useapi::Meaning`) reads each trouble from.
    let (what, status) = match (trouble, whose) {
        (Trouble::NoSubscription, Whose::Operator) => {
            ("useapi.net reports no active subscription", "402")
        }
        (Trouble::NoSubscription, Whose::Own) => (
            "useapi.net reports no active subscription for this server's own account",
            "402",
        ),
        (_, Whose::Operator) => ("useapi.net refuses the bot's API token", "401 or 403"),
        (_, Whose::Own) => (
            "useapi.net no longer accepts this server's own API token",
            "401 or 403",
        ),
    };
    let meaning = match trouble {
        Trouble::NoSubscription => Meaning::NoCredit,
        _ => Meaning::TokenRefused,
    };
    let fix = match (meaning, whose) {
        (Meaning::NoCredit, Whose::Own) => {
            "a server admin should renew the useapi.net subscription".to_owned()
        }
        (_, Whose::Own) => {
            "a server admin must enter the server's token again with `/mj-channel account set`"
                .to_owned()
        }
        _ => format!(
            "the bot's admin should {}",
            admin_fix(meaning).unwrap_or_default()
        ),
    };
    format!("⚠️ {what} (HTTP {status}), so every Midjourney command fails. To fix: {fix}.")
}

/// The mark `/mj-channel list` puts after a mapped channel in trouble.
pub(crate) fn channel_trouble_mark(trouble: &Trouble) -> String {
    match trouble {
        Trouble::PendingModeration(said) => format!(
            " ⚠️ pending moderation{}: {PENDING_MODERATION_FIX}",
            quoted(said)
        ),
        Trouble::Missing => " ⚠️ not configured at useapi.net".to_owned(),
        Trouble::TokenRefused | Trouble::NoSubscription => String::new(),
    }
}

/// useapi's words about a pending moderation (cleaned already), when it
/// gave any, made inert.
fn quoted(said: &str) -> String {
    if said.is_empty() {
        String::new()
    } else {
        format!(" (useapi.net says: “{}”)", inert(said))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::MjChannelId;

    fn change(channel: Option<&str>, was: Option<Trouble>, now: Option<Trouble>) -> String {
        let change = Change {
            channel: channel.map(|c| MjChannelId::parse(c).unwrap()),
            was,
            now,
            only_listed: false,
        };
        account_alert(&change, Whose::Operator, false)
    }

    #[test]
    fn a_servers_own_account_trouble_names_its_admins_fix_never_useapi_token() {
        let own = |was, now| {
            let change = Change {
                channel: None,
                was,
                now,
                only_listed: false,
            };
            account_alert(&change, Whose::Own, true)
        };
        let refused = own(None, Some(Trouble::TokenRefused));
        assert!(
            refused.contains("this server's own API token (HTTP 401 or 403)")
                && refused
                    .contains("enter the server's token again with `/mj-channel account set`"),
            "{refused}"
        );
        let unpaid = own(None, Some(Trouble::NoSubscription));
        assert!(
            unpaid.contains("HTTP 402") && unpaid.contains("a server admin"),
            "{unpaid}"
        );
        let back = own(Some(Trouble::TokenRefused), None);
        assert!(back.contains("this server's own API token again"), "{back}");
        for line in [refused, unpaid, back] {
            assert!(
                !line.contains("USEAPI_TOKEN") && !line.contains("the bot's"),
                "{line}"
            );
        }
    }

    #[test]
    fn an_account_alert_names_the_channel_what_happened_and_the_fix() {
        const MJ: &str = "123456789012345678";
        let pending = || Some(Trouble::PendingModeration("Please acknowledge".into()));
        assert_eq!(
            change(Some(MJ), None, pending()),
            "⚠️ Midjourney channel `123456789012345678` has a pending moderation message or CAPTCHA \
             (useapi.net says: “Please acknowledge”), so every command that uses it fails. To fix: \
             resolve it in Midjourney's Discord channel, then reset pendingModMessage at useapi.net."
        );
        assert_eq!(
            change(Some(MJ), pending(), None),
            "✅ Midjourney channel `123456789012345678` works again: the pending moderation is resolved."
        );
        let missing = change(Some(MJ), None, Some(Trouble::Missing));
        assert!(
            missing.contains("no longer configured at useapi.net"),
            "{missing}"
        );
        let refused = change(None, None, Some(Trouble::TokenRefused));
        assert!(
            refused.contains("HTTP 401") && refused.contains("check USEAPI_TOKEN"),
            "{refused}"
        );
        let unpaid = change(None, None, Some(Trouble::NoSubscription));
        assert!(
            unpaid.contains("HTTP 402") && unpaid.contains("renew"),
            "{unpaid}"
        );
        let paid = change(None, Some(Trouble::NoSubscription), None);
        assert!(
            paid.starts_with("✅ The useapi.net subscription is active again"),
            "{paid}"
        );
        for line in [missing, refused, unpaid, paid] {
            assert!(!line.contains("<@"), "no line names anyone: {line}");
        }
    }

    #[test]
    fn an_alert_with_the_reset_button_tells_admins_to_press_it_once_resolved() {
        let change = Change {
            channel: Some(MjChannelId::parse("123456789012345678").unwrap()),
            was: None,
            now: Some(Trouble::PendingModeration(String::new())),
            only_listed: false,
        };
        let line = account_alert(&change, Whose::Own, true);
        assert!(
            line.ends_with("To fix: resolve it in Midjourney's Discord channel, then a server admin presses “Resolved: reset” below."),
            "{line}"
        );
    }

    #[test]
    fn useapis_words_cannot_form_a_link_or_markdown() {
        let said = "[Verify here](https://evil.example) **now** <@&1>";
        let line = change(
            Some("123456789012345678"),
            None,
            Some(Trouble::PendingModeration(said.into())),
        );
        assert!(
            line.contains(r"“\[Verify here\]\(https://evil.example\) \*\*now\*\* \<\@&1\>”"),
            "{line}"
        );
        let mark = channel_trouble_mark(&Trouble::PendingModeration(said.into()));
        assert!(!mark.contains("[Verify here]("), "{mark}");
    }

    #[test]
    fn a_pending_moderation_without_words_reads_well() {
        let line = change(
            Some("123456789012345678"),
            None,
            Some(Trouble::PendingModeration(String::new())),
        );
        assert!(line.contains("or CAPTCHA, so every command"), "{line}");
    }
}
