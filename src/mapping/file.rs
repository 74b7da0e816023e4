//! The mapping file: read once at start, rewritten atomically on every edit.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, SystemTime};

use serenity::all::GuildId;
use tokio::sync::Mutex;

use super::{Edit, Mapping, MappingFormatError};

#[derive(Debug, thiserror::Error)]
pub enum MappingError {
    #[error("cannot read the channel mapping file {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error(
        "the channel mapping file {path} is not valid: {source}. \
         It was left untouched; fix it (see config/channels.example.json) or move it away"
    )]
    Parse {
        path: PathBuf,
        source: MappingFormatError,
    },
    /// Logged with its source chain (see `logging::chain`), which holds the reason.
    #[error("cannot save the channel mapping file {path}")]
    Write { path: PathBuf, source: io::Error },
}

/// The mapping in memory plus the file it is saved to.
///
/// Lookups copy an `Arc` of the current mapping under a lock that is held
/// only for that copy (never across an await or a file write), so a slow
/// or failing disk never delays a command. Edits are serialised by their
/// own lock, held until the new file is durable; only then is the new
/// mapping swapped in, so no edit overwrites another and a failed save
/// changes nothing.
#[derive(Debug)]
pub struct MappingStore {
    path: PathBuf,
    current: Arc<RwLock<Arc<Mapping>>>,
    edits: Arc<Mutex<()>>,
}

impl MappingStore {
    /// Reads `path` once, at start. A missing file is an empty mapping; a file
    /// that cannot be parsed is an error, and is never written to. Loading
    /// never creates, deletes or changes a file (`mj-bridge check` loads too).
    pub fn load(path: impl Into<PathBuf>) -> Result<Self, MappingError> {
        let path = path.into();
        let mapping = match std::fs::read(&path) {
            Ok(bytes) => Mapping::from_json(&bytes).map_err(|source| MappingError::Parse {
                path: path.clone(),
                source,
            })?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => Mapping::default(),
            Err(source) => return Err(MappingError::Read { path, source }),
        };
        Ok(Self {
            path,
            current: Arc::new(RwLock::new(Arc::new(mapping))),
            edits: Arc::default(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The mapping as of the last successful save; never waits for a save.
    pub fn snapshot(&self) -> Arc<Mapping> {
        // Only a pointer copy or swap happens under this lock, so a panic
        // cannot leave the mapping half-changed: poisoning is ignored.
        Arc::clone(&self.current.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Applies `edit` and saves the file before the change becomes visible;
    /// if saving fails, memory and disk both keep the old mapping.
    pub async fn edit(&self, guild: GuildId, edit: Edit) -> Result<bool, MappingError> {
        self.change(|mapping| mapping.apply(guild, edit)).await
    }

    /// Copies `other` in (its entries win, see [`Mapping::merge`]), saved
    /// like an edit; returns whether anything changed.
    pub async fn merge(&self, other: &Mapping) -> Result<bool, MappingError> {
        self.change(|mapping| mapping.merge(other)).await
    }

    async fn change(&self, apply: impl FnOnce(&mut Mapping) -> bool) -> Result<bool, MappingError> {
        // The save owns this turn until the file is durable and swapped in,
        // so even an edit whose caller gave up cannot race the next one.
        let turn = Arc::clone(&self.edits).lock_owned().await;
        let mut next = Mapping::clone(&self.snapshot());
        if !apply(&mut next) {
            return Ok(false);
        }
        let path = self.path.clone();
        let current = Arc::clone(&self.current);
        let saved = match next.to_json() {
            Ok(bytes) => tokio::task::spawn_blocking(move || {
                let _turn = turn;
                write_atomically(&path, &bytes)?;
                *current.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(next);
                Ok(())
            })
            .await
            .unwrap_or_else(|join| Err(io::Error::other(join))),
            Err(e) => Err(e.into()),
        };
        saved.map_err(|source| MappingError::Write {
            path: self.path.clone(),
            source,
        })?;
        Ok(true)
    }

    /// A process killed in the middle of a save leaves its temp file behind
    /// (the real file is intact, so the leftover is only clutter). Removes
    /// those that are `older_than` (by modification time): a younger one may
    /// belong to a save in progress in another process. Called by `run`
    /// only; `check` must not touch files.
    pub fn remove_stale_temp_files(&self, older_than: Duration) {
        let prefix = temp_prefix(&self.path);
        let Ok(entries) = std::fs::read_dir(parent_dir(&self.path)) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if !(name.starts_with(&prefix) && name.ends_with(".tmp")) {
                continue;
            }
            let age = entry
                .metadata()
                .and_then(|meta| meta.modified())
                .map(|modified| {
                    SystemTime::now()
                        .duration_since(modified)
                        .unwrap_or(Duration::ZERO)
                });
            match age {
                Ok(age) if age >= older_than => match std::fs::remove_file(entry.path()) {
                    Ok(()) => {
                        tracing::info!(file = %entry.path().display(), age_secs = age.as_secs(), "removed a temp file left by an interrupted save")
                    }
                    Err(err) => {
                        tracing::warn!(file = %entry.path().display(), error = %err, "cannot remove a stale temp file")
                    }
                },
                Ok(_) => {
                    tracing::debug!(file = %entry.path().display(), "kept a recent temp file: a save may be in progress")
                }
                Err(err) => {
                    tracing::warn!(file = %entry.path().display(), error = %err, "cannot read a temp file's age; kept it")
                }
            }
        }
    }
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Temp files of `path` are named `.<file name>.<random>.tmp`, beside it.
fn temp_prefix(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    format!(".{name}.")
}

/// Temp file in the same directory, fsync, rename over the target, fsync the
/// directory: a crash at any point leaves either the old or the new file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = parent_dir(path);
    std::fs::create_dir_all(dir).map_err(|err| {
        io::Error::new(
            err.kind(),
            format!("cannot create the directory {}: {err}", dir.display()),
        )
    })?;
    let mut temp = tempfile::Builder::new()
        .prefix(&temp_prefix(path))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    // Makes the rename itself durable; not every filesystem allows it.
    if let Ok(dir) = std::fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use futures_util::FutureExt;
    use serenity::all::ChannelId;

    use super::*;
    use crate::ids::MjChannelId;
    use crate::mapping::Location;
    // The reads every store shares are the trait's, on top of `snapshot`.
    use crate::store::Store;
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
        let store = MappingStore::load(&path).unwrap();
        assert_eq!(store.snapshot().guilds.len(), 0);
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
        let err = MappingStore::load(&path).unwrap_err().to_string();
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
        let store = MappingStore::load(dir.path().join("missing.json")).unwrap();
        let store = MappingStore {
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
            rt.block_on(store.resolve(Location {
                guild: GUILD,
                channel: CHANNEL,
                parent: None
            })),
            None
        );
    }

    #[test]
    fn lookups_answer_while_a_save_holds_the_edit_lock() {
        let dir = tempfile::tempdir().unwrap();
        let store = MappingStore::load(dir.path().join("channels.json")).unwrap();
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let _saving = rt.block_on(Arc::clone(&store.edits).lock_owned());
        let at = Location {
            guild: GUILD,
            channel: CHANNEL,
            parent: None,
        };
        // Lookups never wait: each completes on its first poll.
        assert_eq!(store.resolve(at).now_or_never(), Some(None));
        assert_eq!(
            store.is_disabled(GUILD, Verb::ALL[0]).now_or_never(),
            Some(false)
        );
        assert!(store.guild(GUILD).now_or_never().is_some());
        assert!(store.all_mj_channels().now_or_never().is_some());
        // The edit itself waits for its turn.
        let edit = store.edit(GUILD, Edit::Unset { channel: CHANNEL });
        assert!(edit.now_or_never().is_none());
    }

    #[test]
    fn only_temp_files_older_than_the_limit_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let store = MappingStore::load(dir.path().join("channels.json")).unwrap();
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
}
