//! Text from outside (useapi.net, Discord, a member) made safe to show in a
//! log line, a reply or an audit line: control characters escaped, so no one
//! can forge a log line or break a message, and the length cut, so no one
//! can flood a log or push a message past Discord's limit.

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

#[cfg(test)]
mod tests {
    use super::*;

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
