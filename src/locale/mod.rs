//! The catalogue: every sentence the bot shows in Discord, by key, in the
//! nine languages of `locales/` (one Fluent file each, English the source).
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
//! needs in all nine, are plain text that `build.rs` compiles into a table
//! ([`description`]): registering parses nothing and holds no bundle
//! (BENCHMARKS.md).
//!
//! Arguments are values, never parsed as Fluent: whatever a placeholder
//! holds is put in as it is, so text from upstream (useapi, Discord,
//! members) must be escaped and cut (`text::clean`, `text::inert`) before
//! it is passed, exactly as when the sentence was English.

mod seen;

use std::borrow::Cow;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serenity::all::{ChannelId, GuildId, UserId};

use crate::ids::MjChannelId;

pub(crate) use seen::Seen;

/// A language of the catalogue, named as Discord names locales.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    En,
    De,
    EsEs,
    Fr,
    Ja,
    Ko,
    PtBr,
    Ru,
    ZhCn,
}

impl Lang {
    /// English first: the source every other file is checked against.
    pub const ALL: [Lang; 9] = [
        Lang::En,
        Lang::De,
        Lang::EsEs,
        Lang::Fr,
        Lang::Ja,
        Lang::Ko,
        Lang::PtBr,
        Lang::Ru,
        Lang::ZhCn,
    ];

    /// Discord's locale code (`locale`, `guild_locale`, the keys of
    /// `description_localizations`); also what the settings store.
    pub fn code(self) -> &'static str {
        match self {
            Self::En => "en-US",
            Self::De => "de",
            Self::EsEs => "es-ES",
            Self::Fr => "fr",
            Self::Ja => "ja",
            Self::Ko => "ko",
            Self::PtBr => "pt-BR",
            Self::Ru => "ru",
            Self::ZhCn => "zh-CN",
        }
    }

    /// The language's own name, for `/mj-channel language`'s choices.
    pub fn name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::De => "Deutsch",
            Self::EsEs => "Español",
            Self::Fr => "Français",
            Self::Ja => "日本語",
            Self::Ko => "한국어",
            Self::PtBr => "Português do Brasil",
            Self::Ru => "Русский",
            Self::ZhCn => "中文",
        }
    }

    /// The language of a Discord locale code; `None` for one outside the
    /// nine. Discord's other English (`en-GB`) and a bare `en`, `es`, `pt`
    /// or `zh` read as the nearest of the nine; case does not matter.
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        Some(match code.as_str() {
            "en-us" | "en-gb" | "en" => Self::En,
            "de" => Self::De,
            "es-es" | "es-419" | "es" => Self::EsEs,
            "fr" => Self::Fr,
            "ja" => Self::Ja,
            "ko" => Self::Ko,
            "pt-br" | "pt" => Self::PtBr,
            "ru" => Self::Ru,
            "zh-cn" | "zh" => Self::ZhCn,
            _ => return None,
        })
    }

    /// What a member or server reads in: its locale when it is one of the
    /// nine, English otherwise.
    pub fn of(locale: Option<&str>) -> Lang {
        locale.and_then(Self::from_code).unwrap_or(Self::En)
    }

    /// The Fluent file, compiled in.
    fn source(self) -> &'static str {
        match self {
            Self::En => include_str!("../../locales/en.ftl"),
            Self::De => include_str!("../../locales/de.ftl"),
            Self::EsEs => include_str!("../../locales/es-ES.ftl"),
            Self::Fr => include_str!("../../locales/fr.ftl"),
            Self::Ja => include_str!("../../locales/ja.ftl"),
            Self::Ko => include_str!("../../locales/ko.ftl"),
            Self::PtBr => include_str!("../../locales/pt-BR.ftl"),
            Self::Ru => include_str!("../../locales/ru.ftl"),
            Self::ZhCn => include_str!("../../locales/zh-CN.ftl"),
        }
    }

    fn index(self) -> usize {
        self as usize
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
static BUNDLES: [OnceLock<Bundle>; 9] = [const { OnceLock::new() }; 9];

fn bundle(lang: Lang) -> &'static Bundle {
    BUNDLES[lang.index()].get_or_init(|| build(lang))
}

/// A file that does not parse keeps the messages that did (a test makes
/// sure every file parses whole).
fn build(lang: Lang) -> Bundle {
    let resource = FluentResource::try_new(lang.source().to_owned())
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

/// Each language's plain-text messages that describe commands, options
/// and choices, in the order of [`Lang::ALL`], compiled out of `locales/`
/// by `build.rs`: registration reads these, never a bundle.
static DESCRIPTIONS: [&[(&str, &str)]; 9] = include!(concat!(env!("OUT_DIR"), "/descriptions.rs"));

/// Whether catalogue key `key` describes a command, an option or a choice
/// (as `build.rs` reads them).
#[cfg(test)]
fn is_description(key: &str) -> bool {
    ["cmd-", "opt-", "sub-", "group-", "choice-"]
        .iter()
        .any(|prefix| key.starts_with(prefix))
}

fn plain(lang: Lang, key: &str) -> Option<&'static str> {
    DESCRIPTIONS[lang.index()]
        .iter()
        .find(|(name, _)| *name == key)
        .map(|(_, text)| *text)
}

/// Description `key` in `lang`; English when `lang` lacks it (or it is
/// not plain text there); the key itself when English lacks it too.
pub(crate) fn description(lang: Lang, key: &str) -> String {
    plain(lang, key)
        .or_else(|| plain(Lang::En, key))
        .map_or_else(|| key.to_owned(), str::to_owned)
}

/// Appends every description of every language to `out`, for the
/// registration fingerprint.
pub(crate) fn append_descriptions(out: &mut Vec<u8>) {
    for (key, text) in DESCRIPTIONS.iter().flat_map(|all| all.iter()) {
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
        .or_else(|| format(Lang::En, key, named))
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
