//! The audit channel: one line per Midjourney command that reached
//! useapi.net, so a server can tell afterwards who switched the account to
//! turbo, and one line when a Midjourney account it uses needs a human.
//! [`lines`] writes the lines; this file posts them. Handlers say what
//! happened and `commands::outcome` hands the line over; account alerts
//! come from `account_health`.
//!
//! Lines are background work: each server has its own bounded backlog,
//! posted in order by one task, so a slow or rate-limited audit channel
//! delays only that server's later lines, never a command (see
//! [`MAX_BACKLOG`]).

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};

use serenity::all::{
    ChannelId, CreateActionRow, CreateAllowedMentions, CreateMessage, GuildId, Http,
};
use tokio::sync::Semaphore;

use crate::deliver::retry_rate_limited;
use crate::discord_errors::MissingPermission;
use crate::locale::{Lang, Seen};
use crate::ops::Metrics;
use crate::settings::Mapping;

mod lines;

pub(crate) use lines::{disabled_line, enabled_line, line, Entry, Outcome};

/// Lines waiting to be posted, per server; when a server's audit channel
/// cannot keep up, its oldest lines are dropped (and counted) first.
pub(crate) const MAX_BACKLOG: usize = 100;
/// Audit posts in flight at once across all servers. They never take the
/// slots replies use, so however many audit channels are slow, replies and
/// acknowledgements do not wait for them.
const MAX_AUDIT_CALLS: usize = 16;

/// Why a line could not be posted.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PostError {
    #[error("Discord refused: the bot lacks {} in the audit channel", .0.name())]
    Missing(MissingPermission),
    #[error("the audit channel could not be posted to: {0}")]
    Discord(serenity::Error),
}

impl From<serenity::Error> for PostError {
    fn from(err: serenity::Error) -> Self {
        match MissingPermission::of(&err) {
            Some(missing) => Self::Missing(missing),
            None => Self::Discord(err),
        }
    }
}

/// One post for an audit channel: its text and, on an account alert an
/// admin can act on, the button that does it (`reset_button`).
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub text: String,
    pub row: Option<CreateActionRow>,
}

impl From<String> for Line {
    fn from(text: String) -> Self {
        Self { text, row: None }
    }
}

/// Posts `text` to `channel`, parsing no mentions: members are named, never pinged.
pub(crate) async fn send(http: &Http, channel: ChannelId, text: &str) -> Result<(), PostError> {
    send_line(http, channel, &Line::from(text.to_owned())).await
}

/// [`send`] for a [`Line`], with its button if it has one.
async fn send_line(http: &Http, channel: ChannelId, line: &Line) -> Result<(), PostError> {
    let mut message = CreateMessage::new()
        .content(&line.text)
        .allowed_mentions(CreateAllowedMentions::new());
    if let Some(row) = &line.row {
        message = message.components(vec![row.clone()]);
    }
    retry_rate_limited("audit line", || channel.send_message(http, message.clone()))
        .await
        .map(drop)
        .map_err(PostError::from)
}

/// Posts audit lines in the background and remembers, per server, whether
/// the last one failed.
pub(crate) struct AuditLog {
    backlogs: Mutex<HashMap<GuildId, VecDeque<(ChannelId, Line)>>>,
    failing: Mutex<HashSet<GuildId>>,
    calls: Semaphore,
    metrics: Arc<Metrics>,
    /// The language each server last showed, for the lines it reads.
    languages: Seen,
}

impl AuditLog {
    pub(crate) fn new(metrics: Arc<Metrics>) -> Self {
        Self {
            backlogs: Mutex::default(),
            failing: Mutex::default(),
            calls: Semaphore::new(MAX_AUDIT_CALLS),
            metrics,
            languages: Seen::default(),
        }
    }

    /// Notes the `guild_locale` an interaction from `guild` carried.
    pub(crate) fn saw_locale(&self, guild: GuildId, locale: Option<&str>) {
        self.languages.note(guild, locale);
    }

    /// What `guild`'s audit lines and alerts are worded in: the language
    /// its admins chose, else the one it last showed, else English.
    pub(crate) fn language(&self, settings: &Mapping, guild: GuildId) -> Lang {
        let chosen = settings.guild(guild).and_then(|g| g.language);
        self.languages.server(guild, chosen)
    }

    /// Queues `line` for `guild`'s audit channel and returns at once. When
    /// the server's backlog is full its oldest line is dropped and counted.
    pub(crate) fn submit(
        self: &Arc<Self>,
        http: &Arc<Http>,
        guild: GuildId,
        channel: ChannelId,
        line: impl Into<Line>,
    ) {
        let start_poster = {
            let mut backlogs = self.backlogs.lock().unwrap_or_else(PoisonError::into_inner);
            let idle = !backlogs.contains_key(&guild);
            let backlog = backlogs.entry(guild).or_default();
            if backlog.len() >= MAX_BACKLOG {
                backlog.pop_front();
                self.metrics.audit_line_dropped();
                tracing::warn!(%guild, "the audit channel cannot keep up; dropped its oldest waiting line");
            }
            backlog.push_back((channel, line.into()));
            idle
        };
        if start_poster {
            tokio::spawn(Arc::clone(self).post_backlog(Arc::clone(http), guild));
        }
    }

    /// Posts `guild`'s lines in order until its backlog is empty; the
    /// backlog's entry exists exactly while this task runs.
    async fn post_backlog(self: Arc<Self>, http: Arc<Http>, guild: GuildId) {
        loop {
            let next = {
                let mut backlogs = self.backlogs.lock().unwrap_or_else(PoisonError::into_inner);
                let next = backlogs.get_mut(&guild).and_then(VecDeque::pop_front);
                if next.is_none() {
                    backlogs.remove(&guild);
                }
                next
            };
            let Some((channel, line)) = next else { return };
            // Never closed, so the permit is always granted.
            let permit = self.calls.acquire().await.ok();
            let sent = send_line(&http, channel, &line).await;
            drop(permit);
            self.set_failing(guild, sent.is_err());
            if let Err(err) = sent {
                tracing::warn!(%guild, %channel, error = %crate::logging::chain(&err), "could not post to the audit channel");
            }
        }
    }

    /// A line reached `guild`'s (new) audit channel.
    pub(crate) fn posted(&self, guild: GuildId) {
        self.set_failing(guild, false);
    }

    /// Whether the last line posted for `guild` failed.
    pub(crate) fn last_post_failed(&self, guild: GuildId) -> bool {
        self.failing
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(&guild)
    }

    fn set_failing(&self, guild: GuildId, failing: bool) {
        let mut set = self.failing.lock().unwrap_or_else(PoisonError::into_inner);
        if failing {
            set.insert(guild);
        } else {
            set.remove(&guild);
        }
    }
}
