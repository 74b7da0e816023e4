//! Members' cooldowns shared by every process on the database, so a member
//! cannot go around theirs by landing on another worker. One statement per
//! command: start the cooldown where none runs, else say how long is left.

use std::time::Duration;

use serenity::all::{GuildId, UserId};
use sqlx::PgPool;

use super::classify;
use super::rows::{column, db_id};
use crate::store::StoreError;

/// One command in this many also deletes cooldowns that ended long ago,
/// so the table holds about the members active in the last hour.
const CLEAN_ONE_IN: u32 = 1000;

/// `Ok(())` when `member` may go ahead (their cooldown starts now), else
/// how long they must still wait.
pub(super) async fn start(
    pool: &PgPool,
    guild: GuildId,
    member: UserId,
    period: Duration,
) -> Result<Result<(), Duration>, StoreError> {
    let row = sqlx::query(
        "WITH accepted AS ( \
           INSERT INTO member_cooldowns AS c (guild_id, member_id, until) \
           VALUES ($1, $2, now() + make_interval(secs => $3)) \
           ON CONFLICT (guild_id, member_id) DO UPDATE SET until = EXCLUDED.until \
           WHERE c.until <= now() \
           RETURNING 0::float8 AS wait) \
         SELECT wait FROM accepted \
         UNION ALL \
         SELECT GREATEST(EXTRACT(EPOCH FROM until - now()), 0)::float8 FROM member_cooldowns \
         WHERE guild_id = $1 AND member_id = $2 AND NOT EXISTS (SELECT 1 FROM accepted)",
    )
    .bind(db_id(guild.get())?)
    .bind(db_id(member.get())?)
    .bind(period.as_secs_f64())
    .fetch_optional(pool)
    .await
    .map_err(classify)?;
    if fastrand::u32(..CLEAN_ONE_IN) == 0 {
        let pool = pool.clone();
        tokio::spawn(async move {
            let _ =
                sqlx::query("DELETE FROM member_cooldowns WHERE until < now() - interval '1 hour'")
                    .execute(&pool)
                    .await;
        });
    }
    let wait: f64 = match row {
        Some(row) => column(&row, 0)?,
        None => 0.0,
    };
    if wait > 0.0 {
        Ok(Err(Duration::try_from_secs_f64(wait).unwrap_or(period)))
    } else {
        Ok(Ok(()))
    }
}
