use std::net::SocketAddr;
use std::time::Instant;

use axum::body::Bytes;
use axum::routing::{get, post};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::{mpsc, Notify};

use super::*;

/// Far longer than any limit below: a bound, never a wait.
const WITHIN: Duration = Duration::from_secs(10);

/// `/healthz` answers "ok"; `/echo` answers the body it was given.
fn router() -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/echo", post(|body: Bytes| async move { body }))
}

async fn server(limits: Limits) -> SocketAddr {
    server_with(router(), limits).await
}

async fn server_with(router: Router, limits: Limits) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(serve(listener, router, limits, std::future::pending()));
    addr
}

fn limits() -> Limits {
    Limits {
        name: "TEST_ADDR",
        max_connections: 8,
        max_waiting_per_peer: 8,
        header_read_timeout: Duration::from_secs(60),
        body_within: Duration::from_secs(60),
        max_body: 64,
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
    exchange(stream, GET, b"\r\n\r\nok").await
}

/// Sends `request` and reads until what came ends with `end`.
async fn exchange(stream: &mut TcpStream, request: &[u8], end: &[u8]) -> String {
    stream.write_all(request).await.unwrap();
    let mut received = Vec::new();
    let mut buf = [0; 1024];
    while !received.ends_with(end) {
        let n = tokio::time::timeout(WITHIN, stream.read(&mut buf))
            .await
            .expect("an answer")
            .unwrap();
        assert!(n > 0, "closed before answering");
        received.extend_from_slice(&buf[..n]);
    }
    String::from_utf8_lossy(&received).into_owned()
}

/// A connection whose request head was read and whose body the server is
/// waiting for: it asked for `100 Continue`, which the server sends once
/// it starts reading the body, and sends none of its 10 bytes.
async fn stalled_in_its_body(addr: SocketAddr) -> TcpStream {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = b"POST /echo HTTP/1.1\r\nhost: test\r\ncontent-length: 10\r\n\
                 expect: 100-continue\r\n\r\n";
    exchange(&mut stream, head, b"100 Continue\r\n\r\n").await;
    stream
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

#[tokio::test]
async fn a_complete_body_reaches_the_router() {
    let addr = server(limits()).await;
    let mut client = TcpStream::connect(addr).await.unwrap();
    let request = b"POST /echo HTTP/1.1\r\nhost: test\r\ncontent-length: 5\r\n\r\nhello";
    let answer = exchange(&mut client, request, b"\r\n\r\nhello").await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn a_body_that_stalls_is_answered_408_and_closed_after_the_body_deadline() {
    let addr = server(Limits {
        body_within: Duration::from_millis(200),
        ..limits()
    })
    .await;
    let mut slow = TcpStream::connect(addr).await.unwrap();
    // A whole head and 3 of 10 bytes, then nothing.
    slow.write_all(b"POST /echo HTTP/1.1\r\nhost: test\r\ncontent-length: 10\r\n\r\nabc")
        .await
        .unwrap();
    let sent = Instant::now();
    let answer = until_closed(&mut slow).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(sent.elapsed() >= Duration::from_millis(150));
}

#[tokio::test]
async fn a_body_declared_larger_than_the_limit_is_refused_with_413_before_it_is_read() {
    let addr = server(limits()).await;
    let mut client = TcpStream::connect(addr).await.unwrap();
    // The head alone: the answer cannot have waited for the body.
    client
        .write_all(b"POST /echo HTTP/1.1\r\nhost: test\r\ncontent-length: 65\r\n\r\n")
        .await
        .unwrap();
    let answer = until_closed(&mut client).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
}

#[tokio::test]
async fn a_chunked_body_growing_beyond_the_limit_is_refused_with_413() {
    let addr = server(limits()).await;
    let mut client = TcpStream::connect(addr).await.unwrap();
    // One chunk of 0x41 = 65 bytes, with no end announced.
    let mut request =
        b"POST /echo HTTP/1.1\r\nhost: test\r\ntransfer-encoding: chunked\r\n\r\n41\r\n".to_vec();
    request.extend_from_slice(&[b'x'; 65]);
    request.extend_from_slice(b"\r\n");
    client.write_all(&request).await.unwrap();
    let answer = until_closed(&mut client).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
}

#[tokio::test]
async fn at_capacity_a_connection_stalled_in_its_body_makes_room_for_a_request() {
    let addr = server(Limits {
        max_connections: 1,
        ..limits()
    })
    .await;
    let mut stalled = stalled_in_its_body(addr).await;

    let mut probe = TcpStream::connect(addr).await.unwrap();
    assert!(get_healthz(&mut probe).await.starts_with("HTTP/1.1 200"));
    assert_eq!(until_closed(&mut stalled).await, "", "closed, not answered");
}

#[tokio::test]
async fn a_new_connection_beyond_the_peer_cap_closes_that_peers_oldest_idle_one() {
    let addr = server(Limits {
        max_waiting_per_peer: 2,
        ..limits()
    })
    .await;
    let mut oldest = stalled_in_its_body(addr).await;
    let mut second = TcpStream::connect(addr).await.unwrap();
    // Answered once, then held idle on keep-alive: it counts.
    assert!(get_healthz(&mut second).await.starts_with("HTTP/1.1 200"));

    let mut newest = TcpStream::connect(addr).await.unwrap();
    until_closed(&mut oldest).await;
    // The other two are still served.
    assert!(get_healthz(&mut second).await.starts_with("HTTP/1.1 200"));
    assert!(get_healthz(&mut newest).await.starts_with("HTTP/1.1 200"));
}

#[tokio::test]
async fn connections_still_being_set_up_do_not_count_against_the_peer_cap() {
    let addr = server(Limits {
        max_waiting_per_peer: 1,
        ..limits()
    })
    .await;
    let mut fresh = Vec::new();
    for _ in 0..3 {
        fresh.push(TcpStream::connect(addr).await.unwrap());
    }
    let mut newest = TcpStream::connect(addr).await.unwrap();
    assert!(get_healthz(&mut newest).await.starts_with("HTTP/1.1 200"));
    // None of them was closed: each is answered in turn.
    for stream in &mut fresh {
        assert!(get_healthz(stream).await.starts_with("HTTP/1.1 200"));
    }
}

#[tokio::test]
async fn a_connection_answering_a_request_does_not_count_against_the_peer_cap() {
    let (entered, mut handler_entered) = mpsc::channel(1);
    let release = Arc::new(Notify::new());
    let released = Arc::clone(&release);
    let hold = get(move || async move {
        entered.send(()).await.unwrap();
        released.notified().await;
        "held"
    });
    let router = router().route("/hold", hold);
    let addr = server_with(
        router,
        Limits {
            max_waiting_per_peer: 1,
            ..limits()
        },
    )
    .await;
    let mut answering = TcpStream::connect(addr).await.unwrap();
    answering
        .write_all(b"GET /hold HTTP/1.1\r\nhost: test\r\n\r\n")
        .await
        .unwrap();
    handler_entered.recv().await.unwrap();
    let mut idle = TcpStream::connect(addr).await.unwrap();
    assert!(get_healthz(&mut idle).await.starts_with("HTTP/1.1 200"));

    let _newest = TcpStream::connect(addr).await.unwrap();
    until_closed(&mut idle).await;
    release.notify_one();
    let answer = exchange(&mut answering, b"", b"\r\n\r\nheld").await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[test]
fn slots_are_at_most_half_of_the_open_file_limit_and_a_quarter_of_them_per_peer() {
    let ingress = INGRESS_LIMITS.within_open_files(Some(1024));
    assert_eq!(
        (ingress.max_connections, ingress.max_waiting_per_peer),
        (512, 128)
    );
    let health = LIMITS.within_open_files(Some(1024));
    assert_eq!(
        (health.max_connections, health.max_waiting_per_peer),
        (256, 64)
    );
    let roomy = INGRESS_LIMITS.within_open_files(Some(65_536));
    assert_eq!(
        (roomy.max_connections, roomy.max_waiting_per_peer),
        (1024, 256)
    );
    assert_eq!(INGRESS_LIMITS.within_open_files(None).max_connections, 1024);
}

#[tokio::test]
async fn a_stop_refuses_new_connections_and_lets_a_request_being_answered_finish() {
    // `/slow` answers once the test says so: a request surely in progress.
    let (release, hold) = (Arc::new(Notify::new()), Arc::new(Notify::new()));
    let (arrived, gate) = (hold.clone(), release.clone());
    let router = router().route(
        "/slow",
        get(move || {
            let (arrived, gate) = (arrived.clone(), gate.clone());
            async move {
                arrived.notify_one();
                gate.notified().await;
                "done"
            }
        }),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve(listener, router, limits(), async {
        let _ = stop_rx.await;
    }));
    let mut busy = TcpStream::connect(addr).await.unwrap();
    busy.write_all(b"GET /slow HTTP/1.1\r\nhost: test\r\n\r\n")
        .await
        .unwrap();
    hold.notified().await;
    // Served once, then idle on keep-alive: surely among the open connections.
    let mut idle = TcpStream::connect(addr).await.unwrap();
    get_healthz(&mut idle).await;

    stop_tx.send(()).unwrap();
    until_closed(&mut idle).await;
    release.notify_one();
    let answer = until_closed(&mut busy).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with("done"), "{answer}");
    tokio::time::timeout(WITHIN, server).await.unwrap().unwrap();
    assert!(
        TcpStream::connect(addr).await.is_err(),
        "the listener is closed"
    );
}
