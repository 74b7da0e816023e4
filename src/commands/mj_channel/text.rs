//! The sentences `/mj-channel` answers with when things go right, in the
//! admin's language (`locale`).

use crate::account_health::{account_trouble_line, channel_trouble_mark};
use crate::account_health::{Trouble, View, Whose};
use crate::ids::MjChannelId;
use crate::locale::{self, Arg, Lang};
use crate::settings::{Edit, GuildMapping};
use crate::useapi::{AccountChannel, UseapiError};

fn fallback_text(lang: Lang, default: Option<&MjChannelId>) -> String {
    match default {
        Some(mj) => locale::args(lang, "fallback-default", &[("mj", mj.into())]),
        None => locale::text(lang, "fallback-only"),
    }
}

/// What an admin reads after an edit, in their language: what changed,
/// or that nothing did.
pub(crate) fn confirmation(
    lang: Lang,
    edit: &Edit,
    changed: bool,
    default: Option<&MjChannelId>,
) -> String {
    let say = |key: &str, args: &[(&str, Arg<'_>)]| locale::args(lang, key, args);
    // The key when something changed, or the one saying nothing did.
    let pick = |done: &'static str, same: &'static str| if changed { done } else { same };
    match edit {
        Edit::Set { channel, mj } => say(
            pick("set-done", "set-same"),
            &[("channel", (*channel).into()), ("mj", mj.into())],
        ),
        Edit::Unset { channel } => {
            let fallback = fallback_text(lang, default);
            let args = [
                ("channel", (*channel).into()),
                ("fallback", fallback.into()),
            ];
            say(pick("unset-done", "unset-same"), &args)
        }
        Edit::Default(Some(mj)) => say(pick("default-done", "default-same"), &[("mj", mj.into())]),
        Edit::Default(None) => {
            let fallback = fallback_text(lang, None);
            say(
                pick("default-cleared", "default-none"),
                &[("fallback", fallback.into())],
            )
        }
        Edit::Verb { verb, enabled } => {
            let key = match enabled {
                true => pick("verb-on", "verb-same-on"),
                false => pick("verb-off", "verb-same-off"),
            };
            say(key, &[("verb", verb.name.into())])
        }
        Edit::Audit(Some(channel)) => say(
            pick("audit-on", "audit-same"),
            &[("channel", (*channel).into())],
        ),
        Edit::Audit(None) => say(pick("audit-off", "audit-none"), &[]),
        Edit::Account(Some(account)) => {
            say("account-stored", &[("channels", account.channels.into())])
        }
        Edit::Account(None) => say(pick("account-removed", "account-none"), &[]),
        Edit::Language(Some(chosen)) => say(
            pick("language-set", "language-same"),
            &[("language", chosen.name().into())],
        ),
        Edit::Language(None) => say(pick("language-cleared", "language-none"), &[]),
    }
}

/// The mark after a mapped channel: its trouble (the account watcher's
/// states win; the account list, cached for a minute, covers channels it
/// has not seen yet), or nothing.
fn trouble_mark(
    lang: Lang,
    mj: &MjChannelId,
    accounts: Option<Result<&Vec<AccountChannel>, &UseapiError>>,
    health: &View,
) -> String {
    if let Some(trouble) = health.channel(mj) {
        return channel_trouble_mark(lang, trouble);
    }
    let Some(Ok(accounts)) = accounts else {
        return String::new();
    };
    match accounts.iter().find(|a| a.channel == mj.as_str()) {
        None => channel_trouble_mark(lang, &Trouble::Missing),
        Some(AccountChannel {
            pending_moderation: Some(said),
            ..
        }) => channel_trouble_mark(lang, &Trouble::PendingModeration(said.clone())),
        _ => String::new(),
    }
}

/// The server's mapping, in the admin's language; channels in trouble
/// (pending moderation, unknown to useapi) are marked with the fix, and so
/// is an audit channel whose last post failed.
pub(crate) fn list_text(
    lang: Lang,
    guild: &GuildMapping,
    accounts: Option<Result<&Vec<AccountChannel>, &UseapiError>>,
    health: &View,
    audit_failing: bool,
) -> String {
    let line = |key: &str, args: &[(&str, Arg<'_>)]| locale::args(lang, key, args) + "\n";
    let mark = |mj: &MjChannelId| trouble_mark(lang, mj, accounts, health);
    let mut text = line("list-title", &[]);
    if guild.channels.is_empty() {
        text.push_str(&line("list-empty", &[]));
    }
    for (channel, mj) in &guild.channels {
        text.push_str(&format!("<#{channel}> → `{mj}`{}\n", mark(mj)));
    }
    match &guild.default {
        Some(mj) => text.push_str(&format!(
            "{}{}\n",
            locale::args(lang, "list-elsewhere", &[("mj", mj.into())]),
            mark(mj)
        )),
        None => text.push_str(&line(
            "list-elsewhere-fallback",
            &[("fallback", fallback_text(lang, None).into())],
        )),
    }
    text.push_str(&settings_lines(lang, guild, audit_failing));
    if let Some(trouble) = &health.account {
        let whose = health.whose.unwrap_or(Whose::Operator);
        text.push_str(&account_trouble_line(lang, trouble, whose));
        text.push('\n');
    }
    if let Some(Err(err)) = accounts {
        text.push_str(&line(
            "list-unchecked",
            &[("error", crate::error::useapi_message(lang, err).into())],
        ));
    }
    text
}

/// The list's lines about the server's other settings: turned-off
/// commands, the audit channel (marked when its last post failed), the
/// chosen language.
fn settings_lines(lang: Lang, guild: &GuildMapping, audit_failing: bool) -> String {
    let line = |key: &str, args: &[(&str, Arg<'_>)]| locale::args(lang, key, args) + "\n";
    let mut text = String::new();
    if !guild.disabled.is_empty() {
        let off: Vec<String> = guild
            .disabled
            .iter()
            .map(|verb| format!("/{}", verb.name))
            .collect();
        text.push_str(&line(
            "list-turned-off",
            &[("verbs", off.join(", ").into())],
        ));
    }
    text.push_str(&match guild.audit {
        Some(channel) if audit_failing => {
            line("list-audit-failing", &[("channel", channel.into())])
        }
        Some(channel) => line("list-audit", &[("channel", channel.into())]),
        None => line("list-audit-off", &[]),
    });
    if let Some(chosen) = guild.language {
        text.push_str(&line(
            "list-language",
            &[("language", chosen.name().into())],
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
            confirmation(Lang::EN, &set, true, None),
            format!("Commands in <#7> and its threads now use Midjourney channel `{MJ}`.")
        );
        assert!(confirmation(Lang::EN, &set, false, None).ends_with("nothing changed."));
        let unset = confirmation(Lang::EN, &Edit::Unset { channel }, true, Some(&mj));
        assert!(unset.contains("the server default"), "{unset}");
    }

    #[test]
    fn list_shows_the_audit_channel_and_marks_it_when_its_last_post_failed() {
        let guild = GuildMapping {
            audit: Some(ChannelId::new(9)),
            ..Default::default()
        };
        let fine = list_text(Lang::EN, &guild, Some(Ok(&vec![])), &View::default(), false);
        assert!(fine.contains("Audit log: <#9>\n"), "{fine}");
        let failing = list_text(Lang::EN, &guild, Some(Ok(&vec![])), &View::default(), true);
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
        let empty = list_text(Lang::EN, &guild, Some(Ok(&vec![])), &View::default(), false);
        assert!(empty.contains("No channel is mapped yet"), "{empty}");
        assert!(empty.contains("Audit log: off"), "{empty}");
        guild
            .channels
            .insert(ChannelId::new(42), MjChannelId::parse(MJ).unwrap());
        guild.default = Some(MjChannelId::parse("98765432109876543").unwrap());
        guild
            .disabled
            .insert(crate::verbs::Verb::by_name("turbo").unwrap());
        let known = vec![account(MJ)];
        let text = list_text(Lang::EN, &guild, Some(Ok(&known)), &View::default(), false);
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
        let text = list_text(Lang::EN, &guild, Some(Err(&down)), &View::default(), false);
        assert!(!text.contains("⚠️"), "{text}");
        assert!(
            text.contains(
                "The ids could not be checked with useapi.net: useapi.net or Midjourney is having trouble (HTTP 502)."
            ),
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
        let text = list_text(
            Lang::EN,
            &guild,
            Some(Ok(&vec![account(MJ)])),
            &health,
            false,
        );
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
        let text = list_text(
            Lang::EN,
            &guild,
            Some(Ok(&vec![listed])),
            &View::default(),
            false,
        );
        assert!(text.contains("⚠️ pending moderation: resolve it"), "{text}");
    }
}
