//! The state every command shares. `commands/`, `discord` and `main` use
//! it; the layers below it (useapi, mapping, store, ops) never see it and are
//! handed only what they need.

use std::sync::Arc;

use crate::access::Access;
use crate::audit::AuditLog;
use crate::ops::{Lifecycle, Metrics};
use crate::store::Store;
use crate::useapi::UseapiClient;

pub struct App {
    pub useapi: UseapiClient,
    /// Every server's settings: the mapping file or PostgreSQL.
    pub mappings: Arc<dyn Store>,
    pub metrics: Arc<Metrics>,
    pub lifecycle: Arc<Lifecycle>,
    /// Which servers are served, and each member's cooldown.
    pub access: Access,
    pub audit: AuditLog,
}

impl App {
    pub fn new(useapi: UseapiClient, mappings: Arc<dyn Store>, access: Access) -> Self {
        let metrics = Arc::new(Metrics::default());
        let lifecycle = Arc::new(Lifecycle::new(&metrics));
        Self {
            useapi,
            mappings,
            metrics,
            lifecycle,
            access,
            audit: AuditLog::default(),
        }
    }
}
