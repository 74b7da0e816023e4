//! `mj-bridge account reset CHANNEL [--server SERVER_ID]`: the operator
//! resets a Midjourney channel's `pendingModMessage` at useapi.net from the
//! host, once the moderation message or CAPTCHA is resolved in Midjourney's
//! channel, with their own account (`USEAPI_TOKEN`) or a server's (its
//! stored token, opened with `SECRETS_KEY`). Servers' admins press
//! "Resolved: reset" on the alert instead. One line per step on stdout; no
//! token is ever printed.

use std::time::Duration;

use serenity::all::GuildId;

use super::keys::{server_id_arg, store_to_copy};
use super::Fatal;
use crate::config::Config;
use crate::ids::MjChannelId;
use crate::stdout::line;
use crate::useapi::{Meaning, UseapiClient, UseapiPool};

/// How long the reset, and the read after it, may take each.
const WITHIN: Duration = Duration::from_secs(30);

/// Resets `channel` with the operator's account, or `server`'s own: exit
/// 0 when useapi.net did, 1 when it refused or failed (the reason is
/// printed) or the server has no account of its own; stopped with 78 for a
/// malformed id, a missing setting or a stored token no key opens.
pub(super) async fn reset(channel: &str, server: Option<&str>) -> Result<u8, Fatal> {
    crate::logging::init().map_err(Fatal::config)?;
    let mj = MjChannelId::parse(channel.trim()).map_err(|err| {
        Fatal::config(format!(
            "{err} (a Midjourney channel id is 17 to 20 digits)"
        ))
    })?;
    let server = server.map(server_id_arg).transpose()?;
    let config = Config::from_env().map_err(|err| Fatal::config(err.to_string()))?;
    let pool = super::useapi_pool(&config)?;
    let client = match server {
        None => pool.operator().ok_or_else(|| {
            Fatal::config(
                "USEAPI_TOKEN is not set: without it, name the server whose own account holds the channel with --server SERVER_ID".to_owned(),
            )
        })?,
        Some(guild) => server_client(&config, &pool, guild).await?,
    };
    if let Err(err) = client.reset_channel(&mj, WITHIN).await {
        let status = err.status().unwrap_or_default();
        line(&match err.meaning() {
            Meaning::TokenRefused => match server {
                None => format!("✗ useapi.net refused USEAPI_TOKEN (HTTP {status}); nothing was reset"),
                Some(guild) => format!("✗ useapi.net refused server {guild}'s own token (HTTP {status}); its admins can enter it again with /mj-channel account set; nothing was reset"),
            },
            Meaning::Gone => format!("✗ useapi.net has no Midjourney account configured for channel {mj} (HTTP {status}); nothing was reset"),
            _ => format!("✗ useapi.net did not reset channel {mj}: {err}; nothing was reset, try again in a minute"),
        });
        return Ok(1);
    }
    line(&format!(
        "reset the pendingModMessage of Midjourney channel {mj} at useapi.net"
    ));
    let held = client.fetch_account_channels(WITHIN).await.map(|accounts| {
        accounts
            .iter()
            .any(|a| a.channel == mj.as_str() && a.pending_moderation.is_some())
    });
    match held {
        Ok(false) => line("Midjourney no longer holds it; the servers hear it works again at the bot's next account check"),
        Ok(true) => line("⚠ Midjourney still holds it: resolve the moderation message or CAPTCHA in Midjourney's Discord channel first, then run this again"),
        Err(err) => line(&format!("the account could not be read again ({err}); the bot's next account check tells")),
    }
    Ok(0)
}

/// The client of `guild`'s own account: its stored token, opened with
/// `SECRETS_KEY` (read from the store as `store export` reads it).
async fn server_client(
    config: &Config,
    pool: &UseapiPool,
    guild: GuildId,
) -> Result<UseapiClient, Fatal> {
    let keys = config.secrets.as_ref().ok_or_else(|| {
        Fatal::config(
            "SECRETS_KEY is not set: a server's stored token cannot be opened without it"
                .to_owned(),
        )
    })?;
    let settings = store_to_copy().await?.settings().get();
    let Some(account) = settings.guild(guild).and_then(|g| g.account.as_ref()) else {
        return Err(Fatal {
            message: format!("server {guild} has no useapi.net account of its own; without --server the channel is reset with USEAPI_TOKEN"),
            code: 1,
        });
    };
    let token = keys.open(guild, &account.token).map_err(|why| {
        Fatal::config(format!(
            "server {guild}'s stored token cannot be opened: {why}; `mj-bridge keys check` says which key it needs"
        ))
    })?;
    Ok(pool.client(token))
}
