//! Sealing: round trips, other servers, tampering, unknown keys, rotation, no secret in Debug.

use super::*;

const GUILD: GuildId = GuildId::new(100_000_000_000_000_001);
const OTHER: GuildId = GuildId::new(200_000_000_000_000_002);
const KEY_A: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
const KEY_B: &str = "HxwdHhsaGRgXFhUUExIREA8ODQwLCgkIBwYFBAMCAQA=";

fn ring(raw: &str) -> KeyRing {
    KeyRing::parse(&SecretString::from(raw.to_owned())).unwrap()
}

fn token() -> SecretString {
    SecretString::from("user:4242-S3CR3T-us3ap1-token".to_owned())
}

#[test]
fn a_sealed_token_opens_for_its_server_only() {
    let keys = ring(&format!("k1:{KEY_A}"));
    let sealed = keys.seal(GUILD, &token()).unwrap();
    assert_eq!(sealed.key, "k1");
    assert!(!sealed.sealed.contains("S3CR3T"));
    assert_eq!(
        keys.open(GUILD, &sealed).unwrap().expose_secret(),
        token().expose_secret()
    );
    assert_eq!(keys.open(OTHER, &sealed).err(), Some(OpenError::Rejected));
}

#[test]
fn every_seal_has_its_own_nonce() {
    let keys = ring(&format!("k1:{KEY_A}"));
    let one = keys.seal(GUILD, &token()).unwrap();
    let two = keys.seal(GUILD, &token()).unwrap();
    assert_ne!(one.sealed, two.sealed);
}

#[test]
fn a_tampered_or_truncated_seal_is_rejected() {
    let keys = ring(&format!("k1:{KEY_A}"));
    let sealed = keys.seal(GUILD, &token()).unwrap();
    let mut bytes = STANDARD.decode(&sealed.sealed).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    let tampered = SealedToken {
        sealed: STANDARD.encode(&bytes),
        ..sealed.clone()
    };
    assert_eq!(keys.open(GUILD, &tampered).err(), Some(OpenError::Rejected));
    let cut = SealedToken {
        sealed: STANDARD.encode(&bytes[..bytes.len() - 16]),
        ..sealed
    };
    assert_eq!(keys.open(GUILD, &cut).err(), Some(OpenError::Rejected));
}

#[test]
fn a_key_missing_from_the_ring_is_named() {
    let sealed = ring(&format!("old:{KEY_A}")).seal(GUILD, &token()).unwrap();
    let keys = ring(&format!("new:{KEY_B}"));
    assert_eq!(
        keys.open(GUILD, &sealed).err(),
        Some(OpenError::UnknownKey("old".into()))
    );
}

#[test]
fn rotation_reseals_with_the_active_key_and_older_keys_still_open() {
    let sealed = ring(&format!("old:{KEY_A}")).seal(GUILD, &token()).unwrap();
    let keys = ring(&format!("new:{KEY_B},old:{KEY_A}"));
    assert!(keys.open(GUILD, &sealed).is_ok());
    let resealed = keys.reseal(GUILD, &sealed).unwrap().unwrap();
    assert_eq!(resealed.key, "new");
    assert_eq!(
        keys.open(GUILD, &resealed).unwrap().expose_secret(),
        token().expose_secret()
    );
    assert!(keys.reseal(GUILD, &resealed).unwrap().is_none());
}

#[test]
fn malformed_rings_are_refused_without_repeating_a_key() {
    for (raw, says) in [
        ("", "not `id:key`"),
        ("k1", "not `id:key`"),
        (&format!("k1:{}", &KEY_A[..20]) as &str, "32 bytes"),
        (&format!("bad id!:{KEY_A}"), "key id"),
        (&format!("{}:{KEY_A}", "x".repeat(17)), "key id"),
        (&format!("k1:{KEY_A},k1:{KEY_B}"), "twice"),
    ] {
        let err = KeyRing::parse(&SecretString::from(raw.to_owned())).unwrap_err();
        assert!(err.contains(says), "{raw}: {err}");
        assert!(!err.contains(&KEY_A[..20]), "{err}");
    }
}

#[test]
fn debug_output_holds_no_secret() {
    let keys = ring(&format!("k1:{KEY_A}"));
    let sealed = keys.seal(GUILD, &token()).unwrap();
    assert!(!format!("{keys:?}").contains(KEY_A));
    assert!(!format!("{sealed:?}").contains(&sealed.sealed));
}
