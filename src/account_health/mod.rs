//! Account health: which Midjourney accounts at useapi.net need a human,
//! and telling the servers that spend them, once per change (a channel at
//! most once per 10 minutes).
//!
//! One [`Board`] (`state.rs`, pure) per useapi account: the operator's and
//! each server's own, keyed by [`AccountId`]. Two sources feed a board: the
//! watcher (`watch.rs`) reads each watched account's
//! `GET /v2/account/midjourney` every `USEAPI_ACCOUNT_CHECK_SECS`, and every
//! job's answer counts at once (`commands::relay` reports it, for whichever
//! account paid). What changes comes back as [`Changes`], which `alert.rs`
//! turns into one audit line per server that spends that account
//! (`spenders.rs`; through the same background queue as the command lines)
//! and log lines (one per change a command found, one per read). A server
//! hears only about the account it spends: `/mj-channel list` and
//! `/metrics` read that account's board too. With several processes on one
//! `PostgreSQL`, the watcher runs in the holder of its lease only, and what
//! the servers were told is kept in the database (`ledger.rs`), so each
//! change is told once, by whichever process records it first.

mod alert;
mod ledger;
mod lines;
mod resets;
mod shared_spending;
mod spenders;
mod state;
pub(crate) mod watch;

pub(crate) use lines::{account_trouble_line, channel_trouble_mark, Whose};

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

pub(crate) use spenders::Spenders;
pub(crate) use state::{Change, Trouble};

use serenity::all::GuildId;

use crate::access::AllowedGuilds;
use crate::audit::AuditLog;
use crate::ids::MjChannelId;
use crate::ops::Metrics;
use crate::settings::SharedMapping;
use crate::shards::Shards;
use crate::store::Duties;
use crate::untrusted::clean;
use crate::useapi::{AccountChannel, AccountId, JobResult, Meaning, UseapiError};
use state::{Board, Verdict};

/// The longest part of useapi's words quoted in an alert.
const MAX_SAID: usize = 200;

/// The boards and what telling the servers needs; shared by the watcher and
/// every command.
pub(crate) struct AccountHealth {
    boards: Mutex<HashMap<AccountId, Board>>,
    /// Which account each server spends: who hears about which board.
    spenders: Spenders,
    audience: Audience,
    settings: SharedMapping,
    /// Where what the servers were told is kept when several processes
    /// share it (`ledger.rs`).
    store: Arc<dyn Duties>,
    audit: Arc<AuditLog>,
    metrics: Arc<Metrics>,
    /// The resets of channels this process runs now (`resets.rs`).
    resetting: resets::Resetting,
    /// The servers this process saw spend their own account, for the
    /// holder of the account checks (`shared_spending.rs`).
    spending: shared_spending::SpendingLog,
}

/// The servers this process tells: those it serves (`ALLOWED_GUILDS`) on
/// its own shards, so with several processes on their own mapping files
/// each server hears once. Processes sharing `PostgreSQL` tell every
/// server (`Shards::Auto`): one of them tells each change (`ledger.rs`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Audience {
    pub shards: Shards,
    pub allowed: Option<AllowedGuilds>,
}

impl Audience {
    fn includes(&self, guild: GuildId) -> bool {
        self.shards.serves(guild) && self.allowed.as_ref().is_none_or(|a| a.allows(guild))
    }
}

/// Whether the servers spending an account whose it is (`whose`) may
/// reset its channels (the alert's button, `/mj-channel account reset`):
/// a server's own account, yes; the operator's, unless `ALLOWED_GUILDS=any`
/// admits the servers, whose admins the operator does not know.
pub(crate) fn may_reset(whose: Whose, allowed: Option<&AllowedGuilds>) -> bool {
    whose == Whose::Own || !matches!(allowed, Some(AllowedGuilds::Any))
}

/// What changed in one account's state, for [`AccountHealth::announce`].
#[derive(Debug, Default)]
pub(crate) struct Changes {
    /// `None` only when nothing changed.
    account: Option<AccountId>,
    list: Vec<Change>,
}

impl Changes {
    fn of(account: AccountId, list: Vec<Change>) -> Self {
        Self {
            account: Some(account),
            list,
        }
    }
}

/// What `/mj-channel list` shows: the troubles known now.
#[derive(Debug, Default)]
pub(crate) struct View {
    /// Wrong with the whole useapi.net account (401, 403, 402).
    pub account: Option<Trouble>,
    /// Whose account it is, for who fixes it.
    pub whose: Option<Whose>,
    /// Wrong with one channel (pending moderation, missing).
    pub channels: BTreeMap<MjChannelId, Trouble>,
}

impl View {
    /// What is wrong with `channel` itself, if anything is known.
    pub(crate) fn channel(&self, channel: &MjChannelId) -> Option<&Trouble> {
        self.channels.get(channel)
    }
}

impl AccountHealth {
    pub(crate) fn new(
        audience: Audience,
        spenders: Spenders,
        settings: SharedMapping,
        store: Arc<dyn Duties>,
        audit: Arc<AuditLog>,
        metrics: Arc<Metrics>,
    ) -> Self {
        Self {
            boards: Mutex::default(),
            spenders,
            audience,
            settings,
            store,
            audit,
            metrics,
            resetting: resets::Resetting::default(),
            spending: shared_spending::SpendingLog::new(),
        }
    }

    /// A command of `guild` spent its own `account`, its token stored
    /// sealed as `sealed`: from now on the server hears about that account,
    /// whichever process holds the account checks.
    pub(crate) fn spent_own(&self, guild: GuildId, sealed: &str, account: AccountId) {
        let share = self.spenders.spent(guild, sealed, account, Instant::now());
        if share && self.store.shares_duties() {
            self.spending.record(guild);
        }
    }

    /// Takes in the servers other processes saw spend their own account in
    /// the last [`spenders::ACTIVE`], each opened with `open` (the holder
    /// of the account checks, at each round).
    pub(crate) async fn learn_spending(&self, open: &watch::Opener) {
        if !self.store.shares_duties() {
            return;
        }
        let spent = match self.store.spending_within(spenders::ACTIVE).await {
            Ok(spent) => spent,
            Err(err) => {
                tracing::warn!(error = %crate::logging::chain(&err), "cannot read which servers spent their own account; watching those this process saw");
                return;
            }
        };
        let settings = self.settings.get();
        let now = Instant::now();
        for (guild, ago) in spent {
            let own = settings.guild(guild).and_then(|g| g.account.as_ref());
            if let (Some(own), Some(client)) = (own, open(guild)) {
                let at = now.checked_sub(ago).unwrap_or(now);
                self.spenders
                    .learned(guild, &own.token.sealed, client.account_id(), at);
            }
        }
    }

    /// Writes this process's spending records into the store, when other
    /// processes share it; stops when the returned task is aborted.
    pub(crate) fn start_spending_log(&self) -> Option<tokio::task::JoinHandle<()>> {
        if !self.store.shares_duties() {
            return None;
        }
        self.spending.start(self.store.clone())
    }

    /// How logs and `/metrics` name `account`.
    pub(crate) fn label(&self, account: AccountId) -> String {
        self.spenders.label(account)
    }

    /// The servers' own accounts the watcher reads now, each with a server
    /// whose token opens it; the accounts no active server spends any more
    /// are forgotten (their board and `/metrics` rows).
    pub(crate) fn watched(&self) -> Vec<(AccountId, GuildId)> {
        let (watched, forgotten) = self.spenders.watched(Instant::now());
        if !forgotten.is_empty() {
            let mut boards = self.lock_boards();
            for account in forgotten {
                boards.remove(&account);
                self.metrics
                    .account_states(&self.spenders.label(account), &[]);
            }
        }
        watched
    }

    /// A job for `channel` (`None`: nothing mapped), paid by `account`,
    /// answered `result`; the changes are for [`AccountHealth::announce`],
    /// which `commands::dispatch` calls after the command's own audit line.
    /// A trouble (rare) first takes in what other processes told, so it is
    /// news exactly when the servers were not told it.
    pub(crate) async fn job_answered(
        &self,
        account: AccountId,
        channel: Option<&MjChannelId>,
        result: &JobResult,
    ) -> Changes {
        let Some(verdict) = verdict(result) else {
            return Changes::default();
        };
        if matches!(verdict, Verdict::Trouble(_)) {
            self.recall(account).await;
        }
        // A completed job names the channel useapi used.
        let answered_for = result
            .as_ref()
            .ok()
            .and_then(|job| job.channel.as_deref())
            .and_then(|c| MjChannelId::parse(c).ok());
        let channel = channel.cloned().or(answered_for);
        let at = Instant::now();
        self.observe(account, false, channel.as_ref(), |board| {
            board.job_answered(channel.as_ref(), verdict, at)
        })
    }

    /// useapi listed `accounts` of `account` for a request sent at `sent`.
    pub(crate) fn listed(
        &self,
        account: AccountId,
        accounts: &[AccountChannel],
        sent: Instant,
    ) -> Changes {
        let listed: Vec<(MjChannelId, Option<String>)> = accounts
            .iter()
            .filter_map(|account| {
                let mj = MjChannelId::parse(&account.channel).ok()?;
                let said = account.pending_moderation.as_deref();
                Some((mj, said.map(|text| clean(text, MAX_SAID))))
            })
            .collect();
        let mapped = self.mapped(account);
        self.observe(account, true, None, |board| {
            board.listed(&listed, &mapped, sent)
        })
    }

    /// useapi refused to list `account`'s channels (401, 403, 402) for a request
    /// sent at `sent`.
    pub(crate) fn account_refused(
        &self,
        account: AccountId,
        trouble: Trouble,
        sent: Instant,
    ) -> Changes {
        self.observe(account, false, None, |board| {
            board.account_refused(trouble, sent)
        })
    }

    /// The troubles of `account` known now (`None`: the server spends no
    /// account, so nothing is known).
    pub(crate) fn view(&self, account: Option<AccountId>) -> View {
        let boards = self.lock_boards();
        let Some(board) = account.and_then(|account| boards.get(&account)) else {
            return View::default();
        };
        View {
            account: board.account_trouble().cloned(),
            whose: account.map(|account| self.spenders.whose(account)),
            channels: board
                .troubles()
                .map(|(mj, trouble)| (mj.clone(), trouble.clone()))
                .collect(),
        }
    }

    /// Applies one observation to `account`'s board; after a change the
    /// board forgets channels neither listed nor mapped by a server
    /// spending it, and `/metrics` follows the board.
    ///
    /// A job's answer that only adds its channel (`seen`), first seen, adds
    /// that channel's row alone: rewriting every row there made each
    /// command's cost grow with the channels known (a burst to 200 new
    /// channels spent 29 % of the bot's instructions here, BENCHMARKS.md).
    fn observe(
        &self,
        account: AccountId,
        resync: bool,
        seen: Option<&MjChannelId>,
        apply: impl FnOnce(&mut Board) -> Vec<Change>,
    ) -> Changes {
        let mut boards = self.lock_boards();
        let board = boards.entry(account).or_default();
        let known_before = board.len();
        let seen = seen.filter(|mj| board.state(mj).is_none());
        let changes = apply(board);
        if !changes.is_empty() {
            board.prune(&self.mapped(account));
        }
        let only_added = !resync && changes.is_empty() && board.len() == known_before + 1;
        let label = self.spenders.label(account);
        match seen.and_then(|mj| Some((mj, board.state(mj)?))) {
            Some((mj, state)) if only_added => {
                self.metrics.account_state(&label, &mj.to_string(), state);
            }
            _ if resync || !changes.is_empty() || board.len() != known_before => {
                let states: Vec<(String, &'static str)> = board
                    .states()
                    .into_iter()
                    .map(|(mj, state)| (mj.to_string(), state))
                    .collect();
                self.metrics.account_states(&label, &states);
            }
            _ => {}
        }
        Changes::of(account, changes)
    }

    fn lock_boards(&self) -> MutexGuard<'_, HashMap<AccountId, Board>> {
        self.boards.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Every Midjourney channel a server spending `account` maps (defaults
    /// included): another account's channels are never missing from this one.
    fn mapped(&self, account: AccountId) -> BTreeSet<MjChannelId> {
        let mapping = self.settings.get();
        self.spenders
            .spending(&mapping, account)
            .into_iter()
            .filter_map(|guild| mapping.guild(guild))
            .flat_map(|g| g.channels.values().chain(&g.default).cloned())
            .collect()
    }
}

/// What a job's answer says about its account; `None` when it says nothing
/// (a timeout, a busy useapi, a bad request).
pub(crate) fn verdict(result: &JobResult) -> Option<Verdict> {
    match result {
        Ok(_) => Some(Verdict::Worked),
        Err(err) => trouble(err).map(Verdict::Trouble),
    }
}

/// The trouble of a whole account, or of a channel, that a failed call
/// reveals; `None` when it reveals none (a timeout, a busy useapi, a bad
/// request). Read from the one table (`useapi::Meaning`).
pub(crate) fn trouble(err: &UseapiError) -> Option<Trouble> {
    match err.meaning() {
        Meaning::NeedsHuman => {
            let said = match err {
                UseapiError::Status { error, .. } => error.as_deref().unwrap_or_default(),
                _ => "",
            };
            Some(Trouble::PendingModeration(clean(said, MAX_SAID)))
        }
        Meaning::TokenRefused => Some(Trouble::TokenRefused),
        Meaning::NoCredit => Some(Trouble::NoSubscription),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_recall;
#[cfg(test)]
mod tests_storms;
