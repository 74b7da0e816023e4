//! The state every command shares. `commands/`, the front door, `discord`,
//! `interactions` and `runtime` use it; the layers below it (useapi,
//! settings, store, ops, access, `account_health`) never see it and are
//! handed only what they need.

use std::sync::Arc;
use std::time::Duration;

use serenity::all::{GuildId, Http};

use crate::access::{Access, Claims};
use crate::account_health::watch::{self, Opener, Readers, Watcher};
use crate::account_health::{AccountHealth, Audience, Spenders};
use crate::audit::AuditLog;
use crate::ops::{Lifecycle, Metrics};
use crate::payer::{Payer, UseapiAccounts};
use crate::registration::{CommandsFor, Registrar};
use crate::settings::SharedMapping;
use crate::shards::Shards;
use crate::store::{Duty, HolderId, Lease, Store};
use crate::useapi::UseapiClient;

pub(crate) struct App {
    /// Which useapi.net account each server's commands spend.
    pub useapi: UseapiAccounts,
    /// Every server's settings as last saved: what commands read.
    pub settings: SharedMapping,
    /// Where an admin's edit is saved (the mapping file or `PostgreSQL`); it
    /// publishes every saved change into `settings`.
    pub store: Arc<dyn Store>,
    pub metrics: Arc<Metrics>,
    pub lifecycle: Arc<Lifecycle>,
    /// Which servers are served, and the cooldown's period.
    pub access: Access,
    /// What commands claim before they run: their interaction, a cooldown.
    pub claims: Claims,
    /// Each server's audit lines, posted in the background.
    pub audit: Arc<AuditLog>,
    /// Which Midjourney accounts need a human; tells the servers once per change.
    pub health: Arc<AccountHealth>,
    /// Puts the slash commands in every server, a few at a time.
    pub registrar: Arc<Registrar>,
    /// This process, as the holder of a duty's lease (random, made at start).
    pub holder: HolderId,
}

impl App {
    /// `guild`'s own useapi client, for the account watcher: `None` when
    /// it no longer has a token that opens.
    pub(crate) fn own_client(&self, guild: GuildId) -> Option<UseapiClient> {
        let settings = self.settings.get();
        self.useapi
            .client_for(Payer::Own, Some(guild), &settings)
            .ok()
    }

    /// The account watcher, reading the operator's account and the
    /// servers' own (`None` when `every` is zero).
    pub(crate) fn start_watcher(
        self: &Arc<Self>,
        http: Arc<Http>,
        every: Duration,
    ) -> Option<Watcher> {
        let app = self.clone();
        let open: Opener = Arc::new(move |guild| app.own_client(guild));
        let readers = Readers {
            operator: self.useapi.operator().cloned(),
            open,
        };
        let lease = |ttl| self.lease(Duty::AccountChecks, ttl);
        watch::start(self.health.clone(), readers, lease, http, every)
    }

    /// `duty`, held by this process while it holds the lease (always, with
    /// the file store), renewed for `ttl` at a time.
    pub(crate) fn lease(&self, duty: Duty, ttl: Duration) -> Lease {
        Lease::keep(self.store.clone(), duty, self.holder.clone(), ttl)
    }

    /// `shards`: the gateway shards this process runs; with the file store
    /// account alerts go only to their servers (with `PostgreSQL` to every
    /// server: one process tells each change). `commands`: what each server should have
    /// (`commands::plan`).
    pub(crate) fn new(
        useapi: UseapiAccounts,
        store: Arc<dyn Store>,
        access: Access,
        shards: Shards,
        commands: CommandsFor,
    ) -> Self {
        let metrics = Arc::new(Metrics::default());
        let lifecycle = Arc::new(Lifecycle::new(&metrics));
        let settings = store.settings();
        let audit = Arc::new(AuditLog::new(metrics.clone()));
        let audience = Audience {
            shards: if store.shares_duties() {
                Shards::Auto
            } else {
                shards
            },
            allowed: access.allowed_guilds.clone(),
        };
        let spenders = Spenders::new(
            useapi.operator().map(UseapiClient::account_id),
            useapi.rule(access.allowed_guilds.clone()),
        );
        let health = Arc::new(AccountHealth::new(
            audience,
            spenders,
            settings.clone(),
            store.clone(),
            audit.clone(),
            metrics.clone(),
        ));
        let registrar = Arc::new(Registrar::new(store.clone(), commands, metrics.clone()));
        let claims = Claims::new(store.clone(), access.cooldown);
        Self {
            useapi,
            settings,
            store,
            metrics,
            lifecycle,
            access,
            claims,
            audit,
            health,
            registrar,
            holder: HolderId::random(),
        }
    }
}
