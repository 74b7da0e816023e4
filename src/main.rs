//! The `mj-bridge` executable: everything it does starts in `mj_bridge::run`.

fn main() -> std::process::ExitCode {
    mj_bridge::run::main()
}
