//! The one place where an error becomes the sentence a member reads.
//!
//! Two tiers: errors the member can act on (not an admin, bad id, useapi said
//! no) carry their own sentence; anything else is the bot's problem, so the
//! member gets a generic line and the log gets the whole chain.

mod reset;

use serenity::all::ChannelId;

use crate::discord_errors::{discord_status, MissingPermission};
use crate::ids::{InvalidMjChannelId, MjChannelId};
use crate::locale::{self, Lang};
use crate::logging::chain;
use crate::store::StoreError;
use crate::useapi::{Meaning, UseapiError};
use crate::verbs::Verb;

pub(crate) use reset::ResetError;

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

    /// The sentence for the member, in their language, also logged (in
    /// English): at info when it is the member's or upstream's doing, at
    /// error with the full chain otherwise (a failed save too, though the
    /// admin reads that nothing changed).
    pub(crate) fn report(&self, lang: Lang, interaction: impl std::fmt::Display) -> String {
        match self.user_message(lang) {
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
                locale::text(lang, "error-generic")
            }
        }
    }

    /// `None` for errors only the bot's admin can make sense of.
    pub(crate) fn user_message(&self, lang: Lang) -> Option<String> {
        let text = |key| locale::text(lang, key);
        Some(match self {
            Self::Useapi(err) => useapi_message(lang, err),
            Self::OwnAccount(err) => own_account_message(lang, err),
            Self::InvalidId(err) => {
                locale::args(lang, "error-invalid-id", &[("shown", err.shown().into())])
            }
            Self::NotAdmin => text("error-not-admin"),
            Self::NotInGuild => text("error-not-in-guild"),
            Self::VerbDisabled(verb) => {
                locale::args(lang, "error-verb-disabled", &[("verb", verb.name.into())])
            }
            Self::UnknownMjChannel(mj) => {
                locale::args(lang, "error-unknown-mj-channel", &[("mj", mj.into())])
            }
            Self::Mapping(StoreError::Unreachable(_)) => text("error-database-unreachable"),
            Self::Mapping(StoreError::Busy(_)) => text("error-database-busy"),
            Self::Mapping(_) => text("error-mapping-not-saved"),
            Self::Restarting => text("error-restarting"),
            // Only the bot's owner can restart it: a public bot's servers have no say.
            Self::UnknownCommand(_) => text("error-unknown-command"),
            Self::NotEnabledHere => text("error-not-enabled-here"),
            Self::CoolingDown {
                period_secs,
                retry_at_unix,
            } => locale::args(
                lang,
                "error-cooling-down",
                &[
                    ("period", (*period_secs).into()),
                    ("retry", (*retry_at_unix).into()),
                ],
            ),
            Self::AuditChannelRefused { channel, missing } => {
                let key = match missing {
                    MissingPermission::ViewChannel => "error-audit-cannot-see",
                    MissingPermission::SendMessages => "error-audit-cannot-send",
                };
                locale::args(lang, key, &[("channel", (*channel).into())])
            }
            Self::AuditChannelFailed { channel, error } => audit_failed(lang, *channel, error),
            Self::NoAccount => text("error-no-account"),
            Self::AccountUnreadable => text("error-account-unreadable"),
            Self::OwnAccountsOff => text("error-own-accounts-off"),
            Self::TokenRefused => text("error-token-refused"),
            Self::BadToken(why) => bad_token_message(lang, *why),
            Self::Reset(why) => why.sentence(lang),
            Self::BadOptions(_) | Self::NotAcknowledged(_) | Self::Seal(_) => return None,
        })
    }
}

/// The first audit line could not be posted: Discord's status, or that
/// it could not be reached.
fn audit_failed(lang: Lang, channel: ChannelId, error: &serenity::Error) -> String {
    let why = match discord_status(error) {
        Some(status) => locale::args(lang, "why-discord-status", &[("status", status.into())]),
        None => locale::text(lang, "why-discord-unreachable"),
    };
    locale::args(
        lang,
        "error-audit-post-failed",
        &[("channel", channel.into()), ("why", why.into())],
    )
}

/// Why a token was refused before useapi.net was asked, and what to do.
fn bad_token_message(lang: Lang, why: BadToken) -> String {
    let why = match why {
        BadToken::Empty => locale::text(lang, "bad-token-empty"),
        BadToken::TooLong(max) => locale::args(lang, "bad-token-too-long", &[("max", max.into())]),
        BadToken::MultiLine => locale::text(lang, "bad-token-multi-line"),
        BadToken::NotOneWord => locale::text(lang, "bad-token-not-one-word"),
    };
    locale::args(lang, "error-bad-token", &[("why", why.into())])
}

/// Added to a confirmation when useapi.net could not be asked about an id:
/// why, as the member reads any useapi failure.
pub(crate) fn stored_unverified(lang: Lang, why: &UseapiError) -> String {
    let reason = useapi_message(lang, why);
    format!(
        "\n{}",
        locale::args(lang, "stored-unverified", &[("reason", reason.into())])
    )
}

/// Added to a confirmation when the guild's command list could not be refreshed.
pub(crate) fn commands_not_refreshed(lang: Lang) -> String {
    format!("\n{}", locale::text(lang, "commands-not-refreshed"))
}

/// What the bot's admin should do about a useapi answer that only they can
/// fix, for `mj-bridge check` (English, like every operator's line; the
/// members' sentences say the same from the catalogue).
pub(crate) fn admin_fix(meaning: Meaning) -> Option<&'static str> {
    match meaning {
        Meaning::TokenRefused => Some("check USEAPI_TOKEN"),
        Meaning::NoCredit => Some("renew the useapi.net subscription"),
        Meaning::Gone => Some("check USEAPI_BASE_URL"),
        _ => None,
    }
}

/// useapi's own words, when it sent any, as a sentence to append (the
/// catalogue puts the space before it where the language wants one). The
/// words were cleaned when the error was made.
fn said(lang: Lang, error: Option<&String>) -> String {
    match error {
        Some(text) if !text.trim().is_empty() => {
            locale::args(lang, "useapi-said", &[("said", text.trim().into())])
        }
        _ => String::new(),
    }
}

/// What a member reads when the server's own account failed: who can fix
/// a refused token (401, 403) or a lapsed subscription (402) is the
/// server's admin; anything else reads as for the operator's account.
fn own_account_message(lang: Lang, err: &UseapiError) -> String {
    let UseapiError::Status { status, error } = err else {
        return useapi_message(lang, err);
    };
    let key = match err.meaning() {
        Meaning::TokenRefused => "own-token-refused",
        Meaning::NoCredit => "own-no-credit",
        _ => return useapi_message(lang, err),
    };
    status_sentence(lang, key, *status, &said(lang, error.as_ref()))
}

fn status_sentence(lang: Lang, key: &str, status: u16, said: &str) -> String {
    locale::args(
        lang,
        key,
        &[("status", status.into()), ("said", said.into())],
    )
}

/// The member's sentence for an answer of `status`, by what it means;
/// `said`: useapi's own words as a sentence to append, or nothing.
fn status_message(lang: Lang, status: u16, meaning: Meaning, said: &str) -> String {
    let key = match meaning {
        Meaning::BadRequest => "useapi-bad-request",
        Meaning::TokenRefused => "useapi-token-refused",
        Meaning::NoCredit => "useapi-no-credit",
        Meaning::Gone => "useapi-gone",
        Meaning::Busy => "useapi-busy",
        Meaning::NeedsHuman => "useapi-needs-human",
        _ if (500..=599).contains(&status) => "useapi-unavailable",
        _ => "useapi-unexpected",
    };
    status_sentence(lang, key, status, said)
}

/// The member's sentence for any useapi failure.
pub(crate) fn useapi_message(lang: Lang, err: &UseapiError) -> String {
    let said = |error: &Option<String>| said(lang, error.as_ref());
    match err {
        UseapiError::Status { status, error } => {
            status_message(lang, *status, err.meaning(), &said(error))
        }
        UseapiError::JobFailed { job_status, error } => locale::args(
            lang,
            "useapi-job-failed",
            &[("job", job_status.into()), ("said", said(error).into())],
        ),
        UseapiError::Timeout(limit) => {
            locale::args(lang, "useapi-timeout", &[("secs", limit.as_secs().into())])
        }
        UseapiError::Connect(_) => locale::text(lang, "useapi-connect"),
        UseapiError::Transport(_) => locale::text(lang, "useapi-transport"),
        UseapiError::QueueFull { waiting } => {
            locale::args(lang, "useapi-queue-full", &[("waiting", (*waiting).into())])
        }
        UseapiError::InvalidBody { status, .. } => {
            locale::args(lang, "useapi-invalid-body", &[("status", (*status).into())])
        }
    }
}

#[cfg(test)]
mod tests;
