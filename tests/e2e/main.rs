// Test and benchmark code: a panic is a failed run, not a crashed bot, and
// figures and fake data are small enough for plain casts.
#![allow(clippy::unwrap_used, clippy::cast_possible_truncation)]
// Pedantic style and `pub` visibility are for the bot's own code; a test
// binary's helpers are `pub` to be shared between its modules.
#![allow(clippy::pedantic, unreachable_pub)]

mod support;

mod access;
mod account_health;
mod account_health_payers;
mod account_health_storms;
mod account_reset;
mod account_reset_failures;
mod admin;
mod audit;
mod clock_skew;
mod crash_safety;
mod direct_messages;
mod duties;
mod fair_shares;
mod fast;
mod gateway;
mod health_server;
mod hostile_text;
mod hostile_useapi;
mod http_front_door;
mod http_ingress_held;
mod http_interactions;
mod http_rolling_deploy;
mod isolation;
mod log_settings;
mod many_servers;
mod mapping_store;
mod metrics_exposition;
mod notices;
mod operations;
mod own_accounts;
mod own_accounts_admin;
mod own_accounts_key_retirement;
mod own_accounts_keys;
mod own_accounts_removal;
mod own_accounts_secrets;
mod own_accounts_spending;
mod own_accounts_watched;
mod own_accounts_words;
mod rate_limits;
mod refused_replies;
mod registration;
mod rust_version;
mod secrets;
mod shards;
mod signals;
mod startup;
mod store_contract;
mod store_contract_duties;
mod store_postgres;
mod token_echoes;
mod token_routes;
mod useapi_client;
mod useapi_failures;
mod verbs;
