//! One Discord REST call for an interaction, made as serenity makes it
//! (its route, its token, its proxy, its rate limiter when on), keeping what
//! serenity drops from a 429: how long Discord asked to wait, in the
//! `Retry-After` header or the body's `retry_after`.

use std::sync::OnceLock;
use std::time::Duration;

use reqwest::{Method, ResponseBuilderExt};
use serenity::all::Http;
use serenity::http::{ErrorResponse, HttpError, Request};

use crate::config::POOL_IDLE;

/// A failed attempt: serenity's error (boxed: it is 136 bytes, and a
/// waiting delivery's future holds it), and the wait Discord asked for when
/// it answered 429 and said how long.
#[derive(Debug)]
pub(crate) struct Failed {
    pub err: Box<serenity::Error>,
    pub retry_after: Option<Duration>,
}

impl From<serenity::Error> for Failed {
    fn from(err: serenity::Error) -> Self {
        Self {
            err: Box::new(err),
            retry_after: None,
        }
    }
}

/// The connection pool for Discord's REST API, shared by serenity's `Http`
/// (`discord::http_client` hands it over) and the calls made here.
static CLIENT: OnceLock<Option<reqwest::Client>> = OnceLock::new();

/// serenity's own client keeps every connection it ever opened idle for
/// 90 s; replies are capped at `MAX_DISCORD_CALLS` at once, so is the pool.
/// `None` if TLS cannot be set up: serenity then builds its own client, and
/// replies go through serenity's calls (without `Retry-After`).
pub(crate) fn discord_client() -> Option<reqwest::Client> {
    CLIENT
        .get_or_init(|| {
            reqwest::Client::builder()
                .use_rustls_tls()
                .pool_max_idle_per_host(super::MAX_DISCORD_CALLS)
                .pool_idle_timeout(POOL_IDLE)
                .build()
                .ok()
        })
        .clone()
}

/// Sends `request`; any answer other than 2xx is an error, as serenity
/// makes it, with the wait a 429 asked for. The body of a success is not
/// read: no caller uses it. Boxed: the HTTP call's future is kilobytes,
/// and a command's task would otherwise keep room for it while it waits
/// (`future_sizes.rs`).
pub(super) async fn send(http: &Http, request: Request<'_>) -> Result<(), Failed> {
    Box::pin(send_inline(http, request)).await
}

async fn send_inline(http: &Http, request: Request<'_>) -> Result<(), Failed> {
    let method = request.method_ref().reqwest_method();
    let response = if let Some(limiter) = &http.ratelimiter {
        // It waits out a 429 that says how long by itself.
        limiter.perform(request).await?
    } else if let Some(client) = discord_client() {
        let built = request
            .build(&client, http.token(), http.proxy.as_deref())?
            .build()
            .map_err(serenity::Error::from)?;
        client.execute(built).await.map_err(serenity::Error::from)?
    } else {
        return http.request(request).await.map(drop).map_err(Failed::from);
    };
    // Discord's clock, for judging how old a signed request is.
    if let Some(date) = response.headers().get(reqwest::header::DATE) {
        crate::clock::note_discord_date(date.to_str().unwrap_or_default());
    }
    if response.status().is_success() {
        return Ok(());
    }
    Err(refused(response, method).await)
}

/// serenity's error for a refused call, and the wait a 429 asked for.
pub(super) async fn refused(response: reqwest::Response, method: Method) -> Failed {
    let status = response.status();
    let header = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| seconds(value.trim().parse().ok()?));
    let url = response.url().clone();
    let body = match response.bytes().await {
        Ok(body) => body,
        Err(err) => return Failed::from(serenity::Error::from(err)),
    };
    let retry_after = (status == reqwest::StatusCode::TOO_MANY_REQUESTS)
        .then(|| header.or_else(|| body_retry_after(&body)))
        .flatten();
    // Rebuilt from the bytes read, so serenity reads Discord's JSON error
    // (code, message, errors) exactly as it would have.
    let Ok(rebuilt) = hyper::Response::builder()
        .status(status)
        .url(url)
        .body(body)
    else {
        // Not reached: the status and URL come from a response.
        let err = serenity::Error::Other("Discord's refusal could not be read");
        return Failed {
            err: Box::new(err),
            retry_after,
        };
    };
    let error = ErrorResponse::from_response(reqwest::Response::from(rebuilt), method).await;
    Failed {
        err: Box::new(serenity::Error::Http(HttpError::UnsuccessfulRequest(error))),
        retry_after,
    }
}

/// Discord's `{"retry_after": 1.234, ...}`, in seconds.
fn body_retry_after(body: &[u8]) -> Option<Duration> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    seconds(value.get("retry_after")?.as_f64()?)
}

/// A wait Discord sent, in seconds: none if it is negative, not a number
/// or too large for a `Duration` (the caller compares it with its deadline).
fn seconds(value: f64) -> Option<Duration> {
    Duration::try_from_secs_f64(value).ok()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::discord_errors::discord_status;

    /// A response as reqwest hands it over.
    pub(in crate::deliver) fn answer(
        status: u16,
        retry_after: Option<&str>,
        body: &str,
    ) -> reqwest::Response {
        let mut builder = hyper::Response::builder().status(status);
        if let Some(value) = retry_after {
            builder = builder.header("retry-after", value);
        }
        reqwest::Response::from(builder.body(body.to_owned()).unwrap())
    }

    #[tokio::test]
    async fn a_429_keeps_the_header_s_wait_over_the_body_s() {
        let body =
            r#"{"message": "You are being rate limited.", "retry_after": 0.3, "global": false}"#;
        let failed = refused(answer(429, Some("2"), body), Method::PATCH).await;
        assert_eq!(discord_status(&failed.err), Some(429));
        assert_eq!(failed.retry_after, Some(Duration::from_secs(2)));

        let failed = refused(answer(429, None, body), Method::PATCH).await;
        assert_eq!(failed.retry_after, Some(Duration::from_millis(300)));
        let failed = refused(answer(429, Some("1.5"), "not json"), Method::POST).await;
        assert_eq!(failed.retry_after, Some(Duration::from_millis(1500)));
    }

    #[tokio::test]
    async fn a_wait_that_is_not_a_duration_is_no_wait_at_all() {
        for (header, body) in [
            (Some("-1"), "{}"),
            (Some("soon"), r#"{"retry_after": -3}"#),
            (None, r#"{"retry_after": 1e300}"#),
            (None, r#"{"retry_after": "2"}"#),
        ] {
            let failed = refused(answer(429, header, body), Method::POST).await;
            assert_eq!(failed.retry_after, None, "{header:?} {body}");
        }
    }

    #[tokio::test]
    async fn another_refusal_keeps_discord_s_error_and_asks_for_no_wait() {
        let body = r#"{"message": "Unknown Webhook", "code": 10015}"#;
        let failed = refused(answer(404, Some("5"), body), Method::PATCH).await;
        assert_eq!(discord_status(&failed.err), Some(404));
        assert_eq!(failed.retry_after, None);
        let serenity::Error::Http(HttpError::UnsuccessfulRequest(response)) = &*failed.err else {
            panic!("{:?}", failed.err);
        };
        assert_eq!(response.error.code, 10015);
        assert_eq!(response.error.message, "Unknown Webhook");
    }
}
