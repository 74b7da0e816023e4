//! Command line: `mj-bridge [run]` runs the bot, `mj-bridge check` is the
//! doctor, `mj-bridge store import|export` copies settings between stores,
//! `mj-bridge keys rotate|check|forget` tends the key ring, `mj-bridge commands
//! sync` registers the slash commands everywhere again.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "mj-bridge",
    version,
    about = "Discord bot that relays Midjourney commands to the useapi.net API",
    after_help = crate::config::variables_help()
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub(crate) enum Command {
    /// Run the bot (the default).
    Run,
    /// Check the settings, both tokens and the mapping file, then exit.
    Check,
    /// Copy settings into or out of the configured store (`DATABASE_URL`, else `CHANNELS_FILE`).
    Store {
        #[command(subcommand)]
        action: StoreAction,
    },
    /// The key ring (`SECRETS_KEY`) against the servers' stored tokens.
    Keys {
        #[command(subcommand)]
        action: KeysAction,
    },
    /// The slash commands in Discord.
    Commands {
        #[command(subcommand)]
        action: CommandsAction,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub(crate) enum CommandsAction {
    /// Register the commands again in every server the bot is in (after
    /// they were deleted by hand); the bot may keep running meanwhile.
    Sync,
}

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub(crate) enum KeysAction {
    /// Seal every stored token again with the active (first) key; a token
    /// changed meanwhile is skipped and named.
    Rotate,
    /// Count the tokens each key seals and name those that cannot be opened.
    Check,
    /// Delete one server's stored token (e.g. one no key opens any more);
    /// its admins can enter a new one. Needs no `SECRETS_KEY`.
    Forget {
        /// The server's id (17 to 20 digits).
        server_id: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub(crate) enum StoreAction {
    /// Copy a mapping file into the store; the file's entries win, others are kept.
    Import {
        /// The mapping file [default: `CHANNELS_FILE`].
        file: Option<PathBuf>,
    },
    /// Print the whole store on stdout in the mapping-file format.
    Export,
}
