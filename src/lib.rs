//! mj-bridge: a self-hosted Discord bot that relays slash commands to the
//! useapi.net Midjourney API for the Midjourney channel mapped to where the
//! command was typed.
//!
//! `main.rs` only wires these modules together; everything that can be tested
//! without Discord lives outside [`discord`]. The README's development map
//! says which file holds what.

pub mod access;
pub mod app;
pub mod audit;
pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod deliver;
pub mod discord;
pub mod discord_http;
pub mod embeds;
pub mod error;
pub mod ids;
pub mod logging;
pub mod mapping;
pub mod message_split;
pub mod ops;
pub mod shards;
pub mod store;
pub mod useapi;
pub mod verbs;
