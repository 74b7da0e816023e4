//! Where every command's outcome ends, like poise's `on_error`: counted,
//! an error turned into the member's sentence (`error.rs`), the answer
//! delivered, the audit line (and any account alert) handed over. The only
//! caller of `CommandError::report` and `Metrics::command`, so the one place
//! that knows every outcome label ([`count_from_zero`]).

use std::sync::Arc;

use serenity::all::{CreateActionRow, Http};

use crate::account_health::Changes;
use crate::app::App;
use crate::audit;
use crate::deliver::{self, Reply, Target};
use crate::error::CommandError;
use crate::locale::Lang;
use crate::ops::Metrics;

/// How an interaction is acknowledged, and so how its answer is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ack {
    /// "Thinking…" for everyone; the answer is public, an error private.
    Public,
    /// "Thinking…" for the invoker only; everything stays private.
    Private,
    /// Nothing before the handler's answer, which must come at once: a
    /// form (Discord shows a modal only as the first response).
    None,
    /// A button press: nothing new is shown; the answer replaces the
    /// message the button sits on, an error goes to the presser alone.
    Update,
}

/// What a handler decided.
pub(crate) struct Handled {
    pub result: Result<Reply, CommandError>,
    /// The line for the server's audit channel, for commands that are audited.
    pub audit: Option<audit::Entry>,
    /// What the command revealed about a Midjourney account (a 596 found,
    /// or resolved), for the servers that use it.
    pub account_changes: Changes,
    /// Buttons that go with the member's error (the "Resolved: reset" of a
    /// 596 the member's server may reset).
    pub error_buttons: Vec<CreateActionRow>,
}

impl From<Result<Reply, CommandError>> for Handled {
    fn from(result: Result<Reply, CommandError>) -> Self {
        Self {
            result,
            audit: None,
            account_changes: Changes::default(),
            error_buttons: Vec::new(),
        }
    }
}

/// Where an answer goes, as far as the interaction got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Route {
    /// Nothing was sent yet: the answer is the first response, private (a
    /// refusal, or a form to fill in).
    FirstResponse,
    /// Acknowledged as the command asks.
    Acknowledged(Ack),
    /// Discord did not take the acknowledgement: nothing reaches the member.
    Lost,
}

/// Counts, words (an error in `lang`, the member's), delivers and audits
/// `handled`, labelled `label` in `mj_bridge_commands_total`.
pub(super) async fn conclude(
    http: &Arc<Http>,
    app: &App,
    to: Target<'_>,
    (label, lang): (&str, Lang),
    route: Route,
    handled: Handled,
) {
    app.metrics.command(label, outcome_label(&handled.result));
    let delivered = match handled.result {
        Ok(reply) => match route {
            Route::Acknowledged(Ack::Public) => deliver::public_reply(http, to, &reply, lang).await,
            Route::Acknowledged(Ack::Private) => deliver::private_reply(http, to, &reply).await,
            Route::Acknowledged(Ack::Update) => deliver::update_message(http, to, &reply).await,
            Route::FirstResponse | Route::Acknowledged(Ack::None) => {
                first_response(http, to, reply).await
            }
            Route::Lost => return,
        },
        Err(err) => {
            // Logged here too: the full chain when it is the bot's problem.
            let text = err.report(lang, to.id);
            match route {
                Route::Acknowledged(Ack::Public) => {
                    deliver::error_after_defer(http, to, &text, &handled.error_buttons).await
                }
                Route::Acknowledged(Ack::Private) => deliver::edit_reply(http, to, &text).await,
                Route::Acknowledged(Ack::Update) => {
                    deliver::private_followup(http, to, &text).await
                }
                Route::FirstResponse | Route::Acknowledged(Ack::None) => {
                    deliver::ephemeral(http, to, &text).await
                }
                Route::Lost => return,
            }
        }
    };
    deliver::log_undelivered(to, delivered);
    // After the reply, and without waiting: the audit line is background
    // work, and an account alert follows the line of the command that found it.
    if let Some(entry) = handled.audit {
        hand_over(http, app, &entry);
    }
    app.health.announce(http, &handled.account_changes).await;
}

/// A form, or a private message, as the interaction's first response.
async fn first_response(http: &Http, to: Target<'_>, reply: Reply) -> serenity::Result<()> {
    match reply.modal {
        Some(modal) => deliver::modal(http, to, modal).await,
        None => deliver::ephemeral(http, to, &reply.parts.concat()).await,
    }
}

/// Queues the line for the server's audit channel, if it has one, in the
/// server's language; the line of a command outside any server, which has
/// none, is logged (in English, as every log line).
fn hand_over(http: &Arc<Http>, app: &App, entry: &audit::Entry) {
    let Some(guild) = entry.guild else {
        tracing::info!(member = %entry.member, line = %audit::line(Lang::EN, entry), "audit line of a command outside any server");
        return;
    };
    let settings = app.settings.get();
    if let Some(channel) = settings.audit_channel(guild) {
        let lang = app.audit.language(&settings, guild);
        app.audit
            .submit(http, guild, channel, audit::line(lang, entry));
    }
}

const OK: &str = "ok";
const DISABLED: &str = "disabled";
const COOLDOWN: &str = "cooldown";
const NOT_ALLOWED: &str = "not_allowed";
const NO_ACCOUNT: &str = "no_account";
const REFUSED: &str = "refused";
const FAILED: &str = "failed";
/// Every outcome label [`outcome_label`] gives.
const OUTCOMES: [&str; 7] = [
    OK,
    DISABLED,
    COOLDOWN,
    NOT_ALLOWED,
    NO_ACCOUNT,
    REFUSED,
    FAILED,
];

/// Puts every command's count at 0 for each outcome, before the first
/// command, so dashboards and alerts on `mj_bridge_commands_total` see 0.
pub(crate) fn count_from_zero(metrics: &Metrics) {
    metrics.count_commands_from_zero(
        super::BotCommand::all().map(super::BotCommand::name),
        &OUTCOMES,
    );
}

/// `mj_bridge_commands_total`'s outcome label.
fn outcome_label(result: &Result<Reply, CommandError>) -> &'static str {
    result.as_ref().map_or_else(error_label, |_| OK)
}

fn error_label(err: &CommandError) -> &'static str {
    match err {
        CommandError::VerbDisabled(_) => DISABLED,
        CommandError::CoolingDown { .. } => COOLDOWN,
        CommandError::NotEnabledHere => NOT_ALLOWED,
        CommandError::NoAccount | CommandError::AccountUnreadable => NO_ACCOUNT,
        CommandError::Restarting | CommandError::UnknownCommand(_) => REFUSED,
        _ => FAILED,
    }
}
