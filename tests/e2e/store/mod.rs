//! Where settings live: one contract for both stores, what only PostgreSQL or
//! the mapping file must get right, crash safety.

pub(crate) mod contract;
mod contract_duties;
mod crash_safety;
mod mapping_file;
mod postgres;
