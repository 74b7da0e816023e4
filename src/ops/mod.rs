//! What an operator needs around the bot: Prometheus metrics, the health
//! endpoint, and the in-flight bookkeeping behind graceful shutdown.

pub mod health;
mod http_server;
mod lifecycle;
mod metrics;

pub use lifecycle::{InFlight, Lifecycle};
pub use metrics::Metrics;
