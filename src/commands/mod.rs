//! Every slash command the bot has, in one list ([`BotCommand::all`]) that
//! drives registration, dispatch and `docs/commands.md`. One file (or folder) per
//! command, each with `register()` and a `run()` that decides and returns
//! its outcome; [`dispatch`] runs the one road and [`outcome`] delivers,
//! counts and audits it.

mod describe;
mod dispatch;
pub(crate) mod mj_channel;
mod outcome;
pub(crate) mod relay;
mod reset;

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, PoisonError};

use serenity::all::{CommandInteraction, CreateCommand, Http};

use crate::access::AllowedGuilds;
use crate::app::App;
use crate::deliver::{self, Arrival, Target};
use crate::registration::{CommandSet, CommandsFor};
use crate::settings::SharedMapping;
use crate::verbs::Verb;
pub(crate) use dispatch::{dispatch, dispatch_form, dispatch_press, Request};

/// The cooldown a slash command must claim before it runs (see
/// [`relay::cooldown_ask`]); none for a command that is not a Midjourney verb.
pub(crate) fn cooldown_ask(
    app: &App,
    cmd: &CommandInteraction,
) -> Option<(crate::access::Scope, serenity::all::UserId)> {
    match BotCommand::by_name(&cmd.data.name)? {
        BotCommand::Relay(verb) => relay::cooldown_ask(app, cmd, verb),
        BotCommand::MjChannel => None,
    }
}
use outcome::Ack;
pub(crate) use outcome::{count_from_zero, Handled};

/// A command of this bot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BotCommand {
    /// A Midjourney verb relayed to useapi.net (see [`Verb::ALL`]).
    Relay(Verb),
    /// `/mj-channel`, the admins' settings.
    MjChannel,
}

impl BotCommand {
    /// The Midjourney verbs, then `/mj-channel`: the order Discord lists them in.
    pub(crate) fn all() -> impl Iterator<Item = BotCommand> {
        Verb::ALL
            .iter()
            .map(|verb| BotCommand::Relay(*verb))
            .chain([BotCommand::MjChannel])
    }

    pub(crate) fn by_name(name: &str) -> Option<BotCommand> {
        Self::all().find(|command| command.name() == name)
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Relay(verb) => verb.name,
            Self::MjChannel => mj_channel::NAME,
        }
    }

    /// Midjourney answers are public; the admins' settings stay private,
    /// and a form an admin must fill in is the first response itself.
    fn ack(self, cmd: &CommandInteraction) -> Ack {
        match self {
            Self::Relay(_) => Ack::Public,
            Self::MjChannel if mj_channel::opens_a_form(cmd) => Ack::None,
            Self::MjChannel => Ack::Private,
        }
    }

    /// `own_accounts`: servers may keep their own useapi token (`SECRETS_KEY`
    /// is set), so `/mj-channel account` is offered.
    pub(crate) fn register(self, own_accounts: bool) -> CreateCommand {
        match self {
            Self::Relay(verb) => relay::register(verb),
            Self::MjChannel => mj_channel::register(own_accounts),
        }
    }
}

/// The commands of a guild: every verb it has not turned off, and `/mj-channel`.
pub(crate) fn for_guild(disabled: &BTreeSet<Verb>, own_accounts: bool) -> Vec<CreateCommand> {
    BotCommand::all()
        .filter(|command| !matches!(command, BotCommand::Relay(verb) if disabled.contains(verb)))
        .map(|command| command.register(own_accounts))
        .collect()
}

/// [`plan`] as `config` sets it: the one way the command plan is built
/// (the bot, `commands sync`, `check`).
pub(crate) fn plan_for(config: &crate::config::Config, settings: SharedMapping) -> CommandsFor {
    plan(
        settings,
        config.allowed_guilds.clone(),
        config.secrets.is_some(),
    )
}

/// What every server should have: its commands where it is served, an
/// empty list elsewhere (so stale commands disappear from a server outside
/// `ALLOWED_GUILDS`). Read at each registration, so a verb an admin turned
/// off is left out. Each distinct set (by the verbs turned off; at most one
/// per subset of `Verb::ALL`) is built once.
pub(crate) fn plan(
    settings: SharedMapping,
    allowed: Option<AllowedGuilds>,
    own_accounts: bool,
) -> CommandsFor {
    let sets: Mutex<HashMap<Option<BTreeSet<Verb>>, Arc<CommandSet>>> = Mutex::default();
    Box::new(move |guild| {
        // `None`: not served, so no commands at all.
        let key = allowed
            .as_ref()
            .is_none_or(|allowed| allowed.allows(guild))
            .then(|| {
                let settings = settings.get();
                settings
                    .guild(guild)
                    .map(|g| g.disabled.clone())
                    .unwrap_or_default()
            });
        let mut sets = sets.lock().unwrap_or_else(PoisonError::into_inner);
        sets.entry(key)
            .or_insert_with_key(|key| {
                let build = || {
                    key.as_ref()
                        .map(|disabled| for_guild(disabled, own_accounts))
                        .unwrap_or_default()
                };
                let english = describe::english_only(build);
                Arc::new(CommandSet::new(&build(), &english))
            })
            .clone()
    })
}

/// Suggestions while an admin types an option with autocomplete; none in a
/// server the bot does not serve.
pub(crate) async fn autocomplete(
    http: &Http,
    app: &App,
    cmd: &CommandInteraction,
    arrival: &Arrival,
) {
    if !dispatch::served(app, cmd.guild_id) {
        let to = Target::new(cmd.id, &cmd.token, arrival);
        if let Err(err) = deliver::autocomplete(http, to, Vec::new()).await {
            tracing::warn!(interaction = %cmd.id, error = %crate::logging::chain(&err), "suggestions could not be delivered");
        }
        return;
    }
    if BotCommand::by_name(&cmd.data.name) == Some(BotCommand::MjChannel) {
        mj_channel::autocomplete(http, app, cmd, arrival).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turned_off_verbs_are_not_registered() {
        let names = |disabled: &[&str]| -> Vec<String> {
            let disabled = disabled
                .iter()
                .filter_map(|name| Verb::by_name(name))
                .collect();
            for_guild(&disabled, false)
                .into_iter()
                .map(|c| {
                    serde_json::to_value(c).unwrap()["name"]
                        .as_str()
                        .unwrap()
                        .to_owned()
                })
                .collect()
        };
        // The verbs in the table's order, then `/mj-channel`.
        let all: Vec<&str> = Verb::ALL.iter().map(|verb| verb.name).collect();
        let expected = |off: &[&str]| -> Vec<String> {
            all.iter()
                .filter(|name| !off.contains(name))
                .chain(&["mj-channel"])
                .map(|name| (*name).to_owned())
                .collect()
        };
        assert_eq!(names(&[]), expected(&[]));
        let (first, last) = (all[0], all[all.len() - 1]);
        assert_eq!(names(&[first, last]), expected(&[first, last]));
    }

    #[test]
    fn a_command_set_built_twice_has_one_fingerprint() {
        let build = || {
            let commands = || for_guild(&BTreeSet::new(), true);
            crate::registration::CommandSet::new(&commands(), &describe::english_only(commands))
        };
        for _ in 0..5 {
            assert_eq!(build().fingerprint, build().fingerprint);
        }
    }

    #[test]
    fn every_command_is_found_by_its_name() {
        for command in BotCommand::all() {
            assert_eq!(BotCommand::by_name(command.name()), Some(command));
        }
        assert_eq!(BotCommand::by_name("imagine"), None);
    }
}
