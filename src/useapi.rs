//! Typed client for the useapi.net Midjourney v2 job endpoints.

use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::ids::MjChannelId;

/// One Midjourney command the bot relays. Registration, dispatch and the
/// endpoint path all come from [`Verb::ALL`], so a new verb is one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verb {
    /// The Discord slash command name, also the last segment of the endpoint path.
    pub name: &'static str,
    pub description: &'static str,
}

impl Verb {
    pub const FAST: Verb = Verb {
        name: "fast",
        description: "Switch Midjourney to fast mode for this channel's Midjourney account",
    };

    pub const ALL: &'static [Verb] = &[Verb::FAST];

    pub fn by_name(name: &str) -> Option<Verb> {
        Self::ALL.iter().copied().find(|verb| verb.name == name)
    }

    /// Path below the base URL, e.g. `v2/jobs/fast`.
    pub fn path(self) -> String {
        format!("v2/jobs/{}", self.name)
    }
}

/// The request body of `POST /v2/jobs/{verb}`.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct JobRequest<'a> {
    /// Left out when nothing is mapped: useapi then uses the account's only Midjourney channel.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<&'a str>,
    #[serde(rename = "replyRef")]
    pub reply_ref: &'a str,
    #[serde(rename = "replyUrl", skip_serializing_if = "Option::is_none")]
    pub reply_url: Option<&'a str>,
}

/// useapi's `completedResponse`; every field is optional in its spec, and
/// unknown fields are ignored so additions upstream do not break the bot.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct JobResponse {
    pub jobid: Option<String>,
    pub verb: Option<String>,
    pub status: Option<String>,
    pub content: Option<String>,
    #[serde(default)]
    pub embeds: Vec<serde_json::Value>,
    #[serde(rename = "replyRef")]
    pub reply_ref: Option<String>,
    pub error: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    error: Option<String>,
    #[serde(rename = "errorDetails")]
    error_details: Option<serde_json::Value>,
}

#[derive(Debug, thiserror::Error)]
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
    Connect(#[source] reqwest::Error),
    #[error("the connection to useapi.net failed")]
    Transport(#[source] reqwest::Error),
    #[error(
        "useapi.net answered HTTP {status} with a body that is not the documented JSON: {reason}"
    )]
    InvalidBody { status: u16, reason: String },
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
}

fn detail(error: &Option<String>) -> String {
    match error {
        Some(text) => format!(": {text}"),
        None => String::new(),
    }
}

/// Shared by every command: one connection pool, one token.
#[derive(Clone)]
pub struct UseapiClient {
    http: reqwest::Client,
    base_url: String,
    token: SecretString,
    reply_url: Option<String>,
    timeout: Duration,
}

impl UseapiClient {
    pub fn new(config: &Config) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .user_agent(concat!("mj-bridge/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(Duration::from_secs(10))
            .build()?;
        Ok(Self {
            http,
            base_url: config.useapi_base_url.clone(),
            token: config.useapi_token.clone(),
            reply_url: config.useapi_reply_url.clone(),
            timeout: config.useapi_timeout,
        })
    }

    /// Runs `verb` for `channel` (or the account's only channel when `None`).
    /// `reply_ref` travels with the job so callbacks and logs can be matched to
    /// the Discord interaction.
    pub async fn run_job(
        &self,
        verb: Verb,
        channel: Option<&MjChannelId>,
        reply_ref: &str,
    ) -> Result<JobResponse, UseapiError> {
        let body = JobRequest {
            channel: channel.map(MjChannelId::as_str),
            reply_ref,
            reply_url: self.reply_url.as_deref(),
        };
        let request = self
            .http
            .post(format!("{}/{}", self.base_url, verb.path()))
            .bearer_auth(self.token.expose_secret())
            .header(reqwest::header::ACCEPT, "application/json")
            .json(&body);
        let call = async {
            let response = request.send().await.map_err(transport_error)?;
            let status = response.status().as_u16();
            let bytes = response.bytes().await.map_err(transport_error)?;
            parse_response(status, &bytes)
        };
        tokio::time::timeout(self.timeout, call)
            .await
            .unwrap_or(Err(UseapiError::Timeout(self.timeout)))
    }
}

fn transport_error(err: reqwest::Error) -> UseapiError {
    if err.is_connect() {
        UseapiError::Connect(err)
    } else {
        UseapiError::Transport(err)
    }
}

/// Turns any HTTP status and body into a completed job or a typed error; never panics.
pub fn parse_response(status: u16, body: &[u8]) -> Result<JobResponse, UseapiError> {
    if status != 200 {
        // Error bodies are `{"error": "...", "code": N}`, but a proxy in front
        // of useapi may answer with HTML: the status alone must still be reported.
        let parsed: ErrorBody = serde_json::from_slice(body).unwrap_or_default();
        let error = match (parsed.error, parsed.error_details) {
            (Some(error), Some(serde_json::Value::String(details))) if !details.is_empty() => {
                Some(format!("{error} ({details})"))
            }
            (error, _) => error,
        };
        return Err(UseapiError::Status { status, error });
    }
    let job: JobResponse = serde_json::from_slice(body).map_err(|e| UseapiError::InvalidBody {
        status,
        reason: e.to_string(),
    })?;
    match job.status.as_deref() {
        Some("completed") => Ok(job),
        other => Err(UseapiError::JobFailed {
            job_status: other.unwrap_or("missing").to_owned(),
            error: job.error,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_body_leaves_out_unset_fields() {
        let body = JobRequest {
            channel: None,
            reply_ref: "123",
            reply_url: None,
        };
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"replyRef": "123"})
        );
    }

    #[test]
    fn request_body_carries_channel_and_reply_url() {
        let body = JobRequest {
            channel: Some("12345678901234567"),
            reply_ref: "99",
            reply_url: Some("https://example.com/cb"),
        };
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"channel": "12345678901234567", "replyRef": "99", "replyUrl": "https://example.com/cb"})
        );
    }

    #[test]
    fn verb_table_drives_the_path() {
        assert_eq!(Verb::by_name("fast"), Some(Verb::FAST));
        assert_eq!(Verb::FAST.path(), "v2/jobs/fast");
        assert_eq!(Verb::by_name("nope"), None);
    }

    #[test]
    fn completed_job_is_parsed() {
        let job = parse_response(
            200,
            br#"{"jobid":"j","verb":"fast","status":"completed","content":"Done!","code":200,"extra":1}"#,
        )
        .unwrap();
        assert_eq!(job.content.as_deref(), Some("Done!"));
    }

    #[test]
    fn failed_job_carries_useapi_error_text() {
        let err = parse_response(
            200,
            br#"{"status":"failed","error":"Midjourney timed out"}"#,
        )
        .unwrap_err();
        assert!(
            matches!(&err, UseapiError::JobFailed { error: Some(e), .. } if e == "Midjourney timed out")
        );
    }

    #[test]
    fn error_status_keeps_error_and_details() {
        let err = parse_response(
            402,
            br#"{"error":"Subscription expired","errorDetails":"since May","code":402}"#,
        )
        .unwrap_err();
        assert!(
            matches!(&err, UseapiError::Status { status: 402, error: Some(e) } if e == "Subscription expired (since May)")
        );
        assert_eq!(err.status(), Some(402));
    }

    #[test]
    fn html_error_page_still_reports_the_status() {
        let err = parse_response(502, b"<html>Bad gateway</html>").unwrap_err();
        assert!(matches!(
            err,
            UseapiError::Status {
                status: 502,
                error: None
            }
        ));
    }

    #[test]
    fn a_200_that_is_not_json_is_an_invalid_body() {
        let err = parse_response(200, b"<html>hi</html>").unwrap_err();
        assert!(matches!(err, UseapiError::InvalidBody { status: 200, .. }));
        let err = parse_response(200, b"[1,2]").unwrap_err();
        assert!(matches!(err, UseapiError::InvalidBody { status: 200, .. }));
    }
}
