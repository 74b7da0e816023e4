//! `/mj-channel`: server managers map Discord channels to Midjourney
//! channels, turn verbs on or off and choose the audit channel.
//!
//! - this file: the command's schema and its handler
//! - [`parse`]: options → [`Action`]
//! - [`text`]: the confirmations and the `list` view
//! - [`autocomplete`]: Midjourney channel suggestions

mod account;
mod autocomplete;
mod parse;
mod save;
mod text;

use std::time::Duration;

use serenity::all::{
    ChannelId, ChannelType, CommandInteraction, CommandOptionType, CreateCommand,
    CreateCommandOption, GuildId, Http, InteractionContext, Permissions, UserId,
};

pub(crate) use account::{form, opens_a_form, server_removed, submitted};
pub(crate) use autocomplete::autocomplete;
pub(crate) use parse::{parse_action, Action};
pub(crate) use text::{confirmation, list_text};

use super::{Handled, Request};
use crate::access::is_manager;
use crate::app::App;
use crate::audit::{self, PostError};
use crate::deliver::Reply;
use crate::error::{self, CommandError};
use crate::ids::MjChannelId;
use crate::settings::Edit;
use crate::useapi::{AccountCheck, UseapiClient};
use crate::verbs::Verb;
use save::save;

pub(crate) const NAME: &str = "mj-channel";

/// Admin commands are deferred, so checks against useapi may take longer.
const CHECK_WITHIN: Duration = Duration::from_secs(10);

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

pub(crate) fn register(own_accounts: bool) -> CreateCommand {
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
            "Show this server's mapping, turned-off commands and audit channel",
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
        .add_option(audit_option())
        .add_option(account::register(own_accounts, mj_channel(true)))
}

/// `audit [channel]`: where every Midjourney command is recorded.
fn audit_option() -> CreateCommandOption {
    CreateCommandOption::new(
        CommandOptionType::SubCommand,
        "audit",
        "Record every Midjourney command in a channel; leave empty to stop",
    )
    .add_sub_option(
        CreateCommandOption::new(
            CommandOptionType::Channel,
            "channel",
            "Channel for the audit log (the bot needs View Channel and Send Messages)",
        )
        .channel_types(MAPPABLE.to_vec()),
    )
}

/// Lists or edits the server's settings; the answer is private. `account
/// set` answers with a form at once (see `account.rs`).
pub(crate) async fn run(req: &Request<'_>) -> Handled {
    if opens_a_form(req.cmd) {
        return Handled::from(account::ask_for_token(req.app, req.cmd));
    }
    if let Ok(Action::Reset(mj)) = parse_action(&req.cmd.data.options, req.cmd.channel_id) {
        return Box::pin(reset(req, mj)).await;
    }
    Handled::from(
        execute(req.http, req.app, req.cmd)
            .await
            .map(|text| Reply::text(&text)),
    )
}

/// `account reset`: as the alert's button does, answered to the admin.
async fn reset(req: &Request<'_>, mj: MjChannelId) -> Handled {
    let cmd = req.cmd;
    let spender = match super::reset::admit(req.app, cmd.guild_id, cmd.member.as_deref()) {
        Ok(spender) => spender,
        Err(refused) => return Handled::from(Err(refused)),
    };
    let asked = super::reset::Asked {
        member: cmd.user.id,
        place: cmd.channel_id,
        mj,
        pressed: false,
    };
    super::reset::run(req.app, spender, asked).await
}

async fn execute(http: &Http, app: &App, cmd: &CommandInteraction) -> Result<String, CommandError> {
    let guild = cmd.guild_id.ok_or(CommandError::NotInGuild)?;
    if !is_manager(cmd.member.as_deref()) {
        return Err(CommandError::NotAdmin);
    }
    let edit = match parse_action(&cmd.data.options, cmd.channel_id)? {
        Action::List => {
            let settings = app.settings.get();
            let payer = app.useapi.payer(Some(guild), &settings, &app.access);
            let client = app.useapi.client_for(payer, Some(guild), &settings).ok();
            let accounts = match &client {
                Some(client) => Some(client.account_channels(CHECK_WITHIN).await),
                None => None,
            };
            // The marks of the account this server spends, no other's.
            let spent = client.as_ref().map(UseapiClient::account_id);
            let text = list_text(
                &settings.guild(guild).cloned().unwrap_or_default(),
                accounts.as_ref().map(|a| a.as_deref()),
                &app.health.view(spent),
                app.audit.last_post_failed(guild),
            );
            return Ok(text + &account::account_line(payer, &settings, guild));
        }
        Action::Edit(edit) => edit,
        // Taken by `run` before.
        Action::Reset(_) => return Err(CommandError::BadOptions("account reset".into())),
    };
    let mut note = match &edit {
        Edit::Set { mj, .. } | Edit::Default(Some(mj)) => verify(app, guild, mj).await?,
        Edit::Audit(Some(channel)) => {
            first_audit_line(http, app, guild, *channel, cmd.user.id).await?;
            String::new()
        }
        _ => String::new(),
    };
    let audited_before = app.settings.get().audit_channel(guild);
    let changed = save(app, guild, edit.clone()).await?;
    tracing::info!(%guild, user = %cmd.user.id, ?edit, changed, "mapping edited");
    if matches!(edit, Edit::Verb { .. }) && changed {
        note = refresh_commands(http, app, guild).await;
    }
    if let (Edit::Audit(None), Some(old)) = (&edit, audited_before) {
        // The last line of the old log says who stopped it; it is only a courtesy.
        if let Err(err) = audit::send(http, old, &audit::disabled_line(cmd.user.id)).await {
            tracing::warn!(%guild, channel = %old, error = %crate::logging::chain(&err), "could not post to the audit channel");
        }
    }
    let fallback = app
        .settings
        .get()
        .guild(guild)
        .and_then(|g| g.default.clone());
    Ok(confirmation(&edit, changed, fallback.as_ref()) + &note)
}

/// Refuses an id the server's useapi account does not know; stores one it
/// could not check, saying so.
async fn verify(app: &App, guild: GuildId, mj: &MjChannelId) -> Result<String, CommandError> {
    let client = app
        .useapi
        .for_guild(Some(guild), &app.settings.get(), &app.access)?;
    match client.check_channel(mj, CHECK_WITHIN).await {
        AccountCheck::Configured => Ok(String::new()),
        AccountCheck::NotConfigured => Err(CommandError::UnknownMjChannel(mj.clone())),
        AccountCheck::Unverified(reason) => {
            tracing::warn!(%mj, reason, "could not verify a Midjourney channel with useapi.net");
            Ok(error::stored_unverified(&reason))
        }
    }
}

/// Posts "audit log enabled by …" to a new audit channel; a channel the
/// bot cannot post to is refused, naming the permission it lacks.
async fn first_audit_line(
    http: &Http,
    app: &App,
    guild: GuildId,
    channel: ChannelId,
    by: UserId,
) -> Result<(), CommandError> {
    audit::send(http, channel, &audit::enabled_line(by))
        .await
        .map_err(|err| match err {
            PostError::Missing(missing) => CommandError::AuditChannelRefused { channel, missing },
            PostError::Discord(error) => CommandError::AuditChannelFailed {
                channel,
                error: Box::new(error),
            },
        })?;
    app.audit.posted(guild);
    Ok(())
}

/// Re-registers the guild's commands so turned-off verbs disappear from its list.
async fn refresh_commands(http: &Http, app: &App, guild: GuildId) -> String {
    match app.registrar.register_now(http, guild).await {
        Ok(()) => String::new(),
        Err(err) => {
            tracing::warn!(%guild, error = %err, "could not refresh the guild's commands");
            error::COMMANDS_NOT_REFRESHED.to_owned()
        }
    }
}
