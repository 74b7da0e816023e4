//! The sentences `/mj-channel` answers with when things go right.

use crate::account_health::{account_trouble_line, channel_trouble_mark};
use crate::account_health::{Trouble, View, Whose};
use crate::ids::MjChannelId;
use crate::settings::{Edit, GuildMapping};
use crate::useapi::{AccountChannel, UseapiError};

fn fallback_text(default: Option<&MjChannelId>) -> String {
    match default {
        Some(mj) => format!("the server default, Midjourney channel `{mj}`"),
        None => {
            "the useapi.net account's only Midjourney channel (with several, map one)".to_owned()
        }
    }
}

/// What an admin reads after an edit: what changed, or that nothing did.
pub(crate) fn confirmation(edit: &Edit, changed: bool, default: Option<&MjChannelId>) -> String {
    match edit {
        Edit::Set { channel, mj } if changed => {
            format!("Commands in <#{channel}> and its threads now use Midjourney channel `{mj}`.")
        }
        Edit::Set { channel, mj } => {
            format!("<#{channel}> already uses Midjourney channel `{mj}`; nothing changed.")
        }
        Edit::Unset { channel } if changed => format!(
            "Removed the mapping of <#{channel}>. Commands there now use {}.",
            fallback_text(default)
        ),
        Edit::Unset { channel } => {
            format!("<#{channel}> had no mapping of its own; nothing changed.")
        }
        Edit::Default(Some(mj)) if changed => {
            format!("Commands in unmapped channels now use Midjourney channel `{mj}`.")
        }
        Edit::Default(Some(mj)) => {
            format!("The server default already is `{mj}`; nothing changed.")
        }
        Edit::Default(None) if changed => format!(
            "Cleared the server default. Commands in unmapped channels now use {}.",
            fallback_text(None)
        ),
        Edit::Default(None) => "There was no server default; nothing changed.".to_owned(),
        Edit::Verb {
            verb,
            enabled: true,
        } if changed => format!("/{} is on again in this server.", verb.name),
        Edit::Verb {
            verb,
            enabled: false,
        } if changed => format!(
            "/{} is now off in this server and hidden from its command list.",
            verb.name
        ),
        Edit::Verb { verb, enabled } => format!(
            "/{} already is {} in this server; nothing changed.",
            verb.name,
            if *enabled { "on" } else { "off" }
        ),
        Edit::Audit(Some(channel)) if changed => format!(
            "Every Midjourney command in this server is now recorded in <#{channel}>: who typed it, where, and how it ended."
        ),
        Edit::Audit(Some(channel)) => {
            format!("<#{channel}> already is the audit channel; nothing changed.")
        }
        Edit::Audit(None) if changed => "The audit log is off.".to_owned(),
        Edit::Audit(None) => "There was no audit channel; nothing changed.".to_owned(),
        Edit::Account(Some(account)) => format!(
            "useapi.net accepted the token: this server's Midjourney commands now use its own account ({} Midjourney channels). The token is stored sealed and is never shown again, not even to the bot's owner.",
            account.channels
        ),
        Edit::Account(None) if changed => {
            "This server's own useapi.net account was removed; its token is deleted.".to_owned()
        }
        Edit::Account(None) => {
            "This server had no useapi.net account of its own; nothing changed.".to_owned()
        }
    }
}

/// The server's mapping; channels in trouble (pending moderation, unknown
/// to useapi) are marked with the fix, and so is an audit channel whose
/// last post failed. The account watcher's states win; the account list
/// (cached for a minute) covers channels it has not seen yet.
pub(crate) fn list_text(
    guild: &GuildMapping,
    accounts: Option<Result<&Vec<AccountChannel>, &UseapiError>>,
    health: &View,
    audit_failing: bool,
) -> String {
    let mark = |mj: &MjChannelId| {
        if let Some(trouble) = health.channel(mj) {
            return channel_trouble_mark(trouble);
        }
        let Some(Ok(accounts)) = accounts else {
            return String::new();
        };
        match accounts.iter().find(|a| a.channel == mj.as_str()) {
            None => channel_trouble_mark(&Trouble::Missing),
            Some(AccountChannel {
                pending_moderation: Some(said),
                ..
            }) => channel_trouble_mark(&Trouble::PendingModeration(said.clone())),
            _ => String::new(),
        }
    };
    let mut text = String::from("**Midjourney channel mapping**\n");
    if guild.channels.is_empty() {
        text.push_str("No channel is mapped yet. Use `/mj-channel set`.\n");
    }
    for (channel, mj) in &guild.channels {
        text.push_str(&format!("<#{channel}> → `{mj}`{}\n", mark(mj)));
    }
    match &guild.default {
        Some(mj) => text.push_str(&format!("Everywhere else: `{mj}`{}\n", mark(mj))),
        None => text.push_str(&format!("Everywhere else: {}.\n", fallback_text(None))),
    }
    if !guild.disabled.is_empty() {
        let off: Vec<String> = guild
            .disabled
            .iter()
            .map(|verb| format!("/{verb}"))
            .collect();
        text.push_str(&format!("Turned off: {}\n", off.join(", ")));
    }
    match guild.audit {
        Some(channel) if audit_failing => text.push_str(&format!(
            "Audit log: <#{channel}> ⚠️ the last post there failed: check the bot's View Channel and Send Messages permissions there\n"
        )),
        Some(channel) => text.push_str(&format!("Audit log: <#{channel}>\n")),
        None => text.push_str("Audit log: off\n"),
    }
    if let Some(trouble) = &health.account {
        let whose = health.whose.unwrap_or(Whose::Operator);
        text.push_str(&account_trouble_line(trouble, whose));
        text.push('\n');
    }
    if let Some(Err(err)) = accounts {
        text.push_str(&format!(
            "(Could not check the ids with useapi.net: {err}.)\n"
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use serenity::all::ChannelId;

    use super::*;

    const MJ: &str = "123456789012345678";

    #[test]
    fn confirmations_say_what_changed_or_that_nothing_did() {
        let channel = ChannelId::new(7);
        let mj = MjChannelId::parse(MJ).unwrap();
        let set = Edit::Set {
            channel,
            mj: mj.clone(),
        };
        assert_eq!(
            confirmation(&set, true, None),
            format!("Commands in <#7> and its threads now use Midjourney channel `{MJ}`.")
        );
        assert!(confirmation(&set, false, None).ends_with("nothing changed."));
        let unset = confirmation(&Edit::Unset { channel }, true, Some(&mj));
        assert!(unset.contains("the server default"), "{unset}");
    }

    #[test]
    fn list_shows_the_audit_channel_and_marks_it_when_its_last_post_failed() {
        let guild = GuildMapping {
            audit: Some(ChannelId::new(9)),
            ..Default::default()
        };
        let fine = list_text(&guild, Some(Ok(&vec![])), &View::default(), false);
        assert!(fine.contains("Audit log: <#9>\n"), "{fine}");
        let failing = list_text(&guild, Some(Ok(&vec![])), &View::default(), true);
        assert!(
            failing.contains("Audit log: <#9> ⚠️ the last post there failed"),
            "{failing}"
        );
    }

    fn account(channel: &str) -> AccountChannel {
        AccountChannel {
            channel: channel.into(),
            server: Some("42".into()),
            pending_moderation: None,
            max_jobs: None,
        }
    }

    #[test]
    fn list_shows_channels_default_turned_off_verbs_and_unknown_ids() {
        let mut guild = GuildMapping::default();
        let empty = list_text(&guild, Some(Ok(&vec![])), &View::default(), false);
        assert!(empty.contains("No channel is mapped yet"), "{empty}");
        assert!(empty.contains("Audit log: off"), "{empty}");
        guild
            .channels
            .insert(ChannelId::new(42), MjChannelId::parse(MJ).unwrap());
        guild.default = Some(MjChannelId::parse("98765432109876543").unwrap());
        guild.disabled.insert("turbo".into());
        let known = vec![account(MJ)];
        let text = list_text(&guild, Some(Ok(&known)), &View::default(), false);
        assert!(text.contains(&format!("<#42> → `{MJ}`\n")), "{text}");
        assert!(
            text.contains("`98765432109876543` ⚠️ not configured at useapi.net"),
            "{text}"
        );
        assert!(text.contains("Turned off: /turbo"), "{text}");

        let down = UseapiError::Status {
            status: 502,
            error: None,
        };
        let text = list_text(&guild, Some(Err(&down)), &View::default(), false);
        assert!(!text.contains("⚠️"), "{text}");
        assert!(
            text.contains("Could not check the ids with useapi.net: useapi.net answered HTTP 502"),
            "{text}"
        );
    }

    #[test]
    fn list_marks_a_pending_moderation_and_an_account_wide_trouble_with_the_fix() {
        let mj = MjChannelId::parse(MJ).unwrap();
        let mut guild = GuildMapping::default();
        guild.channels.insert(ChannelId::new(42), mj.clone());
        let health = View {
            account: Some(Trouble::TokenRefused),
            whose: Some(Whose::Operator),
            channels: [(mj, Trouble::PendingModeration("Ack".into()))].into(),
        };
        let text = list_text(&guild, Some(Ok(&vec![account(MJ)])), &health, false);
        assert!(
            text.contains(&format!(
                "<#42> → `{MJ}` ⚠️ pending moderation (useapi.net says: “Ack”): resolve it in \
                 Midjourney's Discord channel, then reset pendingModMessage at useapi.net\n"
            )),
            "{text}"
        );
        assert!(
            text.contains("HTTP 401") && text.contains("USEAPI_TOKEN"),
            "{text}"
        );

        // The account list alone marks what the watcher has not seen yet.
        let mut listed = account(MJ);
        listed.pending_moderation = Some(String::new());
        let text = list_text(&guild, Some(Ok(&vec![listed])), &View::default(), false);
        assert!(text.contains("⚠️ pending moderation: resolve it"), "{text}");
    }
}
