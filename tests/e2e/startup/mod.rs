//! Starting with bad settings: one clear line and a non-zero exit, `check`, the
//! log's settings, secrets from files, small breakages.

mod bad_settings;
mod check_settings;
mod log_settings;
mod secrets_from_files;
mod small_breakages;
