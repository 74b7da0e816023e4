//! Who may spend the account: which servers the bot serves
//! (`ALLOWED_GUILDS`) and how often one member may send a Midjourney command
//! (`COMMAND_COOLDOWN_SECS`). Pure logic: `commands/` asks it before any
//! useapi call, and time is passed in, so tests need no clock.

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serenity::all::{ChannelId, GuildId, Member, UserId};

mod claims;
mod seen;

pub(crate) use claims::{Ask, Claims};

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
            let Some(id) = parse_guild_id(item) else {
                let shown: String = item.chars().take(40).collect();
                return Err(format!(
                    "`{shown}` is not a server id: use `any`, or server ids (17 to 20 digits) \
                     separated by commas (in Discord, turn on Developer Mode, right-click the \
                     server and choose Copy Server ID)"
                ));
            };
            guilds.insert(id);
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

/// A server id as an operator types it: 17 to 20 digits, not zero, and at
/// most `i64::MAX`: Discord's ids fit a signed 64-bit integer (the
/// database store keeps them as `BIGINT`), so a larger one names no
/// server on either store.
pub(crate) fn parse_guild_id(raw: &str) -> Option<GuildId> {
    let valid = (17..=20).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_digit());
    raw.parse::<i64>()
        .ok()
        .filter(|id| valid && *id > 0)
        .and_then(|id| u64::try_from(id).ok())
        .map(GuildId::new)
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
    /// `COMMAND_COOLDOWN_SECS`; [`Claims`] keeps the cooldowns themselves.
    pub cooldown: Duration,
}

impl Access {
    pub(crate) fn new(allowed_guilds: Option<AllowedGuilds>, cooldown: Duration) -> Self {
        Self {
            allowed_guilds,
            cooldown,
        }
    }

    pub(crate) fn guild_allowed(&self, guild: GuildId) -> bool {
        self.allowed_guilds
            .as_ref()
            .is_none_or(|allowed| allowed.allows(guild))
    }

    /// Whether a command from `guild` may spend the operator's
    /// `USEAPI_TOKEN`: when `ALLOWED_GUILDS` is unset (a private bot: only
    /// its owner adds it), when it names the server, or when it is `any` and
    /// servers cannot bring accounts of their own (`own_accounts` false: the
    /// owner chose to serve every server with theirs, as before). With own
    /// accounts on, `any` never spends the operator's account: only listed
    /// servers do. A command outside any server (`None`, a direct message)
    /// spends it only for a private bot: `any` serves servers, not whoever
    /// writes to the bot.
    pub(crate) fn operator_account_for(&self, guild: Option<GuildId>, own_accounts: bool) -> bool {
        operator_account_for(self.allowed_guilds.as_ref(), guild, own_accounts)
    }
}

/// [`Access::operator_account_for`], from `ALLOWED_GUILDS` alone (for
/// `mj-bridge check` and the account alerts, which keep no cooldowns).
pub(crate) fn operator_account_for(
    allowed: Option<&AllowedGuilds>,
    guild: Option<GuildId>,
    own_accounts: bool,
) -> bool {
    match (allowed, guild) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(AllowedGuilds::Only(guilds)), Some(guild)) => guilds.contains(&guild),
        (Some(AllowedGuilds::Any), Some(_)) => !own_accounts,
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

/// Where a member's cooldown runs: in a server, or (for a private bot's
/// owner, the only one a direct message may spend for) in their direct
/// messages with the bot, which share one cooldown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Scope {
    Server(GuildId),
    Direct(ChannelId),
}

impl Scope {
    /// The id it is kept under where every process sees it: Discord's ids
    /// are unique across servers and channels, so the two never meet.
    pub(crate) fn id(self) -> u64 {
        match self {
            Self::Server(guild) => guild.get(),
            Self::Direct(channel) => channel.get(),
        }
    }
}

impl From<GuildId> for Scope {
    fn from(guild: GuildId) -> Self {
        Self::Server(guild)
    }
}

type Key = (Scope, UserId);

/// When each member may send their next Midjourney command, per server.
pub(crate) struct Cooldowns {
    period: Duration,
    cap: usize,
    tracked: Mutex<Tracked>,
}

#[derive(Default)]
struct Tracked {
    until: HashMap<Key, Instant>,
    /// The same entries in the order they end: the period is fixed, so a
    /// new one goes last; a seeded one is put in its place.
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
        scope: Scope,
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
        let key = (scope, member);
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

    /// Records a cooldown another process (the database) decided: `member`
    /// waits in `guild` until `until`, so this process's own stays as strict
    /// should it have to decide alone.
    pub(crate) fn seed(&self, scope: Scope, member: UserId, until: Instant) {
        if self.period.is_zero() {
            return;
        }
        let mut tracked = self.tracked.lock().unwrap_or_else(PoisonError::into_inner);
        let key = (scope, member);
        if tracked.until.get(&key).is_some_and(|known| *known >= until) {
            return;
        }
        while tracked.until.len() >= self.cap && tracked.pop_oldest() {}
        tracked.until.insert(key, until);
        // Kept in the order entries end: a seeded end may come before
        // others' (a wait shorter than the period).
        let at = tracked.order.partition_point(|(_, end)| *end <= until);
        tracked.order.insert(at, (key, until));
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
mod tests;
