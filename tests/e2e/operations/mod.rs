//! Running the bot: `/healthz`, probes, `/metrics`, signals, JSON logs, the
//! promised Rust version.

mod basics;
mod health_server;
mod metrics_exposition;
mod probes;
mod rust_version;
mod signals;
