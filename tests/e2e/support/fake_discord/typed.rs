//! What a test types at the bot: [`Typed`], sent with [`FakeDiscord::send`],
//! and what it gets back to find the replies: an [`Invocation`].

use super::*;

/// An interaction to send with [`FakeDiscord::send`]: what was typed,
/// where, by whom, and on which connection.
pub struct Typed<'a> {
    /// 2 for a slash command, 4 for autocomplete, 5 for a modal submit.
    pub(super) kind: u8,
    pub(super) place: Place,
    /// The command's name; a modal's `custom_id` for a modal submit.
    pub(super) name: &'a str,
    /// The command's options; a modal's filled-in components for a modal submit.
    pub(super) options: Value,
    pub(super) permissions: &'a str,
    /// The member's id; by default every interaction has a member of its own.
    pub(super) member: Option<u64>,
    /// The shard connection to send it on; by default the guild's own.
    pub(super) via: Option<u64>,
    /// How long ago Discord created it, by its clock; by default now.
    pub(super) age: Duration,
    /// How long from now Discord created it, by its clock (a host clock
    /// behind Discord's); by default nothing.
    pub(super) later: Duration,
    /// Sent in a form serenity 0.12.5 cannot read.
    pub(super) unreadable: bool,
    /// The member's `locale` and the server's `guild_locale`; by default
    /// both `en-US`.
    pub(super) locale: Option<&'a str>,
    pub(super) guild_locale: Option<&'a str>,
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
            later: Duration::ZERO,
            unreadable: false,
            locale: None,
            guild_locale: None,
        }
    }

    /// A modal submit (type 5): the member filled in and sent the modal
    /// `custom_id` the bot opened, at `place`; `components` are its action
    /// rows as Discord sends them back (see [`modal_fields`] and
    /// [`filled_in`]). Discord sends it as a new interaction with a token of
    /// its own, which needs an answer within 3 s again.
    pub fn modal_submit(
        place: Place,
        custom_id: &'a str,
        components: Value,
        permissions: &'a str,
    ) -> Self {
        Self {
            kind: 5,
            ..Self::command(place, custom_id, components, permissions)
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

    /// From a member whose Discord speaks `locale` (`"ja"`, `"pt-BR"`).
    pub fn in_locale(self, locale: &'a str) -> Self {
        Self {
            locale: Some(locale),
            ..self
        }
    }

    /// From a server whose primary language is `locale` (its `guild_locale`).
    pub fn in_guild_locale(self, locale: &'a str) -> Self {
        Self {
            guild_locale: Some(locale),
            ..self
        }
    }

    /// A button press (a message component, type 3) instead: `name` is its
    /// `custom_id`. The bot answers only its own reset buttons (`mj-reset:<id>`).
    pub fn button_press(self) -> Self {
        Self { kind: 3, ..self }
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

    /// Created `later` from now by Discord's clock, as a host clock that
    /// runs `later` behind Discord's sees every interaction.
    pub fn created_later(self, later: Duration) -> Self {
        Self { later, ..self }
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

/// The `components` of a modal submit as Discord sends them: one action row
/// per `(custom_id, value)` pair, each holding that text input (type 4) with
/// what the member typed. As in Discord's payloads, every component has a
/// numeric `id` (numbered in order from 1) and the text inputs carry
/// neither `style` nor `label`.
pub fn modal_fields(fields: &[(&str, &str)]) -> Value {
    let mut next_id = 0u32;
    let mut id = || {
        next_id += 1;
        next_id
    };
    let rows: Vec<Value> = fields
        .iter()
        .map(|(custom_id, value)| {
            let row = id();
            json!({"type": 1, "id": row, "components": [
                {"type": 4, "id": id(), "custom_id": custom_id, "value": value}
            ]})
        })
        .collect();
    Value::Array(rows)
}

/// The submit of `modal` (the `data` of the bot's type 9 callback) with its
/// text inputs filled in with `values`, in order: its `custom_id` and the
/// components as Discord sends them back (see [`modal_fields`]).
pub fn filled_in(modal: &Value, values: &[&str]) -> (String, Value) {
    let custom_ids: Vec<&str> = modal["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().into_iter().flatten())
        .filter(|component| component["type"] == 4)
        .filter_map(|input| input["custom_id"].as_str())
        .collect();
    assert_eq!(
        custom_ids.len(),
        values.len(),
        "the modal has {} text inputs, the test fills in {}: {modal}",
        custom_ids.len(),
        values.len()
    );
    let fields: Vec<(&str, &str)> = custom_ids.into_iter().zip(values.iter().copied()).collect();
    let custom_id = modal["custom_id"].as_str().unwrap_or_default().to_owned();
    (custom_id, modal_fields(&fields))
}

#[test]
fn serenity_reads_a_modal_submit_as_a_modal_interaction() {
    use serenity::all::{ActionRowComponent, Interaction};

    let components = modal_fields(&[("token", "what the member typed")]);
    let payload = gateway::interaction(5, 42, "t", A_GENERAL, "mj-account", components, "32");

    let parsed: Interaction = serde_json::from_value(payload).expect("serenity reads it");
    let Interaction::Modal(submit) = parsed else {
        panic!("not a modal submit: {parsed:?}");
    };
    assert_eq!(submit.data.custom_id, "mj-account");
    assert_eq!(submit.guild_id.map(|g| g.get()), Some(A_GENERAL.guild));
    let member = submit.member.expect("a member");
    assert!(member.permissions.is_some_and(|p| p.manage_guild()));
    let ActionRowComponent::InputText(input) = &submit.data.components[0].components[0] else {
        panic!("not a text input: {:?}", submit.data.components);
    };
    assert_eq!(input.custom_id, "token");
    assert_eq!(input.value.as_deref(), Some("what the member typed"));
}
