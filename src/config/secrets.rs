//! The four secrets may come from files instead of the environment, the way
//! container platforms (`DISCORD_TOKEN_FILE=/run/secrets/…`) and systemd
//! (`LoadCredential=`, which fills `$CREDENTIALS_DIRECTORY`) hand them over:
//! a process's environment is readable by every process of its user
//! (`/proc/PID/environ`) and is inherited by its children. A file's contents
//! are never printed, not even in an error.

use std::path::Path;

use secrecy::SecretString;

use super::{ConfigError, Lookup};

/// A secret setting: its variable, the variable naming a file that holds
/// it, and its name in systemd's credentials directory.
pub(crate) struct Secret {
    pub name: &'static str,
    pub file: &'static str,
    pub credential: &'static str,
}

pub(crate) const DISCORD_TOKEN: Secret = Secret {
    name: "DISCORD_TOKEN",
    file: "DISCORD_TOKEN_FILE",
    credential: "discord-token",
};
pub(crate) const USEAPI_TOKEN: Secret = Secret {
    name: "USEAPI_TOKEN",
    file: "USEAPI_TOKEN_FILE",
    credential: "useapi-token",
};
pub(crate) const SECRETS_KEY: Secret = Secret {
    name: "SECRETS_KEY",
    file: "SECRETS_KEY_FILE",
    credential: "secrets-key",
};
pub(crate) const DATABASE_URL: Secret = Secret {
    name: "DATABASE_URL",
    file: "DATABASE_URL_FILE",
    credential: "database-url",
};

/// The variable systemd sets to the directory of the unit's credentials.
const CREDENTIALS_DIRECTORY: &str = "CREDENTIALS_DIRECTORY";

/// Whether `name` is one of the secrets, which can also come from a file.
pub(super) fn has_file(name: &str) -> bool {
    [DISCORD_TOKEN, USEAPI_TOKEN, SECRETS_KEY, DATABASE_URL]
        .iter()
        .any(|secret| secret.name == name)
}

/// The secret from its variable, else from the file its `_FILE` variable
/// names, else from `$CREDENTIALS_DIRECTORY/<credential>` when that file
/// exists; `None` when none holds it. Setting the variable and its file is
/// refused: which of the two was meant cannot be guessed.
pub(super) fn read(
    get: &impl Lookup,
    secret: &Secret,
) -> Result<Option<SecretString>, ConfigError> {
    match (get(secret.name), get(secret.file)) {
        (Some(_), Some(_)) => Err(ConfigError::Invalid {
            name: secret.file,
            reason: format!("{} is set too: set one of them, not both", secret.name),
        }),
        (Some(value), None) => Ok(Some(SecretString::from(value))),
        (None, Some(path)) => from_file(secret.file, Path::new(&path)).map(Some),
        (None, None) => from_credentials(get, secret),
    }
}

/// systemd's credential: a unit may load some secrets this way and not
/// others, so a missing file is not an error.
fn from_credentials(
    get: &impl Lookup,
    secret: &Secret,
) -> Result<Option<SecretString>, ConfigError> {
    let Some(dir) = get(CREDENTIALS_DIRECTORY) else {
        return Ok(None);
    };
    let path = Path::new(&dir).join(secret.credential);
    if !path.exists() {
        return Ok(None);
    }
    from_file(CREDENTIALS_DIRECTORY, &path).map(Some)
}

/// The file's contents without one trailing newline (`echo` and editors
/// add one; a token never ends in one). The error names `name` and the
/// path, never what the file holds.
fn from_file(name: &'static str, path: &Path) -> Result<SecretString, ConfigError> {
    let invalid = |reason: String| ConfigError::Invalid { name, reason };
    // Trimmed in place, so no copy of the secret is left behind unzeroed.
    let mut text = std::fs::read_to_string(path)
        .map_err(|err| invalid(format!("cannot read {}: {err}", path.display())))?;
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
    if text.is_empty() {
        return Err(invalid(format!("{} is empty", path.display())));
    }
    Ok(SecretString::from(text))
}
