//! The HTTP/1 server behind `HTTP_ADDR`, on hyper directly so that what
//! idle or slow clients can hold is bounded:
//!
//! - a request's headers must arrive within 5 s of the connection opening
//!   or of the previous response: hyper's header-read timer starts whenever
//!   it waits for a request head, so it closes a connection that never
//!   sends a byte and an idle keep-alive connection alike;
//! - no connection lives longer than 30 s (a slow body, a slow reader);
//! - at most 256 connections are served at once. When all are taken, the
//!   oldest one that is not answering a request is closed to make room
//!   (as nginx reuses idle keep-alive connections), so `/healthz` keeps
//!   answering while idle connections pile up.

use std::collections::BTreeMap;
use std::io;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper::service::Service;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};

#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub max_connections: usize,
    /// For each request head, from the moment the server waits for it.
    pub header_read_timeout: Duration,
    /// After this, a connection finishes the request in progress and closes.
    pub max_lifetime: Duration,
    /// How long a closing connection may take to finish its request.
    pub shutdown_grace: Duration,
}

pub(super) const LIMITS: Limits = Limits {
    max_connections: 256,
    header_read_timeout: Duration::from_secs(5),
    max_lifetime: Duration::from_secs(30),
    shutdown_grace: Duration::from_secs(5),
};

/// `INTERACTIONS_ADDR`: a load balancer keeps connections open and sends
/// many requests on each, and a body may take a while on a slow link.
pub(crate) const INGRESS_LIMITS: Limits = Limits {
    max_connections: 1024,
    header_read_timeout: Duration::from_secs(10),
    max_lifetime: Duration::from_secs(300),
    shutdown_grace: Duration::from_secs(5),
};

/// Requests here are a line and a few headers; hyper's minimum buffer
/// (8 KiB) is plenty and bounds what 256 connections can hold.
const MAX_BUF_SIZE: usize = 8 * 1024;

/// Serves `router` on `listener` within `limits`, until the process ends.
pub(crate) async fn serve(listener: TcpListener, router: Router, limits: Limits) {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let open = Arc::new(OpenConnections::default());
    let mut next_id: u64 = 0;
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _peer)) => stream,
            Err(err) if is_per_connection(&err) => continue,
            Err(err) => {
                // e.g. out of file descriptors: wait for some to be freed.
                tracing::warn!(error = %err, "cannot accept a connection on HTTP_ADDR; retrying in 1 s");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        let permit = if let Ok(permit) = Arc::clone(&slots).try_acquire_owned() {
            permit
        } else {
            if !open.close_oldest_idle() {
                tracing::debug!("every health connection is answering a request; waiting");
            }
            match Arc::clone(&slots).acquire_owned().await {
                Ok(permit) => permit,
                // Never closed; if it were, no connection could be served.
                Err(_) => return,
            }
        };
        next_id += 1;
        let slot = open.insert(next_id, permit);
        tokio::spawn(serve_connection(stream, router.clone(), slot, limits));
    }
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
    let router = TowerToHyperService::new(router);
    let state = Arc::clone(&slot.state);
    let service = hyper::service::service_fn(move |request| {
        let answering = Answering::start(&state);
        let response = router.call(request);
        async move {
            let response = response.await;
            drop(answering);
            response
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
        // Asked to make room. Not answering a request, it goes at once
        // (hyper would keep one that sent half a request head).
        () = slot.state.close.notified() => {
            if slot.state.answering.load(Ordering::SeqCst) == 0 {
                Ok(())
            } else {
                connection.as_mut().graceful_shutdown();
                finish(connection, limits.shutdown_grace).await
            }
        }
        () = tokio::time::sleep(limits.max_lifetime) => {
            connection.as_mut().graceful_shutdown();
            finish(connection, limits.shutdown_grace).await
        }
    };
    // Timeouts and clients going away are expected here.
    if let Err(err) = closed {
        tracing::debug!(error = %err, "health connection closed");
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

/// One served connection, as the accept loop sees it.
#[derive(Default)]
struct ConnectionState {
    /// Requests being answered on it now.
    answering: AtomicUsize,
    /// Set once it was asked to close to make room.
    closing: AtomicBool,
    close: Notify,
}

/// Counts a request as being answered until dropped.
struct Answering(Arc<ConnectionState>);

impl Answering {
    fn start(state: &Arc<ConnectionState>) -> Self {
        state.answering.fetch_add(1, Ordering::SeqCst);
        Self(Arc::clone(state))
    }
}

impl Drop for Answering {
    fn drop(&mut self) {
        self.0.answering.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The connections being served, oldest first.
#[derive(Default)]
struct OpenConnections(Mutex<BTreeMap<u64, Arc<ConnectionState>>>);

impl OpenConnections {
    fn insert(self: &Arc<Self>, id: u64, permit: OwnedSemaphorePermit) -> Slot {
        let state = Arc::new(ConnectionState::default());
        self.lock().insert(id, Arc::clone(&state));
        Slot {
            id,
            state,
            open: Arc::clone(self),
            _permit: permit,
        }
    }

    /// Asks the oldest connection that is not answering a request to close;
    /// `false` when every one is busy.
    fn close_oldest_idle(&self) -> bool {
        let open = self.lock();
        let idle = open.values().find(|state| {
            state.answering.load(Ordering::SeqCst) == 0
                && !state.closing.swap(true, Ordering::SeqCst)
        });
        // A stored permit: the connection sees it even if not waiting yet.
        idle.inspect(|state| state.close.notify_one()).is_some()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, Arc<ConnectionState>>> {
        // Held only for map operations that cannot panic halfway.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// A connection's place: leaves the list, then frees its permit, when the
/// connection ends.
struct Slot {
    id: u64,
    state: Arc<ConnectionState>,
    open: Arc<OpenConnections>,
    _permit: OwnedSemaphorePermit,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.open.lock().remove(&self.id);
    }
}

#[cfg(test)]
mod tests {
    use std::net::SocketAddr;
    use std::time::Instant;

    use axum::routing::get;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    use super::*;

    /// Far longer than any limit below: a bound, never a wait.
    const WITHIN: Duration = Duration::from_secs(10);

    async fn server(limits: Limits) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let router = Router::new().route("/healthz", get(|| async { "ok" }));
        tokio::spawn(serve(listener, router, limits));
        addr
    }

    fn limits() -> Limits {
        Limits {
            max_connections: 8,
            header_read_timeout: Duration::from_secs(60),
            max_lifetime: Duration::from_secs(60),
            shutdown_grace: Duration::from_secs(1),
        }
    }

    /// Reads until the server closes the connection; what it sent.
    async fn until_closed(stream: &mut TcpStream) -> String {
        let mut received = Vec::new();
        tokio::time::timeout(WITHIN, stream.read_to_end(&mut received))
            .await
            .expect("the server closes the connection")
            .expect("a clean close (EOF)");
        String::from_utf8_lossy(&received).into_owned()
    }

    const GET: &[u8] = b"GET /healthz HTTP/1.1\r\nhost: test\r\n\r\n";

    /// Sends `GET /healthz` and reads its whole answer (body "ok").
    async fn get_healthz(stream: &mut TcpStream) -> String {
        stream.write_all(GET).await.unwrap();
        let mut received = Vec::new();
        let mut buf = [0; 1024];
        while !received.ends_with(b"\r\n\r\nok") {
            let n = tokio::time::timeout(WITHIN, stream.read(&mut buf))
                .await
                .expect("an answer")
                .unwrap();
            assert!(n > 0, "closed before answering");
            received.extend_from_slice(&buf[..n]);
        }
        String::from_utf8_lossy(&received).into_owned()
    }

    #[tokio::test]
    async fn a_connection_that_never_sends_a_byte_is_closed_after_the_header_timeout() {
        let addr = server(Limits {
            header_read_timeout: Duration::from_millis(200),
            ..limits()
        })
        .await;
        let mut idle = TcpStream::connect(addr).await.unwrap();
        let started = Instant::now();
        until_closed(&mut idle).await;
        assert!(started.elapsed() >= Duration::from_millis(150));
    }

    #[tokio::test]
    async fn an_idle_keep_alive_connection_is_closed_after_the_header_timeout() {
        let addr = server(Limits {
            header_read_timeout: Duration::from_millis(200),
            ..limits()
        })
        .await;
        let mut client = TcpStream::connect(addr).await.unwrap();
        assert!(get_healthz(&mut client).await.starts_with("HTTP/1.1 200"));
        // The connection was kept alive; nothing more is sent on it.
        let answered = Instant::now();
        until_closed(&mut client).await;
        assert!(answered.elapsed() >= Duration::from_millis(150));
    }

    #[tokio::test]
    async fn a_connection_is_closed_at_the_end_of_its_lifetime() {
        let addr = server(Limits {
            max_lifetime: Duration::from_millis(200),
            ..limits()
        })
        .await;
        let mut slow = TcpStream::connect(addr).await.unwrap();
        // Half a request head, then nothing: only the lifetime ends it.
        slow.write_all(b"GET /healthz HTTP/1.1\r\n").await.unwrap();
        until_closed(&mut slow).await;
    }

    #[tokio::test]
    async fn at_capacity_the_oldest_idle_connection_makes_room_for_a_request() {
        let addr = server(Limits {
            max_connections: 2,
            ..limits()
        })
        .await;
        let mut oldest = TcpStream::connect(addr).await.unwrap();
        let mut kept_alive = TcpStream::connect(addr).await.unwrap();
        get_healthz(&mut kept_alive).await;

        let mut probe = TcpStream::connect(addr).await.unwrap();
        assert!(get_healthz(&mut probe).await.starts_with("HTTP/1.1 200"));
        until_closed(&mut oldest).await;
        // The others are still served.
        assert!(get_healthz(&mut kept_alive)
            .await
            .starts_with("HTTP/1.1 200"));
    }
}
