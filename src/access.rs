//! Who may spend the account: which servers the bot serves
//! (`ALLOWED_GUILDS`). Pure logic: `commands/` asks it before any useapi call.

use std::collections::BTreeSet;

use serenity::all::GuildId;

/// The servers `ALLOWED_GUILDS` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AllowedGuilds {
    /// `any`: every server the bot is in, deliberately.
    Any,
    Only(BTreeSet<GuildId>),
}

impl AllowedGuilds {
    /// `any`, or guild ids (17 to 20 digits) separated by commas; spaces are fine.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.eq_ignore_ascii_case("any") {
            return Ok(Self::Any);
        }
        let mut guilds = BTreeSet::new();
        for item in raw.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let valid = (17..=20).contains(&item.len()) && item.bytes().all(|b| b.is_ascii_digit());
            match item.parse::<u64>() {
                Ok(id) if valid && id > 0 => guilds.insert(GuildId::new(id)),
                _ => {
                    let shown: String = item.chars().take(40).collect();
                    return Err(format!(
                        "`{shown}` is not a server id: use `any`, or server ids (17 to 20 digits) \
                         separated by commas (in Discord, turn on Developer Mode, right-click the \
                         server and choose Copy Server ID)"
                    ));
                }
            };
        }
        if guilds.is_empty() {
            return Err("it names no server: use `any`, or server ids separated by commas".into());
        }
        Ok(Self::Only(guilds))
    }

    pub fn allows(&self, guild: GuildId) -> bool {
        match self {
            Self::Any => true,
            Self::Only(guilds) => guilds.contains(&guild),
        }
    }
}

impl std::fmt::Display for AllowedGuilds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Any => f.write_str("any server"),
            Self::Only(guilds) => {
                let ids: Vec<String> = guilds.iter().map(ToString::to_string).collect();
                f.write_str(&ids.join(", "))
            }
        }
    }
}

/// The allow-list, as the commands see it.
pub struct Access {
    /// `None` when `ALLOWED_GUILDS` is unset: every server is served (the
    /// start-up guard has made sure only the owner can add the bot then).
    pub allowed_guilds: Option<AllowedGuilds>,
}

impl Access {
    pub fn new(allowed_guilds: Option<AllowedGuilds>) -> Self {
        Self { allowed_guilds }
    }

    pub fn guild_allowed(&self, guild: GuildId) -> bool {
        self.allowed_guilds
            .as_ref()
            .is_none_or(|allowed| allowed.allows(guild))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUILD: GuildId = GuildId::new(1);
    const OTHER_GUILD: GuildId = GuildId::new(2);

    #[test]
    fn any_and_lists_of_ids_with_spaces_parse() {
        assert_eq!(AllowedGuilds::parse("any"), Ok(AllowedGuilds::Any));
        assert_eq!(AllowedGuilds::parse(" ANY "), Ok(AllowedGuilds::Any));
        let list = AllowedGuilds::parse(" 100000000000000001 ,200000000000000001,").unwrap();
        assert!(list.allows(GuildId::new(100_000_000_000_000_001)));
        assert!(list.allows(GuildId::new(200_000_000_000_000_001)));
        assert!(!list.allows(GuildId::new(300_000_000_000_000_001)));
        assert_eq!(list.to_string(), "100000000000000001, 200000000000000001");
    }

    #[test]
    fn anything_else_is_refused_with_the_offending_part() {
        for (bad, shown) in [
            ("all", "`all`"),
            (
                "100000000000000001;200000000000000001",
                "`100000000000000001;",
            ),
            ("100000000000000001, my-server", "`my-server`"),
            ("12", "`12`"),
            ("99999999999999999999", "`99999999999999999999`"),
            (",", "names no server"),
        ] {
            let err = AllowedGuilds::parse(bad).unwrap_err();
            assert!(err.contains(shown), "{bad}: {err}");
        }
    }

    #[test]
    fn without_an_allow_list_every_guild_is_served() {
        assert!(Access::new(None).guild_allowed(GUILD));
        let only = AllowedGuilds::Only(BTreeSet::from([OTHER_GUILD]));
        assert!(!Access::new(Some(only)).guild_allowed(GUILD));
        assert!(Access::new(Some(AllowedGuilds::Any)).guild_allowed(GUILD));
    }
}
