//! The one road every command takes, like poise's `on_error`: refuse it or
//! acknowledge it, let its handler decide, then count the outcome, turn an
//! error into the member's sentence (`error.rs`), deliver the answer and
//! hand the audit line over. Handlers never deliver, count or audit.

use std::sync::Arc;

use tokio::time::Instant;

use serenity::all::{CommandInteraction, Http};

use super::{mj_channel, relay, BotCommand};
use crate::access::AllowedGuilds;
use crate::app::App;
use crate::audit;
use crate::deliver::{self, Reply};
use crate::error::CommandError;
use crate::mapping::SharedMapping;
use crate::ops::InFlight;

/// The metric label of a command this version does not have: names from
/// Discord never become labels, so the metric cannot grow without bound.
const UNKNOWN: &str = "unknown";

/// How a command is acknowledged, and so how its answer is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ack {
    /// "Thinking…" for everyone; the answer is public, an error private.
    Public,
    /// "Thinking…" for the invoker only; everything stays private.
    Private,
}

/// What a handler gets: the interaction and the shared state.
pub(crate) struct Request<'a> {
    pub http: &'a Http,
    pub app: &'a App,
    pub cmd: &'a CommandInteraction,
    /// When the bot received the command: its time budget starts here.
    pub received: Instant,
}

impl Request<'_> {
    /// Replaces "thinking…" with a notice while the handler waits (useapi
    /// asked for a pause); the final answer replaces the notice.
    pub(crate) async fn notify(&self, text: &str) {
        // Boxed, as every Discord call here: see `dispatch`.
        let shown = Box::pin(deliver::edit_reply(self.http, self.cmd, text)).await;
        deliver::log_undelivered(self.cmd, shown);
    }
}

/// What a handler decided.
pub(crate) struct Handled {
    pub result: Result<Reply, CommandError>,
    /// The line for the server's audit channel, for commands that are audited.
    pub audit: Option<audit::Entry>,
}

impl From<Result<Reply, CommandError>> for Handled {
    fn from(result: Result<Reply, CommandError>) -> Self {
        Self {
            result,
            audit: None,
        }
    }
}

/// Where a command's answer goes, as far as it got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    /// Refused before any acknowledgement: answered at once, privately.
    Refused,
    /// Acknowledged as the command asks.
    Acknowledged(Ack),
    /// Discord did not take the acknowledgement: nothing reaches the member.
    Lost,
}

/// Handles one slash command from start to end: the only place where an
/// outcome is counted, turned into a sentence and delivered.
///
/// A command's task holds this future for as long as the command waits
/// (minutes, in the useapi queue), and a future is as large as its largest
/// state: the Discord calls (up to 8 KB of serenity futures each) are
/// boxed, so they take memory only while they run (BENCHMARKS.md, round two).
pub(crate) async fn dispatch(
    http: &Arc<Http>,
    app: &App,
    cmd: &CommandInteraction,
    received: Instant,
) {
    let command = BotCommand::by_name(&cmd.data.name);
    let label = command.map_or(UNKNOWN, BotCommand::name);
    // Held until the answer is delivered, so a shutdown waits for it.
    let (route, handled, _in_flight) = handle(http, app, cmd, command, received).await;
    app.metrics.command(label, outcome_label(&handled.result));
    let Some(delivered) = Box::pin(answer(http, cmd, route, handled.result)).await else {
        return;
    };
    deliver::log_undelivered(cmd, delivered);
    // After the reply, and without waiting: the audit line is background work.
    if let Some(entry) = handled.audit {
        hand_over(http, app, &app.settings, &entry);
    }
}

/// Delivers the reply or the error's sentence the way `route` says; `None`
/// when nothing can reach the member.
async fn answer(
    http: &Http,
    cmd: &CommandInteraction,
    route: Route,
    result: Result<Reply, CommandError>,
) -> Option<serenity::Result<()>> {
    let delivered = match result {
        Ok(reply) => match route {
            Route::Acknowledged(Ack::Public) => deliver::public_reply(http, cmd, &reply).await,
            Route::Acknowledged(Ack::Private) | Route::Refused => {
                deliver::private_reply(http, cmd, &reply).await
            }
            Route::Lost => return None,
        },
        Err(err) => {
            // Logged here too: the full chain when it is the bot's problem.
            let text = err.report(cmd.id);
            match route {
                Route::Acknowledged(Ack::Public) => {
                    deliver::error_after_defer(http, cmd, &text).await
                }
                Route::Acknowledged(Ack::Private) => deliver::edit_reply(http, cmd, &text).await,
                Route::Refused => deliver::ephemeral(http, cmd, &text).await,
                Route::Lost => return None,
            }
        }
    };
    Some(delivered)
}

/// Admits, acknowledges and runs the command's handler.
async fn handle<'a>(
    http: &'a Arc<Http>,
    app: &'a App,
    cmd: &'a CommandInteraction,
    command: Option<BotCommand>,
    received: Instant,
) -> (Route, Handled, Option<InFlight<'a>>) {
    let (command, in_flight) = match admit(app, cmd, command) {
        Ok(admitted) => admitted,
        Err(refused) => return (Route::Refused, Handled::from(Err(refused)), None),
    };
    let ack = command.ack();
    let acknowledged = match ack {
        Ack::Public => deliver::defer(http, cmd).await,
        Ack::Private => deliver::defer_ephemeral(http, cmd).await,
    };
    if let Err(err) = acknowledged {
        let lost = CommandError::NotAcknowledged(Box::new(err));
        return (Route::Lost, Handled::from(Err(lost)), Some(in_flight));
    }
    let request = Request {
        http,
        app,
        cmd,
        received,
    };
    let handled = match command {
        BotCommand::Relay(verb) => relay::run(&request, verb).await,
        // Rare and 4 KB: boxed, so a relayed command's task does not carry it.
        BotCommand::MjChannel => Box::pin(mj_channel::run(&request)).await,
    };
    (Route::Acknowledged(ack), handled, Some(in_flight))
}

/// Refusals that come before the acknowledgement: a server the bot does not
/// serve, a shutdown, a command this version does not have.
fn admit<'a>(
    app: &'a App,
    cmd: &CommandInteraction,
    command: Option<BotCommand>,
) -> Result<(BotCommand, InFlight<'a>), CommandError> {
    if !served(app, cmd) {
        return Err(CommandError::NotEnabledHere);
    }
    let in_flight = app.lifecycle.begin().ok_or(CommandError::Restarting)?;
    let command = command.ok_or_else(|| CommandError::UnknownCommand(cmd.data.name.clone()))?;
    Ok((command, in_flight))
}

/// Whether the interaction comes from a server the bot serves.
pub(super) fn served(app: &App, cmd: &CommandInteraction) -> bool {
    match cmd.guild_id {
        Some(guild) => app.access.guild_allowed(guild),
        // Commands are registered in servers only; with a list of servers,
        // anything from elsewhere is refused.
        None => !matches!(app.access.allowed_guilds, Some(AllowedGuilds::Only(_))),
    }
}

/// Queues the line for the server's audit channel, if it has one.
fn hand_over(http: &Arc<Http>, app: &App, settings: &SharedMapping, entry: &audit::Entry) {
    if let Some(channel) = settings.get().audit_channel(entry.guild) {
        app.audit
            .submit(http, entry.guild, channel, audit::line(entry));
    }
}

/// `mj_bridge_commands_total`'s outcome label.
fn outcome_label(result: &Result<Reply, CommandError>) -> &'static str {
    result.as_ref().map_or_else(error_label, |_| "ok")
}

fn error_label(err: &CommandError) -> &'static str {
    match err {
        CommandError::VerbDisabled(_) => "disabled",
        CommandError::CoolingDown { .. } => "cooldown",
        CommandError::NotEnabledHere => "not_allowed",
        CommandError::Restarting | CommandError::UnknownCommand(_) => "refused",
        _ => "failed",
    }
}
