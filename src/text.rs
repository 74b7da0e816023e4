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

#[cfg(test)]
mod tests {
    use super::*;

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
