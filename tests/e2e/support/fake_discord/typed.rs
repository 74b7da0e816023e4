//! What a test types at the bot: [`Typed`], sent with [`FakeDiscord::send`],
//! and what it gets back to find the replies: an [`Invocation`].

use super::*;

/// An interaction to send with [`FakeDiscord::send`]: what was typed,
/// where, by whom, and on which connection.
pub struct Typed<'a> {
    /// 2 for a slash command, 4 for autocomplete.
    pub(super) kind: u8,
    pub(super) place: Place,
    pub(super) name: &'a str,
    pub(super) options: Value,
    pub(super) permissions: &'a str,
    /// The member's id; by default every interaction has a member of its own.
    pub(super) member: Option<u64>,
    /// The shard connection to send it on; by default the guild's own.
    pub(super) via: Option<u64>,
    /// How long ago Discord created it, by its clock; by default now.
    pub(super) age: Duration,
    /// Sent in a form serenity 0.12.5 cannot read.
    pub(super) unreadable: bool,
}

impl<'a> Typed<'a> {
    /// Slash command `name` with `options`, typed at `place` by a member
    /// with `permissions`.
    pub fn command(place: Place, name: &'a str, options: Value, permissions: &'a str) -> Self {
        Self {
            kind: 2,
            place,
            name,
            options,
            permissions,
            member: None,
            via: None,
            age: Duration::ZERO,
            unreadable: false,
        }
    }

    /// Typed by the member with id `member` (by default every interaction
    /// comes from a member of its own).
    pub fn by(self, member: u64) -> Self {
        Self {
            member: Some(member),
            ..self
        }
    }

    /// Delivered on the connection of shard `shard` whichever shard owns
    /// the guild: Discord never does that, but it shows which process used
    /// which settings.
    pub fn via_shard(self, shard: u64) -> Self {
        Self {
            via: Some(shard),
            ..self
        }
    }

    /// An autocomplete interaction (type 4) instead: `options` holds the
    /// subcommand with the option being typed marked `"focused": true`.
    pub fn autocomplete(self) -> Self {
        Self { kind: 4, ..self }
    }

    /// Created `age` ago by Discord's clock (its id's snowflake time), as
    /// a host clock that runs `age` ahead of Discord's sees every interaction.
    pub fn created_ago(self, age: Duration) -> Self {
        Self { age, ..self }
    }

    /// With an `attachment_size_limit` over 4 GiB, as Discord may send once
    /// it allows larger uploads: serenity 0.12.5 reads the field as a `u32`,
    /// so the whole event becomes unknown to it.
    pub fn unreadable(self) -> Self {
        Self {
            unreadable: true,
            ..self
        }
    }
}

/// A command interaction sent to the bot.
#[derive(Debug, Clone)]
pub struct Invocation {
    pub id: u64,
    pub token: String,
}
