//! `mj-bridge account reset CHANNEL`: the operator resets one of their
//! Midjourney channels' `pendingModMessage` at useapi.net from the host,
//! once the moderation message or CAPTCHA is resolved in Midjourney's
//! channel (servers' admins press "Resolved: reset" on the alert instead).
//! One line on stdout; the token is never printed.

use std::time::Duration;

use super::Fatal;
use crate::config::Config;
use crate::ids::MjChannelId;
use crate::stdout::line;
use crate::useapi::{Meaning, UseapiPool};

/// How long the reset, and the read after it, may take each.
const WITHIN: Duration = Duration::from_secs(30);

/// Resets `channel` with `USEAPI_TOKEN`: exit 0 when useapi.net did, 1
/// when it refused (404) or failed (the reason is printed); stopped with
/// 78 for a malformed id, a missing `USEAPI_TOKEN` or one useapi.net refuses.
pub(super) async fn reset(channel: &str) -> Result<u8, Fatal> {
    crate::logging::init().map_err(Fatal::config)?;
    let mj = MjChannelId::parse(channel.trim()).map_err(|err| {
        Fatal::config(format!(
            "{err} (a Midjourney channel id is 17 to 20 digits)"
        ))
    })?;
    let config = Config::from_env().map_err(|err| Fatal::config(err.to_string()))?;
    let pool = UseapiPool::new(config.useapi_settings()).map_err(|err| Fatal {
        message: format!("cannot set up the HTTP client: {err}"),
        code: 1,
    })?;
    let Some(client) = pool.operator() else {
        return Err(Fatal::config(
            "USEAPI_TOKEN is not set: this command resets a channel of the bot owner's account; a server's own account is reset by its admins with `/mj-channel account reset`".to_owned(),
        ));
    };
    match client.reset_channel(&mj, WITHIN).await {
        Ok(()) => {}
        Err(err) if err.meaning() == Meaning::TokenRefused => {
            let status = err.status().unwrap_or_default();
            return Err(Fatal::config(format!(
                "useapi.net refused USEAPI_TOKEN (HTTP {status}); nothing was reset"
            )));
        }
        Err(err) if err.meaning() == Meaning::Gone => {
            let status = err.status().unwrap_or_default();
            line(&format!("✗ useapi.net has no Midjourney account configured for channel {mj} (HTTP {status}); nothing was reset"));
            return Ok(1);
        }
        Err(err) => {
            line(&format!("✗ useapi.net did not reset channel {mj}: {err}; nothing was reset, try again in a minute"));
            return Ok(1);
        }
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
