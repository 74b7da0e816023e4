//! The mapping's rules and file format.

use super::*;

fn mj(n: u64) -> MjChannelId {
    MjChannelId::parse(&format!("{}", 100_000_000_000_000_000 + n)).unwrap()
}

const GUILD: GuildId = GuildId::new(1);
const OTHER_GUILD: GuildId = GuildId::new(2);
const CHANNEL: ChannelId = ChannelId::new(10);
const THREAD: ChannelId = ChannelId::new(11);
const UNMAPPED: ChannelId = ChannelId::new(12);

fn at(guild: GuildId, channel: ChannelId, parent: Option<ChannelId>) -> Location {
    Location {
        guild,
        channel,
        parent,
    }
}

fn sample() -> Mapping {
    let mut m = Mapping::default();
    m.apply(
        GUILD,
        Edit::Set {
            channel: CHANNEL,
            mj: mj(1),
        },
    );
    m.apply(GUILD, Edit::Default(Some(mj(9))));
    m
}

#[test]
fn a_channel_uses_its_own_mapping() {
    assert_eq!(sample().resolve(at(GUILD, CHANNEL, None)), Some(&mj(1)));
}

#[test]
fn a_thread_uses_its_parent_mapping() {
    assert_eq!(
        sample().resolve(at(GUILD, THREAD, Some(CHANNEL))),
        Some(&mj(1))
    );
}

#[test]
fn a_thread_with_its_own_mapping_prefers_it() {
    let mut m = sample();
    m.apply(
        GUILD,
        Edit::Set {
            channel: THREAD,
            mj: mj(2),
        },
    );
    assert_eq!(m.resolve(at(GUILD, THREAD, Some(CHANNEL))), Some(&mj(2)));
}

#[test]
fn an_unmapped_channel_uses_the_server_default() {
    assert_eq!(sample().resolve(at(GUILD, UNMAPPED, None)), Some(&mj(9)));
    assert_eq!(
        sample().resolve(at(GUILD, THREAD, Some(UNMAPPED))),
        Some(&mj(9))
    );
}

#[test]
fn without_default_an_unmapped_channel_resolves_to_none() {
    let mut m = sample();
    m.apply(GUILD, Edit::Default(None));
    assert_eq!(m.resolve(at(GUILD, UNMAPPED, None)), None);
}

#[test]
fn another_guild_never_sees_these_mappings() {
    assert_eq!(sample().resolve(at(OTHER_GUILD, CHANNEL, None)), None);
    assert_eq!(sample().resolve(at(OTHER_GUILD, UNMAPPED, None)), None);
}

#[test]
fn apply_reports_changes_and_drops_empty_guilds() {
    let mut m = sample();
    assert!(!m.apply(
        GUILD,
        Edit::Set {
            channel: CHANNEL,
            mj: mj(1)
        }
    ));
    assert!(m.apply(GUILD, Edit::Unset { channel: CHANNEL }));
    assert!(!m.apply(GUILD, Edit::Unset { channel: CHANNEL }));
    assert!(m.apply(GUILD, Edit::Default(None)));
    assert!(m.guilds.is_empty());
}

#[test]
fn verbs_are_turned_off_and_on_per_guild() {
    let mut m = sample();
    let relax = Verb::by_name("relax").unwrap();
    assert!(m.apply(
        GUILD,
        Edit::Verb {
            verb: relax,
            enabled: false
        }
    ));
    assert!(!m.apply(
        GUILD,
        Edit::Verb {
            verb: relax,
            enabled: false
        }
    ));
    assert!(m.guilds[&GUILD].disabled.contains(&relax));
    assert!(!m.guilds.contains_key(&OTHER_GUILD));
    let json: serde_json::Value = serde_json::from_slice(&m.to_json().unwrap()).unwrap();
    assert_eq!(
        json["guilds"]["1"]["disabled"],
        serde_json::json!(["relax"])
    );
    assert_eq!(Mapping::from_json(&m.to_json().unwrap()).unwrap(), m);
    assert!(m.apply(
        GUILD,
        Edit::Verb {
            verb: relax,
            enabled: true
        }
    ));
    assert!(m.guilds[&GUILD].disabled.is_empty());
}

#[test]
fn the_audit_channel_is_stored_as_a_string_and_cleared() {
    let mut m = Mapping::default();
    assert!(m.apply(GUILD, Edit::Audit(Some(UNMAPPED))));
    assert!(!m.apply(GUILD, Edit::Audit(Some(UNMAPPED))));
    let json: serde_json::Value = serde_json::from_slice(&m.to_json().unwrap()).unwrap();
    assert_eq!(json["guilds"]["1"], serde_json::json!({"audit": "12"}));
    assert_eq!(Mapping::from_json(&m.to_json().unwrap()).unwrap(), m);
    assert!(m.apply(GUILD, Edit::Audit(None)));
    assert!(m.guilds.is_empty());
}

#[test]
fn merging_lets_the_other_entries_win_and_keeps_the_rest() {
    let mut ours = sample();
    ours.apply(GUILD, Edit::Audit(Some(UNMAPPED)));
    let mut theirs = Mapping::default();
    theirs.apply(
        GUILD,
        Edit::Set {
            channel: CHANNEL,
            mj: mj(5),
        },
    );
    theirs.apply(
        GUILD,
        Edit::Set {
            channel: THREAD,
            mj: mj(6),
        },
    );
    theirs.apply(OTHER_GUILD, Edit::Default(Some(mj(7))));
    assert!(ours.merge(&theirs));
    assert!(!ours.merge(&theirs), "merging again changes nothing");
    assert_eq!(ours.resolve(at(GUILD, CHANNEL, None)), Some(&mj(5)));
    assert_eq!(ours.resolve(at(GUILD, THREAD, None)), Some(&mj(6)));
    assert_eq!(
        ours.resolve(at(GUILD, UNMAPPED, None)),
        Some(&mj(9)),
        "default kept"
    );
    assert_eq!(ours.guilds[&GUILD].audit, Some(UNMAPPED));
    assert_eq!(ours.resolve(at(OTHER_GUILD, UNMAPPED, None)), Some(&mj(7)));
}

#[test]
fn the_file_format_is_the_documented_one() {
    let json: serde_json::Value = serde_json::from_slice(&sample().to_json().unwrap()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"version": 1, "guilds": {"1": {
            "default": "100000000000000009",
            "channels": {"10": "100000000000000001"}
        }}})
    );
    assert_eq!(
        Mapping::from_json(&sample().to_json().unwrap()).unwrap(),
        sample()
    );
}

#[test]
fn the_example_file_parses() {
    let example = include_bytes!("../../config/channels.example.json");
    Mapping::from_json(example).unwrap();
}

#[test]
fn invalid_files_are_refused_with_a_reason() {
    for (bad, expect) in [
        (&b"{"[..], "EOF"),
        (b"[]", "JSON object"),
        (b"[1, {}]", "JSON object"),
        (br#"{"version":2,"guilds":{}}"#, "version 2"),
        (br#"{"guilds":{}}"#, "version"),
        (
            br#"{"version":1,"guilds":{"1":{"default":"42"}}}"#,
            "17 to 20 digits",
        ),
        (br#"{"version":1,"guilds":{"x":{}}}"#, "invalid"),
        (br#"{"version":1,"guilds":{"1":{"chanels":{}}}}"#, "chanels"),
        (
            br#"{"version":1,"guilds":{"1":{"disabled":["fsat"]}}}"#,
            "`fsat` is not a command of this bot",
        ),
    ] {
        let err = Mapping::from_json(bad).unwrap_err().to_string();
        assert!(
            err.contains(expect),
            "{}: {err}",
            String::from_utf8_lossy(bad)
        );
    }
}

mod properties {
    use proptest::prelude::*;
    use serde_json::Value;

    use super::super::*;

    fn mj_id() -> impl Strategy<Value = MjChannelId> {
        (10_000_000_000_000_000u64..u64::MAX)
            .prop_map(|n| MjChannelId::parse(&n.to_string()).unwrap())
    }

    fn mapping() -> impl Strategy<Value = Mapping> {
        let verb = proptest::sample::select(Verb::ALL);
        let guild = (
            proptest::option::of(mj_id()),
            proptest::collection::btree_map((1..u64::MAX).prop_map(ChannelId::new), mj_id(), 0..5),
            proptest::collection::btree_set(verb, 0..3),
            proptest::option::of((1..u64::MAX).prop_map(ChannelId::new)),
            proptest::option::of((
                "[a-z0-9]{1,16}",
                "[A-Za-z0-9+/]{40}",
                any::<u64>(),
                any::<u32>(),
            )),
            proptest::option::of(proptest::sample::select(crate::locale::Lang::ALL.to_vec())),
        )
            .prop_map(
                |(default, channels, disabled, audit, account, language)| GuildMapping {
                    default,
                    channels,
                    disabled,
                    audit,
                    language,
                    account: account.map(|(key, sealed, verified_at, channels)| OwnAccount {
                        token: crate::seal::SealedToken { key, sealed },
                        verified_at,
                        channels,
                    }),
                },
            )
            .prop_filter("empty guilds are not stored", |g| {
                *g != GuildMapping::default()
            });
        proptest::collection::btree_map((1..u64::MAX).prop_map(GuildId::new), guild, 0..5).prop_map(
            |guilds| Mapping {
                version: FILE_VERSION,
                guilds,
            },
        )
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<String>().prop_map(Value::String),
            Just(Value::String("12345678901234567".into())),
            Just(Value::from(1)),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            let key = prop_oneof![
                Just("version".to_owned()),
                Just("guilds".to_owned()),
                Just("channels".to_owned()),
                Just("default".to_owned()),
                Just("1".to_owned()),
                any::<String>(),
            ];
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::btree_map(key, inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn serialise_then_parse_is_the_identity(mapping in mapping()) {
            let bytes = mapping.to_json().unwrap();
            prop_assert_eq!(Mapping::from_json(&bytes).unwrap(), mapping);
        }

        #[test]
        fn any_json_is_a_mapping_or_a_clear_error(value in json_value()) {
            match Mapping::from_json(value.to_string().as_bytes()) {
                Ok(mapping) => {
                    prop_assert_eq!(mapping.version, FILE_VERSION);
                    prop_assert!(value.is_object());
                }
                Err(err) => prop_assert!(!err.to_string().is_empty()),
            }
        }

        #[test]
        fn any_bytes_are_a_mapping_or_a_clear_error(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
            if let Err(err) = Mapping::from_json(&bytes) {
                prop_assert!(!err.to_string().is_empty());
            }
        }
    }
}
