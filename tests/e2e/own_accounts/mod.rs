//! A server's own useapi.net account: entering it, managing it, the key ring
//! that seals it, what it spends, its watch.

mod admin;
mod entry;
mod key_retirement;
mod keys;
mod keys_running_bot;
mod removal;
mod secrets;
mod spending;
mod watched;
mod words;
