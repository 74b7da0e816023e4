//! Everything a useapi call can end in, typed, so `error.rs` can turn each
//! into a sentence and the retry policy can tell transient from permanent.

use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Clone, thiserror::Error)]
pub enum UseapiError {
    /// Any non-200 answer; `error` is useapi's own explanation when it sent one.
    #[error("useapi.net answered HTTP {status}{}", detail(error))]
    Status { status: u16, error: Option<String> },
    /// HTTP 200 whose job ended in `status: failed` (or another non-completed state).
    #[error("the Midjourney job ended with status `{job_status}`{}", detail(error))]
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

fn detail(error: &Option<String>) -> String {
    match error {
        Some(text) => format!(": {text}"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(!UseapiError::InvalidBody {
            status: 200,
            reason: String::new()
        }
        .is_retryable());
    }
}
