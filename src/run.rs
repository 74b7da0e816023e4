//! Wiring only: command line, settings, logging, the settings store, then
//! the Discord client (or the `check` doctor, or `store import|export`).

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use crate::access::{parse_guild_id, Access};
use crate::app::App;
use crate::cli::{AccountAction, Cli, Command, CommandsAction, KeysAction, StoreAction};
use crate::config::{Config, EX_CONFIG};
use crate::keys;
use crate::mapping::Mapping;
use crate::runtime;
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
            message: e.to_string(),
            code: e.exit_code(),
        })?;
    tracing::info!("stopped");
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

/// `keys rotate`, `keys check` and `keys forget`: exit 0 when every token
/// opens (or the token is forgotten), 1 when some cannot (they are named;
/// nothing else is printed of them) or there was none to forget, 78 when
/// `SECRETS_KEY` (for rotate and check) or the server id is missing or
/// invalid.
async fn keys_command(action: KeysAction) -> Result<u8, Fatal> {
    crate::logging::init().map_err(Fatal::config)?;
    let (lines, failed) = match action {
        KeysAction::Forget { server_id } => {
            let guild = parse_guild_id(server_id.trim()).ok_or_else(|| {
                Fatal::config(format!(
                    "`{}` is not a server id: it is 17 to 20 digits (in Discord, turn on Developer Mode, right-click the server and choose Copy Server ID)",
                    crate::text::clean(&server_id, 40)
                ))
            })?;
            let store = store_to_copy().await?;
            if keys::forget(store.as_ref(), guild)
                .await
                .map_err(store_fatal)?
            {
                (vec![format!("forgot server {guild}'s stored useapi token; its admins can enter a new one with /mj-channel account set")], 0)
            } else {
                (
                    vec![format!(
                        "✗ server {guild} has no stored useapi token; nothing changed"
                    )],
                    1,
                )
            }
        }
        KeysAction::Check => {
            let keys = Config::keys_from_env().map_err(Fatal::config)?;
            let settings = store_to_copy().await?.export().await.map_err(store_fatal)?;
            let report = keys::check(&keys, &settings);
            (report.lines(&keys), report.unopenable.len())
        }
        KeysAction::Rotate => {
            let keys = Config::keys_from_env().map_err(Fatal::config)?;
            let store = store_to_copy().await?;
            let rotation = keys::rotate(&keys, store.as_ref())
                .await
                .map_err(store_fatal)?;
            (rotation.lines(&keys), rotation.failed.len())
        }
    };
    for line in lines {
        println!("{line}");
    }
    Ok(u8::from(failed > 0))
}

/// The configured store, opened to copy from or edit, not to serve.
async fn store_to_copy() -> Result<Arc<dyn Store>, Fatal> {
    let (_, target) = Config::store_from_env().map_err(Fatal::config)?;
    let store = store::configured(&target, Purpose::Copy).map_err(store_fatal)?;
    store.open().await.map_err(store_fatal)?;
    Ok(store)
}

/// `commands sync`: exit 0 when every server has its commands, 1 when
/// some could not be registered (each is logged), 78 for a setting to fix.
async fn commands_sync() -> Result<u8, Fatal> {
    crate::logging::init().map_err(Fatal::config)?;
    let config = Config::from_env().map_err(Fatal::config)?;
    let store = store::configured(&config.store, Purpose::Copy).map_err(store_fatal)?;
    store.open().await.map_err(store_fatal)?;
    let synced = runtime::sync(&config, store).await.map_err(|e| Fatal {
        message: e.to_string(),
        code: e.exit_code(),
    })?;
    println!(
        "registered the slash commands in {} servers",
        synced.registered
    );
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
        println!(
            "✗ could not register them in {} servers (see the log; run this again later): {}{more}",
            synced.failed.len(),
            named.join(", ")
        );
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
