//! Where a reply goes: an interaction's id and token, whatever its kind (a
//! slash command, a modal submit, autocomplete), and how it arrived (when,
//! and how its first response goes back), so one set of delivery functions
//! serves them all and a task keeps only these fields.

use serde::Serialize;
use serenity::all::{
    ApplicationId, CreateInteractionResponseFollowup, EditInteractionResponse, Http, InteractionId,
};
use serenity::http::{HttpError, LightMethod, Request, Route};

use super::first_response::Arrival;
use super::rest::{self, Failed};

/// An interaction to answer. Not `Debug`: the token lets anyone post as the
/// bot in that channel for 15 minutes.
#[derive(Clone, Copy)]
pub(crate) struct Target<'a> {
    pub(crate) id: InteractionId,
    token: &'a str,
    pub(crate) arrival: &'a Arrival,
}

impl<'a> Target<'a> {
    pub(crate) fn new(id: InteractionId, token: &'a str, arrival: &'a Arrival) -> Self {
        Self { id, token, arrival }
    }

    /// The first response: an acknowledgement, a message, a modal, choices.
    /// An interaction that came over HTTP gets it as its HTTP response
    /// (see [`super::first_response`]); one from the gateway by the callback route.
    pub(super) async fn respond(
        self,
        http: &Http,
        response: &impl Serialize,
    ) -> Result<(), Failed> {
        if let Some(waiting) = self.arrival.take_body() {
            let body = serde_json::to_vec(response).map_err(serenity::Error::from)?;
            return waiting.send(body).map_err(|_| {
                Failed::from(serenity::Error::Other(
                    "the interaction's HTTP request was gone",
                ))
            });
        }
        let route = Route::InteractionResponse {
            interaction_id: self.id,
            token: self.token,
        };
        send_json(http, route, LightMethod::Post, response).await
    }

    /// Replaces the original response.
    pub(super) async fn edit(
        self,
        http: &Http,
        edit: &EditInteractionResponse,
    ) -> Result<(), Failed> {
        let route = Route::WebhookOriginalInteractionResponse {
            application_id: application_id(http)?,
            token: self.token,
        };
        send_json(http, route, LightMethod::Patch, edit).await
    }

    pub(super) async fn delete(self, http: &Http) -> Result<(), Failed> {
        let route = Route::WebhookOriginalInteractionResponse {
            application_id: application_id(http)?,
            token: self.token,
        };
        rest::send(http, Request::new(route, LightMethod::Delete)).await
    }

    pub(super) async fn follow(
        self,
        http: &Http,
        message: &CreateInteractionResponseFollowup,
    ) -> Result<(), Failed> {
        let route = Route::WebhookFollowupMessages {
            application_id: application_id(http)?,
            token: self.token,
        };
        send_json(http, route, LightMethod::Post, message).await
    }
}

/// The bot's application, as serenity's own calls on these routes ask for it.
fn application_id(http: &Http) -> Result<ApplicationId, Failed> {
    http.application_id()
        .ok_or_else(|| Failed::from(serenity::Error::Http(HttpError::ApplicationIdMissing)))
}

/// `body` as JSON on `route`: what serenity's builders send (none of these
/// carries a file).
async fn send_json(
    http: &Http,
    route: Route<'_>,
    method: LightMethod,
    body: &impl Serialize,
) -> Result<(), Failed> {
    let body = serde_json::to_vec(body).map_err(serenity::Error::Json)?;
    rest::send(http, Request::new(route, method).body(Some(body))).await
}
