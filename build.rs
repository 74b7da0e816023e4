//! Compiles `locales/` into the table of languages (`OUT_DIR/languages.rs`,
//! included by `src/locale/mod.rs`): one entry per `*.ftl` file, named by
//! its Discord locale code, English (`en-US.ftl`, the source) first. So a
//! new language is one file: the catalogue's tests then say what it lacks.
//!
//! Each entry holds the whole file, compiled in and parsed at run time at
//! its first use, and its commands' descriptions as plain text:
//! registration needs them in every language at once, and this way reads a
//! few KB of them: no parser runs, no file is paged in, no bundle is kept
//! (BENCHMARKS.md, issue 34). A file that does not parse keeps the messages
//! that did; the catalogue's tests fail on it.

use std::fmt::Write as _;
use std::path::Path;

use fluent_syntax::ast::{Entry, Message, PatternElement};

/// The source language, checked first and the fallback of every message.
const SOURCE: &str = "en-US";

/// As `locale::is_description`: commands, options and choices.
const PREFIXES: [&str; 5] = ["cmd-", "opt-", "sub-", "group-", "choice-"];

/// The message naming a language in itself, for `/mj-channel language`.
const NAME: &str = "language-name";

fn main() {
    println!("cargo:rerun-if-changed=locales");
    let dir =
        Path::new(&std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it")).join("locales");
    let mut codes: Vec<String> = std::fs::read_dir(&dir)
        .expect("locales/ holds the catalogue")
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".ftl").map(str::to_owned)
        })
        .collect();
    // The source first, then the others in the order of their codes.
    codes.sort_by_key(|code| (code != SOURCE, code.clone()));
    assert!(
        codes.first().is_some_and(|code| code == SOURCE),
        "locales/{SOURCE}.ftl is the source"
    );
    let mut table = String::from("[\n");
    for code in &codes {
        let path = dir.join(format!("{code}.ftl"));
        println!("cargo:rerun-if-changed={}", path.display());
        let source = std::fs::read_to_string(&path).expect("a file of locales/ is readable");
        let (name, descriptions) = plain_texts(&source);
        let _ = writeln!(
            table,
            "    Language {{\n        code: {code:?},\n        name: {:?},\n        source: include_str!({:?}),\n        descriptions: &[",
            name.unwrap_or_else(|| code.clone()),
            path.display().to_string(),
        );
        for (key, text) in descriptions {
            let _ = writeln!(table, "            ({key:?}, {text:?}),");
        }
        table.push_str("        ],\n    },\n");
    }
    table.push_str("]\n");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(format!("{out}/languages.rs"), table).expect("OUT_DIR is writable");
}

/// The language's own name and its plain-text descriptions.
fn plain_texts(source: &str) -> (Option<String>, Vec<(String, String)>) {
    let resource =
        fluent_syntax::parser::parse_runtime(source).unwrap_or_else(|(partial, _errors)| partial);
    let mut name = None;
    let mut descriptions = Vec::new();
    for entry in &resource.body {
        let Entry::Message(Message {
            id,
            value: Some(pattern),
            ..
        }) = entry
        else {
            continue;
        };
        let [PatternElement::TextElement { value }] = pattern.elements.as_slice() else {
            continue;
        };
        if id.name == NAME {
            name = Some((*value).to_owned());
        } else if PREFIXES.iter().any(|prefix| id.name.starts_with(prefix)) {
            descriptions.push((id.name.to_owned(), (*value).to_owned()));
        }
    }
    (name, descriptions)
}
