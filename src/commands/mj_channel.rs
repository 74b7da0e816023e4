//! `/mj-channel`: server managers map Discord channels to Midjourney
//! channels and turn verbs on or off.

use std::time::Duration;

use serenity::all::{
    AutocompleteChoice, ChannelId, ChannelType, CommandDataOption, CommandDataOptionValue,
    CommandInteraction, CommandOptionType, CreateCommand, CreateCommandOption, GuildId, Http,
    InteractionContext, Member, Permissions,
};

use crate::discord::App;
use crate::error::CommandError;
use crate::ids::MjChannelId;
use crate::mapping::{Edit, GuildMapping};
use crate::respond;
use crate::useapi::{AccountChannel, AccountCheck, UseapiError, Verb};

pub const NAME: &str = "mj-channel";

/// Discord drops an autocomplete answer after 3 seconds.
const AUTOCOMPLETE_WITHIN: Duration = Duration::from_millis(2500);
/// Admin commands are deferred, so checks against useapi may take longer.
const CHECK_WITHIN: Duration = Duration::from_secs(10);
/// Discord shows at most 25 suggestions.
const MAX_CHOICES: usize = 25;

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
        .set_autocomplete(true)
    };
    let discord_channel = || {
        CreateCommandOption::new(
            CommandOptionType::Channel,
            "discord_channel",
            "Discord channel or thread (default: the one you are typing in)",
        )
        .channel_types(MAPPABLE.to_vec())
    };
    let verb = || {
        Verb::ALL.iter().fold(
            CreateCommandOption::new(CommandOptionType::String, "verb", "The command")
                .required(true),
            |option, verb| option.add_string_choice(format!("/{}", verb.name), verb.name),
        )
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
        .add_option(sub(
            "list",
            "Show this server's mapping and turned-off commands",
        ))
        .add_option(
            CreateCommandOption::new(
                CommandOptionType::SubCommandGroup,
                "verbs",
                "Turn Midjourney commands on or off in this server",
            )
            .add_sub_option(sub("enable", "Turn a command back on").add_sub_option(verb()))
            .add_sub_option(
                sub("disable", "Turn a command off in this server").add_sub_option(verb()),
            ),
        )
}

/// What an admin asked for, parsed and validated before anything is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Set { channel: ChannelId, mj: MjChannelId },
    Unset { channel: ChannelId },
    Default(Option<MjChannelId>),
    List,
    Verb { verb: Verb, enabled: bool },
}

pub async fn run(http: &Http, app: &App, cmd: &CommandInteraction) {
    if let Err(err) = respond::defer_ephemeral(http, cmd).await {
        tracing::warn!(interaction = %cmd.id, error = %err, "could not acknowledge the command");
        return;
    }
    let text = match execute(http, app, cmd).await {
        Ok(text) => {
            app.metrics.command(NAME, "ok");
            text
        }
        Err(err) => {
            app.metrics.command(NAME, "failed");
            err.report(cmd.id)
        }
    };
    respond::log_undelivered(cmd, respond::edit_reply(http, cmd, &text).await);
}

async fn execute(http: &Http, app: &App, cmd: &CommandInteraction) -> Result<String, CommandError> {
    let guild_id = cmd.guild_id.ok_or(CommandError::NotInGuild)?;
    let guild = guild_id.get();
    if !is_manager(cmd.member.as_deref()) {
        return Err(CommandError::NotAdmin);
    }
    let action = parse_action(&cmd.data.options, cmd.channel_id)?;
    let mut note = String::new();
    let edit = match &action {
        Action::Set { channel, mj } => {
            note = verify(app, mj).await?;
            Edit::Set {
                channel: channel.get(),
                mj: mj.clone(),
            }
        }
        Action::Unset { channel } => Edit::Unset {
            channel: channel.get(),
        },
        Action::Default(mj) => {
            if let Some(mj) = mj {
                note = verify(app, mj).await?;
            }
            Edit::Default(mj.clone())
        }
        Action::Verb { verb, enabled } => Edit::Verb {
            verb: *verb,
            enabled: *enabled,
        },
        Action::List => {
            let accounts = app.useapi.account_channels(CHECK_WITHIN).await;
            return Ok(list_text(
                &app.mappings.guild(guild).await,
                accounts.as_deref(),
            ));
        }
    };
    let changed = app.mappings.edit(guild, edit).await?;
    if changed {
        app.metrics.mapping_written();
    }
    tracing::info!(guild, user = %cmd.user.id, ?action, changed, "mapping edited");
    if matches!(action, Action::Verb { .. }) && changed {
        note = refresh_commands(http, app, guild_id).await;
    }
    let fallback = app.mappings.guild(guild).await.default;
    Ok(confirmation(&action, changed, fallback.as_ref()) + &note)
}

/// Refuses an id useapi does not know; stores one it could not check, saying so.
async fn verify(app: &App, mj: &MjChannelId) -> Result<String, CommandError> {
    match app.useapi.check_channel(mj, CHECK_WITHIN).await {
        AccountCheck::Configured => Ok(String::new()),
        AccountCheck::NotConfigured => Err(CommandError::UnknownMjChannel(mj.clone())),
        AccountCheck::Unverified(reason) => {
            tracing::warn!(%mj, reason, "could not verify a Midjourney channel with useapi.net");
            Ok(format!(
                "\n(It could not be verified with useapi.net: {reason}. It was stored anyway.)"
            ))
        }
    }
}

/// Re-registers the guild's commands so turned-off verbs disappear from its list.
async fn refresh_commands(http: &Http, app: &App, guild: GuildId) -> String {
    match super::register_in_guild(http, app, guild).await {
        Ok(_) => String::new(),
        Err(err) => {
            tracing::warn!(%guild, error = %err, "could not refresh the guild's commands");
            "\n(The command list could not be refreshed; it will be on the bot's next start.)"
                .to_owned()
        }
    }
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
    Ok(match (sub.name.as_str(), name) {
        ("verbs", "enable") => Action::Verb {
            verb: verb()?,
            enabled: true,
        },
        ("verbs", "disable") => Action::Verb {
            verb: verb()?,
            enabled: false,
        },
        (_, "set") => Action::Set {
            channel,
            mj: mj.ok_or_else(|| bad("set without midjourney_channel"))?,
        },
        (_, "unset") => Action::Unset { channel },
        (_, "default") => Action::Default(mj),
        (_, "list") => Action::List,
        (_, other) => return Err(bad(&format!("unknown subcommand `{other}`"))),
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
        Action::Verb {
            verb,
            enabled: true,
        } if changed => format!("/{} is on again in this server.", verb.name),
        Action::Verb {
            verb,
            enabled: false,
        } if changed => format!(
            "/{} is now off in this server and hidden from its command list.",
            verb.name
        ),
        Action::Verb { verb, enabled } => format!(
            "/{} already is {} in this server; nothing changed.",
            verb.name,
            if *enabled { "on" } else { "off" }
        ),
        Action::List => String::new(),
    }
}

/// The server's mapping; ids useapi does not know are marked, when the
/// account's channels could be fetched.
pub fn list_text(
    guild: &GuildMapping,
    accounts: Result<&Vec<AccountChannel>, &UseapiError>,
) -> String {
    let mark = |mj: &MjChannelId| match accounts {
        Ok(accounts) if !accounts.iter().any(|a| a.channel == mj.as_str()) => {
            " ⚠️ not configured at useapi.net"
        }
        _ => "",
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
    if let Err(err) = accounts {
        text.push_str(&format!(
            "(Could not check the ids with useapi.net: {err}.)\n"
        ));
    }
    text
}

/// Suggests the account's Midjourney channels for `midjourney_channel`.
/// Nothing is suggested to non-managers or when useapi cannot be asked:
/// the admin can still type an id.
pub async fn autocomplete(http: &Http, app: &App, cmd: &CommandInteraction) {
    let typed = cmd
        .data
        .autocomplete()
        .map(|option| option.value)
        .unwrap_or_default();
    let choices = if is_manager(cmd.member.as_deref()) {
        match app.useapi.account_channels(AUTOCOMPLETE_WITHIN).await {
            Ok(accounts) => suggestions(&accounts, typed),
            Err(err) => {
                tracing::info!(interaction = %cmd.id, error = %err, "no suggestions: useapi.net account list unavailable");
                Vec::new()
            }
        }
    } else {
        Vec::new()
    };
    if let Err(err) = respond::autocomplete(http, cmd, choices).await {
        tracing::warn!(interaction = %cmd.id, error = %err, "suggestions could not be delivered");
    }
}

/// Channels containing what was typed so far, labelled so an admin can tell them apart.
pub fn suggestions(accounts: &[AccountChannel], typed: &str) -> Vec<AutocompleteChoice> {
    let typed = typed.trim();
    accounts
        .iter()
        .filter(|account| account.channel.contains(typed))
        .take(MAX_CHOICES)
        .map(|account| {
            let mut label = account.channel.clone();
            if let Some(server) = &account.server {
                label.push_str(&format!(" (server {server})"));
            }
            if account.pending_moderation {
                label.push_str(" ⚠️ pending moderation");
            }
            AutocompleteChoice::new(
                label.chars().take(100).collect::<String>(),
                account.channel.clone(),
            )
        })
        .collect()
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
    fn verbs_enable_and_disable_parse_from_the_group() {
        let group = |sub: &str, verb: &str| {
            options(json!([{"name": "verbs", "type": 2, "options": [
                {"name": sub, "type": 1, "options": [{"name": "verb", "type": 3, "value": verb}]}
            ]}]))
        };
        let relax = Verb::by_name("relax").unwrap();
        assert_eq!(
            parse_action(&group("disable", "relax"), HERE).unwrap(),
            Action::Verb {
                verb: relax,
                enabled: false
            }
        );
        assert_eq!(
            parse_action(&group("enable", "relax"), HERE).unwrap(),
            Action::Verb {
                verb: relax,
                enabled: true
            }
        );
        assert!(matches!(
            parse_action(&group("disable", "imagine"), HERE),
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

    fn account(channel: &str) -> AccountChannel {
        AccountChannel {
            channel: channel.into(),
            server: Some("42".into()),
            pending_moderation: false,
        }
    }

    #[test]
    fn list_shows_channels_default_turned_off_verbs_and_unknown_ids() {
        let mut guild = GuildMapping::default();
        assert!(list_text(&guild, Ok(&vec![])).contains("No channel is mapped yet"));
        guild.channels.insert(42, MjChannelId::parse(MJ).unwrap());
        guild.default = Some(MjChannelId::parse("98765432109876543").unwrap());
        guild.disabled.insert("turbo".into());
        let known = vec![account(MJ)];
        let text = list_text(&guild, Ok(&known));
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
        let text = list_text(&guild, Err(&down));
        assert!(!text.contains("⚠️"), "{text}");
        assert!(
            text.contains("Could not check the ids with useapi.net: useapi.net answered HTTP 502"),
            "{text}"
        );
    }

    #[test]
    fn suggestions_match_what_was_typed() {
        let accounts = vec![account("111111111111111111"), account("222222222222222222")];
        let all = suggestions(&accounts, "");
        assert_eq!(all.len(), 2);
        let json = serde_json::to_value(suggestions(&accounts, "2222")).unwrap();
        assert_eq!(
            json,
            json!([{"name": "222222222222222222 (server 42)", "value": "222222222222222222"}])
        );
        assert!(suggestions(&accounts, "333").is_empty());
    }
}
