//! A process killed at any moment of a save leaves the old or the new file,
//! always a valid mapping.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use mj_bridge::mapping::{Mapping, MappingStore};

/// `cargo test` builds the examples next to the test binaries.
fn save_loop() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let debug_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target dir");
    let path = debug_dir.join("examples").join("save_loop");
    assert!(
        path.exists(),
        "{} is missing: run the whole `cargo test`, which builds the examples",
        path.display()
    );
    path
}

#[test]
fn a_save_killed_at_any_moment_leaves_a_valid_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("channels.json");
    let mut saw_file = 0;
    for round in 0..40u64 {
        let mut child = Command::new(save_loop())
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start save_loop");
        std::thread::sleep(Duration::from_millis(5 + (round * 7) % 40));
        child.kill().expect("SIGKILL save_loop");
        child.wait().unwrap();

        if let Ok(bytes) = std::fs::read(&file) {
            saw_file += 1;
            if let Err(err) = Mapping::from_json(&bytes) {
                panic!("round {round}: the file is not a valid mapping after a kill: {err}");
            }
        }
    }
    assert!(
        saw_file > 30,
        "the helper saved too rarely to test anything ({saw_file} rounds)"
    );

    // Loading removes what interrupted saves left behind.
    MappingStore::load(&file).unwrap();
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != "channels.json")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
