//! `check`: which servers wait for their slash commands, by the store's
//! record against the command set this version would register there.

use serenity::all::GuildInfo;

use super::report::Report;
use crate::commands;
use crate::config::Config;
use crate::store::{self, StoreError};

pub(super) async fn check(config: &Config, guilds: &[GuildInfo], report: &mut Report) {
    let read = match store::open_to_copy(&config.store).await {
        // A mapping file that cannot be read is reported with the settings.
        Err(StoreError::File(_)) => return,
        Ok(store) => store
            .registered_commands()
            .await
            .map(|known| (store, known)),
        Err(err) => Err(err),
    };
    let (store, registered) = match read {
        Ok(read) => read,
        Err(err) => {
            return report.warn(
                format!(
                    "cannot read which servers have their slash commands: {}",
                    crate::logging::chain(&err)
                ),
                "see the settings store's line above",
            )
        }
    };
    let plan = commands::plan_for(config, store.settings());
    let waiting: Vec<&GuildInfo> = guilds
        .iter()
        .filter(|g| registered.get(&g.id) != Some(&plan(g.id).fingerprint))
        .collect();
    if waiting.is_empty() {
        return report.pass(format!(
            "the slash commands are in place in all {} servers",
            guilds.len()
        ));
    }
    let named = waiting
        .iter()
        .map(|g| format!("{} ({})", g.id, crate::untrusted::clean(&g.name, 100)));
    report.warn(
        format!(
            "{} of {} servers wait for their slash commands: {}",
            waiting.len(),
            guilds.len(),
            crate::stdout::first_few(named)
        ),
        "the running bot registers them (a few at a time, retrying failures); \
         `mj-bridge commands sync` registers them everywhere now",
    );
}
