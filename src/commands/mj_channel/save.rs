//! The one settings write. Every change to a server's settings made from
//! Discord (an admin's `/mj-channel` edit, a token stored or cleared, the
//! bot leaving a server) goes through [`save`]: stored durably, counted
//! only when something changed (a failure always), and the useapi clients
//! it affects forgotten, so the next command opens the new token.

use serenity::all::GuildId;

use crate::app::App;
use crate::settings::Edit;
use crate::store::StoreError;

/// Stores `edit` for `guild`; whether anything changed.
pub(crate) async fn save(app: &App, guild: GuildId, edit: Edit) -> Result<bool, StoreError> {
    let token_edit = matches!(edit, Edit::Account(_));
    let changed = app
        .store
        .edit(guild, edit)
        .await
        .inspect_err(|_| app.metrics.mapping_write_failed())?;
    if changed {
        app.metrics.mapping_written();
        if token_edit {
            app.useapi.forget(guild);
        }
    }
    Ok(changed)
}
