//! What the commands print on stdout. `println!` panics when stdout is a
//! pipe its reader closed (`mj-bridge check | head -1`), which would end
//! the command with exit 101 and a panic message for something the admin
//! asked for; here a closed pipe only ends the printing.

use std::io::{self, Write};

/// Writes `bytes` to stdout; a reader that went away is not an error.
pub(crate) fn write(bytes: &[u8]) -> io::Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Prints `text` and a newline; nothing is left to tell if stdout is gone.
pub(crate) fn line(text: &str) {
    let _ = write(format!("{text}\n").as_bytes());
}
