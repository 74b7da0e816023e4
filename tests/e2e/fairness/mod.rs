//! Sharing the useapi slots: fair shares per account, headroom in the shared
//! cap, servers that cannot hurt each other.

mod headroom;
mod isolation;
mod shares;
