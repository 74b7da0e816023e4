//! Where settings live: one contract per trait of the store, for both
//! stores (`contract/`), what only PostgreSQL or the mapping file must get
//! right, crash safety.

pub(crate) mod contract;
mod crash_safety;
mod mapping_file;
mod postgres;
