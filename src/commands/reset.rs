//! Resetting a Midjourney channel's `pendingModMessage` at useapi.net, once
//! someone resolved the moderation message or CAPTCHA in Midjourney's
//! channel: the "Resolved: reset" button on an account alert, and
//! `/mj-channel account reset`. Both decide here and return [`Handled`];
//! the one road delivers it (a press edits the alert it sits on).
//!
//! Only a member with Manage Server may, in a server that spends the
//! account, and with that server's token: its own account, or the
//! operator's where it spends that (never from a server `ALLOWED_GUILDS=any`
//! admits, `account_health::may_reset`). Nothing is taken from the
//! button's custom id but the channel, so a forged one resets only what
//! that server could reset anyway.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serenity::all::{ChannelId, GuildId, Member, UserId};

use super::Handled;
use crate::access::is_manager;
use crate::account_health::{may_reset, Whose};
use crate::app::App;
use crate::audit::{Entry, Outcome};
use crate::deliver::Reply;
use crate::error::{CommandError, ResetError};
use crate::ids::MjChannelId;
use crate::locale::{self, Lang};
use crate::payer::Payer;
use crate::reset_button;
use crate::useapi::UseapiClient;

/// How long the reset, and then the read after it, may take each.
const RESET_WITHIN: Duration = Duration::from_secs(10);
/// The audit line's command.
const AUDITED_AS: &str = "mj-channel account reset";

/// A reset a member may ask for: the server, and the account it spends.
pub(crate) struct Spender {
    guild: GuildId,
    client: UseapiClient,
    whose: Whose,
}

/// One reset asked for.
pub(crate) struct Asked {
    pub member: UserId,
    /// Where it was asked: the audit channel for a press.
    pub place: ChannelId,
    pub mj: MjChannelId,
    /// Asked with the alert's button, whose message the answer replaces.
    pub pressed: bool,
    /// What the answer is worded in: the server's for a press (it replaces
    /// the alert everyone reads), the admin's own for the command.
    pub lang: Lang,
}

impl Spender {
    /// The server that spends the account.
    pub(crate) fn guild(&self) -> GuildId {
        self.guild
    }
}

/// Who may reset, decided before anything is acknowledged or called: a
/// manager of a server that spends an account it may reset.
pub(crate) fn admit(
    app: &App,
    guild: Option<GuildId>,
    member: Option<&Member>,
) -> Result<Spender, CommandError> {
    let guild = guild.ok_or(CommandError::NotInGuild)?;
    if !is_manager(member) {
        return Err(ResetError::NotAdmin.into());
    }
    let settings = app.settings.get();
    let payer = app.useapi.payer(Some(guild), &settings, &app.access);
    let client = app.useapi.client_for(payer, Some(guild), &settings)?;
    let whose = match payer {
        Payer::Operator => Whose::Operator,
        Payer::Own | Payer::Nobody => Whose::Own,
    };
    if !may_reset(whose, app.access.allowed_guilds.as_ref()) {
        return Err(ResetError::NotHere.into());
    }
    Ok(Spender {
        guild,
        client,
        whose,
    })
}

/// Resets `asked.mj` with `spender`'s account, once however many ask at
/// once, then reads the account again: what the asker reads (or the alert
/// becomes), the audit line, and the "works again" for the servers.
pub(crate) async fn run(app: &App, spender: Spender, asked: Asked) -> Handled {
    let account = spender.client.account_id();
    // A copy of an alert left in another server (or pressed late): the
    // channel works again, so the button goes and nothing is called.
    if asked.pressed && app.health.works_again(account, &asked.mj).await {
        let text = locale::args(
            asked.lang,
            "reset-already-fine",
            &[("mj", (&asked.mj).into())],
        );
        return Handled::from(Ok(Reply::text(&text)));
    }
    let Some(claim) = app
        .health
        .claim_reset(account, &asked.mj, &app.holder)
        .await
    else {
        return Handled::from(Err(ResetError::UnderWay(asked.mj).into()));
    };
    let reset = spender.client.reset_channel(&asked.mj, RESET_WITHIN).await;
    let read = match &reset {
        Ok(()) => Some(spender.client.fetch_account_channels(RESET_WITHIN).await),
        Err(_) => None,
    };
    let after = match read {
        Some(Ok(accounts)) => {
            let (held, changes) = app
                .health
                .read_after_reset(account, &asked.mj, &accounts)
                .await;
            Some((held, changes))
        }
        Some(Err(err)) => {
            tracing::info!(mj_channel = %asked.mj, error = %err, "reset done; the account could not be read again at once");
            None
        }
        None => None,
    };
    app.health.end_reset(claim, &app.holder).await;
    if let Err(err) = reset {
        // The attempt is recorded too: the server sees who tried and why
        // nothing changed.
        let audit = Outcome::failed(&err).map(|failed| audit_entry(spender.guild, &asked, failed));
        let why = ResetError::from_useapi(err, &asked.mj, spender.whose);
        return Handled {
            audit,
            ..Handled::from(Err(why.into()))
        };
    }
    tracing::info!(guild = %spender.guild, user = %asked.member, mj_channel = %asked.mj, "pendingModMessage reset at useapi.net");
    let held = after.as_ref().map(|(held, _)| *held);
    Handled {
        result: Ok(answer(&asked, held)),
        audit: Some(audit_entry(
            spender.guild,
            &asked,
            Outcome::Reset {
                held: held == Some(true),
            },
        )),
        account_changes: after.map(|(_, changes)| changes).unwrap_or_default(),
        error_buttons: Vec::new(),
    }
}

/// The alert as it reads after the reset, or the admin's answer:
/// who reset it and when, and whether Midjourney still holds the channel
/// (`None`: unknown; the next check tells). A held channel's alert offers
/// the button again.
fn answer(asked: &Asked, held: Option<bool>) -> Reply {
    let lang = asked.lang;
    let done = locale::args(
        lang,
        "reset-done",
        &[
            ("mj", (&asked.mj).into()),
            ("member", asked.member.into()),
            ("at", unix_now().into()),
        ],
    );
    let again = locale::text(
        lang,
        if asked.pressed {
            "reset-again-press"
        } else {
            "reset-again-command"
        },
    );
    let text = match held {
        Some(false) => locale::args(lang, "reset-free", &[("done", done.into())]),
        Some(true) => locale::args(
            lang,
            "reset-held",
            &[("done", done.into()), ("again", again.into())],
        ),
        None => locale::args(lang, "reset-unknown", &[("done", done.into())]),
    };
    let mut reply = Reply::text(&text);
    if asked.pressed && held == Some(true) {
        reply.components = vec![reset_button::row(lang, &asked.mj)];
    }
    reply
}

/// The audit line of a reset made (✓) or refused by useapi.net (✗).
fn audit_entry(guild: GuildId, asked: &Asked, outcome: Outcome) -> Entry {
    Entry {
        guild: Some(guild),
        member: asked.member,
        command: AUDITED_AS,
        channel: asked.place,
        mj_channel: Some(asked.mj.clone()),
        outcome,
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
}
