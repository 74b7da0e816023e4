//! `.env` in the working directory, read before anything else.

use std::path::Path;

/// Loads `./.env` when there is one; variables already set in the
/// environment win. Only the working directory is read: a `.env` in a parent
/// directory could send both tokens elsewhere. The error is one line for
/// the admin (a setting to fix: exit 78).
pub(crate) fn load() -> Result<(), String> {
    load_from(Path::new(".env"))
}

fn load_from(path: &Path) -> Result<(), String> {
    match dotenvy::from_path(path) {
        Ok(()) => Ok(()),
        Err(err) if err.not_found() => Ok(()),
        // dotenvy's own message quotes the line, which may hold a token:
        // its number is said instead.
        Err(dotenvy::Error::LineParse(line, index)) => Err(match line_number(path, &line) {
            Some(number) => format!(
                ".env line {number} is not KEY=value (the problem is at character {index} of it)"
            ),
            None => format!(
                ".env has a line that is not KEY=value (the problem is at character {index} of that line)"
            ),
        }),
        Err(err) => Err(format!("cannot read .env: {err}")),
    }
}

/// The number (from 1) of the line of `path` where `line`, as dotenvy
/// quotes it, starts; a value in quotes may span several lines, and
/// dotenvy quotes them all.
fn line_number(path: &Path, line: &str) -> Option<usize> {
    let text = std::fs::read_to_string(path).ok()?;
    let quoted = line.trim_end_matches(['\n', '\r']);
    if quoted.is_empty() {
        return None;
    }
    let at = text.find(quoted)?;
    Some(text[..at].matches('\n').count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_line_is_named_by_its_number_and_never_quoted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".env");
        // No valid line comes first: dotenvy would set it in this process's
        // environment, which other tests read concurrently.
        std::fs::write(&path, "# settings\n\n\nnot a setting s3cret\n").unwrap();

        let err = load_from(&path).unwrap_err();

        assert!(err.starts_with(".env line 4 is not KEY=value"), "{err}");
        assert!(!err.contains("s3cret"), "{err}");
    }
}
