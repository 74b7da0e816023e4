//! Telling the servers: each [`Change`] becomes one line in the audit channel
//! of every server whose commands spend that account and use the channel
//! (never another account's servers), queued like the command
//! lines (so it never delays a command), and one log line for the operator.
//! A process tells only the servers it serves on its own shards: with
//! several processes, every one sees the change, and each server hears once.

use std::sync::Arc;

use serenity::all::{GuildId, Http};

use super::{AccountHealth, Change, Changes, Trouble};
use crate::ids::MjChannelId;
use crate::mapping::Mapping;

impl AccountHealth {
    /// Queues one line per server that uses the changed account and logs
    /// the change once: at warn for a problem, and for any change some of
    /// those servers (or all, or none exist) have no audit channel to read
    /// in; at info when every one of them was told that it works again.
    pub(crate) fn announce(&self, http: &Arc<Http>, changes: &Changes) {
        let Some(account) = changes.account.filter(|_| !changes.list.is_empty()) else {
            return;
        };
        let mapping = self.settings.get();
        let spending = self.spenders.spending(&mapping, account);
        for change in &changes.list {
            let text = super::lines::account_alert(change);
            let mut servers = recipients(&mapping, &spending, change);
            servers.retain(|guild| self.audience.includes(*guild));
            let mut told = 0usize;
            for guild in &servers {
                if let Some(channel) = mapping.audit_channel(*guild) {
                    self.audit.submit(http, *guild, channel, text.clone());
                    self.metrics.account_alert_sent();
                    told += 1;
                }
            }
            let untold = servers.len() - told;
            let mj_channel = change
                .channel
                .as_ref()
                .map_or("(the whole account)", MjChannelId::as_str);
            let state = Trouble::label(change.now.as_ref());
            if change.now.is_some() || told == 0 || untold > 0 {
                tracing::warn!(
                    mj_channel,
                    state,
                    servers_told = told,
                    servers_without_audit_channel = untold,
                    "{text}"
                );
            } else {
                tracing::info!(mj_channel, state, servers_told = told, "{text}");
            }
        }
    }
}

/// Of the servers `spending` the change's account, those whose commands use
/// what changed: those that map its channel (or make it their default),
/// those without a default when it is the only channel useapi lists, and
/// all of them for the whole account.
pub(crate) fn recipients(mapping: &Mapping, spending: &[GuildId], change: &Change) -> Vec<GuildId> {
    spending
        .iter()
        .filter_map(|guild| Some((guild, mapping.guild(*guild)?)))
        .filter(|(_, settings)| match &change.channel {
            None => true,
            Some(mj) => {
                settings.default.as_ref() == Some(mj)
                    || settings.channels.values().any(|mapped| mapped == mj)
                    || (change.only_listed && settings.default.is_none())
            }
        })
        .map(|(guild, _)| *guild)
        .collect()
}
