//! Sending replies to an interaction. Every message parses no mentions
//! (Midjourney text must never ping anyone), and every call survives
//! Discord's 429s: behind `DISCORD_PROXY_URL` serenity's rate limiter is
//! off and hands the 429 straight back. A call then waits what Discord's
//! `Retry-After` (or the body's `retry_after`) says, as long as that ends
//! before the interaction can no longer be answered: 3 s for a first
//! response, the token's life (14 of its 15 minutes) for the rest.
//!
//! Isolation rule: an acknowledgement (the first response to an
//! interaction, autocomplete included) takes no shared slot, so Discord's
//! 3 s deadline holds for every server however busy the others are; later
//! edits and followups share [`MAX_DISCORD_CALLS`] slots, one attempt at a
//! time (a slot is given back before any backoff); audit lines have their
//! own slots and per-server queues (`audit/mod.rs`).
//!
//! Discord's timing: a first response given in an HTTP body is processed a
//! moment after it arrives, so a later call waits until that body was
//! written out, and a call still answered 10008 (Unknown Message) or 10015
//! (Unknown Webhook) within [`UNKNOWN_FOR`] of the interaction's arrival is
//! tried again with a short backoff instead of becoming an apology.

use std::future::Future;
use std::time::Duration;

mod components;
mod first_response;
mod rest;
mod retry;
mod target;
#[cfg(test)]
mod tests;

use crate::discord_errors::discord_status;
use crate::locale::Lang;
use crate::useapi::{Budget, ANSWER_WITHIN};
pub(crate) use components::{defer_update, private_followup, update_message};
pub(crate) use first_response::{in_http_body, Arrival, AwaitedBody};
pub(crate) use rest::discord_client;
use rest::Failed;
pub(crate) use retry::retry_rate_limited;
use retry::{retry_within, Patience, UNKNOWN_FOR};
use serenity::all::{
    AutocompleteChoice, CreateActionRow, CreateAllowedMentions, CreateAutocompleteResponse,
    CreateEmbed, CreateInteractionResponse, CreateInteractionResponseFollowup,
    CreateInteractionResponseMessage, CreateModal, EditInteractionResponse, Http,
};
pub(crate) use target::Target;
use tokio::sync::Semaphore;
use tokio::time::Instant;

/// Discord REST calls in flight at once, across all commands. Each parallel
/// call holds a connection (and its buffers); the rest wait their turn.
/// 64 calls at Discord's ~100 ms round trip are ~600 calls a second, above
/// what the useapi calls in flight (at most `USEAPI_MAX_IN_FLIGHT`, 256 by
/// default, each a Midjourney job of seconds) can feed.
pub(crate) const MAX_DISCORD_CALLS: usize = 64;
static DISCORD_CALLS: Semaphore = Semaphore::const_new(MAX_DISCORD_CALLS);
/// Discord shows "The application did not respond" after this; a first
/// response later than that is refused anyway.
const FIRST_RESPONSE_WITHIN: Duration = Duration::from_secs(3);
/// A reply that could not be delivered is lost for the member; the log
/// keeps its interaction id so nothing is lost silently.
pub(crate) fn log_undelivered(to: Target<'_>, delivered: serenity::Result<()>) {
    if let Err(err) = delivered {
        tracing::warn!(interaction = %to.id, error = %crate::logging::chain(&err), "reply could not be delivered");
    }
}

fn no_mentions() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
}

/// A first response to `to`: retried within [`FIRST_RESPONSE_WITHIN`]. Takes no slot.
async fn first_response(
    http: &Http,
    what: &'static str,
    to: Target<'_>,
    response: &impl serde::Serialize,
) -> serenity::Result<()> {
    let now = Instant::now();
    let patience = Patience {
        deadline: Some(now.checked_add(FIRST_RESPONSE_WITHIN).unwrap_or(now)),
        not_yet_until: None,
    };
    retry_within(what, patience, || to.respond(http, response)).await
}

/// Like [`retry_within`] until `to`'s token expires, each attempt holding
/// one of the [`MAX_DISCORD_CALLS`] slots replies share, and never across a
/// backoff. It starts once a first response given in an HTTP body is
/// written out, and takes "not yet there" for what it is early in the
/// interaction's life.
async fn in_reply_slot<F, Fut>(
    what: &'static str,
    to: Target<'_>,
    mut call: F,
) -> serenity::Result<()>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(), Failed>>,
{
    to.arrival.body_written().await;
    // The token's life counts from when the bot received the interaction
    // (the host's wall clock may be off), not from this call.
    let received = to.arrival.received;
    let patience = Patience {
        deadline: Some(Budget::for_command(received, ANSWER_WITHIN).deadline),
        not_yet_until: received.checked_add(UNKNOWN_FOR),
    };
    retry_within(what, patience, || {
        let attempt = call();
        async move {
            // Never closed, so the permit is always granted.
            let _slot = DISCORD_CALLS.acquire().await.ok();
            attempt.await
        }
    })
    .await
}

/// "The bot is thinking…", visible to everyone: the answer will be public.
pub(crate) async fn defer(http: &Http, to: Target<'_>) -> serenity::Result<()> {
    let defer = CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new());
    first_response(http, "defer", to, &defer).await
}

/// "The bot is thinking…", visible only to the invoker: for admin commands,
/// which may ask useapi.net before answering.
pub(crate) async fn defer_ephemeral(http: &Http, to: Target<'_>) -> serenity::Result<()> {
    let defer =
        CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new().ephemeral(true));
    first_response(http, "defer", to, &defer).await
}

/// Replaces a deferred reply with `text` (one message, cut if too long).
pub(crate) async fn edit_reply(http: &Http, to: Target<'_>, text: &str) -> serenity::Result<()> {
    let edit = EditInteractionResponse::new()
        .content(crate::message_split::one_message(text))
        .allowed_mentions(no_mentions());
    in_reply_slot("edit reply", to, || to.edit(http, &edit)).await
}

/// Suggestions for the option being typed; Discord waits 3 seconds at most.
pub(crate) async fn autocomplete(
    http: &Http,
    to: Target<'_>,
    choices: Vec<AutocompleteChoice>,
) -> serenity::Result<()> {
    let response = CreateInteractionResponse::Autocomplete(
        CreateAutocompleteResponse::new().set_choices(choices),
    );
    first_response(http, "autocomplete", to, &response).await
}

/// A completed job's answer, as Discord messages.
#[derive(Debug, Clone, Default)]
pub(crate) struct Reply {
    /// The text, split to fit; the first part goes with the embeds.
    pub parts: Vec<String>,
    pub embeds: Vec<CreateEmbed>,
    /// The same answer without embeds, for when Discord refuses them.
    pub plain: Option<Vec<String>>,
    /// A form to fill in, as the first response (nothing else is sent).
    pub modal: Option<CreateModal>,
    /// The buttons of a message a press edits (none: they are removed).
    pub components: Vec<CreateActionRow>,
}

impl Reply {
    /// Plain text for the invoker, whole, in as many messages as it needs:
    /// an admin's `/mj-channel list` must show every mapped channel.
    pub(crate) fn text(text: &str) -> Self {
        Self {
            parts: crate::message_split::split_message(text, crate::message_split::MESSAGE_LIMIT),
            ..Self::default()
        }
    }
}

/// A 4xx other than 429: Discord will refuse this body however often it is
/// sent (50035 for an embed it does not accept, say).
fn is_refused(err: &serenity::Error) -> bool {
    discord_status(err).is_some_and(|status| (400..500).contains(&status) && status != 429)
}

/// Replaces the deferred message with the first part and the embeds, and
/// sends the other parts as followups. What Discord refuses is sent once
/// more as plain text; if that is refused too, the member gets an
/// ephemeral error instead (in `lang`, the member's), never only "thinking…".
pub(crate) async fn public_reply(
    http: &Http,
    to: Target<'_>,
    reply: &Reply,
    lang: Lang,
) -> serenity::Result<()> {
    let sent = send_parts(http, to, &reply.parts, reply.embeds.clone()).await;
    let refused = match (sent, &reply.plain) {
        (Err(err), Some(plain)) if is_refused(&err) => {
            tracing::warn!(interaction = %to.id, error = %crate::logging::chain(&err), "Discord refused the reply; sending it again as plain text");
            match send_parts(http, to, plain, Vec::new()).await {
                Err(err) if is_refused(&err) => err,
                other => return other,
            }
        }
        (Err(err), _) if is_refused(&err) => err,
        (other, _) => return other,
    };
    tracing::warn!(interaction = %to.id, error = %refused, "Discord refused the reply");
    let refused = crate::locale::text(lang, "error-reply-refused");
    error_after_defer(http, to, &refused, &[]).await
}

/// An answer only the invoker sees, after a private acknowledgement: the
/// first part replaces "thinking…", the others follow, also private.
pub(crate) async fn private_reply(
    http: &Http,
    to: Target<'_>,
    reply: &Reply,
) -> serenity::Result<()> {
    let mut parts = reply.parts.iter();
    edit_reply(http, to, parts.next().map_or("", String::as_str)).await?;
    for part in parts {
        followup(http, to, part, true).await?;
    }
    Ok(())
}

async fn send_parts(
    http: &Http,
    to: Target<'_>,
    parts: &[String],
    embeds: Vec<CreateEmbed>,
) -> serenity::Result<()> {
    let (first, rest) = match parts.split_first() {
        Some((first, rest)) => (Some(first), rest),
        None => (None, &[][..]),
    };
    // An embed-only answer clears the content explicitly: a "trying
    // again…" notice may stand there.
    let edit = EditInteractionResponse::new()
        .content(first.map_or("", String::as_str))
        .embeds(embeds)
        .allowed_mentions(no_mentions());
    in_reply_slot("edit reply", to, || to.edit(http, &edit)).await?;
    for part in rest {
        followup(http, to, part, false).await?;
    }
    Ok(())
}

/// After a public defer, an error is shown to the invoker only: the public
/// "thinking…" message is removed and an ephemeral followup takes its place.
/// If the removal fails the error goes into the public message instead, so
/// the member never stays on "thinking…".
/// `buttons` go with the error (a 596's "Resolved: reset").
pub(crate) async fn error_after_defer(
    http: &Http,
    to: Target<'_>,
    text: &str,
    buttons: &[CreateActionRow],
) -> serenity::Result<()> {
    let text = crate::message_split::one_message(text);
    match in_reply_slot("delete reply", to, || to.delete(http)).await {
        Ok(()) => {
            let message = CreateInteractionResponseFollowup::new()
                .content(&text)
                .ephemeral(true)
                .components(buttons.to_vec())
                .allowed_mentions(no_mentions());
            in_reply_slot("followup", to, || to.follow(http, &message)).await
        }
        Err(err) => {
            tracing::warn!(interaction = %to.id, error = %crate::logging::chain(&err), "could not remove the deferred reply; editing it instead");
            let edit = EditInteractionResponse::new()
                .content(&text)
                .components(buttons.to_vec())
                .allowed_mentions(no_mentions());
            in_reply_slot("edit reply", to, || to.edit(http, &edit)).await
        }
    }
}

async fn followup(
    http: &Http,
    to: Target<'_>,
    text: &str,
    ephemeral: bool,
) -> serenity::Result<()> {
    let message = CreateInteractionResponseFollowup::new()
        .content(text)
        .ephemeral(ephemeral)
        .allowed_mentions(no_mentions());
    in_reply_slot("followup", to, || to.follow(http, &message)).await
}

/// A form as the first response to an interaction (Discord allows a modal
/// only before any other response).
pub(crate) async fn modal(http: &Http, to: Target<'_>, modal: CreateModal) -> serenity::Result<()> {
    let response = CreateInteractionResponse::Modal(modal);
    first_response(http, "modal", to, &response).await
}

/// A first response built elsewhere, as raw JSON (an interaction serenity
/// cannot read gets its sentence this way).
pub(crate) async fn raw_first_response(
    http: &Http,
    to: Target<'_>,
    response: &serde_json::Value,
) -> serenity::Result<()> {
    first_response(http, "reply", to, response).await
}

/// An immediate reply only the invoker sees (admin commands, refusals).
pub(crate) async fn ephemeral(http: &Http, to: Target<'_>, text: &str) -> serenity::Result<()> {
    let message = CreateInteractionResponseMessage::new()
        .content(crate::message_split::one_message(text))
        .ephemeral(true)
        .allowed_mentions(no_mentions());
    let response = CreateInteractionResponse::Message(message);
    first_response(http, "reply", to, &response).await
}
