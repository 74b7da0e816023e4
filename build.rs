//! Compiles the commands' descriptions out of `locales/*.ftl` into a table
//! (`OUT_DIR/descriptions.rs`, included by `src/locale/mod.rs`). The rest of
//! the catalogue is compiled in whole and parsed at run time, one language
//! at its first use; registration needs the descriptions in all nine at
//! once, and this way reads a few KB of them: no parser runs, no file is
//! paged in, no bundle is kept (BENCHMARKS.md, issue 34). A file that does
//! not parse keeps the messages that did; the catalogue's tests fail on it.

use std::fmt::Write as _;

use fluent_syntax::ast::{Entry, Message, PatternElement};

/// In the order of `Lang::ALL` (a test holds the two together).
const FILES: [&str; 9] = [
    "en", "de", "es-ES", "fr", "ja", "ko", "pt-BR", "ru", "zh-CN",
];

/// As `locale::is_description`: commands, options and choices.
const PREFIXES: [&str; 5] = ["cmd-", "opt-", "sub-", "group-", "choice-"];

fn main() {
    let mut table = String::from("[\n");
    for file in FILES {
        let path = format!("locales/{file}.ftl");
        println!("cargo:rerun-if-changed={path}");
        let source = std::fs::read_to_string(&path).expect("locales/ holds every language's file");
        let resource = fluent_syntax::parser::parse_runtime(source.as_str())
            .unwrap_or_else(|(partial, _errors)| partial);
        table.push_str("    &[\n");
        for entry in &resource.body {
            let Entry::Message(Message {
                id,
                value: Some(pattern),
                ..
            }) = entry
            else {
                continue;
            };
            let described = PREFIXES.iter().any(|prefix| id.name.starts_with(prefix));
            if let (true, [PatternElement::TextElement { value }]) =
                (described, pattern.elements.as_slice())
            {
                let _ = writeln!(table, "        ({:?}, {:?}),", id.name, value);
            }
        }
        table.push_str("    ],\n");
    }
    table.push_str("]\n");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(format!("{out}/descriptions.rs"), table).expect("OUT_DIR is writable");
}
