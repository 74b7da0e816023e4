//! Who may spend the account: which servers the bot serves
//! (`ALLOWED_GUILDS`) and how often one member may send a Midjourney command
//! (`COMMAND_COOLDOWN_SECS`). Pure logic: `commands/` asks it before any
//! useapi call, and time is passed in, so tests need no clock.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serenity::all::{GuildId, Member, UserId};

/// At most this many members are in a cooldown at once, whatever a flood
/// of distinct members does; beyond it the oldest entry is forgotten.
pub(crate) const MAX_TRACKED: usize = 10_000;

/// The servers `ALLOWED_GUILDS` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AllowedGuilds {
    /// `any`: every server the bot is in, deliberately.
    Any,
    Only(BTreeSet<GuildId>),
}

impl AllowedGuilds {
    /// `any`, or guild ids (17 to 20 digits) separated by commas; spaces are fine.
    pub(crate) fn parse(raw: &str) -> Result<Self, String> {
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

    pub(crate) fn allows(&self, guild: GuildId) -> bool {
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

/// The allow-list and the cooldown, as the commands see them.
pub(crate) struct Access {
    /// `None` when `ALLOWED_GUILDS` is unset: every server is served (the
    /// start-up guard has made sure only the owner can add the bot then).
    pub allowed_guilds: Option<AllowedGuilds>,
    pub cooldowns: Cooldowns,
}

impl Access {
    pub(crate) fn new(allowed_guilds: Option<AllowedGuilds>, cooldown: Duration) -> Self {
        Self {
            allowed_guilds,
            cooldowns: Cooldowns::new(cooldown),
        }
    }

    pub(crate) fn guild_allowed(&self, guild: GuildId) -> bool {
        self.allowed_guilds
            .as_ref()
            .is_none_or(|allowed| allowed.allows(guild))
    }

    /// Whether `guild` may spend the operator's `USEAPI_TOKEN`: when
    /// `ALLOWED_GUILDS` is unset (a private bot: only its owner adds it),
    /// when it names the server, or when it is `any` and servers cannot
    /// bring accounts of their own (`own_accounts` false: the owner chose
    /// to serve every server with theirs, as before). With own accounts on,
    /// `any` never spends the operator's account: only listed servers do.
    pub(crate) fn operator_account_for(&self, guild: GuildId, own_accounts: bool) -> bool {
        match &self.allowed_guilds {
            None => true,
            Some(AllowedGuilds::Only(guilds)) => guilds.contains(&guild),
            Some(AllowedGuilds::Any) => !own_accounts,
        }
    }
}

/// What the owner of a public bot without `ALLOWED_GUILDS` must change;
/// shared by the refusal at start and `mj-bridge check`.
pub(crate) const PUBLIC_BOT_FIX: &str =
    "turn off Public Bot in the developer portal (your application → Bot → Public Bot), \
     or set ALLOWED_GUILDS to your server ids (or to `any` to serve every server deliberately)";

/// A public application (anyone can add it) with no list of servers: it would
/// spend the owner's useapi.net account for strangers.
#[derive(Debug, thiserror::Error)]
#[error("the bot is public: anyone can add it to their server and use your useapi.net account. To start it, {PUBLIC_BOT_FIX}")]
pub(crate) struct PublicBotRefused;

/// The start-up guard: a public bot only serves with `ALLOWED_GUILDS` set,
/// unless it has no account of its own to spend (`operator_account` false:
/// no `USEAPI_TOKEN`, every server brings its own).
pub(crate) fn refuse_public_bot(
    public: bool,
    allowed: Option<&AllowedGuilds>,
    operator_account: bool,
) -> Result<(), PublicBotRefused> {
    if public && allowed.is_none() && operator_account {
        return Err(PublicBotRefused);
    }
    Ok(())
}

/// Manage Server or Administrator, as sent by Discord with the interaction:
/// such members edit the settings and have no cooldown.
pub(crate) fn is_manager(member: Option<&Member>) -> bool {
    member
        .and_then(|m| m.permissions)
        .is_some_and(|p| p.manage_guild() || p.administrator())
}

type Key = (GuildId, UserId);

/// When each member may send their next Midjourney command, per server.
pub(crate) struct Cooldowns {
    period: Duration,
    cap: usize,
    tracked: Mutex<Tracked>,
}

#[derive(Default)]
struct Tracked {
    until: HashMap<Key, Instant>,
    /// The same entries in the order they end: the period is fixed, so that
    /// is the order they were added in.
    order: VecDeque<(Key, Instant)>,
}

impl Tracked {
    /// Forgets the entry at the front; the map keeps a newer entry of the same member.
    fn pop_oldest(&mut self) -> bool {
        let Some((key, until)) = self.order.pop_front() else {
            return false;
        };
        if self.until.get(&key) == Some(&until) {
            self.until.remove(&key);
        }
        true
    }
}

impl Cooldowns {
    /// `period` zero turns the cooldown off.
    pub(crate) fn new(period: Duration) -> Self {
        Self::with_cap(period, MAX_TRACKED)
    }

    pub(crate) fn with_cap(period: Duration, cap: usize) -> Self {
        Self {
            period,
            cap: cap.max(1),
            tracked: Mutex::default(),
        }
    }

    pub(crate) fn period(&self) -> Duration {
        self.period
    }

    /// Accepts a command of `member` in `guild` at `now` and starts their
    /// cooldown, or returns how long they must still wait.
    pub(crate) fn try_accept(
        &self,
        guild: GuildId,
        member: UserId,
        now: Instant,
    ) -> Result<(), Duration> {
        if self.period.is_zero() {
            return Ok(());
        }
        let mut tracked = self.tracked.lock().unwrap_or_else(PoisonError::into_inner);
        while tracked
            .order
            .front()
            .is_some_and(|(_, until)| *until <= now)
        {
            tracked.pop_oldest();
        }
        let key = (guild, member);
        if let Some(until) = tracked.until.get(&key).filter(|until| **until > now) {
            return Err(*until - now);
        }
        while tracked.until.len() >= self.cap && tracked.pop_oldest() {}
        // A period too long for the clock is as good as forever.
        let until = now
            .checked_add(self.period)
            .unwrap_or(now + Duration::from_secs(86_400 * 365));
        tracked.until.insert(key, until);
        tracked.order.push_back((key, until));
        Ok(())
    }

    /// Members in a cooldown right now (expired entries may linger until the next command).
    #[cfg(test)]
    pub(crate) fn tracked(&self) -> usize {
        self.tracked
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .until
            .len()
    }
}

/// The Unix time (whole seconds, rounded up) `wait` after `now`, for
/// Discord's `<t:…:R>` relative timestamps.
pub(crate) fn unix_after(now: SystemTime, wait: Duration) -> u64 {
    let at = now.duration_since(UNIX_EPOCH).unwrap_or_default() + wait;
    at.as_secs() + u64::from(at.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUILD: GuildId = GuildId::new(1);
    const OTHER_GUILD: GuildId = GuildId::new(2);
    const ALICE: UserId = UserId::new(10);
    const BOB: UserId = UserId::new(11);
    const SECS: fn(u64) -> Duration = Duration::from_secs;

    #[test]
    fn only_managers_and_administrators_may_edit() {
        let member = |permissions: &str| -> Member {
            serde_json::from_value(serde_json::json!({
                "user": {"id": "1", "username": "m", "discriminator": "0", "global_name": null, "avatar": null},
                "roles": [], "joined_at": "2024-01-01T00:00:00+00:00", "deaf": false, "mute": false,
                "flags": 0, "permissions": permissions, "guild_id": "2"
            }))
            .unwrap()
        };
        assert!(is_manager(Some(&member("32"))));
        assert!(is_manager(Some(&member("8"))));
        assert!(!is_manager(Some(&member("0"))));
        assert!(!is_manager(Some(&member("2048"))));
        assert!(!is_manager(None));
    }

    #[test]
    fn the_operators_account_serves_only_the_servers_the_operator_allows() {
        let listed = GuildId::new(100_000_000_000_000_001);
        let other = GuildId::new(200_000_000_000_000_002);
        let only = Access::new(
            Some(AllowedGuilds::Only(BTreeSet::from([listed]))),
            Duration::ZERO,
        );
        assert!(only.operator_account_for(listed, true));
        assert!(!only.operator_account_for(other, true));
        let any = Access::new(Some(AllowedGuilds::Any), Duration::ZERO);
        assert!(any.operator_account_for(other, false));
        assert!(!any.operator_account_for(other, true));
        assert!(Access::new(None, Duration::ZERO).operator_account_for(other, true));
    }

    #[test]
    fn only_a_public_bot_without_an_allow_list_is_refused() {
        assert!(refuse_public_bot(true, None, true).is_err());
        assert!(
            refuse_public_bot(true, Some(&AllowedGuilds::Any), true).is_ok()
                && refuse_public_bot(true, None, false).is_ok()
        );
        assert!(refuse_public_bot(false, None, true).is_ok());
    }

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
        assert!(Access::new(None, SECS(10)).guild_allowed(GUILD));
        let only = AllowedGuilds::Only(BTreeSet::from([OTHER_GUILD]));
        assert!(!Access::new(Some(only), SECS(10)).guild_allowed(GUILD));
        assert!(Access::new(Some(AllowedGuilds::Any), SECS(10)).guild_allowed(GUILD));
    }

    #[test]
    fn a_second_command_within_the_cooldown_is_refused_with_the_time_left() {
        let cooldowns = Cooldowns::new(SECS(10));
        let start = Instant::now();
        assert_eq!(cooldowns.try_accept(GUILD, ALICE, start), Ok(()));
        assert_eq!(
            cooldowns.try_accept(GUILD, ALICE, start + SECS(3)),
            Err(SECS(7))
        );
    }

    #[test]
    fn a_refused_command_does_not_extend_the_cooldown() {
        let cooldowns = Cooldowns::new(SECS(10));
        let start = Instant::now();
        cooldowns.try_accept(GUILD, ALICE, start).unwrap();
        assert!(cooldowns.try_accept(GUILD, ALICE, start + SECS(9)).is_err());
        assert_eq!(cooldowns.try_accept(GUILD, ALICE, start + SECS(10)), Ok(()));
    }

    #[test]
    fn other_members_and_other_servers_have_their_own_cooldown() {
        let cooldowns = Cooldowns::new(SECS(10));
        let start = Instant::now();
        cooldowns.try_accept(GUILD, ALICE, start).unwrap();
        assert_eq!(cooldowns.try_accept(GUILD, BOB, start), Ok(()));
        assert_eq!(cooldowns.try_accept(OTHER_GUILD, ALICE, start), Ok(()));
    }

    #[test]
    fn a_zero_period_turns_the_cooldown_off() {
        let cooldowns = Cooldowns::new(Duration::ZERO);
        let now = Instant::now();
        for _ in 0..3 {
            assert_eq!(cooldowns.try_accept(GUILD, ALICE, now), Ok(()));
        }
        assert_eq!(cooldowns.tracked(), 0);
    }

    #[test]
    fn expired_entries_are_dropped() {
        let cooldowns = Cooldowns::new(SECS(10));
        let start = Instant::now();
        for member in 1..=100 {
            cooldowns
                .try_accept(GUILD, UserId::new(member), start)
                .unwrap();
        }
        assert_eq!(cooldowns.tracked(), 100);
        cooldowns
            .try_accept(GUILD, ALICE, start + SECS(11))
            .unwrap();
        assert_eq!(cooldowns.tracked(), 1);
    }

    #[test]
    fn a_flood_of_distinct_members_never_grows_past_the_cap() {
        let cooldowns = Cooldowns::with_cap(SECS(10), 50);
        let start = Instant::now();
        for member in 1..=1_000 {
            assert_eq!(
                cooldowns.try_accept(GUILD, UserId::new(member), start),
                Ok(())
            );
            assert!(cooldowns.tracked() <= 50);
        }
        // The newest members are still in their cooldown.
        assert!(cooldowns
            .try_accept(GUILD, UserId::new(1_000), start)
            .is_err());
    }

    #[test]
    fn the_retry_time_is_rounded_up_to_the_next_second() {
        let now = UNIX_EPOCH + Duration::from_millis(1_700_000_000_500);
        assert_eq!(unix_after(now, SECS(7)), 1_700_000_008);
        assert_eq!(unix_after(UNIX_EPOCH + SECS(100), SECS(7)), 107);
    }
}
