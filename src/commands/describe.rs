//! Commands and options described in every language of the catalogue:
//! English as Discord's default `description`, and every language of the
//! catalogue in `description_localizations` (names stay as they are, so help
//! pages and habits keep working). The registration fingerprint covers them
//! (`CommandSet::new`), so a changed translation re-registers.

use std::cell::Cell;

use serenity::all::{CommandOptionType, CreateCommand, CreateCommandOption};

use crate::locale::{self, Lang};

thread_local! {
    /// Set while [`english_only`] builds a set: the descriptions then carry
    /// no localization.
    static ENGLISH_ONLY: Cell<bool> = const { Cell::new(false) };
}

/// What `build` makes, with English descriptions only: the registration
/// fingerprint's input (`CommandSet::new`), whose JSON is the same at
/// every build.
pub(crate) fn english_only<T>(build: impl FnOnce() -> T) -> T {
    ENGLISH_ONLY.with(|flag| flag.set(true));
    let made = build();
    ENGLISH_ONLY.with(|flag| flag.set(false));
    made
}

/// The languages descriptions carry: all of them, or none in [`english_only`].
fn languages() -> &'static [Lang] {
    if ENGLISH_ONLY.with(Cell::get) {
        &[]
    } else {
        &Lang::ALL
    }
}

/// Command `name`, described by catalogue message `key`.
pub(crate) fn command(name: &str, key: &str) -> CreateCommand {
    languages().iter().fold(
        CreateCommand::new(name).description(locale::description(Lang::EN, key)),
        |command, lang| command.description_localized(lang.code(), locale::description(*lang, key)),
    )
}

/// Option `name` of `kind`, described by catalogue message `key`.
pub(crate) fn option(kind: CommandOptionType, name: &str, key: &str) -> CreateCommandOption {
    languages().iter().fold(
        CreateCommandOption::new(kind, name, locale::description(Lang::EN, key)),
        |option, lang| option.description_localized(lang.code(), locale::description(*lang, key)),
    )
}

/// Each language's text of `key`, as Discord's `name_localizations` of a
/// choice take it.
pub(crate) fn localizations(key: &str) -> impl Iterator<Item = (&'static str, String)> + '_ {
    languages()
        .iter()
        .map(move |lang| (lang.code(), locale::description(*lang, key)))
}
