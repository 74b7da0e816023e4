//! The mapping file: missing, corrupt, failed saves, lookups during a save, stale temp files.

use futures_util::FutureExt;
use serenity::all::ChannelId;

use super::*;
use crate::ids::MjChannelId;
use crate::settings::Location;
use crate::verbs::Verb;

fn mj(n: u64) -> MjChannelId {
    MjChannelId::parse(&format!("{}", 100_000_000_000_000_000 + n)).unwrap()
}

const GUILD: GuildId = GuildId::new(1);
const CHANNEL: ChannelId = ChannelId::new(10);

#[test]
fn a_missing_file_is_an_empty_mapping_created_on_first_edit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/dir/channels.json");
    let store = FileStore::load(&path).unwrap();
    assert_eq!(store.settings().get().guilds.len(), 0);
    assert!(!path.exists());

    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(store.edit(
        GUILD,
        Edit::Set {
            channel: CHANNEL,
            mj: mj(1),
        },
    ))
    .unwrap();
    let saved = Mapping::from_json(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(
        saved.resolve(Location {
            guild: GUILD,
            channel: CHANNEL,
            parent: None
        }),
        Some(&mj(1))
    );
    // No temp file is left behind.
    let names: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
    assert_eq!(names.len(), 1);
}

#[test]
fn a_corrupt_file_is_refused_with_its_path_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("channels.json");
    let garbage = b"{\"version\": 1, \"guilds\": {oops";
    std::fs::write(&path, garbage).unwrap();
    let err = FileStore::load(&path).unwrap_err().to_string();
    assert!(err.contains(&path.display().to_string()), "{err}");
    assert!(err.contains("line 1"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), garbage);
}

#[test]
fn a_failed_save_keeps_the_old_mapping_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    // The "file" is a directory, so the rename onto it fails.
    let path = dir.path().join("channels.json");
    std::fs::create_dir(&path).unwrap();
    std::fs::write(path.join("keep"), b"x").unwrap();
    let store = FileStore::load(dir.path().join("missing.json")).unwrap();
    let store = FileStore {
        path: path.clone(),
        ..store
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let err = rt
        .block_on(store.edit(
            GUILD,
            Edit::Set {
                channel: CHANNEL,
                mj: mj(1),
            },
        ))
        .unwrap_err();
    assert!(err.to_string().contains("cannot save"), "{err}");
    assert_eq!(
        store.settings().get().resolve(Location {
            guild: GUILD,
            channel: CHANNEL,
            parent: None
        }),
        None
    );
}

#[test]
fn lookups_answer_while_a_save_holds_the_edit_lock() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileStore::load(dir.path().join("channels.json")).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let _saving = rt.block_on(Arc::clone(&store.edits).lock_owned());
    let at = Location {
        guild: GUILD,
        channel: CHANNEL,
        parent: None,
    };
    // Lookups read the published settings, which no save ever locks.
    let settings = store.settings().get();
    assert_eq!(settings.resolve(at), None);
    assert!(!settings.is_disabled(GUILD, Verb::ALL[0]));
    // The edit itself waits for its turn.
    let edit = store.edit(GUILD, Edit::Unset { channel: CHANNEL });
    assert!(edit.now_or_never().is_none());
}

#[test]
fn only_temp_files_older_than_the_limit_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let store = FileStore::load(dir.path().join("channels.json")).unwrap();
    let old = dir.path().join(".channels.json.old123.tmp");
    let fresh = dir.path().join(".channels.json.new456.tmp");
    let unrelated = dir.path().join(".other.json.old789.tmp");
    for file in [&old, &fresh, &unrelated] {
        std::fs::write(file, b"{").unwrap();
    }
    let two_minutes_ago = SystemTime::now() - Duration::from_secs(120);
    for file in [&old, &unrelated] {
        std::fs::File::options()
            .write(true)
            .open(file)
            .unwrap()
            .set_modified(two_minutes_ago)
            .unwrap();
    }

    store.remove_stale_temp_files(Duration::from_secs(60));

    assert!(!old.exists());
    assert!(fresh.exists());
    assert!(unrelated.exists());
}

#[cfg(unix)]
#[test]
fn the_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("channels.json");
    let store = FileStore::load(&path).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(store.edit(
        GUILD,
        Edit::Set {
            channel: CHANNEL,
            mj: mj(1),
        },
    ))
    .unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "{mode:o}");
}
