//! Reading what the bot sent to the fake Discord for an interaction: its
//! acknowledgement, its replies and its autocomplete suggestions.

use std::time::Duration;

use serde_json::Value;

use super::bot::TestBot;
use super::fake_discord::{Invocation, Place, Recorded};
use super::{wait_for_explained, wait_until};

const REPLY_TIMEOUT: Duration = Duration::from_secs(20);

/// The seconds of the first Discord timestamp (`<t:SECONDS:R>`) in `text`.
pub fn discord_timestamp(text: &str) -> u64 {
    text.split("<t:")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .and_then(|secs| secs.parse().ok())
        .unwrap_or_else(|| panic!("no timestamp in {text}"))
}

/// One message the bot sent for an interaction, whatever the route.
#[derive(Debug, Clone)]
pub struct Sent {
    pub method: String,
    pub path: String,
    pub content: String,
    pub ephemeral: bool,
    pub body: Value,
}

impl TestBot {
    /// Every interaction callback the bot sent for `inv` so far (type 4: a
    /// reply, 5: "thinking…", 8: suggestions, 9: a modal), in order.
    pub async fn callbacks(&self, inv: &Invocation) -> Vec<Recorded> {
        let callback = format!("/{}/{}/callback", inv.id, inv.token);
        self.discord
            .requests()
            .await
            .into_iter()
            .filter(|r| r.method == "POST" && r.path.ends_with(&callback))
            .collect()
    }

    /// Waits until the bot has acknowledged `inv` (its first callback, a
    /// reply or "thinking…"), and returns that callback.
    pub async fn wait_for_acknowledgement(&self, inv: &Invocation) -> Recorded {
        wait_for_explained(
            &format!("the bot to acknowledge interaction {}", inv.id),
            REPLY_TIMEOUT,
            || self.diagnostics(),
            || async {
                let callbacks = self.callbacks(inv).await;
                callbacks.into_iter().next().ok_or_else(String::new)
            },
        )
        .await
    }

    /// The modal the bot opened for `inv` so far, if any: the `data` of a
    /// type 9 callback (`custom_id`, `title` and `components`).
    pub async fn opened_modal(&self, inv: &Invocation) -> Option<Value> {
        let callbacks = self.callbacks(inv).await;
        let modal = callbacks.into_iter().find(|r| r.body["type"] == 9);
        modal.map(|r| r.body["data"].clone())
    }

    /// Waits for the bot's response to `inv`, which must be a modal (type
    /// 9): Discord takes a modal only as the first response, never after a
    /// defer. Returns the modal (the callback's `data`).
    pub async fn wait_for_modal(&self, inv: &Invocation) -> Value {
        let first = self.wait_for_acknowledgement(inv).await;
        assert_eq!(
            first.body["type"],
            9,
            "the first response to interaction {} is not a modal: {}\n{}",
            inv.id,
            first.body,
            self.diagnostics()
        );
        first.body["data"].clone()
    }

    /// Every message sent for `inv` so far: an immediate reply, the edit of
    /// the deferred reply, and followups, in order. Defers are not messages.
    pub async fn replies_for(&self, inv: &Invocation) -> Vec<Sent> {
        let requests: Vec<Recorded> = self
            .discord
            .requests()
            .await
            .into_iter()
            .filter(|r| r.path.contains(&format!("/{}", inv.token)))
            .collect();
        // An edit of a reply deferred as ephemeral is ephemeral too.
        let deferred_ephemeral = requests.iter().any(|r| {
            r.path.ends_with("/callback")
                && r.body["type"] == 5
                && r.body["data"]["flags"]
                    .as_u64()
                    .is_some_and(|f| f & 64 != 0)
        });
        requests
            .into_iter()
            .filter(|r| match r.method.as_str() {
                "POST" if r.path.ends_with("/callback") => r.body["type"] == 4,
                "POST" | "PATCH" => true,
                _ => false,
            })
            .map(|r| {
                let data = if r.path.ends_with("/callback") {
                    &r.body["data"]
                } else {
                    &r.body
                };
                Sent {
                    content: data["content"].as_str().unwrap_or_default().to_owned(),
                    ephemeral: data["flags"].as_u64().is_some_and(|f| f & 64 != 0)
                        || (deferred_ephemeral && r.path.ends_with("/messages/@original")),
                    body: data.clone(),
                    method: r.method,
                    path: r.path,
                }
            })
            .collect()
    }

    /// Waits until `inv` has at least `count` messages and returns them all.
    pub async fn wait_for_replies(&self, inv: &Invocation, count: usize) -> Vec<Sent> {
        let what = format!("replies to interaction {}", inv.id);
        self.wait_for_at_least(count, &what, || self.replies_for(inv))
            .await
    }

    /// Waits until `read` finds at least `count` of `what`, and returns
    /// all it found then.
    async fn wait_for_at_least<T, Fut>(
        &self,
        count: usize,
        what: &str,
        read: impl Fn() -> Fut,
    ) -> Vec<T>
    where
        Fut: std::future::Future<Output = Vec<T>>,
    {
        wait_for_explained(
            &format!("{count} {what}"),
            REPLY_TIMEOUT,
            || self.diagnostics(),
            || async {
                let found = read().await;
                if found.len() >= count {
                    Ok(found)
                } else {
                    Err(format!("{} {what}", found.len()))
                }
            },
        )
        .await
    }

    /// The first message sent for `inv`.
    pub async fn reply(&self, inv: &Invocation) -> Sent {
        self.wait_for_replies(inv, 1).await.remove(0)
    }

    /// Waits until one of `invocations` has a message, and returns the
    /// first message of the first one found.
    pub async fn first_reply_among(&self, invocations: &[&Invocation]) -> Sent {
        wait_for_explained(
            &format!("a reply to one of {} interactions", invocations.len()),
            REPLY_TIMEOUT,
            || self.diagnostics(),
            || async {
                for inv in invocations {
                    if let Some(first) = self.replies_for(inv).await.into_iter().next() {
                        return Ok(first);
                    }
                }
                Err(String::new())
            },
        )
        .await
    }

    /// The bodies of every message the bot posted (or tried to post) in
    /// `place`, e.g. audit lines, in order.
    pub async fn posts_in(&self, place: Place) -> Vec<Value> {
        let path = format!("/channels/{}/messages", place.channel);
        self.discord
            .requests()
            .await
            .into_iter()
            .filter(|r| r.method == "POST" && r.path.ends_with(&path))
            .map(|r| r.body)
            .collect()
    }

    /// Waits until the bot has posted `count` messages in `place`, and
    /// returns them all.
    pub async fn wait_for_posts(&self, place: Place, count: usize) -> Vec<Value> {
        let what = format!("posts in channel {}", place.channel);
        self.wait_for_at_least(count, &what, || self.posts_in(place))
            .await
    }

    /// The suggestions the bot answered an autocomplete interaction with.
    pub async fn suggestions_for(&self, inv: &Invocation) -> Vec<Value> {
        let answer = wait_for_explained(
            &format!("an autocomplete answer for {}", inv.id),
            REPLY_TIMEOUT,
            || self.diagnostics(),
            || async {
                let callbacks = self.callbacks(inv).await;
                let answer = callbacks.into_iter().find(|r| r.body["type"] == 8);
                answer.ok_or_else(String::new)
            },
        )
        .await;
        answer.body["data"]["choices"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Waits until the bot has reconnected after a gateway drop.
    pub async fn wait_for_reconnect(&self, sessions_before: usize) {
        wait_until(
            "the bot to RESUME or IDENTIFY again",
            Duration::from_secs(30),
            || async {
                self.discord.identifies() + self.discord.resumes() > sessions_before
                    && self.discord.is_connected()
            },
        )
        .await;
    }
}
