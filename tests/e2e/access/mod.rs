//! Who may spend an account: the public-bot guard, ALLOWED_GUILDS, the member
//! cooldown, direct messages.

mod direct_messages;
mod who_may_spend;
