//! Account health: alerts for a Midjourney account that needs a human, which
//! servers hear them, no storms, and the reset that recovers it.

mod alerts;
mod payers;
mod reset;
mod reset_failures;
mod storms;
