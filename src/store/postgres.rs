//! The `PostgreSQL` store (`DATABASE_URL`), for several processes serving one
//! bot.
//!
//! Commands read a per-process copy of every server's settings
//! ([`Cache`]), so they never wait for the database and keep the last known
//! settings while it is down. An admin edit is one transaction that also
//! sends `NOTIFY mj_bridge_settings, '<guild>'`; every process LISTENs (see
//! [`follow`]) and reloads that guild, so a change made through one process
//! is used by all of them within milliseconds. After a lost connection the
//! listener reconnects and reloads everything.

mod accounts;
mod claims;
mod duties;
mod follow;
mod registrations;
mod rows;
mod sql;

use std::borrow::Cow;
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serenity::all::GuildId;
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};

use super::{Purpose, SettingsStore, StoreError};
use crate::seal::SealedToken;
use crate::settings::{Edit, GuildMapping, Mapping, SharedMapping};

/// The NOTIFY channel; the payload is a guild id, or `*` for everything.
const CHANNEL: &str = "mj_bridge_settings";
/// How long an edit waits for a connection before it is refused as
/// "unreachable" (the admin's reply is deferred, so this is invisible when
/// the database is up).
const ACQUIRE_WITHIN: Duration = Duration::from_secs(3);
const MAX_CONNECTIONS: u32 = 4;

/// The schema, embedded: applied at start, under sqlx's advisory lock so
/// processes starting together apply it once.
fn migrator() -> Migrator {
    let migration = |version, description: &'static str, sql: &'static str| {
        Migration::new(
            version,
            Cow::Borrowed(description),
            MigrationType::Simple,
            Cow::Borrowed(sql),
            false,
        )
    };
    Migrator {
        migrations: Cow::Owned(vec![
            migration(
                1,
                "settings",
                include_str!("../../migrations/0001_settings.sql"),
            ),
            migration(
                2,
                "accounts",
                include_str!("../../migrations/0002_accounts.sql"),
            ),
            migration(
                3,
                "command registrations",
                include_str!("../../migrations/0003_command_registrations.sql"),
            ),
            migration(
                4,
                "member cooldowns",
                include_str!("../../migrations/0004_member_cooldowns.sql"),
            ),
            migration(
                5,
                "duties",
                include_str!("../../migrations/0005_duties.sql"),
            ),
            migration(
                6,
                "interaction claims",
                include_str!("../../migrations/0006_interaction_claims.sql"),
            ),
            migration(
                7,
                "account resets",
                include_str!("../../migrations/0007_account_resets.sql"),
            ),
            migration(
                8,
                "guild language",
                include_str!("../../migrations/0008_guild_language.sql"),
            ),
            migration(
                9,
                "own account spending",
                include_str!("../../migrations/0009_own_account_spending.sql"),
            ),
        ]),
        ..Migrator::DEFAULT
    }
}

pub struct PgStore {
    pool: PgPool,
    /// Its own connections for the claims commands make (`claims.rs`).
    claims: PgPool,
    purpose: Purpose,
    cache: Arc<Cache>,
    following: AtomicBool,
    describe: String,
    /// The server's host and port when it is reached over TCP (not a
    /// socket file): see [`claims::claim`].
    server: Option<(String, u16)>,
}

impl PgStore {
    /// Checks the URL and makes a pool that connects on first use.
    pub fn new(url: &SecretString, purpose: Purpose) -> Result<Self, StoreError> {
        let options = PgConnectOptions::from_str(url.expose_secret())
            .map_err(StoreError::Database)?
            .application_name("mj-bridge")
            // PostgreSQL's notices only comment on statements meant to be
            // repeated (`relation "_sqlx_migrations" already exists,
            // skipping` on every open), which sqlx would log at INFO on
            // every command-line run; warnings and errors still come.
            .options([("client_min_messages", "warning")]);
        let describe = format!(
            "postgres {}:{}/{}",
            options.get_host(),
            options.get_port(),
            options.get_database().unwrap_or("(default database)")
        );
        let host = options.get_host();
        let server = (!host.starts_with('/')).then(|| (host.to_owned(), options.get_port()));
        // Claims last minutes and are made at the rate commands arrive: they
        // do not wait for the disk (PostgreSQL's `synchronous_commit=off`),
        // so a database crash may forget the last fraction of a second of
        // them, but thousands a second do not queue behind one flush each
        // (BENCHMARKS.md). Settings edits keep waiting for theirs.
        let claims = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(ACQUIRE_WITHIN)
            .connect_lazy_with(options.clone().options([("synchronous_commit", "off")]));
        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .acquire_timeout(ACQUIRE_WITHIN)
            .connect_lazy_with(options);
        Ok(Self {
            pool,
            claims,
            purpose,
            cache: Arc::default(),
            following: AtomicBool::new(false),
            describe,
            server,
        })
    }
}

#[async_trait::async_trait]
impl SettingsStore for PgStore {
    fn settings(&self) -> SharedMapping {
        self.cache.current.clone()
    }

    /// Applies the migrations, loads every setting and (for the bot) starts
    /// following other processes' changes.
    async fn open(&self) -> Result<(), StoreError> {
        migrator().run(&self.pool).await?;
        if self.purpose == Purpose::Serve {
            self.cache.reload(&self.pool, None).await?;
            if !self.following.swap(true, Ordering::SeqCst) {
                tokio::spawn(follow::follow(self.pool.clone(), self.cache.clone()));
            }
        }
        Ok(())
    }

    async fn edit(&self, guild: GuildId, edit: Edit) -> Result<bool, StoreError> {
        let id = rows::db_id(guild.get())?;
        let mut tx = self.pool.begin().await.map_err(classify)?;
        sql::limit_waits(&mut tx).await?;
        sql::lock_guild(&mut tx, id).await?;
        let mut now = sql::load(&mut tx, Some(id)).await?;
        if !now.apply(guild, edit.clone()) {
            return Ok(false);
        }
        let after = now.guilds.remove(&guild).unwrap_or_default();
        sql::write(&mut tx, id, &edit, &after).await?;
        sql::notify(&mut tx, &id.to_string()).await?;
        tx.commit().await.map_err(classify)?;
        self.cache.publish_guild(guild, after).await;
        Ok(true)
    }

    /// One conditional `UPDATE` on the sealed value, so a token cleared or
    /// entered again by any process meanwhile is left as it is.
    async fn reseal_token(
        &self,
        guild: GuildId,
        read: &SealedToken,
        resealed: &SealedToken,
    ) -> Result<bool, StoreError> {
        let id = rows::db_id(guild.get())?;
        let mut tx = self.pool.begin().await.map_err(classify)?;
        sql::limit_waits(&mut tx).await?;
        if !accounts::reseal(&mut tx, id, read, resealed).await? {
            return Ok(false);
        }
        sql::notify(&mut tx, &id.to_string()).await?;
        tx.commit().await.map_err(classify)?;
        if self.purpose == Purpose::Serve {
            self.cache.reload(&self.pool, Some(guild)).await?;
        }
        Ok(true)
    }

    async fn import(&self, mapping: &Mapping) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(classify)?;
        sql::limit_waits(&mut tx).await?;
        for (guild, settings) in &mapping.guilds {
            let id = rows::db_id(guild.get())?;
            sql::lock_guild(&mut tx, id).await?;
            sql::merge(&mut tx, id, settings).await?;
        }
        sql::notify(&mut tx, "*").await?;
        tx.commit().await.map_err(classify)?;
        if self.purpose == Purpose::Serve {
            self.cache.reload(&self.pool, None).await?;
        }
        Ok(())
    }

    async fn export(&self) -> Result<Mapping, StoreError> {
        let mut tx = self.pool.begin().await.map_err(classify)?;
        sql::one_snapshot(&mut tx).await?;
        sql::load(&mut tx, None).await
    }

    fn describe(&self) -> String {
        self.describe.clone()
    }
}

/// The last known settings of every server, in memory.
#[derive(Default)]
struct Cache {
    current: SharedMapping,
    /// Held across a reload's read and its publication, so a slower,
    /// older read can never replace a newer one.
    writers: tokio::sync::Mutex<()>,
}

impl Cache {
    /// Reads `guild` (or everything) from the database and publishes it.
    async fn reload(&self, pool: &PgPool, guild: Option<GuildId>) -> Result<(), StoreError> {
        let _turn = self.writers.lock().await;
        let id = guild.map(|g| rows::db_id(g.get())).transpose()?;
        let mut tx = pool.begin().await.map_err(classify)?;
        sql::one_snapshot(&mut tx).await?;
        let mut loaded = sql::load(&mut tx, id).await?;
        drop(tx);
        match guild {
            None => self.current.publish(loaded),
            Some(guild) => {
                let settings = loaded.guilds.remove(&guild).unwrap_or_default();
                self.replace_guild(guild, settings);
            }
        }
        Ok(())
    }

    /// Publishes settings this process has just committed.
    async fn publish_guild(&self, guild: GuildId, settings: GuildMapping) {
        let _turn = self.writers.lock().await;
        self.replace_guild(guild, settings);
    }

    fn replace_guild(&self, guild: GuildId, settings: GuildMapping) {
        let mut next = Mapping::clone(&self.current.get());
        if settings == GuildMapping::default() {
            next.guilds.remove(&guild);
        } else {
            next.guilds.insert(guild, settings);
        }
        self.current.publish(next);
    }
}

/// Whether an error means "the database is not there" (refused, timed out,
/// shutting down, connection lost) or something else.
fn classify(err: sqlx::Error) -> StoreError {
    // 55P03: lock_timeout; 57014: statement_timeout.
    let busy = matches!(&err, sqlx::Error::Database(db)
        if db.code().is_some_and(|code| code == "55P03" || code == "57014"));
    if busy {
        return StoreError::Busy(err);
    }
    let unreachable = match &err {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        // Class 08 (connection exception) and 57P (operator intervention:
        // the server is shutting down or restarting).
        sqlx::Error::Database(db) => db
            .code()
            .is_some_and(|code| code.starts_with("08") || code.starts_with("57P")),
        _ => false,
    };
    if unreachable {
        StoreError::Unreachable(err)
    } else {
        StoreError::Database(err)
    }
}
