//! Typing commands at the bot through the fake Discord, and the options of
//! `/mj-channel` that several tests type.

use serde_json::{json, Value};

use super::bot::{TestBot, MANAGER, MEMBER};
use super::fake_discord::{Invocation, Place, Typed, A_GENERAL};
use super::replies::Sent;

/// The options of `/mj-channel <sub> <args>`.
pub fn admin_options(sub: &str, args: Value) -> Value {
    json!([{"name": sub, "type": 1, "options": args}])
}

/// The arguments of `/mj-channel set|default` naming Midjourney channel `mj`.
pub fn midjourney_channel(mj: &str) -> Value {
    json!([{"name": "midjourney_channel", "type": 3, "value": mj}])
}

/// The options of `/mj-channel verbs <sub> <verb>`, `sub` being `enable`
/// or `disable`.
pub fn verb_switch(sub: &str, verb: &str) -> Value {
    json!([{"name": "verbs", "type": 2, "options": [
        {"name": sub, "type": 1, "options": [{"name": "verb", "type": 3, "value": verb}]}
    ]}])
}

impl TestBot {
    pub async fn invoke_fast(&self, place: Place) -> Invocation {
        self.invoke_verb(place, "fast").await
    }

    /// A Midjourney command (no options) typed by an ordinary member.
    pub async fn invoke_verb(&self, place: Place, verb: &str) -> Invocation {
        self.discord.invoke(place, verb, json!([]), MEMBER).await
    }

    /// `/fast` in [`A_GENERAL`], typed by the member with id `member` and
    /// `permissions`.
    pub async fn invoke_fast_as(&self, member: u64, permissions: &str) -> Invocation {
        let typed = Typed::command(A_GENERAL, "fast", json!([]), permissions).by(member);
        self.discord.send(typed).await
    }

    /// [`Self::invoke_fast_as`], and its first reply.
    pub async fn fast_as(&self, member: u64, permissions: &str) -> Sent {
        let inv = self.invoke_fast_as(member, permissions).await;
        self.reply(&inv).await
    }

    /// `/mj-channel <sub> <args>` typed at `place` by a member with `permissions`.
    pub async fn invoke_admin(
        &self,
        place: Place,
        permissions: &str,
        sub: &str,
        args: Value,
    ) -> Invocation {
        self.discord
            .invoke(place, "mj-channel", admin_options(sub, args), permissions)
            .await
    }

    /// `count` `/variability` (a toggle, never shared between commands, so
    /// each is one call) typed at `place`, each acknowledged.
    pub async fn toggles(&self, place: Place, count: usize) -> Vec<Invocation> {
        let mut typed = Vec::new();
        for _ in 0..count {
            let inv = self.invoke_verb(place, "variability").await;
            self.wait_for_acknowledgement(&inv).await;
            typed.push(inv);
        }
        typed
    }

    /// `/mj-channel <sub> verb:<verb>` (`enable` or `disable`) typed at
    /// `place` by a manager, and its first reply.
    pub async fn switch_verb(&self, place: Place, sub: &str, verb: &str) -> Sent {
        let inv = self
            .discord
            .invoke(place, "mj-channel", verb_switch(sub, verb), MANAGER)
            .await;
        self.reply(&inv).await
    }

    /// `/mj-channel list` typed at `place` by a manager, and its first reply.
    pub async fn mj_channel_list(&self, place: Place) -> Sent {
        let inv = self.invoke_admin(place, MANAGER, "list", json!([])).await;
        self.reply(&inv).await
    }

    /// `/mj-channel audit channel:<place>` typed in `place`'s server by a
    /// manager: the bot posts its first line there, then one per command.
    pub async fn set_audit_channel(&self, place: Place) -> Sent {
        let channel = json!([{"name": "channel", "type": 7, "value": place.channel.to_string()}]);
        let inv = self.invoke_admin(place, MANAGER, "audit", channel).await;
        self.reply(&inv).await
    }

    /// Typing in an option of `/mj-channel` at `place`: `options` holds the
    /// subcommand with the option being typed marked `"focused": true`.
    pub async fn autocomplete(
        &self,
        place: Place,
        permissions: &str,
        options: Value,
    ) -> Invocation {
        let typed = Typed::command(place, "mj-channel", options, permissions).autocomplete();
        self.discord.send(typed).await
    }
}
