//! Suggestions while an admin types a Midjourney channel id.

use std::time::Duration;

use serenity::all::{AutocompleteChoice, CommandInteraction, Http};

use crate::access::is_manager;
use crate::app::App;
use crate::deliver::{self, Arrival, Target};
use crate::ids::MjChannelId;
use crate::useapi::AccountChannel;

/// Discord drops an autocomplete answer 3 seconds after it sent the
/// interaction; the suggestions must be delivered well before, counted from
/// when the bot received it (an HTTP ingress answers an empty list itself at 2.8 s).
const AUTOCOMPLETE_WITHIN: Duration = Duration::from_secs(2);
/// Discord shows at most 25 suggestions, each labelled in at most 100 characters.
const MAX_CHOICES: usize = 25;
const MAX_LABEL: usize = 100;

/// Suggests the account's Midjourney channels for `midjourney_channel`.
/// Nothing is suggested to non-managers or when useapi cannot be asked:
/// the admin can still type an id.
pub(crate) async fn autocomplete(
    http: &Http,
    app: &App,
    cmd: &CommandInteraction,
    arrival: &Arrival,
) {
    let typed = cmd
        .data
        .autocomplete()
        .map(|option| option.value)
        .unwrap_or_default();
    let client = app
        .useapi
        .for_guild(cmd.guild_id, &app.settings.get(), &app.access);
    let choices = match client {
        Ok(client) if is_manager(cmd.member.as_deref()) => {
            let left = (arrival.received + AUTOCOMPLETE_WITHIN)
                .saturating_duration_since(tokio::time::Instant::now());
            match client.account_channels(left).await {
                Ok(accounts) => suggestions(&accounts, typed),
                Err(err) => {
                    tracing::info!(interaction = %cmd.id, error = %crate::logging::chain(&err), "no suggestions: useapi.net account list unavailable");
                    Vec::new()
                }
            }
        }
        _ => Vec::new(),
    };
    let to = Target::new(cmd.id, &cmd.token, arrival);
    if let Err(err) = deliver::autocomplete(http, to, choices).await {
        tracing::warn!(interaction = %cmd.id, error = %crate::logging::chain(&err), "suggestions could not be delivered");
    }
}

/// Channels containing what was typed so far, labelled so an admin can tell them apart.
/// Only real channel ids are offered: whatever useapi lists, a value is
/// 17–20 digits and a label at most [`MAX_LABEL`] characters, as Discord requires.
pub(super) fn suggestions(accounts: &[AccountChannel], typed: &str) -> Vec<AutocompleteChoice> {
    let typed = typed.trim();
    accounts
        .iter()
        .filter(|account| MjChannelId::parse(&account.channel).is_ok())
        .filter(|account| account.channel.contains(typed))
        .take(MAX_CHOICES)
        .map(|account| {
            let mut label = account.channel.clone();
            if let Some(server) = &account.server {
                label.push_str(&format!(" (server {server})"));
            }
            if account.pending_moderation.is_some() {
                label.push_str(" ⚠️ pending moderation");
            }
            AutocompleteChoice::new(
                label.chars().take(MAX_LABEL).collect::<String>(),
                account.channel.clone(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn account(channel: &str) -> AccountChannel {
        AccountChannel {
            channel: channel.into(),
            server: Some("42".into()),
            pending_moderation: None,
            max_jobs: None,
        }
    }

    #[test]
    fn suggestions_match_what_was_typed() {
        let accounts = vec![account("111111111111111111"), account("222222222222222222")];
        let all = suggestions(&accounts, "");
        assert_eq!(all.len(), 2);
        let json = serde_json::to_value(suggestions(&accounts, "2222")).unwrap();
        assert_eq!(
            json,
            json!([{"name": "222222222222222222 (server 42)", "value": "222222222222222222"}])
        );
        assert!(suggestions(&accounts, "333").is_empty());
    }

    #[test]
    fn whatever_useapi_lists_discord_gets_at_most_25_valid_choices() {
        let mut accounts: Vec<AccountChannel> = (0..40)
            .map(|i| AccountChannel {
                channel: format!("1000000000000000{i:02}"),
                server: Some("s".repeat(500)),
                pending_moderation: Some(String::new()),
                max_jobs: None,
            })
            .collect();
        accounts.push(account(&"9".repeat(300)));
        accounts.push(account("not an id"));
        let choices = serde_json::to_value(suggestions(&accounts, "")).unwrap();
        let choices = choices.as_array().unwrap();
        assert_eq!(choices.len(), 25);
        for choice in choices {
            let (name, value) = (
                choice["name"].as_str().unwrap(),
                choice["value"].as_str().unwrap(),
            );
            assert!(name.chars().count() <= 100, "{name}");
            assert!(MjChannelId::parse(value).is_ok(), "{value}");
        }
    }
}
