//! The HTTP ingress (`INTERACTIONS_ADDR`) against connections that send a
//! request head and a few bytes of its body, then nothing (issue 31): no
//! signature is needed to open them, and before issue 31 about 1,100 of
//! them held every connection slot, so every real interaction timed out.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use serde_json::json;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpSocket, TcpStream};

use crate::support::bot::{spawn_bot_with, BotOptions, MEMBER};
use crate::support::fake_discord::{Typed, A_GENERAL};
use crate::support::useapi::{useapi_answers, CONTENT};

/// Twice the worker's open files (1,024), four times its slots then (512).
const STALLED: usize = 2_000;
/// Discord's own bound for the first response.
const ANSWERED_WITHIN: Duration = Duration::from_secs(3);
/// A real request may arrive on any of the connections, so each one, the
/// stalled ones too, must be taken within Discord's bound: once the
/// system's queue of connections not yet accepted (1,024) is full, a new
/// one waits until the worker frees a slot.
const CONNECTED_WITHIN: Duration = ANSWERED_WITHIN;
/// A head declaring 1,000 bytes of body, and 5 of them. The signature
/// headers are there, so the body must be read to check them, but no
/// signature is valid (anyone can send this).
const HEAD_AND_A_FEW_BYTES: &[u8] = b"POST /interactions HTTP/1.1\r\nhost: bot\r\n\
    content-type: application/json\r\nx-signature-ed25519: 00\r\n\
    x-signature-timestamp: 0\r\ncontent-length: 1000\r\n\r\n{\"ty";

#[tokio::test]
async fn two_thousand_connections_stalled_in_their_body_do_not_stop_a_real_fast() {
    // All from one peer, as through a load balancer: the worker closes the
    // oldest of them beyond its per-peer cap.
    held_against(&[Ipv4Addr::LOCALHOST]).await;
}

#[tokio::test]
async fn two_thousand_stalled_connections_from_twenty_peers_do_not_stop_a_real_fast() {
    // 100 from each peer, under the per-peer cap (128 under 1024 open
    // files): the worker's 512 slots fill, and the oldest idle connection
    // makes room for each new one.
    let peers: Vec<Ipv4Addr> = (2..22).map(|i| Ipv4Addr::new(127, 0, 0, i)).collect();
    held_against(&peers).await;
}

/// Opens [`STALLED`] stalled connections, from `peers` in turn, against a
/// worker under an open-file limit of 1024, then delivers a real `/fast`
/// (from 127.0.0.1) and measures its answer. The worker closes the rest of
/// the stalled connections at the body deadline (5 s); this side holds
/// them open until the end.
async fn held_against(peers: &[Ipv4Addr]) {
    raise_own_open_file_limit(STALLED as u64 + 1_000);
    let options = BotOptions::with_health_server()
        .http_worker()
        .open_files(1024);
    let bot = spawn_bot_with(options).await;
    useapi_answers(&bot, CONTENT).await;
    let base = bot.interactions_url().await;
    let addr: SocketAddr = base.trim_start_matches("http://").parse().unwrap();

    let mut stalled = Vec::with_capacity(STALLED);
    for (i, peer) in peers.iter().cycle().take(STALLED).enumerate() {
        let mut stream = stalled_from(*peer, addr, i).await;
        // The worker may already have closed it to make room.
        let _ = stream.write_all(HEAD_AND_A_FEW_BYTES).await;
        stalled.push(stream);
    }
    let sent = Instant::now();
    let (inv, answer) = tokio::time::timeout(
        Duration::from_secs(30),
        bot.deliver(Typed::command(A_GENERAL, "fast", json!([]), MEMBER)),
    )
    .await
    .expect("an answer to /fast (bound: 30 s)");
    let took = sent.elapsed();

    eprintln!(
        "/fast answered in {took:?} beside {STALLED} stalled connections from {} peers",
        peers.len()
    );
    assert_eq!(
        (answer.status, answer.json()["type"].clone()),
        (200, json!(5))
    );
    assert!(took < ANSWERED_WITHIN, "answered after {took:?}");
    let (status, body) = bot.get("/healthz").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(bot.reply(&inv).await.content, CONTENT);
    drop(stalled);
    bot.finish().await;
}

/// Connection `i`, from `peer` (any address in 127.0.0.0/8 is this host).
async fn stalled_from(peer: Ipv4Addr, addr: SocketAddr, i: usize) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::new(peer.into(), 0)).unwrap();
    // Before issue 31 this is where it broke: the held connections took
    // every open file, the worker stopped accepting, its queue filled.
    tokio::time::timeout(CONNECTED_WITHIN, socket.connect(addr))
        .await
        .unwrap_or_else(|_| panic!("connection {i} not accepted within {CONNECTED_WITHIN:?}"))
        .expect("connect")
}

/// Raises this test process's soft open-file limit to at least `needed`
/// (within the hard limit), with util-linux's `prlimit`: `STALLED` sockets
/// are more than a default soft limit of 1024 allows.
fn raise_own_open_file_limit(needed: u64) {
    let limits = std::fs::read_to_string("/proc/self/limits").expect("/proc/self/limits");
    let soft = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .and_then(|l| l.split_whitespace().nth(3))
        .and_then(|soft| soft.parse::<u64>().ok());
    if soft.is_some_and(|soft| soft >= needed) {
        return;
    }
    let status = std::process::Command::new("prlimit")
        .arg(format!("--pid={}", std::process::id()))
        .arg(format!("--nofile={needed}:"))
        .status()
        .expect("prlimit (util-linux) to raise the open-file limit");
    assert!(status.success(), "prlimit --nofile={needed}: failed");
}
