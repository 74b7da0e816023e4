//! What is wrong with the settings, every fault at once, each with a fix
//! that fits where the admin stands (a `.env` to edit, or one to create).

use std::fmt;

use super::secrets;

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ConfigError {
    #[error("{name} is not set{alt}", name = .0, alt = alternative(.0))]
    Missing(&'static str),
    #[error("{name} is invalid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

/// `USEAPI_TOKEN` is only needed without `SECRETS_KEY`: say so where it is missing.
fn alternative(name: &str) -> &'static str {
    if name == "USEAPI_TOKEN" {
        " (nor SECRETS_KEY, which lets servers spend only their own useapi accounts)"
    } else {
        ""
    }
}

impl ConfigError {
    /// What to do about it; `dotenv` is whether `.env` exists in the
    /// working directory (copying `.env.example` over it would lose it).
    pub(crate) fn fix(&self, dotenv: bool) -> String {
        match self {
            Self::Missing(name) => {
                let put = if dotenv {
                    format!("add {name}=… to .env or set it in the environment")
                } else {
                    format!("copy .env.example to .env and set {name} there, or set it in the environment")
                };
                let file = if secrets::has_file(name) {
                    format!(" (or {name}_FILE, naming a file that holds it)")
                } else {
                    String::new()
                };
                let instead = if *name == "USEAPI_TOKEN" {
                    "; or set SECRETS_KEY instead, for a bot that spends no account of yours"
                } else {
                    ""
                };
                format!("{put}{file}{instead}")
            }
            Self::Invalid { name, .. } if dotenv => {
                format!("correct {name} in .env or in the environment")
            }
            Self::Invalid { name, .. } => format!("correct {name} in the environment"),
        }
    }
}

/// Every fault found in one reading of the settings, in the order read;
/// never empty.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct ConfigErrors(pub(crate) Vec<ConfigError>);

impl ConfigErrors {
    /// Whether `.env` is there to edit (`main` reads it from the working directory).
    pub(crate) fn dotenv() -> bool {
        std::path::Path::new(".env").exists()
    }
}

/// One line for the log: each fault, a missing one with its fix, `; `-separated.
impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dotenv = Self::dotenv();
        for (i, err) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            match err {
                ConfigError::Missing(_) => write!(f, "{err}: {}", err.fix(dotenv))?,
                ConfigError::Invalid { .. } => write!(f, "{err}")?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

impl From<ConfigError> for ConfigErrors {
    fn from(err: ConfigError) -> Self {
        Self(vec![err])
    }
}
