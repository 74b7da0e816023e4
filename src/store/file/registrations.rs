//! Which commands are registered in which server, for the file store (its
//! [`RegistrationLedger`]): kept
//! beside the mapping file (`channels.json` → `channels.registered.json`),
//! so a restart with an unchanged command set sends Discord nothing. It is
//! a record of what Discord has, not a setting: it never goes into the
//! mapping file, an export or an import.
//!
//! Registrations end one by one but the file is written only when asked
//! ([`Registrations::flush`], when the registration queue runs dry), so
//! 10,000 servers cost a few writes, not 10,000.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Serialize};
use serenity::all::GuildId;

use super::{write_atomically, FileStore, MappingError};
use crate::ids::CommandsFingerprint;
use crate::store::{Claim, RegistrationLedger, StoreError};

const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OnDisk {
    version: u32,
    /// Server id → the fingerprint of the command set registered there.
    registered: BTreeMap<GuildId, String>,
}

#[derive(Debug)]
pub(super) struct Registrations {
    path: PathBuf,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    registered: HashMap<GuildId, CommandsFingerprint>,
    /// Changed since the last write.
    dirty: bool,
    /// The file could not be read: it is reported and never overwritten.
    unreadable: bool,
}

impl Registrations {
    /// The record beside `mapping_file`. A file that cannot be read is
    /// reported with its path and left untouched; every server's commands
    /// are then registered once, as on a first start.
    pub(super) fn load(mapping_file: &Path) -> Self {
        let path = mapping_file.with_extension("registered.json");
        let mut state = State::default();
        match std::fs::read(&path) {
            Ok(bytes) => {
                if let Some(registered) = parse(&bytes) {
                    state.registered = registered;
                } else {
                    state.unreadable = true;
                    tracing::warn!(
                        file = %path.display(),
                        "the record of registered commands is not valid; left untouched, \
                         so every server's commands are registered again at each start until it is removed"
                    );
                }
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => {
                state.unreadable = true;
                tracing::warn!(file = %path.display(), error = %err, "cannot read the record of registered commands");
            }
        }
        Self {
            path,
            state: Mutex::new(state),
        }
    }

    pub(super) fn all(&self) -> HashMap<GuildId, CommandsFingerprint> {
        self.lock().registered.clone()
    }

    /// Records that `guild` has the commands `fingerprint` stands for.
    pub(super) fn record(&self, guild: GuildId, fingerprint: CommandsFingerprint) {
        let mut state = self.lock();
        if state.registered.insert(guild, fingerprint) != Some(fingerprint) {
            state.dirty = true;
        }
    }

    /// Forgets `guild` (the bot left it).
    pub(super) fn forget(&self, guild: GuildId) {
        let mut state = self.lock();
        if state.registered.remove(&guild).is_some() {
            state.dirty = true;
        }
    }

    /// Writes the record if it changed since the last write.
    pub(super) async fn flush(&self) -> Result<(), MappingError> {
        let bytes = {
            let mut state = self.lock();
            if !state.dirty || state.unreadable {
                return Ok(());
            }
            state.dirty = false;
            let on_disk = OnDisk {
                version: VERSION,
                registered: state
                    .registered
                    .iter()
                    .map(|(guild, fingerprint)| (*guild, fingerprint.to_hex()))
                    .collect(),
            };
            serde_json::to_vec(&on_disk).unwrap_or_default()
        };
        let path = self.path.clone();
        let written = tokio::task::spawn_blocking(move || write_atomically(&path, &bytes))
            .await
            .unwrap_or_else(|join| Err(std::io::Error::other(join)));
        written.map_err(|source| {
            // Written again with the next flush.
            self.lock().dirty = true;
            MappingError::Write {
                path: self.path.clone(),
                source,
            }
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[async_trait::async_trait]
impl RegistrationLedger for FileStore {
    async fn registered_commands(
        &self,
    ) -> Result<HashMap<GuildId, CommandsFingerprint>, StoreError> {
        Ok(self.registrations.all())
    }

    /// One process owns the file: every registration is its own.
    async fn claim_registration(
        &self,
        _guild: GuildId,
        _fingerprint: CommandsFingerprint,
    ) -> Result<Claim, StoreError> {
        Ok(Claim::Mine)
    }

    async fn registration_ended(
        &self,
        guild: GuildId,
        fingerprint: CommandsFingerprint,
        registered: bool,
    ) -> Result<(), StoreError> {
        if registered {
            self.registrations.record(guild, fingerprint);
        }
        Ok(())
    }

    async fn forget_registration(&self, guild: GuildId) -> Result<(), StoreError> {
        self.registrations.forget(guild);
        Ok(())
    }

    async fn flush_registrations(&self) -> Result<(), StoreError> {
        Ok(self.registrations.flush().await?)
    }
}

fn parse(bytes: &[u8]) -> Option<HashMap<GuildId, CommandsFingerprint>> {
    let on_disk: OnDisk = serde_json::from_slice(bytes).ok()?;
    if on_disk.version != VERSION {
        return None;
    }
    on_disk
        .registered
        .into_iter()
        .map(|(guild, hex)| Some((guild, CommandsFingerprint::parse(&hex)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_record_survives_a_reload_and_a_corrupt_one_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let mapping = dir.path().join("channels.json");
        let fingerprint = CommandsFingerprint::of(b"[]");
        let first = Registrations::load(&mapping);
        first.record(GuildId::new(7), fingerprint);
        first.flush().await.unwrap();
        let again = Registrations::load(&mapping);
        assert_eq!(again.all().get(&GuildId::new(7)), Some(&fingerprint));

        let path = dir.path().join("channels.registered.json");
        std::fs::write(&path, b"{not json").unwrap();
        let corrupt = Registrations::load(&mapping);
        assert!(corrupt.all().is_empty());
        corrupt.record(GuildId::new(8), fingerprint);
        corrupt.flush().await.unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"{not json");
    }
}
