//! `check`'s test of the mapping against the operator's account: only the
//! servers that spend it are its to answer for.

use std::collections::BTreeSet;

use serenity::all::GuildId;

use super::report::Report;
use crate::payer::{Payer, PayerRule};
use crate::settings::Mapping;

/// Every Midjourney channel mapped by a server that spends the operator's
/// account must be one that account has. A server on its own account (or
/// on none) is skipped, saying so: its channels are its own account's, and
/// its admins see them marked in `/mj-channel list`.
pub(super) fn check_mapped(
    mappings: &Mapping,
    rule: &PayerRule,
    known: &BTreeSet<&str>,
    report: &mut Report,
) {
    let (operators, others): (Vec<_>, Vec<_>) = mappings
        .mj_channels()
        .into_iter()
        .partition(|(guild, _)| rule.payer(Some(*guild), mappings) == Payer::Operator);
    let skipped: BTreeSet<GuildId> = others.iter().map(|(guild, _)| *guild).collect();
    if !skipped.is_empty() {
        report.pass(format!(
            "{} servers spend their own useapi account (or none): their mapped channels are not checked against the operator's account; their admins see them in /mj-channel list",
            skipped.len()
        ));
    }
    let unknown: Vec<String> = operators
        .iter()
        .filter(|(_, mj)| !known.contains(mj.as_str()))
        .map(|(guild, mj)| format!("{mj} (server {guild})"))
        .collect();
    if unknown.is_empty() {
        report.pass(match operators.len() {
            0 => "no server spending the operator's account has mapped a Midjourney channel yet"
                .to_owned(),
            1 => "the one mapped Midjourney channel is configured at useapi.net".to_owned(),
            n => format!("all {n} mapped Midjourney channels are configured at useapi.net"),
        });
    } else {
        report.fail(
            format!(
                "mapped but not configured at useapi.net: {}",
                crate::stdout::first_few(unknown.iter().cloned())
            ),
            "add them at useapi.net, or change the mapping with /mj-channel set",
        );
    }
}
