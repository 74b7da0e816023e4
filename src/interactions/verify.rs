//! Discord's signature on every request it POSTs to the bot: Ed25519 over
//! `X-Signature-Timestamp` followed by the raw body, with the application's
//! public key (`verify_key`). Checked before anything of the body is read
//! as JSON; `ring` verifies it (no new crypto dependency).

use ring::signature::{UnparsedPublicKey, ED25519};

/// The application's public key, parsed once at start.
#[derive(Clone)]
pub(crate) struct PublicKey([u8; 32]);

impl PublicKey {
    /// `verify_key` as Discord gives it: 64 hex digits.
    pub(crate) fn parse(hex: &str) -> Option<Self> {
        hex_bytes(hex).map(Self)
    }

    /// Whether `signature` (128 hex digits) signs `timestamp` then `body`.
    pub(crate) fn verifies(&self, timestamp: &[u8], body: &[u8], signature: &str) -> bool {
        let Some(signature) = hex_bytes::<64>(signature) else {
            return false;
        };
        let mut message = Vec::with_capacity(timestamp.len() + body.len());
        message.extend_from_slice(timestamp);
        message.extend_from_slice(body);
        UnparsedPublicKey::new(&ED25519, &self.0)
            .verify(&message, &signature)
            .is_ok()
    }
}

/// Exactly `N` bytes written as `2 * N` hex digits, else `None`.
fn hex_bytes<const N: usize>(hex: &str) -> Option<[u8; N]> {
    let digits = hex.as_bytes();
    if digits.len() != 2 * N {
        return None;
    }
    let mut bytes = [0u8; N];
    for (byte, pair) in bytes.iter_mut().zip(digits.chunks_exact(2)) {
        let digit = |d: u8| char::from(d).to_digit(16);
        *byte = u8::try_from(digit(pair[0])? * 16 + digit(pair[1])?).ok()?;
    }
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use ring::rand::SystemRandom;
    use ring::signature::{Ed25519KeyPair, KeyPair};

    use super::*;

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().fold(String::new(), |mut hex, b| {
            hex.push_str(&format!("{b:02x}"));
            hex
        })
    }

    #[test]
    fn only_the_right_signature_over_timestamp_and_body_verifies() {
        let pkcs8 = Ed25519KeyPair::generate_pkcs8(&SystemRandom::new()).unwrap();
        let pair = Ed25519KeyPair::from_pkcs8(pkcs8.as_ref()).unwrap();
        let key = PublicKey::parse(&hex(pair.public_key().as_ref())).unwrap();
        let signature = hex(pair.sign(b"1700000000{\"type\":1}").as_ref());

        assert!(key.verifies(b"1700000000", b"{\"type\":1}", &signature));
        assert!(!key.verifies(b"1700000001", b"{\"type\":1}", &signature));
        assert!(!key.verifies(b"1700000000", b"{\"type\":2}", &signature));
        assert!(!key.verifies(b"1700000000", b"{\"type\":1}", &signature[2..]));
        assert!(!key.verifies(b"1700000000", b"{\"type\":1}", "zz"));
    }

    #[test]
    fn a_key_is_64_hex_digits() {
        assert!(PublicKey::parse(&"ab".repeat(32)).is_some());
        assert!(PublicKey::parse(&"ab".repeat(31)).is_none());
        assert!(PublicKey::parse(&"zz".repeat(32)).is_none());
        assert!(PublicKey::parse("").is_none());
    }
}
