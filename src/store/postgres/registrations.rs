//! Which command set is registered in which server, shared by every
//! process on the database: a process claims a server with one conditional
//! upsert before registering there, so processes starting together (or ten
//! HTTP workers) send each server's bulk overwrite once between them.

use std::collections::HashMap;

use serenity::all::GuildId;
use sqlx::PgPool;

use super::rows::{column, db_id, discord_id};
use super::{classify, PgStore};
use crate::ids::CommandsFingerprint;
use crate::store::{Claim, RegistrationLedger, StoreError};

/// A claim older than this is taken to be a process that died while
/// registering; another may claim the server then.
const CLAIM_FOR: &str = "60 seconds";

pub(super) async fn all(
    pool: &PgPool,
) -> Result<HashMap<GuildId, CommandsFingerprint>, StoreError> {
    let rows =
        sqlx::query("SELECT guild_id, fingerprint FROM command_registrations WHERE registered")
            .fetch_all(pool)
            .await
            .map_err(classify)?;
    let mut registered = HashMap::with_capacity(rows.len());
    for row in &rows {
        let guild = GuildId::from(discord_id(column(row, 0)?)?);
        let hex: String = column(row, 1)?;
        // An unreadable fingerprint only means "register again".
        if let Some(fingerprint) = CommandsFingerprint::parse(&hex) {
            registered.insert(guild, fingerprint);
        }
    }
    Ok(registered)
}

/// Claims `guild` for `fingerprint` when that set is not registered there
/// and nobody holds a live claim on it.
pub(super) async fn claim(
    pool: &PgPool,
    guild: GuildId,
    fingerprint: CommandsFingerprint,
) -> Result<Claim, StoreError> {
    let id = db_id(guild.get())?;
    let hex = fingerprint.to_hex();
    let claimed = sqlx::query(&format!(
        "INSERT INTO command_registrations AS r (guild_id, fingerprint, registered, claimed_until) \
         VALUES ($1, $2, FALSE, now() + interval '{CLAIM_FOR}') \
         ON CONFLICT (guild_id) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, \
         registered = FALSE, claimed_until = EXCLUDED.claimed_until \
         WHERE r.fingerprint <> EXCLUDED.fingerprint \
         OR (NOT r.registered AND r.claimed_until < now()) \
         RETURNING guild_id"
    ))
    .bind(id)
    .bind(&hex)
    .fetch_optional(pool)
    .await
    .map_err(classify)?;
    if claimed.is_some() {
        return Ok(Claim::Mine);
    }
    let done = sqlx::query(
        "SELECT 1 FROM command_registrations WHERE guild_id = $1 AND fingerprint = $2 AND registered",
    )
    .bind(id)
    .bind(&hex)
    .fetch_optional(pool)
    .await
    .map_err(classify)?;
    Ok(if done.is_some() {
        Claim::Done
    } else {
        Claim::Elsewhere
    })
}

/// Records a claimed registration as done, or releases the claim at once
/// so a retry need not wait for it to expire.
pub(super) async fn end(
    pool: &PgPool,
    guild: GuildId,
    fingerprint: CommandsFingerprint,
    registered: bool,
) -> Result<(), StoreError> {
    let statement = if registered {
        "UPDATE command_registrations SET registered = TRUE \
         WHERE guild_id = $1 AND fingerprint = $2"
    } else {
        "UPDATE command_registrations SET claimed_until = now() \
         WHERE guild_id = $1 AND fingerprint = $2 AND NOT registered"
    };
    sqlx::query(statement)
        .bind(db_id(guild.get())?)
        .bind(fingerprint.to_hex())
        .execute(pool)
        .await
        .map_err(classify)?;
    Ok(())
}

pub(super) async fn forget(pool: &PgPool, guild: GuildId) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM command_registrations WHERE guild_id = $1")
        .bind(db_id(guild.get())?)
        .execute(pool)
        .await
        .map_err(classify)?;
    Ok(())
}

#[async_trait::async_trait]
impl RegistrationLedger for PgStore {
    async fn registered_commands(
        &self,
    ) -> Result<HashMap<GuildId, CommandsFingerprint>, StoreError> {
        all(&self.pool).await
    }

    async fn claim_registration(
        &self,
        guild: GuildId,
        fingerprint: CommandsFingerprint,
    ) -> Result<Claim, StoreError> {
        claim(&self.pool, guild, fingerprint).await
    }

    async fn registration_ended(
        &self,
        guild: GuildId,
        fingerprint: CommandsFingerprint,
        registered: bool,
    ) -> Result<(), StoreError> {
        end(&self.pool, guild, fingerprint, registered).await
    }

    async fn forget_registration(&self, guild: GuildId) -> Result<(), StoreError> {
        forget(&self.pool, guild).await
    }
}
