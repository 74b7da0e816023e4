//! The catalogue: every sentence the bot shows in Discord, by key, in the
//! languages of `locales/` (one Fluent file each, named by Discord's locale
//! code; English, `en-US.ftl`, the source). A new language is one file.
//!
//! The files are compiled into the binary (`include_str!`), so a missing or
//! broken file can never stop the bot: a message missing in one language,
//! or one that fails to format there, falls back to English for that
//! message alone, and a key missing everywhere shows as the key. Tests
//! (`tests.rs`) hold every file to the English one: same keys, same
//! placeholders, Discord's limits.
//!
//! Each language is parsed into a Fluent bundle on its first use and kept
//! (about 140 KiB), so a bot whose members and servers all speak English
//! never holds the others. The commands' descriptions, which registration
//! needs in every language, are plain text that `build.rs` compiles into a table
//! ([`description`]): registering parses nothing and holds no bundle
//! (BENCHMARKS.md).
//!
//! Arguments are values, never parsed as Fluent: whatever a placeholder
//! holds is put in as it is, so text from upstream (useapi, Discord,
//! members) must be escaped and cut (`untrusted::clean`, `untrusted::inert`) before
//! it is passed, exactly as when the sentence was English.

mod seen;

use std::borrow::Cow;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serenity::all::{ChannelId, GuildId, UserId};

use crate::ids::MjChannelId;

pub(crate) use seen::Seen;

/// A language of the catalogue: one file of `locales/`, named by Discord's
/// locale code (`build.rs` makes the table of them).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang(u8);

/// One file of `locales/`, compiled in.
struct Language {
    /// Discord's locale code: the file's name.
    code: &'static str,
    /// Its `language-name` message.
    name: &'static str,
    /// The whole file, parsed at the language's first use.
    source: &'static str,
    /// Its plain-text messages that describe commands, options and
    /// choices: registration reads these, never a bundle.
    descriptions: &'static [(&'static str, &'static str)],
}

/// Every file of `locales/`, English first.
const LANGUAGES: &[Language] = &include!(concat!(env!("OUT_DIR"), "/languages.rs"));

const COUNT: usize = LANGUAGES.len();

/// Discord locales of another script than their language's file: Chinese
/// as written in Taiwan, Hong Kong and Macau is Traditional, and reads
/// English rather than the Simplified file.
const OTHER_SCRIPT: [&str; 4] = ["zh-tw", "zh-hk", "zh-mo", "zh-hant"];

impl Lang {
    /// English: the source every other file is checked against, and the
    /// fallback of every message.
    pub const EN: Lang = Lang(0);

    /// Every language, English first.
    pub const ALL: [Lang; COUNT] = {
        let mut all = [Lang::EN; COUNT];
        let mut i = 0;
        while i < COUNT {
            #[allow(clippy::cast_possible_truncation)] // a handful of files
            {
                all[i] = Lang(i as u8);
            }
            i += 1;
        }
        all
    };

    /// Discord's locale code (`locale`, `guild_locale`, the keys of
    /// `description_localizations`); also what the settings store.
    pub fn code(self) -> &'static str {
        self.language().code
    }

    /// The language's own name, for `/mj-channel language`'s choices.
    pub fn name(self) -> &'static str {
        self.language().name
    }

    /// The language of a Discord locale code; `None` for one outside the
    /// catalogue. Another variety of a language reads its file (`en-GB`
    /// reads `en-US`, `es-419` and a bare `es` read `es-ES`) unless it is
    /// written in another script; case does not matter.
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        let exact = Self::ALL
            .into_iter()
            .find(|lang| lang.code().eq_ignore_ascii_case(&code));
        if exact.is_some() || OTHER_SCRIPT.iter().any(|other| code.starts_with(other)) {
            return exact;
        }
        let primary = |code: &str| {
            code.split('-')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase()
        };
        let wanted = primary(&code);
        let mut same = Self::ALL
            .into_iter()
            .filter(|lang| primary(lang.code()) == wanted);
        // One file for the language, or the variety is not ours to choose.
        match (same.next(), same.next()) {
            (Some(lang), None) => Some(lang),
            _ => None,
        }
    }

    /// What a member or server reads in: its locale when the catalogue has
    /// it, English otherwise.
    pub fn of(locale: Option<&str>) -> Lang {
        locale.and_then(Self::from_code).unwrap_or(Self::EN)
    }

    fn language(self) -> &'static Language {
        &LANGUAGES[self.index()]
    }

    fn index(self) -> usize {
        usize::from(self.0)
    }
}

impl std::fmt::Debug for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl serde::Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> serde::Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Lang::from_code(&code).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{}` is not a language of this bot",
                crate::untrusted::clean(&code, 40)
            ))
        })
    }
}

/// One named argument's value.
#[derive(Debug, Clone)]
pub(crate) enum Arg<'a> {
    /// Put in as it is.
    Text(Cow<'a, str>),
    /// A count, which may choose a plural form (`{ $n -> [one] … }`).
    /// Ids are never counts: a float cannot hold 18 digits.
    Count(u64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(text: &'a str) -> Self {
        Self::Text(Cow::Borrowed(text))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(text: &'a String) -> Self {
        Self::Text(Cow::Borrowed(text))
    }
}

impl From<String> for Arg<'_> {
    fn from(text: String) -> Self {
        Self::Text(Cow::Owned(text))
    }
}

impl<'a> From<&'a MjChannelId> for Arg<'a> {
    fn from(mj: &'a MjChannelId) -> Self {
        Self::Text(Cow::Borrowed(mj.as_str()))
    }
}

macro_rules! id_args {
    ($($id:ty),*) => {$(
        impl From<$id> for Arg<'_> {
            fn from(id: $id) -> Self {
                Self::Text(Cow::Owned(id.to_string()))
            }
        }
    )*};
}
id_args!(ChannelId, UserId, GuildId);

macro_rules! count_args {
    ($($int:ty),*) => {$(
        impl From<$int> for Arg<'_> {
            fn from(n: $int) -> Self {
                Self::Count(u64::from(n))
            }
        }
    )*};
}
count_args!(u16, u32, u64);

impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Self::Count(u64::try_from(n).unwrap_or(u64::MAX))
    }
}

type Bundle = FluentBundle<FluentResource>;

/// Each language's bundle, parsed on first use.
static BUNDLES: [OnceLock<Bundle>; COUNT] = [const { OnceLock::new() }; COUNT];

fn bundle(lang: Lang) -> &'static Bundle {
    BUNDLES[lang.index()].get_or_init(|| build(lang))
}

/// A file that does not parse keeps the messages that did (a test makes
/// sure every file parses whole).
fn build(lang: Lang) -> Bundle {
    let resource = FluentResource::try_new(lang.language().source.to_owned())
        .unwrap_or_else(|(partial, _errors)| partial);
    let id: unic_langid::LanguageIdentifier = lang.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // No Unicode isolation marks around placeholders: Discord shows ids,
    // mentions and code spans as they are, and English stays byte-identical.
    bundle.set_use_isolating(false);
    // A duplicate key keeps its first message; the test finds it.
    let _ = bundle.add_resource(resource);
    bundle
}

/// Whether catalogue key `key` describes a command, an option or a choice
/// (as `build.rs` reads them).
#[cfg(test)]
fn is_description(key: &str) -> bool {
    ["cmd-", "opt-", "sub-", "group-", "choice-"]
        .iter()
        .any(|prefix| key.starts_with(prefix))
}

fn plain(lang: Lang, key: &str) -> Option<&'static str> {
    lang.language()
        .descriptions
        .iter()
        .find(|(name, _)| *name == key)
        .map(|(_, text)| *text)
}

/// Description `key` in `lang`; English when `lang` lacks it (or it is
/// not plain text there); the key itself when English lacks it too.
pub(crate) fn description(lang: Lang, key: &str) -> String {
    plain(lang, key)
        .or_else(|| plain(Lang::EN, key))
        .map_or_else(|| key.to_owned(), str::to_owned)
}

/// Appends every description of every language to `out`, for the
/// registration fingerprint.
pub(crate) fn append_descriptions(out: &mut Vec<u8>) {
    for (key, text) in LANGUAGES.iter().flat_map(|lang| lang.descriptions) {
        out.extend_from_slice(key.as_bytes());
        out.push(b'=');
        out.extend_from_slice(text.as_bytes());
        out.push(b'\n');
    }
}

/// Message `key` in `lang` with no arguments.
pub(crate) fn text(lang: Lang, key: &str) -> String {
    args(lang, key, &[])
}

/// Message `key` in `lang` with named arguments; English when `lang` lacks
/// it or it fails there; the key itself when English lacks it too.
pub(crate) fn args(lang: Lang, key: &str, named: &[(&str, Arg<'_>)]) -> String {
    format(lang, key, named)
        .or_else(|| format(Lang::EN, key, named))
        .unwrap_or_else(|| key.to_owned())
}

/// `None` when `lang` has no such message, or formatting it reported an
/// error (a placeholder without its argument).
fn format(lang: Lang, key: &str, named: &[(&str, Arg<'_>)]) -> Option<String> {
    let bundle = bundle(lang);
    let pattern = bundle.get_message(key)?.value()?;
    let mut fluent = FluentArgs::with_capacity(named.len());
    for (name, value) in named {
        let value = match value {
            Arg::Text(text) => FluentValue::from(text.as_ref()),
            #[allow(clippy::cast_precision_loss)] // counts, far below 2^53
            Arg::Count(n) => FluentValue::from(*n as f64),
        };
        fluent.set(*name, value);
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fluent), &mut errors);
    errors.is_empty().then(|| text.into_owned())
}

#[cfg(test)]
mod scan;
#[cfg(test)]
mod tests;
