use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use super::alert::recipients;
use super::state::{Board, Change, Trouble, Verdict, QUIET};
use super::verdict;
use crate::ids::MjChannelId;
use crate::settings::{Edit, Mapping};
use crate::useapi::{JobResponse, UseapiError};
use serenity::all::{ChannelId, GuildId};

const ONE: &str = "111111111111111111";
const TWO: &str = "222222222222222222";

fn mj(id: &str) -> MjChannelId {
    MjChannelId::parse(id).unwrap()
}

fn fine(id: &str) -> (MjChannelId, Option<String>) {
    (mj(id), None)
}

fn pending(id: &str, text: &str) -> (MjChannelId, Option<String>) {
    (mj(id), Some(text.to_owned()))
}

fn mapped(ids: &[&str]) -> BTreeSet<MjChannelId> {
    ids.iter().map(|id| mj(id)).collect()
}

/// Observation times one second apart, in order.
struct Clock(Instant, u64);

impl Clock {
    fn new() -> Self {
        Self(Instant::now(), 0)
    }

    fn tick(&mut self) -> Instant {
        self.1 += 1;
        self.0 + Duration::from_secs(self.1)
    }

    /// A tick after a channel's quiet time (`QUIET`) has passed.
    fn after_quiet(&mut self) -> Instant {
        self.1 += QUIET.as_secs();
        self.tick()
    }
}

fn pending_moderation(text: &str) -> Trouble {
    Trouble::PendingModeration(text.to_owned())
}

#[test]
fn a_first_sighting_is_news_only_when_something_is_wrong() {
    let (mut board, mut t) = (Board::default(), Clock::new());
    let read = [fine(ONE), pending(TWO, "Please acknowledge")];

    // Read twice: a state read once does not count yet.
    assert!(board.listed(&read, &mapped(&[]), t.tick()).is_empty());
    let changes = board.listed(&read, &mapped(&[]), t.tick());

    assert_eq!(
        changes,
        vec![Change {
            channel: Some(mj(TWO)),
            was: None,
            now: Some(pending_moderation("Please acknowledge")),
            only_listed: false,
        }]
    );
    assert_eq!(board.states()[&mj(ONE)], "fine");
    assert_eq!(board.states()[&mj(TWO)], "pending_moderation");
}

#[test]
fn the_same_trouble_seen_again_is_no_news_however_often() {
    let (mut board, mut t) = (Board::default(), Clock::new());
    board.listed(&[pending(ONE, "a")], &mapped(&[]), t.tick());
    assert_eq!(
        board
            .listed(&[pending(ONE, "a")], &mapped(&[]), t.tick())
            .len(),
        1
    );

    for _ in 0..100 {
        let job = Verdict::Trouble(Trouble::PendingModeration("596 text".into()));
        assert!(board.job_answered(Some(&mj(ONE)), job, t.tick()).is_empty());
    }
    assert!(board
        .listed(&[pending(ONE, "other words")], &mapped(&[]), t.tick())
        .is_empty());
}

#[test]
fn a_pending_moderation_resolved_at_useapi_is_one_resolved_change() {
    let (mut board, mut t) = (Board::default(), Clock::new());
    for _ in 0..2 {
        board.listed(&[pending(ONE, "a")], &mapped(&[ONE]), t.tick());
    }

    assert!(board
        .listed(&[fine(ONE)], &mapped(&[ONE]), t.after_quiet())
        .is_empty());
    let changes = board.listed(&[fine(ONE)], &mapped(&[ONE]), t.tick());

    assert_eq!(
        changes,
        vec![Change {
            channel: Some(mj(ONE)),
            was: Some(pending_moderation("a")),
            now: None,
            only_listed: true,
        }]
    );
    assert!(board
        .listed(&[fine(ONE)], &mapped(&[ONE]), t.tick())
        .is_empty());
}

#[test]
fn jobs_answering_596_then_working_give_trouble_then_resolved() {
    let (mut board, mut t) = (Board::default(), Clock::new());
    board.listed(&[fine(ONE), fine(TWO)], &mapped(&[]), t.tick());

    let found = board.job_answered(
        Some(&mj(ONE)),
        Verdict::Trouble(Trouble::PendingModeration(String::new())),
        t.tick(),
    );
    let worked = board.job_answered(Some(&mj(ONE)), Verdict::Worked, t.after_quiet());

    assert_eq!(found.len(), 1);
    assert_eq!(found[0].now, Some(pending_moderation("")));
    assert_eq!(worked.len(), 1);
    assert_eq!(
        (&worked[0].was, &worked[0].now),
        (&Some(pending_moderation("")), &None)
    );
}

#[test]
fn a_mapped_channel_useapi_no_longer_lists_is_missing_until_listed_again() {
    let (mut board, mut t) = (Board::default(), Clock::new());

    board.listed(&[fine(ONE)], &mapped(&[TWO]), t.tick());
    let gone = board.listed(&[fine(ONE)], &mapped(&[TWO]), t.tick());
    board.listed(&[fine(ONE), fine(TWO)], &mapped(&[TWO]), t.after_quiet());
    let back = board.listed(&[fine(ONE), fine(TWO)], &mapped(&[TWO]), t.tick());

    assert_eq!(gone.len(), 1);
    assert_eq!(
        (gone[0].channel.clone(), gone[0].now.clone()),
        (Some(mj(TWO)), Some(Trouble::Missing))
    );
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].now, None);
}

#[test]
fn a_refused_token_is_account_wide_once_and_resolved_by_a_list_or_a_job() {
    let (mut board, mut t) = (Board::default(), Clock::new());
    board.listed(&[fine(ONE)], &mapped(&[]), t.tick());

    let refused = board.account_refused(Trouble::TokenRefused, t.tick());
    let again = board.job_answered(
        Some(&mj(ONE)),
        Verdict::Trouble(Trouble::TokenRefused),
        t.tick(),
    );

    assert_eq!(refused.len(), 1);
    assert_eq!(refused[0].channel, None);
    assert!(again.is_empty());
    assert_eq!(board.states()[&mj(ONE)], "token_refused");
    let resolved = board.job_answered(None, Verdict::Worked, t.tick());
    assert_eq!(resolved.len(), 1);
    assert_eq!(
        (resolved[0].channel.clone(), resolved[0].was.clone()),
        (None, Some(Trouble::TokenRefused))
    );
    board.account_refused(Trouble::NoSubscription, t.tick());
    let listed = board.listed(&[fine(ONE)], &mapped(&[]), t.tick());
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0].was, Some(Trouble::NoSubscription));
}

#[test]
fn a_poll_sent_before_a_596_cannot_undo_it() {
    let (mut board, t0) = (Board::default(), Instant::now());
    board.listed(&[fine(ONE)], &mapped(&[]), t0);
    let poll_sent = t0 + Duration::from_secs(1);
    let job_answered = t0 + Duration::from_secs(2);

    board.job_answered(
        Some(&mj(ONE)),
        Verdict::Trouble(Trouble::PendingModeration(String::new())),
        job_answered,
    );
    let stale = board.listed(&[fine(ONE)], &mapped(&[]), poll_sent);

    assert!(stale.is_empty());
    assert_eq!(board.states()[&mj(ONE)], "pending_moderation");
}

#[test]
fn a_job_without_a_mapping_counts_for_the_only_listed_channel() {
    let (mut board, mut t) = (Board::default(), Clock::new());
    let trouble = || Verdict::Trouble(Trouble::PendingModeration(String::new()));
    // Nothing listed yet: which channel is unknown, so nothing changes.
    assert!(board.job_answered(None, trouble(), t.tick()).is_empty());

    board.listed(&[fine(ONE)], &mapped(&[]), t.tick());
    let changes = board.job_answered(None, trouble(), t.tick());

    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].channel, Some(mj(ONE)));
    assert!(changes[0].only_listed);

    let mut several = Board::default();
    several.listed(&[fine(ONE), fine(TWO)], &mapped(&[]), t.tick());
    assert!(several.job_answered(None, trouble(), t.tick()).is_empty());
}

#[test]
fn the_board_holds_only_listed_and_mapped_channels() {
    let (mut board, mut t) = (Board::default(), Clock::new());
    board.listed(&[fine(ONE)], &mapped(&[TWO]), t.tick());
    assert_eq!(board.len(), 2);
    for _ in 0..1000 {
        board.job_answered(Some(&mj(ONE)), Verdict::Worked, t.tick());
    }
    assert_eq!(board.len(), 2);

    // TWO is unmapped and useapi still does not list it.
    board.listed(&[fine(ONE)], &mapped(&[]), t.tick());

    assert_eq!(board.len(), 1);
    assert_eq!(board.troubles().count(), 0, "TWO, missing, is forgotten");
}

#[test]
fn job_answers_give_verdicts_only_for_what_says_something_about_the_account() {
    let status = |status: u16| {
        Err(UseapiError::Status {
            status,
            error: Some("Pending mod message\nforged".into()),
        })
    };
    assert_eq!(
        verdict(&Ok(JobResponse::default().into())),
        Some(Verdict::Worked)
    );
    assert_eq!(
        verdict(&status(596)),
        Some(Verdict::Trouble(Trouble::PendingModeration(
            "Pending mod message\\nforged".into()
        )))
    );
    assert_eq!(
        verdict(&status(401)),
        Some(Verdict::Trouble(Trouble::TokenRefused))
    );
    assert_eq!(
        verdict(&status(402)),
        Some(Verdict::Trouble(Trouble::NoSubscription))
    );
    for other in [400, 429, 500, 502] {
        assert_eq!(verdict(&status(other)), None, "{other}");
    }
    assert_eq!(
        verdict(&Err(UseapiError::Timeout(Duration::from_secs(1)))),
        None
    );
}

#[test]
fn alerts_go_to_the_servers_whose_commands_use_the_channel() {
    let (a, b, c) = (GuildId::new(1), GuildId::new(2), GuildId::new(3));
    let mut mapping = Mapping::default();
    let set = |channel: u64, id: &str| Edit::Set {
        channel: ChannelId::new(channel),
        mj: mj(id),
    };
    mapping.apply(a, set(10, ONE));
    mapping.apply(b, Edit::Default(Some(mj(TWO))));
    mapping.apply(c, Edit::Audit(Some(ChannelId::new(30))));
    let change = |channel: Option<&str>, only_listed: bool| Change {
        channel: channel.map(mj),
        was: None,
        now: Some(Trouble::Missing),
        only_listed,
    };

    let all = [a, b, c];
    assert_eq!(
        recipients(&mapping, &all, &change(Some(ONE), false)),
        vec![a]
    );
    assert_eq!(
        recipients(&mapping, &all, &change(Some(TWO), false)),
        vec![b]
    );
    // The only listed channel also serves every server without a default.
    assert_eq!(
        recipients(&mapping, &all, &change(Some(ONE), true)),
        vec![a, c]
    );
    assert_eq!(
        recipients(&mapping, &all, &change(None, false)),
        vec![a, b, c]
    );
    // Only servers spending the account hear about it.
    assert_eq!(
        recipients(&mapping, &[b, c], &change(None, false)),
        vec![b, c]
    );
    assert!(recipients(&mapping, &[b], &change(Some(ONE), false)).is_empty());
}

#[tokio::test]
async fn metrics_follow_the_board_as_jobs_add_channels_and_troubles_change_them() {
    use std::sync::Arc;

    use secrecy::SecretString;

    use super::{AccountHealth, Audience, Spenders};
    use crate::audit::AuditLog;
    use crate::ops::Metrics;
    use crate::payer::PayerRule;
    use crate::settings::SharedMapping;
    use crate::useapi::AccountId;

    let mut mapping = Mapping::default();
    for (channel, id) in [(10, ONE), (11, TWO)] {
        let set = Edit::Set {
            channel: ChannelId::new(channel),
            mj: mj(id),
        };
        mapping.apply(GuildId::new(1), set);
    }
    let metrics = Arc::new(Metrics::default());
    let audit = Arc::new(AuditLog::new(metrics.clone()));
    let operator = AccountId::of_token(&SecretString::from("operator-token".to_owned()));
    let rule = PayerRule {
        operator: true,
        ..PayerRule::default()
    };
    let health = AccountHealth::new(
        Audience::default(),
        Spenders::new(Some(operator), rule),
        SharedMapping::new(mapping),
        // A store shared by no other process: what was told stays in memory.
        Arc::new(crate::store::FileStore::load("/nonexistent/channels.json").unwrap()),
        audit,
        metrics.clone(),
    );
    let worked = Ok(Arc::new(JobResponse::default()));
    let refused = Err(UseapiError::Status {
        status: 401,
        error: None,
    });
    let rows = || {
        let text = metrics.render();
        let mut rows: Vec<String> = text
            .lines()
            .filter(|l| l.starts_with("mj_bridge_account_state{"))
            .map(str::to_owned)
            .collect();
        rows.sort();
        rows
    };
    let row = |id: &str, state: &str| {
        format!(r#"mj_bridge_account_state{{account="operator",channel="{id}",state="{state}"}} 1"#)
    };

    // Each channel first seen working adds its own row.
    health.job_answered(operator, Some(&mj(ONE)), &worked).await;
    assert_eq!(rows(), [row(ONE, "fine")]);
    health.job_answered(operator, Some(&mj(TWO)), &worked).await;
    assert_eq!(rows(), [row(ONE, "fine"), row(TWO, "fine")]);
    // An account-wide trouble is every channel's state, and so is its end.
    health
        .job_answered(operator, Some(&mj(ONE)), &refused)
        .await;
    assert_eq!(
        rows(),
        [row(ONE, "token_refused"), row(TWO, "token_refused")]
    );
    health.job_answered(operator, Some(&mj(TWO)), &worked).await;
    assert_eq!(rows(), [row(ONE, "fine"), row(TWO, "fine")]);
}
