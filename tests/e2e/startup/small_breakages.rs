//! A closed pipe, a file to import that is not there, a bad `.env` line:
//! each ends with a line that says what happened, never a panic.

use std::process::{Command, Output, Stdio};

use crate::support::bot::{prepare, BotOptions};
use crate::support::process::run_to_end;

/// Runs `cmd` with its stdout a pipe whose reader has already gone, as
/// `mj-bridge … | head -1` is once `head` has its line.
fn with_a_closed_stdout(mut cmd: Command) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    cmd.stdout(Stdio::from(writer)).stderr(Stdio::piped());
    cmd.output().unwrap()
}

#[tokio::test]
async fn check_into_a_closed_pipe_exits_with_its_own_code_and_no_panic() {
    let bot = prepare(BotOptions::default()).await;
    let (open, stdout) = bot.run_check(&[]).await;
    let mut cmd = bot.command();
    cmd.arg("check");

    let closed = tokio::task::spawn_blocking(move || with_a_closed_stdout(cmd))
        .await
        .unwrap();

    let stderr = String::from_utf8_lossy(&closed.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(
        closed.status.code(),
        open.status.code(),
        "{stdout}\n{stderr}"
    );
}

#[tokio::test]
async fn store_export_into_a_closed_pipe_exits_0_and_says_nothing() {
    let bot = prepare(BotOptions::new().rust_log("warn")).await;
    let mut cmd = bot.command();
    cmd.args(["store", "export"]);

    let output = tokio::task::spawn_blocking(move || with_a_closed_stdout(cmd))
        .await
        .unwrap();

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[tokio::test]
async fn store_import_of_a_missing_file_exits_78_naming_its_path() {
    let bot = prepare(BotOptions::default()).await;
    let missing = bot.channels_file.with_file_name("not-there.json");
    let mut cmd = bot.command();
    cmd.args(["store", "import"]).arg(&missing);

    let output = tokio::task::spawn_blocking(move || run_to_end(&mut cmd))
        .await
        .unwrap();

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(78), "{stderr}");
    assert!(stderr.contains(&missing.display().to_string()), "{stderr}");
}

#[tokio::test]
async fn a_bad_dotenv_line_is_named_by_its_number_and_never_quoted() {
    let bot = prepare(BotOptions::default()).await;
    let dir = bot.channels_file.parent().unwrap().to_path_buf();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join(".env"),
        "# settings\n\nthis is not a setting hunter2\n",
    )
    .unwrap();
    let mut cmd = bot.command();
    cmd.current_dir(&dir);

    let output = tokio::task::spawn_blocking(move || run_to_end(&mut cmd))
        .await
        .unwrap();

    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(78), "{stderr}");
    assert!(stderr.contains(".env line 3 is not KEY=value"), "{stderr}");
    assert!(!stderr.contains("hunter2"), "{stderr}");
}
