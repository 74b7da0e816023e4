// Test and benchmark code: a panic is a failed run, not a crashed bot, and
// figures and fake data are small enough for plain casts.
#![allow(clippy::unwrap_used, clippy::cast_possible_truncation)]
// Pedantic style and `pub` visibility are for the bot's own code; a test
// binary's helpers are `pub` to be shared between its modules.
#![allow(clippy::pedantic, unreachable_pub)]

mod support;

mod access;
mod account_health;
mod commands;
mod discord;
mod fairness;
mod http;
mod operations;
mod own_accounts;
mod scale;
mod secrets;
mod startup;
mod store;
mod useapi;
