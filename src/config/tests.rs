//! Reading settings: defaults, every variable named in its error, no token shown.

use std::collections::HashMap;

use secrecy::ExposeSecret;

use super::*;

/// The settings from `vars`, or their one fault (more than one fails the test).
fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
    all_faults(vars).map_err(|mut errors| {
        assert_eq!(errors.len(), 1, "{errors:?}");
        errors.remove(0)
    })
}

fn all_faults(vars: &[(&str, &str)]) -> Result<Config, Vec<ConfigError>> {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Config::from_lookup(|name| vars.get(name).cloned()).map_err(|errors| errors.0)
}

const TOKENS: [(&str, &str); 2] = [
    ("DISCORD_TOKEN", "discord-secret"),
    ("USEAPI_TOKEN", "useapi-secret"),
];

#[test]
fn defaults_apply_when_only_tokens_are_set() {
    let cfg = config(&TOKENS).unwrap();
    assert_eq!(cfg.discord_token.expose_secret(), "discord-secret");
    assert_eq!(
        cfg.useapi_token.as_ref().unwrap().expose_secret(),
        "useapi-secret"
    );
    assert!(cfg.secrets.is_none());
    assert_eq!(cfg.useapi_base_url, "https://api.useapi.net");
    assert_eq!(
        cfg.useapi_limits,
        UseapiLimits {
            timeout: Duration::from_secs(60),
            max_concurrency: None,
            max_queue: 500,
            max_in_flight: 256,
        }
    );
    assert_eq!(cfg.useapi_reply_url, None);
    assert_eq!(cfg.discord_proxy_url, None);
    assert_eq!(cfg.allowed_guilds, None);
    assert_eq!(cfg.command_cooldown, Duration::from_secs(10));
    assert_eq!(cfg.account_check, Duration::from_secs(300));
    assert_eq!(cfg.server_list, Duration::from_secs(3600));
    assert!(
        matches!(cfg.store, StoreTarget::File(ref path) if path == &PathBuf::from("config/channels.json"))
    );
    assert_eq!(cfg.shards, Shards::Auto);
}

#[test]
fn a_missing_or_empty_token_names_the_variable() {
    assert_eq!(
        config(&[TOKENS[1]]).unwrap_err(),
        ConfigError::Missing("DISCORD_TOKEN")
    );
    assert_eq!(
        config(&[TOKENS[0], ("USEAPI_TOKEN", "  ")]).unwrap_err(),
        ConfigError::Missing("USEAPI_TOKEN")
    );
    let message = ConfigError::Missing("USEAPI_TOKEN").to_string();
    assert!(message.starts_with("USEAPI_TOKEN is not set"), "{message}");
}

#[test]
fn optional_settings_are_read_and_trailing_slashes_dropped() {
    let cfg = config(&[
        TOKENS[0],
        TOKENS[1],
        ("USEAPI_BASE_URL", "http://127.0.0.1:9/"),
        ("USEAPI_TIMEOUT_SECS", "5"),
        ("USEAPI_MAX_CONCURRENCY", "4"),
        ("USEAPI_MAX_QUEUE", "0"),
        ("USEAPI_MAX_IN_FLIGHT", "32"),
        ("USEAPI_REPLY_URL", "https://example.com/hook"),
        ("DISCORD_PROXY_URL", "http://proxy:8080/"),
        ("CHANNELS_FILE", "/var/lib/mj-bridge/channels.json"),
        ("HTTP_ADDR", "127.0.0.1:9000"),
        ("ALLOWED_GUILDS", "100000000000000001, 200000000000000001"),
        ("COMMAND_COOLDOWN_SECS", "0"),
        ("USEAPI_ACCOUNT_CHECK_SECS", "0"),
    ])
    .unwrap();
    assert_eq!(cfg.account_check, Duration::ZERO);
    let allowed = cfg.allowed_guilds.as_ref().map(ToString::to_string);
    assert_eq!(
        allowed.as_deref(),
        Some("100000000000000001, 200000000000000001")
    );
    assert_eq!(cfg.command_cooldown, Duration::ZERO);
    assert_eq!(cfg.http_addr, Some("127.0.0.1:9000".parse().unwrap()));
    assert_eq!(cfg.useapi_base_url, "http://127.0.0.1:9");
    assert_eq!(cfg.useapi_limits.timeout, Duration::from_secs(5));
    assert_eq!(cfg.useapi_limits.max_concurrency, Some(4));
    assert_eq!(cfg.useapi_limits.max_queue, 0);
    assert_eq!(cfg.useapi_limits.max_in_flight, 32);
    assert_eq!(
        cfg.useapi_reply_url.as_deref(),
        Some("https://example.com/hook")
    );
    assert_eq!(cfg.discord_proxy_url.as_deref(), Some("http://proxy:8080"));
    assert!(
        matches!(cfg.store, StoreTarget::File(ref path) if path == &PathBuf::from("/var/lib/mj-bridge/channels.json"))
    );
}

#[test]
fn a_reply_url_over_1024_characters_is_refused() {
    let long = format!("https://example.com/{}", "a".repeat(1010));
    let err = config(&[TOKENS[0], TOKENS[1], ("USEAPI_REPLY_URL", &long)]).unwrap_err();
    assert!(
        matches!(
            err,
            ConfigError::Invalid {
                name: "USEAPI_REPLY_URL",
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("1024"), "{err}");

    let exact = format!("https://example.com/{}", "a".repeat(1024 - 20));
    assert_eq!(exact.len(), 1024);
    assert!(config(&[TOKENS[0], TOKENS[1], ("USEAPI_REPLY_URL", &exact)]).is_ok());
}

#[test]
fn bad_values_are_refused_with_the_variable_name() {
    for (name, value) in [
        ("USEAPI_TIMEOUT_SECS", "0"),
        ("USEAPI_TIMEOUT_SECS", "ten"),
        ("USEAPI_TIMEOUT_SECS", "100000"),
        ("USEAPI_MAX_CONCURRENCY", "0"),
        ("USEAPI_MAX_QUEUE", "-1"),
        ("USEAPI_MAX_IN_FLIGHT", "0"),
        ("USEAPI_BASE_URL", "api.useapi.net"),
        ("USEAPI_BASE_URL", "ftp://api.useapi.net"),
        ("DISCORD_PROXY_URL", "not a url"),
        ("HTTP_ADDR", "9000"),
        ("ALLOWED_GUILDS", "my-server"),
        ("ALLOWED_GUILDS", "100000000000000001;200000000000000001"),
        ("COMMAND_COOLDOWN_SECS", "-1"),
        ("COMMAND_COOLDOWN_SECS", "ten"),
        ("USEAPI_ACCOUNT_CHECK_SECS", "5m"),
        ("SERVER_LIST_SECS", "0"),
        ("DATABASE_URL", "mysql://db/mj"),
        ("DATABASE_URL", "config/channels.json"),
        ("SHARDS", "0-1"),
        ("SHARDS", "2-1/4"),
    ] {
        let err = config(&[TOKENS[0], TOKENS[1], (name, value)]).unwrap_err();
        assert!(err.to_string().starts_with(name), "{name}={value}: {err}");
    }
}

/// `url`'s IDNA back end is the ASCII-only one (Cargo.toml pins
/// `idna_adapter` 1.0): an internationalised host is refused at start, named,
/// rather than sent somewhere unexpected.
#[test]
fn a_url_with_a_non_ascii_host_is_refused_with_the_variable_name() {
    for name in ["USEAPI_BASE_URL", "DISCORD_PROXY_URL"] {
        let err = config(&[TOKENS[0], TOKENS[1], (name, "https://bücher.example/")]).unwrap_err();
        assert!(err.to_string().starts_with(name), "{name}: {err}");
    }
    let ascii = config(&[
        TOKENS[0],
        TOKENS[1],
        ("DISCORD_PROXY_URL", "https://xn--bcher-kva.example/"),
    ]);
    assert!(
        ascii.is_ok(),
        "the punycode form of the same host is accepted"
    );
}

#[test]
fn every_variable_is_in_the_configuration_table_of_the_docs() {
    let docs = include_str!("../../docs/configuration.md");
    for (name, _) in VARIABLES {
        assert!(
            docs.contains(&format!("| `{name}` |")),
            "docs/configuration.md does not document {name}"
        );
    }
}

#[test]
fn debug_output_never_shows_tokens() {
    let shown = format!("{:?}", config(&TOKENS).unwrap());
    assert!(
        !shown.contains("discord-secret") && !shown.contains("useapi-secret"),
        "{shown}"
    );
}

#[test]
fn with_a_key_ring_the_operators_token_is_optional() {
    const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    let ring = format!("k1:{KEY}");
    let cfg = config(&[TOKENS[0], ("SECRETS_KEY", &ring)]).unwrap();
    assert!(cfg.useapi_token.is_none());
    assert_eq!(cfg.secrets.unwrap().active_id(), "k1");
    let err = config(&[TOKENS[0], ("SECRETS_KEY", "k1:short")]).unwrap_err();
    assert!(
        matches!(
            err,
            ConfigError::Invalid {
                name: "SECRETS_KEY",
                ..
            }
        ),
        "{err}"
    );
    assert!(!err.to_string().contains("short"), "{err}");
}

#[test]
fn interactions_over_http_exclude_shards_and_the_error_names_both() {
    let with = |extra: &[(&'static str, &'static str)]| {
        let mut vars = TOKENS.to_vec();
        vars.extend_from_slice(extra);
        config(&vars)
    };
    let cfg = with(&[("INTERACTIONS_ADDR", "0.0.0.0:8080")]).unwrap();
    assert_eq!(cfg.interactions_addr, Some("0.0.0.0:8080".parse().unwrap()));
    let err = with(&[("INTERACTIONS_ADDR", "0.0.0.0:8080"), ("SHARDS", "0-0/1")])
        .err()
        .unwrap()
        .to_string();
    assert!(
        err.contains("SHARDS") && err.contains("INTERACTIONS_ADDR"),
        "{err}"
    );
    let err = with(&[("INTERACTIONS_ADDR", "8080")])
        .err()
        .unwrap()
        .to_string();
    assert!(err.starts_with("INTERACTIONS_ADDR is invalid"), "{err}");
}

#[test]
fn every_bad_setting_is_reported_in_one_reading() {
    let errors = all_faults(&[
        ("USEAPI_TIMEOUT_SECS", "0"),
        ("HTTP_ADDR", "9000"),
        ("LOG_FORMAT", "yaml"),
        ("RUST_LOG", "[["),
    ])
    .err()
    .unwrap();
    let names: Vec<&str> = errors
        .iter()
        .map(|err| match err {
            ConfigError::Missing(name) | ConfigError::Invalid { name, .. } => *name,
        })
        .collect();
    for name in [
        "DISCORD_TOKEN",
        "USEAPI_TOKEN",
        "USEAPI_TIMEOUT_SECS",
        "HTTP_ADDR",
        "LOG_FORMAT",
        "RUST_LOG",
    ] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
}

#[test]
fn a_log_format_or_filter_the_log_would_refuse_is_refused_naming_it() {
    for (name, value) in [("LOG_FORMAT", "yaml"), ("RUST_LOG", "info,[unclosed")] {
        let err = config(&[TOKENS[0], TOKENS[1], (name, value)]).unwrap_err();
        assert!(
            err.to_string().starts_with(&format!("{name} is invalid")),
            "{err}"
        );
    }
    assert!(config(&[TOKENS[0], TOKENS[1], ("LOG_FORMAT", "json")]).is_ok());
}

#[test]
fn a_missing_useapi_token_names_secrets_key_as_the_alternative() {
    let err = ConfigError::Missing("USEAPI_TOKEN");
    assert!(err.to_string().contains("SECRETS_KEY"), "{err}");
    assert!(err.fix(true).contains("SECRETS_KEY"), "{}", err.fix(true));
}

#[test]
fn the_fix_for_a_missing_setting_copies_the_example_only_when_there_is_no_dotenv() {
    let err = ConfigError::Missing("DISCORD_TOKEN");
    assert!(
        err.fix(false).contains("copy .env.example"),
        "{}",
        err.fix(false)
    );
    assert!(!err.fix(true).contains(".env.example"), "{}", err.fix(true));
    assert!(
        err.fix(true).contains("add DISCORD_TOKEN="),
        "{}",
        err.fix(true)
    );
}

#[test]
fn an_invalid_secrets_key_does_not_also_report_the_useapi_token_missing() {
    let err = config(&[TOKENS[0], ("SECRETS_KEY", "k1:short")]).unwrap_err();
    assert!(
        err.to_string().starts_with("SECRETS_KEY is invalid"),
        "{err}"
    );
}
