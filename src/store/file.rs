//! The JSON mapping file as a [`Store`]: see [`MappingStore`].

use std::sync::Arc;

use serenity::all::GuildId;

use super::{Store, StoreError};
use crate::mapping::{Edit, Mapping, MappingStore};

#[async_trait::async_trait]
impl Store for MappingStore {
    fn snapshot(&self) -> Arc<Mapping> {
        MappingStore::snapshot(self)
    }

    async fn edit(&self, guild: GuildId, edit: Edit) -> Result<bool, StoreError> {
        Ok(MappingStore::edit(self, guild, edit).await?)
    }

    async fn import(&self, mapping: &Mapping) -> Result<(), StoreError> {
        self.merge(mapping).await?;
        Ok(())
    }

    /// The file is only ever written by this process's saves, so memory
    /// is the file's content.
    async fn export(&self) -> Result<Mapping, StoreError> {
        Ok(Mapping::clone(&self.snapshot()))
    }

    fn describe(&self) -> String {
        format!("file {}", self.path().display())
    }
}
