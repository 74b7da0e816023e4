//! Each server's own useapi.net token, sealed at rest: AES-256-GCM (ring,
//! already in the tree through rustls), a fresh random 96-bit nonce from the
//! OS for every seal, the authentication tag kept whole, the server's id as
//! associated data (a ciphertext copied to another server does not open),
//! and the id of the key beside the ciphertext, so keys can be rotated.
//!
//! `SECRETS_KEY` holds the key ring: `id:key` pairs separated by commas,
//! `id` 1–16 characters of `A-Za-z0-9_-`, `key` 32 bytes in standard base64.
//! The first pair seals; every pair opens.

use std::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use ring::rand::{SecureRandom, SystemRandom};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serenity::all::GuildId;

/// Bound into every seal beside the server id: a sealed token is only ever
/// opened as a useapi token of this bot.
const PURPOSE: &[u8] = b"mj-bridge useapi token v1 for guild ";
const KEY_LEN: usize = 32;
const MAX_KEY_ID: usize = 16;

/// A sealed token as it is stored: never the token itself.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedToken {
    /// Which key of the ring sealed it.
    pub key: String,
    /// Standard base64 of the nonce followed by the ciphertext and its tag.
    pub sealed: String,
}

impl fmt::Debug for SealedToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SealedToken {{ key: {:?}, .. }}", self.key)
    }
}

/// Why a sealed token did not open.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error("it was sealed with key `{0}`, which is not in SECRETS_KEY")]
    UnknownKey(String),
    /// Altered, copied from another server, or sealed with another key of the same id.
    #[error("it does not authenticate (altered, copied from another server, or a different key under the same id)")]
    Rejected,
}

struct Key {
    id: String,
    key: LessSafeKey,
}

/// The keys of `SECRETS_KEY`; the first seals.
pub struct KeyRing {
    keys: Vec<Key>,
    random: SystemRandom,
}

impl fmt::Debug for KeyRing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<&str> = self.keys.iter().map(|k| k.id.as_str()).collect();
        write!(f, "KeyRing {{ ids: {ids:?} }}")
    }
}

impl KeyRing {
    /// Parses `id:key,id:key…`; the reason never repeats a key.
    pub fn parse(raw: &SecretString) -> Result<Self, String> {
        let mut keys: Vec<Key> = Vec::new();
        for (n, pair) in raw.expose_secret().split(',').map(str::trim).enumerate() {
            let which = n + 1;
            let (id, encoded) = pair
                .split_once(':')
                .ok_or_else(|| format!("pair {which} is not `id:key`"))?;
            let id_ok = (1..=MAX_KEY_ID).contains(&id.len())
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
            if !id_ok {
                return Err(format!(
                    "pair {which}: a key id is 1 to {MAX_KEY_ID} characters of A-Z, a-z, 0-9, _ and -"
                ));
            }
            if keys.iter().any(|k| k.id == id) {
                return Err(format!("key id `{id}` appears twice"));
            }
            let bytes = STANDARD
                .decode(encoded.trim())
                .ok()
                .filter(|b| b.len() == KEY_LEN)
                .ok_or_else(|| {
                    format!("key `{id}` must be {KEY_LEN} bytes in standard base64 (e.g. `openssl rand -base64 32`)")
                })?;
            let key = UnboundKey::new(&AES_256_GCM, &bytes)
                .map_err(|_| format!("key `{id}` cannot be used"))?;
            keys.push(Key {
                id: id.to_owned(),
                key: LessSafeKey::new(key),
            });
        }
        if keys.is_empty() {
            return Err("it holds no key".into());
        }
        Ok(Self {
            keys,
            random: SystemRandom::new(),
        })
    }

    /// The id of the key that seals.
    pub fn active_id(&self) -> &str {
        &self.keys[0].id
    }

    pub fn has(&self, id: &str) -> bool {
        self.keys.iter().any(|k| k.id == id)
    }

    /// Seals `token` for `guild` with the active key.
    pub fn seal(&self, guild: GuildId, token: &SecretString) -> Result<SealedToken, SealError> {
        let active = &self.keys[0];
        let mut nonce = [0u8; NONCE_LEN];
        self.random.fill(&mut nonce).map_err(|_| SealError)?;
        let mut data = token.expose_secret().as_bytes().to_vec();
        active
            .key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(associated(guild)),
                &mut data,
            )
            .map_err(|_| SealError)?;
        let mut stored = nonce.to_vec();
        stored.append(&mut data);
        Ok(SealedToken {
            key: active.id.clone(),
            sealed: STANDARD.encode(stored),
        })
    }

    /// Opens `sealed` as `guild`'s token.
    pub fn open(&self, guild: GuildId, sealed: &SealedToken) -> Result<SecretString, OpenError> {
        let key = self
            .keys
            .iter()
            .find(|k| k.id == sealed.key)
            .ok_or_else(|| OpenError::UnknownKey(sealed.key.clone()))?;
        let mut bytes = STANDARD
            .decode(&sealed.sealed)
            .map_err(|_| OpenError::Rejected)?;
        if bytes.len() < NONCE_LEN {
            return Err(OpenError::Rejected);
        }
        let mut data = bytes.split_off(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(&bytes).map_err(|_| OpenError::Rejected)?;
        let plain = key
            .key
            .open_in_place(nonce, Aad::from(associated(guild)), &mut data)
            .map_err(|_| OpenError::Rejected)?;
        let token = std::str::from_utf8(plain).map_err(|_| OpenError::Rejected)?;
        Ok(SecretString::from(token.to_owned()))
    }

    /// `sealed` opened and sealed again with the active key; `None` when it
    /// already is sealed with it.
    pub fn reseal(
        &self,
        guild: GuildId,
        sealed: &SealedToken,
    ) -> Result<Option<SealedToken>, ResealError> {
        if sealed.key == self.active_id() {
            return Ok(None);
        }
        let token = self.open(guild, sealed)?;
        Ok(Some(self.seal(guild, &token)?))
    }
}

fn associated(guild: GuildId) -> Vec<u8> {
    let mut aad = PURPOSE.to_vec();
    aad.extend_from_slice(guild.get().to_string().as_bytes());
    aad
}

/// The OS could not give random bytes, or the cipher refused: nothing was sealed.
#[derive(Debug, thiserror::Error)]
#[error("the token could not be sealed (no randomness from the OS)")]
pub struct SealError;

#[derive(Debug, thiserror::Error)]
pub enum ResealError {
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error(transparent)]
    Seal(#[from] SealError),
}

#[cfg(test)]
mod tests;
