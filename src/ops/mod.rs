//! What an operator needs around the bot: Prometheus metrics, the health
//! endpoint, and the in-flight bookkeeping behind graceful shutdown.

pub(crate) mod health;
pub(crate) mod http_server;
mod lifecycle;
pub(crate) mod limits;
mod metrics;
mod process;

pub(crate) use lifecycle::{InFlight, Lifecycle};
pub(crate) use metrics::Metrics;
