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

use std::future::Future;
use std::time::Duration;

pub(crate) mod first_response;
mod rest;
mod target;
#[cfg(test)]
mod tests;

use crate::discord_http::discord_status;
use crate::useapi::{Budget, ANSWER_WITHIN};
pub(crate) use rest::discord_client;
use rest::Failed;
use serenity::all::{
    AutocompleteChoice, CreateAllowedMentions, CreateAutocompleteResponse, CreateEmbed,
    CreateInteractionResponse, CreateInteractionResponseFollowup, CreateInteractionResponseMessage,
    CreateModal, EditInteractionResponse, Http,
};
pub(crate) use target::Target;
use tokio::sync::Semaphore;
use tokio::time::Instant;

const RATE_LIMIT_RETRIES: u32 = 3;
/// Discord REST calls in flight at once, across all commands. Each parallel
/// call holds a connection (and its buffers); the rest wait their turn.
/// 64 calls at Discord's ~100 ms round trip are ~600 calls a second, above
/// what the useapi calls in flight (at most `USEAPI_MAX_IN_FLIGHT`, 256 by
/// default, each a Midjourney job of seconds) can feed.
pub(crate) const MAX_DISCORD_CALLS: usize = 64;
static DISCORD_CALLS: Semaphore = Semaphore::const_new(MAX_DISCORD_CALLS);
/// A 429 that does not say how long to wait (or a call through serenity,
/// which drops it) backs off from here: 0.5 s, 1 s, 2 s covers Discord's
/// per-route windows.
const FIRST_BACKOFF: Duration = Duration::from_millis(500);
/// Discord shows "The application did not respond" after this; a first
/// response later than that is refused anyway.
const FIRST_RESPONSE_WITHIN: Duration = Duration::from_secs(3);

/// A reply that could not be delivered is lost for the member; the log
/// keeps its interaction id so nothing is lost silently.
pub(crate) fn log_undelivered(to: Target<'_>, delivered: serenity::Result<()>) {
    if let Err(err) = delivered {
        tracing::warn!(interaction = %to.id, error = %err, "reply could not be delivered");
    }
}

fn no_mentions() -> CreateAllowedMentions {
    CreateAllowedMentions::new()
}

fn is_rate_limited(err: &serenity::Error) -> bool {
    discord_status(err) == Some(429)
}

/// Runs `call` (through serenity, which drops Discord's `Retry-After`),
/// retrying a bounded number of times while Discord answers 429. Takes no
/// slot: see [`in_reply_slot`].
pub(crate) async fn retry_rate_limited<T, F, Fut>(
    what: &'static str,
    mut call: F,
) -> serenity::Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = serenity::Result<T>>,
{
    retry_within(what, None, || {
        let attempt = call();
        async move { attempt.await.map_err(Failed::from) }
    })
    .await
}

/// Runs `call` until it succeeds, fails otherwise, or Discord has answered
/// 429 [`RATE_LIMIT_RETRIES`] times more. Each 429 waits what Discord asked
/// for (else [`FIRST_BACKOFF`], doubling); a wait that would end after
/// `deadline` is not taken, and the 429 is the answer.
async fn retry_within<T, F, Fut>(
    what: &'static str,
    deadline: Option<Instant>,
    mut call: F,
) -> serenity::Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, Failed>>,
{
    let mut backoff = FIRST_BACKOFF;
    let mut retries = 0;
    loop {
        let failed = match call().await {
            Ok(done) => return Ok(done),
            Err(failed) => failed,
        };
        if !is_rate_limited(&failed.err) || retries >= RATE_LIMIT_RETRIES {
            return Err(*failed.err);
        }
        let wait = failed.retry_after.unwrap_or(backoff);
        // Compared, never added: Discord (or a proxy) may send any wait.
        let left = deadline.map(|deadline| deadline.saturating_duration_since(Instant::now()));
        if left.is_some_and(|left| wait >= left) {
            tracing::warn!(what, ?wait, ?left, "Discord answered 429 and asked for a wait past the interaction's deadline; giving up");
            return Err(*failed.err);
        }
        retries += 1;
        tracing::warn!(what, retries, ?wait, "Discord answered 429; retrying");
        tokio::time::sleep(wait).await;
        backoff = backoff.saturating_mul(2);
    }
}

/// A first response to `to`: retried within [`FIRST_RESPONSE_WITHIN`]. Takes no slot.
async fn first_response(
    http: &Http,
    what: &'static str,
    to: Target<'_>,
    response: &CreateInteractionResponse,
) -> serenity::Result<()> {
    let now = Instant::now();
    let deadline = now.checked_add(FIRST_RESPONSE_WITHIN).unwrap_or(now);
    retry_within(what, Some(deadline), || to.respond(http, response)).await
}

/// Like [`retry_within`] until `to`'s token expires, each attempt holding
/// one of the [`MAX_DISCORD_CALLS`] slots replies share, and never across a
/// backoff.
async fn in_reply_slot<F, Fut>(what: &'static str, mut call: F) -> serenity::Result<()>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<(), Failed>>,
{
    // The token's life counts from when the bot received the command (the
    // host's wall clock may be off); a call made now ends before it at the latest.
    let token_expires = Budget::for_command(Instant::now(), ANSWER_WITHIN).deadline;
    retry_within(what, Some(token_expires), || {
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
    in_reply_slot("edit reply", || to.edit(http, &edit)).await
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
/// ephemeral error instead, never only "thinking…".
pub(crate) async fn public_reply(
    http: &Http,
    to: Target<'_>,
    reply: &Reply,
) -> serenity::Result<()> {
    let sent = send_parts(http, to, &reply.parts, reply.embeds.clone()).await;
    let refused = match (sent, &reply.plain) {
        (Err(err), Some(plain)) if is_refused(&err) => {
            tracing::warn!(interaction = %to.id, error = %err, "Discord refused the reply; sending it again as plain text");
            match send_parts(http, to, plain, Vec::new()).await {
                Err(err) if is_refused(&err) => err,
                other => return other,
            }
        }
        (Err(err), _) if is_refused(&err) => err,
        (other, _) => return other,
    };
    tracing::warn!(interaction = %to.id, error = %refused, "Discord refused the reply");
    error_after_defer(http, to, crate::error::REPLY_REFUSED).await
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
    in_reply_slot("edit reply", || to.edit(http, &edit)).await?;
    for part in rest {
        followup(http, to, part, false).await?;
    }
    Ok(())
}

/// After a public defer, an error is shown to the invoker only: the public
/// "thinking…" message is removed and an ephemeral followup takes its place.
/// If the removal fails the error goes into the public message instead, so
/// the member never stays on "thinking…".
pub(crate) async fn error_after_defer(
    http: &Http,
    to: Target<'_>,
    text: &str,
) -> serenity::Result<()> {
    let text = crate::message_split::one_message(text);
    match in_reply_slot("delete reply", || to.delete(http)).await {
        Ok(()) => followup(http, to, &text, true).await,
        Err(err) => {
            tracing::warn!(interaction = %to.id, error = %err, "could not remove the deferred reply; editing it instead");
            let edit = EditInteractionResponse::new()
                .content(&text)
                .allowed_mentions(no_mentions());
            in_reply_slot("edit reply", || to.edit(http, &edit)).await
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
    in_reply_slot("followup", || to.follow(http, &message)).await
}

/// A form as the first response to an interaction (Discord allows a modal
/// only before any other response).
pub(crate) async fn modal(http: &Http, to: Target<'_>, modal: CreateModal) -> serenity::Result<()> {
    let response = CreateInteractionResponse::Modal(modal);
    first_response(http, "modal", to, &response).await
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
