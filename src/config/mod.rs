//! Settings from the environment (and `.env`, loaded by `main` beforehand).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use secrecy::SecretString;

use crate::access::AllowedGuilds;
use crate::seal::KeyRing;
use crate::shards::Shards;
use crate::store::StoreTarget;
use crate::text::redact_url;
use crate::useapi::{UseapiLimits, UseapiSettings};

pub(crate) const DEFAULT_USEAPI_BASE_URL: &str = "https://api.useapi.net";
pub(crate) const DEFAULT_CHANNELS_FILE: &str = "config/channels.json";
const DEFAULT_TIMEOUT_SECS: u64 = 60;
const DEFAULT_MAX_QUEUE: usize = 500;
const DEFAULT_MAX_IN_FLIGHT: usize = 256;
const DEFAULT_COOLDOWN_SECS: usize = 10;
const DEFAULT_CHECK_SECS: usize = 300;
const DEFAULT_SERVER_LIST_SECS: usize = 3600;
/// Covers `deploy/Caddyfile`'s health check (every 2 s, one failure marks
/// a worker down) twice over, plus a request already on its way.
const DEFAULT_SHUTDOWN_DELAY_SECS: usize = 5;
/// How long an unused connection to Discord or useapi.net stays open.
pub(crate) const POOL_IDLE: Duration = Duration::from_secs(30);
/// The exit code of a start refused for a setting that must change (`EX_CONFIG`
/// from sysexits.h); a service manager should not restart on it.
pub(crate) const EX_CONFIG: u8 = 78;
/// A deferred interaction can be answered for 15 minutes; a useapi call that
/// outlives that window could never be delivered.
const MAX_TIMEOUT_SECS: u64 = 14 * 60;
/// useapi rejects longer `replyUrl` values with a 400 on every call.
const MAX_REPLY_URL_LEN: usize = 1024;

/// Every setting, for `--help` and the README (a test keeps them in step).
pub(crate) const VARIABLES: &[(&str, &str)] = &[
    ("DISCORD_TOKEN", "required: the bot token"),
    (
        "USEAPI_TOKEN",
        "the operator's useapi.net API token; required unless SECRETS_KEY is set",
    ),
    (
        "SECRETS_KEY",
        "id:base64-key pairs, comma-separated, the first sealing: lets servers keep their own useapi token",
    ),
    (
        "USEAPI_BASE_URL",
        "useapi.net base URL [default: https://api.useapi.net]",
    ),
    (
        "USEAPI_TIMEOUT_SECS",
        "seconds one useapi call may take, retries included [default: 60]",
    ),
    (
        "USEAPI_MAX_CONCURRENCY",
        "bound on one account's useapi calls in flight [default: its maxJobs summed]",
    ),
    (
        "USEAPI_MAX_QUEUE",
        "useapi calls of one account that may wait for a slot or a retry [default: 500]",
    ),
    (
        "USEAPI_MAX_IN_FLIGHT",
        "useapi calls in flight across all accounts, shared fairly [default: 256]",
    ),
    (
        "USEAPI_ACCOUNT_CHECK_SECS",
        "seconds between reads of the Midjourney accounts' states; 0 = off [default: 300]",
    ),
    (
        "USEAPI_REPLY_URL",
        "replyUrl sent with every job (at most 1024 characters)",
    ),
    (
        "DISCORD_PROXY_URL",
        "Discord REST proxy base URL; turns serenity's rate limiter off",
    ),
    (
        "CHANNELS_FILE",
        "channel mapping file [default: config/channels.json]",
    ),
    (
        "DATABASE_URL",
        "postgres:// URL: keep settings in PostgreSQL instead of CHANNELS_FILE",
    ),
    (
        "SHARDS",
        "auto, or A-B/N: run shards A through B of N [default: auto]",
    ),
    (
        "INTERACTIONS_ADDR",
        "serve interactions over HTTP here (no gateway), e.g. 0.0.0.0:8080 [default: off]",
    ),
    (
        "SHUTDOWN_DELAY_SECS",
        "HTTP workers: seconds /healthz says 503 before a shutdown stops serving [default: 5]",
    ),
    (
        "SERVER_LIST_SECS",
        "seconds between an HTTP worker's listings of the bot's servers [default: 3600]",
    ),
    (
        "HTTP_ADDR",
        "address for /healthz and /metrics, e.g. 127.0.0.1:9000 [default: off]",
    ),
    (
        "ALLOWED_GUILDS",
        "server ids the bot serves, comma-separated, or `any`; required for a public bot",
    ),
    (
        "COMMAND_COOLDOWN_SECS",
        "seconds between one member's Midjourney commands in a server; 0 = off [default: 10]",
    ),
    ("RUST_LOG", "log filter [default: info]"),
    ("LOG_FORMAT", "text or json [default: text]"),
];

/// Everything the bot needs to start. Tokens are `SecretString`s, so the
/// derived `Debug` prints `[REDACTED]` instead of them.
#[derive(Debug)]
pub(crate) struct Config {
    pub discord_token: SecretString,
    /// The operator's account; `None` when only servers' own accounts are spent.
    pub useapi_token: Option<SecretString>,
    /// Seals and opens the servers' own tokens; `None`: servers cannot keep one.
    pub secrets: Option<Arc<KeyRing>>,
    /// Without a trailing slash.
    pub useapi_base_url: String,
    /// Time budget, concurrency cap and queue bound of useapi calls.
    pub useapi_limits: UseapiLimits,
    pub useapi_reply_url: Option<String>,
    /// Base URL of a Discord REST proxy; when set, serenity's own rate limiter is off.
    pub discord_proxy_url: Option<String>,
    /// The settings store: the mapping file, or `PostgreSQL` with `DATABASE_URL`.
    pub store: StoreTarget,
    /// Which gateway shards this process runs.
    pub shards: Shards,
    /// Where `/healthz` and `/metrics` are served; off when `None`.
    pub http_addr: Option<SocketAddr>,
    /// Where Discord's interactions and event webhooks are served over
    /// HTTP; set, the process opens no gateway connection.
    pub interactions_addr: Option<SocketAddr>,
    /// The servers the bot serves; `None` (unset) is every one, for a private bot only.
    pub allowed_guilds: Option<AllowedGuilds>,
    /// Between one member's Midjourney commands in a server; zero is off.
    pub command_cooldown: Duration,
    /// Between reads of the Midjourney accounts' states; zero is off.
    pub account_check: Duration,
    /// An HTTP worker's shutdown: how long `/healthz` says 503 while it
    /// still serves, so a load balancer stops sending before it stops taking.
    pub shutdown_delay: Duration,
    /// Between an HTTP worker's listings of the servers the bot is in.
    pub server_list: Duration,
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ConfigError {
    #[error("{0} is not set: put it in .env (see .env.example) or in the environment")]
    Missing(&'static str),
    #[error("{name} is invalid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

impl Config {
    /// What the useapi client needs of these settings.
    pub(crate) fn useapi_settings(&self) -> UseapiSettings {
        UseapiSettings {
            base_url: self.useapi_base_url.clone(),
            token: self
                .useapi_token
                .clone()
                .unwrap_or_else(|| SecretString::from(String::new())),
            reply_url: self.useapi_reply_url.clone(),
            limits: self.useapi_limits,
            pool_idle: POOL_IDLE,
        }
    }

    pub(crate) fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Only what `store import|export` needs: no token is required.
    pub(crate) fn store_from_env() -> Result<(PathBuf, StoreTarget), ConfigError> {
        store_settings(|name| std::env::var(name).ok())
    }

    /// `SECRETS_KEY`, for `keys rotate|check`: required there.
    pub(crate) fn keys_from_env() -> Result<KeyRing, ConfigError> {
        key_ring(&|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))?
            .ok_or(ConfigError::Missing("SECRETS_KEY"))
    }

    /// Reads settings through `get`, so tests need not touch the process environment.
    pub(crate) fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        // An empty value counts as unset: `KEY=` is how .env.example leaves a blank.
        let get = |name: &str| {
            get(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let required = |name: &'static str| get(name).ok_or(ConfigError::Missing(name));

        let discord_token = SecretString::from(required("DISCORD_TOKEN")?);
        let secrets = key_ring(&get)?.map(Arc::new);
        let useapi_token = match get("USEAPI_TOKEN") {
            Some(token) => Some(SecretString::from(token)),
            None if secrets.is_some() => None,
            None => return Err(ConfigError::Missing("USEAPI_TOKEN")),
        };
        let useapi_base_url = match get("USEAPI_BASE_URL") {
            Some(url) => http_url("USEAPI_BASE_URL", &url)?,
            None => DEFAULT_USEAPI_BASE_URL.to_owned(),
        };
        let useapi_limits = useapi_limits(&get)?;
        let useapi_reply_url = reply_url(get("USEAPI_REPLY_URL"))?;
        let discord_proxy_url = get("DISCORD_PROXY_URL")
            .map(|url| http_url("DISCORD_PROXY_URL", &url))
            .transpose()?;
        let http_addr = parsed(&get, "HTTP_ADDR", |raw| {
            raw.parse::<SocketAddr>()
                .map_err(|_| format!("`{raw}` must be an address with a port, e.g. 127.0.0.1:9000"))
        })?;
        let interactions_addr = parsed(&get, "INTERACTIONS_ADDR", |raw| {
            raw.parse::<SocketAddr>()
                .map_err(|_| format!("`{raw}` must be an address with a port, e.g. 0.0.0.0:8080"))
        })?;
        if interactions_addr.is_some() && get("SHARDS").is_some() {
            return Err(ConfigError::Invalid {
                name: "SHARDS",
                reason: "a process with INTERACTIONS_ADDR opens no gateway connection, so it runs \
                         no shards: unset SHARDS, or unset INTERACTIONS_ADDR to use the gateway"
                    .into(),
            });
        }
        let (_, store) = store_settings(get)?;
        let shards = parsed(&get, "SHARDS", Shards::parse)?.unwrap_or_default();
        let allowed_guilds = parsed(&get, "ALLOWED_GUILDS", AllowedGuilds::parse)?;
        let command_cooldown = seconds(&get, "COMMAND_COOLDOWN_SECS", DEFAULT_COOLDOWN_SECS, 0)?;
        let account_check = seconds(&get, "USEAPI_ACCOUNT_CHECK_SECS", DEFAULT_CHECK_SECS, 0)?;
        let server_list = seconds(&get, "SERVER_LIST_SECS", DEFAULT_SERVER_LIST_SECS, 1)?;
        let shutdown_delay = seconds(&get, "SHUTDOWN_DELAY_SECS", DEFAULT_SHUTDOWN_DELAY_SECS, 0)?;

        Ok(Self {
            discord_token,
            useapi_token,
            secrets,
            useapi_base_url,
            useapi_limits,
            useapi_reply_url,
            discord_proxy_url,
            store,
            shards,
            http_addr,
            interactions_addr,
            allowed_guilds,
            command_cooldown,
            account_check,
            shutdown_delay,
            server_list,
        })
    }
}

/// `SECRETS_KEY`, the key ring that seals the servers' own tokens; the
/// reason never repeats a key.
fn key_ring(get: &impl Fn(&str) -> Option<String>) -> Result<Option<KeyRing>, ConfigError> {
    get("SECRETS_KEY")
        .map(|raw| {
            KeyRing::parse(&SecretString::from(raw)).map_err(|reason| ConfigError::Invalid {
                name: "SECRETS_KEY",
                reason,
            })
        })
        .transpose()
}

/// The variable `name` parsed by `parse`; the error names the variable.
fn parsed<T>(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<Option<T>, ConfigError> {
    get(name)
        .map(|raw| parse(&raw).map_err(|reason| ConfigError::Invalid { name, reason }))
        .transpose()
}

/// `USEAPI_TIMEOUT_SECS`, `USEAPI_MAX_CONCURRENCY`, `USEAPI_MAX_QUEUE` and
/// `USEAPI_MAX_IN_FLIGHT`. Unset, `USEAPI_MAX_CONCURRENCY` leaves each
/// account the limit useapi gives it.
fn useapi_limits(get: &impl Fn(&str) -> Option<String>) -> Result<UseapiLimits, ConfigError> {
    let timeout = match get("USEAPI_TIMEOUT_SECS") {
        Some(raw) => timeout_secs(&raw)?,
        None => Duration::from_secs(DEFAULT_TIMEOUT_SECS),
    };
    let max_concurrency = get("USEAPI_MAX_CONCURRENCY")
        .map(|raw| count("USEAPI_MAX_CONCURRENCY", Some(raw), 0, 1))
        .transpose()?;
    let max_queue = count(
        "USEAPI_MAX_QUEUE",
        get("USEAPI_MAX_QUEUE"),
        DEFAULT_MAX_QUEUE,
        0,
    )?;
    let max_in_flight = count(
        "USEAPI_MAX_IN_FLIGHT",
        get("USEAPI_MAX_IN_FLIGHT"),
        DEFAULT_MAX_IN_FLIGHT,
        1,
    )?;
    Ok(UseapiLimits {
        timeout,
        max_concurrency,
        max_queue,
        max_in_flight,
    })
}

/// `USEAPI_REPLY_URL`: an http(s) URL useapi.net accepts.
fn reply_url(raw: Option<String>) -> Result<Option<String>, ConfigError> {
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

/// `CHANNELS_FILE`, and `DATABASE_URL` when set (which then wins).
fn store_settings(
    get: impl Fn(&str) -> Option<String>,
) -> Result<(PathBuf, StoreTarget), ConfigError> {
    let get = |name: &str| {
        get(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let channels_file =
        PathBuf::from(get("CHANNELS_FILE").unwrap_or_else(|| DEFAULT_CHANNELS_FILE.to_owned()));
    let store = match get("DATABASE_URL") {
        Some(url) => StoreTarget::Postgres(StoreTarget::database_url(&url).map_err(|reason| {
            ConfigError::Invalid {
                name: "DATABASE_URL",
                reason,
            }
        })?),
        None => StoreTarget::File(channels_file.clone()),
    };
    Ok((channels_file, store))
}

/// Checks that `raw` is an absolute http(s) URL and returns it without a trailing slash.
fn http_url(name: &'static str, raw: &str) -> Result<String, ConfigError> {
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
fn seconds(
    get: &impl Fn(&str) -> Option<String>,
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

#[cfg(test)]
mod tests;
