//! Parsers of single settings: each error names its variable.

use std::time::Duration;

use reqwest::Url;

use super::{ConfigError, Lookup};
use crate::untrusted::redact_url;
use crate::useapi::UseapiLimits;

const DEFAULT_TIMEOUT_SECS: u64 = 60;
const DEFAULT_MAX_QUEUE: usize = 500;
const DEFAULT_MAX_IN_FLIGHT: usize = 256;
/// A deferred interaction can be answered for 15 minutes; a useapi call that
/// outlives that window could never be delivered.
const MAX_TIMEOUT_SECS: u64 = 14 * 60;
/// useapi rejects longer `replyUrl` values with a 400 on every call.
const MAX_REPLY_URL_LEN: usize = 1024;

/// The limits used when the settings cannot be read: an error is reported
/// instead of them, so they only stand in.
pub(super) const DEFAULT_LIMITS: UseapiLimits = UseapiLimits {
    timeout: Duration::from_secs(DEFAULT_TIMEOUT_SECS),
    max_concurrency: None,
    max_queue: DEFAULT_MAX_QUEUE,
    max_in_flight: DEFAULT_MAX_IN_FLIGHT,
};

/// The variable `name` parsed by `parse`; the error names the variable.
pub(super) fn parsed<T>(
    get: &impl Lookup,
    name: &'static str,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<Option<T>, ConfigError> {
    get(name)
        .map(|raw| parse(&raw).map_err(|reason| ConfigError::Invalid { name, reason }))
        .transpose()
}

/// `USEAPI_TIMEOUT_SECS`, `USEAPI_MAX_CONCURRENCY`, `USEAPI_MAX_QUEUE` and
/// `USEAPI_MAX_IN_FLIGHT`, every one that is wrong reported. Unset,
/// `USEAPI_MAX_CONCURRENCY` leaves each account the limit useapi gives it.
pub(super) fn useapi_limits(get: &impl Lookup, errors: &mut Vec<ConfigError>) -> UseapiLimits {
    let mut keep = |result: Result<usize, ConfigError>, fallback: usize| {
        result.unwrap_or_else(|err| {
            errors.push(err);
            fallback
        })
    };
    let max_concurrency = get("USEAPI_MAX_CONCURRENCY")
        .map(|raw| keep(count("USEAPI_MAX_CONCURRENCY", Some(raw), 0, 1), 1));
    let max_queue = keep(
        count(
            "USEAPI_MAX_QUEUE",
            get("USEAPI_MAX_QUEUE"),
            DEFAULT_MAX_QUEUE,
            0,
        ),
        DEFAULT_MAX_QUEUE,
    );
    let max_in_flight = keep(
        count(
            "USEAPI_MAX_IN_FLIGHT",
            get("USEAPI_MAX_IN_FLIGHT"),
            DEFAULT_MAX_IN_FLIGHT,
            1,
        ),
        DEFAULT_MAX_IN_FLIGHT,
    );
    let timeout = match get("USEAPI_TIMEOUT_SECS").map(|raw| timeout_secs(&raw)) {
        Some(Ok(timeout)) => timeout,
        Some(Err(err)) => {
            errors.push(err);
            DEFAULT_LIMITS.timeout
        }
        None => DEFAULT_LIMITS.timeout,
    };
    UseapiLimits {
        timeout,
        max_concurrency,
        max_queue,
        max_in_flight,
    }
}

/// `USEAPI_REPLY_URL`: an http(s) URL useapi.net accepts.
pub(super) fn reply_url(raw: Option<String>) -> Result<Option<String>, ConfigError> {
    match raw {
        Some(url) if url.chars().count() > MAX_REPLY_URL_LEN => Err(ConfigError::Invalid {
            name: "USEAPI_REPLY_URL",
            reason: format!(
                "it is {} characters long; useapi.net accepts at most {MAX_REPLY_URL_LEN}",
                url.chars().count()
            ),
        }),
        Some(url) => Ok(Some(http_url("USEAPI_REPLY_URL", &url)?)),
        None => Ok(None),
    }
}

/// Checks that `raw` is an absolute http(s) URL and returns it without a trailing slash.
pub(super) fn http_url(name: &'static str, raw: &str) -> Result<String, ConfigError> {
    let invalid = |reason: String| ConfigError::Invalid { name, reason };
    // The value is never echoed whole: it may hold a password or a token.
    let url = Url::parse(raw).map_err(|e| invalid(format!("it is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid(format!(
            "`{}` must start with http:// or https://",
            redact_url(raw)
        )));
    }
    Ok(raw.trim_end_matches('/').to_owned())
}

/// A whole number from `min` to 10 000, or `default` when unset.
fn count(
    name: &'static str,
    raw: Option<String>,
    default: usize,
    min: usize,
) -> Result<usize, ConfigError> {
    let Some(raw) = raw else { return Ok(default) };
    match raw.parse::<usize>() {
        Ok(n) if (min..=10_000).contains(&n) => Ok(n),
        _ => Err(ConfigError::Invalid {
            name,
            reason: format!("`{raw}` must be a whole number from {min} to 10000"),
        }),
    }
}

/// A whole number of seconds (see [`count`]) as a duration.
pub(super) fn seconds(
    get: &impl Lookup,
    name: &'static str,
    default: usize,
    min: usize,
) -> Result<Duration, ConfigError> {
    count(name, get(name), default, min).map(|secs| Duration::from_secs(secs as u64))
}

fn timeout_secs(raw: &str) -> Result<Duration, ConfigError> {
    match raw.parse::<u64>() {
        Ok(secs) if (1..=MAX_TIMEOUT_SECS).contains(&secs) => Ok(Duration::from_secs(secs)),
        _ => Err(ConfigError::Invalid {
            name: "USEAPI_TIMEOUT_SECS",
            reason: format!(
                "`{raw}` must be a whole number of seconds from 1 to {MAX_TIMEOUT_SECS} \
                 (Discord drops an interaction after 15 minutes)"
            ),
        }),
    }
}
