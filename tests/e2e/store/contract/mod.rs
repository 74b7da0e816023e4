//! One contract per trait of the store, each check run against both
//! stores: the mapping file and a real PostgreSQL server (see
//! `support::postgres`). Where the two differ (one process on the file,
//! several sharing the database), a check says which does what.

mod duties;
mod registration_ledger;
mod settings;
mod shared_claims;

use std::future::Future;
use std::sync::Arc;

use mj_bridge::store::{FileStore, PgStore, Purpose, Store};
use secrecy::SecretString;
use tempfile::TempDir;

use crate::support::postgres::Postgres;

/// What one check needs: a way to open the same store again (as another
/// process would).
pub(crate) struct Backend {
    _dir: TempDir,
    pub(crate) postgres: Option<Postgres>,
    file: std::path::PathBuf,
}

impl Backend {
    fn file() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("channels.json");
        Self {
            _dir: dir,
            postgres: None,
            file,
        }
    }

    fn postgres() -> Self {
        Self {
            postgres: Some(Postgres::start()),
            ..Self::file()
        }
    }

    pub(crate) async fn open(&self) -> Arc<dyn Store> {
        let store: Arc<dyn Store> = match &self.postgres {
            Some(pg) => {
                Arc::new(PgStore::new(&SecretString::from(pg.url()), Purpose::Serve).unwrap())
            }
            None => Arc::new(FileStore::load(&self.file).unwrap()),
        };
        store.open().await.unwrap();
        store
    }
}

impl Backend {
    /// The store opened by two processes sharing it (with the file, two
    /// handles on one file: its one process's view).
    pub(crate) async fn open_twice(&self) -> [Arc<dyn Store>; 2] {
        [self.open().await, self.open().await]
    }
}

/// Runs `check` against the file store, then against PostgreSQL.
pub(crate) async fn in_both_stores<F, Fut>(check: F)
where
    F: Fn(Backend) -> Fut,
    Fut: Future<Output = ()>,
{
    check(Backend::file()).await;
    check(Backend::postgres()).await;
}
