//! A process killed at any moment of a save leaves the old or the new file,
//! always a valid mapping.
//!
//! The process that gets killed is this test binary itself, re-run with
//! `SAVE_LOOP_FILE` set so that `the_save_loop_child_process` saves forever,
//! saying `saved` after each save; the test kills it after a number of saves
//! that differs from round to round, somewhere in the next one.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use mj_bridge::ids::MjChannelId;
use mj_bridge::settings::{Edit, Mapping};
use mj_bridge::store::{write_atomically, FileStore};
use serenity::all::{ChannelId, GuildId};

const SAVE_LOOP_FILE: &str = "SAVE_LOOP_FILE";

/// What the child process prints after each save.
const SAVED: &str = "saved";

/// Saves a growing mapping to `file`, `rounds` times; with `announce`,
/// prints [`SAVED`] after each save.
fn save_growing_mapping(file: &Path, rounds: u64, announce: bool) {
    let mut mapping = Mapping::default();
    for channel in 1..=rounds {
        let mj = MjChannelId::parse(&(100_000_000_000_000_000 + channel).to_string()).unwrap();
        mapping.apply(
            GuildId::new(channel % 7 + 1),
            Edit::Set {
                channel: ChannelId::new(channel),
                mj,
            },
        );
        write_atomically(file, &mapping.to_json().unwrap()).unwrap();
        if announce {
            let mut stdout = std::io::stdout().lock();
            writeln!(stdout, "{SAVED}").unwrap();
            stdout.flush().unwrap();
        }
    }
}

/// In the child process: saves until killed. Run as a normal test: saves a
/// few times and checks the result.
#[test]
fn the_save_loop_child_process() {
    match std::env::var_os(SAVE_LOOP_FILE) {
        Some(file) => save_growing_mapping(Path::new(&file), u64::MAX, true),
        None => {
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("channels.json");
            save_growing_mapping(&file, 20, false);
            let mapping = Mapping::from_json(&std::fs::read(&file).unwrap()).unwrap();
            assert_eq!(
                mapping
                    .guilds
                    .values()
                    .map(|g| g.channels.len())
                    .sum::<usize>(),
                20
            );
        }
    }
}

#[test]
fn a_save_killed_at_any_moment_leaves_a_valid_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("channels.json");
    let mut saw_file = 0;
    for round in 0..40u64 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "store::crash_safety::the_save_loop_child_process",
                "--test-threads=1",
                "--nocapture",
            ])
            .env(SAVE_LOOP_FILE, &file)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the save loop");
        // Killed after 1 to 7 saves, somewhere in the next one.
        let saves = 1 + (round * 3) % 7;
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let saved = stdout
            .lines()
            .map_while(Result::ok)
            .filter(|line| line == SAVED)
            .take(saves as usize)
            .count();
        assert_eq!(saved, saves as usize, "the save loop ended by itself");
        child.kill().expect("SIGKILL the save loop");
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
        "the child saved too rarely to test anything ({saw_file} rounds)"
    );

    // What interrupted saves left behind is removed (at start, `run` keeps
    // the ones younger than a minute; here every save has ended).
    FileStore::load(&file)
        .unwrap()
        .remove_stale_temp_files(Duration::ZERO);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != "channels.json")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
