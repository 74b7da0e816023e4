//! Every slash command the bot has, in one list ([`BotCommand::all`]) that
//! drives registration, dispatch and the README. One file (or folder) per
//! command, each with `register()` and `run()`.

pub mod mj_channel;
pub mod relay;

use std::collections::BTreeSet;

use serenity::all::{Command, CommandInteraction, CreateCommand, GuildId, Http};

use crate::app::App;
use crate::deliver::{self, retry_rate_limited};
use crate::error::CommandError;
use crate::verbs::Verb;

/// A command of this bot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BotCommand {
    /// A Midjourney verb relayed to useapi.net (see [`Verb::ALL`]).
    Relay(Verb),
    /// `/mj-channel`, the admins' settings.
    MjChannel,
}

impl BotCommand {
    /// The Midjourney verbs, then `/mj-channel`: the order Discord lists them in.
    pub fn all() -> impl Iterator<Item = BotCommand> {
        Verb::ALL
            .iter()
            .map(|verb| BotCommand::Relay(*verb))
            .chain([BotCommand::MjChannel])
    }

    pub fn by_name(name: &str) -> Option<BotCommand> {
        Self::all().find(|command| command.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Relay(verb) => verb.name,
            Self::MjChannel => mj_channel::NAME,
        }
    }

    pub fn register(self) -> CreateCommand {
        match self {
            Self::Relay(verb) => relay::register(verb),
            Self::MjChannel => mj_channel::register(),
        }
    }
}

/// The commands of a guild: every verb it has not turned off, and `/mj-channel`.
pub fn for_guild(disabled: &BTreeSet<String>) -> Vec<CreateCommand> {
    BotCommand::all()
        .filter(|command| !disabled.contains(command.name()))
        .map(BotCommand::register)
        .collect()
}

/// One bulk overwrite (PUT) of the guild's commands: a restart never duplicates them.
pub async fn register_in_guild(
    http: &Http,
    app: &App,
    guild: GuildId,
) -> serenity::Result<Vec<Command>> {
    let commands = for_guild(&app.mappings.guild(guild).await.disabled);
    retry_rate_limited("register commands", || {
        guild.set_commands(http, commands.clone())
    })
    .await
}

/// Suggestions while an admin types an option with autocomplete.
pub async fn autocomplete(http: &Http, app: &App, cmd: &CommandInteraction) {
    if BotCommand::by_name(&cmd.data.name) == Some(BotCommand::MjChannel) {
        mj_channel::autocomplete(http, app, cmd).await;
    }
}

pub async fn dispatch(http: &Http, app: &App, cmd: &CommandInteraction) {
    let name = cmd.data.name.as_str();
    let Some(_in_flight) = app.lifecycle.begin() else {
        app.metrics.command(name, "refused");
        refuse(http, cmd, CommandError::Restarting).await;
        return;
    };
    match BotCommand::by_name(name) {
        Some(BotCommand::Relay(verb)) => relay::run(http, app, cmd, verb).await,
        Some(BotCommand::MjChannel) => mj_channel::run(http, app, cmd).await,
        // A command left over from another version of the bot.
        None => refuse(http, cmd, CommandError::UnknownCommand(name.to_owned())).await,
    }
}

/// Answers with `err`'s sentence, visible to the member only.
async fn refuse(http: &Http, cmd: &CommandInteraction, err: CommandError) {
    let text = err.report(cmd.id);
    deliver::log_undelivered(cmd, deliver::ephemeral(http, cmd, &text).await);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turned_off_verbs_are_not_registered() {
        let names = |disabled: &[&str]| -> Vec<String> {
            let disabled = disabled.iter().map(|s| s.to_string()).collect();
            for_guild(&disabled)
                .into_iter()
                .map(|c| {
                    serde_json::to_value(c).unwrap()["name"]
                        .as_str()
                        .unwrap()
                        .to_owned()
                })
                .collect()
        };
        assert_eq!(
            names(&[]),
            [
                "fast",
                "relax",
                "turbo",
                "info",
                "variability",
                "mj-channel"
            ]
        );
        assert_eq!(
            names(&["turbo", "info"]),
            ["fast", "relax", "variability", "mj-channel"]
        );
    }

    #[test]
    fn every_command_is_found_by_its_name() {
        for command in BotCommand::all() {
            assert_eq!(BotCommand::by_name(command.name()), Some(command));
        }
        assert_eq!(BotCommand::by_name("imagine"), None);
    }
}
