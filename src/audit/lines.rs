//! The audit lines of commands: what a command did, in the server's
//! language (`locale`; Midjourney's own words are quoted as they are).
//! Each fits one Discord message and names members without pinging them
//! (the posts parse no mentions). Account alerts are worded in
//! `account_health/lines.rs`.

use serenity::all::{ChannelId, GuildId, UserId};

use crate::ids::MjChannelId;
use crate::locale::{self, Lang};
use crate::useapi::{JobResponse, UseapiError};

/// Longest part of Midjourney's answer quoted in a line.
const MAX_ANSWER_CHARS: usize = 200;

/// How a command ended, as the audit line tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// ✓ and the first line of Midjourney's answer (`None`: it had no text).
    Answered(Option<String>),
    /// ✗ and the HTTP status or the kind of failure.
    Failed(Failure),
    /// ✓ a channel's `pendingModMessage` reset; `held`: Midjourney still
    /// holds the channel.
    Reset { held: bool },
}

/// What went wrong, as short as an audit line wants it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The job ended with this status (cleaned when the error was made).
    Job(String),
    /// No answer within this many seconds.
    NoAnswer(u64),
    Unreachable,
    BrokeOff,
    UnexpectedBody(u16),
    Status(u16),
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
            .map(first_line);
        Self::Answered(text)
    }

    /// `None` when the command never left the bot (its queue was full): that
    /// is a refusal, not something useapi.net did.
    pub(crate) fn failed(err: &UseapiError) -> Option<Self> {
        let what = match err {
            UseapiError::QueueFull { .. } => return None,
            UseapiError::JobFailed { job_status, .. } => Failure::Job(job_status.clone()),
            UseapiError::Timeout(limit) => Failure::NoAnswer(limit.as_secs()),
            UseapiError::Connect(_) => Failure::Unreachable,
            UseapiError::Transport(_) => Failure::BrokeOff,
            UseapiError::InvalidBody { status, .. } => Failure::UnexpectedBody(*status),
            UseapiError::Status { status, .. } => Failure::Status(*status),
        };
        Some(Self::Failed(what))
    }

    /// The outcome in `lang`, with its ✓ or ✗.
    fn text(&self, lang: Lang) -> String {
        let say = |key: &str, name: &str, value: locale::Arg<'_>| {
            locale::args(lang, key, &[(name, value)])
        };
        let failed = |what: String| format!("✗ {what}");
        match self {
            Self::Answered(Some(text)) => format!("✓ {text}"),
            Self::Answered(None) => format!("✓ {}", locale::text(lang, "audit-no-text")),
            Self::Reset { held: false } => format!("✓ {}", locale::text(lang, "audit-reset")),
            Self::Reset { held: true } => format!("✓ {}", locale::text(lang, "audit-reset-held")),
            Self::Failed(Failure::Job(status)) => failed(say("audit-job", "status", status.into())),
            Self::Failed(Failure::NoAnswer(secs)) => {
                failed(say("audit-no-answer", "secs", (*secs).into()))
            }
            Self::Failed(Failure::Unreachable) => failed(locale::text(lang, "audit-unreachable")),
            Self::Failed(Failure::BrokeOff) => failed(locale::text(lang, "audit-broke-off")),
            Self::Failed(Failure::UnexpectedBody(status)) => {
                failed(say("audit-unexpected-body", "status", (*status).into()))
            }
            Self::Failed(Failure::Status(status)) => {
                failed(say("audit-status", "status", (*status).into()))
            }
        }
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

/// `<@member> /turbo in <#channel> → Midjourney channel `…`: ✓ first line`,
/// in `lang` (the server's; English for the log).
pub(crate) fn line(lang: Lang, entry: &Entry) -> String {
    let mj = match &entry.mj_channel {
        Some(mj) => locale::args(lang, "audit-mj", &[("mj", mj.into())]),
        None => locale::text(lang, "audit-account-default"),
    };
    locale::args(
        lang,
        "audit-line",
        &[
            ("member", entry.member.into()),
            ("command", entry.command.into()),
            ("channel", entry.channel.into()),
            ("mj", mj.into()),
            ("outcome", entry.outcome.text(lang).into()),
        ],
    )
}

pub(crate) fn enabled_line(lang: Lang, by: UserId) -> String {
    locale::args(lang, "audit-enabled", &[("member", by.into())])
}

pub(crate) fn disabled_line(lang: Lang, by: UserId) -> String {
    locale::args(lang, "audit-disabled", &[("member", by.into())])
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
        line(
            Lang::EN,
            &Entry {
                guild: Some(GuildId::new(1)),
                member: UserId::new(7),
                command: "turbo",
                channel: ChannelId::new(8),
                mj_channel: mj.cloned(),
                outcome,
            },
        )
    }

    #[test]
    fn a_line_names_member_command_place_midjourney_channel_and_outcome() {
        let mj = MjChannelId::parse("123456789012345678").unwrap();
        assert_eq!(
            entry(Outcome::Answered(Some("Turbo mode on".into())), Some(&mj)),
            "<@7> /turbo in <#8> → Midjourney channel `123456789012345678`: ✓ Turbo mode on"
        );
        assert_eq!(
            entry(Outcome::Failed(Failure::Status(402)), None),
            "<@7> /turbo in <#8> → account default: ✗ HTTP 402"
        );
    }

    #[test]
    fn an_outcome_without_text_or_with_a_timeout_reads_in_words() {
        assert!(
            entry(Outcome::Answered(None), None).ends_with(": ✓ (no text)"),
            "{}",
            entry(Outcome::Answered(None), None)
        );
        let slow = entry(Outcome::Failed(Failure::NoAnswer(60)), None);
        assert!(
            slow.ends_with("account default: ✗ no answer within 60 s"),
            "{slow}"
        );
        let reset = entry(Outcome::Reset { held: true }, None);
        assert!(
            reset.ends_with("✓ pendingModMessage reset; Midjourney still holds the channel"),
            "{reset}"
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
            Outcome::Answered(Some("Done!".into()))
        );
        let Outcome::Answered(Some(long)) = Outcome::answered(&job(&"a".repeat(500))) else {
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
            Outcome::Answered(Some("Your info - member".into()))
        );
        assert_eq!(
            Outcome::answered(&JobResponse::default()),
            Outcome::Answered(None)
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
            Some(Outcome::Failed(Failure::Status(596)))
        );
        assert_eq!(
            failed(UseapiError::Timeout(Duration::from_secs(60))),
            Some(Outcome::Failed(Failure::NoAnswer(60)))
        );
        assert_eq!(
            failed(UseapiError::JobFailed {
                job_status: "failed".into(),
                error: None
            }),
            Some(Outcome::Failed(Failure::Job("failed".into())))
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
