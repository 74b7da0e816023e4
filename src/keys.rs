//! `mj-bridge keys rotate`, `keys check` and `keys forget`: the key ring
//! (`SECRETS_KEY`) against the tokens the store holds. None ever prints a
//! token.

use std::collections::BTreeMap;

use serenity::all::GuildId;

use crate::seal::{KeyRing, OpenError, ResealError, SealedToken};
use crate::settings::{Edit, Mapping};
use crate::store::{SettingsStore, StoreError};

/// What an operator does about a server's token that does not open: its
/// admins enter it again, or the operator removes it (then the old key can go).
fn unopenable_fix(guild: GuildId) -> String {
    format!("its admins must enter it again with /mj-channel account set, or remove it with `mj-bridge keys forget {guild}`")
}

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
            lines.push(format!(
                "✗ server {guild}: its token cannot be opened: {why}; {}",
                unopenable_fix(*guild)
            ));
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

/// One stored token to seal again: as it was read, and sealed anew.
#[derive(Debug)]
pub(crate) struct Reseal {
    pub guild: GuildId,
    pub read: SealedToken,
    pub resealed: SealedToken,
}

/// Every token not sealed with the active key, opened and sealed again
/// with it; the servers whose tokens could not be opened beside them.
pub(crate) fn plan(
    keys: &KeyRing,
    settings: &Mapping,
) -> (Vec<Reseal>, Vec<(GuildId, ResealError)>) {
    let mut reseals = Vec::new();
    let mut failed = Vec::new();
    for (guild, account) in accounts(settings) {
        match keys.reseal(*guild, &account.token) {
            Ok(Some(resealed)) => reseals.push(Reseal {
                guild: *guild,
                read: account.token.clone(),
                resealed,
            }),
            Ok(None) => {}
            Err(why) => failed.push((*guild, why)),
        }
    }
    (reseals, failed)
}

/// What `keys rotate` did.
#[derive(Debug, Default)]
pub(crate) struct Rotation {
    pub resealed: usize,
    /// Servers whose token changed between the read and the write (an
    /// admin cleared it or entered a new one): left as they are.
    pub skipped: Vec<GuildId>,
    /// Servers whose token cannot be opened: left as they are.
    pub failed: Vec<(GuildId, ResealError)>,
}

impl Rotation {
    /// The lines `keys rotate` prints.
    pub(crate) fn lines(&self, keys: &KeyRing) -> Vec<String> {
        let mut lines = vec![format!(
            "re-sealed {} tokens with key {}",
            self.resealed,
            keys.active_id()
        )];
        for guild in &self.skipped {
            lines.push(format!("skipped server {guild}: its token changed while this ran (cleared or entered again), so it was left as it is; `mj-bridge keys check` says whether it still needs a rotation"));
        }
        for (guild, why) in &self.failed {
            lines.push(format!(
                "✗ server {guild}: its token cannot be opened: {why}; left as it was: {}",
                unopenable_fix(*guild)
            ));
        }
        lines
    }
}

/// Seals every token of `store` again with the active key, each only if
/// it is still the one read (see [`SettingsStore::reseal_token`]).
pub(crate) async fn rotate(
    keys: &KeyRing,
    store: &dyn SettingsStore,
) -> Result<Rotation, StoreError> {
    let settings = store.export().await?;
    let (reseals, failed) = plan(keys, &settings);
    let mut rotation = Rotation {
        failed,
        ..Rotation::default()
    };
    for Reseal {
        guild,
        read,
        resealed,
    } in reseals
    {
        if store.reseal_token(guild, &read, &resealed).await? {
            rotation.resealed += 1;
        } else {
            rotation.skipped.push(guild);
        }
    }
    Ok(rotation)
}

/// Deletes `guild`'s stored token, whatever it is (one that no key opens
/// any more included); returns whether there was one.
pub(crate) async fn forget(store: &dyn SettingsStore, guild: GuildId) -> Result<bool, StoreError> {
    store.edit(guild, Edit::Account(None)).await
}

/// The first stored token sealed with a key the ring does not have: the
/// bot must not start without it (a restart cannot help; exit 78). A token
/// whose key the ring holds but which does not open with it (altered,
/// copied from another server) is no reason not to start: that server's
/// commands say it must be entered again, and `keys check` names it.
pub(crate) fn missing_key(keys: Option<&KeyRing>, settings: &Mapping) -> Option<String> {
    accounts(settings)
        .map(|(_, account)| &account.token.key)
        .find(|id| !keys.is_some_and(|keys| keys.has(id)))
        .cloned()
}

fn accounts(settings: &Mapping) -> impl Iterator<Item = (&GuildId, &crate::settings::OwnAccount)> {
    settings
        .guilds
        .iter()
        .filter_map(|(guild, g)| g.account.as_ref().map(|account| (guild, account)))
}

#[cfg(test)]
mod tests {
    use secrecy::SecretString;

    use super::*;
    use crate::settings::{GuildMapping, OwnAccount};

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

    /// `settings` with `reseals` written in.
    fn applied(settings: &Mapping, reseals: Vec<Reseal>) -> Mapping {
        let mut after = settings.clone();
        for reseal in reseals {
            let account = after
                .guilds
                .get_mut(&reseal.guild)
                .and_then(|g| g.account.as_mut())
                .unwrap();
            assert_eq!(account.token, reseal.read);
            account.token = reseal.resealed;
        }
        after
    }

    #[test]
    fn rotation_reseals_every_token_with_the_active_key() {
        let old = ring(&format!("old:{KEY_A}"));
        let settings = with_accounts(&old, &[1, 2]);
        let keys = ring(&format!("new:{KEY_B},old:{KEY_A}"));

        let (reseals, failed) = plan(&keys, &settings);

        assert!(failed.is_empty());
        let after = applied(&settings, reseals);
        let report = check(&keys, &after);
        assert_eq!(report.sealed_by, BTreeMap::from([("new".to_owned(), 2)]));
        assert!(report.unopenable.is_empty());
        // Sealed with the active key already: nothing to do the second time.
        assert!(plan(&keys, &after).0.is_empty());
    }

    #[test]
    fn rotation_leaves_a_token_that_does_not_open_and_says_how_to_remove_it() {
        let old = ring(&format!("old:{KEY_A}"));
        let mut settings = with_accounts(&old, &[1, 2]);
        // Server 2's token copied to server 1: it does not open there.
        let copied = settings.guilds[&GuildId::new(2)].clone();
        settings.guilds.insert(GuildId::new(1), copied);
        let keys = ring(&format!("new:{KEY_B},old:{KEY_A}"));

        let (reseals, failed) = plan(&keys, &settings);

        assert_eq!(reseals.len(), 1);
        assert_eq!(failed.len(), 1);
        let rotation = Rotation {
            resealed: 1,
            skipped: vec![GuildId::new(3)],
            failed,
        };
        let lines = rotation.lines(&keys).join("\n");
        assert!(lines.contains("re-sealed 1 tokens with key new"), "{lines}");
        assert!(
            lines.contains("skipped server 3: its token changed"),
            "{lines}"
        );
        assert!(
            lines.contains("✗ server 1:") && lines.contains("`mj-bridge keys forget 1`"),
            "{lines}"
        );
    }

    #[test]
    fn only_a_missing_key_id_stops_the_bot_never_a_token_that_does_not_open() {
        let keys = ring(&format!("k1:{KEY_A}"));
        let mut settings = with_accounts(&keys, &[1, 2]);
        let copied = settings.guilds[&GuildId::new(2)].clone();
        settings.guilds.insert(GuildId::new(1), copied);

        assert_eq!(check(&keys, &settings).unopenable.len(), 1);
        assert_eq!(missing_key(Some(&keys), &settings), None);
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
        assert!(lines.contains("mj-bridge keys forget 1"), "{lines}");
        assert!(!lines.contains("token-of"), "{lines}");
    }
}
