//! Duties done once per bot: one conditional upsert takes a duty's lease
//! when it is free or ran out, or renews it for its holder; and what the
//! servers were told of each useapi account, changed only by the process
//! that claims the change first (compare and set on the told state).

use std::time::Duration;

use sqlx::PgPool;

use serenity::all::GuildId;

use super::rows::{column, db_id, discord_id};
use super::{classify, PgStore};
use crate::store::{Announced, Duties, Duty, HolderId, StoreError};

/// Whether `holder` holds `duty` for `ttl` from now.
pub(super) async fn hold(
    pool: &PgPool,
    duty: Duty,
    holder: &HolderId,
    ttl: Duration,
) -> Result<bool, StoreError> {
    let held = sqlx::query(
        "INSERT INTO duty_leases AS d (duty, holder, until) \
         VALUES ($1, $2, now() + make_interval(secs => $3)) \
         ON CONFLICT (duty) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until \
         WHERE d.holder = EXCLUDED.holder OR d.until <= now() \
         RETURNING 1",
    )
    .bind(duty.name())
    .bind(holder.as_str())
    .bind(ttl.as_secs_f64())
    .fetch_optional(pool)
    .await
    .map_err(classify)?;
    Ok(held.is_some())
}

/// Deletes `duty`'s lease if `holder` holds it.
pub(super) async fn release(
    pool: &PgPool,
    duty: Duty,
    holder: &HolderId,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM duty_leases WHERE duty = $1 AND holder = $2")
        .bind(duty.name())
        .bind(holder.as_str())
        .execute(pool)
        .await
        .map_err(classify)?;
    Ok(())
}

/// What the servers were last told about `account`, and how long ago.
pub(super) async fn announced(pool: &PgPool, account: &str) -> Result<Vec<Announced>, StoreError> {
    let rows = sqlx::query(
        "SELECT subject, told, GREATEST(EXTRACT(EPOCH FROM now() - told_at), 0)::float8 \
         FROM account_announcements WHERE account = $1",
    )
    .bind(account)
    .fetch_all(pool)
    .await
    .map_err(classify)?;
    rows.iter()
        .map(|row| {
            let ago: f64 = column(row, 2)?;
            Ok(Announced {
                subject: column(row, 0)?,
                told: column(row, 1)?,
                ago: Duration::try_from_secs_f64(ago).unwrap_or_default(),
            })
        })
        .collect()
}

/// Records that the servers are told `now` about `subject` of `account`,
/// only if what they were told is still `was` (or nothing is recorded);
/// whether this call changed it.
pub(super) async fn announce_once(
    pool: &PgPool,
    account: &str,
    subject: &str,
    was: Option<&str>,
    now: Option<&str>,
) -> Result<bool, StoreError> {
    let changed = sqlx::query(
        "INSERT INTO account_announcements AS a (account, subject, told, told_at) \
         VALUES ($1, $2, $4, now()) \
         ON CONFLICT (account, subject) DO UPDATE SET told = EXCLUDED.told, told_at = EXCLUDED.told_at \
         WHERE a.told IS NOT DISTINCT FROM $3 \
         RETURNING 1",
    )
    .bind(account)
    .bind(subject)
    .bind(was)
    .bind(now)
    .fetch_optional(pool)
    .await
    .map_err(classify)?;
    Ok(changed.is_some())
}

/// Claims the reset of `channel` of `account` for `holder` for `ttl`,
/// unless a claim of another holder still runs; whether `holder` has it.
pub(super) async fn claim_reset(
    pool: &PgPool,
    account: &str,
    channel: &str,
    holder: &HolderId,
    ttl: Duration,
) -> Result<bool, StoreError> {
    let claimed = sqlx::query(
        "INSERT INTO account_resets AS r (account, channel, holder, until) \
         VALUES ($1, $2, $3, now() + make_interval(secs => $4)) \
         ON CONFLICT (account, channel) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until \
         WHERE r.until <= now() \
         RETURNING 1",
    )
    .bind(account)
    .bind(channel)
    .bind(holder.as_str())
    .bind(ttl.as_secs_f64())
    .fetch_optional(pool)
    .await
    .map_err(classify)?;
    Ok(claimed.is_some())
}

/// Ends `holder`'s claim of the reset of `channel` of `account`.
pub(super) async fn release_reset(
    pool: &PgPool,
    account: &str,
    channel: &str,
    holder: &HolderId,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM account_resets WHERE account = $1 AND channel = $2 AND holder = $3")
        .bind(account)
        .bind(channel)
        .bind(holder.as_str())
        .execute(pool)
        .await
        .map_err(classify)?;
    Ok(())
}

/// Upserts `guild`'s last spending of its own account: now.
async fn note_spending(pool: &PgPool, guild: GuildId) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO own_account_spending (guild_id, spent_at) VALUES ($1, now()) \
         ON CONFLICT (guild_id) DO UPDATE SET spent_at = EXCLUDED.spent_at",
    )
    .bind(db_id(guild.get())?)
    .execute(pool)
    .await
    .map_err(classify)?;
    Ok(())
}

/// The servers that spent their own account within `within`, with how long
/// ago; deletes the older records first.
async fn spending_within(
    pool: &PgPool,
    within: Duration,
) -> Result<Vec<(GuildId, Duration)>, StoreError> {
    let secs = within.as_secs_f64();
    sqlx::query(
        "DELETE FROM own_account_spending WHERE spent_at < now() - make_interval(secs => $1)",
    )
    .bind(secs)
    .execute(pool)
    .await
    .map_err(classify)?;
    let rows = sqlx::query(
        "SELECT guild_id, GREATEST(EXTRACT(EPOCH FROM now() - spent_at), 0)::float8 \
         FROM own_account_spending",
    )
    .fetch_all(pool)
    .await
    .map_err(classify)?;
    rows.iter()
        .map(|row| {
            let guild = GuildId::from(discord_id(column(row, 0)?)?);
            let ago: f64 = column(row, 1)?;
            Ok((guild, Duration::try_from_secs_f64(ago).unwrap_or_default()))
        })
        .collect()
}

#[async_trait::async_trait]
impl Duties for PgStore {
    fn shares_duties(&self) -> bool {
        true
    }

    async fn hold_duty(
        &self,
        duty: Duty,
        holder: &HolderId,
        ttl: Duration,
    ) -> Result<bool, StoreError> {
        hold(&self.pool, duty, holder, ttl).await
    }

    async fn release_duty(&self, duty: Duty, holder: &HolderId) -> Result<(), StoreError> {
        release(&self.pool, duty, holder).await
    }

    async fn announced(&self, account: &str) -> Result<Vec<Announced>, StoreError> {
        announced(&self.pool, account).await
    }

    async fn announce_once(
        &self,
        account: &str,
        subject: &str,
        was: Option<&str>,
        now: Option<&str>,
    ) -> Result<bool, StoreError> {
        announce_once(&self.pool, account, subject, was, now).await
    }

    async fn claim_reset(
        &self,
        account: &str,
        channel: &str,
        holder: &HolderId,
        ttl: Duration,
    ) -> Result<bool, StoreError> {
        claim_reset(&self.pool, account, channel, holder, ttl).await
    }

    async fn release_reset(
        &self,
        account: &str,
        channel: &str,
        holder: &HolderId,
    ) -> Result<(), StoreError> {
        release_reset(&self.pool, account, channel, holder).await
    }

    async fn note_spending(&self, guild: GuildId) -> Result<(), StoreError> {
        note_spending(&self.pool, guild).await
    }

    async fn spending_within(
        &self,
        within: Duration,
    ) -> Result<Vec<(GuildId, Duration)>, StoreError> {
        spending_within(&self.pool, within).await
    }
}
