//! A worker without a gateway (`INTERACTIONS_ADDR`): Discord POSTs every
//! interaction to it, so any number of identical workers behind a load
//! balancer serve one bot. It learns its servers by listing them over REST
//! (`listing.rs`) and from `APPLICATION_AUTHORIZED` events, and registers the commands through
//! the same bounded, fingerprinted registration as a gateway process.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};

use serenity::all::{CurrentApplicationInfo, Http};
use tokio::net::TcpListener;

use super::duties::Duties;
use super::RunError;
use crate::app::App;
use crate::config::Config;
use crate::interactions::{self, Ingress, PublicKey};
use crate::ops::health::Serving;

pub(super) struct Worker<'a> {
    pub config: &'a Config,
    pub app: Arc<App>,
    pub http: Arc<Http>,
    /// Read by `/healthz`: set once the interactions listener serves.
    pub serving: Arc<OnceLock<Serving>>,
}

impl Worker<'_> {
    /// Serves interactions on `listener` until `signal`; then says 503 on
    /// `/healthz` for `SHUTDOWN_DELAY_SECS` while still serving normally,
    /// so a load balancer stops sending first; then answers what it
    /// received, refuses anything new and returns.
    pub(super) async fn run(
        self,
        application: &CurrentApplicationInfo,
        listener: TcpListener,
        signal: Pin<&mut impl Future<Output = ()>>,
    ) -> Result<(), RunError> {
        let key = PublicKey::parse(&application.verify_key).ok_or(RunError::VerifyKey)?;
        // Registration routes name the application; a gateway's READY would tell it.
        self.http.set_application_id(application.id);
        let ingress = Arc::new(Ingress {
            key,
            http: self.http.clone(),
            app: self.app.clone(),
        });
        let (stop_serving, stopped) = tokio::sync::oneshot::channel::<()>();
        let stopped = async {
            let _ = stopped.await;
        };
        let server = tokio::spawn(interactions::serve(listener, ingress, stopped));
        let _ = self.serving.set(Serving::Http);

        let duties = Duties::start(&self.app, &self.http, self.config).await;
        let listing = crate::discord::listing::start(
            self.app.clone(),
            self.http.clone(),
            self.config.server_list,
        );
        signal.await;
        let delay = self.config.shutdown_delay;
        self.app.lifecycle.leave();
        tracing::info!(
            delay_secs = delay.as_secs(),
            "shutting down: /healthz says 503; still serving until the load balancer has noticed"
        );
        tokio::time::sleep(delay).await;
        drop(listing);
        // What still arrives now is told the bot is restarting.
        duties.stop(&self.app).await;
        // New connections are refused from now on (a load balancer tries
        // another worker); open ones finish the request they are answering.
        let _ = stop_serving.send(());
        let _ = server.await;
        Ok(())
    }
}
