//! [`SettingsStore`]: each server's settings are kept durably, resolve
//! the same in both stores, lose no concurrent edit, round-trip through
//! export and import, and reach every process sharing PostgreSQL.
//!
//! [`SettingsStore`]: mj_bridge::store::SettingsStore

use std::sync::Arc;
use std::time::Duration;

use mj_bridge::ids::MjChannelId;
use mj_bridge::seal::SealedToken;
use mj_bridge::settings::{Edit, Location, Mapping, OwnAccount};
use mj_bridge::store::Store;
use mj_bridge::verbs::Verb;
use serenity::all::{ChannelId, GuildId};

use super::{in_both_stores, Backend};
use crate::support::wait_until;

const GUILD: GuildId = GuildId::new(100_000_000_000_000_001);
const OTHER_GUILD: GuildId = GuildId::new(200_000_000_000_000_001);
const CHANNEL: ChannelId = ChannelId::new(100_000_000_000_000_010);
const THREAD: ChannelId = ChannelId::new(100_000_000_000_000_012);
const UNMAPPED: ChannelId = ChannelId::new(100_000_000_000_000_013);

fn mj(n: u64) -> MjChannelId {
    MjChannelId::parse(&(500_000_000_000_000_000 + n).to_string()).unwrap()
}

fn at(guild: GuildId, channel: ChannelId, parent: Option<ChannelId>) -> Location {
    Location {
        guild,
        channel,
        parent,
    }
}

/// The Midjourney channel `store`'s published settings give for `at`.
fn resolved(store: &Arc<dyn Store>, at: Location) -> Option<MjChannelId> {
    store.settings().get().resolve(at).cloned()
}

fn set(channel: ChannelId, n: u64) -> Edit {
    Edit::Set { channel, mj: mj(n) }
}

#[tokio::test]
async fn a_channel_a_thread_and_the_server_default_resolve_the_same_in_both_stores() {
    in_both_stores(|backend| async move {
        let store = backend.open().await;
        let name = store.describe();
        assert!(store.edit(GUILD, set(CHANNEL, 1)).await.unwrap(), "{name}");
        assert!(
            !store.edit(GUILD, set(CHANNEL, 1)).await.unwrap(),
            "{name}: no change"
        );
        store.edit(GUILD, Edit::Default(Some(mj(9)))).await.unwrap();

        let places = [
            (at(GUILD, CHANNEL, None), Some(1)),
            (at(GUILD, THREAD, Some(CHANNEL)), Some(1)),
            (at(GUILD, UNMAPPED, None), Some(9)),
            (at(OTHER_GUILD, CHANNEL, None), None),
        ];
        for (place, expected) in places {
            assert_eq!(resolved(&store, place), expected.map(mj), "{name}");
        }

        store.edit(GUILD, set(THREAD, 2)).await.unwrap();
        assert!(store
            .edit(GUILD, Edit::Unset { channel: CHANNEL })
            .await
            .unwrap());
        let reopened = backend.open().await;
        let places = [
            (at(GUILD, THREAD, Some(CHANNEL)), 2),
            (at(GUILD, CHANNEL, None), 9),
        ];
        for (place, expected) in places {
            assert_eq!(resolved(&reopened, place), Some(mj(expected)), "{name}");
        }
        assert_eq!(reopened.settings().get().mj_channels().len(), 2, "{name}");
    })
    .await;
}

#[tokio::test]
async fn turned_off_commands_and_the_audit_channel_are_kept_per_server_in_both_stores() {
    in_both_stores(|backend| async move {
        let store = backend.open().await;
        let name = store.describe();
        let relax = Verb::by_name("relax").unwrap();
        let off = Edit::Verb {
            verb: relax,
            enabled: false,
        };
        assert!(store.edit(GUILD, off.clone()).await.unwrap(), "{name}");
        assert!(!store.edit(GUILD, off).await.unwrap(), "{name}");
        assert!(store
            .edit(GUILD, Edit::Audit(Some(UNMAPPED)))
            .await
            .unwrap());

        let reopened = backend.open().await;
        assert!(
            reopened.settings().get().is_disabled(GUILD, relax),
            "{name}"
        );
        assert!(
            !reopened.settings().get().is_disabled(OTHER_GUILD, relax),
            "{name}"
        );
        assert_eq!(
            reopened.settings().get().audit_channel(GUILD),
            Some(UNMAPPED),
            "{name}"
        );

        store
            .edit(
                GUILD,
                Edit::Verb {
                    verb: relax,
                    enabled: true,
                },
            )
            .await
            .unwrap();
        assert!(store.edit(GUILD, Edit::Audit(None)).await.unwrap());
        assert!(!store.settings().get().is_disabled(GUILD, relax), "{name}");
        assert_eq!(
            store.export().await.unwrap(),
            Mapping::default(),
            "{name}: nothing left"
        );
    })
    .await;
}

#[tokio::test]
async fn a_hundred_concurrent_edits_lose_nothing_in_both_stores() {
    in_both_stores(|backend| async move {
        // Two handles on one store: two processes for PostgreSQL.
        let (first, second) = match backend.postgres {
            Some(_) => (backend.open().await, backend.open().await),
            None => {
                let one = backend.open().await;
                (one.clone(), one)
            }
        };
        let name = first.describe();
        let edits = (0..100u64).map(|n| {
            let store = if n % 2 == 0 {
                first.clone()
            } else {
                second.clone()
            };
            let channel = ChannelId::new(CHANNEL.get() + 1_000 + n);
            tokio::spawn(async move { store.edit(GUILD, set(channel, n)).await })
        });
        for edit in futures_util::future::join_all(edits).await {
            assert!(edit.unwrap().unwrap(), "{name}");
        }
        assert_eq!(
            first.export().await.unwrap().guilds[&GUILD].channels.len(),
            100,
            "{name}"
        );
        for store in [&first, &second] {
            wait_until(
                &format!("{name}: every edit in memory"),
                Duration::from_secs(1),
                || async {
                    store
                        .settings()
                        .get()
                        .guild(GUILD)
                        .map_or(0, |g| g.channels.len())
                        == 100
                },
            )
            .await;
        }
    })
    .await;
}

#[tokio::test]
async fn export_then_import_round_trips_and_importing_again_changes_nothing_in_both_stores() {
    in_both_stores(|backend| async move {
        let store = backend.open().await;
        let name = store.describe();
        store.edit(GUILD, set(CHANNEL, 1)).await.unwrap();
        store.edit(GUILD, set(UNMAPPED, 3)).await.unwrap();
        store.edit(GUILD, Edit::Default(Some(mj(9)))).await.unwrap();

        let mut file = Mapping::default();
        file.apply(GUILD, set(CHANNEL, 5));
        file.apply(GUILD, Edit::Audit(Some(THREAD)));
        file.apply(
            OTHER_GUILD,
            Edit::Verb {
                verb: Verb::by_name("turbo").unwrap(),
                enabled: false,
            },
        );
        let file = Mapping::from_json(&file.to_json().unwrap()).unwrap();
        store.import(&file).await.unwrap();
        let imported = store.export().await.unwrap();
        store.import(&file).await.unwrap();
        assert_eq!(
            store.export().await.unwrap(),
            imported,
            "{name}: importing again"
        );

        let mut expected = Mapping::default();
        expected.apply(GUILD, set(CHANNEL, 5)); // the file's entry wins
        expected.apply(GUILD, set(UNMAPPED, 3)); // others are kept
        expected.apply(GUILD, Edit::Default(Some(mj(9))));
        expected.apply(GUILD, Edit::Audit(Some(THREAD)));
        expected.apply(
            OTHER_GUILD,
            Edit::Verb {
                verb: Verb::by_name("turbo").unwrap(),
                enabled: false,
            },
        );
        assert_eq!(imported, expected, "{name}");
        assert_eq!(
            Mapping::from_json(&imported.to_json().unwrap()).unwrap(),
            expected
        );
        assert_eq!(*store.settings().get(), expected, "{name}: in memory too");
    })
    .await;
}

fn sealed(key: &str, sealed: &str) -> SealedToken {
    SealedToken {
        key: key.to_owned(),
        sealed: sealed.to_owned(),
    }
}

fn account(token: &SealedToken) -> OwnAccount {
    OwnAccount {
        token: token.clone(),
        verified_at: 1_700_000_000,
        channels: 2,
    }
}

/// `guild`'s stored account, as a fresh open of the store reads it.
async fn stored(backend: &Backend, guild: GuildId) -> Option<OwnAccount> {
    let store = backend.open().await;
    let settings = store.export().await.unwrap();
    settings.guilds.get(&guild).and_then(|g| g.account.clone())
}

#[tokio::test]
async fn a_token_is_resealed_only_while_it_is_still_the_one_read_in_both_stores() {
    in_both_stores(|backend| async move {
        let store = backend.open().await;
        let name = store.describe();
        let (read, read_other) = (sealed("k1", "read"), sealed("k1", "other read"));
        store
            .edit(GUILD, Edit::Account(Some(account(&read))))
            .await
            .unwrap();
        store
            .edit(OTHER_GUILD, Edit::Account(Some(account(&read_other))))
            .await
            .unwrap();
        let resealed = sealed("k2", "resealed");
        // Meanwhile an admin enters a new token in GUILD and clears OTHER_GUILD's.
        let entered = sealed("k1", "entered again");
        store
            .edit(GUILD, Edit::Account(Some(account(&entered))))
            .await
            .unwrap();
        store.edit(OTHER_GUILD, Edit::Account(None)).await.unwrap();

        let replaced = store.reseal_token(GUILD, &read, &resealed).await.unwrap();
        let cleared = store
            .reseal_token(OTHER_GUILD, &read_other, &resealed)
            .await
            .unwrap();

        assert!(!replaced && !cleared, "{name}");
        assert_eq!(
            stored(&backend, GUILD).await,
            Some(account(&entered)),
            "{name}"
        );
        assert_eq!(
            stored(&backend, OTHER_GUILD).await,
            None,
            "{name}: not brought back"
        );
        assert!(
            store
                .reseal_token(GUILD, &entered, &resealed)
                .await
                .unwrap(),
            "{name}"
        );
        assert_eq!(
            stored(&backend, GUILD).await,
            Some(account(&resealed)),
            "{name}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_change_through_one_postgres_store_reaches_another_within_a_second() {
    let backend = Backend::postgres();
    let (first, second) = (backend.open().await, backend.open().await);
    first.edit(GUILD, set(CHANNEL, 7)).await.unwrap();
    wait_until(
        "the other process to use the new mapping",
        Duration::from_secs(1),
        || async { resolved(&second, at(GUILD, CHANNEL, None)) == Some(mj(7)) },
    )
    .await;
    first
        .edit(GUILD, Edit::Unset { channel: CHANNEL })
        .await
        .unwrap();
    wait_until(
        "the other process to drop the mapping",
        Duration::from_secs(1),
        || async { resolved(&second, at(GUILD, CHANNEL, None)).is_none() },
    )
    .await;
}
