//! Everything a useapi call can end in, typed, so `error.rs` can turn each
//! into a sentence and the retry policy can tell transient from permanent.

use std::sync::Arc;
use std::time::Duration;

use crate::logging::scrub;
use crate::untrusted::clean;

#[derive(Debug, Clone, thiserror::Error)]
pub enum UseapiError {
    /// Any non-200 answer; `error` is useapi's own explanation when it sent one.
    #[error("useapi.net answered HTTP {status}{}", detail(error.as_deref()))]
    Status { status: u16, error: Option<String> },
    /// HTTP 200 whose job ended in `status: failed` (or another non-completed state).
    #[error("the Midjourney job ended with status `{job_status}`{}", detail(error.as_deref()))]
    JobFailed {
        job_status: String,
        error: Option<String>,
    },
    #[error("useapi.net did not answer within {} seconds", .0.as_secs())]
    Timeout(Duration),
    #[error("could not connect to useapi.net")]
    Connect(#[source] Arc<reqwest::Error>),
    #[error("the connection to useapi.net failed")]
    Transport(#[source] Arc<reqwest::Error>),
    #[error(
        "useapi.net answered HTTP {status} with a body that is not the documented JSON: {reason}"
    )]
    InvalidBody { status: u16, reason: String },
    /// More commands are waiting for a free slot than `USEAPI_MAX_QUEUE` allows.
    #[error("{waiting} commands are already waiting for useapi.net")]
    QueueFull { waiting: usize },
}

/// What a useapi answer means: the one table every reader uses (the
/// member's sentence, account health, `check`, the token form, the reset,
/// the retry policy), so a status is never read two ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// 401, 403: the token is refused.
    TokenRefused,
    /// 402: the account has no active subscription.
    NoCredit,
    /// 596: Midjourney holds the account for a moderation message or CAPTCHA.
    NeedsHuman,
    /// 404, 410: no such endpoint (or, for a channel's own route, no such channel).
    Gone,
    /// 400: the request was refused as malformed (a channel useapi does not know).
    BadRequest,
    /// 429: useapi's queue is full, or Midjourney rate limits.
    Busy,
    /// 500, 502, 503, 504: useapi or Midjourney briefly down.
    Unavailable,
    /// Useapi was not reached, or the connection broke off.
    Unreachable,
    /// Anything else: another status, a failed job, a timeout, a body that
    /// is not the documented JSON, the bot's own queue full.
    Failed,
}

impl Meaning {
    /// What an HTTP `status` from useapi means.
    pub fn of_status(status: u16) -> Self {
        match status {
            401 | 403 => Self::TokenRefused,
            402 => Self::NoCredit,
            596 => Self::NeedsHuman,
            404 | 410 => Self::Gone,
            400 => Self::BadRequest,
            429 => Self::Busy,
            500 | 502 | 503 | 504 => Self::Unavailable,
            _ => Self::Failed,
        }
    }
}

impl UseapiError {
    /// What this failure means (see [`Meaning`]).
    pub fn meaning(&self) -> Meaning {
        match self {
            Self::Status { status, .. } => Meaning::of_status(*status),
            Self::Connect(_) | Self::Transport(_) => Meaning::Unreachable,
            _ => Meaning::Failed,
        }
    }

    /// The HTTP status useapi answered with, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Status { status, .. } | Self::InvalidBody { status, .. } => Some(*status),
            Self::JobFailed { .. } => Some(200),
            _ => None,
        }
    }

    /// The request surely never reached useapi, or useapi surely did not act
    /// on it: the only failures after which a toggle may be sent again.
    pub fn surely_not_received(&self) -> bool {
        matches!(self, Self::Connect(_)) || self.meaning() == Meaning::Busy
    }

    /// Worth another try: useapi is busy or briefly down, or the connection
    /// failed. A refused token, a lapsed subscription, a bad request and a
    /// held account need a human, so they are never retried.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self.meaning(),
            Meaning::Busy | Meaning::Unavailable | Meaning::Unreachable
        )
    }
}

/// useapi's own words as they are kept: no token, at most
/// [`UPSTREAM_TEXT_MAX`] characters, control characters escaped (see
/// `text::clean`), so an upstream cannot leak a token, flood or forge a log
/// line, a reply or an audit line.
fn detail(error: Option<&str>) -> String {
    match error {
        Some(text) => format!(": {text}"),
        None => String::new(),
    }
}

/// The longest text from useapi kept in an error.
pub(super) const UPSTREAM_TEXT_MAX: usize = 300;

/// Anything after `Bearer` or `token` that looks like a token is removed
/// too (the exact tokens the bot holds already are, from the whole
/// answer), before the text is cut: no part of a token is kept.
fn upstream(text: &str) -> String {
    clean(&scrub(text), UPSTREAM_TEXT_MAX)
}

/// The only ways to build the variants that carry useapi's text: parsed,
/// not validated, so no raw upstream string travels further.
impl UseapiError {
    pub(super) fn answered(status: u16, error: Option<&str>) -> Self {
        Self::Status {
            status,
            error: error.map(upstream),
        }
    }

    pub(super) fn job_failed(job_status: &str, error: Option<&str>) -> Self {
        Self::JobFailed {
            job_status: upstream(job_status),
            error: error.map(upstream),
        }
    }

    pub(super) fn invalid_body(status: u16, reason: &str) -> Self {
        Self::InvalidBody {
            status,
            reason: upstream(reason),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_text_in_logs_is_short_and_has_no_control_characters() {
        let hostile = format!("line one\nFAKE LOG LINE\r\u{1b}[31m{}", "x".repeat(5000));
        let shown = UseapiError::answered(500, Some(&hostile)).to_string();
        assert!(!shown.chars().any(char::is_control), "{shown:?}");
        assert!(shown.contains("line one\\nFAKE"), "{shown:?}");
        assert!(
            shown.chars().count() < UPSTREAM_TEXT_MAX + 60,
            "{}",
            shown.len()
        );
        assert!(shown.ends_with('…'));
        let status = UseapiError::job_failed(&format!("weird\n{}", "s".repeat(5000)), None);
        let shown = status.to_string();
        assert!(!shown.chars().any(char::is_control), "{shown:?}");
        assert!(shown.chars().count() < UPSTREAM_TEXT_MAX + 60, "{shown}");
    }

    #[test]
    fn a_token_useapi_echoes_after_bearer_or_token_is_not_kept() {
        let token = "user:4242-abcdefghijklmnopqrstuvwxyz";
        let long = "x".repeat(UPSTREAM_TEXT_MAX - 20);
        for said in [
            format!("Invalid header Bearer {token}"),
            format!("Unknown token {token}"),
            format!("Token: {token}"),
            // A token cut by the length limit would otherwise leave its start.
            format!("{long} Bearer {token}"),
        ] {
            let kept = UseapiError::answered(401, Some(&said)).to_string();
            assert!(!kept.contains("user:4242-abc"), "{kept}");
            let failed = UseapiError::job_failed("failed", Some(&said)).to_string();
            assert!(!failed.contains("user:4242-abc"), "{failed}");
        }
    }

    #[test]
    fn only_transient_failures_are_retried() {
        for status in [429, 500, 502, 503, 504] {
            assert!(
                UseapiError::Status {
                    status,
                    error: None
                }
                .is_retryable(),
                "{status}"
            );
        }
        for status in [400, 401, 402, 404, 410, 596, 501] {
            assert!(
                !UseapiError::Status {
                    status,
                    error: None
                }
                .is_retryable(),
                "{status}"
            );
        }
        assert!(!UseapiError::Timeout(Duration::from_secs(1)).is_retryable());
        assert!(!UseapiError::Status {
            status: 503,
            error: None
        }
        .surely_not_received());
        assert!(UseapiError::Status {
            status: 429,
            error: None
        }
        .surely_not_received());
        assert!(!UseapiError::InvalidBody {
            status: 200,
            reason: String::new()
        }
        .is_retryable());
    }
}
