//! `mj-bridge keys rotate` and `keys check`: the key ring (`SECRETS_KEY`)
//! against the tokens the store holds. Neither ever prints a token.

use std::collections::BTreeMap;

use serenity::all::GuildId;

use crate::mapping::{GuildMapping, Mapping};
use crate::seal::{KeyRing, OpenError, ResealError};

/// What `keys check` found: how many tokens each key id seals, and the
/// servers whose tokens cannot be opened (and why).
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct KeyReport {
    pub sealed_by: BTreeMap<String, usize>,
    pub unopenable: Vec<(GuildId, OpenError)>,
}

impl KeyReport {
    /// The lines `keys check` prints.
    pub(crate) fn lines(&self, keys: &KeyRing) -> Vec<String> {
        let mut lines = vec![format!("active key: {}", keys.active_id())];
        if self.sealed_by.is_empty() {
            lines.push("no server has stored a token of its own".to_owned());
        }
        for (id, count) in &self.sealed_by {
            let known = if keys.has(id) {
                ""
            } else {
                " (not in SECRETS_KEY)"
            };
            lines.push(format!("key {id}{known}: {count} tokens"));
        }
        for (guild, why) in &self.unopenable {
            lines.push(format!("✗ server {guild}: its token cannot be opened: {why}; its admins must enter it again with /mj-channel account set"));
        }
        lines
    }
}

/// Tries every stored token with `keys`.
pub(crate) fn check(keys: &KeyRing, settings: &Mapping) -> KeyReport {
    let mut report = KeyReport::default();
    for (guild, account) in accounts(settings) {
        *report
            .sealed_by
            .entry(account.token.key.clone())
            .or_default() += 1;
        if let Err(why) = keys.open(*guild, &account.token) {
            report.unopenable.push((*guild, why));
        }
    }
    report
}

/// The accounts re-sealed with the active key, as a mapping holding only
/// them (for `Store::import`, whose entries win); the servers whose tokens
/// could not be opened are returned beside it, untouched.
pub(crate) fn rotate(keys: &KeyRing, settings: &Mapping) -> (Mapping, Vec<(GuildId, ResealError)>) {
    let mut resealed = Mapping::default();
    let mut failed = Vec::new();
    for (guild, account) in accounts(settings) {
        match keys.reseal(*guild, &account.token) {
            Ok(Some(token)) => {
                let mut account = account.clone();
                account.token = token;
                resealed.guilds.insert(
                    *guild,
                    GuildMapping {
                        account: Some(account),
                        ..GuildMapping::default()
                    },
                );
            }
            Ok(None) => {}
            Err(why) => failed.push((*guild, why)),
        }
    }
    (resealed, failed)
}

/// The first stored token sealed with a key the ring does not have: the
/// bot must not start without it (a restart cannot help; exit 78).
pub(crate) fn missing_key(keys: Option<&KeyRing>, settings: &Mapping) -> Option<String> {
    accounts(settings)
        .map(|(_, account)| &account.token.key)
        .find(|id| !keys.is_some_and(|keys| keys.has(id)))
        .cloned()
}

fn accounts(settings: &Mapping) -> impl Iterator<Item = (&GuildId, &crate::mapping::OwnAccount)> {
    settings
        .guilds
        .iter()
        .filter_map(|(guild, g)| g.account.as_ref().map(|account| (guild, account)))
}

#[cfg(test)]
mod tests {
    use secrecy::SecretString;

    use super::*;
    use crate::mapping::OwnAccount;

    const KEY_A: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    const KEY_B: &str = "HxwdHhsaGRgXFhUUExIREA8ODQwLCgkIBwYFBAMCAQA=";

    fn ring(raw: &str) -> KeyRing {
        KeyRing::parse(&SecretString::from(raw.to_owned())).unwrap()
    }

    fn with_accounts(keys: &KeyRing, guilds: &[u64]) -> Mapping {
        let mut mapping = Mapping::default();
        for guild in guilds {
            let guild = GuildId::new(*guild);
            let token = keys
                .seal(guild, &SecretString::from(format!("token-of-{guild}")))
                .unwrap();
            mapping.guilds.insert(
                guild,
                GuildMapping {
                    account: Some(OwnAccount {
                        token,
                        verified_at: 1,
                        channels: 1,
                    }),
                    ..GuildMapping::default()
                },
            );
        }
        mapping
    }

    #[test]
    fn rotation_reseals_every_token_with_the_active_key() {
        let old = ring(&format!("old:{KEY_A}"));
        let settings = with_accounts(&old, &[1, 2]);
        let keys = ring(&format!("new:{KEY_B},old:{KEY_A}"));

        let (resealed, failed) = rotate(&keys, &settings);

        assert!(failed.is_empty());
        let mut after = settings.clone();
        after.merge(&resealed);
        let report = check(&keys, &after);
        assert_eq!(report.sealed_by, BTreeMap::from([("new".to_owned(), 2)]));
        assert!(report.unopenable.is_empty());
        // Sealed with the active key already: nothing to do the second time.
        assert!(rotate(&keys, &after).0.guilds.is_empty());
    }

    #[test]
    fn check_names_the_servers_whose_tokens_do_not_open() {
        let old = ring(&format!("old:{KEY_A}"));
        let settings = with_accounts(&old, &[1, 2]);
        let keys = ring(&format!("new:{KEY_B}"));

        let report = check(&keys, &settings);

        assert_eq!(report.unopenable.len(), 2);
        assert_eq!(missing_key(Some(&keys), &settings), Some("old".to_owned()));
        assert_eq!(missing_key(None, &settings), Some("old".to_owned()));
        assert_eq!(missing_key(Some(&old), &settings), None);
        let lines = report.lines(&keys).join("\n");
        assert!(
            lines.contains("key old (not in SECRETS_KEY): 2 tokens"),
            "{lines}"
        );
        assert!(lines.contains("server 1"), "{lines}");
        assert!(!lines.contains("token-of"), "{lines}");
    }
}
