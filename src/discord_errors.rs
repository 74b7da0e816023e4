//! What Discord's REST refusals mean: the HTTP status, Discord's JSON error
//! codes (the one place they are written), and the channel permission a
//! refusal names. Sentences for members live in `error.rs`; this file only
//! reads serenity's errors. It stands below `discord/` (what Discord's
//! gateway tells the bot) because delivery, audit lines and errors read it.

/// Discord's "Missing Access": the bot cannot see the channel.
const MISSING_ACCESS: isize = 50001;
/// Discord's "Missing Permissions": it can see it, but not post there.
const MISSING_PERMISSIONS: isize = 50013;
/// Discord's "Unknown Message" and "Unknown Webhook": what an edit or a
/// follow-up gets when Discord has not yet processed the first response
/// (or, later, when the message was deleted).
const NOT_YET_THERE: [isize; 2] = [10008, 10015];

/// A channel permission the bot lacks, as Discord reported it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MissingPermission {
    /// Discord's 50001 Missing Access: the bot cannot see the channel.
    ViewChannel,
    /// Discord's 50013 Missing Permissions: it sees the channel but may not post.
    SendMessages,
}

impl MissingPermission {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::ViewChannel => "View Channel",
            Self::SendMessages => "Send Messages",
        }
    }

    /// The permission Discord's refusal `err` names, if it names one.
    pub(crate) fn of(err: &serenity::Error) -> Option<Self> {
        match discord_code(err) {
            Some(MISSING_ACCESS) => Some(Self::ViewChannel),
            Some(MISSING_PERMISSIONS) => Some(Self::SendMessages),
            _ => None,
        }
    }
}

/// The HTTP status Discord answered with, when the error is an answer.
pub(crate) fn discord_status(err: &serenity::Error) -> Option<u16> {
    match err {
        serenity::Error::Http(serenity::http::HttpError::UnsuccessfulRequest(response)) => {
            Some(response.status_code.as_u16())
        }
        _ => None,
    }
}

/// Discord's JSON error code (e.g. 50013 Missing Permissions), when it sent one.
fn discord_code(err: &serenity::Error) -> Option<isize> {
    match err {
        serenity::Error::Http(serenity::http::HttpError::UnsuccessfulRequest(response)) => {
            Some(response.error.code)
        }
        _ => None,
    }
}

/// Whether Discord refused `err` as "Unknown Message" or "Unknown Webhook"
/// (see [`NOT_YET_THERE`]).
pub(crate) fn not_yet_there(err: &serenity::Error) -> bool {
    discord_code(err).is_some_and(|code| NOT_YET_THERE.contains(&code))
}
