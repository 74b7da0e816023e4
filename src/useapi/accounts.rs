//! The account's Midjourney channels (`GET /v2/account/midjourney`), cached
//! briefly because admins type ids in bursts.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

use super::error::UPSTREAM_TEXT_MAX;
use super::UseapiError;
use crate::untrusted::clean;

/// How long the account list is reused.
const ACCOUNTS_TTL: Duration = Duration::from_secs(60);

/// One Midjourney account configured at useapi.net.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountChannel {
    pub channel: String,
    pub server: Option<String>,
    /// useapi's `pendingModMessage` (cleaned: control characters escaped, at
    /// most 300 characters) while it refuses jobs for this account until
    /// someone resolves it.
    pub pending_moderation: Option<String>,
    /// useapi's `maxJobs`: the jobs it runs at once on this account (1 to
    /// 1,000 is believed; anything else is ignored).
    pub max_jobs: Option<u16>,
}

/// Whether useapi.net knows a Midjourney channel (`GET /v2/account/midjourney/{channel}`).
#[derive(Debug, Clone)]
pub enum AccountCheck {
    Configured,
    NotConfigured,
    /// useapi could not be asked, or answered something else.
    Unverified(UseapiError),
}

/// The last good account list and when it was fetched. Errors are not cached.
#[derive(Default)]
pub(super) struct AccountCache(Mutex<Option<(Instant, Arc<Vec<AccountChannel>>)>>);

impl AccountCache {
    pub(super) fn fresh(&self) -> Option<Arc<Vec<AccountChannel>>> {
        let cached = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        match &*cached {
            Some((fetched, accounts)) if fetched.elapsed() < ACCOUNTS_TTL => Some(accounts.clone()),
            _ => None,
        }
    }

    pub(super) fn store(&self, accounts: Arc<Vec<AccountChannel>>) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some((Instant::now(), accounts));
    }
}

/// useapi documents an object keyed by channel id; an array of account
/// objects is accepted too. Entries without a channel id are skipped, and
/// unknown fields are ignored.
pub fn parse_accounts(body: &[u8]) -> Result<Vec<AccountChannel>, UseapiError> {
    let invalid = |reason: String| UseapiError::invalid_body(200, &reason);
    let value: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| invalid(e.to_string()))?;
    let entries: Vec<(Option<&str>, &serde_json::Value)> = match &value {
        serde_json::Value::Object(map) => {
            map.iter().map(|(key, v)| (Some(key.as_str()), v)).collect()
        }
        serde_json::Value::Array(items) => items.iter().map(|v| (None, v)).collect(),
        _ => return Err(invalid("expected an object of Midjourney accounts".into())),
    };
    let mut accounts: Vec<AccountChannel> = entries
        .into_iter()
        .filter_map(|(key, entry)| {
            let channel = entry
                .get("channel")
                .and_then(|c| c.as_str())
                .or(key)?
                .to_owned();
            Some(AccountChannel {
                channel,
                server: entry
                    .get("server")
                    .and_then(|s| s.as_str())
                    .map(str::to_owned),
                pending_moderation: pending_message(entry.get("pendingModMessage")),
                max_jobs: entry
                    .get("maxJobs")
                    .and_then(serde_json::Value::as_u64)
                    .filter(|max| (1..=1000).contains(max))
                    .and_then(|max| u16::try_from(max).ok()),
            })
        })
        .collect();
    accounts.sort_by(|a, b| a.channel.cmp(&b.channel));
    Ok(accounts)
}

/// `pendingModMessage`'s text, cleaned; any other non-empty value counts
/// too, without words.
fn pending_message(value: Option<&serde_json::Value>) -> Option<String> {
    match value? {
        serde_json::Value::Null => None,
        serde_json::Value::String(text) if text.trim().is_empty() => None,
        serde_json::Value::String(text) => Some(clean(text.trim(), UPSTREAM_TEXT_MAX)),
        _ => Some(String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_are_read_from_the_documented_object_and_from_an_array() {
        let documented = br#"{
            "222222222222222222": {"channel": "222222222222222222", "server": "9", "discord": "abc...xyz", "maxJobs": 3},
            "111111111111111111": {"server": "8", "pendingModMessage": "Please acknowledge", "extra": true}
        }"#;
        let accounts = parse_accounts(documented).unwrap();
        assert_eq!(
            accounts,
            vec![
                AccountChannel {
                    channel: "111111111111111111".into(),
                    server: Some("8".into()),
                    pending_moderation: Some("Please acknowledge".into()),
                    max_jobs: None,
                },
                AccountChannel {
                    channel: "222222222222222222".into(),
                    server: Some("9".into()),
                    pending_moderation: None,
                    max_jobs: Some(3),
                },
            ]
        );
        let hostile = br#"{"1": {"pendingModMessage": "line\nFORGED"}, "2": {"pendingModMessage": true}, "3": {"pendingModMessage": ""}}"#;
        let said: Vec<Option<String>> = parse_accounts(hostile)
            .unwrap()
            .into_iter()
            .map(|a| a.pending_moderation)
            .collect();
        assert_eq!(
            said,
            vec![Some("line\\nFORGED".into()), Some(String::new()), None]
        );
        let array = br#"[{"channel": "333333333333333333"}, {"server": "no channel"}]"#;
        assert_eq!(parse_accounts(array).unwrap().len(), 1);
        assert!(parse_accounts(b"\"nope\"").is_err());
        assert!(parse_accounts(b"<html>").is_err());
    }
}
