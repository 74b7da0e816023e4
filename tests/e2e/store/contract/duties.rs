//! [`Duties`]: the duty lease, what the servers were told and who resets
//! a channel. The file store's one process does every duty, tells every
//! change and resets every channel; processes sharing PostgreSQL hold a
//! duty one at a time, tell each change once and reset a channel once.
//!
//! [`Duties`]: mj_bridge::store::Duties

use std::time::Duration;

use mj_bridge::store::{Duty, HolderId, Store};

use super::in_both_stores;

const ACCOUNT: &str = "0123456789abcdef";
const MJ: &str = "500000000000000001";

/// Whether `holder` holds `duty` in `store` after asking for `ttl`.
async fn holds(store: &dyn Store, duty: Duty, holder: &HolderId, ttl: Duration) -> bool {
    store.hold_duty(duty, holder, ttl).await.unwrap()
}

#[tokio::test]
async fn a_duty_is_held_by_one_process_at_a_time_until_its_lease_runs_out_in_both_stores() {
    in_both_stores(|backend| async move {
        let (one, other) = (backend.open().await, backend.open().await);
        let (first, second) = (HolderId::random(), HolderId::random());
        let ttl = Duration::from_secs(1);

        let first_holds = holds(&*one, Duty::AccountChecks, &first, ttl).await;
        let second_holds = holds(&*other, Duty::AccountChecks, &second, ttl).await;
        let renewed = holds(&*one, Duty::AccountChecks, &first, ttl).await;
        // Another duty is another lease.
        let listing = holds(&*other, Duty::ServerListing, &second, ttl).await;

        assert!(first_holds && renewed && listing);
        // Sharing: the other process waits; the file: one process, always.
        assert_eq!(second_holds, backend.postgres.is_none());
        if backend.postgres.is_some() {
            // The first stops renewing; once its lease ran out the other takes it.
            crate::support::wait_until("the lease to run out", Duration::from_secs(10), || async {
                holds(&*other, Duty::AccountChecks, &second, ttl).await
            })
            .await;
            assert!(!holds(&*one, Duty::AccountChecks, &first, ttl).await);
        }
    })
    .await;
}

#[tokio::test]
async fn a_duty_given_up_is_taken_by_another_process_at_once_in_both_stores() {
    in_both_stores(|backend| async move {
        let (one, other) = (backend.open().await, backend.open().await);
        let (first, second) = (HolderId::random(), HolderId::random());
        // Far longer than the test: only the release can free it.
        let ttl = Duration::from_secs(3600);
        assert!(holds(&*one, Duty::AccountChecks, &first, ttl).await);

        // Giving up a duty one does not hold changes nothing.
        other
            .release_duty(Duty::AccountChecks, &second)
            .await
            .unwrap();
        let before = holds(&*other, Duty::AccountChecks, &second, ttl).await;
        one.release_duty(Duty::AccountChecks, &first).await.unwrap();
        let after = holds(&*other, Duty::AccountChecks, &second, ttl).await;

        assert_eq!(before, backend.postgres.is_none());
        assert!(after);
    })
    .await;
}

#[tokio::test]
async fn a_change_is_told_by_the_first_process_to_record_it_in_both_stores() {
    in_both_stores(|backend| async move {
        let (one, other) = (backend.open().await, backend.open().await);
        let pending = Some("pending_moderation");

        let first = one.announce_once(ACCOUNT, MJ, None, pending).await.unwrap();
        let again = other
            .announce_once(ACCOUNT, MJ, None, pending)
            .await
            .unwrap();
        let told = other.announced(ACCOUNT).await.unwrap();
        let resolved = other
            .announce_once(ACCOUNT, MJ, pending, None)
            .await
            .unwrap();

        assert!(first && resolved);
        if backend.postgres.is_some() {
            assert!(!again, "told once");
            assert_eq!(told.len(), 1);
            assert_eq!(
                (told[0].subject.as_str(), told[0].told.as_deref()),
                (MJ, pending)
            );
            let after = one.announced(ACCOUNT).await.unwrap();
            assert_eq!(after[0].told, None, "fine again");
        } else {
            // One process remembers in memory what it told.
            assert!(again && told.is_empty());
        }
    })
    .await;
}

#[tokio::test]
async fn a_channels_reset_is_claimed_by_one_holder_until_released_in_both_stores() {
    in_both_stores(|backend| async move {
        let [one, other] = backend.open_twice().await;
        let (first, second) = (HolderId::random(), HolderId::random());
        // Far longer than the test: only the release can free it.
        let ttl = Duration::from_secs(3600);

        let claimed = one.claim_reset(ACCOUNT, MJ, &first, ttl).await.unwrap();
        let meanwhile = other.claim_reset(ACCOUNT, MJ, &second, ttl).await.unwrap();
        one.release_reset(ACCOUNT, MJ, &first).await.unwrap();
        let released = other.claim_reset(ACCOUNT, MJ, &second, ttl).await.unwrap();

        assert!(claimed && released);
        // Sharing: the other process waits; the file: one process, always.
        assert_eq!(meanwhile, backend.postgres.is_none());
        assert_eq!(one.shares_duties(), backend.postgres.is_some());
    })
    .await;
}
