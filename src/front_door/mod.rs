//! The front door: every interaction enters here, from the gateway or over
//! HTTP (`INTERACTIONS_ADDR`), with the moment it was received and how its
//! first response goes back ([`Arrival`]). This is the only match over
//! interaction kinds; both ingresses are transport only.
//!
//! A button press is ours only when it is an account alert's "Resolved:
//! reset" (`reset_button`); it is claimed as a form is.
//!
//! At the door a slash command claims what it needs before anything runs
//! (`access::Claims`: over HTTP its interaction, so a load balancer's
//! repeat on another worker is not run again; a Midjourney verb its
//! member's cooldown), in one round trip to the database. Then it gets a
//! task of its own and the one road (`commands::dispatch`) takes it.

mod unreadable;

use std::sync::Arc;

use serde_json::Value;
use serenity::all::{Http, Interaction, InteractionId, InteractionType};

use crate::access::Ask;
use crate::app::App;
use crate::commands;
use crate::deliver::Arrival;
use crate::reset_button;

/// An interaction as an ingress read it.
pub(crate) enum Incoming {
    Readable(Box<Interaction>),
    /// JSON serenity cannot read as an interaction (Discord changed it).
    Unreadable(Value),
}

/// What became of an interaction at the door, for its transport to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entered {
    /// On its way: its first response comes through its [`Arrival`].
    Running,
    /// Another delivery of it was claimed first (by this process or
    /// another): nothing runs. Over HTTP, 409.
    Repeat,
    /// A kind this bot has nothing for, or nothing it could answer: nothing
    /// runs and nothing is sent. Over HTTP, 400.
    NotOurs,
}

/// Takes `incoming`, received as `arrival` says, onto the one road.
pub(crate) async fn enter(
    http: &Arc<Http>,
    app: &Arc<App>,
    incoming: Incoming,
    arrival: Arrival,
) -> Entered {
    let interaction = match incoming {
        Incoming::Readable(interaction) => interaction,
        Incoming::Unreadable(value) => return unreadable::answer(http, app, &value, arrival),
    };
    // Only an interaction POSTed to the bot can come twice: a load balancer
    // retries, a copy is replayed. The gateway delivers each once.
    let repeatable = |id| arrival.over_http().then_some(id);
    let (http, app) = (http.clone(), app.clone());
    match *interaction {
        Interaction::Command(cmd) => {
            let ask = Ask {
                interaction: repeatable(cmd.id),
                cooldown: commands::cooldown_ask(&app, &cmd),
            };
            let verdict = app.claims.claim(ask).await;
            if verdict.repeat {
                return repeat(cmd.id);
            }
            // A task of its own holding only what it needs: a command may
            // wait minutes in the useapi queue (see `commands::dispatch`).
            let cmd = Box::new(cmd);
            tokio::spawn(async move {
                commands::dispatch(&http, &app, &cmd, &arrival, verdict.cooldown).await;
            });
        }
        Interaction::Modal(form) => {
            if delivered_before(&app, repeatable(form.id)).await {
                return repeat(form.id);
            }
            let form = Box::new(form);
            tokio::spawn(
                async move { commands::dispatch_form(&http, &app, &form, &arrival).await },
            );
        }
        // A press of an account alert's reset button; any other button is
        // none of this bot's.
        Interaction::Component(press) => {
            let Some(mj) = reset_button::channel(&press.data.custom_id) else {
                return not_ours(press.id, InteractionType::Component);
            };
            if delivered_before(&app, repeatable(press.id)).await {
                return repeat(press.id);
            }
            let press = Box::new(press);
            tokio::spawn(async move {
                commands::dispatch_press(&http, &app, &press, mj, &arrival).await;
            });
        }
        // Not claimed: suggestions asked for twice are only suggestions.
        Interaction::Autocomplete(cmd) => {
            tokio::spawn(async move { commands::autocomplete(&http, &app, &cmd, &arrival).await });
        }
        other => return not_ours(other.id(), other.kind()),
    }
    Entered::Running
}

fn not_ours(id: InteractionId, kind: InteractionType) -> Entered {
    tracing::debug!(interaction = %id, ?kind, "an interaction of a kind this bot has none of; not answered");
    Entered::NotOurs
}

/// Whether `interaction` (a form or a press: no cooldown to claim) was
/// claimed by an earlier delivery; `None` cannot have been.
async fn delivered_before(app: &App, interaction: Option<InteractionId>) -> bool {
    let ask = Ask {
        interaction,
        cooldown: None,
    };
    app.claims.claim(ask).await.repeat
}

fn repeat(id: InteractionId) -> Entered {
    tracing::info!(interaction = %id, "an interaction delivered again; not run twice");
    Entered::Repeat
}
