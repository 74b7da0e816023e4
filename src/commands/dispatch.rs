//! The one road every interaction takes: refuse it or acknowledge it, let
//! its handler decide, then [`outcome::conclude`] counts the command, words
//! its error, delivers its answer and hands over its audit line and
//! account alerts. Handlers deliver no answer and count no command; two
//! exceptions stay in `/mj-channel`, because they are part of the edit
//! itself: a settings write is counted where it is saved (the one settings
//! write, `mj_channel::save`), and `audit` posts its first line at once, to
//! prove the bot can post there.
//! Three lanes lead onto the road from the front door (`front_door`): slash
//! commands, the forms (modals) some of them open, and the "Resolved:
//! reset" button of account alerts.

use std::sync::Arc;
use std::time::Duration;

use serenity::all::{CommandInteraction, ComponentInteraction, GuildId, Http, ModalInteraction};

use super::outcome::{conclude, Ack, Handled, Route};
use super::{mj_channel, relay, reset, BotCommand};
use crate::access::AllowedGuilds;
use crate::app::App;
use crate::deliver::{self, Arrival, Target};
use crate::error::CommandError;
use crate::ids::MjChannelId;
use crate::locale::Lang;
use crate::ops::InFlight;

/// The metric label of a command this version does not have: names from
/// Discord never become labels, so the metric cannot grow without bound.
const UNKNOWN: &str = "unknown";

/// What a command's handler gets: the interaction and the shared state.
pub(crate) struct Request<'a> {
    pub http: &'a Http,
    pub app: &'a App,
    pub cmd: &'a CommandInteraction,
    /// When the bot received the command (its time budget starts here),
    /// and how its first response goes back.
    pub arrival: &'a Arrival,
    /// The member's cooldown as the front door claimed it: `None` when none
    /// applies, else `Ok` (it starts now) or how long is left.
    pub cooldown: Option<Result<(), Duration>>,
    /// What the member reads in: their Discord `locale`.
    pub lang: Lang,
}

impl Request<'_> {
    /// Replaces "thinking…" with a notice while the handler waits (useapi
    /// asked for a pause); the final answer replaces the notice.
    pub(crate) async fn notify(&self, text: &str) {
        let to = Target::new(self.cmd.id, &self.cmd.token, self.arrival);
        // Boxed, as every Discord call here: see `dispatch`.
        let shown = Box::pin(deliver::edit_reply(self.http, to, text)).await;
        deliver::log_undelivered(to, shown);
    }
}

/// Handles one slash command from start to end.
///
/// A command's task holds this future for as long as the command waits
/// (minutes, in the useapi queue), and a future is as large as its largest
/// state: the Discord calls (up to 8 KB of serenity futures each) are
/// boxed, so they take memory only while they run (BENCHMARKS.md, round two).
pub(crate) async fn dispatch(
    http: &Arc<Http>,
    app: &App,
    cmd: &CommandInteraction,
    arrival: &Arrival,
    cooldown: Option<Result<(), Duration>>,
) {
    let command = BotCommand::by_name(&cmd.data.name);
    let label = command.map_or(UNKNOWN, BotCommand::name);
    let lang = heard(app, cmd.guild_id, &cmd.locale, cmd.guild_locale.as_deref());
    let request = Request {
        http,
        app,
        cmd,
        arrival,
        cooldown,
        lang,
    };
    // Held until the answer is delivered, so a shutdown waits for it.
    let (route, handled, _in_flight) = handle(&request, command).await;
    let to = Target::new(cmd.id, &cmd.token, arrival);
    Box::pin(conclude(http, app, to, (label, lang), route, handled)).await;
}

/// Handles one submitted form from start to end, as its command would be.
pub(crate) async fn dispatch_form(
    http: &Arc<Http>,
    app: &App,
    form: &ModalInteraction,
    arrival: &Arrival,
) {
    let to = Target::new(form.id, &form.token, arrival);
    let lang = heard(
        app,
        form.guild_id,
        &form.locale,
        form.guild_locale.as_deref(),
    );
    let label = (mj_channel::NAME, lang);
    let admitted = admit(app, form.guild_id).and_then(|in_flight| {
        mj_channel::form(&form.data.custom_id)
            .map(|form| (form, in_flight))
            .ok_or_else(|| CommandError::unknown_command(&form.data.custom_id))
    });
    let (known, _in_flight) = match admitted {
        Ok(admitted) => admitted,
        Err(refused) => {
            let handled = Handled::from(Err(refused));
            return Box::pin(conclude(
                http,
                app,
                to,
                (UNKNOWN, lang),
                Route::FirstResponse,
                handled,
            ))
            .await;
        }
    };
    if let Err(err) = deliver::defer_ephemeral(http, to).await {
        let lost = Handled::from(Err(CommandError::NotAcknowledged(Box::new(err))));
        return Box::pin(conclude(http, app, to, label, Route::Lost, lost)).await;
    }
    let handled = Box::pin(mj_channel::submitted(app, form, known, lang)).await;
    let route = Route::Acknowledged(Ack::Private);
    Box::pin(conclude(http, app, to, label, route, handled)).await;
}

/// Handles one press of an alert's reset button for `mj` from start to
/// end: a member who may not reset is refused before anything is called;
/// otherwise the press is acknowledged and the alert it sits on becomes
/// the outcome (`reset::run`), and a failure is told to the presser alone.
pub(crate) async fn dispatch_press(
    http: &Arc<Http>,
    app: &App,
    press: &ComponentInteraction,
    mj: MjChannelId,
    arrival: &Arrival,
) {
    let to = Target::new(press.id, &press.token, arrival);
    let lang = heard(
        app,
        press.guild_id,
        &press.locale,
        press.guild_locale.as_deref(),
    );
    let label = (mj_channel::NAME, lang);
    let admitted = admit(app, press.guild_id).and_then(|in_flight| {
        reset::admit(app, press.guild_id, press.member.as_ref()).map(|spender| (spender, in_flight))
    });
    let (spender, _in_flight) = match admitted {
        Ok(admitted) => admitted,
        Err(refused) => {
            let handled = Handled::from(Err(refused));
            let route = Route::FirstResponse;
            return Box::pin(conclude(http, app, to, label, route, handled)).await;
        }
    };
    if let Err(err) = deliver::defer_update(http, to).await {
        let lost = Handled::from(Err(CommandError::NotAcknowledged(Box::new(err))));
        return Box::pin(conclude(http, app, to, label, Route::Lost, lost)).await;
    }
    // The answer replaces the alert, which the whole server reads.
    let server = app.audit.language(&app.settings.get(), spender.guild());
    let asked = reset::Asked {
        member: press.user.id,
        place: press.channel_id,
        mj,
        pressed: true,
        lang: server,
    };
    let handled = Box::pin(reset::run(app, spender, asked)).await;
    let route = Route::Acknowledged(Ack::Update);
    Box::pin(conclude(http, app, to, label, route, handled)).await;
}

/// Admits, acknowledges and runs the command's handler.
async fn handle<'a>(
    request: &Request<'a>,
    command: Option<BotCommand>,
) -> (Route, Handled, Option<InFlight<'a>>) {
    let (http, app, cmd) = (request.http, request.app, request.cmd);
    let admitted = admit(app, cmd.guild_id).and_then(|in_flight| {
        command
            .map(|command| (command, in_flight))
            .ok_or_else(|| CommandError::unknown_command(&cmd.data.name))
    });
    let (command, in_flight) = match admitted {
        Ok(admitted) => admitted,
        Err(refused) => return (Route::FirstResponse, Handled::from(Err(refused)), None),
    };
    let ack = command.ack(cmd);
    let to = Target::new(cmd.id, &cmd.token, request.arrival);
    let acknowledged = match ack {
        Ack::Public => deliver::defer(http, to).await,
        Ack::Private => deliver::defer_ephemeral(http, to).await,
        Ack::Update => deliver::defer_update(http, to).await,
        Ack::None => Ok(()),
    };
    if let Err(err) = acknowledged {
        let lost = CommandError::NotAcknowledged(Box::new(err));
        return (Route::Lost, Handled::from(Err(lost)), Some(in_flight));
    }
    let handled = match command {
        BotCommand::Relay(verb) => relay::run(request, verb).await,
        // Rare and 4 KB: boxed, so a relayed command's task does not carry it.
        BotCommand::MjChannel => Box::pin(mj_channel::run(request)).await,
    };
    let route = match ack {
        Ack::None => Route::FirstResponse,
        ack => Route::Acknowledged(ack),
    };
    (route, handled, Some(in_flight))
}

/// The member's language, from their `locale`; notes the server's
/// `guild_locale` for what the whole server reads later (alerts, audit lines).
fn heard(app: &App, guild: Option<GuildId>, locale: &str, guild_locale: Option<&str>) -> Lang {
    if let Some(guild) = guild {
        app.audit.saw_locale(guild, guild_locale);
    }
    Lang::of(Some(locale))
}

/// Refusals that come before the acknowledgement: a server the bot does
/// not serve, a shutdown.
fn admit(app: &App, guild: Option<GuildId>) -> Result<InFlight<'_>, CommandError> {
    if !served(app, guild) {
        return Err(CommandError::NotEnabledHere);
    }
    app.lifecycle.begin().ok_or(CommandError::Restarting)
}

/// Whether an interaction from `guild` comes from a server the bot serves.
pub(super) fn served(app: &App, guild: Option<GuildId>) -> bool {
    match guild {
        Some(guild) => app.access.guild_allowed(guild),
        // Commands are registered in servers only; with a list of servers,
        // anything from elsewhere is refused.
        None => !matches!(app.access.allowed_guilds, Some(AllowedGuilds::Only(_))),
    }
}
