//! mj-bridge: a self-hosted Discord bot that relays slash commands to the
//! useapi.net Midjourney API for the Midjourney channel mapped to where the
//! command was typed.
//!
//! [`cli`] wires these modules together; everything that can be tested
//! without Discord lives outside `discord`. `docs/development.md`'s map
//! says which file holds what. Only what the tests and benchmarks use is
//! public, so the compiler reports dead code everywhere else.

mod access;
mod account_health;
mod app;
mod audit;
mod backoff;
mod check;
pub mod cli;
mod clock;
mod commands;
mod config;
mod deliver;
mod discord;
mod discord_errors;
mod dotenv;
mod embeds;
mod error;
mod front_door;
#[cfg(test)]
mod future_sizes;
pub mod ids;
mod interactions;
mod keys;
mod locale;
mod logging;
mod message_split;
mod ops;
mod payer;
mod registration;
mod reset_button;
mod runtime;
pub mod seal;
pub mod settings;
mod shards;
mod stdout;
pub mod store;
mod untrusted;
pub mod useapi;
pub mod verbs;
