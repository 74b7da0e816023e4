//! The one place where an error becomes the sentence a member reads.
//!
//! Two tiers: errors the member can act on (not an admin, bad id, useapi said
//! no) carry their own sentence; anything else is the bot's problem, so the
//! member gets a generic line and the log gets the whole chain.

mod reset;

use serenity::all::ChannelId;

use crate::discord_http::{discord_status, MissingPermission};
use crate::ids::{InvalidMjChannelId, MjChannelId};
use crate::logging::chain;
use crate::store::StoreError;
use crate::useapi::{Meaning, UseapiError};
use crate::verbs::Verb;

pub(crate) use reset::ResetError;

pub(crate) const GENERIC_FAILURE: &str =
    "Something went wrong inside the bot. Its admin can find the details in the bot's log.";

/// An admin edit while the `PostgreSQL` store cannot be reached.
pub(crate) const DATABASE_UNREACHABLE: &str =
    "The settings database is unreachable; nothing changed. Try again in a moment (commands keep using the last known settings).";

/// An admin edit while another process held the server's settings too long.
pub(crate) const DATABASE_BUSY: &str =
    "The settings database is busy with another change to this server; nothing changed. Try again in a moment.";

#[derive(Debug, thiserror::Error)]
pub(crate) enum CommandError {
    #[error(transparent)]
    Useapi(#[from] UseapiError),
    /// useapi's answer to a job a server's own account paid for: a refused
    /// token or a lapsed subscription is that server's admins' to fix, not
    /// the bot's owner's.
    #[error("{0} (the server's own account)")]
    OwnAccount(UseapiError),
    #[error(transparent)]
    InvalidId(#[from] InvalidMjChannelId),
    #[error("the member lacks the Manage Server permission")]
    NotAdmin,
    #[error("the command was used outside a server")]
    NotInGuild,
    #[error(transparent)]
    Mapping(#[from] StoreError),
    #[error("/{} is turned off in this server", .0.name)]
    VerbDisabled(Verb),
    #[error("useapi.net has no Midjourney account for channel {0}")]
    UnknownMjChannel(MjChannelId),
    #[error("Discord sent options this version of the bot does not understand: {0}")]
    BadOptions(String),
    #[error("the bot is shutting down")]
    Restarting,
    /// Neither a command of this version nor one of its forms: the name
    /// (or form id) as [`CommandError::unknown_command`] cleaned it.
    #[error("/{0} is not a command of this version of the bot")]
    UnknownCommand(String),
    #[error("the server is not in ALLOWED_GUILDS")]
    NotEnabledHere,
    #[error("the member is in their cooldown")]
    CoolingDown {
        period_secs: u64,
        /// When they may send the next one, as a Unix time.
        retry_at_unix: u64,
    },
    #[error("the bot lacks {} in the audit channel {channel}", .missing.name())]
    AuditChannelRefused {
        channel: ChannelId,
        missing: MissingPermission,
    },
    #[error("the server has no useapi.net account the bot may spend")]
    NoAccount,
    #[error("the server's stored useapi.net token cannot be opened")]
    AccountUnreadable,
    #[error("SECRETS_KEY is not set, so servers cannot keep accounts of their own")]
    OwnAccountsOff,
    #[error("useapi.net refused the token an admin entered")]
    TokenRefused,
    /// What an admin typed cannot be a token; useapi.net was not asked.
    #[error("{0}")]
    BadToken(BadToken),
    /// Nothing was stored; the admin gets the generic line, the log the reason.
    #[error(transparent)]
    Seal(#[from] crate::seal::SealError),
    /// Discord did not take the acknowledgement; the member sees "The
    /// application did not respond".
    #[error("could not acknowledge the command")]
    NotAcknowledged(#[source] Box<serenity::Error>),
    /// A reset of a channel's `pendingModMessage` that did not happen.
    #[error(transparent)]
    Reset(#[from] ResetError),
    #[error("the first line could not be posted to the audit channel {channel}: {error}")]
    AuditChannelFailed {
        channel: ChannelId,
        error: Box<serenity::Error>,
    },
}

/// Why what an admin typed into the token form is refused before
/// useapi.net is asked. Never holds any of what was typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum BadToken {
    #[error("the token field was empty")]
    Empty,
    #[error("the token is longer than {0} characters")]
    TooLong(u16),
    #[error("the token has more than one line")]
    MultiLine,
    #[error("the token has spaces or control characters inside")]
    NotOneWord,
}

/// The longest command name or form id from Discord kept for a log line.
const UNKNOWN_NAME_SHOWN: usize = 64;

impl CommandError {
    /// A command or form this version does not have: its name comes from
    /// outside, so it is kept escaped and cut (see `text::clean`), whatever
    /// it holds (a newline, 100 KB).
    pub(crate) fn unknown_command(name: &str) -> Self {
        Self::UnknownCommand(crate::untrusted::clean(name, UNKNOWN_NAME_SHOWN))
    }

    /// The sentence for the member, also logged: at info when it is the
    /// member's or upstream's doing, at error with the full chain otherwise
    /// (a failed save too, though the admin reads that nothing changed).
    pub(crate) fn report(&self, interaction: impl std::fmt::Display) -> String {
        match self.user_message() {
            Some(message) if matches!(self, Self::Mapping(_)) => {
                tracing::error!(%interaction, error = %chain(self), "command failed inside the bot");
                message
            }
            Some(message) => {
                tracing::info!(%interaction, error = %self, "command refused or failed upstream");
                message
            }
            None => {
                tracing::error!(%interaction, error = %chain(self), "command failed inside the bot");
                GENERIC_FAILURE.to_owned()
            }
        }
    }

    /// `None` for errors only the bot's admin can make sense of.
    pub(crate) fn user_message(&self) -> Option<String> {
        Some(match self {
            Self::Useapi(err) => useapi_message(err),
            Self::OwnAccount(err) => own_account_message(err),
            Self::InvalidId(err) => format!("Nothing was changed: {err}."),
            Self::NotAdmin => "Only members with the Manage Server permission can change the Midjourney channel mapping. Nothing was changed.".to_owned(),
            Self::NotInGuild => "This command only works inside a server.".to_owned(),
            Self::VerbDisabled(verb) => format!(
                "/{} is turned off in this server. A server admin can turn it back on with `/mj-channel verbs enable verb:{}`.",
                verb.name, verb.name
            ),
            Self::UnknownMjChannel(mj) => format!(
                "useapi.net has no Midjourney account configured for channel `{mj}`, so nothing was changed. \
                 Add the account at useapi.net first (POST /v2/account/midjourney/{mj}, see \
                 https://useapi.net/docs/api-v2/post-account-midjourney-channel), then try again."
            ),
            Self::Mapping(StoreError::Unreachable(_)) => DATABASE_UNREACHABLE.to_owned(),
            Self::Mapping(StoreError::Busy(_)) => DATABASE_BUSY.to_owned(),
            Self::Mapping(_) => "The bot could not save the mapping, so nothing was changed. Its admin can find the reason in the bot's log.".to_owned(),
            Self::Restarting => "The bot is restarting. Please try again in a moment.".to_owned(),
            // Only the bot's owner can restart it: a public bot's servers have no say.
            Self::UnknownCommand(_) => UNKNOWN_COMMAND.to_owned(),
            Self::NotEnabledHere => "This bot is not enabled for this server, so its commands do nothing here. Only the bot's owner can enable it.".to_owned(),
            Self::CoolingDown { period_secs, retry_at_unix } => format!(
                "Here each member can send one Midjourney command every {period_secs} seconds. You can send the next one <t:{retry_at_unix}:R>."
            ),
            Self::AuditChannelRefused { channel, missing: MissingPermission::ViewChannel } => format!(
                "The bot cannot see <#{channel}>, so it was not made the audit channel: give the bot View Channel and Send Messages there (channel settings → Permissions), then try again. Nothing was changed."
            ),
            Self::AuditChannelRefused { channel, missing: MissingPermission::SendMessages } => format!(
                "The bot can see <#{channel}> but lacks Send Messages there, so it was not made the audit channel: give the bot Send Messages there (channel settings → Permissions), then try again. Nothing was changed."
            ),
            Self::AuditChannelFailed { channel, error } => format!(
                "The bot could not post in <#{channel}> ({}), so it was not made the audit channel. Nothing was changed.",
                match discord_status(error) {
                    Some(status) => format!("Discord answered HTTP {status}"),
                    None => "Discord could not be reached".to_owned(),
                }
            ),
            Self::NoAccount => "This server has no useapi.net account the bot may use, so nothing was sent. A server admin can add the server's own account with `/mj-channel account set`.".to_owned(),
            Self::AccountUnreadable => "This server's useapi.net token can no longer be opened (it was stored with a key the bot no longer has, or it was altered), so nothing was sent. A server admin must enter it again with `/mj-channel account set`.".to_owned(),
            Self::OwnAccountsOff => "This bot does not keep servers' own useapi.net accounts: its owner has not set SECRETS_KEY. Nothing was changed.".to_owned(),
            Self::TokenRefused => "useapi.net refused this token; nothing stored. Copy the API token from your useapi.net account and try `/mj-channel account set` again.".to_owned(),
            Self::BadToken(why) => format!("Nothing was stored: {}; {}", match why {
                BadToken::Empty => "the token field was empty".to_owned(),
                BadToken::TooLong(max) => format!("a useapi.net API token is at most {max} characters, and this was longer"),
                BadToken::MultiLine => "a useapi.net API token is one line, and this had several".to_owned(),
                BadToken::NotOneWord => "a useapi.net API token has no spaces or control characters inside, and this had some".to_owned(),
            }, "paste the API token from your useapi.net account alone and try `/mj-channel account set` again."),
            Self::Reset(why) => why.sentence(),
            Self::BadOptions(_) | Self::NotAcknowledged(_) | Self::Seal(_) => return None,
        })
    }
}

/// Added to a confirmation when useapi.net could not be asked about an id.
pub(crate) fn stored_unverified(reason: &str) -> String {
    format!("\n(It could not be verified with useapi.net: {reason}. It was stored anyway.)")
}

/// For a command this version does not have (an older or newer version
/// registered it). Said in every server alike, so it never tells a public
/// bot's servers to restart a bot they cannot restart.
pub(crate) const UNKNOWN_COMMAND: &str = "This command is not known to this version of the bot; it gets the current commands when it next starts. If this keeps happening, please tell the bot's owner.";

/// For an interaction serenity could not read (Discord changed its payload).
pub(crate) const UNREADABLE_COMMAND: &str = "This bot cannot read this command yet: Discord sent it in a form this version of the bot does not understand. Please tell the server's admins; the bot's owner can find the details in the bot's log.";

/// When Discord refused Midjourney's answer, with its embeds and as plain text.
pub(crate) const REPLY_REFUSED: &str = "Discord refused to show Midjourney's answer here, so it could not be posted. Please try again; if it keeps happening, the bot's admin can find Discord's reason in the bot's log.";

/// Added to a confirmation when the guild's command list could not be refreshed.
pub(crate) const COMMANDS_NOT_REFRESHED: &str =
    "\n(The command list could not be refreshed; it will be on the bot's next start.)";

/// What ends a pending moderation (useapi's 596); shared by the account
/// alert, `/mj-channel list` and `mj-bridge check`.
pub(crate) const PENDING_MODERATION_FIX: &str =
    "resolve it in Midjourney's Discord channel, then reset pendingModMessage at useapi.net";

/// What the bot's admin should do about a useapi answer that only they can
/// fix; shared by the member's sentence and `mj-bridge check`.
pub(crate) fn admin_fix(meaning: Meaning) -> Option<&'static str> {
    match meaning {
        Meaning::TokenRefused => Some("check USEAPI_TOKEN"),
        Meaning::NoCredit => Some("renew the useapi.net subscription"),
        Meaning::Gone => Some("check USEAPI_BASE_URL"),
        _ => None,
    }
}

/// useapi's own words, when it sent any, as a sentence to append.
fn said(error: Option<&String>) -> String {
    match error {
        Some(text) if !text.trim().is_empty() => format!(" useapi.net said: “{}”.", text.trim()),
        _ => String::new(),
    }
}

/// What a member reads when the server's own account failed: who can fix
/// a refused token (401, 403) or a lapsed subscription (402) is the
/// server's admin; anything else reads as for the operator's account.
fn own_account_message(err: &UseapiError) -> String {
    let UseapiError::Status { status, error } = err else {
        return useapi_message(err);
    };
    match err.meaning() {
        Meaning::TokenRefused => format!(
            "useapi.net no longer accepts this server's own API token (HTTP {status}).{} A server admin must enter the server's token again with `/mj-channel account set`.",
            said(error.as_ref())
        ),
        Meaning::NoCredit => format!(
            "useapi.net reports no active subscription on this server's own account (HTTP {status}).{} A server admin should renew it at useapi.net.",
            said(error.as_ref())
        ),
        _ => useapi_message(err),
    }
}

/// The member's sentence for an answer of `status`, by what it means;
/// `said`: useapi's own words as a sentence to append, or nothing.
fn status_message(status: u16, meaning: Meaning, said: &str) -> String {
    let fix = admin_fix(meaning).unwrap_or_default();
    match meaning {
        Meaning::BadRequest => format!(
            "useapi.net rejected the request (HTTP {status}).{said} A server admin should check this channel's mapping with `/mj-channel list` against the Midjourney accounts configured at useapi.net."
        ),
        Meaning::TokenRefused => format!(
            "useapi.net did not accept the bot's API token (HTTP {status}).{said} The bot's admin should {fix}."
        ),
        Meaning::NoCredit => format!(
            "useapi.net reports no active subscription (HTTP {status}).{said} The bot's admin should {fix}."
        ),
        Meaning::Gone => format!(
            "useapi.net has no such endpoint (HTTP {status}).{said} The service may have withdrawn it (useapi.net announced the end of its Midjourney support for 2026-06-24); the bot's admin should {fix}."
        ),
        Meaning::Busy => format!(
            "useapi.net is busy right now (HTTP {status}).{said} Please try again in 10 to 30 seconds."
        ),
        Meaning::NeedsHuman => format!(
            "The Midjourney account has a pending moderation message or CAPTCHA (HTTP {status}).{said} Someone must resolve it in Midjourney's Discord channel; then a server admin can reset it with “Resolved: reset” on the alert in the audit channel (or `/mj-channel account reset`). Until then every command fails, so retrying will not help."
        ),
        _ if (500..=599).contains(&status) => format!(
            "useapi.net or Midjourney is having trouble (HTTP {status}).{said} Please try again shortly."
        ),
        _ => format!("useapi.net answered with an unexpected HTTP {status}.{said}"),
    }
}

fn useapi_message(err: &UseapiError) -> String {
    let said = |error: &Option<String>| said(error.as_ref());
    match err {
        UseapiError::Status { status, error } => status_message(*status, err.meaning(), &said(error)),
        UseapiError::JobFailed { job_status, error } => format!(
            "Midjourney did not complete the command (job status: {job_status}).{} Please try again shortly.",
            said(error)
        ),
        UseapiError::Timeout(limit) => format!(
            "useapi.net did not answer within {}. Midjourney may be slow; please try again shortly.",
            match limit.as_secs() {
                1 => "1 second".to_owned(),
                secs => format!("{secs} seconds"),
            }
        ),
        UseapiError::Connect(_) => "The bot could not reach useapi.net. Please try again shortly; if it keeps happening, the bot's admin should check USEAPI_BASE_URL and the host's network.".to_owned(),
        UseapiError::Transport(_) => "The connection to useapi.net broke off. Please try again shortly.".to_owned(),
        UseapiError::QueueFull { waiting } => format!(
            "Too many commands are waiting for useapi.net right now ({waiting} in the queue). Please try again in a minute."
        ),
        UseapiError::InvalidBody { status, .. } => format!(
            "useapi.net answered HTTP {status} with something that is not the expected JSON. Please try again shortly; if it keeps happening, the bot's admin should check USEAPI_BASE_URL."
        ),
    }
}

#[cfg(test)]
mod tests;
