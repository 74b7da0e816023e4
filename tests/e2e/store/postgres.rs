//! What only the PostgreSQL store has to get right: edits that never wait
//! on another process for long.

use mj_bridge::ids::MjChannelId;
use mj_bridge::settings::Edit;
use mj_bridge::store::{PgStore, Purpose, SettingsStore, StoreError};
use secrecy::SecretString;
use serenity::all::{ChannelId, GuildId};
use sqlx::{Connection, PgConnection};

use crate::support::postgres::Postgres;

const GUILD: GuildId = GuildId::new(100_000_000_000_000_001);
const CHANNEL: ChannelId = ChannelId::new(100_000_000_000_000_010);

#[tokio::test]
async fn an_edit_behind_another_process_holding_the_servers_lock_is_refused_as_busy_and_changes_nothing(
) {
    let server = Postgres::start();
    let store = PgStore::new(&SecretString::from(server.url()), Purpose::Serve).unwrap();
    store.open().await.unwrap();

    // Another process's transaction takes the guild's lock and hangs.
    let mut other = PgConnection::connect(&server.url()).await.unwrap();
    sqlx::query("BEGIN").execute(&mut other).await.unwrap();
    sqlx::query(
        "SELECT pg_advisory_xact_lock(hashtextextended('mj-bridge guild ' || $1::text, 0))",
    )
    .bind(i64::try_from(GUILD.get()).unwrap())
    .execute(&mut other)
    .await
    .unwrap();

    let mj = MjChannelId::parse("500000000000000001").unwrap();
    let edit = store
        .edit(
            GUILD,
            Edit::Set {
                channel: CHANNEL,
                mj,
            },
        )
        .await;

    assert!(matches!(edit, Err(StoreError::Busy(_))), "{edit:?}");
    sqlx::query("ROLLBACK").execute(&mut other).await.unwrap();
    assert!(store.export().await.unwrap().guilds.is_empty());
    assert!(store.settings().get().guilds.is_empty());
}
