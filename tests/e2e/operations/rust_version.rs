//! `rust-version` in Cargo.toml is a promise to packagers and to cargo's
//! resolver: the crate, its tests included, builds with that Rust. It is
//! only true while no locked dependency needs a newer one, which a
//! `cargo update` can change silently.

use std::collections::HashSet;
use std::process::Command;

use serde_json::Value;

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| env!("CARGO").to_owned())
}

/// The target cargo builds for here (`host:` in `cargo -vV`). The check
/// covers this platform's dependencies only: another platform's crates are
/// not downloaded, and the test must run offline.
fn host() -> String {
    let output = Command::new(cargo()).arg("-vV").output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    text.lines()
        .find_map(|line| line.strip_prefix("host: "))
        .unwrap_or_else(|| panic!("no host in `cargo -vV`: {text}"))
        .to_owned()
}

/// `cargo metadata` for this platform, from Cargo.lock, without the network.
fn metadata() -> Value {
    let output = Command::new(cargo())
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .args(["--filter-platform", &host()])
        .arg("--manifest-path")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// `1.88` or `1.88.0` as (major, minor, patch), for comparing.
fn version(raw: &str) -> (u64, u64, u64) {
    let mut parts = raw
        .split('.')
        .map(|part| part.parse::<u64>().unwrap_or_else(|e| panic!("{raw}: {e}")));
    let mut next = || parts.next().unwrap_or(0);
    (next(), next(), next())
}

#[test]
fn versions_compare_by_number_and_a_missing_patch_is_zero() {
    assert!(version("1.89") > version("1.88.1"));
    assert!(version("1.100") > version("1.99.9"));
    assert_eq!(version("1.88"), version("1.88.0"));
}

#[test]
fn no_locked_dependency_needs_a_newer_rust_than_rust_version_says() {
    let metadata = metadata();
    let packages = metadata["packages"].as_array().unwrap();
    let ours = packages
        .iter()
        .find(|p| p["name"] == env!("CARGO_PKG_NAME"))
        .and_then(|p| p["rust_version"].as_str())
        .expect("Cargo.toml sets rust-version");
    // The resolved graph: build and dev-dependencies in, other platforms out.
    let resolved: HashSet<&str> = metadata["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|node| node["id"].as_str())
        .collect();
    assert!(resolved.len() > 100, "{} packages", resolved.len());

    let newer: Vec<String> = packages
        .iter()
        .filter(|p| p["id"].as_str().is_some_and(|id| resolved.contains(id)))
        .filter_map(|p| {
            let needs = p["rust_version"].as_str()?;
            let (name, at) = (p["name"].as_str()?, p["version"].as_str()?);
            (version(needs) > version(ours)).then(|| format!("{name} {at} needs {needs}"))
        })
        .collect();
    assert!(
        newer.is_empty(),
        "Cargo.toml says rust-version = {ours}, but locked crates need a newer Rust: \
         {newer:?}; raise rust-version (or lock older versions of them)"
    );
}
