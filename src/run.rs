//! Wiring only: command line, settings, logging, the settings store, then
//! the Discord client (or the `check` doctor, or `store import|export`).

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use crate::access::Access;
use crate::app::App;
use crate::cli::{Cli, Command, KeysAction, StoreAction};
use crate::config::{Config, EX_CONFIG};
use crate::discord;
use crate::keys;
use crate::mapping::Mapping;
use crate::spend::UseapiAccounts;
use crate::store::{self, FileStore, MappingError, Purpose, Store, StoreError, StoreTarget};
use crate::text::redact_url;
use crate::useapi::UseapiClient;
use clap::Parser;

/// Work still running when the bot stops (a DNS lookup with no network) is
/// abandoned after this, so a stop is never held up.
const RUNTIME_SHUTDOWN: Duration = Duration::from_millis(500);

/// A temp file this old was left by a save that was interrupted; a younger
/// one may belong to another process saving right now.
const STALE_TEMP_FILES: Duration = Duration::from_secs(60);

/// Why the bot stopped before its time: one line for the admin, and the exit
/// code ([`EX_CONFIG`] when a setting must change, so restarting cannot help).
struct Fatal {
    message: String,
    code: u8,
}

impl Fatal {
    // `map_err(Fatal::config)` hands the error over by value.
    #[allow(clippy::needless_pass_by_value)]
    fn config(message: impl ToString) -> Self {
        Self {
            message: message.to_string(),
            code: EX_CONFIG,
        }
    }
}

/// The whole program: parses the command line and returns the exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = load_dotenv().and_then(|()| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|e| Fatal {
                message: format!("cannot start the async runtime: {e}"),
                code: 1,
            })?;
        let outcome = runtime.block_on(async {
            match cli.command.unwrap_or(Command::Run) {
                Command::Check => Ok(crate::check::run().await),
                Command::Run => run().await.map(|()| 0),
                Command::Store { action } => store_command(action).await.map(|()| 0),
                Command::Keys { action } => keys_command(action).await,
            }
        });
        runtime.shutdown_timeout(RUNTIME_SHUTDOWN);
        outcome
    });
    match outcome {
        Ok(code) => ExitCode::from(code),
        Err(fatal) => {
            crate::logging::fatal(&fatal.message);
            ExitCode::from(fatal.code)
        }
    }
}

/// Every error is one line for the admin; nothing here may print a token.
async fn run() -> Result<(), Fatal> {
    crate::logging::init().map_err(Fatal::config)?;
    let config = Config::from_env().map_err(Fatal::config)?;
    let store: Arc<dyn Store> = match &config.store {
        StoreTarget::File(path) => {
            let file = FileStore::load(path).map_err(file_fatal)?;
            file.remove_stale_temp_files(STALE_TEMP_FILES);
            Arc::new(file)
        }
        target @ StoreTarget::Postgres(_) => {
            store::configured(target, Purpose::Serve).map_err(store_fatal)?
        }
    };
    // Bound before connecting, so a taken port stops the start.
    let health = match config.http_addr {
        Some(addr) => Some(
            tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|e| Fatal {
                    message: format!("HTTP_ADDR {addr} cannot be used: {e}"),
                    code: 1,
                })?,
        ),
        None => None,
    };
    let useapi = UseapiClient::new(config.useapi_settings()).map_err(|e| Fatal {
        message: format!("cannot set up the HTTP client: {e}"),
        code: 1,
    })?;
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        useapi = %redact_url(&config.useapi_base_url),
        discord_proxy = %config.discord_proxy_url.as_deref().map_or_else(|| "(none)".to_owned(), redact_url),
        store = %store.describe(),
        shards = %config.shards,
        "starting"
    );
    let access = Access::new(config.allowed_guilds.clone(), config.command_cooldown);
    let app = App::new(
        UseapiAccounts::new(
            useapi,
            config.useapi_token.is_some(),
            config.secrets.clone(),
        ),
        store,
        access,
        config.shards,
    );
    crate::commands::count_from_zero(&app.metrics);
    discord::run(&config, app, health, shutdown_signal())
        .await
        .map_err(|e| Fatal {
            message: e.to_string(),
            code: e.exit_code(),
        })?;
    tracing::info!("stopped");
    Ok(())
}

/// `store import [FILE]` and `store export`: one line on failure; exit 78
/// for a setting or a file to fix, 1 for a database or disk error.
async fn store_command(action: StoreAction) -> Result<(), Fatal> {
    crate::logging::init().map_err(Fatal::config)?;
    let (channels_file, target) = Config::store_from_env().map_err(Fatal::config)?;
    let store = store::configured(&target, Purpose::Copy).map_err(store_fatal)?;
    store.open().await.map_err(store_fatal)?;
    match action {
        StoreAction::Import { file } => {
            let path = file.unwrap_or(channels_file);
            let mapping = read_mapping_file(&path)?;
            store.import(&mapping).await.map_err(store_fatal)?;
            tracing::info!(
                file = %path.display(),
                servers = mapping.guilds.len(),
                store = %store.describe(),
                "imported"
            );
        }
        StoreAction::Export => {
            let mapping = store.export().await.map_err(store_fatal)?;
            let json = mapping.to_json().map_err(|e| Fatal {
                message: format!("cannot write the settings as JSON: {e}"),
                code: 1,
            })?;
            std::io::stdout().write_all(&json).map_err(|e| Fatal {
                message: format!("cannot write to stdout: {e}"),
                code: 1,
            })?;
        }
    }
    Ok(())
}

/// `keys rotate` and `keys check`: exit 0 when every token opens, 1 when
/// some cannot (they are named; nothing else is printed of them), 78 when
/// `SECRETS_KEY` is missing or invalid.
async fn keys_command(action: KeysAction) -> Result<u8, Fatal> {
    crate::logging::init().map_err(Fatal::config)?;
    let keys = Config::keys_from_env().map_err(Fatal::config)?;
    let (_, target) = Config::store_from_env().map_err(Fatal::config)?;
    let store = store::configured(&target, Purpose::Copy).map_err(store_fatal)?;
    store.open().await.map_err(store_fatal)?;
    let settings = store.export().await.map_err(store_fatal)?;
    let unopenable = match action {
        KeysAction::Check => {
            let report = keys::check(&keys, &settings);
            for line in report.lines(&keys) {
                println!("{line}");
            }
            report.unopenable.len()
        }
        KeysAction::Rotate => {
            let (resealed, failed) = keys::rotate(&keys, &settings);
            store.import(&resealed).await.map_err(store_fatal)?;
            println!(
                "re-sealed {} tokens with key {}",
                resealed.guilds.len(),
                keys.active_id()
            );
            for (guild, why) in &failed {
                println!("✗ server {guild}: its token cannot be opened: {why}; left as it was");
            }
            failed.len()
        }
    };
    Ok(u8::from(unopenable > 0))
}

/// A file to import must exist (unlike `CHANNELS_FILE` at start).
fn read_mapping_file(path: &std::path::Path) -> Result<Mapping, Fatal> {
    store::file::read(path).map_err(file_fatal)?.ok_or_else(|| {
        file_fatal(MappingError::Read {
            path: path.to_owned(),
            source: std::io::ErrorKind::NotFound.into(),
        })
    })
}

/// A mapping file that cannot be parsed must be fixed (78); one that
/// cannot be read or written is the disk's doing (1).
fn file_fatal(err: MappingError) -> Fatal {
    match err {
        MappingError::Parse { .. } => Fatal::config(err),
        err => Fatal {
            message: err.to_string(),
            code: 1,
        },
    }
}

fn store_fatal(err: StoreError) -> Fatal {
    match err {
        StoreError::File(err) => file_fatal(err),
        err => Fatal {
            message: crate::logging::chain(&err),
            code: 1,
        },
    }
}

/// Loads `./.env` when there is one; variables already set in the
/// environment win. Only the working directory is read: a `.env` in a parent
/// directory could send both tokens elsewhere.
fn load_dotenv() -> Result<(), Fatal> {
    match dotenvy::from_path(".env") {
        Ok(()) => Ok(()),
        Err(err) if err.not_found() => Ok(()),
        // dotenvy's own message quotes the line, which may hold a token.
        Err(dotenvy::Error::LineParse(_, index)) => Err(Fatal::config(format!(
            ".env has a line that is not KEY=value (the problem is at character {index} of that line)"
        ))),
        Err(err) => Err(Fatal::config(format!("cannot read .env: {err}"))),
    }
}

/// Ctrl-C or SIGTERM: the end of `run`.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(err) => {
                tracing::warn!(error = %err, "cannot listen for SIGTERM; only Ctrl-C stops the bot cleanly");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
