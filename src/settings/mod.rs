//! Every per-server setting: the map from Discord channels to Midjourney
//! channels, the server default, the turned-off verbs, the audit channel,
//! a server's own useapi token (sealed) and the language of what the whole
//! server reads.
//!
//! This file holds the data and its rules (lookup, edits, the file format)
//! and [`SharedMapping`], the copy every command reads; `store/` keeps it on
//! disk or in `PostgreSQL` and publishes every saved change there.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, PoisonError, RwLock};

use serde::{Deserialize, Serialize};
use serenity::all::{ChannelId, GuildId};

use crate::ids::MjChannelId;
pub use crate::locale::Lang;
use crate::seal::SealedToken;
use crate::verbs::Verb;

pub const FILE_VERSION: u32 = 1;

/// The whole file: `{"version":1,"guilds":{"<guild>":{"default":..,"channels":{..}}}}`.
/// Unknown fields are refused so a typo in a hand edit is reported, not ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    pub version: u32,
    #[serde(default)]
    pub guilds: BTreeMap<GuildId, GuildMapping>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GuildMapping {
    /// Used for channels without a mapping of their own (or of their parent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<MjChannelId>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub channels: BTreeMap<ChannelId, MjChannelId>,
    /// Commands an admin turned off in this server (stored by name).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub disabled: BTreeSet<Verb>,
    /// Where a line is posted for every Midjourney command; off when `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit: Option<ChannelId>,
    /// The server's own useapi.net account, its token sealed (see `seal`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<OwnAccount>,
    /// The language its audit lines and alerts are worded in, as Discord
    /// names it (`"fr"`); `None` follows the server's primary language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Lang>,
}

/// A server's own useapi.net account: only ciphertext is ever stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnAccount {
    pub token: SealedToken,
    /// When useapi.net last accepted the token, as a Unix time.
    pub verified_at: u64,
    /// How many Midjourney channels the account had then.
    pub channels: u32,
}

/// Where a command was typed: a channel of a server, or a thread in one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub guild: GuildId,
    pub channel: ChannelId,
    /// The channel a thread belongs to; `None` outside threads.
    pub parent: Option<ChannelId>,
}

/// One admin change, applied to one guild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    Set {
        channel: ChannelId,
        mj: MjChannelId,
    },
    Unset {
        channel: ChannelId,
    },
    Default(Option<MjChannelId>),
    Verb {
        verb: Verb,
        enabled: bool,
    },
    /// The audit channel; `None` turns auditing off.
    Audit(Option<ChannelId>),
    /// The server's own useapi.net account; `None` removes it.
    Account(Option<OwnAccount>),
    /// The language of the server's audit lines and alerts; `None` clears it.
    Language(Option<Lang>),
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
    /// The Midjourney channel for a command typed at `at`: the channel's own
    /// mapping, then its parent's (for threads), then the server default.
    /// Another guild's entries never apply.
    pub fn resolve(&self, at: Location) -> Option<&MjChannelId> {
        let entry = self.guilds.get(&at.guild)?;
        entry
            .channels
            .get(&at.channel)
            .or_else(|| at.parent.and_then(|p| entry.channels.get(&p)))
            .or(entry.default.as_ref())
    }

    /// `guild`'s settings; `None` when it has none.
    pub fn guild(&self, guild: GuildId) -> Option<&GuildMapping> {
        self.guilds.get(&guild)
    }

    /// Whether an admin turned `verb` off in `guild`.
    pub fn is_disabled(&self, guild: GuildId, verb: Verb) -> bool {
        self.guild(guild)
            .is_some_and(|g| g.disabled.contains(&verb))
    }

    /// Where `guild`'s audit lines go; `None` when auditing is off.
    pub fn audit_channel(&self, guild: GuildId) -> Option<ChannelId> {
        self.guild(guild).and_then(|g| g.audit)
    }

    /// Every mapped Midjourney channel (defaults included), with its guild.
    pub fn mj_channels(&self) -> BTreeSet<(GuildId, MjChannelId)> {
        self.guilds
            .iter()
            .flat_map(|(guild, g)| {
                g.channels
                    .values()
                    .chain(&g.default)
                    .map(|mj| (*guild, mj.clone()))
            })
            .collect()
    }

    /// Applies `edit`; returns whether anything changed.
    pub fn apply(&mut self, guild: GuildId, edit: Edit) -> bool {
        let entry = self.guilds.entry(guild).or_default();
        let changed = match edit {
            Edit::Set { channel, mj } => entry.channels.insert(channel, mj.clone()) != Some(mj),
            Edit::Unset { channel } => entry.channels.remove(&channel).is_some(),
            Edit::Default(mj) => std::mem::replace(&mut entry.default, mj.clone()) != mj,
            Edit::Verb {
                verb,
                enabled: true,
            } => entry.disabled.remove(&verb),
            Edit::Verb {
                verb,
                enabled: false,
            } => entry.disabled.insert(verb),
            Edit::Audit(channel) => std::mem::replace(&mut entry.audit, channel) != channel,
            Edit::Account(account) => {
                std::mem::replace(&mut entry.account, account.clone()) != account
            }
            Edit::Language(lang) => std::mem::replace(&mut entry.language, lang) != lang,
        };
        if *entry == GuildMapping::default() {
            self.guilds.remove(&guild);
        }
        changed
    }

    /// Copies `other` in, as `store import` does: its entries win over
    /// existing ones for the same key (a channel, a default, an audit
    /// channel, a turned-off command); every other entry is kept. Merging
    /// the same mapping twice changes nothing the second time.
    pub fn merge(&mut self, other: &Mapping) -> bool {
        let before = self.clone();
        for (guild, theirs) in &other.guilds {
            let ours = self.guilds.entry(*guild).or_default();
            ours.channels
                .extend(theirs.channels.iter().map(|(c, mj)| (*c, mj.clone())));
            ours.disabled.extend(theirs.disabled.iter().copied());
            if theirs.default.is_some() {
                ours.default.clone_from(&theirs.default);
            }
            if theirs.audit.is_some() {
                ours.audit = theirs.audit;
            }
            if theirs.account.is_some() {
                ours.account.clone_from(&theirs.account);
            }
            if theirs.language.is_some() {
                ours.language = theirs.language;
            }
        }
        self.guilds.retain(|_, g| *g != GuildMapping::default());
        *self != before
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
        Ok(mapping)
    }

    pub fn to_json(&self) -> serde_json::Result<Vec<u8>> {
        let mut bytes = serde_json::to_vec_pretty(self)?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}

/// The last known settings of every server: written by the store after each
/// saved change, read by every command. Readers copy an `Arc` under a lock
/// held only for that copy (never across an await or a write to disk), so
/// a lookup never waits for a save or a database.
#[derive(Debug, Clone, Default)]
pub struct SharedMapping(Arc<RwLock<Arc<Mapping>>>);

impl SharedMapping {
    pub fn new(mapping: Mapping) -> Self {
        Self(Arc::new(RwLock::new(Arc::new(mapping))))
    }

    /// The settings as last published.
    pub fn get(&self) -> Arc<Mapping> {
        // Only a pointer is copied or swapped under this lock, so a panic
        // cannot leave the mapping half-changed: poisoning is ignored.
        Arc::clone(&self.0.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Makes `mapping` the settings every command reads from now on.
    pub fn publish(&self, mapping: Mapping) {
        *self.0.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(mapping);
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MappingFormatError {
    #[error("{0}")]
    Json(serde_json::Error),
    #[error("it must be a JSON object like config/channels.example.json")]
    NotAnObject,
    #[error("it has version {0}, and this build of mj-bridge reads version {FILE_VERSION}")]
    Version(u32),
}

#[cfg(test)]
mod tests;
