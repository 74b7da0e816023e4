//! `mj-bridge store import [FILE]` and `store export`: copying settings
//! between the mapping file and the configured store.

use super::args::StoreAction;
use super::{store_fatal, Fatal};
use crate::config::Config;
use crate::settings::Mapping;
use crate::store;

/// `store import [FILE]` and `store export`: one line on failure; exit 78
/// for a setting or a file to fix, 1 for a database or disk error.
pub(super) async fn run(action: StoreAction) -> Result<(), Fatal> {
    crate::logging::init().map_err(Fatal::config)?;
    let (channels_file, target) = Config::store_from_env().map_err(Fatal::config)?;
    let _editing = match action {
        StoreAction::Import { .. } => super::keys::lock_for_editing(&target)?,
        StoreAction::Export => None,
    };
    let store = store::open_to_copy(&target).await.map_err(store_fatal)?;
    match action {
        StoreAction::Import { file } => {
            let path = file.unwrap_or(channels_file);
            let mapping = read_mapping_file(&path)?;
            store.import(&mapping).await.map_err(store_fatal)?;
            tracing::info!(
                file = %path.display(),
                servers = mapping.guilds.len(),
                store = %store.describe(),
                "imported"
            );
        }
        StoreAction::Export => {
            let mapping = store.export().await.map_err(store_fatal)?;
            let json = mapping.to_json().map_err(|e| Fatal {
                message: format!("cannot write the settings as JSON: {e}"),
                code: 1,
            })?;
            // A reader that closed the pipe (`| head`) took what it wanted.
            crate::stdout::write(&json).map_err(|e| Fatal {
                message: format!("cannot write to stdout: {e}"),
                code: 1,
            })?;
        }
    }
    Ok(())
}

/// A file to import must exist and be readable (unlike `CHANNELS_FILE` at
/// start): it was named to be imported, so what is wrong is the name or the
/// file, for the admin to fix (78), never the store.
fn read_mapping_file(path: &std::path::Path) -> Result<Mapping, Fatal> {
    match store::file::read(path) {
        Ok(Some(mapping)) => Ok(mapping),
        Ok(None) => Err(Fatal::config(format!(
            "the mapping file {} to import does not exist",
            path.display()
        ))),
        Err(err) => Err(Fatal::config(err)),
    }
}
