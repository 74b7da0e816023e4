//! The HTTP/1 server behind both listeners: `HTTP_ADDR` (`/healthz`,
//! `/metrics`; [`LIMITS`]) and `INTERACTIONS_ADDR` (Discord's signed POSTs;
//! [`INGRESS_LIMITS`]). It is on hyper directly so that what idle, slow or
//! hostile clients can hold is bounded, whoever they are (no signature is
//! needed to open a connection):
//!
//! - a request's head must arrive within `header_read_timeout` of the
//!   connection opening or of the previous response: hyper's header-read
//!   timer starts whenever it waits for a request head, so it closes a
//!   connection that never sends a byte and an idle keep-alive one alike;
//! - its body must be complete within `body_within` of the head (Discord
//!   sends it at once), else 408, and be at most `max_body`, else 413 (from
//!   its Content-Length, or once more came); both close the connection.
//!   The body is read in full before the router sees the request
//!   ([`body`]), so no handler waits on a client;
//! - no connection lives longer than `max_lifetime`;
//! - at most `max_connections` are served at once, and at most half of the
//!   open-file limit, so the slots run out before the files do. Only a
//!   connection whose request is complete and being answered is protected;
//!   one waiting for a request head or for the rest of a body is idle.
//!   When all slots are taken (or the files ran out after all), the oldest
//!   idle one is closed to make room (as nginx reuses idle keep-alive
//!   connections), so senders that stall cannot take what real requests
//!   need;
//! - one peer address holds at most `max_waiting_per_peer` idle
//!   connections: a new one beyond that closes that peer's oldest idle one
//!   first. Only idle ones count, because a load balancer is one peer
//!   carrying everyone's requests and those being answered must not be
//!   cut; the oldest goes first because a stalled sender's connections are
//!   the old ones and a real client's is the one it just opened.
//!
//! Log lines name their listener (`listener=HTTP_ADDR` or
//! `INTERACTIONS_ADDR`).

mod body;
mod open;

use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper::service::Service;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use open::{Answering, OpenConnections, Slot};

/// When a request's head arrived, before its body was read: where an
/// interaction's time budget starts (a request extension).
#[derive(Debug, Clone, Copy)]
pub(crate) struct HeadReceived(pub tokio::time::Instant);

#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// The setting the listener comes from, named in its log lines.
    pub name: &'static str,
    pub max_connections: usize,
    /// Idle connections (waiting for a request head or body) one peer
    /// address may hold; a quarter of `max_connections` below, so one peer
    /// alone never fills the slots with them.
    pub max_waiting_per_peer: usize,
    /// For each request head, from the moment the server waits for it.
    pub header_read_timeout: Duration,
    /// For each request body, from its head to its last byte.
    pub body_within: Duration,
    /// The largest body read; a larger one is refused with 413.
    pub max_body: usize,
    /// After this, a connection finishes the request in progress and closes.
    pub max_lifetime: Duration,
    /// How long a closing connection may take to finish its request.
    pub shutdown_grace: Duration,
}

impl Limits {
    /// These limits, with at most half of the open-file limit `open_files`
    /// as slots, and the per-peer cap shrunk in proportion: when the files
    /// run out before the slots, the make-room rule never starts, and the
    /// bot can no longer call useapi or Discord either. Under systemd's
    /// default of 1024 the ingress serves 512 connections at once.
    fn within_open_files(self, open_files: Option<u64>) -> Self {
        let half = open_files.map_or(usize::MAX, |files| {
            usize::try_from(files / 2).unwrap_or(usize::MAX)
        });
        if half >= self.max_connections {
            return self;
        }
        let max_connections = half.max(1);
        Self {
            max_connections,
            max_waiting_per_peer: (self.max_waiting_per_peer * max_connections
                / self.max_connections)
                .max(1),
            ..self
        }
    }
}

pub(super) const LIMITS: Limits = Limits {
    name: "HTTP_ADDR",
    max_connections: 256,
    max_waiting_per_peer: 64,
    header_read_timeout: Duration::from_secs(5),
    body_within: Duration::from_secs(5),
    // Only GET routes: a body is never needed.
    max_body: 1024,
    max_lifetime: Duration::from_secs(30),
    shutdown_grace: Duration::from_secs(5),
};

/// `INTERACTIONS_ADDR`: a load balancer keeps connections open and sends
/// many requests on each. Discord sends a body of a few KiB at once, so 5 s
/// is ample for it on any link and short for one that stalls.
pub(crate) const INGRESS_LIMITS: Limits = Limits {
    name: "INTERACTIONS_ADDR",
    max_connections: 1024,
    max_waiting_per_peer: 256,
    header_read_timeout: Duration::from_secs(10),
    body_within: Duration::from_secs(5),
    max_body: 64 * 1024,
    max_lifetime: Duration::from_secs(300),
    shutdown_grace: Duration::from_secs(5),
};

/// Request heads here are a line and a few headers, and a body is read
/// through this buffer in pieces; hyper's minimum (8 KiB) is plenty and
/// bounds what a connection holds besides its body.
const MAX_BUF_SIZE: usize = 8 * 1024;

/// Serves `router` on `listener` within `limits`, until `stop` completes:
/// then the listener is closed (a new connection is refused, so a load
/// balancer tries another worker), every connection finishes the request
/// it is answering, for up to `shutdown_grace`, and the rest are closed.
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    stop: impl std::future::Future<Output = ()>,
) {
    let open = Arc::new(OpenConnections::default());
    tokio::select! {
        () = accept_until_stopped(listener, router, limits, &open) => {}
        () = stop => {}
    }
    open.close_all();
    if tokio::time::timeout(limits.shutdown_grace, open.all_ended())
        .await
        .is_err()
    {
        tracing::warn!(
            listener = limits.name,
            "connections still open after {:?}; closing them",
            limits.shutdown_grace
        );
    }
}

async fn accept_until_stopped(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    open: &Arc<OpenConnections>,
) {
    let limits = limits.within_open_files(super::limits::open_files());
    tracing::debug!(
        listener = limits.name,
        max_connections = limits.max_connections,
        max_waiting_per_peer = limits.max_waiting_per_peer,
        "connection limits"
    );
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let mut next_id: u64 = 0;
    loop {
        let (stream, peer) = accept(&listener, open, limits.name).await;
        let peer = peer.ip().to_canonical();
        let Some(permit) = slot_for(peer, &slots, open, &limits).await else {
            return;
        };
        next_id += 1;
        let slot = open.insert(next_id, peer, permit);
        tokio::spawn(serve_connection(stream, router.clone(), slot, limits));
    }
}

/// The next connection. When the listener itself fails (out of file
/// descriptors, most likely, if other work took the half the slots leave),
/// the oldest idle connection is closed, as when every slot is taken, and
/// the accept is tried again as soon as a connection has ended, or after
/// 1 s.
async fn accept(
    listener: &TcpListener,
    open: &OpenConnections,
    name: &'static str,
) -> (TcpStream, SocketAddr) {
    loop {
        match listener.accept().await {
            Ok(accepted) => return accepted,
            Err(err) if is_per_connection(&err) => {}
            Err(err) => {
                if open.close_oldest_idle() {
                    tracing::debug!(listener = name, error = %err, "cannot accept a connection; closing the oldest idle one");
                } else {
                    tracing::warn!(listener = name, error = %err, "cannot accept a connection; retrying in 1 s");
                }
                let _ = tokio::time::timeout(Duration::from_secs(1), open.one_ended()).await;
            }
        }
    }
}

/// A slot for a new connection from `peer`, after closing what the
/// per-peer cap and the make-room rule say; `None` if the semaphore was
/// closed (never: then no connection could be served).
async fn slot_for(
    peer: IpAddr,
    slots: &Arc<Semaphore>,
    open: &OpenConnections,
    limits: &Limits,
) -> Option<OwnedSemaphorePermit> {
    let closed = open.close_beyond_peer_cap(peer, limits.max_waiting_per_peer);
    if closed > 0 {
        tracing::debug!(
            listener = limits.name,
            %peer,
            closed,
            "a peer holds too many idle connections; closing its oldest"
        );
    }
    if let Ok(permit) = Arc::clone(slots).try_acquire_owned() {
        return Some(permit);
    }
    // A connection closed for the peer cap already frees a slot.
    if closed == 0 && !open.close_oldest_idle() {
        tracing::debug!(
            listener = limits.name,
            "every connection is answering a request; waiting"
        );
    }
    Arc::clone(slots).acquire_owned().await.ok()
}

/// Errors that concern one connection only; the listener is fine.
fn is_per_connection(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

async fn serve_connection(stream: TcpStream, router: Router, slot: Slot, limits: Limits) {
    let state = Arc::clone(&slot.state);
    let service = hyper::service::service_fn(move |request| {
        let (state, router) = (Arc::clone(&state), router.clone());
        async move {
            let head = HeadReceived(tokio::time::Instant::now());
            state.spoke();
            let mut request = match body::buffered(request, &limits).await {
                Ok(request) => request,
                Err(refusal) => return Ok(refusal),
            };
            request.extensions_mut().insert(head);
            // In the same poll as the body's last byte: no moment when a
            // complete request is not yet protected.
            let _answering = Answering::start(&state);
            TowerToHyperService::new(router).call(request).await
        }
    });
    let connection = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .max_buf_size(MAX_BUF_SIZE)
        .serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    let closed = tokio::select! {
        closed = connection.as_mut() => closed,
        // Asked to make room. Idle, it goes at once (hyper would keep one
        // that sent half a request head, or half a body).
        () = slot.state.close.notified() => {
            if slot.state.is_answering() {
                connection.as_mut().graceful_shutdown();
                finish(connection, limits.shutdown_grace).await
            } else {
                Ok(())
            }
        }
        () = tokio::time::sleep(limits.max_lifetime) => {
            connection.as_mut().graceful_shutdown();
            finish(connection, limits.shutdown_grace).await
        }
    };
    // Timeouts and clients going away are expected here.
    if let Err(err) = closed {
        tracing::debug!(listener = limits.name, error = %err, "connection closed");
    }
}

/// Lets a connection asked to close finish its request, for up to `grace`;
/// after that it is dropped, which closes the socket.
async fn finish<F>(connection: F, grace: Duration) -> hyper::Result<()>
where
    F: std::future::Future<Output = hyper::Result<()>>,
{
    tokio::time::timeout(grace, connection)
        .await
        .unwrap_or(Ok(()))
}

#[cfg(test)]
mod tests;
