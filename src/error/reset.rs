//! Why a reset of a channel's `pendingModMessage` did not happen, and the
//! sentence the admin who asked reads (only they see it). Nothing is
//! marked resolved after any of these.

use crate::ids::MjChannelId;
use crate::locale::{self, Lang};
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

    /// The sentence for the admin who asked, in their language.
    pub(crate) fn sentence(&self, lang: Lang) -> String {
        match self {
            Self::NotAdmin => locale::text(lang, "reset-not-admin"),
            Self::NotHere => locale::text(lang, "reset-not-here"),
            Self::UnderWay(mj) => locale::args(lang, "reset-under-way", &[("mj", mj.into())]),
            Self::TokenRefused { status, whose } => {
                let key = match whose {
                    Whose::Own => "reset-token-refused-own",
                    Whose::Operator => "reset-token-refused-operator",
                };
                locale::args(lang, key, &[("status", (*status).into())])
            }
            Self::NotConfigured(mj) => {
                locale::args(lang, "reset-not-configured", &[("mj", mj.into())])
            }
            Self::Failed(err) => {
                let why = match err {
                    UseapiError::Timeout(limit) => {
                        locale::args(lang, "why-no-answer", &[("secs", limit.as_secs().into())])
                    }
                    UseapiError::Status { status, .. }
                    | UseapiError::InvalidBody { status, .. } => {
                        locale::args(lang, "why-status", &[("status", (*status).into())])
                    }
                    UseapiError::Connect(_) => locale::text(lang, "why-useapi-unreachable"),
                    _ => locale::text(lang, "why-broke-off"),
                };
                locale::args(lang, "reset-failed", &[("why", why.into())])
            }
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
        let own = ResetError::from_useapi(status(401), &mj(), Whose::Own).sentence(Lang::EN);
        assert!(
            own.contains("HTTP 401") && own.contains("`/mj-channel account set`"),
            "{own}"
        );
        let operator =
            ResetError::from_useapi(status(403), &mj(), Whose::Operator).sentence(Lang::EN);
        assert!(operator.contains("check USEAPI_TOKEN"), "{operator}");
        let missing = ResetError::from_useapi(status(404), &mj(), Whose::Own).sentence(Lang::EN);
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
            slow.sentence(Lang::EN).contains("no answer within 10 s"),
            "{}",
            slow.sentence(Lang::EN)
        );
        let broken = ResetError::from_useapi(status(502), &mj(), Whose::Own).sentence(Lang::EN);
        assert!(broken.contains("HTTP 502"), "{broken}");
        for line in [own, operator, missing, slow.sentence(Lang::EN), broken] {
            assert!(line.contains("nothing was reset"), "{line}");
            assert!(!line.contains("resolved"), "{line}");
        }
    }
}
