//! The last line of defence: whatever a library logs, no line written leaves
//! with an interaction or webhook token (anyone holding one can post as the
//! bot in that channel for 15 minutes), a bot token or a bearer token, nor
//! with a token named in free text (`invalid token user:42-…`, `Token: …`),
//! as an upstream may echo one in its error text. `useapi` also runs
//! upstream text through [`scrub`] before a member can read it.

use std::borrow::Cow;
use std::io;

use tracing_subscriber::fmt::MakeWriter;

use crate::untrusted::REDACTED;

/// Where a secret follows, and how long a run of token characters must be
/// to be taken for one (short runs after `Bot ` or `token ` are ordinary
/// words: "the token cannot be opened").
const MARKERS: [(&str, Follows, usize); 10] = [
    ("://", Follows::UserInfo, 1),
    ("/interactions/", Follows::IdThenToken, 1),
    ("/webhooks/", Follows::IdThenToken, 1),
    ("Bearer ", Follows::Token, 1),
    ("bearer ", Follows::Token, 1),
    ("Bot ", Follows::Token, 20),
    ("token", Follows::Assignment, 8),
    ("Token", Follows::Assignment, 8),
    ("token ", Follows::Token, FREE_TEXT_TOKEN),
    ("Token ", Follows::Token, FREE_TEXT_TOKEN),
];

/// A word after `token ` in free text this long is taken for a token:
/// English words are shorter, useapi's tokens (`user:1234-…`) far longer.
const FREE_TEXT_TOKEN: usize = 16;

#[derive(Clone, Copy)]
enum Follows {
    /// `<digits>/<token>`: a route.
    IdThenToken,
    /// `<token>` at once, or after a quote: an Authorization header, or
    /// free text (`invalid token 'user:42-…'`).
    Token,
    /// `": "<token>`, `\":\"<token>`, `: "<token>`, `=<token>`,
    /// `: String("<token>`: a field.
    Assignment,
    /// `user:password@` at the start of a URL's authority.
    UserInfo,
}

fn is_token_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b':')
}

/// `line` with every token after a marker replaced by `[redacted]`.
pub(crate) fn scrub(line: &str) -> Cow<'_, str> {
    let bytes = line.as_bytes();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for (marker, follows, min_len) in MARKERS {
        let mut from = 0;
        while let Some(found) = line[from..].find(marker) {
            let after = from + found + marker.len();
            from = after;
            let Some((start, end)) = token_span(bytes, after, follows) else {
                continue;
            };
            if end - start >= min_len {
                cuts.push((start, end));
                from = end;
            }
        }
    }
    if cuts.is_empty() {
        return Cow::Borrowed(line);
    }
    cuts.sort_unstable();
    let mut clean = String::with_capacity(line.len());
    let mut at = 0;
    for (start, end) in cuts {
        if start < at {
            continue;
        }
        clean.push_str(&line[at..start]);
        clean.push_str(REDACTED);
        at = end;
    }
    clean.push_str(&line[at..]);
    Cow::Owned(clean)
}

/// Where the secret after a marker ending at `at` starts and ends, if one follows.
fn token_span(bytes: &[u8], at: usize, follows: Follows) -> Option<(usize, usize)> {
    if let Follows::UserInfo = follows {
        let authority = bytes[at..]
            .iter()
            .take_while(|c| {
                !matches!(c, b'/' | b'?' | b'#' | b'"' | b')') && !c.is_ascii_whitespace()
            })
            .count();
        let user_info = bytes[at..at + authority].iter().rposition(|c| *c == b'@')?;
        return Some((at, at + user_info));
    }
    let start = token_start(bytes, at, follows)?;
    let end = start
        + bytes[start..]
            .iter()
            .take_while(|c| is_token_char(**c))
            .count();
    Some((start, end))
}

/// Where the token after a marker ending at `at` starts, if one does.
fn token_start(bytes: &[u8], at: usize, follows: Follows) -> Option<usize> {
    match follows {
        Follows::UserInfo => None,
        Follows::Token => Some(
            at + bytes[at..]
                .iter()
                .take_while(|c| matches!(c, b'"' | b'\'' | b'`' | b'\\'))
                .count(),
        ),
        Follows::IdThenToken => {
            let digits = bytes[at..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            let slash = at + digits;
            (digits > 0 && bytes.get(slash) == Some(&b'/')).then_some(slash + 1)
        }
        Follows::Assignment => {
            let gap = bytes[at..]
                .iter()
                .take_while(|c| matches!(c, b'"' | b'\\' | b' ' | b':' | b'='))
                .count();
            let assigns = bytes[at..at + gap].iter().any(|c| matches!(c, b':' | b'='));
            // serde_json's `Debug` of a value: `"token": String("…")`.
            let wrapped = bytes[at + gap..].starts_with(b"String(\"");
            assigns.then_some(at + gap + if wrapped { 8 } else { 0 })
        }
    }
}

/// A [`MakeWriter`] whose writers scrub each line before passing it on.
pub(crate) struct Scrubbed<M>(pub(crate) M);

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for Scrubbed<M> {
    type Writer = ScrubWriter<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        ScrubWriter(self.0.make_writer())
    }
}

/// tracing's formatter hands over each event whole, in one `write`, so a
/// token is never split between two calls.
pub(crate) struct ScrubWriter<W>(W);

impl<W: io::Write> io::Write for ScrubWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(scrub(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTpzZWNyZXQ";

    #[test]
    fn routes_with_a_token_are_scrubbed() {
        for line in [
            format!("WARN serenity::http::client: Mismatched successful response status from https://discord.com/api/v10/interactions/123456789012345678/{TOKEN}/callback! Expected 204"),
            format!("POST /api/v10/webhooks/1234/{TOKEN}/messages/@original"),
        ] {
            let clean = scrub(&line);
            assert!(!clean.contains(TOKEN), "{clean}");
            assert!(clean.contains("[redacted]"), "{clean}");
        }
    }

    #[test]
    fn token_fields_in_json_debug_and_escaped_json_are_scrubbed() {
        for line in [
            format!(r#"{{"id":"1","token":"{TOKEN}","type":2}}"#),
            format!(r#"{{"message":"{{\"token\": \"{TOKEN}\"}}"}}"#),
            format!(
                r#"UnknownEvent {{ kind: "INTERACTION_CREATE", value: Object {{"token": String("{TOKEN}")}} }}"#
            ),
            format!("token: \"{TOKEN}\""),
            format!("Authorization: Bot {TOKEN}.abc.def and Bearer user:42-{TOKEN}"),
        ] {
            let clean = scrub(&line);
            assert!(!clean.contains(TOKEN), "{line}\n{clean}");
        }
    }

    #[test]
    fn a_token_named_in_free_text_is_scrubbed() {
        for line in [
            format!("useapi.net answered HTTP 401: invalid token {TOKEN} (expired)"),
            format!("useapi.net answered HTTP 401: Token: {TOKEN}"),
            format!("Token={TOKEN}"),
            format!("the token '{TOKEN}' was revoked"),
            format!("Token `{TOKEN}` is unknown"),
            format!("header was bearer {TOKEN}"),
            format!(r#"{{"error":"invalid token \"{TOKEN}\""}}"#),
            format!(r#"{{"error":"Bearer {TOKEN} is not valid"}}"#),
        ] {
            let clean = scrub(&line);
            assert!(!clean.contains(TOKEN), "{line}\n{clean}");
            assert!(clean.contains(REDACTED), "{line}\n{clean}");
        }
    }

    #[test]
    fn user_info_in_a_url_is_scrubbed() {
        let clean = scrub("error sending request for url (http://proxy-user:hunter2@proxy:8080/api/v10/gateway/bot)");
        assert!(
            !clean.contains("hunter2") && !clean.contains("proxy-user"),
            "{clean}"
        );
        assert!(clean.contains("http://[redacted]@proxy:8080/"), "{clean}");
    }

    #[test]
    fn ordinary_lines_are_left_as_they_are() {
        for line in [
            "useapi.net refused the API token (HTTP 401)",
            "this server's stored useapi token cannot be opened; its admins are told",
            "state=token_refused Token expired",
            "a token entered by an admin was refused",
            "turn off Public Bot in the developer portal",
            "GET /api/v10/interactions/abc",
            "registered slash commands",
            "listening on http://127.0.0.1:9000/metrics",
        ] {
            assert!(matches!(scrub(line), Cow::Borrowed(_)), "{line}");
        }
    }

    #[test]
    fn a_status_string_is_not_taken_for_a_token() {
        let line =
            format!(r#"Object {{"status": String("completed"), "token": String("{TOKEN}")}}"#);
        let clean = scrub(&line);
        assert!(
            clean.contains("completed") && !clean.contains(TOKEN),
            "{clean}"
        );
    }
}
