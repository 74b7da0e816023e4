//! Who may write `CHANNELS_FILE` while a bot runs on it.
//!
//! A running bot keeps the whole mapping in memory and writes all of it
//! back at every save, so a command-line edit of the file (`keys forget`,
//! `keys rotate`, `store import`) would be undone at the bot's next save,
//! after saying it succeeded. Rather than teach the bot to re-read the
//! file, an advisory lock on `<CHANNELS_FILE>.lock` beside it tells them
//! apart: a bot holds it shared for its whole life (bots never mind each
//! other here), an edit takes it exclusively and is refused while a bot
//! holds it, so it changes nothing and says to stop the bot first. The
//! lock is the kernel's (`flock`): a bot that dies lets go of it, and the
//! lock file is never removed (removing it would race the next taker).

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::{Path, PathBuf};

/// The lock on a mapping file, held until dropped.
#[derive(Debug)]
pub struct FileLock {
    _file: File,
}

impl FileLock {
    /// The lock of a bot serving `mapping`: waits for a command-line edit
    /// in progress to end, never for another bot.
    pub fn for_serving(mapping: &Path) -> io::Result<Self> {
        let file = open(mapping)?;
        file.lock_shared()?;
        Ok(Self { _file: file })
    }

    /// The lock of a command-line edit of `mapping`; `None` while a bot
    /// (or another edit) holds it.
    pub fn for_editing(mapping: &Path) -> io::Result<Option<Self>> {
        let file = open(mapping)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(Self { _file: file })),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(err)) => Err(err),
        }
    }
}

/// `<mapping>.lock`, beside the mapping file.
pub fn lock_path(mapping: &Path) -> PathBuf {
    let mut name = mapping.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Creates the directory as a save would: a bot may start before its
/// mapping file exists.
fn open(mapping: &Path) -> io::Result<File> {
    std::fs::create_dir_all(super::parent_dir(mapping))?;
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(lock_path(mapping))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_is_refused_while_a_bot_holds_the_file_and_allowed_after() {
        let dir = tempfile::tempdir().unwrap();
        let mapping = dir.path().join("config").join("channels.json");
        let bot = FileLock::for_serving(&mapping).unwrap();
        let other_bot = FileLock::for_serving(&mapping).unwrap();

        assert!(FileLock::for_editing(&mapping).unwrap().is_none());
        drop((bot, other_bot));
        assert!(FileLock::for_editing(&mapping).unwrap().is_some());
    }
}
