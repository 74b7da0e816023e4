//! No token reaches the output: verbose logs, useapi.net echoing a token,
//! serenity's logged routes.

mod token_echoes;
mod token_routes;
mod verbose_logs;
