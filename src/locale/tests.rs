//! The catalogue held to the English source: every file parses, has every
//! key with the same placeholders and nothing more, and fits Discord.

use std::collections::{BTreeMap, BTreeSet};

use fluent_bundle::FluentResource;

use fluent_syntax::ast;

use super::*;

/// Each message of `lang`'s file: its key, and the `$placeholders` and
/// message references it uses.
fn messages(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    let resource = match FluentResource::try_new(lang.language().source.to_owned()) {
        Ok(resource) => resource,
        Err((_, errors)) => panic!("locales/{}.ftl does not parse: {errors:?}", file(lang)),
    };
    let mut all = BTreeMap::new();
    for entry in resource.entries() {
        if let ast::Entry::Message(message) = entry {
            let mut used = BTreeSet::new();
            if let Some(pattern) = &message.value {
                placeholders(pattern, &mut used);
            }
            let key = message.id.name.to_owned();
            assert!(
                all.insert(key.clone(), used).is_none(),
                "locales/{}.ftl has `{key}` twice",
                file(lang)
            );
        }
    }
    all
}

fn placeholders(pattern: &ast::Pattern<&str>, used: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_placeholders(expression, used);
        }
    }
}

fn expression_placeholders(expression: &ast::Expression<&str>, used: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_placeholder(selector, used);
            for variant in variants {
                placeholders(&variant.value, used);
            }
        }
        ast::Expression::Inline(inline) => inline_placeholder(inline, used),
    }
}

fn inline_placeholder(inline: &ast::InlineExpression<&str>, used: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            used.insert(format!("${}", id.name));
        }
        ast::InlineExpression::MessageReference { id, .. } => {
            used.insert(id.name.to_owned());
        }
        ast::InlineExpression::Placeable { expression } => {
            expression_placeholders(expression, used);
        }
        _ => {}
    }
}

/// The file name of `lang` in `locales/`.
fn file(lang: Lang) -> &'static str {
    match lang {
        Lang::EN => "en",
        other => other.code(),
    }
}

#[test]
fn every_language_has_every_english_key_with_the_same_placeholders() {
    let english = messages(Lang::EN);
    for lang in Lang::ALL {
        let theirs = messages(lang);
        let missing: Vec<&String> = english
            .keys()
            .filter(|k| !theirs.contains_key(*k))
            .collect();
        assert!(
            missing.is_empty(),
            "locales/{}.ftl lacks {missing:?}",
            file(lang)
        );
        let extra: Vec<&String> = theirs
            .keys()
            .filter(|k| !english.contains_key(*k))
            .collect();
        assert!(
            extra.is_empty(),
            "locales/{}.ftl has keys English lacks: {extra:?}",
            file(lang)
        );
        for (key, used) in &english {
            assert_eq!(
                &theirs[key],
                used,
                "locales/{}.ftl: `{key}` must use the placeholders of English",
                file(lang)
            );
        }
    }
}

/// Every message formatted in every language with long arguments: none
/// fails (so none falls back to English) and none leaves a placeholder.
fn every_text(lang: Lang) -> Vec<(String, String)> {
    let filler = "x".repeat(300);
    let placeholders = [
        "shown", "verb", "mj", "period", "retry", "channel", "why", "status", "max", "reason",
        "said", "job", "secs", "waiting", "member", "at", "done", "again", "fallback", "language",
        "verbs", "error", "channels", "command", "outcome", "text",
    ];
    messages(Lang::EN)
        .into_keys()
        .map(|key| {
            let named: Vec<(&str, Arg<'_>)> = placeholders
                .iter()
                .map(|name| match *name {
                    "period" | "retry" | "status" | "max" | "secs" | "waiting" | "at"
                    | "channels" => (*name, Arg::Count(2)),
                    _ => (*name, Arg::from(filler.as_str())),
                })
                .collect();
            let text = format(lang, &key, &named)
                .unwrap_or_else(|| panic!("`{key}` fails to format in {}", lang.code()));
            (key, text)
        })
        .collect()
}

#[test]
fn every_message_formats_in_every_language() {
    for lang in Lang::ALL {
        for (key, text) in every_text(lang) {
            assert!(!text.trim().is_empty(), "{}: `{key}` is empty", lang.code());
            assert!(!text.contains("{$"), "{}: `{key}`: {text}", lang.code());
            assert!(
                !text.contains('\u{2068}'),
                "isolation marks in {}",
                lang.code()
            );
        }
    }
}

/// Discord's limits: 1–100 characters for a description or a choice name,
/// 45 for a form's title and a field's label, 100 for its placeholder, 80
/// for a button label, 2,000 for a message (with 300-character arguments).
#[test]
fn every_text_fits_discords_limits() {
    for lang in Lang::ALL {
        for key in messages(Lang::EN).into_keys() {
            let limit = match key.as_str() {
                k if ["cmd-", "opt-", "sub-", "group-", "choice-"]
                    .iter()
                    .any(|p| k.starts_with(p)) =>
                {
                    100
                }
                "form-title" | "form-token-label" => 45,
                "form-token-placeholder" => 100,
                "reset-button" => 80,
                _ => continue,
            };
            let shown = if is_description(&key) {
                description(lang, &key)
            } else {
                text(lang, &key)
            };
            let chars = shown.chars().count();
            assert!(
                (1..=limit).contains(&chars),
                "{}: `{key}` has {chars} characters (1–{limit})",
                lang.code()
            );
        }
        for (key, text) in every_text(lang) {
            let chars = text.chars().count();
            assert!(
                chars <= 2000,
                "{}: `{key}` has {chars} characters",
                lang.code()
            );
        }
    }
}

/// Registration reads descriptions from `build.rs`'s table, not through a
/// bundle: each is plain text there, in its language's place, and reads
/// exactly as the bundle formats it.
#[test]
fn every_description_is_plain_text_that_reads_as_the_bundle_formats_it() {
    for lang in Lang::ALL {
        for key in messages(Lang::EN).into_keys().filter(|k| is_description(k)) {
            assert_eq!(
                plain(lang, &key),
                Some(text(lang, &key).as_str()),
                "{}: `{key}`",
                lang.code()
            );
        }
    }
}

#[test]
fn a_locale_outside_the_catalogue_reads_english_and_discords_codes_read_back() {
    for lang in Lang::ALL {
        assert_eq!(Lang::from_code(lang.code()), Some(lang));
    }
    let code = |locale: &str| Lang::of(Some(locale)).code();
    assert_eq!(code("en-GB"), "en-US");
    assert_eq!(code("pt-BR"), "pt-BR");
    assert_eq!(code("PT"), "pt-BR");
    assert_eq!(code("es-419"), "es-ES");
    assert_eq!(code("zh"), "zh-CN");
    // Traditional Chinese is another script: English, not Simplified.
    assert_eq!(code("zh-TW"), "en-US");
    assert_eq!(code("tlh"), "en-US");
    assert_eq!(Lang::of(None), Lang::EN);
}

/// `build.rs` names each language by its file's `language-name`.
#[test]
fn every_language_names_itself() {
    for lang in Lang::ALL {
        assert_ne!(
            lang.name(),
            lang.code(),
            "{}: no `language-name`",
            lang.code()
        );
    }
    assert_eq!(Lang::EN.name(), "English");
    assert_eq!(Lang::of(Some("ja")).name(), "日本語");
}

#[test]
fn a_missing_message_falls_back_to_english_and_a_missing_key_shows_itself() {
    assert_eq!(format(Lang::of(Some("ja")), "no-such-key", &[]), None);
    assert_eq!(text(Lang::of(Some("ja")), "no-such-key"), "no-such-key");
    // A placeholder without its argument fails in Japanese; English is
    // used, which fails too, so the key shows rather than a broken text.
    assert_eq!(args(Lang::of(Some("ja")), "set-done", &[]), "set-done");
    assert_ne!(
        text(Lang::of(Some("de")), "error-not-in-guild"),
        text(Lang::EN, "error-not-in-guild")
    );
}

#[test]
fn an_id_keeps_all_its_digits_and_a_count_chooses_its_plural() {
    let channel = ChannelId::new(123_456_789_012_345_678);
    for lang in Lang::ALL {
        let said = args(lang, "audit-same", &[("channel", channel.into())]);
        assert!(said.contains("<#123456789012345678>"), "{said}");
    }
    let one = args(Lang::EN, "useapi-timeout", &[("secs", 1u64.into())]);
    assert!(one.contains("within 1 second."), "{one}");
    let many = args(Lang::EN, "useapi-timeout", &[("secs", 60u64.into())]);
    assert!(many.contains("within 60 seconds."), "{many}");
}

/// Upstream words pass through as they were cleaned: a translation can
/// neither undo the escaping nor re-read them as Fluent.
#[test]
fn upstream_words_stay_as_escaped_in_every_language() {
    let hostile = crate::untrusted::inert("[Verify](https://evil.example) @everyone { $mj }");
    for lang in Lang::ALL {
        let line = args(lang, "said-quoted", &[("said", hostile.as_str().into())]);
        assert!(line.contains(&hostile), "{}: {line}", lang.code());
        assert!(!line.contains("[Verify]("), "{line}");
    }
}
