//! [`SharedClaims`]: an interaction claimed once and a member's cooldown,
//! seen by every process sharing PostgreSQL, so a repeat delivered to
//! another worker is not run and a cooldown holds on every worker. The
//! file store keeps no shared claims (`None`): its one process keeps its
//! own (`access::claims`).
//!
//! [`SharedClaims`]: mj_bridge::store::SharedClaims

use std::time::Duration;

use mj_bridge::store::{SharedAsk, SharedVerdict};
use serenity::all::UserId;

use super::in_both_stores;

const GUILD: u64 = 100_000_000_000_000_001;
const MEMBER: UserId = UserId::new(300_000_000_000_000_001);
const OTHER_MEMBER: UserId = UserId::new(300_000_000_000_000_002);
const PERIOD: Duration = Duration::from_secs(60);

fn ask(interaction: u64, member: Option<UserId>) -> SharedAsk {
    SharedAsk {
        interaction: Some(interaction),
        cooldown: member.map(|member| (GUILD, member, PERIOD)),
    }
}

#[tokio::test]
async fn an_interaction_is_claimed_once_across_processes_in_both_stores() {
    in_both_stores(|backend| async move {
        let [one, other] = backend.open_twice().await;

        let first = one.claim(&ask(1, None)).await;
        let repeat = other.claim(&ask(1, None)).await;
        let another = other.claim(&ask(2, None)).await;

        if backend.postgres.is_some() {
            let verdict = |first| {
                Some(SharedVerdict {
                    first,
                    cooldown: None,
                })
            };
            assert_eq!(first.map(Result::unwrap), verdict(true));
            assert_eq!(repeat.map(Result::unwrap), verdict(false), "not run again");
            assert_eq!(another.map(Result::unwrap), verdict(true));
        } else {
            assert!(first.is_none() && repeat.is_none() && another.is_none());
        }
    })
    .await;
}

#[tokio::test]
async fn a_members_cooldown_holds_across_processes_and_a_repeat_starts_none_in_both_stores() {
    in_both_stores(|backend| async move {
        let [one, other] = backend.open_twice().await;
        let cooldown =
            |verdict: Option<Result<SharedVerdict, _>>| verdict.map(|v| v.unwrap().cooldown);

        let started = cooldown(one.claim(&ask(1, Some(MEMBER))).await);
        let repeat = other.claim(&ask(1, Some(MEMBER))).await;
        let waiting = cooldown(other.claim(&ask(2, Some(MEMBER))).await);
        let someone_else = cooldown(other.claim(&ask(3, Some(OTHER_MEMBER))).await);

        if backend.postgres.is_some() {
            assert_eq!(started, Some(Some(Ok(()))));
            let repeat = repeat.unwrap().unwrap();
            assert!(!repeat.first && repeat.cooldown.is_none(), "{repeat:?}");
            let left = waiting.flatten().unwrap().unwrap_err();
            assert!(left > Duration::ZERO && left <= PERIOD, "{left:?}");
            assert_eq!(someone_else, Some(Some(Ok(()))));
        } else {
            assert!(started.is_none() && repeat.is_none());
            assert!(waiting.is_none() && someone_else.is_none());
        }
    })
    .await;
}
