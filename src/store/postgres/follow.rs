//! Follows other processes' changes: LISTEN on [`CHANNEL`], reload what a
//! notification names; after a lost connection, listen again and reload
//! everything (notifications sent meanwhile were lost).

use std::num::NonZeroU64;
use std::sync::Arc;
use std::time::Duration;

use serenity::all::GuildId;
use sqlx::postgres::{PgListener, PgPool};

use super::{Cache, CHANNEL};
use crate::logging::chain;
use crate::store::StoreError;

const FIRST_RETRY: Duration = Duration::from_millis(250);
const MAX_RETRY: Duration = Duration::from_secs(30);

/// Runs for as long as the process: one warn line per failed attempt.
pub(super) async fn follow(pool: PgPool, cache: Arc<Cache>) {
    let mut pause = FIRST_RETRY;
    loop {
        match listen_and_reload(&pool, &cache).await {
            Ok(mut listener) => {
                pause = FIRST_RETRY;
                let lost = relay(&mut listener, &pool, &cache).await;
                tracing::warn!(error = %chain(&lost), "lost the settings database's change feed; reconnecting");
            }
            Err(err) => tracing::warn!(
                error = %chain(&err),
                "cannot follow the settings database's changes; commands use the last known settings; trying again in {} ms",
                pause.as_millis()
            ),
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(MAX_RETRY);
    }
}

/// LISTEN first, then load everything, so no change falls in between.
async fn listen_and_reload(pool: &PgPool, cache: &Cache) -> Result<PgListener, StoreError> {
    let mut listener = PgListener::connect_with(pool)
        .await
        .map_err(super::classify)?;
    listener.listen(CHANNEL).await.map_err(super::classify)?;
    cache.reload(pool, None).await?;
    tracing::info!("following the settings database's changes");
    Ok(listener)
}

/// Applies notifications until the connection is lost; returns why.
async fn relay(listener: &mut PgListener, pool: &PgPool, cache: &Cache) -> StoreError {
    loop {
        let notification = match listener.try_recv().await {
            Ok(Some(notification)) => notification,
            Ok(None) => {
                return StoreError::Unreachable(sqlx::Error::Protocol(
                    "the connection was closed".into(),
                ))
            }
            Err(err) => return super::classify(err),
        };
        let guild = notification
            .payload()
            .parse::<u64>()
            .ok()
            .and_then(NonZeroU64::new)
            .map(GuildId::from);
        tracing::debug!(
            payload = notification.payload(),
            "settings changed elsewhere"
        );
        if let Err(err) = cache.reload(pool, guild).await {
            return err;
        }
    }
}
