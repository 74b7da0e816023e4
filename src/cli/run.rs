//! `mj-bridge [run]`: the bot. Logs to stderr, builds the [`Application`]
//! from the process's environment and runs it until Ctrl-C or SIGTERM.

use super::{Application, Fatal};

/// Every error is one line for the admin; nothing here may print a token.
pub(super) async fn run() -> Result<(), Fatal> {
    crate::logging::init().map_err(Fatal::config)?;
    Application::build(|name| std::env::var(name).ok())
        .await?
        .run_until(shutdown_signal())
        .await
}

/// Ctrl-C or SIGTERM: the end of `run`.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(err) => {
                tracing::warn!(error = %err, "cannot listen for SIGTERM; only Ctrl-C stops the bot cleanly");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
