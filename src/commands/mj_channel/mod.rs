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

use serenity::all::CommandOptionType as Kind;
use serenity::all::{
    ChannelId, ChannelType, CreateCommand, CreateCommandOption, GuildId, Http, InteractionContext,
    Permissions, UserId,
};

pub(crate) use account::{form, opens_a_form, server_removed, submitted};
pub(crate) use autocomplete::autocomplete;
pub(crate) use parse::{parse_action, Action};
pub(crate) use text::{confirmation, list_text};

use super::describe::{self, option};
use super::{Handled, Request};
use crate::access::is_manager;
use crate::app::App;
use crate::audit::{self, PostError};
use crate::deliver::Reply;
use crate::error::{self, CommandError};
use crate::ids::MjChannelId;
use crate::locale::{self, Lang};
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

/// The command with its descriptions in every language of the catalogue.
pub(crate) fn register(own_accounts: bool) -> CreateCommand {
    let mj_channel = |required: bool| {
        option(Kind::String, "midjourney_channel", "opt-midjourney-channel")
            .required(required)
            .set_autocomplete(true)
    };
    let discord_channel = || {
        option(Kind::Channel, "discord_channel", "opt-discord-channel")
            .channel_types(MAPPABLE.to_vec())
    };
    // Choices are command names: the same in every language.
    let verb = || {
        Verb::ALL.iter().fold(
            option(Kind::String, "verb", "opt-verb").required(true),
            |option, verb| option.add_string_choice(format!("/{}", verb.name), verb.name),
        )
    };
    let sub = |name: &str, key: &str| option(Kind::SubCommand, name, key);

    describe::command(NAME, "cmd-mj-channel")
        // Discord hides it from other members by default, but server settings
        // can override that, so `run` checks the permission again.
        .default_member_permissions(Permissions::MANAGE_GUILD)
        .contexts(vec![InteractionContext::Guild])
        .add_option(
            sub("set", "sub-set")
                .add_sub_option(mj_channel(true))
                .add_sub_option(discord_channel()),
        )
        .add_option(sub("unset", "sub-unset").add_sub_option(discord_channel()))
        .add_option(sub("default", "sub-default").add_sub_option(mj_channel(false)))
        .add_option(sub("list", "sub-list"))
        .add_option(
            option(Kind::SubCommandGroup, "verbs", "group-verbs")
                .add_sub_option(sub("enable", "sub-enable").add_sub_option(verb()))
                .add_sub_option(sub("disable", "sub-disable").add_sub_option(verb())),
        )
        .add_option(audit_option())
        .add_option(language_option())
        .add_option(account::register(own_accounts, mj_channel(true)))
}

/// `audit [channel]`: where every Midjourney command is recorded.
fn audit_option() -> CreateCommandOption {
    option(Kind::SubCommand, "audit", "sub-audit").add_sub_option(
        option(Kind::Channel, "channel", "opt-audit-channel").channel_types(MAPPABLE.to_vec()),
    )
}

/// `language <code>`: what the server's audit lines and alerts are worded
/// in; `default` follows the server's primary language. Each language is
/// offered by its own name, the same in every language, as Discord's own
/// language menu does.
fn language_option() -> CreateCommandOption {
    let choices = Lang::ALL.iter().fold(
        option(Kind::String, "language", "opt-language")
            .required(true)
            .add_string_choice_localized(
                locale::description(Lang::EN, "choice-language-default"),
                parse::DEFAULT_LANGUAGE,
                describe::localizations("choice-language-default"),
            ),
        |option, lang| option.add_string_choice(lang.name(), lang.code()),
    );
    option(Kind::SubCommand, "language", "sub-language").add_sub_option(choices)
}

/// Lists or edits the server's settings; the answer is private. `account
/// set` answers with a form at once (see `account.rs`).
pub(crate) async fn run(req: &Request<'_>) -> Handled {
    if opens_a_form(req.cmd) {
        return Handled::from(account::ask_for_token(req.app, req.cmd, req.lang));
    }
    if let Ok(Action::Reset(mj)) = parse_action(&req.cmd.data.options, req.cmd.channel_id) {
        return Box::pin(reset(req, mj)).await;
    }
    Handled::from(execute(req).await.map(|text| Reply::text(&text)))
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
        lang: req.lang,
    };
    super::reset::run(req.app, spender, asked).await
}

async fn execute(req: &Request<'_>) -> Result<String, CommandError> {
    let (http, app, cmd, lang) = (req.http, req.app, req.cmd, req.lang);
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
                lang,
                &settings.guild(guild).cloned().unwrap_or_default(),
                accounts.as_ref().map(|a| a.as_deref()),
                &app.health.view(spent),
                app.audit.last_post_failed(guild),
            );
            return Ok(text + &account::account_line(lang, payer, &settings, guild));
        }
        Action::Edit(edit) => edit,
        // Taken by `run` before.
        Action::Reset(_) => return Err(CommandError::BadOptions("account reset".into())),
    };
    let mut note = match &edit {
        Edit::Set { mj, .. } | Edit::Default(Some(mj)) => verify(app, guild, mj, lang).await?,
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
        note = refresh_commands(http, app, guild, lang).await;
    }
    if let (Edit::Audit(None), Some(old)) = (&edit, audited_before) {
        // The last line of the old log says who stopped it; it is only a courtesy.
        let server = app.audit.language(&app.settings.get(), guild);
        let line = audit::disabled_line(server, cmd.user.id);
        if let Err(err) = audit::send(http, old, &line).await {
            tracing::warn!(%guild, channel = %old, error = %crate::logging::chain(&err), "could not post to the audit channel");
        }
    }
    let fallback = app
        .settings
        .get()
        .guild(guild)
        .and_then(|g| g.default.clone());
    Ok(confirmation(lang, &edit, changed, fallback.as_ref()) + &note)
}

/// Refuses an id the server's useapi account does not know; stores one it
/// could not check, saying so.
async fn verify(
    app: &App,
    guild: GuildId,
    mj: &MjChannelId,
    lang: Lang,
) -> Result<String, CommandError> {
    let client = app
        .useapi
        .for_guild(Some(guild), &app.settings.get(), &app.access)?;
    match client.check_channel(mj, CHECK_WITHIN).await {
        AccountCheck::Configured => Ok(String::new()),
        AccountCheck::NotConfigured => Err(CommandError::UnknownMjChannel(mj.clone())),
        AccountCheck::Unverified(why) => {
            tracing::warn!(%mj, error = %crate::logging::chain(&why), "could not verify a Midjourney channel with useapi.net");
            Ok(error::stored_unverified(lang, &why))
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
    let lang = app.audit.language(&app.settings.get(), guild);
    audit::send(http, channel, &audit::enabled_line(lang, by))
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
async fn refresh_commands(http: &Http, app: &App, guild: GuildId, lang: Lang) -> String {
    match app.registrar.register_now(http, guild).await {
        Ok(()) => String::new(),
        Err(err) => {
            tracing::warn!(%guild, error = %err, "could not refresh the guild's commands");
            error::commands_not_refreshed(lang)
        }
    }
}
