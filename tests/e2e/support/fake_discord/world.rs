//! The fake Discord's world: the application's ids, the guilds and the
//! channels and threads the tests type in.

pub const APP_ID: u64 = 900_000_000_000_000_001;
pub const BOT_ID: u64 = APP_ID;
pub const COMMAND_ID: u64 = 900_000_000_000_000_002;
/// Anyone holding an interaction token can post as the bot for 15 minutes,
/// so no output may contain one; they all start with this.
pub const INTERACTION_TOKEN_PREFIX: &str = "aW50ZXJhY3Rpb24-secret-";

/// A channel or thread of the fake world.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub guild: u64,
    pub channel: u64,
    /// Discord channel type: 0 text, 11 public thread.
    pub kind: u8,
    pub parent: Option<u64>,
}

pub const GUILD_A: u64 = 100_000_000_000_000_001;
/// On shard 1 of 2 (`(id >> 22) % 2`), GUILD_A and GUILD_C on shard 0.
pub const GUILD_B: u64 = 200_000_000_004_194_305;
pub const A_GENERAL: Place = text(GUILD_A, 100_000_000_000_000_010);
pub const A_ART: Place = text(GUILD_A, 100_000_000_000_000_011);
pub const A_ART_THREAD: Place = Place {
    guild: GUILD_A,
    channel: 100_000_000_000_000_012,
    kind: 11,
    parent: Some(A_ART.channel),
};
pub const A_OTHER: Place = text(GUILD_A, 100_000_000_000_000_013);
pub const B_GENERAL: Place = text(GUILD_B, 200_000_000_000_000_010);
/// A direct message to the bot (a channel of type 1, no server): guild 0
/// stands for "none", and the interaction carries a `user`, no `member`.
pub const DM: Place = Place {
    guild: 0,
    channel: 500_000_000_000_000_010,
    kind: 1,
    parent: None,
};
/// A guild the bot is not in at start; see `FakeDiscord::join_guild`.
pub const GUILD_C: u64 = 300_000_000_000_000_001;
/// Every place, so GUILD_CREATE can list each guild's channels and threads.
pub(super) const WORLD: [Place; 5] = [A_GENERAL, A_ART, A_ART_THREAD, A_OTHER, B_GENERAL];
pub const GUILDS: [u64; 2] = [GUILD_A, GUILD_B];
/// The ids of `FakeDiscord::add_guilds`' guilds start here.
pub(super) const MANY_GUILDS_FROM: u64 = 400_000_000_000_000_000;

const fn text(guild: u64, channel: u64) -> Place {
    Place {
        guild,
        channel,
        kind: 0,
        parent: None,
    }
}
