//! Putting the slash commands in every server, at any number of servers:
//! a few workers (never one task or connection per server) take servers
//! from one [`queue`], and a server whose command set is already there, by
//! its fingerprint in the store, costs no request at all. So a restart
//! with unchanged commands sends Discord nothing, turning a verb off
//! re-registers that server only, and a new version's command set is sent
//! to each server once. A failed registration is retried with backoff;
//! `/healthz`, `/metrics` and the log say how many servers still wait.

mod queue;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use futures_util::StreamExt;
use serde::de::IgnoredAny;
use serenity::all::{CreateCommand, GuildId, Http, LightMethod, Request, Route};
use tokio::sync::Notify;

use crate::deliver::retry_rate_limited;
use crate::ids::CommandsFingerprint;
use crate::logging::chain;
use crate::ops::Metrics;
use crate::store::{Claim, RegistrationLedger};
use queue::{Next, Queue};

/// Registrations in flight at once. Discord allows a bot 50 requests a
/// second in all; four workers at Discord's usual 100–300 ms per bulk
/// overwrite stay well below it, and serenity's rate limiter holds them to
/// each route's bucket and to a global 429's `Retry-After`.
pub(crate) const WORKERS: usize = 4;

/// The commands a server should have now (an empty list where it is not
/// served). Most servers share a handful of sets, so a plan hands out the
/// same [`CommandSet`] for them and each is built and fingerprinted once.
pub(crate) type CommandsFor = Box<dyn Fn(GuildId) -> Arc<CommandSet> + Send + Sync>;

/// A server's command set, kept as the JSON body of its bulk overwrite, and
/// its fingerprint.
pub(crate) struct CommandSet {
    /// Kept as sent: with descriptions in every language a set is about
    /// 45 KB of JSON, where serenity's builders (a `HashMap` of
    /// localizations per description) held about 80 KiB (BENCHMARKS.md,
    /// issue 34).
    body: Box<[u8]>,
    count: usize,
    pub fingerprint: CommandsFingerprint,
}

impl CommandSet {
    /// `commands`, as sent to Discord, fingerprinted by `english`, the same
    /// set without localizations, and the catalogue's descriptions: one set
    /// always has one fingerprint (serenity keeps localizations in a
    /// `HashMap`, whose order differs each time a set is built), and a
    /// changed translation changes it. Both are small to write out, where
    /// sorting the localized JSON held 190 KiB (BENCHMARKS.md, issue 34).
    pub(crate) fn new(commands: &[CreateCommand], english: &[CreateCommand]) -> Self {
        // A builder that cannot be written as JSON cannot be sent either:
        // the body is then empty, and Discord refuses it.
        let mut input = serde_json::to_vec(english).unwrap_or_default();
        crate::locale::append_descriptions(&mut input);
        Self {
            body: serde_json::to_vec(commands)
                .unwrap_or_default()
                .into_boxed_slice(),
            count: commands.len(),
            fingerprint: CommandsFingerprint::of(&input),
        }
    }

    /// Sends the set to `guild` as one bulk overwrite. Discord's answer (the
    /// commands again, as large) is read past, not parsed.
    async fn send(&self, http: &Http, guild: GuildId) -> serenity::Result<()> {
        let application_id = http.application_id().ok_or(serenity::Error::Http(
            serenity::http::HttpError::ApplicationIdMissing,
        ))?;
        let route = Route::GuildCommands {
            application_id,
            guild_id: guild,
        };
        let request = Request::new(route, LightMethod::Put).body(Some(self.body.to_vec()));
        http.fire::<IgnoredAny>(request).await.map(drop)
    }
}

pub(crate) struct Registrar {
    store: Arc<dyn RegistrationLedger>,
    commands: CommandsFor,
    metrics: Arc<Metrics>,
    state: Mutex<State>,
    wake: Notify,
}

#[derive(Default)]
struct State {
    queue: Queue,
    /// What this process knows is registered where: read from the store at
    /// start, then kept up to date, so a server seen again (a reconnect's
    /// `GUILD_CREATE`) costs no database query.
    known: HashMap<GuildId, CommandsFingerprint>,
    /// Since the queue last ran dry, for the summary line.
    sent: usize,
    unchanged: usize,
    /// The first time the queue ran dry was logged.
    announced: bool,
}

impl State {
    /// The counts to log now that the queue ran dry: at the first time, and
    /// whenever something was sent since (a reconnect's servers seen again
    /// with nothing to do are not worth a line).
    fn ran_dry(&mut self) -> Option<(usize, usize)> {
        let counts = (
            std::mem::take(&mut self.sent),
            std::mem::take(&mut self.unchanged),
        );
        let worth_a_line = !self.announced || counts.0 > 0;
        self.announced = true;
        worth_a_line.then_some(counts)
    }
}

/// How one registration ended.
#[derive(Debug)]
enum Outcome {
    /// That command set was already there.
    Unchanged,
    Registered,
    /// Another process is registering it.
    Elsewhere,
    Failed(String),
}

impl Registrar {
    pub(crate) fn new(
        store: Arc<dyn RegistrationLedger>,
        commands: CommandsFor,
        metrics: Arc<Metrics>,
    ) -> Self {
        Self {
            store,
            commands,
            metrics,
            state: Mutex::default(),
            wake: Notify::new(),
        }
    }

    /// Reads what the store says is registered where. Without it every
    /// server is registered once, as on a first start.
    pub(crate) async fn load(&self) {
        match self.store.registered_commands().await {
            Ok(known) => self.lock().known = known,
            Err(err) => tracing::warn!(
                error = %chain(&err),
                "cannot read which servers have their commands; registering them all"
            ),
        }
    }

    /// Puts `guild` in the queue (once, however often it is named).
    pub(crate) fn enqueue(&self, guild: GuildId) {
        let mut state = self.lock();
        state.queue.push(guild);
        self.metrics.registrations_pending(state.queue.len());
        drop(state);
        self.wake.notify_one();
    }

    /// Forgets `guild`: the bot left it, and Discord removed its commands
    /// there, so they are registered again if it comes back.
    pub(crate) async fn forget(&self, guild: GuildId) {
        {
            let mut state = self.lock();
            state.queue.forget(guild);
            state.known.remove(&guild);
            self.metrics.registrations_pending(state.queue.len());
        }
        if let Err(err) = self.store.forget_registration(guild).await {
            tracing::warn!(%guild, error = %chain(&err), "cannot forget the server's registered commands");
        }
    }

    /// Starts the workers; they stop when the returned guard is dropped.
    pub(crate) fn start(self: &Arc<Self>, http: &Arc<Http>) -> Workers {
        let handles = (0..WORKERS)
            .map(|_| tokio::spawn(self.clone().work(http.clone())))
            .collect();
        Workers(handles)
    }

    /// Registers `guild`'s commands now, whatever the store says (an admin
    /// turned a verb off), and records them.
    pub(crate) async fn register_now(&self, http: &Http, guild: GuildId) -> Result<(), String> {
        let outcome = self.register(http, guild, true).await;
        self.flush().await;
        match outcome {
            Outcome::Failed(why) => Err(why),
            _ => Ok(()),
        }
    }

    /// Registers the commands in every one of `guilds` now, [`WORKERS`] at
    /// a time, whatever the store says (`commands sync`); returns those
    /// that failed, with why.
    pub(crate) async fn register_all(
        &self,
        http: &Http,
        guilds: Vec<GuildId>,
    ) -> Vec<(GuildId, String)> {
        let failed = futures_util::stream::iter(guilds)
            .map(|guild| async move {
                match self.register(http, guild, true).await {
                    Outcome::Failed(why) => Some((guild, why)),
                    _ => None,
                }
            })
            .buffer_unordered(WORKERS)
            .filter_map(std::future::ready)
            .collect()
            .await;
        self.flush().await;
        failed
    }

    /// Writes the store's record now.
    async fn flush(&self) {
        if let Err(err) = self.store.flush_registrations().await {
            tracing::warn!(error = %chain(&err), "cannot save which servers have their commands");
        }
    }

    async fn work(self: Arc<Self>, http: Arc<Http>) {
        loop {
            let next = self.lock().queue.next(tokio::time::Instant::now());
            let guild = match next {
                Next::Register(guild) => guild,
                Next::WaitUntil(due) => {
                    tokio::select! {
                        () = self.wake.notified() => {}
                        () = tokio::time::sleep_until(due) => {}
                    }
                    continue;
                }
                Next::Idle => {
                    self.wake.notified().await;
                    continue;
                }
            };
            let outcome = self.register(&http, guild, false).await;
            self.settle(guild, &outcome).await;
        }
    }

    /// Updates the queue after `guild`'s registration, and writes the
    /// store's record once nothing is left to do.
    async fn settle(&self, guild: GuildId, outcome: &Outcome) {
        let now = tokio::time::Instant::now();
        let summary = {
            let mut state = self.lock();
            match outcome {
                Outcome::Unchanged => {
                    state.unchanged += 1;
                    state.queue.done(guild);
                }
                Outcome::Registered => {
                    state.sent += 1;
                    state.queue.done(guild);
                }
                // Looked at again with the same backoff: done by then, or
                // its claim expired (the process died) and it is ours.
                Outcome::Elsewhere => {
                    state.queue.failed(guild, now, None);
                }
                Outcome::Failed(why) => {
                    let retry = state.queue.failed(guild, now, None);
                    tracing::warn!(%guild, error = %why, "could not register the slash commands; trying again in {} s", retry.as_secs());
                }
            }
            let left = state.queue.len();
            self.metrics.registrations_pending(left);
            (left == 0).then(|| state.ran_dry())
        };
        // Another worker wakes to take the next server or a retry.
        self.wake.notify_one();
        let Some(summary) = summary else { return };
        self.flush().await;
        if let Some((registered, unchanged)) = summary {
            tracing::info!(
                registered,
                unchanged,
                "slash commands are in place in every server"
            );
        }
    }

    /// One server: nothing when its set is already there, else claim it,
    /// send one bulk overwrite and record it.
    async fn register(&self, http: &Http, guild: GuildId, force: bool) -> Outcome {
        let wanted = (self.commands)(guild);
        let fingerprint = wanted.fingerprint;
        let served = wanted.count > 0;
        if !force && self.lock().known.get(&guild) == Some(&fingerprint) {
            return Outcome::Unchanged;
        }
        // Forced (an admin's toggle, `commands sync`): sent whatever the claim says.
        match self.store.claim_registration(guild, fingerprint).await {
            Ok(Claim::Done) if !force => {
                self.lock().known.insert(guild, fingerprint);
                return Outcome::Unchanged;
            }
            Ok(Claim::Elsewhere) if !force => return Outcome::Elsewhere,
            Ok(_) => {}
            Err(err) => return Outcome::Failed(chain(&err)),
        }
        let sent = retry_rate_limited("register commands", || wanted.send(http, guild)).await;
        let registered = sent.is_ok();
        if let Err(err) = self
            .store
            .registration_ended(guild, fingerprint, registered)
            .await
        {
            tracing::warn!(%guild, error = %chain(&err), "cannot record the registration");
        }
        match sent {
            Ok(()) => {
                self.lock().known.insert(guild, fingerprint);
                if served {
                    tracing::info!(%guild, count = wanted.count, "registered slash commands");
                }
                Outcome::Registered
            }
            Err(err) => Outcome::Failed(err.to_string()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The running workers; dropping it stops them.
pub(crate) struct Workers(Vec<tokio::task::JoinHandle<()>>);

impl Drop for Workers {
    fn drop(&mut self) {
        for handle in &self.0 {
            handle.abort();
        }
    }
}
