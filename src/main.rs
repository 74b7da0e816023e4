//! Wiring only: command line, settings, logging, mapping file, then the
//! Discord client (or the `check` doctor).

use std::process::ExitCode;

use clap::Parser;
use mj_bridge::access::Access;
use mj_bridge::app::App;
use mj_bridge::cli::{Cli, Command};
use mj_bridge::config::{Config, EX_CONFIG};
use mj_bridge::discord;
use mj_bridge::mapping::{MappingError, MappingStore};
use mj_bridge::useapi::UseapiClient;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Err(message) = load_dotenv() {
        eprintln!("mj-bridge: {message}");
        return ExitCode::FAILURE;
    }
    match cli.command.unwrap_or(Command::Run) {
        Command::Check => {
            if mj_bridge::check::run().await {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Command::Run => match run().await {
            Ok(()) => ExitCode::SUCCESS,
            Err(Fatal { message, code }) => {
                eprintln!("mj-bridge: {message}");
                ExitCode::from(code)
            }
        },
    }
}

/// Why the bot stopped: one line for the admin, and the exit code
/// ([`EX_CONFIG`] when a setting must change, so restarting cannot help).
struct Fatal {
    message: String,
    code: u8,
}

impl Fatal {
    fn new(message: impl std::fmt::Display, code: u8) -> Self {
        Self {
            message: message.to_string(),
            code,
        }
    }
}

/// Every error is one line for the admin; nothing here may print a token.
async fn run() -> Result<(), Fatal> {
    init_logging().map_err(|e| Fatal::new(e, EX_CONFIG))?;
    let config = Config::from_env().map_err(|e| Fatal::new(e, EX_CONFIG))?;
    let mappings = MappingStore::load(&config.channels_file).map_err(|e| {
        let code = if matches!(e, MappingError::Parse { .. }) {
            EX_CONFIG
        } else {
            1
        };
        Fatal::new(e, code)
    })?;
    let useapi = UseapiClient::new(&config)
        .map_err(|e| Fatal::new(format!("cannot set up the HTTP client: {e}"), 1))?;
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        useapi = %config.useapi_base_url,
        discord_proxy = config.discord_proxy_url.as_deref().unwrap_or("(none)"),
        channels_file = %mappings.path().display(),
        "starting"
    );
    let access = Access::new(config.allowed_guilds.clone(), config.command_cooldown);
    discord::run(&config, App::new(useapi, mappings, access))
        .await
        .map_err(|e| Fatal::new(&e, e.exit_code()))?;
    tracing::info!("stopped");
    Ok(())
}

/// Logs go to stderr, as text or (LOG_FORMAT=json) JSON lines.
fn init_logging() -> Result<(), String> {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match std::env::var("LOG_FORMAT").unwrap_or_default().trim() {
        "" | "text" => logs.init(),
        "json" => logs.json().init(),
        other => {
            return Err(format!(
                "LOG_FORMAT is invalid: `{other}` must be text or json"
            ))
        }
    }
    Ok(())
}

/// Loads `.env` when there is one; variables already set in the environment win.
fn load_dotenv() -> Result<(), String> {
    match dotenvy::dotenv() {
        Ok(_) => Ok(()),
        Err(err) if err.not_found() => Ok(()),
        // dotenvy's own message quotes the line, which may hold a token.
        Err(dotenvy::Error::LineParse(_, index)) => Err(format!(
            ".env has a line that is not KEY=value (the problem is at character {index} of that line)"
        )),
        Err(err) => Err(format!("cannot read .env: {err}")),
    }
}
