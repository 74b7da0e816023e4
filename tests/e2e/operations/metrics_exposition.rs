//! `/metrics` as a Prometheus server or any OpenMetrics parser reads it:
//! the text rules (names, `# TYPE` before a family's samples, the suffixes
//! each type allows, `_total` on counters, cumulative buckets, `# EOF`),
//! the build and process families, and every family present from the
//! start.

use std::collections::{HashMap, HashSet};

use crate::support::bot::{spawn_bot_with, BotOptions};
use crate::support::in_process::spawn_in_process;

/// What the OpenMetrics text format allows of a metric or label name.
fn is_metric_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

fn is_label_name(name: &str) -> bool {
    !name.contains(':') && is_metric_name(name)
}

/// The sample names a family of `kind` may have (OpenMetrics 1.0, "Metric types").
fn suffixes(kind: &str) -> &'static [&'static str] {
    match kind {
        "counter" => &["_total", "_created"],
        "histogram" | "gaugehistogram" => {
            &["_bucket", "_count", "_sum", "_created", "_gcount", "_gsum"]
        }
        "summary" => &["", "_count", "_sum", "_created"],
        "info" => &["_info"],
        "gauge" | "unknown" | "stateset" => &[""],
        other => panic!("unknown metric type `{other}`"),
    }
}

/// `name{a="x",b="y"} value` as (name, labels, value); panics on what the
/// text format does not allow.
fn sample(line: &str) -> (String, Vec<(String, String)>, f64) {
    let (series, value) = line
        .rsplit_once(' ')
        .unwrap_or_else(|| panic!("no value: {line}"));
    let value: f64 = match value {
        "+Inf" => f64::INFINITY,
        "-Inf" => f64::NEG_INFINITY,
        other => other.parse().unwrap_or_else(|e| panic!("{e}: {line}")),
    };
    let (name, labels) = match series.split_once('{') {
        None => (series, Vec::new()),
        Some((name, rest)) => {
            let inner = rest
                .strip_suffix('}')
                .unwrap_or_else(|| panic!("unclosed labels: {line}"));
            (name, labels(inner, line))
        }
    };
    assert!(is_metric_name(name), "bad metric name: {line}");
    (name.to_owned(), labels, value)
}

/// `a="x",b="y"` as pairs; values may hold escaped `\"`, `\\`, `\n`.
fn labels(mut inner: &str, line: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    while !inner.is_empty() {
        let (name, rest) = inner
            .split_once("=\"")
            .unwrap_or_else(|| panic!("bad label: {line}"));
        assert!(is_label_name(name), "bad label name `{name}`: {line}");
        let mut value = String::new();
        let mut chars = rest.char_indices();
        let end = loop {
            match chars.next() {
                Some((_, '\\')) => match chars.next() {
                    Some((_, c @ ('"' | '\\'))) => value.push(c),
                    Some((_, 'n')) => value.push('\n'),
                    _ => panic!("bad escape: {line}"),
                },
                Some((at, '"')) => break at,
                Some((_, c)) => value.push(c),
                None => panic!("unclosed label value: {line}"),
            }
        };
        pairs.push((name.to_owned(), value));
        inner = rest[end + 1..]
            .strip_prefix(',')
            .unwrap_or(&rest[end + 1..]);
    }
    pairs
}

/// Checks `text` against the OpenMetrics text rules; returns each family's type.
fn check_exposition(text: &str) -> HashMap<String, String> {
    assert!(text.ends_with("# EOF\n"), "no `# EOF` at the end:\n{text}");
    let body = &text[..text.len() - "# EOF\n".len()];
    assert!(!body.contains("# EOF"), "`# EOF` before the end:\n{text}");

    let mut types: HashMap<String, String> = HashMap::new();
    let mut finished: HashSet<String> = HashSet::new();
    let mut current: Option<String> = None;
    let mut buckets: Vec<(String, f64, f64)> = Vec::new();
    for line in body.lines() {
        assert!(!line.is_empty(), "an empty line:\n{text}");
        if let Some(meta) = line.strip_prefix("# ") {
            let mut words = meta.splitn(3, ' ');
            let (keyword, family) = (words.next().unwrap(), words.next().unwrap_or_default());
            let rest = words.next().unwrap_or_default();
            assert!(is_metric_name(family), "bad family name: {line}");
            assert!(
                !finished.contains(family),
                "family {family} appears twice:\n{text}"
            );
            if current.as_deref() != Some(family) {
                if let Some(previous) = current.replace(family.to_owned()) {
                    finished.insert(previous);
                }
            }
            match keyword {
                "TYPE" => {
                    suffixes(rest);
                    let old = types.insert(family.to_owned(), rest.to_owned());
                    assert!(old.is_none(), "two TYPE lines for {family}");
                }
                "UNIT" => assert!(family.ends_with(&format!("_{rest}")), "{line}"),
                "HELP" => {}
                other => panic!("unknown metadata `{other}`: {line}"),
            }
            continue;
        }
        assert!(!line.starts_with('#'), "bad comment: {line}");
        let (name, labels, value) = sample(line);
        let family = current
            .as_deref()
            .unwrap_or_else(|| panic!("a sample before any TYPE: {line}"));
        let kind = types
            .get(family)
            .unwrap_or_else(|| panic!("no TYPE for {family} before its samples: {line}"));
        let suffix = name
            .strip_prefix(family)
            .unwrap_or_else(|| panic!("{name} outside its family {family}: {line}"));
        assert!(
            suffixes(kind).contains(&suffix),
            "{name} in a {kind} family {family}"
        );
        if kind == "counter" && suffix == "_total" {
            assert!(value >= 0.0, "a negative counter: {line}");
        }
        if suffix == "_bucket" {
            let le = labels.iter().find(|(k, _)| k == "le").expect("le label");
            let bound = if le.1 == "+Inf" {
                f64::INFINITY
            } else {
                le.1.parse().unwrap()
            };
            let series = format!(
                "{name}{:?}",
                labels.iter().filter(|(k, _)| k != "le").collect::<Vec<_>>()
            );
            if let Some((last, last_bound, last_count)) = buckets.last() {
                if *last == series {
                    assert!(
                        bound > *last_bound && value >= *last_count,
                        "buckets not cumulative: {line}"
                    );
                }
            }
            buckets.push((series, bound, value));
        }
    }
    types
}

#[tokio::test]
async fn the_metrics_follow_the_openmetrics_text_rules_and_hold_every_family_from_the_start() {
    // The text's rules only: the process figures are checked on a process.
    let bot = spawn_in_process(BotOptions::with_health_server()).await;
    let (status, text) = bot.get("/metrics").await;
    assert_eq!(status, 200);

    let types = check_exposition(&text);
    for (family, kind) in [
        ("mj_bridge_build", "info"),
        ("mj_bridge_commands", "counter"),
        ("mj_bridge_useapi_request_duration_seconds", "histogram"),
        ("mj_bridge_commands_in_flight", "gauge"),
        ("mj_bridge_gateway_reconnects", "counter"),
        ("mj_bridge_account_state", "gauge"),
        ("mj_bridge_account_alerts", "counter"),
        ("process_cpu_seconds", "counter"),
        ("process_resident_memory_bytes", "gauge"),
        ("process_open_fds", "gauge"),
        ("process_max_fds", "gauge"),
        ("process_start_time_seconds", "gauge"),
    ] {
        assert_eq!(
            types.get(family).map(String::as_str),
            Some(kind),
            "{family}:\n{text}"
        );
    }
    let build = format!(
        "mj_bridge_build_info{{version=\"{}\"}} 1\n",
        env!("CARGO_PKG_VERSION")
    );
    assert!(text.contains(&build), "{text}");
    // Before any command, every command and outcome is there at 0.
    for sample in [
        r#"mj_bridge_commands_total{verb="fast",outcome="ok"} 0"#,
        r#"mj_bridge_commands_total{verb="variability",outcome="failed"} 0"#,
        r#"mj_bridge_commands_total{verb="mj-channel",outcome="not_allowed"} 0"#,
    ] {
        assert!(text.contains(&format!("{sample}\n")), "{sample}:\n{text}");
    }
    bot.finish().await;
}

#[tokio::test]
async fn the_process_figures_are_those_of_the_bot_process() {
    let bot = spawn_bot_with(BotOptions::with_health_server()).await;
    let (_, text) = bot.get("/metrics").await;
    let value = |name: &str| -> f64 {
        let line = text
            .lines()
            .find(|line| line.starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no {name}:\n{text}"));
        sample(line).2
    };
    // Resident memory in bytes, not KiB or pages: a running bot holds megabytes.
    assert!(
        value("process_resident_memory_bytes") > 1_000_000.0,
        "{text}"
    );
    // stdin, stdout, stderr, the listener and the gateway at least.
    assert!(value("process_open_fds") >= 5.0, "{text}");
    assert!(
        value("process_max_fds") >= value("process_open_fds"),
        "{text}"
    );
    assert!(value("process_cpu_seconds_total") >= 0.0, "{text}");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    let started = value("process_start_time_seconds");
    // Started by this test, so within the last few minutes, never later than now.
    assert!(
        started <= now + 1.0 && started > now - 600.0,
        "{started} vs {now}"
    );
    bot.finish().await;
}

#[test]
fn the_checker_refuses_what_the_rules_forbid() {
    let ok = "# HELP a_total x\n# TYPE a counter\na_total 1\n# EOF\n";
    check_exposition(ok);
    for bad in [
        "# TYPE a counter\na_total 1\n",  // no # EOF
        "# TYPE a counter\na 1\n# EOF\n", // counter without _total
        "a_total 1\n# EOF\n",             // no TYPE
        "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\n# TYPE a gauge\n# EOF\n", // interleaved
        "# TYPE 1a gauge\n1a 1\n# EOF\n", // bad name
        "# TYPE a gauge\na{1x=\"v\"} 1\n# EOF\n", // bad label name
        "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\n# EOF\n", // not cumulative
    ] {
        let refused = std::panic::catch_unwind(|| check_exposition(bad)).is_err();
        assert!(refused, "accepted:\n{bad}");
    }
}
