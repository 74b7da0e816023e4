//! A worker without a gateway (`INTERACTIONS_ADDR`): Discord POSTs every
//! interaction to it, so any number of identical workers behind a load
//! balancer serve one bot. It learns its servers by listing them over REST
//! (`listing.rs`) and from `APPLICATION_AUTHORIZED` events, and registers the commands through
//! the same bounded, fingerprinted registration as a gateway process.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serenity::all::{CurrentApplicationInfo, Http};
use tokio::net::TcpListener;

use super::{drain, RunError};
use crate::app::App;
use crate::config::Config;
use crate::interactions::{self, Ingress, PublicKey};

pub(super) struct Worker<'a> {
    pub config: &'a Config,
    pub app: Arc<App>,
    pub http: Arc<Http>,
    /// Read by `/healthz`: set while the interactions listener serves.
    pub serving: Arc<AtomicBool>,
}

impl Worker<'_> {
    /// Serves interactions on `listener` until `signal`, then answers those
    /// already received, refuses new ones and returns.
    pub(super) async fn run(
        self,
        application: &CurrentApplicationInfo,
        listener: TcpListener,
        signal: Pin<&mut impl Future<Output = ()>>,
    ) -> Result<(), RunError> {
        let key = PublicKey::parse(&application.verify_key).ok_or(RunError::VerifyKey)?;
        // Registration routes name the application; a gateway's READY would tell it.
        self.http.set_application_id(application.id);
        let ingress = Arc::new(Ingress::new(key, self.http.clone(), self.app.clone()));
        let server = tokio::spawn(interactions::serve(listener, ingress));
        self.serving.store(true, Ordering::SeqCst);

        self.app.registrar.load().await;
        let _registering = self.app.registrar.start(&self.http);
        let listing =
            super::listing::start(self.app.clone(), self.http.clone(), self.config.server_list);
        let watcher = self
            .app
            .start_watcher(self.http.clone(), self.config.account_check);
        signal.await;
        // A load balancer stops sending once /healthz says 503 (it does from
        // now on); what still arrives is told the bot is restarting.
        drop(watcher);
        drop(listing);
        drain(&self.app).await;
        self.serving.store(false, Ordering::SeqCst);
        server.abort();
        Ok(())
    }
}
