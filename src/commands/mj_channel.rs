//! `/mj-channel`: server managers map Discord channels to Midjourney channels.

use serenity::all::{
    ChannelId, ChannelType, CommandDataOption, CommandDataOptionValue, CommandInteraction,
    CommandOptionType, CreateCommand, CreateCommandOption, Http, InteractionContext, Member,
    Permissions,
};

use crate::discord::App;
use crate::error::CommandError;
use crate::ids::MjChannelId;
use crate::mapping::{Edit, GuildMapping};
use crate::respond;

pub const NAME: &str = "mj-channel";

/// Channels a slash command can be typed in, so the only ones worth mapping.
const MAPPABLE: [ChannelType; 7] = [
    ChannelType::Text,
    ChannelType::News,
    ChannelType::Voice,
    ChannelType::Stage,
    ChannelType::PublicThread,
    ChannelType::PrivateThread,
    ChannelType::NewsThread,
];

pub fn register() -> CreateCommand {
    let mj_channel = |required: bool| {
        CreateCommandOption::new(
            CommandOptionType::String,
            "midjourney_channel",
            "Id of a Midjourney channel configured at useapi.net (17–20 digits)",
        )
        .required(required)
    };
    let discord_channel = || {
        CreateCommandOption::new(
            CommandOptionType::Channel,
            "discord_channel",
            "Discord channel or thread (default: the one you are typing in)",
        )
        .channel_types(MAPPABLE.to_vec())
    };
    let sub = |name: &str, description: &str| {
        CreateCommandOption::new(CommandOptionType::SubCommand, name, description)
    };

    CreateCommand::new(NAME)
        .description("Map Discord channels to Midjourney channels (Manage Server only)")
        // Discord hides it from other members by default, but server settings
        // can override that, so `run` checks the permission again.
        .default_member_permissions(Permissions::MANAGE_GUILD)
        .contexts(vec![InteractionContext::Guild])
        .add_option(
            sub(
                "set",
                "Send commands from a Discord channel to a Midjourney channel",
            )
            .add_sub_option(mj_channel(true))
            .add_sub_option(discord_channel()),
        )
        .add_option(
            sub("unset", "Remove a Discord channel's mapping").add_sub_option(discord_channel()),
        )
        .add_option(
            sub(
                "default",
                "Set the Midjourney channel for unmapped channels; leave empty to clear it",
            )
            .add_sub_option(mj_channel(false)),
        )
        .add_option(sub("list", "Show this server's mapping"))
}

/// What an admin asked for, parsed and validated before anything is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Set { channel: ChannelId, mj: MjChannelId },
    Unset { channel: ChannelId },
    Default(Option<MjChannelId>),
    List,
}

pub async fn run(http: &Http, app: &App, cmd: &CommandInteraction) {
    let text = match execute(app, cmd).await {
        Ok(text) => text,
        Err(err) => err.report(cmd.id),
    };
    if let Err(err) = respond::ephemeral(http, cmd, &text).await {
        tracing::warn!(interaction = %cmd.id, error = %err, "reply could not be delivered");
    }
}

async fn execute(app: &App, cmd: &CommandInteraction) -> Result<String, CommandError> {
    let guild = cmd.guild_id.ok_or(CommandError::NotInGuild)?.get();
    if !is_manager(cmd.member.as_deref()) {
        return Err(CommandError::NotAdmin);
    }
    let action = parse_action(&cmd.data.options, cmd.channel_id)?;
    let edit = match &action {
        Action::Set { channel, mj } => Edit::Set {
            channel: channel.get(),
            mj: mj.clone(),
        },
        Action::Unset { channel } => Edit::Unset {
            channel: channel.get(),
        },
        Action::Default(mj) => Edit::Default(mj.clone()),
        Action::List => return Ok(list_text(&app.mappings.guild(guild).await)),
    };
    let changed = app.mappings.edit(guild, edit).await?;
    tracing::info!(guild, user = %cmd.user.id, ?action, changed, "mapping edited");
    let fallback = app.mappings.guild(guild).await.default;
    Ok(confirmation(&action, changed, fallback.as_ref()))
}

/// Manage Server or Administrator, as sent by Discord with the interaction.
pub fn is_manager(member: Option<&Member>) -> bool {
    member
        .and_then(|m| m.permissions)
        .is_some_and(|p| p.manage_guild() || p.administrator())
}

/// Reads the subcommand and its options; `here` is where the command was typed.
pub fn parse_action(
    options: &[CommandDataOption],
    here: ChannelId,
) -> Result<Action, CommandError> {
    let bad = |what: &str| CommandError::BadOptions(what.to_owned());
    let sub = options.first().ok_or_else(|| bad("no subcommand"))?;
    let CommandDataOptionValue::SubCommand(args) = &sub.value else {
        return Err(bad("the first option is not a subcommand"));
    };
    let arg = |name: &str| args.iter().find(|o| o.name == name).map(|o| &o.value);
    let channel = arg("discord_channel")
        .and_then(CommandDataOptionValue::as_channel_id)
        .unwrap_or(here);
    let mj = arg("midjourney_channel")
        .and_then(CommandDataOptionValue::as_str)
        .map(|raw| MjChannelId::parse(raw.trim()))
        .transpose()?;
    Ok(match sub.name.as_str() {
        "set" => Action::Set {
            channel,
            mj: mj.ok_or_else(|| bad("set without midjourney_channel"))?,
        },
        "unset" => Action::Unset { channel },
        "default" => Action::Default(mj),
        "list" => Action::List,
        other => return Err(bad(&format!("unknown subcommand `{other}`"))),
    })
}

fn fallback_text(default: Option<&MjChannelId>) -> String {
    match default {
        Some(mj) => format!("the server default, Midjourney channel `{mj}`"),
        None => {
            "the useapi.net account's only Midjourney channel (with several, map one)".to_owned()
        }
    }
}

pub fn confirmation(action: &Action, changed: bool, default: Option<&MjChannelId>) -> String {
    match action {
        Action::Set { channel, mj } if changed => {
            format!("Commands in <#{channel}> and its threads now use Midjourney channel `{mj}`.")
        }
        Action::Set { channel, mj } => {
            format!("<#{channel}> already uses Midjourney channel `{mj}`; nothing changed.")
        }
        Action::Unset { channel } if changed => format!(
            "Removed the mapping of <#{channel}>. Commands there now use {}.",
            fallback_text(default)
        ),
        Action::Unset { channel } => {
            format!("<#{channel}> had no mapping of its own; nothing changed.")
        }
        Action::Default(Some(mj)) if changed => {
            format!("Commands in unmapped channels now use Midjourney channel `{mj}`.")
        }
        Action::Default(Some(mj)) => {
            format!("The server default already is `{mj}`; nothing changed.")
        }
        Action::Default(None) if changed => format!(
            "Cleared the server default. Commands in unmapped channels now use {}.",
            fallback_text(None)
        ),
        Action::Default(None) => "There was no server default; nothing changed.".to_owned(),
        Action::List => String::new(),
    }
}

pub fn list_text(guild: &GuildMapping) -> String {
    let mut text = String::from("**Midjourney channel mapping**\n");
    if guild.channels.is_empty() {
        text.push_str("No channel is mapped yet. Use `/mj-channel set`.\n");
    }
    for (channel, mj) in &guild.channels {
        text.push_str(&format!("<#{channel}> → `{mj}`\n"));
    }
    text.push_str(&format!(
        "Everywhere else: {}.",
        fallback_text(guild.default.as_ref())
    ));
    text
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
            Action::Set {
                channel: HERE,
                mj: MjChannelId::parse(MJ).unwrap()
            }
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
        assert!(
            matches!(action.unwrap(), Action::Set { channel, .. } if channel == ChannelId::new(777))
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
            Action::Unset { channel: HERE }
        );
        assert_eq!(
            parse_action(&sub("default", json!([])), HERE).unwrap(),
            Action::Default(None)
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
    fn only_managers_and_administrators_may_edit() {
        let member = |permissions: &str| -> Member {
            serde_json::from_value(json!({
                "user": {"id": "1", "username": "m", "discriminator": "0", "global_name": null, "avatar": null},
                "roles": [], "joined_at": "2024-01-01T00:00:00+00:00", "deaf": false, "mute": false,
                "flags": 0, "permissions": permissions, "guild_id": "2"
            }))
            .unwrap()
        };
        assert!(is_manager(Some(&member("32"))));
        assert!(is_manager(Some(&member("8"))));
        assert!(!is_manager(Some(&member("0"))));
        assert!(!is_manager(Some(&member("2048"))));
        assert!(!is_manager(None));
    }

    #[test]
    fn list_shows_channels_and_the_default() {
        let mut guild = GuildMapping::default();
        assert!(list_text(&guild).contains("No channel is mapped yet"));
        guild.channels.insert(42, MjChannelId::parse(MJ).unwrap());
        guild.default = Some(MjChannelId::parse("98765432109876543").unwrap());
        let text = list_text(&guild);
        assert!(text.contains(&format!("<#42> → `{MJ}`")), "{text}");
        assert!(text.contains("98765432109876543"), "{text}");
    }
}
