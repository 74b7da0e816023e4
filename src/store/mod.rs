//! Where each server's settings are kept: two implementations of one
//! [`Store`]. The JSON file ([`FileStore`], the default) suits one
//! process; `PostgreSQL` ([`PgStore`], with `DATABASE_URL`) lets several
//! processes serve one bot.
//!
//! A store keeps each server's settings and publishes every saved change
//! (its own, and for `PostgreSQL` other processes') into the
//! [`SharedMapping`](crate::settings::SharedMapping) commands read, so a
//! command never waits for a disk or a database for them. Settings change
//! by an admin's edit, `store import|export`, `keys rotate|forget`, a
//! server the bot left and a token resealed. Beside the settings it keeps
//! what processes sharing it must agree on. Each concern is its own trait
//! (`traits.rs`), which both stores implement, and a part of the bot that
//! needs one takes only that one:
//!
//! - [`SettingsStore`]: the settings (`keys`, the command line);
//! - [`RegistrationLedger`]: which commands are registered where (the registrar);
//! - [`SharedClaims`]: the claims commands make, an interaction and a
//!   member's cooldown (`access::claims`);
//! - [`Duties`]: what is done once per bot: the duty leases (`duties.rs`),
//!   what servers were told of an account, who resets a channel (account health).
//!
//! [`Store`] is all four, for what needs the whole store (the bot's shared
//! state, `store::configured`).

mod duties;
pub mod file;
mod postgres;
mod traits;

use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;

use crate::backoff::Backoff;
use crate::logging::chain;

pub(crate) use duties::Lease;
pub use duties::{Announced, Duty, HolderId};
pub use file::{write_atomically, FileStore, MappingError};
pub use postgres::PgStore;
pub use traits::{
    Claim, Duties, RegistrationLedger, SettingsStore, SharedAsk, SharedClaims, SharedVerdict, Store,
};

/// Waits between attempts to reach the database at start: 1 s doubling up to 30 s.
const REOPEN: Backoff = Backoff::new(Duration::from_secs(1), Duration::from_secs(30));

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    File(#[from] MappingError),
    /// The database could not be reached (refused, timed out, restarting).
    #[error("the settings database is unreachable")]
    Unreachable(#[source] sqlx::Error),
    /// Another process held the server's settings (or a statement hung)
    /// past the edit's time limits.
    #[error("the settings database was busy")]
    Busy(#[source] sqlx::Error),
    #[error("the settings database failed")]
    Database(#[source] sqlx::Error),
    #[error("cannot apply the settings database's migrations")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("the settings database holds {what} {value}, which is not valid")]
    Corrupt { what: &'static str, value: String },
}

/// Which store `DATABASE_URL` and `CHANNELS_FILE` select.
#[derive(Debug, Clone)]
pub enum StoreTarget {
    File(std::path::PathBuf),
    Postgres(SecretString),
}

impl StoreTarget {
    /// Only `postgres://` and `postgresql://` URLs; the reason never repeats
    /// the value, which may hold a password.
    pub fn database_url(raw: &str) -> Result<SecretString, String> {
        let scheme_ok = ["postgres://", "postgresql://"].iter().any(|scheme| {
            raw.get(..scheme.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
        });
        if !scheme_ok {
            return Err(
                "it must be a PostgreSQL URL starting with postgres:// or postgresql://".into(),
            );
        }
        raw.parse::<sqlx::postgres::PgConnectOptions>()
            .map_err(|_| {
                "it is not a valid PostgreSQL URL (postgres://user:password@host:port/database)"
                    .to_owned()
            })?;
        Ok(SecretString::from(raw.to_owned()))
    }
}

/// What a store is opened for: the bot follows other processes' changes,
/// `store import|export` only copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Serve,
    Copy,
}

/// A temp file this old was left by a save that was interrupted; a younger
/// one may belong to another process saving right now.
const STALE_TEMP_FILES: Duration = Duration::from_secs(60);

/// The configured store, not yet opened (see [`SettingsStore::open`]): the one
/// place a store is made, for the bot, `check` and the command line. A
/// mapping file that cannot be parsed is an error here; the bot also
/// removes the temp files an interrupted save left beside it.
pub fn configured(target: &StoreTarget, purpose: Purpose) -> Result<Arc<dyn Store>, StoreError> {
    Ok(match target {
        StoreTarget::File(path) => {
            let file = FileStore::load(path)?;
            if purpose == Purpose::Serve {
                file.remove_stale_temp_files(STALE_TEMP_FILES);
            }
            Arc::new(file)
        }
        StoreTarget::Postgres(url) => Arc::new(PgStore::new(url, purpose)?),
    })
}

/// The configured store, opened to copy from or edit (the command line,
/// `check`), not to serve: the one way they open it.
pub async fn open_to_copy(target: &StoreTarget) -> Result<Arc<dyn Store>, StoreError> {
    let store = configured(target, Purpose::Copy)?;
    store.open().await?;
    Ok(store)
}

/// Opens `store`, trying again with a growing pause (one warn line per
/// attempt) until it works. Callers race it against a shutdown signal.
pub async fn open_retrying(store: &dyn SettingsStore) {
    let mut retry = 0;
    loop {
        retry += 1;
        let pause = REOPEN.bound(retry);
        match store.open().await {
            Ok(()) => return,
            Err(err) => tracing::warn!(
                store = %store.describe(),
                error = %chain(&err),
                "cannot open the settings store; trying again in {} s",
                pause.as_secs()
            ),
        }
        tokio::time::sleep(pause).await;
    }
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    #[test]
    fn only_postgres_urls_select_the_database() {
        for good in [
            "postgres://u:p@db:5432/mj",
            "postgresql://db/mj",
            "POSTGRES://db/mj",
        ] {
            assert_eq!(
                StoreTarget::database_url(good).unwrap().expose_secret(),
                good
            );
        }
        for bad in [
            "mysql://u:secret@db/mj",
            "db:5432",
            "",
            "postgres://u:secret@db:notaport/mj",
        ] {
            let reason = StoreTarget::database_url(bad).unwrap_err();
            assert!(!reason.contains("secret"), "{reason}");
        }
    }
}
