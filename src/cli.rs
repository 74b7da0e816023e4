//! Command line: `mj-bridge [run]` runs the bot, `mj-bridge check` is the doctor.

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "mj-bridge",
    version,
    about = "Discord bot that relays Midjourney commands to the useapi.net API",
    after_help = crate::config::variables_help()
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Subcommand)]
pub enum Command {
    /// Run the bot (the default).
    Run,
    /// Check the settings, both tokens and the mapping file, then exit.
    Check,
}
