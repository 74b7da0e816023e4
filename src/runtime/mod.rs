//! The runtime: one process from the settings store to its shutdown. It
//! opens the store, reaches Discord, then takes one of two roads: the
//! gateway ([`gateway`]) or, with `INTERACTIONS_ADDR`, an HTTP worker
//! without a gateway ([`http_worker`]); both run the same background duties
//! and the same drain ([`duties`]).

mod duties;
mod gateway;
mod http_worker;

use std::future::Future;
use std::pin::pin;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use serenity::all::{CurrentApplicationInfo, Http};

use crate::access::{self, PublicBotRefused};
use crate::app::App;
use crate::backoff::Backoff;
use crate::config::{Config, EX_CONFIG};
use crate::discord::http_client;
use crate::discord_errors::discord_status;
use crate::keys;
use crate::ops::health::{self, Probe};
use crate::store;
use crate::untrusted::redact_url;

/// How long one attempt to reach Discord at start may take.
const ATTEMPT_WITHIN: Duration = Duration::from_secs(10);
/// Waits between attempts to reach Discord at start: a random wait up to a
/// bound of 1 s doubling up to 30 s (full jitter).
const RECONNECT: Backoff = Backoff::new(Duration::from_secs(1), Duration::from_secs(30));

#[derive(Debug, thiserror::Error)]
pub(crate) enum RunError {
    #[error(
        "Discord refused DISCORD_TOKEN: copy a fresh token from the developer portal \
         (your application → Bot → Reset Token) into .env"
    )]
    BadToken,
    #[error(transparent)]
    PublicBot(#[from] PublicBotRefused),
    /// Printed with its sources (see `logging::chain`), which hold the cause.
    #[error("the Discord connection failed")]
    Discord(#[source] Box<serenity::Error>),
    /// A server's token is sealed with a key `SECRETS_KEY` does not hold.
    #[error(
        "a server's stored useapi token is sealed with key `{0}`, which is not in SECRETS_KEY: \
         add that key back to SECRETS_KEY (after the active one), then run `mj-bridge keys rotate`; \
         a token that cannot be opened even then is named by `mj-bridge keys check` and removed \
         with `mj-bridge keys forget SERVER_ID`"
    )]
    MissingKey(String),
    /// Discord's `verify_key` for the application is not an Ed25519 key.
    #[error("Discord gave the application a public key (verify_key) that is not 64 hex digits; interactions over HTTP cannot be verified")]
    VerifyKey,
}

impl RunError {
    /// 78 (`EX_CONFIG`) when a setting must change before a restart can help; 1 otherwise.
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            Self::BadToken | Self::PublicBot(_) | Self::MissingKey(_) => EX_CONFIG,
            Self::Discord(_) | Self::VerifyKey => 1,
        }
    }
}

/// The sockets bound before anything else, so a taken port stops the start.
pub(crate) struct Listeners {
    /// `HTTP_ADDR`: `/healthz` and `/metrics`.
    pub health: Option<tokio::net::TcpListener>,
    /// `INTERACTIONS_ADDR`: the process serves interactions over HTTP and
    /// opens no gateway connection.
    pub interactions: Option<tokio::net::TcpListener>,
}

/// Opens the settings store, connects to Discord and runs until the gateway
/// gives up or `shutdown` completes and the commands in flight have
/// finished; `main` passes the signals (Ctrl-C, SIGTERM), a test its own
/// future. `shutdown` ends it at any moment, also while the settings
/// database or Discord cannot be reached. `/healthz` and `/metrics` are
/// served on the health listener when given; with an interactions listener
/// the process is an HTTP worker ([`http_worker`]) instead of a gateway client.
pub(crate) async fn run(
    config: &Config,
    app: App,
    listeners: Listeners,
    shutdown: impl Future<Output = ()>,
) -> Result<(), RunError> {
    let app = Arc::new(app);
    let mut signal = pin!(shutdown);
    // Served from the start, so a database being waited for shows as 503.
    let serving = Arc::new(OnceLock::new());
    // Stops serving when this returns, on every road out.
    let _health = listeners.health.map(|listener| {
        let probe = Probe {
            metrics: app.metrics.clone(),
            lifecycle: app.lifecycle.clone(),
            serving: serving.clone(),
        };
        health::start(listener, probe)
    });
    // Registration reads the turned-off commands: the settings come first.
    tokio::select! {
        () = store::open_retrying(app.store.as_ref()) => app.lifecycle.settings_loaded(),
        () = &mut signal => {
            tracing::info!("shutting down before the settings store was reached");
            return Ok(());
        }
    }
    if let Some(id) = keys::missing_key(app.useapi.keys(), &app.settings.get()) {
        return Err(RunError::MissingKey(id));
    }
    let http = http_client(config);
    let target = config
        .discord_proxy_url
        .as_deref()
        .map_or_else(|| "https://discord.com".to_owned(), redact_url);
    // Before anything is registered: a public bot needs a list of servers.
    let application = tokio::select! {
        reached = wait_for_discord(&http, &target) => reached?,
        () = &mut signal => {
            tracing::info!("shutting down before Discord was reached");
            return Ok(());
        }
    };
    guard_public_bot(config, application.bot_public)?;
    if let Some(listener) = listeners.interactions {
        let worker = http_worker::Worker {
            config,
            app,
            http: Arc::new(http),
            serving,
        };
        return worker.run(&application, listener, signal).await;
    }
    gateway::run(config, app, http, &serving, signal).await
}

/// A public bot with an account of its own to spend needs a list of servers.
fn guard_public_bot(config: &Config, public: bool) -> Result<(), RunError> {
    access::refuse_public_bot(
        public,
        config.allowed_guilds.as_ref(),
        config.useapi_token.is_some(),
    )?;
    let servers = config
        .allowed_guilds
        .as_ref()
        .map_or_else(|| "every server it is in".to_owned(), ToString::to_string);
    tracing::info!(public, %servers, own_accounts = config.secrets.is_some(), "serving");
    Ok(())
}

/// Asks Discord for the bot's application until it answers, so a host
/// without network says so in its own words (the error's whole chain: a
/// name that does not resolve, a refused connection, a certificate), once
/// per attempt, instead of retrying silently.
async fn wait_for_discord(http: &Http, target: &str) -> Result<CurrentApplicationInfo, RunError> {
    let mut retry = 0;
    loop {
        let why =
            match tokio::time::timeout(ATTEMPT_WITHIN, http.get_current_application_info()).await {
                Ok(Ok(application)) => return Ok(application),
                Ok(Err(err)) => match RunError::from(err) {
                    RunError::Discord(err) => crate::logging::chain(&err),
                    other => return Err(other),
                },
                Err(_) => format!("no answer within {} s", ATTEMPT_WITHIN.as_secs()),
            };
        retry += 1;
        let wait = RECONNECT.jittered(retry);
        tracing::warn!(
            discord = target,
            error = %why,
            "cannot reach Discord; trying again in {} ms",
            wait.as_millis()
        );
        tokio::time::sleep(wait).await;
    }
}

impl From<serenity::Error> for RunError {
    fn from(err: serenity::Error) -> Self {
        use serenity::gateway::GatewayError;
        match err {
            err if discord_status(&err) == Some(401) => Self::BadToken,
            serenity::Error::Gateway(GatewayError::InvalidAuthentication) => Self::BadToken,
            err => Self::Discord(Box::new(err)),
        }
    }
}
