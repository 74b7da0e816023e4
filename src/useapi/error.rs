//! Everything a useapi call can end in, typed, so `error.rs` can turn each
//! into a sentence and the retry policy can tell transient from permanent.

use std::sync::Arc;
use std::time::Duration;

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

impl UseapiError {
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
        matches!(self, Self::Connect(_) | Self::Status { status: 429, .. })
    }

    /// Worth another try: useapi is busy or briefly down, or the connection
    /// failed. 400, 401, 402 and 596 need a human, so they are never retried.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Self::Status {
                status: 429 | 500 | 502 | 503 | 504,
                ..
            } | Self::Connect(_)
                | Self::Transport(_)
        )
    }
}

/// useapi's own words go into logs: at most [`LOGGED_TEXT_MAX`] characters,
/// control characters escaped, so an upstream cannot flood or forge log lines.
fn detail(error: Option<&str>) -> String {
    match error {
        Some(text) => format!(": {}", log_safe(text)),
        None => String::new(),
    }
}

pub(super) const LOGGED_TEXT_MAX: usize = 300;

/// `text` cut to [`LOGGED_TEXT_MAX`] characters (with `…`), control characters escaped.
pub(super) fn log_safe(text: &str) -> String {
    let mut safe = String::new();
    for (count, c) in text.chars().enumerate() {
        if count == LOGGED_TEXT_MAX {
            safe.push('…');
            break;
        }
        if c.is_control() {
            safe.extend(c.escape_default());
        } else {
            safe.push(c);
        }
    }
    safe
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_text_in_logs_is_short_and_has_no_control_characters() {
        let hostile = format!("line one\nFAKE LOG LINE\r\u{1b}[31m{}", "x".repeat(5000));
        let shown = UseapiError::Status {
            status: 500,
            error: Some(hostile),
        }
        .to_string();
        assert!(!shown.chars().any(char::is_control), "{shown:?}");
        assert!(shown.contains("line one\\nFAKE"), "{shown:?}");
        assert!(
            shown.chars().count() < LOGGED_TEXT_MAX + 60,
            "{}",
            shown.len()
        );
        assert!(shown.ends_with('…'));
        assert_eq!(log_safe("short"), "short");
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
