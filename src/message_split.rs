//! Turning text into messages Discord accepts: at most 2000 characters each.

use crate::locale::{self, Lang};

/// Discord's limit on a message's `content`. It is checked here in UTF-16
/// code units, which is never more lenient than counting characters.
pub(crate) const MESSAGE_LIMIT: usize = 2000;
/// More parts than this would flood the channel; the rest is cut with a marker.
pub(crate) const MAX_PARTS: usize = 5;

/// What ends a message that had to be cut, in `lang` (the reader's).
fn marker(lang: Lang) -> String {
    format!("\n{}", locale::text(lang, "cut-marker"))
}

/// Splits `text` into parts of at most `limit` UTF-16 units, preferring a
/// line break, then a space, as the place to cut. Nothing is dropped: the
/// parts concatenate back to `text`, and no character is ever cut in half.
pub(crate) fn split_message(text: &str, limit: usize) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let hard_end = prefix_within(rest, limit);
        let head = &rest[..hard_end];
        let cut_after = |pred: fn(char) -> bool| {
            head.char_indices()
                .rev()
                .find(|&(_, c)| pred(c))
                .map(|(i, c)| i + c.len_utf8())
        };
        let cut = if hard_end == rest.len() {
            hard_end
        } else {
            cut_after(|c| c == '\n')
                .or_else(|| cut_after(char::is_whitespace))
                .unwrap_or(hard_end)
        };
        parts.push(rest[..cut].to_owned());
        rest = &rest[cut..];
    }
    parts
}

/// Byte length of the longest prefix of `text` within `limit` UTF-16 units.
/// At least one character, so a split always makes progress.
fn prefix_within(text: &str, limit: usize) -> usize {
    let mut units = 0;
    for (i, ch) in text.char_indices() {
        units += ch.len_utf16();
        if units > limit {
            return if i == 0 { ch.len_utf8() } else { i };
        }
    }
    text.len()
}

/// The messages to send for `text`: split at [`MESSAGE_LIMIT`], at most
/// [`MAX_PARTS`] of them, the last one ending in the marker (in `lang`)
/// when something had to be cut.
pub(crate) fn message_parts(lang: Lang, text: &str) -> Vec<String> {
    let mut parts = split_message(text, MESSAGE_LIMIT);
    if parts.len() > MAX_PARTS {
        parts.truncate(MAX_PARTS);
        if let Some(last) = parts.last_mut() {
            *last = cut_with_marker(last, &marker(lang));
        }
    }
    parts
}

/// `text` as one message, cut with the marker when too long. For replies
/// that must be a single message, such as ephemeral errors: the bot's own
/// sentences fit in every language (the catalogue's tests), so this is a
/// safety net, and its marker is English.
pub(crate) fn one_message(text: &str) -> String {
    if fits(text) {
        text.to_owned()
    } else {
        cut_with_marker(text, &marker(Lang::EN))
    }
}

fn cut_with_marker(text: &str, marker: &str) -> String {
    let room = MESSAGE_LIMIT.saturating_sub(utf16_len(marker));
    format!("{}{marker}", &text[..prefix_within(text, room)])
}

fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// True when `text` fits in one Discord message.
pub(crate) fn fits(text: &str) -> bool {
    utf16_len(text) <= MESSAGE_LIMIT
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_parts(text: &str, parts: &[String]) {
        assert_eq!(parts.concat(), text);
        for part in parts {
            assert!(!part.is_empty());
            assert!(fits(part), "part of {} units", utf16_len(part));
        }
    }

    #[test]
    fn exactly_2000_characters_is_one_message() {
        let text = "a".repeat(2000);
        let parts = message_parts(Lang::EN, &text);
        assert_eq!(parts, vec![text.clone()]);
    }

    #[test]
    fn characters_2001_are_two_messages() {
        let text = "a".repeat(2001);
        let parts = message_parts(Lang::EN, &text);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].len(), 2000);
        check_parts(&text, &parts);
    }

    #[test]
    fn characters_5000_are_three_messages_cut_at_spaces() {
        let text = "word ".repeat(1000);
        let parts = message_parts(Lang::EN, &text);
        assert_eq!(parts.len(), 3);
        check_parts(&text, &parts);
        assert!(parts[0].ends_with(' '));
    }

    #[test]
    fn line_breaks_are_preferred_over_spaces() {
        let text = format!("{}\n{}", "a b ".repeat(300), "c".repeat(1500));
        let parts = split_message(&text, 2000);
        assert!(
            parts[0].ends_with('\n'),
            "{:?}",
            &parts[0][parts[0].len() - 5..]
        );
        check_parts(&text, &parts);
    }

    #[test]
    fn multi_byte_characters_are_never_cut_in_half() {
        for text in [
            "é".repeat(2500),
            "日本語".repeat(900),
            "🎨".repeat(1500),
            format!("a{}", "🎨".repeat(1000)),
        ] {
            let parts = message_parts(Lang::EN, &text);
            check_parts(&text, &parts);
        }
        // Astral characters count twice, as Discord's JavaScript would.
        assert_eq!(split_message(&"🎨".repeat(1001), 2000).len(), 2);
    }

    #[test]
    fn empty_text_has_no_parts() {
        assert!(message_parts(Lang::EN, "").is_empty());
    }

    #[test]
    fn very_long_text_is_cut_with_a_marker() {
        let text = "x".repeat(MESSAGE_LIMIT * 7);
        let parts = message_parts(Lang::EN, &text);
        assert_eq!(parts.len(), MAX_PARTS);
        assert!(parts.iter().all(|p| fits(p)));
        assert!(parts[MAX_PARTS - 1].ends_with(&marker(Lang::EN)));
        assert!(text.starts_with(&parts[..MAX_PARTS - 1].concat()));
    }

    #[test]
    fn one_message_cuts_with_a_marker() {
        assert_eq!(one_message("short"), "short");
        let cut = one_message(&"é".repeat(3000));
        assert!(fits(&cut) && cut.ends_with(&marker(Lang::EN)));
    }

    mod properties {
        use proptest::prelude::*;

        use super::super::*;
        use super::check_parts;

        proptest! {
            #[test]
            fn parts_fit_and_concatenate_back(text in any::<String>(), limit in 1usize..64) {
                let parts = split_message(&text, limit);
                prop_assert_eq!(parts.concat(), text);
                for part in &parts {
                    prop_assert!(!part.is_empty());
                    // A lone astral character is the only part allowed over a limit below 2.
                    prop_assert!(part.encode_utf16().count() <= limit.max(2));
                }
            }

            #[test]
            fn message_parts_fit_discord_and_only_cut_with_the_marker(
                text in proptest::collection::vec(any::<char>(), 0..12_000).prop_map(|c| c.into_iter().collect::<String>()),
            ) {
                let parts = message_parts(Lang::EN, &text);
                prop_assert!(parts.len() <= MAX_PARTS);
                if parts.concat() == text {
                    check_parts(&text, &parts);
                } else {
                    let last = parts.last().unwrap();
                    prop_assert!(last.ends_with(&marker(Lang::EN)));
                    prop_assert!(parts.iter().all(|p| fits(p)));
                    let kept = format!("{}{}", parts[..parts.len() - 1].concat(), last.trim_end_matches(&marker(Lang::EN)));
                    prop_assert!(text.starts_with(&kept));
                }
            }
        }
    }
}
