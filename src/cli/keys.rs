//! `mj-bridge keys rotate|check|forget`, and the lock on the mapping file
//! that keeps command-line edits (these, and `store import` through
//! [`lock_for_editing`]) from a running bot's file.

use std::sync::Arc;

use serenity::all::GuildId;

use super::args::KeysAction;
use super::{store_fatal, Fatal};
use crate::access::parse_guild_id;
use crate::config::Config;
use crate::keys;
use crate::store::file::{lock_path, FileLock};
use crate::store::{self, SettingsStore, StoreTarget};

/// `keys rotate`, `keys check` and `keys forget`: exit 0 when every token
/// opens (or the token is forgotten), 1 when some cannot (they are named;
/// nothing else is printed of them), there was none to forget, or a bot
/// runs on the mapping file (forget and rotate change nothing then), 78
/// when `SECRETS_KEY` (for rotate and check) or the server id is missing
/// or invalid.
pub(super) async fn run(action: KeysAction) -> Result<u8, Fatal> {
    crate::logging::init().map_err(Fatal::config)?;
    let (lines, failed) = match action {
        KeysAction::Forget { server_id } => {
            let guild = server_id_arg(&server_id)?;
            let (store, _editing) = store_to_edit().await?;
            if keys::forget(store.as_ref(), guild)
                .await
                .map_err(store_fatal)?
            {
                (vec![format!("forgot server {guild}'s stored useapi token; its admins can enter a new one with /mj-channel account set")], 0)
            } else {
                (
                    vec![format!(
                        "✗ server {guild} has no stored useapi token; nothing changed"
                    )],
                    1,
                )
            }
        }
        KeysAction::Check => {
            let keys = Config::keys_from_env().map_err(Fatal::config)?;
            let settings = store_to_copy().await?.export().await.map_err(store_fatal)?;
            let report = keys::check(&keys, &settings);
            (report.lines(&keys), report.unopenable.len())
        }
        KeysAction::Rotate => {
            let keys = Config::keys_from_env().map_err(Fatal::config)?;
            let (store, _editing) = store_to_edit().await?;
            let rotation = keys::rotate(&keys, store.as_ref())
                .await
                .map_err(store_fatal)?;
            (rotation.lines(&keys), rotation.failed.len())
        }
    };
    for line in lines {
        crate::stdout::line(&line);
    }
    Ok(u8::from(failed > 0))
}

/// The configured store's settings, opened to copy from or edit, not to serve.
/// A server id given on the command line; exit 78 saying how to find one.
pub(super) fn server_id_arg(raw: &str) -> Result<GuildId, Fatal> {
    parse_guild_id(raw.trim()).ok_or_else(|| {
        Fatal::config(format!(
            "`{}` is not a server id: it is 17 to 20 digits (in Discord, turn on Developer Mode, right-click the server and choose Copy Server ID)",
            crate::untrusted::clean(raw, 40)
        ))
    })
}

pub(super) async fn store_to_copy() -> Result<Arc<dyn SettingsStore>, Fatal> {
    let (_, target) = Config::store_from_env().map_err(Fatal::config)?;
    let store = store::open_to_copy(&target).await.map_err(store_fatal)?;
    Ok(store)
}

/// [`store_to_copy`] for an edit, with the lock that refuses it (exit 1,
/// nothing changed) while a bot runs on the mapping file.
async fn store_to_edit() -> Result<(Arc<dyn SettingsStore>, Option<FileLock>), Fatal> {
    let (_, target) = Config::store_from_env().map_err(Fatal::config)?;
    let editing = lock_for_editing(&target)?;
    Ok((store_to_copy().await?, editing))
}

/// With the file store, the lock a command-line edit holds (see
/// `store/file/lock.rs`), taken before the file is read.
pub(super) fn lock_for_editing(target: &StoreTarget) -> Result<Option<FileLock>, Fatal> {
    let StoreTarget::File(path) = target else {
        return Ok(None);
    };
    let lock = path.display();
    match FileLock::for_editing(path) {
        Ok(Some(editing)) => Ok(Some(editing)),
        Ok(None) => Err(Fatal {
            message: format!("a running mj-bridge holds the mapping file {lock} and would write its own copy back at its next save, so nothing was changed: stop the bot first, then run this again"),
            code: 1,
        }),
        Err(e) => Err(lock_fatal(path, &e)),
    }
}

/// The running bot's lock on the mapping file at `path`; none, with a
/// warning, when it cannot be taken. The bot runs all the same: usually
/// that is a directory it cannot write in, where it cannot save the
/// mapping either, so it has no copy to write back over an edit.
pub(super) async fn lock_for_serving(path: &std::path::Path) -> Option<FileLock> {
    let owned = path.to_owned();
    let locked = tokio::task::spawn_blocking(move || FileLock::for_serving(&owned))
        .await
        .unwrap_or_else(|join| Err(std::io::Error::other(join)));
    locked
        .inspect_err(|err| {
            tracing::warn!(lock = %lock_path(path).display(), error = %err, "cannot lock the mapping file: command-line edits cannot tell that this bot runs");
        })
        .ok()
}

fn lock_fatal(path: &std::path::Path, err: &std::io::Error) -> Fatal {
    Fatal {
        message: format!("cannot lock {}: {err}", lock_path(path).display()),
        code: 1,
    }
}
