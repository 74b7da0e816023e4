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

/// At most this many things are named in one line; the rest are counted.
const NAMED: usize = 10;

/// The first [`NAMED`] of `items`, then "and N more": one line names a
/// few of thousands without flooding the terminal.
pub(crate) fn first_few(items: impl ExactSizeIterator<Item = String>) -> String {
    let total = items.len();
    let named: Vec<String> = items.take(NAMED).collect();
    let more = total.saturating_sub(named.len());
    if more > 0 {
        format!("{} and {more} more", named.join(", "))
    } else {
        named.join(", ")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_long_list_names_ten_and_counts_the_rest() {
        let few = super::first_few((1..4).map(|n| n.to_string()));
        assert_eq!(few, "1, 2, 3");
        let many = super::first_few((1..26).map(|n| n.to_string()));
        assert_eq!(many, "1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 15 more");
    }
}
