//! Slash commands: one file per command, each with `register()` and `run()`.

pub mod mj_channel;
pub mod relay;

use std::collections::BTreeSet;

use serenity::all::{Command, CommandInteraction, CreateCommand, GuildId, Http};

use crate::discord::App;
use crate::respond;
use crate::respond::retry_rate_limited;
use crate::useapi::Verb;

/// The commands of a guild: every verb it has not turned off, and `/mj-channel`.
pub fn for_guild(disabled: &BTreeSet<String>) -> Vec<CreateCommand> {
    Verb::ALL
        .iter()
        .filter(|verb| !disabled.contains(verb.name))
        .map(|verb| relay::register(*verb))
        .chain([mj_channel::register()])
        .collect()
}

/// One bulk overwrite (PUT) of the guild's commands: a restart never duplicates them.
pub async fn register_in_guild(
    http: &Http,
    app: &App,
    guild: GuildId,
) -> serenity::Result<Vec<Command>> {
    let commands = for_guild(&app.mappings.guild(guild.get()).await.disabled);
    retry_rate_limited("register commands", || {
        guild.set_commands(http, commands.clone())
    })
    .await
}

/// Suggestions while an admin types a Midjourney channel id.
pub async fn autocomplete(http: &Http, app: &App, cmd: &CommandInteraction) {
    if cmd.data.name == mj_channel::NAME {
        mj_channel::autocomplete(http, app, cmd).await;
    }
}

pub async fn dispatch(http: &Http, app: &App, cmd: &CommandInteraction) {
    let name = cmd.data.name.as_str();
    let Some(_in_flight) = app.lifecycle.begin() else {
        app.metrics.command(name, "refused");
        let text = "The bot is restarting. Please try again in a moment.";
        respond::log_undelivered(cmd, respond::ephemeral(http, cmd, text).await);
        return;
    };
    if let Some(verb) = Verb::by_name(name) {
        relay::run(http, app, cmd, verb).await;
    } else if name == mj_channel::NAME {
        mj_channel::run(http, app, cmd).await;
    } else {
        // A command left over from another version of the bot.
        tracing::warn!(command = name, interaction = %cmd.id, "unknown command");
        let text = "This command is not known to this version of the bot. A server admin can restart the bot to refresh its commands.";
        respond::log_undelivered(cmd, respond::ephemeral(http, cmd, text).await);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_lists_every_verb_with_its_endpoint() {
        let readme = include_str!("../../README.md");
        for verb in Verb::ALL {
            let row = format!(
                "| `/{}` | `POST /{}` | {}",
                verb.name, verb.path, verb.description
            );
            assert!(readme.contains(&row), "README.md lacks the row: {row}");
        }
    }

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
}
