//! Which Midjourney commands exist. Registration, dispatch, the metrics, the
//! mapping file's `disabled` list and the tests all read [`Verb::ALL`], so a
//! new verb is one line here, plus its words: its description `cmd-<name>`
//! in each file of `locales/` and its row in the command table of
//! `docs/commands.md`. Tests name whichever is missing.

/// One Midjourney command the bot relays to `POST {USEAPI_BASE_URL}/{path}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Verb {
    /// The Discord slash command name; its description is the catalogue's
    /// `cmd-<name>` (`locales/`).
    pub name: &'static str,
    /// Path below the base URL.
    pub path: &'static str,
    /// Whether sending it twice has the same effect as sending it once.
    /// `/variability` toggles a setting, so a repeat would undo it: it is
    /// never coalesced and only retried when useapi provably never saw it.
    pub idempotent: bool,
}

impl Verb {
    /// Every useapi v2 job endpoint that takes `{channel, replyUrl, replyRef}`
    /// and answers with a `completedResponse`.
    pub const ALL: &'static [Verb] = &[
        Verb::sets("fast", "v2/jobs/fast"),
        Verb::sets("relax", "v2/jobs/relax"),
        Verb::sets("turbo", "v2/jobs/turbo"),
        Verb::sets("info", "v2/jobs/info"),
        Verb {
            idempotent: false,
            ..Verb::sets("variability", "v2/jobs/variability")
        },
    ];

    pub const FAST: Verb = Verb::ALL[0];

    /// A verb that sets a mode or reads: repeating it changes nothing.
    const fn sets(name: &'static str, path: &'static str) -> Self {
        Self {
            name,
            path,
            idempotent: true,
        }
    }

    pub fn by_name(name: &str) -> Option<Verb> {
        Self::ALL.iter().copied().find(|verb| verb.name == name)
    }

    /// The names, for messages that list them.
    pub fn names() -> String {
        Self::ALL
            .iter()
            .map(|verb| verb.name)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Ordered by name, as the settings list them.
impl Ord for Verb {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.name.cmp(other.name)
    }
}

impl PartialOrd for Verb {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Stored by its name (the mapping file's `disabled` list).
impl serde::Serialize for Verb {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name)
    }
}

/// A name this version does not have is refused, naming the known ones.
impl<'de> serde::Deserialize<'de> for Verb {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Verb::by_name(&name).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{}` is not a command of this bot (known: {})",
                crate::untrusted::clean(&name, 40),
                Verb::names()
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_drives_the_path() {
        assert_eq!(Verb::by_name("fast"), Some(Verb::FAST));
        assert_eq!(Verb::FAST.path, "v2/jobs/fast");
        for verb in Verb::ALL {
            assert_eq!(verb.path, format!("v2/jobs/{}", verb.name));
        }
        assert_eq!(Verb::by_name("nope"), None);
    }

    #[test]
    fn only_variability_is_a_toggle() {
        let toggles: Vec<&str> = Verb::ALL
            .iter()
            .filter(|verb| !verb.idempotent)
            .map(|verb| verb.name)
            .collect();
        assert_eq!(toggles, ["variability"]);
    }

    /// A verb without its `cmd-<name>` would be registered with its key
    /// for a description; the catalogue's tests then name every other
    /// language that lacks it.
    #[test]
    fn every_verb_is_described_in_the_catalogue() {
        for verb in Verb::ALL {
            let key = format!("cmd-{}", verb.name);
            assert_ne!(
                crate::locale::description(crate::locale::Lang::EN, &key),
                key,
                "locales/en-US.ftl lacks `{key}`"
            );
        }
    }

    #[test]
    fn the_docs_list_every_verb_with_its_endpoint() {
        let docs = include_str!("../docs/commands.md");
        for verb in Verb::ALL {
            let description =
                crate::locale::text(crate::locale::Lang::EN, &format!("cmd-{}", verb.name));
            let row = format!("| `/{}` | `POST /{}` | {description}", verb.name, verb.path);
            assert!(docs.contains(&row), "docs/commands.md lacks the row: {row}");
        }
    }
}
