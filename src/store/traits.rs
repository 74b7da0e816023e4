//! What a store promises, one trait per concern, so a part of the bot
//! that needs one concern takes only that one: [`SettingsStore`] (each
//! server's settings), [`RegistrationLedger`] (which commands are
//! registered where), [`SharedClaims`] (an interaction, a member's
//! cooldown) and [`Duties`] (what is done once per bot). [`Store`] is all
//! four, for what needs the whole store (the bot's shared state, the
//! command line). The default bodies are the file store's: one process,
//! which keeps its claims and what it told in memory.

use std::collections::HashMap;
use std::time::Duration;

use serenity::all::{GuildId, UserId};

use super::{Announced, Duty, HolderId, StoreError};
use crate::ids::CommandsFingerprint;
use crate::seal::SealedToken;
use crate::settings::{Edit, Mapping, SharedMapping};

/// The whole store: every concern below, implemented by both stores.
/// `Arc<dyn Store>` turns into any one of them (trait upcasting).
pub trait Store: SettingsStore + RegistrationLedger + SharedClaims + Duties + 'static {}

impl<T> Store for T where T: SettingsStore + RegistrationLedger + SharedClaims + Duties + 'static {}

/// Every server's settings: kept durably, published to the commands that
/// read them ([`SharedMapping`]), changed by an admin's edit, `store
/// import`, `keys rotate|forget`.
#[async_trait::async_trait]
pub trait SettingsStore: Send + Sync {
    /// The settings this store publishes every change into.
    fn settings(&self) -> SharedMapping;

    /// Connects and loads the settings; the file store is ready at once.
    async fn open(&self) -> Result<(), StoreError> {
        Ok(())
    }

    /// Applies one admin edit, durably, before it becomes visible; returns
    /// whether anything changed. On an error nothing changed.
    async fn edit(&self, guild: GuildId, edit: Edit) -> Result<bool, StoreError>;

    /// Replaces `guild`'s stored token by `resealed` only if it is still
    /// `read` (compare and swap), so a token an admin cleared or entered
    /// again meanwhile is never brought back; returns whether it did.
    async fn reseal_token(
        &self,
        guild: GuildId,
        read: &SealedToken,
        resealed: &SealedToken,
    ) -> Result<bool, StoreError>;

    /// Copies `mapping` in: its entries win over existing ones for the same
    /// key (a channel, a server's default or audit channel, a turned-off
    /// command); every other entry is kept.
    async fn import(&self, mapping: &Mapping) -> Result<(), StoreError>;

    /// The whole current state, read from the backing store itself.
    async fn export(&self) -> Result<Mapping, StoreError>;

    /// For logs: the file's path, or the database's host and name (never a password).
    fn describe(&self) -> String;
}

/// Which command set is registered in which server, so a restart sends
/// nothing for a server whose commands are already there, and processes
/// sharing a database register each server once between them.
#[async_trait::async_trait]
pub trait RegistrationLedger: Send + Sync {
    /// The servers whose commands are registered, and as what.
    async fn registered_commands(
        &self,
    ) -> Result<HashMap<GuildId, CommandsFingerprint>, StoreError>;

    /// Asks to register the command set `fingerprint` in `guild`. With one
    /// process (the file) the answer is always [`Claim::Mine`]; processes
    /// sharing a database get it once between them.
    async fn claim_registration(
        &self,
        guild: GuildId,
        fingerprint: CommandsFingerprint,
    ) -> Result<Claim, StoreError>;

    /// Ends a claimed registration: recorded when `registered`, else
    /// released so that a retry (by any process) may claim it again.
    async fn registration_ended(
        &self,
        guild: GuildId,
        fingerprint: CommandsFingerprint,
        registered: bool,
    ) -> Result<(), StoreError>;

    /// Forgets what is registered in `guild`: the bot left it, and Discord
    /// removed its commands there with it.
    async fn forget_registration(&self, guild: GuildId) -> Result<(), StoreError>;

    /// Writes what was recorded, for a store that batches (the file);
    /// called when no registration is left to do.
    async fn flush_registrations(&self) -> Result<(), StoreError> {
        Ok(())
    }
}

/// What a command claims where every process sees it, so a repeat of an
/// interaction on another worker is not run and a member cannot go around
/// their cooldown by landing on another worker.
#[async_trait::async_trait]
pub trait SharedClaims: Send + Sync {
    /// Claims what a command asks for where every process sees it, in one
    /// round trip: the interaction (a repeat of one already claimed is not
    /// run), and `member`'s cooldown of `period` in a place (unless one
    /// runs: then how long is left). `None`: the store keeps no shared
    /// claims (the file; the process keeps its own).
    async fn claim(&self, _ask: &SharedAsk) -> Option<Result<SharedVerdict, StoreError>> {
        None
    }
}

/// What processes sharing the store do once per bot (see `duties.rs`): a
/// duty's lease, what the servers were told of each useapi account, and
/// who resets a Midjourney channel. The file store's one process does all
/// of it, and remembers it in memory.
#[async_trait::async_trait]
pub trait Duties: Send + Sync {
    /// Whether several processes may share this store, so duties done once
    /// per bot go to the holder of their lease ([`Duties::hold_duty`]) and
    /// what the servers were told is kept here. The file: one process.
    fn shares_duties(&self) -> bool {
        false
    }

    /// Takes `duty` for `holder` for `ttl` from now if nobody holds it (or
    /// its lease ran out), or renews it if `holder` holds it; whether
    /// `holder` holds it now. The file store's one process always does.
    async fn hold_duty(
        &self,
        _duty: Duty,
        _holder: &HolderId,
        _ttl: Duration,
    ) -> Result<bool, StoreError> {
        Ok(true)
    }

    /// Gives `duty` up if `holder` holds it (a process shutting down), so
    /// another takes it at its next try instead of when the lease runs out.
    async fn release_duty(&self, _duty: Duty, _holder: &HolderId) -> Result<(), StoreError> {
        Ok(())
    }

    /// What the servers were last told about `account`'s states (the file
    /// store keeps nothing: its one process remembers it in memory).
    async fn announced(&self, _account: &str) -> Result<Vec<Announced>, StoreError> {
        Ok(Vec::new())
    }

    /// Records that the servers are told `now` (a state's label, `None`:
    /// fine) about `subject` of `account` only if what they were told is
    /// still `was`; whether this call is the one that tells them. The file
    /// store's one process always is.
    async fn announce_once(
        &self,
        _account: &str,
        _subject: &str,
        _was: Option<&str>,
        _now: Option<&str>,
    ) -> Result<bool, StoreError> {
        Ok(true)
    }

    /// Claims the reset of `channel` of `account` for `holder` for `ttl`
    /// from now, unless another holder's claim runs; whether `holder` got
    /// it. The file store's one process keeps its own claims in memory.
    async fn claim_reset(
        &self,
        _account: &str,
        _channel: &str,
        _holder: &HolderId,
        _ttl: Duration,
    ) -> Result<bool, StoreError> {
        Ok(true)
    }

    /// Ends `holder`'s claim of the reset of `channel` of `account`.
    async fn release_reset(
        &self,
        _account: &str,
        _channel: &str,
        _holder: &HolderId,
    ) -> Result<(), StoreError> {
        Ok(())
    }

    /// Records that a command of `guild` spent the server's own account
    /// now, so the holder of the account checks watches it whichever
    /// process ran the command. The file store's one process knows it.
    async fn note_spending(&self, _guild: GuildId) -> Result<(), StoreError> {
        Ok(())
    }

    /// The servers whose own account a command spent within `within`, each
    /// with how long ago; older records are deleted. The file store: none
    /// (its one process knows its own).
    async fn spending_within(
        &self,
        _within: Duration,
    ) -> Result<Vec<(GuildId, Duration)>, StoreError> {
        Ok(Vec::new())
    }
}

/// What a command claims where every process sees it.
#[derive(Debug, Clone, Copy, Default)]
pub struct SharedAsk {
    /// The interaction's id: claimed once across processes, for 15 minutes.
    pub interaction: Option<u64>,
    /// `(scope, member, period)`: the member's cooldown there. The scope is
    /// a server's id, or a direct-message channel's (`access::Scope::id`:
    /// Discord's ids are unique, so the two never meet).
    pub cooldown: Option<(u64, UserId, Duration)>,
}

/// What the store decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SharedVerdict {
    /// `false`: another delivery of this interaction was claimed first.
    pub first: bool,
    /// For a cooldown asked for (and a first delivery): `Ok` when it starts
    /// now, else how long is left.
    pub cooldown: Option<Result<(), Duration>>,
}

/// Who registers a server's commands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// This process: the set is not registered there yet.
    Mine,
    /// Nobody: that set is already registered there.
    Done,
    /// Another process is registering it; ask again once its claim expires.
    Elsewhere,
}
