//! `/fast` and its sibling verbs: relay the command to useapi.net for the
//! Midjourney channel mapped to where it was typed, and post the answer there.

use std::time::Instant;

use serenity::all::{
    ChannelType, CommandInteraction, CreateActionRow, CreateCommand, GuildId, UserId,
};

use super::{Handled, Request};
use crate::access::{is_manager, unix_after, Scope};
use crate::account_health::may_reset;
use crate::app::App;
use crate::audit::{self, Outcome};
use crate::clock;
use crate::deliver::Reply;
use crate::embeds::{embeds_as_text, relay_embeds};
use crate::error::CommandError;
use crate::ids::MjChannelId;
use crate::locale::{self, Lang};
use crate::message_split::message_parts;
use crate::payer::Payer;
use crate::settings::{Location, Mapping};
use crate::useapi::{JobResponse, JobResult, Meaning, UseapiClient, Waiting, Whose};
use crate::verbs::Verb;

/// `/fast` and its siblings, described as the catalogue's `cmd-<name>`.
pub(crate) fn register(verb: Verb) -> CreateCommand {
    super::describe::command(verb.name, &format!("cmd-{}", verb.name))
}

/// Relays `verb` for the Midjourney channel mapped to where it was typed.
/// The command was acknowledged before this runs: nothing, not even a
/// settings read, comes before Discord's 3 seconds are met.
pub(crate) async fn run(req: &Request<'_>, verb: Verb) -> Handled {
    let (app, cmd) = (req.app, req.cmd);
    let at = location(cmd);
    let guild = at.map(|at| at.guild);
    // Outside a server only a private bot's owner's account may pay: with
    // `ALLOWED_GUILDS=any` a direct message is refused before anything else.
    if guild.is_none() && app.useapi.payer(None, &app.settings.get(), &app.access) == Payer::Nobody
    {
        return Handled::from(Err(CommandError::NotInGuild));
    }
    if let Err(refused) = admit(req, at, verb) {
        return Handled::from(Err(refused));
    }
    let settings = app.settings.get();
    // Whose account: the server's own, the operator's where allowed, or none.
    let payer = app.useapi.payer(guild, &settings, &app.access);
    let client = match app.useapi.client_for(payer, guild, &settings) {
        Ok(client) => client,
        Err(no_account) => return Handled::from(Err(no_account)),
    };
    let mj_channel = at.and_then(|at| settings.resolve(at).cloned());
    if payer == Payer::Own {
        note_own_account(app, guild, &settings, &client);
    }
    drop(settings);
    clock::note_skew(clock::typed_at(cmd.id));
    let started = Instant::now();
    let on_wait = |waiting| async move { req.notify(&waiting_text(req.lang, waiting)).await };
    let budget = client.budget_for(req.arrival.received);
    let result = client
        .run_job_reporting(
            verb,
            mj_channel.as_ref(),
            &cmd.id.to_string(),
            budget,
            on_wait,
        )
        .await;
    relayed(
        app,
        (cmd, verb, at),
        mj_channel.as_ref(),
        &result,
        started.elapsed(),
    );
    // At once, so the next command and the watcher already know; on the
    // board of the account that paid, whoever's it is.
    let account_changes = app
        .health
        .job_answered(client.account_id(), mj_channel.as_ref(), &result)
        .await;
    let error_buttons = reset_offer(app, req.lang, (payer, guild), mj_channel.as_ref(), &result);
    let outcome = match &result {
        Ok(job) => Some(Outcome::answered(job)),
        Err(err) => Outcome::failed(err),
    };
    // A command outside any server is audited too: in the log, having no channel.
    let audit = outcome.map(|outcome| audit::Entry {
        guild,
        member: cmd.user.id,
        command: verb.name,
        channel: cmd.channel_id,
        mj_channel,
        outcome,
    });
    Handled {
        result: result
            .map(|job| reply_for(req.lang, &job))
            .map_err(|err| match payer {
                // The server's admins, not the bot's owner, fix their account.
                Payer::Own => CommandError::OwnAccount(err),
                _ => CommandError::from(err),
            }),
        audit,
        account_changes,
        error_buttons,
    }
}

/// Logs and counts one relayed command.
fn relayed(
    app: &App,
    (cmd, verb, at): (&CommandInteraction, Verb, Option<Location>),
    mj_channel: Option<&MjChannelId>,
    result: &JobResult,
    took: std::time::Duration,
) {
    let status = match result {
        Ok(_) => Some(200),
        Err(err) => err.status(),
    };
    tracing::info!(
        command = verb.name,
        interaction = %cmd.id,
        guild = at.map(|at| at.guild.get()),
        channel = %cmd.channel_id,
        mj_channel = mj_channel.map_or("(account default)", MjChannelId::as_str),
        status,
        latency_ms = u64::try_from(took.as_millis()).unwrap_or(u64::MAX),
        ok = result.is_ok(),
        "relayed command to useapi.net"
    );
    app.metrics.useapi_call(status, took);
}

/// The "Resolved: reset" button for the member's 596 sentence, where their
/// server may reset the account it spends (as on the alert: never the
/// operator's account for servers `ALLOWED_GUILDS=any` admits) and the
/// Midjourney channel is known. Only an admin's press is taken.
fn reset_offer(
    app: &App,
    lang: Lang,
    (payer, guild): (Payer, Option<GuildId>),
    mj: Option<&MjChannelId>,
    result: &JobResult,
) -> Vec<CreateActionRow> {
    let Err(err) = result else {
        return Vec::new();
    };
    let whose = match payer {
        Payer::Own => Whose::Own,
        _ => Whose::Operator,
    };
    let offered = err.meaning() == Meaning::NeedsHuman
        && guild.is_some()
        && may_reset(whose, app.access.allowed_guilds.as_ref());
    match mj {
        Some(mj) if offered => vec![crate::reset_button::row(lang, mj)],
        _ => Vec::new(),
    }
}

/// From this command on, `guild` hears about the own account it spends.
fn note_own_account(app: &App, guild: Option<GuildId>, settings: &Mapping, client: &UseapiClient) {
    let own = guild.and_then(|g| Some((g, settings.guild(g)?.account.as_ref()?)));
    if let Some((guild, own)) = own {
        app.health
            .spent_own(guild, &own.token.sealed, client.account_id());
    }
}

/// Refuses a verb the server turned off, or a member in their cooldown
/// (outside a server too), as the front door claimed it.
fn admit(req: &Request<'_>, at: Option<Location>, verb: Verb) -> Result<(), CommandError> {
    if at.is_some_and(|at| req.app.settings.get().is_disabled(at.guild, verb)) {
        return Err(CommandError::VerbDisabled(verb));
    }
    let Some(Err(wait)) = req.cooldown else {
        return Ok(());
    };
    // By Discord's clock (the command was created a moment ago), as the
    // member's app shows the time: the host's may be off.
    Err(CommandError::CoolingDown {
        period_secs: req.app.claims.cooldown_period().as_secs(),
        retry_at_unix: unix_after(clock::typed_at(req.cmd.id), wait),
    })
}

/// The cooldown `cmd` must claim at the front door, if it would run `verb`:
/// the member's in the server, or for a command outside any server in their
/// direct messages with the bot ([`Scope`]). None for members
/// who manage the server, for a verb the server turned off, and outside a
/// server where nobody's account pays (those are refused without one).
/// With `PostgreSQL` it is claimed there, so it holds whichever process (or
/// HTTP worker) gets the member's next command.
pub(crate) fn cooldown_ask(
    app: &App,
    cmd: &CommandInteraction,
    verb: Verb,
) -> Option<(Scope, UserId)> {
    if is_manager(cmd.member.as_deref()) {
        return None;
    }
    let settings = app.settings.get();
    let scope = match location(cmd) {
        Some(at) if settings.is_disabled(at.guild, verb) => return None,
        Some(at) => Scope::Server(at.guild),
        None if app.useapi.payer(None, &settings, &app.access) == Payer::Nobody => return None,
        None => Scope::Direct(cmd.channel_id),
    };
    Some((scope, cmd.user.id))
}

/// Shown in place of "thinking…" while useapi.net asks the bot to wait,
/// in the member's language.
pub(crate) fn waiting_text(lang: Lang, waiting: Waiting) -> String {
    let why = match waiting.status {
        Some(429) => locale::text(lang, "waiting-busy"),
        Some(status) => locale::args(lang, "waiting-status", &[("status", status.into())]),
        None => locale::text(lang, "waiting-unreachable"),
    };
    locale::args(
        lang,
        "waiting",
        &[
            ("why", why.into()),
            ("secs", waiting.retry_in.as_secs().into()),
        ],
    )
}

/// Where `cmd` was typed; `None` outside a server. Discord sends the
/// channel (and a thread's parent) with the interaction, so no lookup is needed.
fn location(cmd: &CommandInteraction) -> Option<Location> {
    let parent = cmd
        .channel
        .as_ref()
        .filter(|channel| is_thread(channel.kind))
        .and_then(|channel| channel.parent_id);
    Some(Location {
        guild: cmd.guild_id?,
        channel: cmd.channel_id,
        parent,
    })
}

fn is_thread(kind: ChannelType) -> bool {
    matches!(
        kind,
        ChannelType::PublicThread | ChannelType::PrivateThread | ChannelType::NewsThread
    )
}

/// What to post for a completed job: its content, split to fit, and its
/// embeds (with a plain-text version in case Discord refuses them); a line
/// saying it was empty when it has neither (Discord refuses an empty message).
pub(crate) fn reply_for(lang: Lang, job: &JobResponse) -> Reply {
    let embeds = relay_embeds(&job.embeds);
    let content = job.content.as_deref().filter(|c| !c.trim().is_empty());
    let parts = match content {
        Some(content) => message_parts(lang, content),
        None if !embeds.is_empty() => Vec::new(),
        None => vec![locale::text(lang, "relay-empty")],
    };
    let plain = (!embeds.is_empty()).then(|| {
        let text = [content.unwrap_or_default(), &embeds_as_text(&job.embeds)]
            .into_iter()
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n");
        message_parts(lang, &text)
    });
    Reply {
        parts,
        embeds,
        plain,
        ..Reply::default()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn reply_parts(job: &JobResponse) -> Vec<String> {
        reply_for(Lang::EN, job).parts
    }

    #[test]
    fn waiting_notices_say_why_and_how_long() {
        let busy = Waiting {
            status: Some(429),
            retry_in: Duration::from_secs(12),
        };
        assert_eq!(
            waiting_text(Lang::EN, busy),
            "⏳ useapi.net is busy (HTTP 429); trying again in 12 s…"
        );
        let down = Waiting {
            status: None,
            ..busy
        };
        assert!(waiting_text(Lang::EN, down).contains("could not be reached"));
    }

    #[test]
    fn embeds_alone_make_a_reply_without_filler_text() {
        let job = JobResponse {
            content: Some(String::new()),
            embeds: vec![serde_json::json!({"title": "Your info", "description": "Fast"})],
            ..Default::default()
        };
        let reply = reply_for(Lang::EN, &job);
        assert!(reply.parts.is_empty());
        assert_eq!(reply.embeds.len(), 1);
        assert_eq!(reply.plain, Some(vec!["**Your info**\nFast".to_owned()]));
    }

    #[test]
    fn content_is_posted_as_is_when_it_fits() {
        let job = JobResponse {
            content: Some("Done! @everyone".into()),
            ..Default::default()
        };
        assert_eq!(reply_parts(&job), vec!["Done! @everyone".to_owned()]);
    }

    #[test]
    fn empty_content_still_gets_a_message() {
        for content in [None, Some(""), Some("  \n")] {
            let job = JobResponse {
                content: content.map(str::to_owned),
                ..Default::default()
            };
            assert_eq!(
                reply_parts(&job),
                vec!["Midjourney answered without any text.".to_owned()]
            );
        }
    }

    #[test]
    fn long_content_is_split() {
        let job = JobResponse {
            content: Some("a".repeat(5000)),
            ..Default::default()
        };
        let parts = reply_parts(&job);
        assert_eq!(parts.len(), 3);
        assert_eq!(parts.concat().len(), 5000);
    }
}
