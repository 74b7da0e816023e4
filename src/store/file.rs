//! The JSON mapping file (`CHANNELS_FILE`, the default store): read once at
//! start, rewritten atomically on every edit, for one process (a
//! command-line edit is refused while a bot runs on it: see `lock.rs`).

mod lock;
mod registrations;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serenity::all::GuildId;
use tokio::sync::Mutex;

use super::{Duties, SettingsStore, SharedClaims, StoreError};
use crate::seal::SealedToken;
use crate::settings::{Edit, Mapping, MappingFormatError, SharedMapping};

pub use lock::{lock_path, FileLock};

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

/// The file a mapping is saved to, and the settings it publishes.
///
/// Commands read the published settings ([`SharedMapping`]), so a slow or
/// failing disk never delays one. Edits are serialised by their own lock,
/// held until the new file is durable; only then is the new mapping
/// published, so no edit overwrites another and a failed save changes nothing.
#[derive(Debug)]
pub struct FileStore {
    path: PathBuf,
    settings: SharedMapping,
    edits: Arc<Mutex<()>>,
    registrations: registrations::Registrations,
}

impl FileStore {
    /// Reads `path` once, at start. A missing file is an empty mapping; a file
    /// that cannot be parsed is an error, and is never written to. Loading
    /// never creates, deletes or changes a file (`mj-bridge check` loads too).
    pub fn load(path: impl Into<PathBuf>) -> Result<Self, MappingError> {
        let path = path.into();
        let mapping = read(&path)?.unwrap_or_default();
        Ok(Self {
            registrations: registrations::Registrations::load(&path),
            path,
            settings: SharedMapping::new(mapping),
            edits: Arc::default(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Applies `apply` and saves the file before the change becomes
    /// visible; if saving fails, memory and disk both keep the old mapping.
    async fn change(&self, apply: impl FnOnce(&mut Mapping) -> bool) -> Result<bool, MappingError> {
        // The save owns this turn until the file is durable and swapped in,
        // so even an edit whose caller gave up cannot race the next one.
        let turn = Arc::clone(&self.edits).lock_owned().await;
        let mut next = Mapping::clone(&self.settings.get());
        if !apply(&mut next) {
            return Ok(false);
        }
        let path = self.path.clone();
        let settings = self.settings.clone();
        let saved = match next.to_json() {
            Ok(bytes) => tokio::task::spawn_blocking(move || {
                let _turn = turn;
                write_atomically(&path, &bytes)?;
                settings.publish(next);
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
                        tracing::info!(file = %entry.path().display(), age_secs = age.as_secs(), "removed a temp file left by an interrupted save");
                    }
                    Err(err) => {
                        tracing::warn!(file = %entry.path().display(), error = %err, "cannot remove a stale temp file");
                    }
                },
                Ok(_) => {
                    tracing::debug!(file = %entry.path().display(), "kept a recent temp file: a save may be in progress");
                }
                Err(err) => {
                    tracing::warn!(file = %entry.path().display(), error = %err, "cannot read a temp file's age; kept it");
                }
            }
        }
    }
}

/// The mapping in `path`; `None` when there is no such file.
pub fn read(path: &Path) -> Result<Option<Mapping>, MappingError> {
    match std::fs::read(path) {
        Ok(bytes) => Mapping::from_json(&bytes)
            .map(Some)
            .map_err(|source| MappingError::Parse {
                path: path.to_owned(),
                source,
            }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(MappingError::Read {
            path: path.to_owned(),
            source,
        }),
    }
}

#[async_trait::async_trait]
impl SettingsStore for FileStore {
    fn settings(&self) -> SharedMapping {
        self.settings.clone()
    }

    async fn edit(&self, guild: GuildId, edit: Edit) -> Result<bool, StoreError> {
        Ok(self.change(|mapping| mapping.apply(guild, edit)).await?)
    }

    /// Compared and swapped under the edit lock, against the file as this
    /// process last saved it (the file has one writer: `keys rotate` runs
    /// with the bot stopped).
    async fn reseal_token(
        &self,
        guild: GuildId,
        read: &SealedToken,
        resealed: &SealedToken,
    ) -> Result<bool, StoreError> {
        Ok(self
            .change(|mapping| {
                let account = mapping
                    .guilds
                    .get_mut(&guild)
                    .and_then(|g| g.account.as_mut())
                    .filter(|account| account.token == *read);
                account.is_some_and(|account| {
                    account.token = resealed.clone();
                    true
                })
            })
            .await?)
    }

    async fn import(&self, mapping: &Mapping) -> Result<(), StoreError> {
        self.change(|ours| ours.merge(mapping)).await?;
        Ok(())
    }

    /// The file is only ever written by this process's saves, so memory
    /// is the file's content.
    async fn export(&self) -> Result<Mapping, StoreError> {
        Ok(Mapping::clone(&self.settings.get()))
    }

    fn describe(&self) -> String {
        format!("file {}", self.path.display())
    }
}

/// One process: it keeps its own claims (see `access::claims`).
impl SharedClaims for FileStore {}

/// One process does every duty, and remembers what it told in memory.
impl Duties for FileStore {}

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
mod tests;
