//! The `mj-bridge` executable: everything it does starts in `mj_bridge::cli`.

fn main() -> std::process::ExitCode {
    mj_bridge::cli::main()
}
