//! Reading and writing the columns: Discord ids as BIGINTs, Midjourney
//! channel ids as text, a value the store should never hold reported as
//! corrupt instead of used.

use std::num::NonZeroU64;

use serenity::all::GuildId;
use sqlx::postgres::PgRow;
use sqlx::Row;

use crate::ids::MjChannelId;
use crate::settings::{GuildMapping, Mapping};
use crate::store::StoreError;

/// A Discord id as the BIGINT it is stored as (snowflakes fit until 2084).
pub(super) fn db_id(id: u64) -> Result<i64, StoreError> {
    i64::try_from(id).map_err(|_| StoreError::Corrupt {
        what: "a Discord id",
        value: id.to_string(),
    })
}

pub(super) fn discord_id(raw: i64) -> Result<NonZeroU64, StoreError> {
    u64::try_from(raw)
        .ok()
        .and_then(NonZeroU64::new)
        .ok_or(StoreError::Corrupt {
            what: "a Discord id",
            value: raw.to_string(),
        })
}

pub(super) fn mj_channel(raw: String) -> Result<MjChannelId, StoreError> {
    MjChannelId::parse(&raw).map_err(|_| StoreError::Corrupt {
        what: "a Midjourney channel id",
        value: raw,
    })
}

pub(super) fn column<'r, T: sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>>(
    row: &'r PgRow,
    index: usize,
) -> Result<T, StoreError> {
    row.try_get(index).map_err(StoreError::Database)
}

pub(super) fn entry(mapping: &mut Mapping, guild: i64) -> Result<&mut GuildMapping, StoreError> {
    let guild = GuildId::from(discord_id(guild)?);
    Ok(mapping.guilds.entry(guild).or_default())
}
