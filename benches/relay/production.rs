//! The binary users run. `cargo bench` builds `target/release/mj-bridge`
//! with the dev-dependencies' features unified into it (tokio's
//! `test-util`, wiremock's hyper and more), a different binary from
//! `cargo build --release`. Unless `MJ_BRIDGE_BIN` names another build, the
//! benchmark builds the production binary in a target directory of its own,
//! where no dev-dependency takes part, and measures that one.

use std::path::PathBuf;
use std::process::Command;

/// Where the production build goes (`cargo build --release` there).
const TARGET_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/target/production");

/// Sets `MJ_BRIDGE_BIN` to the production build unless it is already set;
/// returns what is measured. Call before any thread starts.
pub fn select_binary() -> String {
    if let Ok(bin) = std::env::var("MJ_BRIDGE_BIN") {
        return bin;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| env!("CARGO").to_owned());
    eprintln!("building the production binary: CARGO_TARGET_DIR={TARGET_DIR} cargo build --release --bin mj-bridge");
    let status = Command::new(cargo)
        .args([
            "build",
            "--release",
            "--bin",
            "mj-bridge",
            "--manifest-path",
        ])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .env("CARGO_TARGET_DIR", TARGET_DIR)
        .status()
        .expect("cargo runs");
    assert!(status.success(), "cargo build --release failed");
    let bin = PathBuf::from(TARGET_DIR).join("release").join("mj-bridge");
    let bin = bin.to_string_lossy().into_owned();
    // Before the runtime starts: no other thread reads the environment yet.
    std::env::set_var("MJ_BRIDGE_BIN", &bin);
    bin
}

/// The binary's size in bytes, for the record.
pub fn size(bin: &str) -> u64 {
    std::fs::metadata(bin).map_or(0, |m| m.len())
}
