//! Logs to stderr, as text or (`LOG_FORMAT=json`) JSON lines, that never hold
//! a token, whatever `RUST_LOG` says. A JSON line has `timestamp`, `level`,
//! `target` and `message` at its top level, with the event's other fields
//! beside them, where log collectors look for them; the line that says why
//! the bot stopped ([`fatal`]) has the same shape.
//!
//! Two defences. First, every event from serenity and its websocket library
//! more verbose than WARN is dropped by a filter `RUST_LOG` cannot widen:
//! serenity instruments functions at INFO and DEBUG with arguments that hold
//! an interaction token (the HTTP request's route, the gateway's whole
//! event, an unknown event's JSON), and a span directive such as
//! `[handle_event]=trace` would otherwise enable them whatever the target.
//! Second, [`scrub`] removes tokens from every line written, which catches
//! what a library logs at WARN (serenity's "Mismatched successful response
//! status from <url with the token>") or what no one foresaw.

mod scrub;

pub(crate) use scrub::scrub;
use std::io::Write;

use tracing::{Level, Metadata};
use tracing_subscriber::filter::{filter_fn, FilterExt};
use tracing_subscriber::fmt::time::FormatTime;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer};

/// Targets whose events below WARN may carry a token.
const CAPPED_TARGETS: [&str; 3] = ["serenity", "tungstenite", "tokio_tungstenite"];

/// Whether `metadata` may be logged whatever `RUST_LOG` enabled.
fn outside_the_cap(metadata: &Metadata<'_>) -> bool {
    let capped = CAPPED_TARGETS.iter().any(|target| {
        metadata
            .target()
            .strip_prefix(target)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with("::"))
    });
    !capped || *metadata.level() <= Level::WARN
}

/// How log lines are written (`LOG_FORMAT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Text,
    Json,
}

/// A `RUST_LOG` value as the log reads it; the reason names no variable
/// (the caller does). `config` checks it by this same function.
pub(crate) fn filter(raw: &str) -> Result<EnvFilter, String> {
    EnvFilter::try_new(raw.trim())
        .map_err(|e| format!("{e} (e.g. RUST_LOG=info or RUST_LOG=mj_bridge=debug)"))
}

/// A `LOG_FORMAT` value; `config` checks it by this same function.
pub(crate) fn format(raw: &str) -> Result<Format, String> {
    match raw.trim() {
        "" | "text" => Ok(Format::Text),
        "json" => Ok(Format::Json),
        other => Err(format!("`{other}` must be text or json")),
    }
}

/// `RUST_LOG`, or `info` when it is unset; a value that does not parse is
/// an error naming it, not silently replaced.
fn env_filter() -> Result<EnvFilter, String> {
    match std::env::var("RUST_LOG") {
        Ok(raw) if !raw.trim().is_empty() => {
            filter(&raw).map_err(|reason| format!("RUST_LOG is invalid: {reason}"))
        }
        _ => Ok(EnvFilter::new("info")),
    }
}

/// Installs the global subscriber; the error names the setting that is wrong.
pub(crate) fn init() -> Result<(), String> {
    let filter = env_filter()?.and(filter_fn(outside_the_cap));
    let writer = scrub::Scrubbed(std::io::stderr);
    let logs = tracing_subscriber::fmt::layer().with_writer(writer);
    let chosen = format(&std::env::var("LOG_FORMAT").unwrap_or_default())
        .map_err(|reason| format!("LOG_FORMAT is invalid: {reason}"))?;
    let logs = match chosen {
        Format::Text => logs.with_filter(filter).boxed(),
        Format::Json => logs.json().flatten_event(true).with_filter(filter).boxed(),
    };
    tracing_subscriber::registry().with(logs).init();
    Ok(())
}

/// Whether `LOG_FORMAT` asks for JSON lines.
fn json_format() -> bool {
    std::env::var("LOG_FORMAT").is_ok_and(|format| format.trim() == "json")
}

/// Writes why the bot stops on stderr, whatever `RUST_LOG` says (it may be
/// the setting that is wrong, or `off`): `mj-bridge: <message>`, or with
/// `LOG_FORMAT=json` one JSON line shaped like every other log line, level
/// ERROR. An invalid `LOG_FORMAT` gets the text line.
pub(crate) fn fatal(message: &str) {
    let line = if json_format() {
        let mut timestamp = String::new();
        // Writing into a String cannot fail; the clock tracing-subscriber uses.
        let _ = tracing_subscriber::fmt::time::SystemTime.format_time(
            &mut tracing_subscriber::fmt::format::Writer::new(&mut timestamp),
        );
        serde_json::json!({
            "timestamp": timestamp,
            "level": "ERROR",
            "target": env!("CARGO_CRATE_NAME"),
            "message": message,
        })
        .to_string()
    } else {
        format!("mj-bridge: {message}")
    };
    let mut stderr = std::io::stderr().lock();
    // Nothing is left to tell if stderr itself is gone.
    let _ = writeln!(stderr, "{}", scrub::scrub(&line));
}

/// `err` and all its sources, `: `-separated, for one log line: the cause
/// of a network error (a refused connection, a name that does not resolve,
/// a certificate) is in the sources, seldom in the error's own text
/// ("Error while sending HTTP request."). A cause that repeats the text
/// before it is left out (serenity wraps an error in one that says the
/// same), and every URL loses its user info and query (see `redact_url`).
pub(crate) fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut last = text.clone();
    let mut source = err.source();
    while let Some(cause) = source {
        let said = cause.to_string();
        if said != last {
            text.push_str(": ");
            text.push_str(&said);
        }
        last = said;
        source = cause.source();
    }
    crate::untrusted::redact_urls(&text)
}
