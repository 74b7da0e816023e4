//! [`RegistrationLedger`]: which command set is registered in which
//! server, kept across a restart, so a process sends Discord nothing for a
//! server whose commands are already there. The file store's one process
//! registers everything itself; processes sharing PostgreSQL register
//! each server once between them.
//!
//! [`RegistrationLedger`]: mj_bridge::store::RegistrationLedger

use std::collections::HashMap;
use std::sync::Arc;

use mj_bridge::ids::CommandsFingerprint;
use mj_bridge::store::{Claim, RegistrationLedger};
use serenity::all::GuildId;

use super::{in_both_stores, Backend};

const GUILD: GuildId = GuildId::new(100_000_000_000_000_001);

fn fingerprint(commands: &str) -> CommandsFingerprint {
    CommandsFingerprint::of(commands.as_bytes())
}

/// What a fresh open of the store (a restart) says is registered.
async fn registered_after_a_restart(backend: &Backend) -> HashMap<GuildId, CommandsFingerprint> {
    let ledger: Arc<dyn RegistrationLedger> = backend.open().await;
    ledger.registered_commands().await.unwrap()
}

/// Claims `commands` in GUILD (this process's to register) and ends the
/// claim, `registered` or not.
async fn register(
    ledger: &dyn RegistrationLedger,
    commands: CommandsFingerprint,
    registered: bool,
) {
    let claim = ledger.claim_registration(GUILD, commands).await.unwrap();
    assert_eq!(claim, Claim::Mine);
    ledger
        .registration_ended(GUILD, commands, registered)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_registration_that_ended_well_is_kept_across_a_restart_until_forgotten_in_both_stores() {
    in_both_stores(|backend| async move {
        let ledger: Arc<dyn RegistrationLedger> = backend.open().await;
        let (first, changed) = (fingerprint("[1]"), fingerprint("[2]"));

        // A failed registration is not recorded, and may be claimed again at once.
        register(&*ledger, first, false).await;
        register(&*ledger, first, true).await;
        ledger.flush_registrations().await.unwrap();
        assert_eq!(
            registered_after_a_restart(&backend).await,
            HashMap::from([(GUILD, first)])
        );

        // Another command set is registered again.
        register(&*ledger, changed, true).await;
        ledger.forget_registration(GUILD).await.unwrap();
        ledger.flush_registrations().await.unwrap();
        assert!(registered_after_a_restart(&backend).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_server_is_registered_by_one_process_at_a_time_and_then_done_in_both_stores() {
    in_both_stores(|backend| async move {
        let [one, other] = backend.open_twice().await;
        let commands = fingerprint("[1]");

        let claimed = one.claim_registration(GUILD, commands).await.unwrap();
        let meanwhile = other.claim_registration(GUILD, commands).await.unwrap();
        one.registration_ended(GUILD, commands, true).await.unwrap();
        let afterwards = other.claim_registration(GUILD, commands).await.unwrap();

        assert_eq!(claimed, Claim::Mine);
        if backend.postgres.is_some() {
            assert_eq!(meanwhile, Claim::Elsewhere, "another process registers it");
            assert_eq!(afterwards, Claim::Done, "registered once between them");
        } else {
            // One process owns the file: every registration is its own.
            assert_eq!((meanwhile, afterwards), (Claim::Mine, Claim::Mine));
        }
    })
    .await;
}
