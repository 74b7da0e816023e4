//! `check`'s test of the mapping against the operator's account: only the
//! servers that spend it are its to answer for.

use std::collections::BTreeSet;

use serenity::all::GuildId;

use super::report::Report;
use crate::mapping::Mapping;
use crate::spend::{Payer, PayerRule};

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
        report.pass(format!(
            "all {} mapped Midjourney channels are configured at useapi.net",
            operators.len()
        ));
    } else {
        report.fail(
            format!(
                "mapped but not configured at useapi.net: {}",
                unknown.join(", ")
            ),
            "add them at useapi.net, or change the mapping with /mj-channel set",
        );
    }
}
