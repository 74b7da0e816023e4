//! Where each server's settings are kept: one [`Store`] trait, two
//! implementations. The JSON file ([`FileStore`], the default) suits one
//! process; `PostgreSQL` ([`PgStore`], with `DATABASE_URL`) lets several
//! processes serve one bot.
//!
//! A store keeps each server's settings and publishes every saved change
//! (its own, and for `PostgreSQL` other processes') into the
//! [`SharedMapping`] commands read, so a command never waits for a disk or a
//! database for them. Settings change by an admin's edit, `store
//! import|export`, `keys rotate|forget`, a server the bot left and a token
//! resealed. Beside the settings it keeps what processes sharing it must
//! agree on: the registration records, the claims commands make (an
//! interaction, a cooldown), the duty leases and what servers were told.

mod duties;
pub mod file;
mod postgres;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;
use serenity::all::{GuildId, UserId};

use crate::backoff::Backoff;
use crate::ids::CommandsFingerprint;
use crate::logging::chain;
use crate::seal::SealedToken;
use crate::settings::{Edit, Mapping, SharedMapping};

pub(crate) use duties::Lease;
pub use duties::{Announced, Duty, HolderId};
pub use file::{write_atomically, FileStore, MappingError};
pub use postgres::PgStore;

/// Waits between attempts to reach the database at start: 1 s doubling up to 30 s.
const REOPEN: Backoff = Backoff::new(Duration::from_secs(1), Duration::from_secs(30));

/// What the bot keeps, whatever keeps it: every server's settings, and
/// what processes that share the store must agree on.
#[async_trait::async_trait]
pub trait Store: Send + Sync + 'static {
    /// The settings this store publishes every change into.
    fn settings(&self) -> SharedMapping;

    /// Connects and loads the settings; the file store is ready at once.
    async fn open(&self) -> Result<(), StoreError> {
        Ok(())
    }

    /// Applies one admin edit, durably, before it becomes visible; returns
    /// whether anything changed. On an error nothing changed.
    async fn edit(&self, guild: GuildId, edit: Edit) -> Result<bool, StoreError>;

    /// Replaces `guild`'s stored token by `resealed` only if it is still
    /// `read` (compare and swap), so a token an admin cleared or entered
    /// again meanwhile is never brought back; returns whether it did.
    async fn reseal_token(
        &self,
        guild: GuildId,
        read: &SealedToken,
        resealed: &SealedToken,
    ) -> Result<bool, StoreError>;

    /// Copies `mapping` in: its entries win over existing ones for the same
    /// key (a channel, a server's default or audit channel, a turned-off
    /// command); every other entry is kept.
    async fn import(&self, mapping: &Mapping) -> Result<(), StoreError>;

    /// The whole current state, read from the backing store itself.
    async fn export(&self) -> Result<Mapping, StoreError>;

    /// For logs: the file's path, or the database's host and name (never a password).
    fn describe(&self) -> String;

    /// The servers whose commands are registered, and as what.
    async fn registered_commands(
        &self,
    ) -> Result<HashMap<GuildId, CommandsFingerprint>, StoreError>;

    /// Asks to register the command set `fingerprint` in `guild`. With one
    /// process (the file) the answer is always [`Claim::Mine`]; processes
    /// sharing a database get it once between them.
    async fn claim_registration(
        &self,
        guild: GuildId,
        fingerprint: CommandsFingerprint,
    ) -> Result<Claim, StoreError>;

    /// Ends a claimed registration: recorded when `registered`, else
    /// released so that a retry (by any process) may claim it again.
    async fn registration_ended(
        &self,
        guild: GuildId,
        fingerprint: CommandsFingerprint,
        registered: bool,
    ) -> Result<(), StoreError>;

    /// Forgets what is registered in `guild`: the bot left it, and Discord
    /// removed its commands there with it.
    async fn forget_registration(&self, guild: GuildId) -> Result<(), StoreError>;

    /// Claims what a command asks for where every process sees it, in one
    /// round trip: the interaction (a repeat of one already claimed is not
    /// run), and `member`'s cooldown of `period` in a place (unless one
    /// runs: then how long is left). `None`: the store keeps no shared
    /// claims (the file; the process keeps its own).
    async fn claim(&self, _ask: &SharedAsk) -> Option<Result<SharedVerdict, StoreError>> {
        None
    }

    /// Whether several processes may share this store, so duties done once
    /// per bot go to the holder of their lease ([`Store::hold_duty`]) and
    /// what the servers were told is kept here. The file: one process.
    fn shares_duties(&self) -> bool {
        false
    }

    /// Takes `duty` for `holder` for `ttl` from now if nobody holds it (or
    /// its lease ran out), or renews it if `holder` holds it; whether
    /// `holder` holds it now. The file store's one process always does.
    async fn hold_duty(
        &self,
        _duty: Duty,
        _holder: &HolderId,
        _ttl: Duration,
    ) -> Result<bool, StoreError> {
        Ok(true)
    }

    /// Gives `duty` up if `holder` holds it (a process shutting down), so
    /// another takes it at its next try instead of when the lease runs out.
    async fn release_duty(&self, _duty: Duty, _holder: &HolderId) -> Result<(), StoreError> {
        Ok(())
    }

    /// What the servers were last told about `account`'s states (the file
    /// store keeps nothing: its one process remembers it in memory).
    async fn announced(&self, _account: &str) -> Result<Vec<Announced>, StoreError> {
        Ok(Vec::new())
    }

    /// Records that the servers are told `now` (a state's label, `None`:
    /// fine) about `subject` of `account` only if what they were told is
    /// still `was`; whether this call is the one that tells them. The file
    /// store's one process always is.
    async fn announce_once(
        &self,
        _account: &str,
        _subject: &str,
        _was: Option<&str>,
        _now: Option<&str>,
    ) -> Result<bool, StoreError> {
        Ok(true)
    }

    /// Claims the reset of `channel` of `account` for `holder` for `ttl`
    /// from now, unless another holder's claim runs; whether `holder` got
    /// it. The file store's one process keeps its own claims in memory.
    async fn claim_reset(
        &self,
        _account: &str,
        _channel: &str,
        _holder: &HolderId,
        _ttl: Duration,
    ) -> Result<bool, StoreError> {
        Ok(true)
    }

    /// Ends `holder`'s claim of the reset of `channel` of `account`.
    async fn release_reset(
        &self,
        _account: &str,
        _channel: &str,
        _holder: &HolderId,
    ) -> Result<(), StoreError> {
        Ok(())
    }

    /// Writes what was recorded, for a store that batches (the file);
    /// called when no registration is left to do.
    async fn flush_registrations(&self) -> Result<(), StoreError> {
        Ok(())
    }
}

/// What a command claims where every process sees it.
#[derive(Debug, Clone, Copy, Default)]
pub struct SharedAsk {
    /// The interaction's id: claimed once across processes, for 15 minutes.
    pub interaction: Option<u64>,
    /// `(scope, member, period)`: the member's cooldown there. The scope is
    /// a server's id, or a direct-message channel's (`access::Scope::id`:
    /// Discord's ids are unique, so the two never meet).
    pub cooldown: Option<(u64, UserId, Duration)>,
}

/// What the store decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharedVerdict {
    /// `false`: another delivery of this interaction was claimed first.
    pub first: bool,
    /// For a cooldown asked for (and a first delivery): `Ok` when it starts
    /// now, else how long is left.
    pub cooldown: Option<Result<(), Duration>>,
}

/// Who registers a server's commands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// This process: the set is not registered there yet.
    Mine,
    /// Nobody: that set is already registered there.
    Done,
    /// Another process is registering it; ask again once its claim expires.
    Elsewhere,
}

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

/// The configured store, not yet opened (see [`Store::open`]): the one
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
pub async fn open_retrying(store: &dyn Store) {
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
