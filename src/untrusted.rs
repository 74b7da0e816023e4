//! Text from outside (useapi.net, Discord, a member) made safe to show in a
//! log line, a reply or an audit line: control characters escaped, so no one
//! can forge a log line or break a message, the length cut, so no one can
//! flood a log or push a message past Discord's limit, markdown made inert
//! in a message (masked links, mentions), and the bot's tokens removed from
//! an answer, so an upstream that echoes one cannot show it.

/// `text` with control characters escaped (`\n`, `\u{1b}`) and cut to
/// `max_chars` characters, the last being `…` when anything was cut.
pub(crate) fn clean(text: &str, max_chars: usize) -> String {
    let mut safe = String::new();
    let mut len = 0usize;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let escaped = c.escape_default();
        let width = if c.is_control() {
            escaped.clone().count()
        } else {
            1
        };
        // Room for `…` unless this is the last character.
        let room = if chars.peek().is_some() {
            max_chars.saturating_sub(1)
        } else {
            max_chars
        };
        if len + width > room {
            safe.push('…');
            break;
        }
        if c.is_control() {
            safe.extend(escaped);
        } else {
            safe.push(c);
        }
        len += width;
    }
    safe
}

/// `text` from outside made inert in a Discord message: each character
/// Discord's markdown reads (backslash, `*`, `_`, `~`, backtick, `|`, `>`, `[`, `]`, `(`, `)`) is escaped with a
/// backslash, so a masked link (`[click](https://…)`) shows as typed and
/// no bold, code, spoiler or quote forms; `<` and `@` too, so no mention,
/// channel or emoji forms even for display (no post pings anyone anyway:
/// every post's `allowed_mentions` is empty). Apply after [`clean`].
pub(crate) fn inert(text: &str) -> String {
    let mut safe = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '~' | '`' | '|' | '>' | '<' | '[' | ']' | '(' | ')' | '@'
        ) {
            safe.push('\\');
        }
        safe.push(c);
    }
    safe
}

/// What stands in for a secret removed from text.
pub(crate) const REDACTED: &str = "[redacted]";

/// A secret shorter than this is not looked for: no real token is, and
/// replacing a few common characters would garble every answer.
const SHORTEST_SECRET: usize = 8;

/// `bytes` (an answer from outside, before it is parsed) with every copy of
/// each of `secrets` replaced by [`REDACTED`], so an upstream that echoes a
/// token (in an error, a job's text) cannot put it in a reply or a log line.
/// Removed before anything is cut or escaped, so no part of a token is
/// ever kept.
pub(crate) fn without_secrets(bytes: Vec<u8>, secrets: &[&[u8]]) -> Vec<u8> {
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for secret in secrets.iter().filter(|s| s.len() >= SHORTEST_SECRET) {
        let mut at = 0;
        while let Some(found) = find(&bytes[at..], secret) {
            cuts.push((at + found, at + found + secret.len()));
            at += found + secret.len();
        }
    }
    if cuts.is_empty() {
        return bytes;
    }
    cuts.sort_unstable();
    let mut kept = Vec::with_capacity(bytes.len());
    let mut at = 0;
    for (start, end) in cuts {
        // Overlapping secrets: the span already cut covers this one's start.
        if end <= at {
            continue;
        }
        kept.extend_from_slice(&bytes[at..start.max(at)]);
        if start >= at {
            kept.extend_from_slice(REDACTED.as_bytes());
        }
        at = end;
    }
    kept.extend_from_slice(&bytes[at..]);
    kept
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    let mut from = 0;
    while let Some(offset) = haystack.get(from..)?.iter().position(|b| *b == first) {
        let start = from + offset;
        if haystack[start..].starts_with(needle) {
            return Some(start);
        }
        from = start + 1;
    }
    None
}

/// `raw` as it may be printed: user info and query string replaced, since
/// any of them may hold a password or a token (a webhook URL's token in its
/// path is scrubbed from every log line too). Something that is not a URL
/// is not echoed at all.
pub(crate) fn redact_url(raw: &str) -> String {
    let Ok(url) = reqwest::Url::parse(raw) else {
        return "(not a valid URL)".to_owned();
    };
    let user_info = if url.username().is_empty() && url.password().is_none() {
        ""
    } else {
        "***@"
    };
    let host = url.host_str().unwrap_or_default();
    let port = url.port().map(|p| format!(":{p}")).unwrap_or_default();
    let path = url.path().trim_end_matches('/');
    let query = if url.query().is_some() { "?…" } else { "" };
    format!("{}://{user_info}{host}{port}{path}{query}", url.scheme())
}

/// `text` with every `http://` or `https://` URL in it passed through
/// [`redact_url`]: an error's text may quote the URL it failed on.
pub(crate) fn redact_urls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = ["https://", "http://"]
        .iter()
        .filter_map(|scheme| rest.find(scheme))
        .min()
    {
        out.push_str(&rest[..start]);
        let url = &rest[start..];
        let end = url
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '>' | ','))
            .unwrap_or(url.len());
        out.push_str(&redact_url(&url[..end]));
        rest = &url[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_url_in_a_text_loses_its_user_info_and_query() {
        assert_eq!(
            redact_urls("error sending request for url (https://u:pw@host/a?key=s3cret): refused"),
            "error sending request for url (https://***@host/a?…): refused"
        );
        assert_eq!(redact_urls("no url here"), "no url here");
    }

    #[test]
    fn user_info_and_query_strings_are_not_printed() {
        assert_eq!(
            redact_url("https://user:hunter2@api.example.com:8443/v2/?key=s3cret#x"),
            "https://***@api.example.com:8443/v2?…"
        );
        assert_eq!(
            redact_url("https://api.useapi.net"),
            "https://api.useapi.net"
        );
        assert_eq!(redact_url("not a url hunter2"), "(not a valid URL)");
    }

    #[test]
    fn every_copy_of_every_secret_is_removed() {
        let body = br#"{"error":"Bearer user:42-secret-one is not user:42-secret-two","code":401}"#;
        let kept = without_secrets(
            body.to_vec(),
            &[b"user:42-secret-two", b"user:42-secret-one"],
        );
        assert_eq!(
            String::from_utf8(kept).unwrap(),
            r#"{"error":"Bearer [redacted] is not [redacted]","code":401}"#
        );
        let twice = without_secrets(b"abcdefgh-abcdefgh".to_vec(), &[b"abcdefgh"]);
        assert_eq!(twice, b"[redacted]-[redacted]");
    }

    #[test]
    fn overlapping_secrets_leave_nothing_of_either() {
        let kept = without_secrets(
            b"<0123456789abcdef>".to_vec(),
            &[b"0123456789ab", b"456789abcdef"],
        );
        assert_eq!(kept, b"<[redacted]>");
    }

    #[test]
    fn short_or_empty_secrets_change_nothing() {
        let body = b"a short answer".to_vec();
        assert_eq!(without_secrets(body.clone(), &[b"", b"short"]), body);
    }

    #[test]
    fn masked_links_markdown_and_mentions_are_made_inert() {
        assert_eq!(
            inert("[click](https://x.example) **now** <@1> @everyone a\\nb"),
            r"\[click\]\(https://x.example\) \*\*now\*\* \<\@1\> \@everyone a\\nb"
        );
        assert_eq!(
            inert("Please acknowledge the Terms."),
            "Please acknowledge the Terms."
        );
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(clean("a\nFAKE\r\u{1b}[31m", 100), "a\\nFAKE\\r\\u{1b}[31m");
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        let cut = clean(&"é".repeat(500), 200);
        assert_eq!(cut.chars().count(), 200);
        assert!(cut.ends_with('…'));
        assert_eq!(clean("exactly", 7), "exactly");
        assert_eq!(clean("short", 300), "short");
    }
}
