//! The per-server map from Discord channels to Midjourney channels: the file
//! format, the lookup rules and the store that saves every edit atomically.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tokio::sync::RwLock;

use crate::ids::MjChannelId;
use crate::useapi::Verb;

pub const FILE_VERSION: u32 = 1;

/// The whole file: `{"version":1,"guilds":{"<guild>":{"default":..,"channels":{..}}}}`.
/// Unknown fields are refused so a typo in a hand edit is reported, not ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    pub version: u32,
    #[serde(default)]
    pub guilds: BTreeMap<u64, GuildMapping>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuildMapping {
    /// Used for channels without a mapping of their own (or of their parent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<MjChannelId>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub channels: BTreeMap<u64, MjChannelId>,
    /// Verbs (command names) an admin turned off in this server.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub disabled: BTreeSet<String>,
}

/// One admin change, applied to one guild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Set { channel: u64, mj: MjChannelId },
    Unset { channel: u64 },
    Default(Option<MjChannelId>),
    Verb { verb: Verb, enabled: bool },
}

impl Default for Mapping {
    fn default() -> Self {
        Self {
            version: FILE_VERSION,
            guilds: BTreeMap::new(),
        }
    }
}

impl Mapping {
    /// The Midjourney channel for a command typed in `channel` of `guild`:
    /// the channel's own mapping, then its parent's (for threads), then the
    /// server default. Another guild's entries never apply.
    pub fn resolve(&self, guild: u64, channel: u64, parent: Option<u64>) -> Option<&MjChannelId> {
        let entry = self.guilds.get(&guild)?;
        entry
            .channels
            .get(&channel)
            .or_else(|| parent.and_then(|p| entry.channels.get(&p)))
            .or(entry.default.as_ref())
    }

    /// Applies `edit`; returns whether anything changed.
    pub fn apply(&mut self, guild: u64, edit: Edit) -> bool {
        let entry = self.guilds.entry(guild).or_default();
        let changed = match edit {
            Edit::Set { channel, mj } => entry.channels.insert(channel, mj.clone()) != Some(mj),
            Edit::Unset { channel } => entry.channels.remove(&channel).is_some(),
            Edit::Default(mj) => std::mem::replace(&mut entry.default, mj.clone()) != mj,
            Edit::Verb {
                verb,
                enabled: true,
            } => entry.disabled.remove(verb.name),
            Edit::Verb {
                verb,
                enabled: false,
            } => entry.disabled.insert(verb.name.to_owned()),
        };
        if *entry == GuildMapping::default() {
            self.guilds.remove(&guild);
        }
        changed
    }

    pub fn from_json(bytes: &[u8]) -> Result<Self, MappingFormatError> {
        // serde also accepts a struct written as an array; a hand-edited file must be an object.
        if bytes.trim_ascii_start().first() != Some(&b'{') {
            return Err(MappingFormatError::NotAnObject);
        }
        let mapping: Mapping = serde_json::from_slice(bytes).map_err(MappingFormatError::Json)?;
        if mapping.version != FILE_VERSION {
            return Err(MappingFormatError::Version(mapping.version));
        }
        let disabled = mapping.guilds.values().flat_map(|g| &g.disabled);
        if let Some(unknown) = disabled
            .into_iter()
            .find(|name| Verb::by_name(name).is_none())
        {
            return Err(MappingFormatError::UnknownVerb(unknown.clone()));
        }
        Ok(mapping)
    }

    pub fn to_json(&self) -> serde_json::Result<Vec<u8>> {
        let mut bytes = serde_json::to_vec_pretty(self)?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MappingFormatError {
    #[error("{0}")]
    Json(serde_json::Error),
    #[error("it must be a JSON object like config/channels.example.json")]
    NotAnObject,
    #[error("`{0}` in `disabled` is not a command of this bot (known: {known})", known = Verb::ALL.iter().map(|v| v.name).collect::<Vec<_>>().join(", "))]
    UnknownVerb(String),
    #[error("it has version {0}, and this build of mj-bridge reads version {FILE_VERSION}")]
    Version(u32),
}

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
    #[error("cannot save the channel mapping file {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
}

/// The mapping in memory plus the file it is saved to. Reads are concurrent;
/// edits are serialised by the write lock, which is held until the new file
/// is on disk, so no edit can overwrite another.
#[derive(Debug)]
pub struct MappingStore {
    path: PathBuf,
    current: RwLock<Mapping>,
}

impl MappingStore {
    /// Reads `path` once, at start. A missing file is an empty mapping; a file
    /// that cannot be parsed is an error, and is never written to.
    pub fn load(path: impl Into<PathBuf>) -> Result<Self, MappingError> {
        let path = path.into();
        remove_stale_temp_files(&path);
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
            current: RwLock::new(mapping),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub async fn resolve(
        &self,
        guild: u64,
        channel: u64,
        parent: Option<u64>,
    ) -> Option<MjChannelId> {
        self.current
            .read()
            .await
            .resolve(guild, channel, parent)
            .cloned()
    }

    pub async fn is_disabled(&self, guild: u64, verb: Verb) -> bool {
        self.current
            .read()
            .await
            .guilds
            .get(&guild)
            .is_some_and(|g| g.disabled.contains(verb.name))
    }

    /// Every mapped Midjourney channel (defaults included), with its guild.
    pub async fn all_mj_channels(&self) -> BTreeSet<(u64, MjChannelId)> {
        let mapping = self.current.read().await;
        mapping
            .guilds
            .iter()
            .flat_map(|(guild, g)| {
                g.channels
                    .values()
                    .chain(&g.default)
                    .map(|mj| (*guild, mj.clone()))
            })
            .collect()
    }

    pub async fn guild(&self, guild: u64) -> GuildMapping {
        self.current
            .read()
            .await
            .guilds
            .get(&guild)
            .cloned()
            .unwrap_or_default()
    }

    /// Applies `edit` and saves the file before the change becomes visible;
    /// if saving fails, memory and disk both keep the old mapping.
    pub async fn edit(&self, guild: u64, edit: Edit) -> Result<bool, MappingError> {
        let mut current = self.current.write().await;
        let mut next = current.clone();
        if !next.apply(guild, edit) {
            return Ok(false);
        }
        let path = self.path.clone();
        let saved = match next.to_json() {
            Ok(bytes) => tokio::task::spawn_blocking(move || write_atomically(&path, &bytes))
                .await
                .unwrap_or_else(|join| Err(io::Error::other(join))),
            Err(e) => Err(e.into()),
        };
        saved.map_err(|source| MappingError::Write {
            path: self.path.clone(),
            source,
        })?;
        *current = next;
        Ok(true)
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

/// A process killed in the middle of a save leaves its temp file behind;
/// the real file is intact, so the leftover is only clutter.
fn remove_stale_temp_files(path: &Path) {
    let prefix = temp_prefix(path);
    let Ok(entries) = std::fs::read_dir(parent_dir(path)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(".tmp") {
            match std::fs::remove_file(entry.path()) {
                Ok(()) => {
                    tracing::info!(file = %entry.path().display(), "removed a temp file left by an interrupted save")
                }
                Err(err) => {
                    tracing::warn!(file = %entry.path().display(), error = %err, "cannot remove a stale temp file")
                }
            }
        }
    }
}

/// Temp file in the same directory, fsync, rename over the target, fsync the
/// directory: a crash at any point leaves either the old or the new file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = parent_dir(path);
    std::fs::create_dir_all(dir)?;
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
    use super::*;

    fn mj(n: u64) -> MjChannelId {
        MjChannelId::parse(&format!("{}", 100_000_000_000_000_000 + n)).unwrap()
    }

    const GUILD: u64 = 1;
    const OTHER_GUILD: u64 = 2;
    const CHANNEL: u64 = 10;
    const THREAD: u64 = 11;
    const UNMAPPED: u64 = 12;

    fn sample() -> Mapping {
        let mut m = Mapping::default();
        m.apply(
            GUILD,
            Edit::Set {
                channel: CHANNEL,
                mj: mj(1),
            },
        );
        m.apply(GUILD, Edit::Default(Some(mj(9))));
        m
    }

    #[test]
    fn a_channel_uses_its_own_mapping() {
        assert_eq!(sample().resolve(GUILD, CHANNEL, None), Some(&mj(1)));
    }

    #[test]
    fn a_thread_uses_its_parent_mapping() {
        assert_eq!(sample().resolve(GUILD, THREAD, Some(CHANNEL)), Some(&mj(1)));
    }

    #[test]
    fn a_thread_with_its_own_mapping_prefers_it() {
        let mut m = sample();
        m.apply(
            GUILD,
            Edit::Set {
                channel: THREAD,
                mj: mj(2),
            },
        );
        assert_eq!(m.resolve(GUILD, THREAD, Some(CHANNEL)), Some(&mj(2)));
    }

    #[test]
    fn an_unmapped_channel_uses_the_server_default() {
        assert_eq!(sample().resolve(GUILD, UNMAPPED, None), Some(&mj(9)));
        assert_eq!(
            sample().resolve(GUILD, THREAD, Some(UNMAPPED)),
            Some(&mj(9))
        );
    }

    #[test]
    fn without_default_an_unmapped_channel_resolves_to_none() {
        let mut m = sample();
        m.apply(GUILD, Edit::Default(None));
        assert_eq!(m.resolve(GUILD, UNMAPPED, None), None);
    }

    #[test]
    fn another_guild_never_sees_these_mappings() {
        assert_eq!(sample().resolve(OTHER_GUILD, CHANNEL, None), None);
        assert_eq!(sample().resolve(OTHER_GUILD, UNMAPPED, None), None);
    }

    #[test]
    fn apply_reports_changes_and_drops_empty_guilds() {
        let mut m = sample();
        assert!(!m.apply(
            GUILD,
            Edit::Set {
                channel: CHANNEL,
                mj: mj(1)
            }
        ));
        assert!(m.apply(GUILD, Edit::Unset { channel: CHANNEL }));
        assert!(!m.apply(GUILD, Edit::Unset { channel: CHANNEL }));
        assert!(m.apply(GUILD, Edit::Default(None)));
        assert!(m.guilds.is_empty());
    }

    #[test]
    fn verbs_are_turned_off_and_on_per_guild() {
        let mut m = sample();
        let relax = Verb::by_name("relax").unwrap();
        assert!(m.apply(
            GUILD,
            Edit::Verb {
                verb: relax,
                enabled: false
            }
        ));
        assert!(!m.apply(
            GUILD,
            Edit::Verb {
                verb: relax,
                enabled: false
            }
        ));
        assert!(m.guilds[&GUILD].disabled.contains("relax"));
        assert!(!m.guilds.contains_key(&OTHER_GUILD));
        let json: serde_json::Value = serde_json::from_slice(&m.to_json().unwrap()).unwrap();
        assert_eq!(
            json["guilds"]["1"]["disabled"],
            serde_json::json!(["relax"])
        );
        assert_eq!(Mapping::from_json(&m.to_json().unwrap()).unwrap(), m);
        assert!(m.apply(
            GUILD,
            Edit::Verb {
                verb: relax,
                enabled: true
            }
        ));
        assert!(m.guilds[&GUILD].disabled.is_empty());
    }

    #[test]
    fn the_file_format_is_the_documented_one() {
        let json: serde_json::Value = serde_json::from_slice(&sample().to_json().unwrap()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"version": 1, "guilds": {"1": {
                "default": "100000000000000009",
                "channels": {"10": "100000000000000001"}
            }}})
        );
        assert_eq!(
            Mapping::from_json(&sample().to_json().unwrap()).unwrap(),
            sample()
        );
    }

    #[test]
    fn the_example_file_parses() {
        let example = include_bytes!("../config/channels.example.json");
        Mapping::from_json(example).unwrap();
    }

    #[test]
    fn invalid_files_are_refused_with_a_reason() {
        for (bad, expect) in [
            (&b"{"[..], "EOF"),
            (b"[]", "JSON object"),
            (b"[1, {}]", "JSON object"),
            (br#"{"version":2,"guilds":{}}"#, "version 2"),
            (br#"{"guilds":{}}"#, "version"),
            (
                br#"{"version":1,"guilds":{"1":{"default":"42"}}}"#,
                "17 to 20 digits",
            ),
            (br#"{"version":1,"guilds":{"x":{}}}"#, "invalid"),
            (br#"{"version":1,"guilds":{"1":{"chanels":{}}}}"#, "chanels"),
            (
                br#"{"version":1,"guilds":{"1":{"disabled":["fsat"]}}}"#,
                "`fsat` in `disabled`",
            ),
        ] {
            let err = Mapping::from_json(bad).unwrap_err().to_string();
            assert!(
                err.contains(expect),
                "{}: {err}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn a_missing_file_is_an_empty_mapping_created_on_first_edit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/dir/channels.json");
        let store = MappingStore::load(&path).unwrap();
        assert_eq!(store.current.try_read().unwrap().guilds.len(), 0);
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
        assert_eq!(saved.resolve(GUILD, CHANNEL, None), Some(&mj(1)));
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
        assert_eq!(rt.block_on(store.resolve(GUILD, CHANNEL, None)), None);
    }

    mod properties {
        use proptest::prelude::*;
        use serde_json::Value;

        use super::super::*;

        fn mj_id() -> impl Strategy<Value = MjChannelId> {
            (10_000_000_000_000_000u64..u64::MAX)
                .prop_map(|n| MjChannelId::parse(&n.to_string()).unwrap())
        }

        fn mapping() -> impl Strategy<Value = Mapping> {
            let verb = proptest::sample::select(Verb::ALL).prop_map(|v| v.name.to_owned());
            let guild = (
                proptest::option::of(mj_id()),
                proptest::collection::btree_map(any::<u64>(), mj_id(), 0..5),
                proptest::collection::btree_set(verb, 0..3),
            )
                .prop_map(|(default, channels, disabled)| GuildMapping {
                    default,
                    channels,
                    disabled,
                })
                .prop_filter("empty guilds are not stored", |g| {
                    *g != GuildMapping::default()
                });
            proptest::collection::btree_map(any::<u64>(), guild, 0..5).prop_map(|guilds| Mapping {
                version: FILE_VERSION,
                guilds,
            })
        }

        fn json_value() -> impl Strategy<Value = Value> {
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::Bool),
                any::<i64>().prop_map(Value::from),
                any::<String>().prop_map(Value::String),
                Just(Value::String("12345678901234567".into())),
                Just(Value::from(1)),
            ];
            leaf.prop_recursive(4, 32, 6, |inner| {
                let key = prop_oneof![
                    Just("version".to_owned()),
                    Just("guilds".to_owned()),
                    Just("channels".to_owned()),
                    Just("default".to_owned()),
                    Just("1".to_owned()),
                    any::<String>(),
                ];
                prop_oneof![
                    proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                    proptest::collection::btree_map(key, inner, 0..4)
                        .prop_map(|m| Value::Object(m.into_iter().collect())),
                ]
            })
        }

        proptest! {
            #[test]
            fn serialise_then_parse_is_the_identity(mapping in mapping()) {
                let bytes = mapping.to_json().unwrap();
                prop_assert_eq!(Mapping::from_json(&bytes).unwrap(), mapping);
            }

            #[test]
            fn any_json_is_a_mapping_or_a_clear_error(value in json_value()) {
                match Mapping::from_json(value.to_string().as_bytes()) {
                    Ok(mapping) => {
                        prop_assert_eq!(mapping.version, FILE_VERSION);
                        prop_assert!(value.is_object());
                    }
                    Err(err) => prop_assert!(!err.to_string().is_empty()),
                }
            }

            #[test]
            fn any_bytes_are_a_mapping_or_a_clear_error(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
                if let Err(err) = Mapping::from_json(&bytes) {
                    prop_assert!(!err.to_string().is_empty());
                }
            }
        }
    }
}
