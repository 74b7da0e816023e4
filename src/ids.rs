//! Identifiers parsed once at the boundary, so the rest of the code never
//! handles an unchecked string.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// A Discord channel id under which the useapi.net account has a Midjourney
/// account configured (the `channel` field of useapi's job requests).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct MjChannelId(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{shown}` is not a Discord channel id: it must be 17 to 20 digits \
     (in Discord, turn on Developer Mode, right-click the Midjourney channel and choose Copy Channel ID)"
)]
pub struct InvalidMjChannelId {
    /// The rejected input, shortened so a pasted essay does not flood the reply.
    shown: String,
}

impl InvalidMjChannelId {
    /// What was typed, cut to 40 characters, for the member's sentence.
    pub fn shown(&self) -> &str {
        &self.shown
    }
}

impl MjChannelId {
    /// Accepts exactly 17 to 20 ASCII digits, the length of a Discord snowflake
    /// today and for the foreseeable future.
    pub fn parse(input: &str) -> Result<Self, InvalidMjChannelId> {
        let valid = (17..=20).contains(&input.len()) && input.bytes().all(|b| b.is_ascii_digit());
        if valid {
            Ok(Self(input.to_owned()))
        } else {
            Err(InvalidMjChannelId {
                shown: input.chars().take(40).collect(),
            })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MjChannelId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for MjChannelId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MjChannelId({})", self.0)
    }
}

impl<'de> Deserialize<'de> for MjChannelId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Self::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// What a server's slash commands were last registered as: the first 8
/// bytes of the SHA-256 of the commands' JSON, so a start compares one
/// number per server instead of asking Discord, and a changed command set
/// (a new version, a verb turned off) is noticed without keeping the set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CommandsFingerprint(u64);

impl CommandsFingerprint {
    pub fn of(commands_json: &[u8]) -> Self {
        let digest = ring::digest::digest(&ring::digest::SHA256, commands_json);
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest.as_ref()[..8]);
        Self(u64::from_be_bytes(first))
    }

    /// Its stored form: 16 lower-case hex digits.
    pub fn to_hex(self) -> String {
        format!("{:016x}", self.0)
    }

    /// A stored fingerprint; `None` unless it is exactly 16 hex digits.
    pub fn parse(hex: &str) -> Option<Self> {
        (hex.len() == 16 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| u64::from_str_radix(hex, 16).ok().map(Self))
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_reads_back_from_its_stored_form_and_tells_command_sets_apart() {
        let one = CommandsFingerprint::of(br#"[{"name":"fast"}]"#);
        let other = CommandsFingerprint::of(br#"[{"name":"relax"}]"#);
        assert_ne!(one, other);
        assert_eq!(CommandsFingerprint::parse(&one.to_hex()), Some(one));
        for bad in [
            "",
            "0123",
            "0123456789abcdeg",
            "+123456789abcdef",
            "0123456789abcdef0",
        ] {
            assert_eq!(CommandsFingerprint::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn accepts_17_to_20_digits() {
        for len in 17..=20 {
            let id = "1".repeat(len);
            assert_eq!(MjChannelId::parse(&id).unwrap().as_str(), id);
        }
    }

    #[test]
    fn rejects_wrong_lengths_and_non_digits() {
        for bad in [
            "",
            "1234567890123456",
            "123456789012345678901",
            "12345678901234567a",
            " 12345678901234567",
            "１２３４５６７８９０１２３４５６７８", // full-width digits are not ASCII
            "<#123456789012345678>",
            "-12345678901234567",
        ] {
            assert!(MjChannelId::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn error_names_the_input_and_how_to_find_an_id() {
        let err = MjChannelId::parse("general").unwrap_err().to_string();
        assert!(err.contains("`general`"), "{err}");
        assert!(err.contains("Copy Channel ID"), "{err}");
    }

    #[test]
    fn deserializing_checks_the_id() {
        assert!(serde_json::from_str::<MjChannelId>("\"123\"").is_err());
        let ok: MjChannelId = serde_json::from_str("\"12345678901234567\"").unwrap();
        assert_eq!(ok.as_str(), "12345678901234567");
    }

    mod properties {
        use proptest::prelude::*;

        use super::super::MjChannelId;

        proptest! {
            /// Digit strings around the accepted lengths, and anything at all.
            #[test]
            fn an_accepted_id_is_its_input_and_parses_again_to_itself(
                input in prop_oneof!["[0-9]{15,22}", any::<String>()]
            ) {
                if let Ok(id) = MjChannelId::parse(&input) {
                    prop_assert_eq!(id.as_str(), input.as_str());
                    prop_assert_eq!(id.to_string(), input.as_str());
                    prop_assert_eq!(MjChannelId::parse(id.as_str()), Ok(id.clone()));
                    let json = serde_json::to_string(&id).unwrap();
                    prop_assert_eq!(serde_json::from_str::<MjChannelId>(&json).unwrap(), id);
                }
            }

            /// One character that is not an ASCII digit (a letter, a space,
            /// `<#`, a full-width or Arabic-Indic digit...) anywhere, around
            /// digits of every length or arbitrary text.
            #[test]
            fn a_string_with_anything_but_ascii_digits_in_it_is_refused(
                before in prop_oneof!["[0-9]{0,20}", any::<String>()],
                odd in any::<char>().prop_filter("not an ASCII digit", |c| !c.is_ascii_digit()),
                after in prop_oneof!["[0-9]{0,20}", any::<String>()],
            ) {
                let input = format!("{before}{odd}{after}");
                prop_assert!(MjChannelId::parse(&input).is_err(), "{:?} was accepted", input);
            }

            #[test]
            fn every_digit_string_of_17_to_20_is_accepted(digits in proptest::collection::vec(0u8..10, 17..=20)) {
                let id: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
                prop_assert_eq!(MjChannelId::parse(&id).map(|i| i.to_string()), Ok(id));
            }

            #[test]
            fn other_lengths_of_digits_are_refused(digits in proptest::collection::vec(0u8..10, 0..40)) {
                prop_assume!(!(17..=20).contains(&digits.len()));
                let id: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
                prop_assert!(MjChannelId::parse(&id).is_err());
            }
        }
    }
}
