//! The HTTP ingress (`INTERACTIONS_ADDR`): the front door, held connections,
//! signed interactions, a rolling deploy behind Caddy.

mod front_door;
mod ingress_held;
mod interactions;
mod rolling_deploy;
