//! Command line: `mj-bridge [run]` runs the bot, `mj-bridge check` is the
//! doctor, `mj-bridge store import|export` copies settings between stores,
//! `mj-bridge keys rotate|check|forget` tends the key ring, `mj-bridge commands
//! sync` registers the slash commands everywhere again, `mj-bridge account
//! reset` resets a channel's pending moderation at useapi.net.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::VARIABLES;

/// `--help` fits a terminal of this width (clap is built without
/// `wrap_help`, so its own text is written to fit, and the environment
/// table is wrapped here).
const HELP_WIDTH: usize = 80;

#[derive(Debug, Parser)]
#[command(
    name = "mj-bridge",
    version,
    about = "Discord bot that relays Midjourney commands to the useapi.net API",
    after_help = environment_help()
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
    /// Import or export the settings (`DATABASE_URL` or `CHANNELS_FILE`).
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
    /// A useapi.net account: the bot owner's, or a server's own.
    Account {
        #[command(subcommand)]
        action: AccountAction,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub(crate) enum AccountAction {
    /// Reset a Midjourney channel's pending moderation at useapi.net.
    ///
    /// Once its moderation message or CAPTCHA is resolved in Midjourney's
    /// Discord channel. Exit 0 when reset, 1 when useapi.net refused or
    /// failed (the reason is printed) or the server has no account of its
    /// own, 78 for a malformed id, a missing `USEAPI_TOKEN` (or, with
    /// `--server`, `SECRETS_KEY`) or a stored token no key opens. Servers'
    /// admins press "Resolved: reset" on the alert, or use
    /// `/mj-channel account reset`, instead.
    Reset {
        /// The Midjourney channel's id (17 to 20 digits).
        channel: String,
        /// Reset it with this server's own useapi.net account (its stored
        /// token, opened with `SECRETS_KEY`) instead of `USEAPI_TOKEN`.
        #[arg(long, value_name = "SERVER_ID")]
        server: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub(crate) enum CommandsAction {
    /// Register the commands again in every server (the bot may run).
    Sync,
}

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub(crate) enum KeysAction {
    /// Seal every stored token again with the active (first) key.
    Rotate,
    /// Count the tokens each key seals and name those that cannot be opened.
    Check,
    /// Delete one server's stored token (no `SECRETS_KEY` needed).
    ///
    /// For a token no key opens any more; the server's admins can enter a
    /// new one with `/mj-channel account set`.
    Forget {
        /// The server's id (17 to 20 digits).
        server_id: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub(crate) enum StoreAction {
    /// Copy a mapping file into the store; its entries win, others stay.
    Import {
        /// The mapping file [default: `CHANNELS_FILE`].
        file: Option<PathBuf>,
    },
    /// Print the whole store on stdout in the mapping-file format.
    Export,
}

/// The environment part of `--help`: each variable and what it means, the
/// meanings in one column, wrapped at word boundaries within [`HELP_WIDTH`].
fn environment_help() -> String {
    let column = 2
        + VARIABLES
            .iter()
            .map(|(name, _)| name.len())
            .max()
            .unwrap_or(0)
        + 2;
    let room = HELP_WIDTH.saturating_sub(column).max(20);
    let mut text = String::from("Environment (also read from .env in the working directory):\n");
    for (name, meaning) in VARIABLES {
        let mut lines = wrapped(meaning, room).into_iter();
        text.push_str(&format!(
            "  {name:<width$}{}\n",
            lines.next().unwrap_or_default(),
            width = column - 2
        ));
        for line in lines {
            text.push_str(&format!("{:column$}{line}\n", ""));
        }
    }
    text
}

/// `text` in lines of at most `width` characters, broken between words;
/// a `[default: …]` is never broken, and a word longer than `width` gets a
/// line of its own.
fn wrapped(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in unbroken(text) {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The words of `text`, each `[…]` kept as one.
fn unbroken(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut open = false;
    for word in text.split_whitespace() {
        match words.last_mut() {
            Some(last) if open => {
                last.push(' ');
                last.push_str(word);
            }
            _ => words.push(word.to_owned()),
        }
        if word.starts_with('[') {
            open = true;
        }
        if word.ends_with(']') {
            open = false;
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn every_line_of_help_fits_80_columns_and_names_every_variable() {
        let help = Cli::command().render_help().to_string();
        for line in help.lines() {
            assert!(
                line.chars().count() <= HELP_WIDTH,
                "{} columns: {line}",
                line.chars().count()
            );
        }
        for (name, _) in VARIABLES {
            assert!(
                help.lines()
                    .any(|line| line.trim_start().starts_with(&format!("{name} "))),
                "{name}:\n{help}"
            );
        }
        for command in Cli::command().get_subcommands_mut() {
            let help = command.render_help().to_string();
            for line in help.lines() {
                assert!(line.chars().count() <= HELP_WIDTH, "{line}");
            }
        }
    }

    #[test]
    fn a_meaning_is_wrapped_between_words_and_nothing_is_lost() {
        let meaning =
            "seconds between reads of the Midjourney accounts' states; 0 = off [default: 300]";
        let lines = wrapped(meaning, 30);
        assert!(
            lines.iter().all(|line| line.chars().count() <= 30),
            "{lines:?}"
        );
        assert_eq!(lines.join(" "), meaning);
        assert_eq!(
            wrapped("a-very-long-word short", 5),
            ["a-very-long-word", "short"]
        );
    }
}
