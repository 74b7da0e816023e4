//! The language each server last showed: its `guild_locale` (Discord's
//! "server primary language", sent with every interaction from it, and as
//! `preferred_locale` when the gateway tells the bot about the server).
//! Alerts and audit lines are posted outside any interaction, so this is
//! what they are worded in unless an admin chose a language with
//! `/mj-channel language`. Kept in memory only: one byte per server, and
//! a restart learns it again at the server's next command.

use std::collections::HashMap;
use std::sync::{PoisonError, RwLock};

use serenity::all::GuildId;

use super::Lang;

#[derive(Debug, Default)]
pub(crate) struct Seen {
    servers: RwLock<HashMap<GuildId, Lang>>,
}

impl Seen {
    /// Notes `guild`'s locale as Discord sent it; a locale outside the
    /// catalogue is English. Writes only when it changed.
    pub(crate) fn note(&self, guild: GuildId, locale: Option<&str>) {
        let Some(locale) = locale else { return };
        let lang = Lang::of(Some(locale));
        if self.last(guild) == lang {
            return;
        }
        let mut servers = self.servers.write().unwrap_or_else(PoisonError::into_inner);
        if lang == Lang::EN {
            // English is what an unknown server gets anyway.
            servers.remove(&guild);
        } else {
            servers.insert(guild, lang);
        }
    }

    fn last(&self, guild: GuildId) -> Lang {
        let servers = self.servers.read().unwrap_or_else(PoisonError::into_inner);
        servers.get(&guild).copied().unwrap_or(Lang::EN)
    }

    /// What `guild` reads: the language its admins chose, else the one it
    /// last showed, else English.
    pub(crate) fn server(&self, guild: GuildId, chosen: Option<Lang>) -> Lang {
        chosen.unwrap_or_else(|| self.last(guild))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUILD: GuildId = GuildId::new(1);

    #[test]
    fn a_server_reads_its_last_locale_unless_its_admins_chose_one() {
        let seen = Seen::default();
        assert_eq!(seen.server(GUILD, None), Lang::EN);
        seen.note(GUILD, Some("de"));
        assert_eq!(seen.server(GUILD, None), Lang::of(Some("de")));
        assert_eq!(
            seen.server(GUILD, Some(Lang::of(Some("fr")))),
            Lang::of(Some("fr"))
        );
        seen.note(GUILD, Some("tlh"));
        assert_eq!(seen.server(GUILD, None), Lang::EN);
        seen.note(GUILD, None);
        assert_eq!(seen.server(GUILD, None), Lang::EN);
    }
}
