//! Claims shared by every process on the database, in one statement per
//! command: the interaction (so a load balancer's repeat on another worker
//! is not run again) and the member's cooldown (so a member cannot go
//! around theirs by landing on another worker). The cooldown starts only
//! for the first delivery of an interaction.

use std::time::Duration;

use sqlx::PgPool;

use super::rows::{column, db_id};
use super::{classify, PgStore};
use crate::store::{SharedAsk, SharedClaims, SharedVerdict, StoreError};

/// One command in this many also deletes claims and cooldowns that ended
/// long ago, so the tables hold about the last hour's.
const CLEAN_ONE_IN: u32 = 1000;

/// `$1`: the interaction (or NULL); `$2`, `$3`, `$4`: the cooldown's place,
/// member and period in seconds (or NULLs). A cooldown row another process
/// committed after this statement's snapshot is neither updated nor seen:
/// then the whole period is the wait, never a free pass.
const CLAIM: &str = "\
WITH claimed AS ( \
   INSERT INTO interaction_claims (interaction_id, until) \
   SELECT $1, now() + interval '15 minutes' WHERE $1::bigint IS NOT NULL \
   ON CONFLICT (interaction_id) DO NOTHING \
   RETURNING 1), \
 first AS ( \
   SELECT ($1::bigint IS NULL OR EXISTS (SELECT 1 FROM claimed)) AS first), \
 accepted AS ( \
   INSERT INTO member_cooldowns AS c (guild_id, member_id, until) \
   SELECT $2, $3, now() + make_interval(secs => $4) FROM first \
   WHERE first.first AND $2::bigint IS NOT NULL \
   ON CONFLICT (guild_id, member_id) DO UPDATE SET until = EXCLUDED.until \
   WHERE c.until <= now() \
   RETURNING 1) \
SELECT first.first, \
   CASE WHEN $2::bigint IS NULL OR NOT first.first THEN NULL \
        WHEN EXISTS (SELECT 1 FROM accepted) THEN 0::float8 \
        ELSE COALESCE( \
          (SELECT GREATEST(EXTRACT(EPOCH FROM until - now()), 0)::float8 \
           FROM member_cooldowns WHERE guild_id = $2 AND member_id = $3), \
          $4::float8) \
   END AS wait \
FROM first";

/// Claims what `ask` names; see [`CLAIM`]. With no connection open, the
/// database's `server` is first asked for one directly: sqlx's pool keeps
/// retrying a refused connection until its acquire timeout, and a member
/// waits for the verdict, so a server that is down must say so at once.
pub(super) async fn claim(
    pool: &PgPool,
    ask: &SharedAsk,
    server: Option<&(String, u16)>,
) -> Result<SharedVerdict, StoreError> {
    if pool.size() == 0 {
        if let Some((host, port)) = server {
            if let Err(err) = tokio::net::TcpStream::connect((host.as_str(), *port)).await {
                if err.kind() == std::io::ErrorKind::ConnectionRefused {
                    return Err(StoreError::Unreachable(sqlx::Error::Io(err)));
                }
            }
        }
    }
    let interaction = ask.interaction.map(db_id).transpose()?;
    let (place, member, period) = match ask.cooldown {
        Some((place, member, period)) => (
            Some(db_id(place)?),
            Some(db_id(member.get())?),
            Some(period.as_secs_f64()),
        ),
        None => (None, None, None),
    };
    let row = sqlx::query(CLAIM)
        .bind(interaction)
        .bind(place)
        .bind(member)
        .bind(period)
        .fetch_one(pool)
        .await
        .map_err(classify)?;
    if fastrand::u32(..CLEAN_ONE_IN) == 0 {
        tokio::spawn(clean(pool.clone()));
    }
    let first: bool = column(&row, 0)?;
    let wait: Option<f64> = column(&row, 1)?;
    let cooldown = wait.map(|wait| {
        if wait > 0.0 {
            // A wait too large for a `Duration` is the whole period.
            let period = ask
                .cooldown
                .map(|(_, _, period)| period)
                .unwrap_or_default();
            Err(Duration::try_from_secs_f64(wait).unwrap_or(period))
        } else {
            Ok(())
        }
    });
    Ok(SharedVerdict { first, cooldown })
}

async fn clean(pool: PgPool) {
    for statement in [
        "DELETE FROM member_cooldowns WHERE until < now() - interval '1 hour'",
        "DELETE FROM interaction_claims WHERE until < now()",
    ] {
        let _ = sqlx::query(statement).execute(&pool).await;
    }
}

#[async_trait::async_trait]
impl SharedClaims for PgStore {
    async fn claim(&self, ask: &SharedAsk) -> Option<Result<SharedVerdict, StoreError>> {
        Some(claim(&self.claims, ask, self.server.as_ref()).await)
    }
}
