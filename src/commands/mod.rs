//! Slash commands: one file per command, each with `register()` and `run()`.

pub mod mj_channel;
pub mod relay;

use serenity::all::{CommandInteraction, CreateCommand, Http};

use crate::discord::App;
use crate::useapi::Verb;

/// Every command the bot registers in a guild.
pub fn all() -> Vec<CreateCommand> {
    Verb::ALL
        .iter()
        .map(|verb| relay::register(*verb))
        .chain([mj_channel::register()])
        .collect()
}

pub async fn dispatch(http: &Http, app: &App, cmd: &CommandInteraction) {
    let name = cmd.data.name.as_str();
    if let Some(verb) = Verb::by_name(name) {
        relay::run(http, app, cmd, verb).await;
    } else if name == mj_channel::NAME {
        mj_channel::run(http, app, cmd).await;
    } else {
        // A command left over from another version of the bot.
        tracing::warn!(command = name, interaction = %cmd.id, "unknown command");
        let text = "This command is not known to this version of the bot. A server admin can restart the bot to refresh its commands.";
        if let Err(err) = crate::respond::ephemeral(http, cmd, text).await {
            tracing::warn!(interaction = %cmd.id, error = %err, "reply could not be delivered");
        }
    }
}
