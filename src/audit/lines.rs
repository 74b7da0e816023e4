//! The audit lines: what a command did, and what happened to a Midjourney
//! account the server uses. Each fits one Discord message and names members
//! without pinging them (the posts parse no mentions).

use serenity::all::{ChannelId, GuildId, UserId};

use crate::account_health::{Change, Trouble};
use crate::error::{admin_fix, PENDING_MODERATION_FIX};
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

/// The line for a change in a Midjourney account's state: which channel,
/// what happened and what to do; or that it works again.
pub(crate) fn account_alert(change: &Change) -> String {
    match (&change.channel, &change.now) {
        (Some(mj), Some(trouble @ (Trouble::PendingModeration(_) | Trouble::Missing))) => {
            let (what, fix) = match trouble {
                Trouble::PendingModeration(said) => (
                    format!(
                        "has a pending moderation message or CAPTCHA{}, so every command that uses it fails",
                        quoted(said)
                    ),
                    PENDING_MODERATION_FIX,
                ),
                _ => (
                    "is no longer configured at useapi.net, so every command mapped to it fails".to_owned(),
                    "add the account at useapi.net again, or map another channel with `/mj-channel set`",
                ),
            };
            format!("⚠️ Midjourney channel `{mj}` {what}. To fix: {fix}.")
        }
        (_, Some(trouble)) => account_trouble_line(trouble),
        (Some(mj), None) => format!(
            "✅ Midjourney channel `{mj}` works again{}.",
            match change.was {
                Some(Trouble::PendingModeration(_)) => ": the pending moderation is resolved",
                Some(Trouble::Missing) => ": it is configured at useapi.net again",
                _ => "",
            }
        ),
        (None, None) => match change.was {
            Some(Trouble::NoSubscription) => {
                "✅ The useapi.net subscription is active again; Midjourney commands work again."
            }
            _ => "✅ useapi.net accepts the bot's API token again; Midjourney commands work again.",
        }
        .to_owned(),
    }
}

/// What is wrong with the whole useapi.net account, and who fixes it.
pub(crate) fn account_trouble_line(trouble: &Trouble) -> String {
    let (what, status) = match trouble {
        Trouble::NoSubscription => ("useapi.net reports no active subscription", 402),
        _ => ("useapi.net refuses the bot's API token", 401),
    };
    format!(
        "⚠️ {what} (HTTP {status}), so every Midjourney command fails. To fix: the bot's admin should {}.",
        admin_fix(status).unwrap_or_default()
    )
}

/// The mark `/mj-channel list` puts after a mapped channel in trouble.
pub(crate) fn channel_trouble_mark(trouble: &Trouble) -> String {
    match trouble {
        Trouble::PendingModeration(said) => format!(
            " ⚠️ pending moderation{}: {PENDING_MODERATION_FIX}",
            quoted(said)
        ),
        Trouble::Missing => " ⚠️ not configured at useapi.net".to_owned(),
        Trouble::TokenRefused | Trouble::NoSubscription => String::new(),
    }
}

/// useapi's words about a pending moderation, when it gave any.
fn quoted(said: &str) -> String {
    if said.is_empty() {
        String::new()
    } else {
        format!(" (useapi.net says: “{said}”)")
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

    fn change(channel: Option<&str>, was: Option<Trouble>, now: Option<Trouble>) -> String {
        account_alert(&Change {
            channel: channel.map(|c| MjChannelId::parse(c).unwrap()),
            was,
            now,
            only_listed: false,
        })
    }

    #[test]
    fn an_account_alert_names_the_channel_what_happened_and_the_fix() {
        const MJ: &str = "123456789012345678";
        let pending = || Some(Trouble::PendingModeration("Please acknowledge".into()));
        assert_eq!(
            change(Some(MJ), None, pending()),
            "⚠️ Midjourney channel `123456789012345678` has a pending moderation message or CAPTCHA \
             (useapi.net says: “Please acknowledge”), so every command that uses it fails. To fix: \
             resolve it in Midjourney's Discord channel, then reset pendingModMessage at useapi.net."
        );
        assert_eq!(
            change(Some(MJ), pending(), None),
            "✅ Midjourney channel `123456789012345678` works again: the pending moderation is resolved."
        );
        let missing = change(Some(MJ), None, Some(Trouble::Missing));
        assert!(
            missing.contains("no longer configured at useapi.net"),
            "{missing}"
        );
        let refused = change(None, None, Some(Trouble::TokenRefused));
        assert!(
            refused.contains("HTTP 401") && refused.contains("check USEAPI_TOKEN"),
            "{refused}"
        );
        let unpaid = change(None, None, Some(Trouble::NoSubscription));
        assert!(
            unpaid.contains("HTTP 402") && unpaid.contains("renew"),
            "{unpaid}"
        );
        let paid = change(None, Some(Trouble::NoSubscription), None);
        assert!(
            paid.starts_with("✅ The useapi.net subscription is active again"),
            "{paid}"
        );
        for line in [missing, refused, unpaid, paid] {
            assert!(!line.contains("<@"), "no line names anyone: {line}");
        }
    }

    #[test]
    fn a_pending_moderation_without_words_reads_well() {
        let line = change(
            Some("123456789012345678"),
            None,
            Some(Trouble::PendingModeration(String::new())),
        );
        assert!(line.contains("or CAPTCHA, so every command"), "{line}");
    }
}
