//! What the servers read about a Midjourney account: the alert line for a
//! change of its state, the `/mj-channel list` marks. No line names or
//! pings anyone, and useapi's words in them are inert (`text::inert`: no
//! masked link, markdown or mention forms).

use crate::locale::{self, Lang};
use crate::untrusted::inert;

use super::{Change, Trouble};

pub(crate) use crate::useapi::Whose;

/// The line for a change in a Midjourney account's state, in `lang` (the
/// server's): which channel, what happened and what to do; or that it
/// works again. `button`: the alert carries "Resolved: reset", so its fix
/// names it.
pub(crate) fn account_alert(lang: Lang, change: &Change, whose: Whose, button: bool) -> String {
    match (&change.channel, &change.now) {
        (Some(mj), Some(trouble @ (Trouble::PendingModeration(_) | Trouble::Missing))) => {
            let (key, said) = match trouble {
                Trouble::PendingModeration(said) if button => {
                    ("alert-pending-button", said.as_str())
                }
                Trouble::PendingModeration(said) => ("alert-pending", said.as_str()),
                _ => ("alert-missing", ""),
            };
            locale::args(
                lang,
                key,
                &[("mj", mj.into()), ("said", quoted(lang, said).into())],
            )
        }
        (_, Some(trouble)) => account_trouble_line(lang, trouble, whose),
        (Some(mj), None) => {
            let key = match change.was {
                Some(Trouble::PendingModeration(_)) => "alert-resolved",
                Some(Trouble::Missing) => "alert-configured-again",
                _ => "alert-works-again",
            };
            locale::args(lang, key, &[("mj", mj.into())])
        }
        (None, None) => locale::text(
            lang,
            match (change.was.as_ref(), whose) {
                (Some(Trouble::NoSubscription), _) => "alert-subscription-back",
                (_, Whose::Operator) => "alert-token-back",
                (_, Whose::Own) => "alert-own-token-back",
            },
        ),
    }
}

/// What is wrong with the whole useapi.net account, and who fixes it: the
/// bot's owner for the operator's account (402: the subscription; 401 or
/// 403: `USEAPI_TOKEN`, as `useapi::Meaning` reads them), a server admin
/// for the server's own.
pub(crate) fn account_trouble_line(lang: Lang, trouble: &Trouble, whose: Whose) -> String {
    let key = match (trouble, whose) {
        (Trouble::NoSubscription, Whose::Operator) => "trouble-credit",
        (Trouble::NoSubscription, Whose::Own) => "trouble-own-credit",
        (_, Whose::Operator) => "trouble-token",
        (_, Whose::Own) => "trouble-own-token",
    };
    locale::text(lang, key)
}

/// The mark `/mj-channel list` puts after a mapped channel in trouble,
/// with its leading space.
pub(crate) fn channel_trouble_mark(lang: Lang, trouble: &Trouble) -> String {
    let mark = match trouble {
        Trouble::PendingModeration(said) => {
            locale::args(lang, "mark-pending", &[("said", quoted(lang, said).into())])
        }
        Trouble::Missing => locale::text(lang, "mark-missing"),
        Trouble::TokenRefused | Trouble::NoSubscription => return String::new(),
    };
    format!(" {mark}")
}

/// useapi's words about a pending moderation (cleaned already), when it
/// gave any, made inert (the catalogue puts the space before them where
/// the language wants one).
fn quoted(lang: Lang, said: &str) -> String {
    if said.is_empty() {
        String::new()
    } else {
        locale::args(lang, "said-quoted", &[("said", inert(said).into())])
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
        account_alert(Lang::EN, &change, Whose::Operator, false)
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
            account_alert(Lang::EN, &change, Whose::Own, true)
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
        let line = account_alert(Lang::EN, &change, Whose::Own, true);
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
        let mark = channel_trouble_mark(Lang::EN, &Trouble::PendingModeration(said.into()));
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
