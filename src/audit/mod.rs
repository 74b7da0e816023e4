//! The audit channel: one line per Midjourney command that reached
//! useapi.net, so a server can tell afterwards who switched the account to
//! turbo. This file writes the lines and posts them; handlers say what
//! happened and `commands::dispatch` hands the line over.
//!
//! Lines are background work: each server has its own bounded backlog,
//! posted in order by one task, so a slow or rate-limited audit channel
//! delays only that server's later lines, never a command (see
//! [`MAX_BACKLOG`]).

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};

use serenity::all::{ChannelId, CreateAllowedMentions, CreateMessage, GuildId, Http, UserId};
use tokio::sync::Semaphore;

use crate::deliver::retry_rate_limited;
use crate::discord_http::MissingPermission;
use crate::ids::MjChannelId;
use crate::ops::Metrics;
use crate::useapi::{JobResponse, UseapiError};

/// Lines waiting to be posted, per server; when a server's audit channel
/// cannot keep up, its oldest lines are dropped (and counted) first.
pub(crate) const MAX_BACKLOG: usize = 100;
/// Audit posts in flight at once across all servers. They never take the
/// slots replies use, so however many audit channels are slow, replies and
/// acknowledgements do not wait for them.
const MAX_AUDIT_CALLS: usize = 16;

/// Longest part of Midjourney's answer quoted in a line.
const MAX_ANSWER_CHARS: usize = 200;

/// How a command ended, as the audit line tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// ✓ and the first line of Midjourney's answer.
    Answered(String),
    /// ✗ and the HTTP status or the kind of failure.
    Failed(String),
}

impl Outcome {
    pub(crate) fn answered(job: &JobResponse) -> Self {
        let embed_text = job.embeds.iter().find_map(|embed| {
            ["title", "description"]
                .iter()
                .find_map(|field| embed[field].as_str().filter(|t| !t.trim().is_empty()))
        });
        let text = job
            .content
            .as_deref()
            .filter(|c| !c.trim().is_empty())
            .or(embed_text)
            .map_or_else(|| "(no text)".to_owned(), first_line);
        Self::Answered(text)
    }

    /// `None` when the command never left the bot (its queue was full): that
    /// is a refusal, not something useapi.net did.
    pub(crate) fn failed(err: &UseapiError) -> Option<Self> {
        let what = match err {
            UseapiError::QueueFull { .. } => return None,
            UseapiError::JobFailed { job_status, .. } => format!("job {job_status}"),
            UseapiError::Timeout(limit) => format!("no answer within {} s", limit.as_secs()),
            UseapiError::Connect(_) => "useapi.net unreachable".to_owned(),
            UseapiError::Transport(_) => "connection to useapi.net broke off".to_owned(),
            UseapiError::InvalidBody { status, .. } => format!("HTTP {status}, unexpected body"),
            UseapiError::Status { status, .. } => format!("HTTP {status}"),
        };
        Some(Self::Failed(what))
    }
}

/// One Midjourney command, as the audit channel records it.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The server whose audit channel gets the line.
    pub guild: GuildId,
    pub member: UserId,
    pub command: &'static str,
    /// Where it was typed.
    pub channel: ChannelId,
    /// `None`: the account's default Midjourney channel.
    pub mj_channel: Option<MjChannelId>,
    pub outcome: Outcome,
}

/// `<@member> /turbo in <#channel> → Midjourney channel `…`: ✓ first line`
pub(crate) fn line(entry: &Entry) -> String {
    let mj = match &entry.mj_channel {
        Some(mj) => format!("Midjourney channel `{mj}`"),
        None => "account default".to_owned(),
    };
    let outcome = match &entry.outcome {
        Outcome::Answered(text) => format!("✓ {text}"),
        Outcome::Failed(what) => format!("✗ {what}"),
    };
    format!(
        "<@{}> /{} in <#{}> → {mj}: {outcome}",
        entry.member, entry.command, entry.channel
    )
}

pub(crate) fn enabled_line(by: UserId) -> String {
    format!("📋 audit log enabled by <@{by}>: every Midjourney command in this server is recorded here.")
}

pub(crate) fn disabled_line(by: UserId) -> String {
    format!("📋 audit log turned off by <@{by}>.")
}

/// The first non-empty line of `text`, at most [`MAX_ANSWER_CHARS`]
/// characters, control characters escaped.
fn first_line(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    crate::text::clean(line, MAX_ANSWER_CHARS)
}

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

/// Posts `text` to `channel`, parsing no mentions: members are named, never pinged.
pub(crate) async fn send(http: &Http, channel: ChannelId, text: &str) -> Result<(), PostError> {
    let message = CreateMessage::new()
        .content(text)
        .allowed_mentions(CreateAllowedMentions::new());
    retry_rate_limited("audit line", || channel.send_message(http, message.clone()))
        .await
        .map(drop)
        .map_err(PostError::from)
}

/// Posts audit lines in the background and remembers, per server, whether
/// the last one failed.
pub(crate) struct AuditLog {
    backlogs: Mutex<HashMap<GuildId, VecDeque<(ChannelId, String)>>>,
    failing: Mutex<HashSet<GuildId>>,
    calls: Semaphore,
    metrics: Arc<Metrics>,
}

impl AuditLog {
    pub(crate) fn new(metrics: Arc<Metrics>) -> Self {
        Self {
            backlogs: Mutex::default(),
            failing: Mutex::default(),
            calls: Semaphore::new(MAX_AUDIT_CALLS),
            metrics,
        }
    }

    /// Queues `text` for `guild`'s audit channel and returns at once. When
    /// the server's backlog is full its oldest line is dropped and counted.
    pub(crate) fn submit(
        self: &Arc<Self>,
        http: &Arc<Http>,
        guild: GuildId,
        channel: ChannelId,
        text: String,
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
            backlog.push_back((channel, text));
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
            let Some((channel, text)) = next else { return };
            // Never closed, so the permit is always granted.
            let permit = self.calls.acquire().await.ok();
            let sent = send(&http, channel, &text).await;
            drop(permit);
            self.set_failing(guild, sent.is_err());
            if let Err(err) = sent {
                tracing::warn!(%guild, %channel, error = %err, "could not post to the audit channel");
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use serde_json::json;

    use super::*;

    fn entry(outcome: Outcome, mj: Option<&MjChannelId>) -> String {
        line(&Entry {
            guild: GuildId::new(1),
            member: UserId::new(7),
            command: "turbo",
            channel: ChannelId::new(8),
            mj_channel: mj.cloned(),
            outcome,
        })
    }

    #[test]
    fn a_line_names_member_command_place_midjourney_channel_and_outcome() {
        let mj = MjChannelId::parse("123456789012345678").unwrap();
        assert_eq!(
            entry(Outcome::Answered("Turbo mode on".into()), Some(&mj)),
            "<@7> /turbo in <#8> → Midjourney channel `123456789012345678`: ✓ Turbo mode on"
        );
        assert_eq!(
            entry(Outcome::Failed("HTTP 402".into()), None),
            "<@7> /turbo in <#8> → account default: ✗ HTTP 402"
        );
    }

    #[test]
    fn the_answer_is_its_first_line_cut_to_200_characters() {
        let job = |content: &str| JobResponse {
            content: Some(content.to_owned()),
            ..Default::default()
        };
        assert_eq!(
            Outcome::answered(&job("\n  Done!  \nmore text")),
            Outcome::Answered("Done!".into())
        );
        let Outcome::Answered(long) = Outcome::answered(&job(&"a".repeat(500))) else {
            panic!("answered");
        };
        assert_eq!(long.chars().count(), 200);
        assert!(long.ends_with('…'));
    }

    #[test]
    fn an_answer_with_only_an_embed_quotes_its_title() {
        let job = JobResponse {
            content: Some(String::new()),
            embeds: vec![json!({"title": "Your info - member", "description": "Fast"})],
            ..Default::default()
        };
        assert_eq!(
            Outcome::answered(&job),
            Outcome::Answered("Your info - member".into())
        );
        assert_eq!(
            Outcome::answered(&JobResponse::default()),
            Outcome::Answered("(no text)".into())
        );
    }

    #[test]
    fn failures_give_the_status_or_the_kind_and_a_full_queue_is_not_audited() {
        let failed = |err: UseapiError| Outcome::failed(&err);
        assert_eq!(
            failed(UseapiError::Status {
                status: 596,
                error: Some("pending".into())
            }),
            Some(Outcome::Failed("HTTP 596".into()))
        );
        assert_eq!(
            failed(UseapiError::Timeout(Duration::from_secs(60))),
            Some(Outcome::Failed("no answer within 60 s".into()))
        );
        assert_eq!(
            failed(UseapiError::JobFailed {
                job_status: "failed".into(),
                error: None
            }),
            Some(Outcome::Failed("job failed".into()))
        );
        assert_eq!(failed(UseapiError::QueueFull { waiting: 3 }), None);
    }

    #[test]
    fn lines_fit_in_one_discord_message() {
        let mj = MjChannelId::parse("12345678901234567890").unwrap();
        let long = Outcome::answered(&JobResponse {
            content: Some("é".repeat(5000)),
            ..Default::default()
        });
        assert!(entry(long, Some(&mj)).chars().count() < 400);
    }
}
