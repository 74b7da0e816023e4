//! Where a reply goes: an interaction's id and token, whatever its kind (a
//! slash command, a modal submit, autocomplete), so one set of delivery
//! functions serves them all and a task keeps only these two fields.

use serenity::all::{
    CommandInteraction, CreateInteractionResponse, CreateInteractionResponseFollowup,
    EditInteractionResponse, Http, InteractionId, ModalInteraction,
};
use serenity::builder::Builder;

/// An interaction to answer. Not `Debug`: the token lets anyone post as the
/// bot in that channel for 15 minutes.
#[derive(Clone, Copy)]
pub(crate) struct Target<'a> {
    pub(crate) id: InteractionId,
    token: &'a str,
}

impl<'a> From<&'a CommandInteraction> for Target<'a> {
    fn from(cmd: &'a CommandInteraction) -> Self {
        Self {
            id: cmd.id,
            token: &cmd.token,
        }
    }
}

impl<'a> From<&'a ModalInteraction> for Target<'a> {
    fn from(modal: &'a ModalInteraction) -> Self {
        Self {
            id: modal.id,
            token: &modal.token,
        }
    }
}

impl Target<'_> {
    /// The first response: an acknowledgement, a message, a modal, choices.
    /// An interaction that came over HTTP gets it as its HTTP response
    /// (see [`super::first_response`]); one from the gateway by the callback route.
    pub(super) async fn respond(
        self,
        http: &Http,
        response: CreateInteractionResponse,
    ) -> serenity::Result<()> {
        if let Some(waiting) = super::first_response::take(self.id) {
            let body = serde_json::to_vec(&response)?;
            return waiting
                .send(body)
                .map_err(|_| serenity::Error::Other("the interaction's HTTP request was gone"));
        }
        response.execute(http, (self.id, self.token)).await
    }

    /// Replaces the original response.
    pub(super) async fn edit(
        self,
        http: &Http,
        edit: EditInteractionResponse,
    ) -> serenity::Result<()> {
        edit.execute(http, self.token).await.map(drop)
    }

    pub(super) async fn delete(self, http: &Http) -> serenity::Result<()> {
        http.delete_original_interaction_response(self.token).await
    }

    pub(super) async fn follow(
        self,
        http: &Http,
        message: CreateInteractionResponseFollowup,
    ) -> serenity::Result<()> {
        message.execute(http, (None, self.token)).await.map(drop)
    }
}
