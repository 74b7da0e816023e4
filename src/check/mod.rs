//! `mj-bridge check`: the doctor a new admin runs first. One line per check,
//! ✓ or ✗ with a fix, and a non-zero exit when anything failed.

use std::time::Duration;

use serenity::all::GuildInfo;

use crate::access::{refuse_public_bot, AllowedGuilds, PUBLIC_BOT_FIX};
use crate::config::{Config, ConfigErrors, EX_CONFIG};
use crate::discord::http_client;
use crate::discord_errors::discord_status;
use crate::error::admin_fix;
use crate::keys;
use crate::logging::chain;
use crate::payer::PayerRule;
use crate::seal::KeyRing;
use crate::settings::Mapping;
use crate::store::{self, Purpose, StoreTarget};
use crate::untrusted::redact_url;
use crate::useapi::{AccountChannel, Meaning, UseapiPool};

mod mapped;
mod own_accounts;
mod registrations;
mod report;

use mapped::check_mapped;
use own_accounts::check_own_accounts;
use report::Report;

/// How long each check waits for an answer.
const WITHIN: Duration = Duration::from_secs(15);
/// "did not answer within 15 seconds", from [`WITHIN`].
fn no_answer(who: &str) -> String {
    format!("{who} did not answer within {} seconds", WITHIN.as_secs())
}

/// Runs every check and returns the exit code: 0 when all passed, 78
/// (`EX_CONFIG`) when the settings themselves are invalid, 1 otherwise.
/// Never prints a token.
pub(crate) async fn run() -> u8 {
    let mut report = Report::default();
    let config = match Config::from_env() {
        Ok(config) => {
            report.pass(match (&config.useapi_token, &config.secrets) {
                (Some(_), None) => "DISCORD_TOKEN and USEAPI_TOKEN are set".to_owned(),
                (Some(_), Some(keys)) => format!(
                    "DISCORD_TOKEN and USEAPI_TOKEN are set; servers may keep their own useapi token (sealed with key {})",
                    keys.active_id()
                ),
                (None, Some(keys)) => format!(
                    "DISCORD_TOKEN is set; no USEAPI_TOKEN: only servers' own useapi accounts are spent (sealed with key {})",
                    keys.active_id()
                ),
                (None, None) => "DISCORD_TOKEN is set".to_owned(),
            });
            config
        }
        Err(errors) => {
            let dotenv = ConfigErrors::dotenv();
            for err in &errors.0 {
                report.fail(err.to_string(), err.fix(dotenv));
            }
            return EX_CONFIG;
        }
    };
    let mappings = check_settings(&config.store, &mut report).await;
    if let Some(mappings) = &mappings {
        check_sealed_tokens(config.secrets.as_deref(), mappings, &mut report);
    }
    check_discord(&config, &mut report).await;
    let pool = match UseapiPool::new(config.useapi_settings()) {
        Ok(pool) => pool,
        Err(err) => {
            report.fail(
                format!("cannot set up the HTTP client: {}", chain(&err)),
                "report this as a bug",
            );
            return u8::from(report.failed);
        }
    };
    check_useapi(&config, &pool, mappings.as_ref(), &mut report).await;
    if let (Some(keys), Some(mappings)) = (config.secrets.as_deref(), &mappings) {
        check_own_accounts(keys, &pool, mappings, WITHIN, &mut report).await;
    }
    u8::from(report.failed)
}

/// Every server's own token must open with `SECRETS_KEY` (never printed).
fn check_sealed_tokens(keys: Option<&KeyRing>, mappings: &Mapping, report: &mut Report) {
    if let Some(id) = keys::missing_key(keys, mappings) {
        return report.fail(
            format!("a server's stored useapi token is sealed with key `{id}`, which SECRETS_KEY does not hold: the bot refuses to start"),
            "add that key back to SECRETS_KEY after the active one, then run `mj-bridge keys rotate`; remove a token that cannot be opened even then with `mj-bridge keys forget SERVER_ID`",
        );
    }
    let Some(keys) = keys else { return };
    let found = keys::check(keys, mappings);
    let stored: usize = found.sealed_by.values().sum();
    if found.unopenable.is_empty() {
        return report.pass(format!(
            "{stored} servers' own useapi tokens open with SECRETS_KEY"
        ));
    }
    for (guild, why) in &found.unopenable {
        report.fail(
            format!("server {guild}'s own useapi token cannot be opened: {why}"),
            format!("its admins must enter it again with /mj-channel account set, or remove it with `mj-bridge keys forget {guild}`"),
        );
    }
}

/// Reads the settings without changing them (no migration): the one place
/// `check` opens the store, the file or the database.
async fn check_settings(target: &StoreTarget, report: &mut Report) -> Option<Mapping> {
    let read = async {
        let store = store::configured(target, Purpose::Copy)?;
        let mapping = store.export().await;
        Ok::<_, store::StoreError>((store.describe(), mapping?))
    };
    let read = tokio::time::timeout(WITHIN, read).await;
    match (target, read) {
        (StoreTarget::File(path), Ok(Ok((_, mapping)))) => {
            let file = path.display();
            report.pass(if path.exists() {
                format!("mapping file {file} is valid")
            } else {
                format!("mapping file {file} does not exist yet; /mj-channel creates it")
            });
            Some(mapping)
        }
        (StoreTarget::File(_), Ok(Err(err))) => {
            report.fail(
                err.to_string(),
                "fix the file or move it away (a missing file is an empty mapping)",
            );
            None
        }
        (StoreTarget::Postgres(_), Ok(Ok((name, mapping)))) => {
            report.pass(format!(
                "the settings database ({name}) answers: {} servers have settings",
                mapping.guilds.len()
            ));
            Some(mapping)
        }
        (StoreTarget::Postgres(_), Ok(Err(err))) => {
            report.fail(
                format!("cannot read the settings database: {}", chain(&err)),
                "check DATABASE_URL and that PostgreSQL is running; a new database gets its tables when the bot (or `mj-bridge store import`) first starts",
            );
            None
        }
        (_, Err(_)) => {
            report.fail(
                no_answer("the settings database"),
                "check DATABASE_URL and the network",
            );
            None
        }
    }
}

async fn check_discord(config: &Config, report: &mut Report) {
    let http = http_client(config);
    match tokio::time::timeout(WITHIN, http.get_current_user()).await {
        Ok(Ok(user)) => report.pass(format!(
            "Discord accepted the bot token: logged in as {}",
            crate::untrusted::clean(&user.name, 100)
        )),
        Ok(Err(err)) if discord_status(&err) == Some(401) => return report.fail(
            "Discord refused the bot token (HTTP 401)",
            "copy a fresh token from the developer portal (Bot → Reset Token) into DISCORD_TOKEN",
        ),
        Ok(Err(err)) => {
            return report.fail(
                format!("could not ask Discord about the bot token: {}", chain(&err)),
                "check the network (and DISCORD_PROXY_URL if set)",
            )
        }
        Err(_) => {
            return report.fail(
                no_answer("Discord"),
                "check the network (and DISCORD_PROXY_URL if set)",
            )
        }
    }
    match tokio::time::timeout(WITHIN, http.get_current_application_info()).await {
        Ok(Ok(app)) => {
            report.pass(format!(
                "invite the bot with https://discord.com/oauth2/authorize?client_id={}&scope=bot+applications.commands",
                app.id
            ));
            let guilds =
                match tokio::time::timeout(WITHIN, crate::discord::every_guild(&http)).await {
                    Ok(Ok(guilds)) => guilds,
                    Ok(Err(err)) => {
                        return report.fail(
                            format!("could not list the servers the bot is in: {}", chain(&err)),
                            "check the network (and DISCORD_PROXY_URL if set)",
                        )
                    }
                    Err(_) => return report.fail(no_answer("Discord"), "check the network"),
                };
            check_access(
                &guilds,
                app.bot_public,
                config.allowed_guilds.as_ref(),
                config.useapi_token.is_some(),
                report,
            );
            registrations::check(config, &guilds, report).await;
        }
        Ok(Err(err)) => report.fail(
            format!("could not read the application: {}", chain(&err)),
            "check the application in the developer portal",
        ),
        Err(_) => report.fail(no_answer("Discord"), "check the network"),
    }
}

/// Who can add the bot, which servers it serves, and the servers it is in
/// that it does not serve.
fn check_access(
    guilds: &[GuildInfo],
    public: bool,
    allowed: Option<&AllowedGuilds>,
    operator_account: bool,
    report: &mut Report,
) {
    if refuse_public_bot(public, allowed, operator_account).is_err() {
        return report.fail(
            "the application is public: anyone can add the bot to their server and use your useapi.net account, so the bot refuses to start",
            PUBLIC_BOT_FIX,
        );
    }
    match (public, allowed) {
        (true, None) => {}
        (true, Some(allowed)) => report.pass(format!(
            "the application is public (anyone can add the bot), and ALLOWED_GUILDS limits it to: {allowed}"
        )),
        (false, None) => report.pass(
            "the application is private (only you can add the bot); ALLOWED_GUILDS is unset: it serves every server it is in",
        ),
        (false, Some(allowed)) => report.pass(format!(
            "the application is private (only you can add the bot); ALLOWED_GUILDS: {allowed}"
        )),
    }
    let Some(allowed) = allowed else { return };
    // Server names are Discord's members' words: escaped and cut.
    let outside: Vec<String> = guilds
        .iter()
        .filter(|g| !allowed.allows(g.id))
        .map(|g| format!("{} ({})", g.id, crate::untrusted::clean(&g.name, 100)))
        .collect();
    if outside.is_empty() {
        report.pass(format!(
            "the bot is in {} servers, all in ALLOWED_GUILDS",
            guilds.len()
        ));
    } else {
        report.warn(
            format!(
                "the bot is in servers outside ALLOWED_GUILDS (it removes its commands there): {}",
                crate::stdout::first_few(outside.iter().cloned())
            ),
            "remove the bot from them (Server Settings → Integrations), or add them to ALLOWED_GUILDS",
        );
    }
}

async fn check_useapi(
    config: &Config,
    pool: &UseapiPool,
    mappings: Option<&Mapping>,
    report: &mut Report,
) {
    let Some(client) = pool.operator() else {
        return report.pass("no USEAPI_TOKEN: there is no operator account to check");
    };
    let accounts = match client.account_channels(WITHIN).await {
        Ok(accounts) => accounts,
        Err(err) if err.meaning() == Meaning::TokenRefused => {
            return report.fail(
                format!("useapi.net refused the API token: {err}"),
                admin_fix(Meaning::TokenRefused).unwrap_or_default(),
            )
        }
        Err(err) if err.meaning() == Meaning::NoCredit => {
            return report.fail(
                format!("useapi.net: {err}"),
                admin_fix(Meaning::NoCredit).unwrap_or_default(),
            )
        }
        Err(err) if err.meaning() == Meaning::Gone => {
            return report.fail(
                format!(
                    "this API is not available at USEAPI_BASE_URL ({}): GET /v2/account/midjourney: {err}",
                    redact_url(&config.useapi_base_url)
                ),
                "point USEAPI_BASE_URL at a server that speaks useapi.net's Midjourney v2 API \
                 (a useapi.net page says its Midjourney support was discontinued on June 24, 2026)",
            )
        }
        Err(err) => {
            return report.fail(
                format!("cannot list the Midjourney accounts: {}", chain(&err)),
                "check USEAPI_BASE_URL and the network",
            )
        }
    };
    if accounts.is_empty() {
        return report.fail(
            "useapi.net accepted the API token, but no Midjourney account is configured",
            "add one with POST /v2/account/midjourney/{channel} (https://useapi.net/docs/api-v2/post-account-midjourney-channel)",
        );
    }
    let names: Vec<&str> = accounts.iter().map(|a| a.channel.as_str()).collect();
    report.pass(format!(
        "useapi.net accepted the API token; Midjourney channels: {}",
        names.join(", ")
    ));
    check_account_states(&accounts, report);
    if let Some(mappings) = mappings {
        let rule = PayerRule {
            operator: true,
            own_accounts: config.secrets.is_some(),
            allowed: config.allowed_guilds.clone(),
        };
        check_mapped(mappings, &rule, &names.into_iter().collect(), report);
    }
}

/// Each account's state, as the running bot's alerts name it; a pending
/// moderation fails the check.
fn check_account_states(accounts: &[AccountChannel], report: &mut Report) {
    for account in accounts {
        let Some(said) = &account.pending_moderation else {
            report.pass(format!(
                "Midjourney channel {}: no pending moderation",
                account.channel
            ));
            continue;
        };
        let quoted = if said.is_empty() {
            String::new()
        } else {
            format!(": “{said}”")
        };
        report.fail(
            format!(
                "Midjourney channel {} has a pending moderation message{quoted}",
                account.channel
            ),
            format!(
                "resolve it in Midjourney's Discord channel, then run `mj-bridge account reset {}`",
                account.channel
            ),
        );
    }
}
