//! What the bot last learned about each Midjourney account at useapi.net,
//! and which observations change it. Pure: observations come in with the
//! time they describe, changes come out; nothing here waits, posts or logs.
//!
//! Three rules keep the servers from being spammed. Only a change of kind
//! is a [`Change`]: a channel first seen fine is no news, first seen in
//! trouble it is, and the same trouble seen again (by a poll, or by a
//! hundred commands) changes nothing. A channel's state read in an account
//! list counts only once the next list reads it too (a job's answer counts
//! at once), so a `pendingModMessage` that flips on every read is never
//! news. And new trouble of a channel is announced at most once per
//! [`QUIET`]: trouble within it is kept and told at the first observation
//! after it, if it still stands; its end is told at once. An observation older than what is known is ignored, so a
//! poll sent before a 596 cannot undo it.

use std::collections::{BTreeMap, BTreeSet};
use std::mem::discriminant;
use std::time::{Duration, Instant};

use crate::ids::MjChannelId;

/// What needs a human before commands work again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Trouble {
    /// Midjourney waits for someone (a moderation message or a CAPTCHA);
    /// useapi answers 596. useapi's words, cleaned; may be empty.
    PendingModeration(String),
    /// Mapped in a server, but useapi.net no longer lists the channel.
    Missing,
    /// useapi.net refused the API token (401, 403): the whole account.
    TokenRefused,
    /// No active useapi.net subscription (402): the whole account.
    NoSubscription,
}

impl Trouble {
    /// The `state` label of `mj_bridge_account_state`.
    pub(crate) fn label(trouble: Option<&Self>) -> &'static str {
        match trouble {
            None => "fine",
            Some(Self::PendingModeration(_)) => "pending_moderation",
            Some(Self::Missing) => "missing",
            Some(Self::TokenRefused) => "token_refused",
            Some(Self::NoSubscription) => "no_subscription",
        }
    }

    /// The trouble a label of [`Trouble::label`] names (a pending
    /// moderation without its words); `None` for "fine" or a label it
    /// never gives.
    pub(crate) fn from_label(label: &str) -> Option<Self> {
        match label {
            "pending_moderation" => Some(Self::PendingModeration(String::new())),
            "missing" => Some(Self::Missing),
            "token_refused" => Some(Self::TokenRefused),
            "no_subscription" => Some(Self::NoSubscription),
            _ => None,
        }
    }

    fn same_kind(a: Option<&Self>, b: Option<&Self>) -> bool {
        a.map(discriminant) == b.map(discriminant)
    }
}

/// What a job's answer says about its account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// It completed: the token, the subscription and the channel work.
    Worked,
    /// A 596 (for the channel), a refused token (401, 403) or a 402 (for the whole account).
    Trouble(Trouble),
}

/// One change worth telling the servers about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    /// `None`: the whole useapi.net account (401, 403, 402).
    pub channel: Option<MjChannelId>,
    /// What was known before; `None` when fine (or never seen).
    pub was: Option<Trouble>,
    /// `None`: fine again.
    pub now: Option<Trouble>,
    /// The channel is the only one useapi lists, so commands of servers
    /// without a default use it too.
    pub only_listed: bool,
}

/// At most one alert per channel in this long (its end is told at once).
pub(crate) const QUIET: Duration = Duration::from_secs(10 * 60);

/// The last observation of one channel or of the account.
#[derive(Debug, Clone)]
struct Known {
    trouble: Option<Trouble>,
    as_of: Instant,
    /// A channel's other state that one account list read, waiting for the
    /// next list to read it again before it counts.
    candidate: Option<Reading>,
    /// What the servers were last told of a channel (fine until told
    /// otherwise), and when.
    told: Option<Trouble>,
    told_at: Option<Instant>,
}

/// A state one account list read (fine: `None`).
#[derive(Debug, Clone)]
struct Reading(Option<Trouble>);

impl Known {
    fn new(trouble: Option<Trouble>, as_of: Instant) -> Self {
        Self {
            trouble,
            as_of,
            candidate: None,
            told: None,
            told_at: None,
        }
    }

    /// Takes in one observation of a channel: `confirmed` (a job's answer)
    /// counts at once, a read only when the read before it saw the same.
    fn observe(&mut self, trouble: Option<Trouble>, confirmed: bool) {
        let repeated = self
            .candidate
            .as_ref()
            .is_some_and(|c| Trouble::same_kind(c.0.as_ref(), trouble.as_ref()));
        if confirmed || repeated || Trouble::same_kind(self.trouble.as_ref(), trouble.as_ref()) {
            self.trouble = trouble; // fresher words, or the new state
            self.candidate = None;
        } else {
            self.candidate = Some(Reading(trouble));
        }
    }

    /// The change the servers are due, if what they were told is not what
    /// stands now and, for new trouble, the channel's quiet time is over.
    /// Good news is never held back: an admin who resolved a moderation
    /// message hears it at once, and the alert stops standing. A flapping
    /// channel still gives at most one alert and one "works again" per
    /// quiet time, as the next alert waits for the quiet after this one.
    fn due(&mut self, as_of: Instant) -> Option<(Option<Trouble>, Option<Trouble>)> {
        if Trouble::same_kind(self.told.as_ref(), self.trouble.as_ref()) {
            return None;
        }
        if self.trouble.is_some()
            && self
                .told_at
                .is_some_and(|told| as_of.saturating_duration_since(told) < QUIET)
        {
            return None;
        }
        self.told_at = Some(as_of);
        let was = std::mem::replace(&mut self.told, self.trouble.clone());
        Some((was, self.trouble.clone()))
    }
}

/// Every account's state: at most the channels useapi lists plus the mapped
/// ones (see [`Board::prune`]), and the account as a whole.
#[derive(Debug, Default)]
pub(crate) struct Board {
    account: Option<Known>,
    channels: BTreeMap<MjChannelId, Known>,
    /// The channels of the last account list; `None` before the first.
    listed: Option<BTreeSet<MjChannelId>>,
}

impl Board {
    /// A successful `GET /v2/account/midjourney` sent at `as_of`: every
    /// listed channel with its pending moderation text, and the channels
    /// the servers map (those not listed are missing).
    pub(crate) fn listed(
        &mut self,
        listed: &[(MjChannelId, Option<String>)],
        mapped: &BTreeSet<MjChannelId>,
        as_of: Instant,
    ) -> Vec<Change> {
        let names: BTreeSet<MjChannelId> = listed.iter().map(|(mj, _)| mj.clone()).collect();
        self.listed = Some(names.clone());
        let mut changes: Vec<Change> = self.account_seen(None, as_of).into_iter().collect();
        for (mj, pending) in listed {
            let trouble = pending.clone().map(Trouble::PendingModeration);
            changes.extend(self.channel(mj, trouble, as_of, false));
        }
        for mj in mapped.difference(&names) {
            changes.extend(self.channel(mj, Some(Trouble::Missing), as_of, false));
        }
        self.prune(mapped);
        changes
    }

    /// `GET /v2/account/midjourney` sent at `as_of` answered 401, 403 or 402.
    pub(crate) fn account_refused(&mut self, trouble: Trouble, as_of: Instant) -> Vec<Change> {
        self.account_seen(Some(trouble), as_of)
            .into_iter()
            .collect()
    }

    /// A job for `channel` (`None`: nothing was mapped, so useapi used the
    /// account's only channel) answered at `as_of`.
    pub(crate) fn job_answered(
        &mut self,
        channel: Option<&MjChannelId>,
        verdict: Verdict,
        as_of: Instant,
    ) -> Vec<Change> {
        let channel = channel.cloned().or_else(|| self.only_listed().cloned());
        match verdict {
            Verdict::Worked => {
                let mut changes: Vec<Change> = self.account_seen(None, as_of).into_iter().collect();
                changes.extend(channel.and_then(|mj| self.channel(&mj, None, as_of, true)));
                changes
            }
            Verdict::Trouble(trouble @ (Trouble::TokenRefused | Trouble::NoSubscription)) => self
                .account_seen(Some(trouble), as_of)
                .into_iter()
                .collect(),
            // Which channel is unknown (several are listed, or none yet):
            // the next account list tells.
            Verdict::Trouble(trouble) => channel
                .and_then(|mj| self.channel(&mj, Some(trouble), as_of, true))
                .into_iter()
                .collect(),
        }
    }

    /// A channel's state confirmed at `as_of` (the read right after an
    /// admin's reset): it counts at once, as a job's answer does.
    pub(crate) fn confirmed(
        &mut self,
        channel: &MjChannelId,
        trouble: Option<Trouble>,
        as_of: Instant,
    ) -> Vec<Change> {
        self.channel(channel, trouble, as_of, true)
            .into_iter()
            .collect()
    }

    /// Takes in what another process may have told the servers (`channel`
    /// `None`: the whole account), `told` at `at`: what the servers hear
    /// next is a change from that. A channel first known this way stands
    /// as told until observations say otherwise.
    pub(crate) fn recall(
        &mut self,
        channel: Option<&MjChannelId>,
        told: Option<Trouble>,
        at: Instant,
    ) {
        let Some(mj) = channel else {
            // The whole account is told at once: what stands is what was told.
            match self.account.as_mut() {
                Some(known) => known.trouble = told,
                None => self.account = Some(Known::new(told, at)),
            }
            return;
        };
        let known = self
            .channels
            .entry(mj.clone())
            .or_insert_with(|| Known::new(told.clone(), at));
        known.told = told;
        known.told_at = Some(at);
    }

    /// Forgets channels that are neither listed nor mapped, so the board
    /// never grows with anything but the account list and the settings.
    pub(crate) fn prune(&mut self, mapped: &BTreeSet<MjChannelId>) {
        let listed = self.listed.as_ref();
        self.channels
            .retain(|mj, _| mapped.contains(mj) || listed.is_some_and(|l| l.contains(mj)));
    }

    /// What is wrong with the whole account, if anything.
    pub(crate) fn account_trouble(&self) -> Option<&Trouble> {
        self.account.as_ref().and_then(|k| k.trouble.as_ref())
    }

    /// Every channel with something wrong of its own.
    pub(crate) fn troubles(&self) -> impl Iterator<Item = (&MjChannelId, &Trouble)> {
        self.channels
            .iter()
            .filter_map(|(mj, known)| Some((mj, known.trouble.as_ref()?)))
    }

    /// Each known channel's state label; an account-wide trouble is every
    /// channel's state.
    pub(crate) fn states(&self) -> BTreeMap<MjChannelId, &'static str> {
        let account = self.account_trouble();
        self.channels
            .iter()
            .map(|(mj, known)| {
                let trouble = account.or(known.trouble.as_ref());
                (mj.clone(), Trouble::label(trouble))
            })
            .collect()
    }

    /// `channel`'s state label, when it is known.
    pub(crate) fn state(&self, channel: &MjChannelId) -> Option<&'static str> {
        let known = self.channels.get(channel)?;
        Some(Trouble::label(
            self.account_trouble().or(known.trouble.as_ref()),
        ))
    }

    /// How many channels are known.
    pub(crate) fn len(&self) -> usize {
        self.channels.len()
    }

    /// The only channel useapi lists, when it lists exactly one.
    fn only_listed(&self) -> Option<&MjChannelId> {
        let listed = self.listed.as_ref()?;
        let mut all = listed.iter();
        all.next().filter(|_| all.next().is_none())
    }

    /// A channel's transition: takes in `trouble` seen for `channel` at
    /// `as_of` (`confirmed`: by a job's answer, else by an account list)
    /// and returns the change the servers are due, if any.
    fn channel(
        &mut self,
        channel: &MjChannelId,
        trouble: Option<Trouble>,
        as_of: Instant,
        confirmed: bool,
    ) -> Option<Change> {
        let only_listed = self.only_listed() == Some(channel);
        let known = self
            .channels
            .entry(channel.clone())
            .or_insert_with(|| Known::new(None, as_of));
        if as_of < known.as_of {
            return None; // older than what is known
        }
        known.as_of = as_of;
        known.observe(trouble, confirmed);
        let (was, now) = known.due(as_of)?;
        Some(Change {
            channel: Some(channel.clone()),
            was,
            now,
            only_listed,
        })
    }

    /// The whole account's transition: records `trouble` and returns the
    /// change, if it is one. Told at once: it concerns every command.
    fn account_seen(&mut self, trouble: Option<Trouble>, as_of: Instant) -> Option<Change> {
        let now = trouble.clone();
        let was = if let Some(known) = self.account.as_mut() {
            if as_of < known.as_of {
                return None; // older than what is known
            }
            known.as_of = as_of;
            if Trouble::same_kind(known.trouble.as_ref(), trouble.as_ref()) {
                known.trouble = trouble; // fresher words, same news
                return None;
            }
            std::mem::replace(&mut known.trouble, trouble)
        } else {
            self.account = Some(Known::new(trouble, as_of));
            // A first sighting: fine is no news, trouble is.
            now.as_ref()?;
            None
        };
        Some(Change {
            channel: None,
            was,
            now,
            only_listed: false,
        })
    }
}
