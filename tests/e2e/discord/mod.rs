//! Discord's side going wrong: gateway drops, 429s, refused replies, a clock
//! that disagrees.

mod clock_skew;
mod gateway;
mod rate_limits;
mod refused_replies;
