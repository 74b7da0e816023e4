//! What `check` prints: one line per check, ✓, ✗ with a fix, or ⚠. Every
//! line is scrubbed of tokens as log lines are (an upstream's error may
//! quote one), and a closed stdout only ends the printing.

use crate::logging::scrub;
use crate::stdout;

#[derive(Default)]
pub(super) struct Report {
    pub(super) failed: bool,
}

// `pass` and `warn` only print, but every check reads report.pass/fail/warn.
#[allow(clippy::unused_self)]
impl Report {
    pub(super) fn pass(&mut self, what: impl AsRef<str>) {
        stdout::line(&scrub(&format!("✓ {}", what.as_ref())));
    }

    pub(super) fn fail(&mut self, what: impl AsRef<str>, fix: impl AsRef<str>) {
        self.failed = true;
        stdout::line(&scrub(&format!(
            "✗ {}\n    fix: {}",
            what.as_ref(),
            fix.as_ref()
        )));
    }

    /// Worth knowing, but not wrong: the check still passes.
    pub(super) fn warn(&mut self, what: impl AsRef<str>, fix: impl AsRef<str>) {
        stdout::line(&scrub(&format!(
            "⚠ {}\n    fix: {}",
            what.as_ref(),
            fix.as_ref()
        )));
    }
}
