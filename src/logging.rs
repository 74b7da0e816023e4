//! Logs to stderr, as text or (`LOG_FORMAT=json`) JSON lines, that never hold
//! a token.

use tracing_subscriber::EnvFilter;

/// serenity instruments some functions at INFO with arguments that hold an
/// interaction token (anyone holding it can post as the bot in that channel
/// for 15 minutes), and a span's fields are printed with every event logged
/// inside it: the HTTP request (its route holds the token) and the gateway
/// shard's `handle_event` (the whole event). Capping these targets at warn,
/// whatever `RUST_LOG` says, keeps those spans off; their warnings still show.
const NO_TOKEN_SPANS: [&str; 2] = ["serenity::http=warn", "serenity::gateway::shard=warn"];

/// Installs the global subscriber; the error names the setting that is wrong.
pub(crate) fn init() -> Result<(), String> {
    let filter = NO_TOKEN_SPANS.iter().try_fold(
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        |filter, directive| {
            directive
                .parse()
                .map(|directive| filter.add_directive(directive))
                .map_err(|e| format!("log filter `{directive}`: {e}"))
        },
    )?;
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match std::env::var("LOG_FORMAT").unwrap_or_default().trim() {
        "" | "text" => logs.init(),
        "json" => logs.json().init(),
        other => {
            return Err(format!(
                "LOG_FORMAT is invalid: `{other}` must be text or json"
            ))
        }
    }
    Ok(())
}

/// `err` and all its sources, `: `-separated, for one log line.
pub(crate) fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
