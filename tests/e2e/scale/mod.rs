//! Many servers and several processes: shards, registration at scale, duties
//! held once per bot.

mod duties;
mod many_servers;
mod registration;
mod shards;
