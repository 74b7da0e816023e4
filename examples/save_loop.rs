//! Saves a growing channel mapping to the file named on the command line, in
//! a loop, until killed. The crash-safety test kills it at random moments and
//! checks that the file is always a valid mapping.

use std::process::ExitCode;

use mj_bridge::ids::MjChannelId;
use mj_bridge::mapping::{write_atomically, Edit, Mapping};

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: save_loop <mapping file>");
        return ExitCode::FAILURE;
    };
    let mut mapping = Mapping::default();
    for channel in 1u64.. {
        let Ok(mj) = MjChannelId::parse(&format!("{}", 100_000_000_000_000_000 + channel)) else {
            return ExitCode::FAILURE;
        };
        mapping.apply(channel % 7, Edit::Set { channel, mj });
        let saved = mapping
            .to_json()
            .map_err(std::io::Error::from)
            .and_then(|bytes| write_atomically(path.as_ref(), &bytes));
        if let Err(err) = saved {
            eprintln!("save failed: {err}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
