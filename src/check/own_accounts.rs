//! `check`'s reading of the useapi.net accounts servers brought: each
//! account once however many servers store its token, a pending moderation
//! named with the command that resets it, a refused token with who can fix
//! it. Tokens that do not open are `keys`' to name (see `check_sealed_tokens`).

use std::collections::HashSet;
use std::time::Duration;

use futures_util::StreamExt;
use serenity::all::GuildId;

use super::report::Report;
use crate::logging::chain;
use crate::seal::KeyRing;
use crate::settings::Mapping;
use crate::stdout::first_few;
use crate::useapi::{AccountId, Meaning, UseapiClient, UseapiPool};

/// Accounts read at once.
const AT_ONCE: usize = 8;

/// What the reads found, each named with its server.
#[derive(Default)]
struct Found {
    pending: Vec<String>,
    refused: Vec<String>,
    failed: Vec<String>,
    read: usize,
}

/// Reads every server's own account (one server's token per account).
pub(super) async fn check_own_accounts(
    keys: &KeyRing,
    pool: &UseapiPool,
    mappings: &Mapping,
    within: Duration,
    report: &mut Report,
) {
    let clients = one_client_per_account(keys, pool, mappings);
    if clients.is_empty() {
        return;
    }
    let found = futures_util::stream::iter(clients)
        .map(|(guild, client)| async move { (guild, client.account_channels(within).await) })
        .buffer_unordered(AT_ONCE)
        .fold(Found::default(), |mut found, (guild, read)| async move {
            match read {
                Ok(accounts) => {
                    found.read += 1;
                    let held = accounts.iter().filter(|a| a.pending_moderation.is_some());
                    found
                        .pending
                        .extend(held.map(|a| format!("{} (server {guild})", a.channel)));
                }
                Err(err) if err.meaning() == Meaning::TokenRefused => {
                    found.refused.push(guild.to_string());
                }
                Err(err) => found
                    .failed
                    .push(format!("server {guild}: {}", chain(&err))),
            }
            found
        })
        .await;
    tell(&found, report);
}

/// One client per account, made from the first server storing its token.
fn one_client_per_account(
    keys: &KeyRing,
    pool: &UseapiPool,
    mappings: &Mapping,
) -> Vec<(GuildId, UseapiClient)> {
    let mut seen: HashSet<AccountId> = HashSet::new();
    mappings
        .guilds
        .iter()
        .filter_map(|(guild, g)| {
            Some((*guild, keys.open(*guild, &g.account.as_ref()?.token).ok()?))
        })
        .filter(|(_, token)| seen.insert(AccountId::of_token(token)))
        .map(|(guild, token)| (guild, pool.client(token)))
        .collect()
}

fn tell(found: &Found, report: &mut Report) {
    type Say = fn(&mut Report, String, &'static str);
    let fail: Say = |report, what, fix| report.fail(what, fix);
    let warn: Say = |report, what, fix| report.warn(what, fix);
    let troubles: [(&[String], Say, &str, &str); 3] = [
        (
            &found.pending,
            fail,
            "servers' own accounts have a pending moderation message",
            "resolve it in Midjourney's Discord channel; then the server's admins press “Resolved: reset” on the alert, or run `mj-bridge account reset CHANNEL --server SERVER_ID`",
        ),
        (
            &found.refused,
            fail,
            "useapi.net refuses the own token of servers",
            "their admins enter it again with /mj-channel account set",
        ),
        (
            &found.failed,
            warn,
            "cannot read servers' own accounts",
            "check USEAPI_BASE_URL and the network",
        ),
    ];
    for (named, say, what, fix) in troubles {
        if !named.is_empty() {
            say(
                report,
                format!("{what}: {}", first_few(named.iter().cloned())),
                fix,
            );
        }
    }
    if found.pending.is_empty() && found.refused.is_empty() && found.read > 0 {
        report.pass(format!(
            "{} servers' own useapi accounts read: no pending moderation",
            found.read
        ));
    }
}
