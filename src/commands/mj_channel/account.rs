//! `/mj-channel account set|clear`: a server's own useapi.net account. The
//! token is typed into a Discord form (modal), checked with useapi.net,
//! and stored sealed (`seal.rs`); no one, not even the bot's owner, sees it
//! again. (`account reset` is `commands::reset`'s.)

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use secrecy::SecretString;
use serenity::all::{
    ActionRowComponent, CommandDataOptionValue, CommandInteraction, CommandOptionType,
    CreateActionRow, CreateCommandOption, CreateInputText, CreateModal, GuildId, InputTextStyle,
    ModalInteraction,
};

use crate::access::is_manager;
use crate::app::App;
use crate::commands::describe::option;
use crate::commands::Handled;
use crate::deliver::Reply;
use crate::error::{BadToken, CommandError};
use crate::locale::{self, Lang};
use crate::logging::chain;
use crate::payer::Payer;
use crate::settings::{Edit, Mapping, OwnAccount};
use crate::useapi::Meaning;

/// The form's id, sent back with what the admin typed.
pub(crate) const FORM_ID: &str = "mj-account";
const TOKEN_FIELD: &str = "token";
/// useapi.net's tokens are well under this; Discord allows up to 4,000.
const MAX_TOKEN_LEN: u16 = 500;
const CHECK_WITHIN: Duration = Duration::from_secs(10);

/// The `account` subcommand group of `/mj-channel`: `reset` always (a
/// server spending the operator's account may reset its channels too),
/// `set` and `clear` when servers may keep their own (`own_accounts`).
pub(crate) fn register(own_accounts: bool, mj_channel: CreateCommandOption) -> CreateCommandOption {
    let sub = |name: &str, key: &str| option(CommandOptionType::SubCommand, name, key);
    let group = option(
        CommandOptionType::SubCommandGroup,
        "account",
        "group-account",
    )
    .add_sub_option(sub("reset", "sub-account-reset").add_sub_option(mj_channel));
    if !own_accounts {
        return group;
    }
    group
        .add_sub_option(sub("set", "sub-account-set"))
        .add_sub_option(sub("clear", "sub-account-clear"))
}

/// The forms `/mj-channel` opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// The server's own useapi.net token.
    Account,
}

/// The form `custom_id` names, if it is one of this bot's.
pub(crate) fn form(custom_id: &str) -> Option<Form> {
    (custom_id == FORM_ID).then_some(Form::Account)
}

/// Whether `cmd` is `/mj-channel account set`, whose first response is a form.
pub(crate) fn opens_a_form(cmd: &CommandInteraction) -> bool {
    cmd.data.options.first().is_some_and(|group| {
        group.name == "account"
            && matches!(&group.value, CommandDataOptionValue::SubCommandGroup(subs)
                if subs.first().is_some_and(|sub| sub.name == "set"))
    })
}

/// The form asking for the token, for a manager of a server, when the bot
/// keeps servers' own accounts. Discord does not mask text inputs, so the
/// form says who sees the value.
pub(crate) fn ask_for_token(
    app: &App,
    cmd: &CommandInteraction,
    lang: Lang,
) -> Result<Reply, CommandError> {
    cmd.guild_id.ok_or(CommandError::NotInGuild)?;
    if !is_manager(cmd.member.as_deref()) {
        return Err(CommandError::NotAdmin);
    }
    app.useapi.keys().ok_or(CommandError::OwnAccountsOff)?;
    let label = locale::text(lang, "form-token-label");
    let input = CreateInputText::new(InputTextStyle::Short, label, TOKEN_FIELD)
        .placeholder(locale::text(lang, "form-token-placeholder"))
        .min_length(8)
        .max_length(MAX_TOKEN_LEN)
        .required(true);
    let modal = CreateModal::new(FORM_ID, locale::text(lang, "form-title"))
        .components(vec![CreateActionRow::InputText(input)]);
    Ok(Reply {
        modal: Some(modal),
        ..Reply::default()
    })
}

/// The submitted form: checks the token with useapi.net, then stores it sealed.
pub(crate) async fn submitted(
    app: &App,
    form: &ModalInteraction,
    which: Form,
    lang: Lang,
) -> Handled {
    let Form::Account = which;
    let stored = store_token(app, form, lang).await;
    Handled::from(stored.map(|text| Reply::text(&text)))
}

async fn store_token(
    app: &App,
    form: &ModalInteraction,
    lang: Lang,
) -> Result<String, CommandError> {
    let guild = form.guild_id.ok_or(CommandError::NotInGuild)?;
    if !is_manager(form.member.as_ref()) {
        return Err(CommandError::NotAdmin);
    }
    let keys = app.useapi.keys().ok_or(CommandError::OwnAccountsOff)?;
    let typed = typed_value(form)
        .ok_or_else(|| CommandError::BadOptions("the form has no token".into()))?;
    // Refused here, before useapi.net is asked, with the reason.
    let token = parse_token(typed).map_err(CommandError::BadToken)?;
    let accounts = app
        .useapi
        .trial(token.clone())
        .fetch_account_channels(CHECK_WITHIN)
        .await
        .map_err(|err| match err.meaning() {
            Meaning::TokenRefused => CommandError::TokenRefused,
            _ => CommandError::Useapi(err),
        })?;
    let sealed = keys.seal(guild, &token)?;
    let account = OwnAccount {
        token: sealed,
        verified_at: unix_now(),
        channels: u32::try_from(accounts.len()).unwrap_or(u32::MAX),
    };
    let edit = Edit::Account(Some(account));
    let changed = super::save::save(app, guild, edit.clone()).await?;
    tracing::info!(%guild, user = %form.user.id, channels = accounts.len(), "a server stored its own useapi account");
    Ok(super::confirmation(lang, &edit, changed, None))
}

/// The bot was removed from `guild` (a `GUILD_DELETE` that is not an
/// outage): its stored token is deleted, as no one there can spend or
/// clear it any more, and the log says so.
pub(crate) async fn server_removed(app: &App, guild: GuildId) {
    let stored = app
        .settings
        .get()
        .guild(guild)
        .is_some_and(|g| g.account.is_some());
    if !stored {
        return;
    }
    match super::save::save(app, guild, Edit::Account(None)).await {
        Ok(changed) => {
            if changed {
                tracing::info!(%guild, "the bot was removed from this server; its stored useapi token was deleted");
            }
        }
        Err(err) => {
            tracing::warn!(%guild, error = %chain(&err), "the bot was removed from this server, but its stored useapi token could not be deleted; delete it with `mj-bridge keys forget {guild}`");
        }
    }
}

/// The value typed into the token field, as it was typed; `None` when the
/// form has no such field.
fn typed_value(form: &ModalInteraction) -> Option<&str> {
    form.data
        .components
        .iter()
        .flat_map(|row| &row.components)
        .find_map(|component| match component {
            ActionRowComponent::InputText(input) if input.custom_id == TOKEN_FIELD => {
                Some(input.value.as_deref().unwrap_or_default())
            }
            _ => None,
        })
}

/// `typed` with the blanks around it trimmed, as a token, or why it cannot
/// be one. Discord's form already keeps to the limits, but a client need
/// not: a 10 KB or multi-line value would not even make a valid header.
fn parse_token(typed: &str) -> Result<SecretString, BadToken> {
    let token = typed.trim();
    if token.is_empty() {
        Err(BadToken::Empty)
    } else if token.chars().count() > usize::from(MAX_TOKEN_LEN) {
        Err(BadToken::TooLong(MAX_TOKEN_LEN))
    } else if token.contains(['\n', '\r']) {
        Err(BadToken::MultiLine)
    } else if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        Err(BadToken::NotOneWord)
    } else {
        Ok(SecretString::from(token.to_owned()))
    }
}

/// The `list` line saying whose account the server's commands spend.
pub(crate) fn account_line(lang: Lang, payer: Payer, settings: &Mapping, guild: GuildId) -> String {
    let own = settings.guild(guild).and_then(|g| g.account.as_ref());
    let line = match (payer, own) {
        (Payer::Own, Some(account)) => locale::args(
            lang,
            "list-account-own",
            &[
                ("at", account.verified_at.into()),
                ("channels", account.channels.into()),
            ],
        ),
        (Payer::Operator, _) => locale::text(lang, "list-account-operator"),
        _ => locale::text(lang, "list-account-none"),
    };
    line + "\n"
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    #[test]
    fn blanks_around_a_token_are_trimmed() {
        let token = parse_token("  \n user:42-abcdef \t\r\n").unwrap();
        assert_eq!(token.expose_secret(), "user:42-abcdef");
    }

    #[test]
    fn an_empty_multi_line_over_long_or_spaced_token_is_refused_with_its_reason() {
        assert_eq!(parse_token(" \n\t ").err(), Some(BadToken::Empty));
        assert_eq!(parse_token("").err(), Some(BadToken::Empty));
        assert_eq!(
            parse_token("user:42-abc\nuser:43-def").err(),
            Some(BadToken::MultiLine)
        );
        assert_eq!(
            parse_token(&"a".repeat(10 * 1024)).err(),
            Some(BadToken::TooLong(MAX_TOKEN_LEN))
        );
        assert_eq!(
            parse_token(&"é".repeat(usize::from(MAX_TOKEN_LEN))).map(|_| ()),
            Ok(())
        );
        assert_eq!(parse_token("user:42 abc").err(), Some(BadToken::NotOneWord));
        assert_eq!(
            parse_token("user:42\u{1}abc").err(),
            Some(BadToken::NotOneWord)
        );
    }
}
