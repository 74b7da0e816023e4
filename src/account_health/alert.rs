//! Telling the servers: each [`Change`] becomes one line in the audit channel
//! of every server whose commands spend that account and use the channel
//! (never another account's servers), queued like the command
//! lines (so it never delays a command), and one log line for the operator
//! per change, or per read of the account list. An alert of a pending
//! moderation carries the "Resolved: reset" button where the servers may
//! reset that account (`may_reset`).
//! Only the changes this process is the first to record as told are told
//! (`ledger.rs`; with the file store, all of them). A process on the file
//! store tells only the servers it serves on its own shards: with several
//! such processes, every one sees the change, and each server hears once.

use std::sync::Arc;

use serenity::all::{GuildId, Http};

use super::{AccountHealth, Change, Changes, Trouble};
use crate::audit::Line;
use crate::ids::MjChannelId;
use crate::locale::Lang;
use crate::settings::Mapping;

/// Who heard of one change.
struct Heard {
    text: String,
    state: &'static str,
    mj_channel: String,
    told: usize,
    untold: usize,
    trouble: bool,
}

/// The most channels one summary line names.
const NAMED_IN_SUMMARY: usize = 5;

impl AccountHealth {
    /// Queues one line per server that spends the changed account and
    /// uses what changed, and logs each change once: at warn for a
    /// problem, and for any change some of those servers (or all, or none
    /// exist) have no audit channel to read in; at info when every one of
    /// them was told that it works again. For a command's few changes.
    pub(crate) async fn announce(&self, http: &Arc<Http>, changes: &Changes) {
        if changes.list.is_empty() {
            return;
        }
        let changes = self.claim(changes).await;
        for told in self.tell(http, &changes) {
            let Heard {
                text,
                state,
                mj_channel,
                told,
                untold,
                trouble,
            } = told;
            if trouble || told == 0 || untold > 0 {
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

    /// [`Self::announce`] for one read of the account list: the servers
    /// hear the same, the log gets one summary line however many channels
    /// changed (a flapping list of 4,000 channels once wrote 44,022 lines).
    pub(crate) async fn announce_poll(&self, http: &Arc<Http>, changes: &Changes) {
        let changes = &self.claim(changes).await;
        let all = self.tell(http, changes);
        let Some(first) = all.first() else { return };
        let troubles = all.iter().filter(|t| t.trouble).count();
        let told: usize = all.iter().map(|t| t.told).sum();
        let untold: usize = all.iter().map(|t| t.untold).sum();
        let named: Vec<String> = all
            .iter()
            .take(NAMED_IN_SUMMARY)
            .map(|t| format!("{} {}", t.mj_channel, t.state))
            .collect();
        let account = changes
            .account
            .map(|account| self.spenders.label(account))
            .unwrap_or_default();
        let line = if all.len() == 1 {
            first.text.clone()
        } else {
            format!("{} account states changed", all.len())
        };
        tracing::warn!(
            account,
            changes = all.len(),
            troubles,
            servers_told = told,
            servers_without_audit_channel = untold,
            channels = named.join(", "),
            "{line}"
        );
    }

    /// Queues each change's line for the servers that hear it.
    fn tell(&self, http: &Arc<Http>, changes: &Changes) -> Vec<Heard> {
        let Some(account) = changes.account.filter(|_| !changes.list.is_empty()) else {
            return Vec::new();
        };
        let mapping = self.settings.get();
        let spending = self.spenders.spending(&mapping, account);
        let mut all = Vec::with_capacity(changes.list.len());
        let whose = self.spenders.whose(account);
        for change in &changes.list {
            let button = resettable(change)
                .filter(|_| super::may_reset(whose, self.audience.allowed.as_ref()));
            // Each server reads it in its language; the log in English.
            let line = |lang| Line {
                text: super::lines::account_alert(lang, change, whose, button.is_some()),
                row: button.map(|mj| crate::reset_button::row(lang, mj)),
            };
            let text = line(Lang::EN).text;
            let mut servers = recipients(&mapping, &spending, change);
            servers.retain(|guild| self.audience.includes(*guild));
            let mut told = 0usize;
            for guild in &servers {
                if let Some(channel) = mapping.audit_channel(*guild) {
                    let lang = self.audit.language(&mapping, *guild);
                    self.audit.submit(http, *guild, channel, line(lang));
                    self.metrics.account_alert_sent();
                    told += 1;
                }
            }
            all.push(Heard {
                mj_channel: change
                    .channel
                    .as_ref()
                    .map_or("(the whole account)", MjChannelId::as_str)
                    .to_owned(),
                state: Trouble::label(change.now.as_ref()),
                untold: servers.len() - told,
                told,
                trouble: change.now.is_some(),
                text,
            });
        }
        all
    }
}

/// The channel whose pending moderation `change` announces, which an
/// admin can reset once it is resolved.
fn resettable(change: &Change) -> Option<&MjChannelId> {
    match change.now {
        Some(Trouble::PendingModeration(_)) => change.channel.as_ref(),
        _ => None,
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
