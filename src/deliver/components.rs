//! Answers to a button press: the press is acknowledged without a new
//! message, then the message the button sits on is edited (the account
//! alert says who reset the account, and loses or keeps its button); a
//! refusal or a failure goes to the presser alone, as a follow-up.

use serenity::all::{CreateInteractionResponse, EditInteractionResponse, Http};

use super::{first_response, followup, in_reply_slot, no_mentions, Reply, Target};

/// Acknowledges a press; the message it sits on stays until edited.
pub(crate) async fn defer_update(http: &Http, to: Target<'_>) -> serenity::Result<()> {
    first_response(
        http,
        "defer update",
        to,
        &CreateInteractionResponse::Acknowledge,
    )
    .await
}

/// Edits the message the pressed button sits on: its text becomes the
/// reply's first part, and its buttons the reply's (none: removed).
pub(crate) async fn update_message(
    http: &Http,
    to: Target<'_>,
    reply: &Reply,
) -> serenity::Result<()> {
    let text = reply.parts.first().map_or("", String::as_str);
    let edit = EditInteractionResponse::new()
        .content(crate::message_split::one_message(text))
        .components(reply.components.clone())
        .allowed_mentions(no_mentions());
    in_reply_slot("update message", to, || to.edit(http, &edit)).await
}

/// A sentence only the presser sees, after the press was acknowledged.
pub(crate) async fn private_followup(
    http: &Http,
    to: Target<'_>,
    text: &str,
) -> serenity::Result<()> {
    followup(http, to, &crate::message_split::one_message(text), true).await
}
