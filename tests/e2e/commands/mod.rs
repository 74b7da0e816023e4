//! The commands end to end: `/fast` and the other verbs, `/mj-channel` edits,
//! the audit channel.

mod admin;
mod audit;
mod fast;
mod locales;
mod verbs;
