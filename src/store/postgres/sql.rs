//! The queries: settings rows ↔ [`Mapping`]. Runtime queries only (no
//! compile-time database needed to build).

use serenity::all::ChannelId;
use sqlx::PgConnection;

use super::rows::{column, db_id, discord_id, entry, mj_channel};
use super::{accounts, classify, CHANNEL};
use crate::locale::Lang;
use crate::settings::{Edit, GuildMapping, Mapping};
use crate::store::StoreError;
use crate::verbs::Verb;

/// Serialises edits of one guild across every process until the
/// transaction ends, so "changed" is exact and edits apply in turn.
/// An admin's edit never waits on the database past Discord's patience: a
/// transaction of another process holding the guild's lock, or a hung
/// statement, ends it as "busy, nothing changed" instead.
pub(super) async fn limit_waits(conn: &mut PgConnection) -> Result<(), StoreError> {
    sqlx::query("SET LOCAL lock_timeout = '5s'")
        .execute(&mut *conn)
        .await
        .map_err(classify)?;
    sqlx::query("SET LOCAL statement_timeout = '10s'")
        .execute(conn)
        .await
        .map_err(classify)?;
    Ok(())
}

/// The reads that follow see one snapshot of every table, so a
/// concurrent edit cannot tear a backup or a reload.
pub(super) async fn one_snapshot(conn: &mut PgConnection) -> Result<(), StoreError> {
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(conn)
        .await
        .map_err(classify)?;
    Ok(())
}

pub(super) async fn lock_guild(conn: &mut PgConnection, guild: i64) -> Result<(), StoreError> {
    sqlx::query(
        "SELECT pg_advisory_xact_lock(hashtextextended('mj-bridge guild ' || $1::text, 0))",
    )
    .bind(guild)
    .execute(conn)
    .await
    .map_err(classify)?;
    Ok(())
}

/// Every guild's settings, or only `guild`'s.
pub(super) async fn load(
    conn: &mut PgConnection,
    guild: Option<i64>,
) -> Result<Mapping, StoreError> {
    const FILTER: &str = "WHERE $1::BIGINT IS NULL OR guild_id = $1";
    let mut mapping = Mapping::default();
    let settings = sqlx::query(&format!(
        "SELECT guild_id, default_mj, audit_channel, language FROM guild_settings {FILTER}"
    ))
    .bind(guild)
    .fetch_all(&mut *conn)
    .await
    .map_err(classify)?;
    for row in &settings {
        let entry = entry(&mut mapping, column(row, 0)?)?;
        entry.default = column::<Option<String>>(row, 1)?
            .map(mj_channel)
            .transpose()?;
        entry.audit = column::<Option<i64>>(row, 2)?
            .map(discord_id)
            .transpose()?
            .map(ChannelId::from);
        entry.language = column::<Option<String>>(row, 3)?.and_then(|code| language(&code));
    }
    let channels = sqlx::query(&format!(
        "SELECT guild_id, channel_id, mj_channel FROM channel_mappings {FILTER}"
    ))
    .bind(guild)
    .fetch_all(&mut *conn)
    .await
    .map_err(classify)?;
    for row in &channels {
        let channel = ChannelId::from(discord_id(column(row, 1)?)?);
        let mj = mj_channel(column(row, 2)?)?;
        entry(&mut mapping, column(row, 0)?)?
            .channels
            .insert(channel, mj);
    }
    let verbs = sqlx::query(&format!(
        "SELECT guild_id, verb FROM disabled_verbs {FILTER}"
    ))
    .bind(guild)
    .fetch_all(&mut *conn)
    .await
    .map_err(classify)?;
    for row in &verbs {
        let name: String = column(row, 1)?;
        let Some(verb) = Verb::by_name(&name) else {
            tracing::warn!(
                verb = %crate::untrusted::clean(&name, 40),
                "the settings database turns off a command this version does not have; ignored"
            );
            continue;
        };
        entry(&mut mapping, column(row, 0)?)?.disabled.insert(verb);
    }
    accounts::load(conn, guild, &mut mapping).await?;
    mapping.guilds.retain(|_, g| *g != GuildMapping::default());
    Ok(mapping)
}

/// Writes what `edit` changed; `after` is the guild's settings with it applied.
pub(super) async fn write(
    conn: &mut PgConnection,
    guild: i64,
    edit: &Edit,
    after: &GuildMapping,
) -> Result<(), StoreError> {
    let query = match edit {
        Edit::Set { channel, mj } => sqlx::query(
            "INSERT INTO channel_mappings (guild_id, channel_id, mj_channel) VALUES ($1, $2, $3) \
             ON CONFLICT (guild_id, channel_id) DO UPDATE SET mj_channel = EXCLUDED.mj_channel",
        )
        .bind(guild)
        .bind(db_id(channel.get())?)
        .bind(mj.as_str().to_owned()),
        Edit::Unset { channel } => {
            sqlx::query("DELETE FROM channel_mappings WHERE guild_id = $1 AND channel_id = $2")
                .bind(guild)
                .bind(db_id(channel.get())?)
        }
        Edit::Verb {
            verb,
            enabled: false,
        } => sqlx::query(
            "INSERT INTO disabled_verbs (guild_id, verb) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(guild)
        .bind(verb.name),
        Edit::Verb {
            verb,
            enabled: true,
        } => sqlx::query("DELETE FROM disabled_verbs WHERE guild_id = $1 AND verb = $2")
            .bind(guild)
            .bind(verb.name),
        Edit::Default(_) | Edit::Audit(_) | Edit::Language(_) => {
            return write_settings(conn, guild, after).await
        }
        Edit::Account(account) => return accounts::write(conn, guild, account.as_ref()).await,
    };
    query.execute(conn).await.map_err(classify)?;
    Ok(())
}

/// A language code as stored; one this version does not know is ignored
/// (a newer version's), as an unknown turned-off verb is.
fn language(code: &str) -> Option<Lang> {
    let lang = Lang::from_code(code);
    if lang.is_none() {
        tracing::warn!(
            language = %crate::untrusted::clean(code, 40),
            "the settings database names a language this version does not have; ignored"
        );
    }
    lang
}

/// The guild's default, audit channel and language as `after` has them;
/// no row when all are unset.
async fn write_settings(
    conn: &mut PgConnection,
    guild: i64,
    after: &GuildMapping,
) -> Result<(), StoreError> {
    let default = after.default.as_ref().map(|mj| mj.as_str().to_owned());
    let audit = after.audit.map(|c| db_id(c.get())).transpose()?;
    let language = after.language.map(Lang::code);
    let query = if default.is_none() && audit.is_none() && language.is_none() {
        sqlx::query("DELETE FROM guild_settings WHERE guild_id = $1").bind(guild)
    } else {
        sqlx::query(
            "INSERT INTO guild_settings (guild_id, default_mj, audit_channel, language) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (guild_id) DO UPDATE SET \
             default_mj = EXCLUDED.default_mj, audit_channel = EXCLUDED.audit_channel, \
             language = EXCLUDED.language",
        )
        .bind(guild)
        .bind(default)
        .bind(audit)
        .bind(language)
    };
    query.execute(conn).await.map_err(classify)?;
    Ok(())
}

/// `store import`: `theirs` wins for every key it has; the rest is kept.
pub(super) async fn merge(
    conn: &mut PgConnection,
    guild: i64,
    theirs: &GuildMapping,
) -> Result<(), StoreError> {
    if theirs.default.is_some() || theirs.audit.is_some() || theirs.language.is_some() {
        sqlx::query(
            "INSERT INTO guild_settings (guild_id, default_mj, audit_channel, language) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (guild_id) DO UPDATE SET \
             default_mj = COALESCE(EXCLUDED.default_mj, guild_settings.default_mj), \
             audit_channel = COALESCE(EXCLUDED.audit_channel, guild_settings.audit_channel), \
             language = COALESCE(EXCLUDED.language, guild_settings.language)",
        )
        .bind(guild)
        .bind(theirs.default.as_ref().map(|mj| mj.as_str().to_owned()))
        .bind(theirs.audit.map(|c| db_id(c.get())).transpose()?)
        .bind(theirs.language.map(Lang::code))
        .execute(&mut *conn)
        .await
        .map_err(classify)?;
    }
    if let Some(account) = &theirs.account {
        accounts::write(conn, guild, Some(account)).await?;
    }
    for (channel, mj) in &theirs.channels {
        write(
            conn,
            guild,
            &Edit::Set {
                channel: *channel,
                mj: mj.clone(),
            },
            theirs,
        )
        .await?;
    }
    for &verb in &theirs.disabled {
        let off = Edit::Verb {
            verb,
            enabled: false,
        };
        write(conn, guild, &off, theirs).await?;
    }
    Ok(())
}

/// Tells every process to reload `payload` (a guild id, or `*`) once the
/// transaction commits.
pub(super) async fn notify(conn: &mut PgConnection, payload: &str) -> Result<(), StoreError> {
    sqlx::query("SELECT pg_notify($1, $2)")
        .bind(CHANNEL)
        .bind(payload)
        .execute(conn)
        .await
        .map_err(classify)?;
    Ok(())
}
