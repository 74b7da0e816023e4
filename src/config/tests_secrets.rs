//! Secrets from files: `*_FILE` variables and systemd's credentials.

use std::collections::HashMap;
use std::path::Path;

use secrecy::ExposeSecret;

use super::*;

fn read(vars: &[(&str, &str)]) -> Result<Config, ConfigErrors> {
    let vars: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Config::from_lookup(|name| vars.get(name).cloned())
}

fn file_holding(dir: &Path, name: &str, contents: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path.display().to_string()
}

#[test]
fn a_token_file_is_read_without_its_one_trailing_newline() {
    let dir = tempfile::tempdir().unwrap();
    let discord = file_holding(dir.path(), "discord", "discord-secret\n");
    let useapi = file_holding(dir.path(), "useapi", "useapi-secret\r\n");
    let cfg = read(&[
        ("DISCORD_TOKEN_FILE", &discord),
        ("USEAPI_TOKEN_FILE", &useapi),
    ])
    .unwrap();
    assert_eq!(cfg.discord_token.expose_secret(), "discord-secret");
    assert_eq!(
        cfg.useapi_token.as_ref().unwrap().expose_secret(),
        "useapi-secret"
    );
}

#[test]
fn a_database_url_and_a_key_ring_can_come_from_files() {
    const KEY: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    let dir = tempfile::tempdir().unwrap();
    let url = file_holding(dir.path(), "db", "postgres://mj:pw@db/mj\n");
    let ring = file_holding(dir.path(), "key", &format!("k1:{KEY}\n"));
    let cfg = read(&[
        ("DISCORD_TOKEN", "d"),
        ("DATABASE_URL_FILE", &url),
        ("SECRETS_KEY_FILE", &ring),
    ])
    .unwrap();
    assert!(matches!(cfg.store, StoreTarget::Postgres(_)));
    assert_eq!(cfg.secrets.unwrap().active_id(), "k1");
}

#[test]
fn a_variable_and_its_file_together_are_refused_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let discord = file_holding(dir.path(), "discord", "from-the-file\n");
    let err = read(&[
        ("DISCORD_TOKEN", "from-the-environment"),
        ("DISCORD_TOKEN_FILE", &discord),
        ("USEAPI_TOKEN", "u"),
    ])
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("DISCORD_TOKEN_FILE") && err.contains("DISCORD_TOKEN is set too"),
        "{err}"
    );
    assert!(!err.contains("from-the"), "{err}");
}

#[test]
fn an_unreadable_file_names_its_variable_and_path_and_never_its_contents() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere").display().to_string();
    let err = read(&[("DISCORD_TOKEN_FILE", &missing), ("USEAPI_TOKEN", "u")])
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("DISCORD_TOKEN_FILE is invalid"), "{err}");
    assert!(err.contains(&missing), "{err}");

    let empty = file_holding(dir.path(), "empty", "\n");
    let err = read(&[("DISCORD_TOKEN_FILE", &empty), ("USEAPI_TOKEN", "u")])
        .unwrap_err()
        .to_string();
    assert!(err.contains("is empty"), "{err}");

    let bad = file_holding(dir.path(), "bad", "s3cret-db-password\n");
    let err = read(&[
        ("DISCORD_TOKEN", "d"),
        ("USEAPI_TOKEN", "u"),
        ("DATABASE_URL_FILE", &bad),
    ])
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("DATABASE_URL is invalid"), "{err}");
    assert!(!err.contains("s3cret"), "{err}");
}

#[test]
fn systemd_credentials_are_read_by_their_names() {
    let dir = tempfile::tempdir().unwrap();
    file_holding(dir.path(), "discord-token", "discord-secret\n");
    file_holding(dir.path(), "useapi-token", "useapi-secret\n");
    let credentials = dir.path().display().to_string();
    let cfg = read(&[("CREDENTIALS_DIRECTORY", &credentials)]).unwrap();
    assert_eq!(cfg.discord_token.expose_secret(), "discord-secret");
    assert_eq!(
        cfg.useapi_token.as_ref().unwrap().expose_secret(),
        "useapi-secret"
    );
    assert!(
        matches!(cfg.store, StoreTarget::File(_)),
        "no database-url credential"
    );
}

#[test]
fn a_variable_wins_over_a_systemd_credential() {
    let dir = tempfile::tempdir().unwrap();
    file_holding(dir.path(), "discord-token", "from-the-credential\n");
    let credentials = dir.path().display().to_string();
    let cfg = read(&[
        ("CREDENTIALS_DIRECTORY", &credentials),
        ("DISCORD_TOKEN", "from-the-environment"),
        ("USEAPI_TOKEN", "u"),
    ])
    .unwrap();
    assert_eq!(cfg.discord_token.expose_secret(), "from-the-environment");
}
