//! The audit lines of commands: what a command did. Each fits one Discord
//! message and names members without pinging them (the posts parse no
//! mentions). Account alerts are worded in `account_health/lines.rs`.

use serenity::all::{ChannelId, GuildId, UserId};

use crate::ids::MjChannelId;
use crate::useapi::{JobResponse, UseapiError};

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
    /// The server whose audit channel gets the line; `None` for a command
    /// outside any server, whose line goes to the log.
    pub guild: Option<GuildId>,
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
    crate::untrusted::clean(line, MAX_ANSWER_CHARS)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use serde_json::json;

    use super::*;

    fn entry(outcome: Outcome, mj: Option<&MjChannelId>) -> String {
        line(&Entry {
            guild: Some(GuildId::new(1)),
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
