//! No English sentence is left in the code that talks to Discord: every
//! string literal of three words or more there is either a key's English in
//! `locales/en-US.ftl` moved out already, or an operator's (a log line, an
//! error's `Display` for the log, a refusal reason kept for the log).
//! Pragmatic: it reads the source as text, skipping tests, comments and
//! the statements that only log.

use std::path::{Path, PathBuf};

/// The layer whose words members and servers read.
const DISCORD_FACING: [&str; 12] = [
    "commands",
    "error.rs",
    "error",
    "audit",
    "account_health",
    "reset_button.rs",
    "deliver",
    "front_door",
    "interactions",
    "embeds.rs",
    "message_split.rs",
    "discord",
];

/// A literal inside a statement that holds one of these is for the log or
/// the operator, not for Discord.
const OPERATORS: [&str; 8] = [
    "tracing::",
    "#[error(",
    "BadOptions",
    "bad(",
    "expect(",
    "panic!(",
    "Error::Other(",
    "refused(",
];

/// Literals that are not for Discord's members, and why.
const NOT_FOR_MEMBERS: [&str; 8] = [
    // The command's name in audit lines: command names stay as they are.
    "mj-channel account reset",
    // `mj-bridge check`'s fix (error::admin_fix): the command line stays English.
    "renew the useapi.net subscription",
    // Log lines of account alerts (account_health/alert.rs).
    "{} account states changed",
    "(the whole account)",
    // Why the bot left a server, for the log (discord/listing.rs).
    "absent from two complete server listings in a row",
    // HTTP answers to Discord's servers, which no member sees (interactions/).
    "signed more than 15 minutes from Discord's clock",
    "not an interaction",
    "an interaction this bot has none of",
];

fn files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .expect("src/ is readable")
            .map(|entry| entry.expect("an entry").path())
            .collect();
        entries.sort();
        for entry in entries {
            files(&entry, out);
        }
    } else if path.extension().is_some_and(|ext| ext == "rs")
        && !path.to_string_lossy().contains("tests")
    {
        out.push(path.to_owned());
    }
}

/// The string literals of `code` with the byte where each starts.
fn literals(code: &str) -> Vec<(usize, String)> {
    let bytes = code.as_bytes();
    let (mut found, mut i) = (Vec::new(), 0);
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'\'' if bytes.get(i + 2) == Some(&b'\'') || bytes.get(i + 1) == Some(&b'\\') => {
                i += 2;
                while i < bytes.len() && bytes[i] != b'\'' {
                    i += 1;
                }
            }
            b'"' => {
                let start = i;
                let mut text = Vec::new();
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    text.push(bytes[i]);
                    i += 1;
                }
                found.push((start, String::from_utf8_lossy(&text).into_owned()));
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// Three or more words of letters: a sentence, not a key, a code or a name.
fn is_sentence(text: &str) -> bool {
    let words = text
        .split_whitespace()
        .filter(|word| word.chars().filter(char::is_ascii_alphabetic).count() >= 2)
        .count();
    words >= 3
}

/// Whether the statement around byte `at` only logs or names an operator's reason.
fn for_operators(code: &str, at: usize) -> bool {
    let start = code[..at].rfind([';', '}']).map_or(0, |p| p + 1);
    let statement = &code[start..at];
    OPERATORS.iter().any(|marker| statement.contains(marker))
}

#[test]
fn no_english_sentence_for_discord_is_left_in_the_code() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    for part in DISCORD_FACING {
        files(&src.join(part), &mut all);
    }
    let mut left = Vec::new();
    for file in all {
        let code = std::fs::read_to_string(&file).expect("a source file");
        let code = code.split("#[cfg(test)]").next().unwrap_or_default();
        for (at, text) in literals(code) {
            if is_sentence(&text)
                && !for_operators(code, at)
                && !NOT_FOR_MEMBERS.contains(&text.as_str())
            {
                let line = code[..at].lines().count();
                left.push(format!("{}:{line}: {text}", file.display()));
            }
        }
    }
    assert!(
        left.is_empty(),
        "English for Discord belongs in locales/en-US.ftl:\n{}",
        left.join("\n")
    );
}
