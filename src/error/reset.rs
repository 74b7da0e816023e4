//! Why a reset of a channel's `pendingModMessage` did not happen, and the
//! sentence the admin who asked reads (only they see it). Nothing is
//! marked resolved after any of these.

use crate::ids::MjChannelId;
use crate::useapi::Whose;
use crate::useapi::{Meaning, UseapiError};

#[derive(Debug, thiserror::Error)]
pub(crate) enum ResetError {
    #[error("the member lacks the Manage Server permission")]
    NotAdmin,
    /// The server spends the operator's account and `ALLOWED_GUILDS=any`
    /// admits it: its admins may not reset that account.
    #[error("the operator's account is not reset from a server admitted by ALLOWED_GUILDS=any")]
    NotHere,
    /// Another admin's reset of the channel runs now.
    #[error("a reset of channel {0} is already under way")]
    UnderWay(MjChannelId),
    /// useapi.net refused the token (401, 403).
    #[error("useapi.net refused the token of the {whose:?} account (HTTP {status})")]
    TokenRefused { status: u16, whose: Whose },
    /// useapi.net has no account for the channel (404).
    #[error("useapi.net has no Midjourney account for channel {0}")]
    NotConfigured(MjChannelId),
    /// useapi.net did not answer, or failed (a timeout, a 5xx).
    #[error("the reset failed: {0}")]
    Failed(UseapiError),
}

impl ResetError {
    /// useapi's answer to a reset of `mj` with the account of `whose`.
    pub(crate) fn from_useapi(err: UseapiError, mj: &MjChannelId, whose: Whose) -> Self {
        match (err.meaning(), err.status()) {
            (Meaning::TokenRefused, Some(status)) => Self::TokenRefused { status, whose },
            // A channel's own route: no such channel at that account.
            (Meaning::Gone, _) => Self::NotConfigured(mj.clone()),
            _ => Self::Failed(err),
        }
    }

    /// The sentence for the admin who asked.
    pub(crate) fn sentence(&self) -> String {
        match self {
            Self::NotAdmin => "Only members with the Manage Server permission can reset a Midjourney account. Nothing was reset.".to_owned(),
            Self::NotHere => "This server uses the bot owner's useapi.net account, which only the bot's owner can reset (`mj-bridge account reset CHANNEL`). Nothing was reset; please tell the bot's owner.".to_owned(),
            Self::UnderWay(mj) => format!(
                "Another admin is resetting Midjourney channel `{mj}` right now; the alert will say how it went. Nothing more was sent."
            ),
            Self::TokenRefused { status, whose } => format!(
                "useapi.net refused the API token (HTTP {status}), so nothing was reset. {}",
                match whose {
                    Whose::Own => "A server admin must enter this server's token again with `/mj-channel account set`, then press again.",
                    Whose::Operator => "The bot's owner should check USEAPI_TOKEN.",
                }
            ),
            Self::NotConfigured(mj) => format!(
                "useapi.net has no Midjourney account configured for channel `{mj}` (HTTP 404), so nothing was reset. Check the channel with `/mj-channel list`, or add the account at useapi.net again."
            ),
            Self::Failed(err) => format!(
                "useapi.net did not reset the channel ({}), so nothing was reset. Please press again in a minute.",
                match err {
                    UseapiError::Timeout(limit) => format!("no answer within {} s", limit.as_secs()),
                    UseapiError::Status { status, .. } | UseapiError::InvalidBody { status, .. } => {
                        format!("HTTP {status}")
                    }
                    UseapiError::Connect(_) => "useapi.net could not be reached".to_owned(),
                    _ => "the connection broke off".to_owned(),
                }
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn mj() -> MjChannelId {
        MjChannelId::parse("123456789012345678").unwrap()
    }

    fn status(status: u16) -> UseapiError {
        UseapiError::Status {
            status,
            error: Some("no".into()),
        }
    }

    #[test]
    fn each_failure_of_a_reset_names_what_to_do_and_that_nothing_was_reset() {
        let own = ResetError::from_useapi(status(401), &mj(), Whose::Own).sentence();
        assert!(
            own.contains("HTTP 401") && own.contains("`/mj-channel account set`"),
            "{own}"
        );
        let operator = ResetError::from_useapi(status(403), &mj(), Whose::Operator).sentence();
        assert!(operator.contains("check USEAPI_TOKEN"), "{operator}");
        let missing = ResetError::from_useapi(status(404), &mj(), Whose::Own).sentence();
        assert!(
            missing.contains("HTTP 404") && missing.contains("`123456789012345678`"),
            "{missing}"
        );
        let slow = ResetError::from_useapi(
            UseapiError::Timeout(Duration::from_secs(10)),
            &mj(),
            Whose::Own,
        );
        assert!(
            slow.sentence().contains("no answer within 10 s"),
            "{}",
            slow.sentence()
        );
        let broken = ResetError::from_useapi(status(502), &mj(), Whose::Own).sentence();
        assert!(broken.contains("HTTP 502"), "{broken}");
        for line in [own, operator, missing, slow.sentence(), broken] {
            assert!(line.contains("nothing was reset"), "{line}");
            assert!(!line.contains("resolved"), "{line}");
        }
    }
}
