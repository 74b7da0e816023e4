//! useapi.net as the bot meets it: the client, every failure, hostile answers
//! and text, notices while it asks to wait.

mod client;
mod failures;
mod hostile_answers;
mod hostile_text;
mod notices;
