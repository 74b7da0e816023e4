//! Reading `/mj-channel`'s options into an [`Action`], validated before
//! anything is stored.

use serenity::all::{ChannelId, CommandDataOption, CommandDataOptionValue};

use crate::error::CommandError;
use crate::ids::MjChannelId;
use crate::locale::Lang;
use crate::settings::Edit;
use crate::verbs::Verb;

/// What an admin asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Action {
    /// A change to the server's settings.
    Edit(Edit),
    List,
    /// `account reset`: reset the channel's `pendingModMessage` at useapi.net.
    Reset(MjChannelId),
}

/// Reads the subcommand and its options; `here` is where the command was typed.
pub(crate) fn parse_action(
    options: &[CommandDataOption],
    here: ChannelId,
) -> Result<Action, CommandError> {
    let bad = |what: &str| CommandError::BadOptions(what.to_owned());
    let sub = options.first().ok_or_else(|| bad("no subcommand"))?;
    let (name, args) = match &sub.value {
        CommandDataOptionValue::SubCommand(args) => (sub.name.as_str(), args),
        // `verbs enable` / `verbs disable`
        CommandDataOptionValue::SubCommandGroup(subs) => match subs.first() {
            Some(CommandDataOption {
                name,
                value: CommandDataOptionValue::SubCommand(args),
                ..
            }) => (name.as_str(), args),
            _ => return Err(bad("a subcommand group without a subcommand")),
        },
        _ => return Err(bad("the first option is not a subcommand")),
    };
    let arg = |name: &str| args.iter().find(|o| o.name == name).map(|o| &o.value);
    let channel = arg("discord_channel")
        .and_then(CommandDataOptionValue::as_channel_id)
        .unwrap_or(here);
    let mj = arg("midjourney_channel")
        .and_then(CommandDataOptionValue::as_str)
        .map(|raw| MjChannelId::parse(raw.trim()))
        .transpose()?;
    let verb = || {
        arg("verb")
            .and_then(CommandDataOptionValue::as_str)
            .and_then(Verb::by_name)
            .ok_or_else(|| bad("a missing or unknown verb"))
    };
    let edit = match (sub.name.as_str(), name) {
        ("verbs", switch @ ("enable" | "disable")) => Edit::Verb {
            verb: verb()?,
            enabled: switch == "enable",
        },
        ("account", "clear") => Edit::Account(None),
        ("account", "reset") => {
            return Ok(Action::Reset(
                mj.ok_or_else(|| bad("reset without midjourney_channel"))?,
            ))
        }
        ("account", other) => return Err(bad(&format!("unknown account subcommand `{other}`"))),
        (_, "set") => Edit::Set {
            channel,
            mj: mj.ok_or_else(|| bad("set without midjourney_channel"))?,
        },
        (_, "unset") => Edit::Unset { channel },
        (_, "default") => Edit::Default(mj),
        (_, "audit") => Edit::Audit(arg("channel").and_then(CommandDataOptionValue::as_channel_id)),
        (_, "list") => return Ok(Action::List),
        (_, "language") => language(arg("language"))?,
        (_, other) => return Err(bad(&format!("unknown subcommand `{other}`"))),
    };
    Ok(Action::Edit(edit))
}

/// The `language` choice that clears the server's language.
pub(crate) const DEFAULT_LANGUAGE: &str = "default";

/// What `/mj-channel language` was given as an edit; a code this version
/// does not have is refused (Discord offers only the choices).
fn language(value: Option<&CommandDataOptionValue>) -> Result<Edit, CommandError> {
    match value.and_then(CommandDataOptionValue::as_str) {
        Some(DEFAULT_LANGUAGE) => Ok(Edit::Language(None)),
        Some(code) => Lang::from_code(code)
            .map(|lang| Edit::Language(Some(lang)))
            .ok_or_else(|| CommandError::BadOptions("an unknown language".into())),
        None => Err(CommandError::BadOptions("language without a code".into())),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const HERE: ChannelId = ChannelId::new(500);
    const MJ: &str = "123456789012345678";

    fn options(value: serde_json::Value) -> Vec<CommandDataOption> {
        serde_json::from_value(value).unwrap()
    }

    #[allow(clippy::needless_pass_by_value)] // takes json!() literals in place
    fn sub(name: &str, args: serde_json::Value) -> Vec<CommandDataOption> {
        options(json!([{"name": name, "type": 1, "options": args}]))
    }

    #[test]
    fn set_defaults_to_the_current_channel() {
        let action = parse_action(
            &sub(
                "set",
                json!([{"name":"midjourney_channel","type":3,"value":MJ}]),
            ),
            HERE,
        );
        assert_eq!(
            action.unwrap(),
            Action::Edit(Edit::Set {
                channel: HERE,
                mj: MjChannelId::parse(MJ).unwrap()
            })
        );
    }

    #[test]
    fn set_accepts_another_channel_and_trims_the_id() {
        let action = parse_action(
            &sub(
                "set",
                json!([
                    {"name":"midjourney_channel","type":3,"value":format!(" {MJ} ")},
                    {"name":"discord_channel","type":7,"value":"777"}
                ]),
            ),
            HERE,
        );
        assert_eq!(
            action.unwrap(),
            Action::Edit(Edit::Set {
                channel: ChannelId::new(777),
                mj: MjChannelId::parse(MJ).unwrap()
            })
        );
    }

    #[test]
    fn an_invalid_id_is_refused() {
        let err = parse_action(
            &sub(
                "set",
                json!([{"name":"midjourney_channel","type":3,"value":"#general"}]),
            ),
            HERE,
        )
        .unwrap_err();
        assert!(matches!(err, CommandError::InvalidId(_)));
        let err = parse_action(
            &sub(
                "default",
                json!([{"name":"midjourney_channel","type":3,"value":"12"}]),
            ),
            HERE,
        )
        .unwrap_err();
        assert!(matches!(err, CommandError::InvalidId(_)));
    }

    #[test]
    fn unset_default_and_list_parse() {
        assert_eq!(
            parse_action(&sub("unset", json!([])), HERE).unwrap(),
            Action::Edit(Edit::Unset { channel: HERE })
        );
        assert_eq!(
            parse_action(&sub("default", json!([])), HERE).unwrap(),
            Action::Edit(Edit::Default(None))
        );
        assert_eq!(
            parse_action(&sub("list", json!([])), HERE).unwrap(),
            Action::List
        );
        assert!(matches!(
            parse_action(&[], HERE),
            Err(CommandError::BadOptions(_))
        ));
    }

    #[test]
    fn language_takes_a_code_or_default_and_refuses_others() {
        let lang = |code: &str| {
            parse_action(
                &sub(
                    "language",
                    json!([{"name": "language", "type": 3, "value": code}]),
                ),
                HERE,
            )
        };
        assert_eq!(
            lang("fr").unwrap(),
            Action::Edit(Edit::Language(Some(Lang::of(Some("fr")))))
        );
        assert_eq!(lang("default").unwrap(), Action::Edit(Edit::Language(None)));
        assert!(matches!(lang("tlh"), Err(CommandError::BadOptions(_))));
    }

    #[test]
    fn audit_takes_a_channel_or_nothing() {
        assert_eq!(
            parse_action(
                &sub(
                    "audit",
                    json!([{"name": "channel", "type": 7, "value": "777"}])
                ),
                HERE
            )
            .unwrap(),
            Action::Edit(Edit::Audit(Some(ChannelId::new(777))))
        );
        assert_eq!(
            parse_action(&sub("audit", json!([])), HERE).unwrap(),
            Action::Edit(Edit::Audit(None))
        );
    }

    #[test]
    fn verbs_enable_and_disable_parse_from_the_group() {
        let group = |sub: &str, verb: &str| {
            options(json!([{"name": "verbs", "type": 2, "options": [
                {"name": sub, "type": 1, "options": [{"name": "verb", "type": 3, "value": verb}]}
            ]}]))
        };
        let relax = Verb::by_name("relax").unwrap();
        assert_eq!(
            parse_action(&group("disable", "relax"), HERE).unwrap(),
            Action::Edit(Edit::Verb {
                verb: relax,
                enabled: false
            })
        );
        assert_eq!(
            parse_action(&group("enable", "relax"), HERE).unwrap(),
            Action::Edit(Edit::Verb {
                verb: relax,
                enabled: true
            })
        );
        assert!(matches!(
            parse_action(&group("disable", "imagine"), HERE),
            Err(CommandError::BadOptions(_))
        ));
    }
}
