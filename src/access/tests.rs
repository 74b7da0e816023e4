//! The allow-list, the public-bot guard, managers, the operator's account and cooldowns.
use super::*;

const GUILD: GuildId = GuildId::new(1);
const OTHER_GUILD: GuildId = GuildId::new(2);
const ALICE: UserId = UserId::new(10);
const BOB: UserId = UserId::new(11);
const SECS: fn(u64) -> Duration = Duration::from_secs;

#[test]
fn only_managers_and_administrators_may_edit() {
    let member = |permissions: &str| -> Member {
        serde_json::from_value(serde_json::json!({
            "user": {"id": "1", "username": "m", "discriminator": "0", "global_name": null, "avatar": null},
            "roles": [], "joined_at": "2024-01-01T00:00:00+00:00", "deaf": false, "mute": false,
            "flags": 0, "permissions": permissions, "guild_id": "2"
        }))
        .unwrap()
    };
    assert!(is_manager(Some(&member("32"))));
    assert!(is_manager(Some(&member("8"))));
    assert!(!is_manager(Some(&member("0"))));
    assert!(!is_manager(Some(&member("2048"))));
    assert!(!is_manager(None));
}

#[test]
fn the_operators_account_serves_only_the_servers_the_operator_allows() {
    let listed = GuildId::new(100_000_000_000_000_001);
    let other = GuildId::new(200_000_000_000_000_002);
    let only = Access::new(
        Some(AllowedGuilds::Only(BTreeSet::from([listed]))),
        Duration::ZERO,
    );
    assert!(only.operator_account_for(Some(listed), true));
    assert!(!only.operator_account_for(Some(other), true));
    let any = Access::new(Some(AllowedGuilds::Any), Duration::ZERO);
    assert!(any.operator_account_for(Some(other), false));
    assert!(!any.operator_account_for(Some(other), true));
    assert!(Access::new(None, Duration::ZERO).operator_account_for(Some(other), true));
}

#[test]
fn a_command_outside_any_server_spends_the_operators_account_only_for_a_private_bot() {
    let any = Access::new(Some(AllowedGuilds::Any), Duration::ZERO);
    assert!(!any.operator_account_for(None, false));
    assert!(!any.operator_account_for(None, true));
    let only = Access::new(
        Some(AllowedGuilds::Only(BTreeSet::from([GUILD]))),
        Duration::ZERO,
    );
    assert!(!only.operator_account_for(None, false));
    assert!(Access::new(None, Duration::ZERO).operator_account_for(None, true));
}

#[test]
fn only_a_public_bot_without_an_allow_list_is_refused() {
    assert!(refuse_public_bot(true, None, true).is_err());
    assert!(
        refuse_public_bot(true, Some(&AllowedGuilds::Any), true).is_ok()
            && refuse_public_bot(true, None, false).is_ok()
    );
    assert!(refuse_public_bot(false, None, true).is_ok());
}

#[test]
fn any_and_lists_of_ids_with_spaces_parse() {
    assert_eq!(AllowedGuilds::parse("any"), Ok(AllowedGuilds::Any));
    assert_eq!(AllowedGuilds::parse(" ANY "), Ok(AllowedGuilds::Any));
    let list = AllowedGuilds::parse(" 100000000000000001 ,200000000000000001,").unwrap();
    assert!(list.allows(GuildId::new(100_000_000_000_000_001)));
    assert!(list.allows(GuildId::new(200_000_000_000_000_001)));
    assert!(!list.allows(GuildId::new(300_000_000_000_000_001)));
    assert_eq!(list.to_string(), "100000000000000001, 200000000000000001");
}

#[test]
fn anything_else_is_refused_with_the_offending_part() {
    for (bad, shown) in [
        ("all", "`all`"),
        (
            "100000000000000001;200000000000000001",
            "`100000000000000001;",
        ),
        ("100000000000000001, my-server", "`my-server`"),
        ("12", "`12`"),
        ("99999999999999999999", "`99999999999999999999`"),
        (",", "names no server"),
    ] {
        let err = AllowedGuilds::parse(bad).unwrap_err();
        assert!(err.contains(shown), "{bad}: {err}");
    }
}

#[test]
fn without_an_allow_list_every_guild_is_served() {
    assert!(Access::new(None, SECS(10)).guild_allowed(GUILD));
    let only = AllowedGuilds::Only(BTreeSet::from([OTHER_GUILD]));
    assert!(!Access::new(Some(only), SECS(10)).guild_allowed(GUILD));
    assert!(Access::new(Some(AllowedGuilds::Any), SECS(10)).guild_allowed(GUILD));
}

#[test]
fn a_second_command_within_the_cooldown_is_refused_with_the_time_left() {
    let cooldowns = Cooldowns::new(SECS(10));
    let start = Instant::now();
    assert_eq!(cooldowns.try_accept(GUILD.into(), ALICE, start), Ok(()));
    assert_eq!(
        cooldowns.try_accept(GUILD.into(), ALICE, start + SECS(3)),
        Err(SECS(7))
    );
}

#[test]
fn a_refused_command_does_not_extend_the_cooldown() {
    let cooldowns = Cooldowns::new(SECS(10));
    let start = Instant::now();
    cooldowns.try_accept(GUILD.into(), ALICE, start).unwrap();
    assert!(cooldowns
        .try_accept(GUILD.into(), ALICE, start + SECS(9))
        .is_err());
    assert_eq!(
        cooldowns.try_accept(GUILD.into(), ALICE, start + SECS(10)),
        Ok(())
    );
}

#[test]
fn other_members_and_other_servers_have_their_own_cooldown() {
    let cooldowns = Cooldowns::new(SECS(10));
    let start = Instant::now();
    cooldowns.try_accept(GUILD.into(), ALICE, start).unwrap();
    assert_eq!(cooldowns.try_accept(GUILD.into(), BOB, start), Ok(()));
    assert_eq!(
        cooldowns.try_accept(OTHER_GUILD.into(), ALICE, start),
        Ok(())
    );
}

#[test]
fn a_zero_period_turns_the_cooldown_off() {
    let cooldowns = Cooldowns::new(Duration::ZERO);
    let now = Instant::now();
    for _ in 0..3 {
        assert_eq!(cooldowns.try_accept(GUILD.into(), ALICE, now), Ok(()));
    }
    assert_eq!(cooldowns.tracked(), 0);
}

#[test]
fn expired_entries_are_dropped() {
    let cooldowns = Cooldowns::new(SECS(10));
    let start = Instant::now();
    for member in 1..=100 {
        cooldowns
            .try_accept(GUILD.into(), UserId::new(member), start)
            .unwrap();
    }
    assert_eq!(cooldowns.tracked(), 100);
    cooldowns
        .try_accept(GUILD.into(), ALICE, start + SECS(11))
        .unwrap();
    assert_eq!(cooldowns.tracked(), 1);
}

#[test]
fn a_flood_of_distinct_members_never_grows_past_the_cap() {
    let cooldowns = Cooldowns::with_cap(SECS(10), 50);
    let start = Instant::now();
    for member in 1..=1_000 {
        assert_eq!(
            cooldowns.try_accept(GUILD.into(), UserId::new(member), start),
            Ok(())
        );
        assert!(cooldowns.tracked() <= 50);
    }
    // The newest members are still in their cooldown.
    assert!(cooldowns
        .try_accept(GUILD.into(), UserId::new(1_000), start)
        .is_err());
}

#[test]
fn the_retry_time_is_rounded_up_to_the_next_second() {
    let now = UNIX_EPOCH + Duration::from_millis(1_700_000_000_500);
    assert_eq!(unix_after(now, SECS(7)), 1_700_000_008);
    assert_eq!(unix_after(UNIX_EPOCH + SECS(100), SECS(7)), 107);
}

#[test]
fn an_id_above_the_largest_signed_64_bit_integer_is_no_server_id() {
    assert_eq!(
        parse_guild_id("9223372036854775807"),
        Some(GuildId::new(9_223_372_036_854_775_807))
    );
    assert_eq!(parse_guild_id("9223372036854775808"), None);
    assert_eq!(parse_guild_id("18446744073709551615"), None);
}
