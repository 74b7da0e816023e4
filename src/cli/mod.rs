//! The command line, one file per subcommand: [`run`] (the bot, the
//! default), `check` (the doctor, in `check/`), [`store`] (import, export),
//! [`keys`] (rotate, check, forget), [`sync`] (`commands sync`) and
//! [`account`] (`account reset`); their arguments in [`args`]. This file is
//! wiring only: the arguments, `.env`, the async runtime, and one exit code.
//! [`Application`] is the bot itself, built and run by `run` and by the
//! tests that need no process of its own.

mod account;
mod application;
mod args;
mod keys;
mod run;
mod store;
mod sync;

use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;

use crate::config::EX_CONFIG;
use crate::store::{MappingError, StoreError};
pub use application::Application;
use args::{AccountAction, CommandsAction};
pub(crate) use args::{Cli, Command};

/// Work still running when the bot stops (a DNS lookup with no network) is
/// abandoned after this, so a stop is never held up.
const RUNTIME_SHUTDOWN: Duration = Duration::from_millis(500);

/// Why the bot stopped before its time: one line for the admin, and the exit
/// code ([`EX_CONFIG`] when a setting must change, so restarting cannot help).
/// Public for [`Application`]'s callers, which compare both with the binary's.
#[derive(Debug)]
pub struct Fatal {
    pub(crate) message: String,
    pub(crate) code: u8,
}

impl std::fmt::Display for Fatal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Fatal {}

impl Fatal {
    /// The code `mj-bridge` exits with for this error.
    pub fn exit_code(&self) -> u8 {
        self.code
    }

    // `map_err(Fatal::config)` hands the error over by value.
    #[allow(clippy::needless_pass_by_value)]
    pub(crate) fn config(message: impl ToString) -> Self {
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
                Command::Run => run::run().await.map(|()| 0),
                Command::Store { action } => store::run(action).await.map(|()| 0),
                Command::Keys { action } => keys::run(action).await,
                Command::Commands {
                    action: CommandsAction::Sync,
                } => sync::run().await,
                Command::Account {
                    action: AccountAction::Reset { channel, server },
                } => account::reset(&channel, server.as_deref()).await,
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

/// A mapping file that cannot be parsed must be fixed (78); one that
/// cannot be read or written is the disk's doing (1).
pub(crate) fn file_fatal(err: MappingError) -> Fatal {
    match err {
        MappingError::Parse { .. } => Fatal::config(err),
        err => Fatal {
            message: err.to_string(),
            code: 1,
        },
    }
}

/// The pool every useapi client is made from, as `config` sets it; a
/// client that cannot be built (no TLS roots) stops the command.
pub(crate) fn useapi_pool(
    config: &crate::config::Config,
) -> Result<crate::useapi::UseapiPool, Fatal> {
    crate::useapi::UseapiPool::new(config.useapi_settings()).map_err(|err| Fatal {
        message: format!(
            "cannot set up the HTTP client: {}",
            crate::logging::chain(&err)
        ),
        code: 1,
    })
}

pub(crate) fn store_fatal(err: StoreError) -> Fatal {
    match err {
        StoreError::File(err) => file_fatal(err),
        err => Fatal {
            message: crate::logging::chain(&err),
            code: 1,
        },
    }
}
