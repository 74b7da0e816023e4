//! What goes over the wire: the job request body, useapi's answers, and the
//! parsing that turns any status and body into a job or a typed error.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::UseapiError;

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
    /// The Midjourney channel useapi used (the account's only one when the
    /// request named none).
    pub channel: Option<String>,
    pub error: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct ErrorBody {
    error: Option<String>,
    #[serde(rename = "errorDetails")]
    error_details: Option<serde_json::Value>,
}

/// One HTTP answer from useapi.
pub(super) struct Answer {
    pub status: u16,
    pub retry_after: Option<Duration>,
    pub body: Vec<u8>,
}

/// Turns any HTTP status and body into a completed job or a typed error; never panics.
pub fn parse_response(status: u16, body: &[u8]) -> Result<JobResponse, UseapiError> {
    if status != 200 {
        return Err(error_from(status, body));
    }
    let job: JobResponse = serde_json::from_slice(body)
        .map_err(|e| UseapiError::invalid_body(status, &e.to_string()))?;
    match job.status.as_deref() {
        Some("completed") => Ok(job),
        other => Err(UseapiError::job_failed(
            other.unwrap_or("missing"),
            job.error.as_deref(),
        )),
    }
}

/// Error bodies are `{"error": "...", "code": N}`, but a proxy in front of
/// useapi may answer with HTML: the status alone must still be reported.
pub(super) fn error_from(status: u16, body: &[u8]) -> UseapiError {
    let parsed: ErrorBody = serde_json::from_slice(body).unwrap_or_default();
    let error = match (parsed.error, parsed.error_details) {
        (Some(error), Some(serde_json::Value::String(details))) if !details.is_empty() => {
            Some(format!("{error} ({details})"))
        }
        (error, _) => error,
    };
    UseapiError::answered(status, error.as_deref())
}

/// reqwest's message names the URL, which may hold user info or a query
/// string with a secret: those are cut off before the error goes anywhere.
pub(super) fn transport_error(mut err: reqwest::Error) -> UseapiError {
    if let Some(url) = err.url_mut() {
        if url.set_username("").is_ok() {
            let _ = url.set_password(None);
        }
        url.set_query(None);
    }
    if err.is_connect() {
        UseapiError::Connect(std::sync::Arc::new(err))
    } else {
        UseapiError::Transport(std::sync::Arc::new(err))
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

    mod properties {
        use proptest::prelude::*;

        use super::super::*;

        proptest! {
            #[test]
            fn any_bytes_give_a_job_or_a_typed_error(status in 100u16..1000, body in proptest::collection::vec(any::<u8>(), 0..512)) {
                match parse_response(status, &body) {
                    Ok(job) => prop_assert_eq!(job.status.as_deref(), Some("completed")),
                    Err(err) => prop_assert!(!err.to_string().is_empty()),
                }
            }

            #[test]
            fn any_json_shaped_text_gives_a_job_or_a_typed_error(
                status in prop_oneof![Just(200u16), 100u16..1000],
                content in any::<Option<String>>(),
                job_status in any::<Option<String>>(),
                error in any::<Option<String>>(),
            ) {
                let body = serde_json::json!({"status": job_status, "content": content, "error": error});
                let parsed = parse_response(status, body.to_string().as_bytes());
                let completed = status == 200 && job_status.as_deref() == Some("completed");
                prop_assert_eq!(parsed.is_ok(), completed);
            }
        }
    }
}
