//! Wiring only: command line, settings, logging, the settings store, then
//! the Discord client (or the `check` doctor, or `store import|export`).

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use crate::access::Access;
use crate::app::App;
use crate::cli::{AccountAction, Cli, Command, CommandsAction, StoreAction};
use crate::config::{Config, EX_CONFIG};
use crate::mapping::Mapping;
use crate::runtime;
use crate::spend::UseapiAccounts;
use crate::store::{self, FileStore, MappingError, Purpose, Store, StoreError, StoreTarget};
use crate::text::redact_url;
use crate::useapi::UseapiClient;
use clap::Parser;

mod edits;

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
    let outcome = crate::dotenv::load().map_err(Fatal::config).and_then(|()| {
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
                Command::Keys { action } => edits::keys_command(action).await,
                Command::Commands {
                    action: CommandsAction::Sync,
                } => commands_sync().await,
                Command::Account {
                    action: AccountAction::Reset { channel },
                } => account_reset(&channel).await,
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
    // Held until the bot stops: command-line edits of the file are refused
    // meanwhile (they would be undone at the next save).
    let serving = match &config.store {
        StoreTarget::File(path) => edits::lock_for_serving(path).await,
        StoreTarget::Postgres(_) => None,
    };
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
    let listeners = runtime::Listeners {
        health: bind("HTTP_ADDR", config.http_addr).await?,
        interactions: bind("INTERACTIONS_ADDR", config.interactions_addr).await?,
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
    crate::ops::limits::log_at_start();
    let access = Access::new(config.allowed_guilds.clone(), config.command_cooldown);
    let commands = crate::commands::plan(
        store.settings(),
        config.allowed_guilds.clone(),
        config.secrets.is_some(),
    );
    let app = App::new(
        UseapiAccounts::new(
            useapi,
            config.useapi_token.is_some(),
            config.secrets.clone(),
        ),
        store,
        access,
        config.shards,
        commands,
    );
    crate::commands::count_from_zero(&app.metrics);
    runtime::run(&config, app, listeners, shutdown_signal())
        .await
        .map_err(|e| Fatal {
            message: crate::logging::chain(&e),
            code: e.exit_code(),
        })?;
    tracing::info!("stopped");
    drop(serving);
    Ok(())
}

/// A listener on `addr` (the setting `name`), when it is set.
async fn bind(
    name: &str,
    addr: Option<std::net::SocketAddr>,
) -> Result<Option<tokio::net::TcpListener>, Fatal> {
    let Some(addr) = addr else { return Ok(None) };
    tokio::net::TcpListener::bind(addr)
        .await
        .map(Some)
        .map_err(|e| Fatal {
            message: format!("{name} {addr} cannot be used: {e}"),
            code: 1,
        })
}

/// `store import [FILE]` and `store export`: one line on failure; exit 78
/// for a setting or a file to fix, 1 for a database or disk error.
async fn store_command(action: StoreAction) -> Result<(), Fatal> {
    crate::logging::init().map_err(Fatal::config)?;
    let (channels_file, target) = Config::store_from_env().map_err(Fatal::config)?;
    let _editing = match action {
        StoreAction::Import { .. } => edits::lock_for_editing(&target)?,
        StoreAction::Export => None,
    };
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
            // A reader that closed the pipe (`| head`) took what it wanted.
            crate::stdout::write(&json).map_err(|e| Fatal {
                message: format!("cannot write to stdout: {e}"),
                code: 1,
            })?;
        }
    }
    Ok(())
}

/// `commands sync`: exit 0 when every server has its commands, 1 when
/// some could not be registered (each is logged), 78 for a setting to fix.
async fn commands_sync() -> Result<u8, Fatal> {
    crate::logging::init().map_err(Fatal::config)?;
    let config = Config::from_env().map_err(Fatal::config)?;
    let store = store::configured(&config.store, Purpose::Copy).map_err(store_fatal)?;
    store.open().await.map_err(store_fatal)?;
    let synced = runtime::sync(&config, store).await.map_err(|e| Fatal {
        message: crate::logging::chain(&e),
        code: e.exit_code(),
    })?;
    crate::stdout::line(&format!(
        "registered the slash commands in {} servers",
        synced.registered
    ));
    if !synced.failed.is_empty() {
        let named: Vec<String> = synced
            .failed
            .iter()
            .take(10)
            .map(ToString::to_string)
            .collect();
        let more = synced.failed.len().saturating_sub(named.len());
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        crate::stdout::line(&format!(
            "✗ could not register them in {} servers (see the log; run this again later): {}{more}",
            synced.failed.len(),
            named.join(", ")
        ));
    }
    Ok(u8::from(!synced.failed.is_empty()))
}

/// `account reset CHANNEL` (`reset_cli`): 0, 1, or 78 for a setting to fix.
async fn account_reset(channel: &str) -> Result<u8, Fatal> {
    crate::logging::init().map_err(Fatal::config)?;
    crate::reset_cli::reset(channel)
        .await
        .map_err(|stopped| Fatal {
            message: stopped.message,
            code: stopped.code,
        })
}

/// A file to import must exist and be readable (unlike `CHANNELS_FILE` at
/// start): it was named to be imported, so what is wrong is the name or the
/// file, for the admin to fix (78), never the store.
fn read_mapping_file(path: &std::path::Path) -> Result<Mapping, Fatal> {
    match store::file::read(path) {
        Ok(Some(mapping)) => Ok(mapping),
        Ok(None) => Err(Fatal::config(format!(
            "the mapping file {} to import does not exist",
            path.display()
        ))),
        Err(err) => Err(Fatal::config(err)),
    }
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
