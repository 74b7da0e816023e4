//! The servers' own useapi.net accounts in `PostgreSQL`: ciphertext only.

use sqlx::PgConnection;

use super::classify;
use super::rows::{column, entry};
use crate::seal::SealedToken;
use crate::settings::{Mapping, OwnAccount};
use crate::store::StoreError;

/// Adds every account (or only `guild`'s) to `mapping`.
pub(super) async fn load(
    conn: &mut PgConnection,
    guild: Option<i64>,
    mapping: &mut Mapping,
) -> Result<(), StoreError> {
    let rows = sqlx::query(
        "SELECT guild_id, key_id, sealed, verified_at, channels FROM guild_accounts \
         WHERE $1::BIGINT IS NULL OR guild_id = $1",
    )
    .bind(guild)
    .fetch_all(conn)
    .await
    .map_err(classify)?;
    for row in &rows {
        let verified_at: i64 = column(row, 3)?;
        let channels: i32 = column(row, 4)?;
        let corrupt = |what: &'static str, value: i64| StoreError::Corrupt {
            what,
            value: value.to_string(),
        };
        let account = OwnAccount {
            token: SealedToken {
                key: column(row, 1)?,
                sealed: column(row, 2)?,
            },
            verified_at: u64::try_from(verified_at)
                .map_err(|_| corrupt("a verification time", verified_at))?,
            channels: u32::try_from(channels)
                .map_err(|_| corrupt("a channel count", i64::from(channels)))?,
        };
        entry(mapping, column(row, 0)?)?.account = Some(account);
    }
    Ok(())
}

/// Stores `account` as `guild`'s, or removes it.
pub(super) async fn write(
    conn: &mut PgConnection,
    guild: i64,
    account: Option<&OwnAccount>,
) -> Result<(), StoreError> {
    let Some(account) = account else {
        sqlx::query("DELETE FROM guild_accounts WHERE guild_id = $1")
            .bind(guild)
            .execute(conn)
            .await
            .map_err(classify)?;
        return Ok(());
    };
    sqlx::query(
        "INSERT INTO guild_accounts (guild_id, key_id, sealed, verified_at, channels) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (guild_id) DO UPDATE SET \
         key_id = EXCLUDED.key_id, sealed = EXCLUDED.sealed, \
         verified_at = EXCLUDED.verified_at, channels = EXCLUDED.channels",
    )
    .bind(guild)
    .bind(&account.token.key)
    .bind(&account.token.sealed)
    .bind(i64::try_from(account.verified_at).unwrap_or(i64::MAX))
    .bind(i32::try_from(account.channels).unwrap_or(i32::MAX))
    .execute(conn)
    .await
    .map_err(classify)?;
    Ok(())
}

/// Replaces `guild`'s token by `resealed` only where it still is `read`
/// (key id and ciphertext); returns whether a row changed.
pub(super) async fn reseal(
    conn: &mut PgConnection,
    guild: i64,
    read: &SealedToken,
    resealed: &SealedToken,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE guild_accounts SET key_id = $4, sealed = $5 \
         WHERE guild_id = $1 AND key_id = $2 AND sealed = $3",
    )
    .bind(guild)
    .bind(&read.key)
    .bind(&read.sealed)
    .bind(&resealed.key)
    .bind(&resealed.sealed)
    .execute(conn)
    .await
    .map_err(classify)?;
    Ok(done.rows_affected() == 1)
}
