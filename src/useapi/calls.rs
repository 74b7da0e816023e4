//! One job's attempts: each holds its slots (`slots.rs`) only while its
//! request is out, and the HTTP call itself, its answer read at most
//! [`MAX_BODY`] long.

use std::time::SystemTime;

use secrecy::ExposeSecret;
use tokio::sync::watch;

use super::retry::{self, parse_retry_after, Budget, Waiting};
use super::slots::{Held, Queued};
use super::wire::{parse_response, transport_error, Answer, JobRequest, JobResponse};
use super::{Inner, UseapiError, MAX_BODY};
use crate::ids::MjChannelId;
use crate::verbs::Verb;

impl Inner {
    /// Runs a job's attempts. A job that cannot be sent at once is refused
    /// when the account's queue is full, so a member is told instead of
    /// left waiting; otherwise it waits, inside its budget.
    pub(super) async fn run_queued(
        &self,
        verb: Verb,
        channel: Option<&MjChannelId>,
        reply_ref: &str,
        budget: Budget,
        notices: &watch::Sender<Option<Waiting>>,
    ) -> Result<JobResponse, UseapiError> {
        let now = self.slots.try_now(channel);
        let queued = self.slots.enqueue(now.is_some())?;
        let held = match now {
            Some(held) => held,
            // Time spent in the queue counts against the member's budget.
            None => tokio::time::timeout_at(budget.deadline, self.slots.acquire(channel))
                .await
                .map_err(|_elapsed| budget.timed_out())?,
        };
        let mut first = Some(held);
        // A toggle sent twice undoes itself: it is only sent again when
        // useapi surely did not act on the first one.
        let retryable = if verb.idempotent {
            UseapiError::is_retryable
        } else {
            UseapiError::surely_not_received
        };
        // Boxed once the first attempt's slots are held: a job waiting for
        // them holds only the wait, not room for the HTTP call's 1 KB
        // future (BENCHMARKS.md, round two).
        Box::pin(retry::with_retries(
            verb.name,
            budget,
            retryable,
            notices,
            || self.call_once(verb, channel, reply_ref, first.take(), &queued),
        ))
        .await
    }

    /// One attempt: its slots (the first attempt's are given, a retry
    /// waits for its own), then one HTTP request. The slots are given back
    /// when it ends, so none is held across the backoff before the next.
    async fn call_once(
        &self,
        verb: Verb,
        channel: Option<&MjChannelId>,
        reply_ref: &str,
        held: Option<Held<'_>>,
        queued: &Queued<'_>,
    ) -> Result<JobResponse, retry::Failure> {
        let _held = match held {
            Some(held) => held,
            None => self.slots.acquire(channel).await,
        };
        let _sending = queued.sending();
        self.post_job(verb, channel, reply_ref).await
    }

    /// The job's HTTP request; a failure comes with the server's
    /// `Retry-After`, if any.
    async fn post_job(
        &self,
        verb: Verb,
        channel: Option<&MjChannelId>,
        reply_ref: &str,
    ) -> Result<JobResponse, retry::Failure> {
        let body = JobRequest {
            channel: channel.map(MjChannelId::as_str),
            reply_ref,
            reply_url: self.reply_url.as_deref(),
        };
        let request = self
            .http
            .post(format!("{}/{}", self.base_url, verb.path))
            .json(&body);
        let answer = self.send(request).await.map_err(|e| (e, None))?;
        parse_response(answer.status, &answer.body).map_err(|e| (e, answer.retry_after))
    }

    /// Sends `request` with the token and reads the answer, at most
    /// [`MAX_BODY`] of it, with any echo of a token removed.
    pub(super) async fn send(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<Answer, UseapiError> {
        let response = request
            .bearer_auth(self.token.expose_secret())
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await
            .map_err(transport_error)?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| parse_retry_after(value, SystemTime::now()));
        let body = read_at_most(response, MAX_BODY).await?;
        let hidden: Vec<&[u8]> = self
            .hidden
            .iter()
            .map(|token| token.expose_secret().as_bytes())
            .collect();
        let body = crate::untrusted::without_secrets(body, &hidden);
        Ok(Answer {
            status,
            retry_after,
            body,
        })
    }
}

/// The body of `response`, refused as soon as it is known to exceed `max`
/// bytes: from its Content-Length, or while streaming it.
async fn read_at_most(mut response: reqwest::Response, max: usize) -> Result<Vec<u8>, UseapiError> {
    let status = response.status().as_u16();
    let too_large = || {
        UseapiError::invalid_body(
            status,
            &format!("the body is larger than {} KiB", max / 1024),
        )
    };
    if response
        .content_length()
        .is_some_and(|length| usize::try_from(length).map_or(true, |length| length > max))
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
        if chunk.len() > max.saturating_sub(body.len()) {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
