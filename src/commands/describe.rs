//! Commands and options described in every language of the catalogue:
//! English as Discord's default `description`, and each of the nine in
//! `description_localizations` (names stay as they are, so help pages and
//! habits keep working). The registration fingerprint hashes the JSON, so
//! a changed translation re-registers.

use serenity::all::{CommandOptionType, CreateCommand, CreateCommandOption};

use crate::locale::{self, Lang};

/// Command `name`, described by catalogue message `key`.
pub(crate) fn command(name: &str, key: &str) -> CreateCommand {
    Lang::ALL.iter().fold(
        CreateCommand::new(name).description(locale::text(Lang::En, key)),
        |command, lang| command.description_localized(lang.code(), locale::text(*lang, key)),
    )
}

/// Option `name` of `kind`, described by catalogue message `key`.
pub(crate) fn option(kind: CommandOptionType, name: &str, key: &str) -> CreateCommandOption {
    Lang::ALL.iter().fold(
        CreateCommandOption::new(kind, name, locale::text(Lang::En, key)),
        |option, lang| option.description_localized(lang.code(), locale::text(*lang, key)),
    )
}

/// Each language's text of `key`, as Discord's `name_localizations` of a
/// choice take it.
pub(crate) fn localizations(key: &str) -> impl Iterator<Item = (&'static str, String)> + '_ {
    Lang::ALL
        .iter()
        .map(move |lang| (lang.code(), locale::text(*lang, key)))
}
