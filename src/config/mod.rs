//! Settings from the environment (and `.env`, loaded by `main` beforehand).

mod errors;
mod parse;
mod secrets;
mod variables;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use crate::access::AllowedGuilds;
use crate::seal::KeyRing;
use crate::shards::Shards;
use crate::store::StoreTarget;
use crate::useapi::{UseapiLimits, UseapiSettings};
pub(crate) use errors::{ConfigError, ConfigErrors};
use parse::{http_url, parsed, reply_url, seconds};
pub(crate) use variables::VARIABLES;

pub(crate) const DEFAULT_USEAPI_BASE_URL: &str = "https://api.useapi.net";
pub(crate) const DEFAULT_CHANNELS_FILE: &str = "config/channels.json";
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

/// How settings are read: a variable's value, `None` when unset. Tests
/// pass a map instead of the process environment.
pub(crate) trait Lookup: Fn(&str) -> Option<String> {}
impl<F: Fn(&str) -> Option<String>> Lookup for F {}

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

impl Config {
    /// What the useapi client needs of these settings.
    pub(crate) fn useapi_settings(&self) -> UseapiSettings {
        UseapiSettings {
            base_url: self.useapi_base_url.clone(),
            token: self.useapi_token.clone(),
            reply_url: self.useapi_reply_url.clone(),
            limits: self.useapi_limits,
            pool_idle: POOL_IDLE,
        }
    }

    pub(crate) fn from_env() -> Result<Self, ConfigErrors> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Only what `store import|export` needs: no token is required.
    pub(crate) fn store_from_env() -> Result<(PathBuf, StoreTarget), ConfigErrors> {
        store_settings(&present(|name| std::env::var(name).ok())).map_err(ConfigErrors::from)
    }

    /// `SECRETS_KEY`, for `keys rotate|check`: required there.
    pub(crate) fn keys_from_env() -> Result<KeyRing, ConfigErrors> {
        key_ring(&present(|name| std::env::var(name).ok()))?
            .ok_or_else(|| ConfigError::Missing("SECRETS_KEY").into())
    }

    /// Reads settings through `get`, so tests need not touch the process
    /// environment. Every setting is read, so every fault is reported at
    /// once: an admin fixing them one start at a time would need a start each.
    pub(crate) fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigErrors> {
        let get = present(get);
        let mut errors = Vec::new();
        let tokens = tokens(&get, &mut errors);
        let mut keep = Keep(&mut errors);
        let (useapi_base_url, useapi_reply_url, discord_proxy_url) = urls(&get, &mut keep);
        let store = keep.or(
            store_settings(&get).map(|(_, store)| store),
            StoreTarget::File(PathBuf::new()),
        );
        let (http_addr, interactions_addr, shards) = addresses(&get, &mut keep);
        let allowed_guilds = keep.or(parsed(&get, "ALLOWED_GUILDS", AllowedGuilds::parse), None);
        let mut secs =
            |name, default, min| keep.or(seconds(&get, name, default, min), Duration::ZERO);
        let command_cooldown = secs("COMMAND_COOLDOWN_SECS", DEFAULT_COOLDOWN_SECS, 0);
        let account_check = secs("USEAPI_ACCOUNT_CHECK_SECS", DEFAULT_CHECK_SECS, 0);
        let server_list = secs("SERVER_LIST_SECS", DEFAULT_SERVER_LIST_SECS, 1);
        let shutdown_delay = secs("SHUTDOWN_DELAY_SECS", DEFAULT_SHUTDOWN_DELAY_SECS, 0);
        log_settings(&get, &mut keep);
        let useapi_limits = parse::useapi_limits(&get, &mut errors);
        if !errors.is_empty() {
            return Err(ConfigErrors(errors));
        }
        Ok(Self {
            discord_token: tokens.discord,
            useapi_token: tokens.useapi,
            secrets: tokens.keys,
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

/// `get` with an empty or blank value counted as unset (`KEY=` is how
/// .env.example leaves a blank), and values trimmed.
fn present(get: impl Fn(&str) -> Option<String>) -> impl Lookup {
    move |name: &str| {
        get(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }
}

/// Collects faults while the settings are read: a setting that is wrong
/// gets a stand-in value, and the `Config` is never built from it.
struct Keep<'a>(&'a mut Vec<ConfigError>);

impl Keep<'_> {
    fn or<T>(&mut self, result: Result<T, ConfigError>, stand_in: T) -> T {
        result.unwrap_or_else(|err| {
            self.0.push(err);
            stand_in
        })
    }
}

/// The secrets the bot starts with.
struct Tokens {
    discord: SecretString,
    useapi: Option<SecretString>,
    keys: Option<Arc<KeyRing>>,
}

/// `DISCORD_TOKEN`, `USEAPI_TOKEN` and `SECRETS_KEY`, each from its
/// variable or a file (see [`secrets`]). `USEAPI_TOKEN` is only missing
/// when `SECRETS_KEY` was not given either.
fn tokens(get: &impl Lookup, errors: &mut Vec<ConfigError>) -> Tokens {
    let mut keep = Keep(errors);
    let discord = match secrets::read(get, &secrets::DISCORD_TOKEN) {
        Ok(Some(token)) => token,
        Ok(None) => {
            keep.0.push(ConfigError::Missing("DISCORD_TOKEN"));
            SecretString::from(String::new())
        }
        Err(err) => {
            keep.0.push(err);
            SecretString::from(String::new())
        }
    };
    let ring = key_ring(get);
    let key_given = !matches!(ring, Ok(None));
    let keys = keep.or(ring, None).map(Arc::new);
    let useapi = secrets::read(get, &secrets::USEAPI_TOKEN);
    let useapi = match useapi {
        Ok(None) if !key_given => {
            keep.0.push(ConfigError::Missing("USEAPI_TOKEN"));
            None
        }
        read => keep.or(read, None),
    };
    Tokens {
        discord,
        useapi,
        keys,
    }
}

/// `USEAPI_BASE_URL`, `USEAPI_REPLY_URL` and `DISCORD_PROXY_URL`.
fn urls(get: &impl Lookup, keep: &mut Keep<'_>) -> (String, Option<String>, Option<String>) {
    let base = keep.or(
        get("USEAPI_BASE_URL").map_or_else(
            || Ok(DEFAULT_USEAPI_BASE_URL.to_owned()),
            |url| http_url("USEAPI_BASE_URL", &url),
        ),
        String::new(),
    );
    let reply = keep.or(reply_url(get("USEAPI_REPLY_URL")), None);
    let proxy = keep.or(
        get("DISCORD_PROXY_URL")
            .map(|url| http_url("DISCORD_PROXY_URL", &url))
            .transpose(),
        None,
    );
    (base, reply, proxy)
}

/// `HTTP_ADDR`, `INTERACTIONS_ADDR` and `SHARDS`, which an HTTP worker
/// cannot run.
fn addresses(
    get: &impl Lookup,
    keep: &mut Keep<'_>,
) -> (Option<SocketAddr>, Option<SocketAddr>, Shards) {
    let http_addr = keep.or(
        parsed(get, "HTTP_ADDR", |raw| {
            raw.parse::<SocketAddr>()
                .map_err(|_| format!("`{raw}` must be an address with a port, e.g. 127.0.0.1:9000"))
        }),
        None,
    );
    let interactions_addr = keep.or(
        parsed(get, "INTERACTIONS_ADDR", |raw| {
            raw.parse::<SocketAddr>()
                .map_err(|_| format!("`{raw}` must be an address with a port, e.g. 0.0.0.0:8080"))
        }),
        None,
    );
    if get("INTERACTIONS_ADDR").is_some() && get("SHARDS").is_some() {
        keep.0.push(ConfigError::Invalid {
            name: "SHARDS",
            reason: "a process with INTERACTIONS_ADDR opens no gateway connection, so it runs \
                     no shards: unset SHARDS, or unset INTERACTIONS_ADDR to use the gateway"
                .into(),
        });
    }
    let shards = keep.or(parsed(get, "SHARDS", Shards::parse), None);
    (http_addr, interactions_addr, shards.unwrap_or_default())
}

/// `RUST_LOG` and `LOG_FORMAT`, by the code that reads them at start, so a
/// log setting the bot would refuse is reported here too.
fn log_settings(get: &impl Lookup, keep: &mut Keep<'_>) {
    keep.or(parsed(get, "RUST_LOG", crate::logging::filter), None);
    keep.or(parsed(get, "LOG_FORMAT", crate::logging::format), None);
}

/// `SECRETS_KEY`, the key ring that seals the servers' own tokens; the
/// reason never repeats a key.
fn key_ring(get: &impl Lookup) -> Result<Option<KeyRing>, ConfigError> {
    secrets::read(get, &secrets::SECRETS_KEY)?
        .map(|raw| {
            KeyRing::parse(&raw).map_err(|reason| ConfigError::Invalid {
                name: "SECRETS_KEY",
                reason,
            })
        })
        .transpose()
}

/// `CHANNELS_FILE`, and `DATABASE_URL` when set (which then wins).
fn store_settings(get: &impl Lookup) -> Result<(PathBuf, StoreTarget), ConfigError> {
    let channels_file =
        PathBuf::from(get("CHANNELS_FILE").unwrap_or_else(|| DEFAULT_CHANNELS_FILE.to_owned()));
    let store = match secrets::read(get, &secrets::DATABASE_URL)? {
        Some(url) => {
            StoreTarget::Postgres(StoreTarget::database_url(url.expose_secret()).map_err(
                |reason| ConfigError::Invalid {
                    name: "DATABASE_URL",
                    reason,
                },
            )?)
        }
        None => StoreTarget::File(channels_file.clone()),
    };
    Ok((channels_file, store))
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_secrets;
