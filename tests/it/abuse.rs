//! The listener under abuse, over real TCP: every malformed or hostile request gets a 4xx (or a
//! closed connection) and never a 2xx, while good requests sent throughout are all answered 200;
//! memory stays bounded and nothing panics.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::common::*;
use crate::listen_cli::{Listener, request, signed};

const BODY: &str = r#"{"type":"job.completed","data":{"job_id":"j1","status":"completed"}}"#;

/// Sends raw bytes, then reads until an answer's head is in, the server closes, or `wait`
/// passes: the first status line's code, or `None` when nothing came back.
fn exchange(addr: SocketAddr, bytes: &[u8], wait: Duration) -> Option<u16> {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(wait)).unwrap();
    let _ = stream.write_all(bytes);
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = stream.read(&mut buf) {
        if n == 0 {
            break;
        }
        answer.extend_from_slice(&buf[..n]);
        if answer.windows(4).any(|w| w == b"\r\n\r\n") {
            break;
        }
    }
    let text = String::from_utf8_lossy(&answer);
    text.strip_prefix("HTTP/1.1 ")?.get(..3)?.parse().ok()
}

/// A signed request's head (no body), with extra header lines.
fn head(id: &str, body: &str, extra: &str) -> String {
    let mut text = "POST /webhook HTTP/1.1\r\nhost: x\r\n".to_string();
    for (name, value) in signed(id, now(), body) {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text + extra
}

/// Peak memory of a process, from /proc, in KiB.
fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

#[test]
fn hostile_requests_get_4xx_and_good_ones_keep_getting_200() {
    let env = Env::new();
    let listener = Listener::start(&env, &["--read-timeout", "1s", "--max-body", "64k"]);
    let addr = listener.addr;
    let wait = Duration::from_secs(5);

    // Good requests all along, from another thread.
    let stop = Arc::new(AtomicBool::new(false));
    let (good, bad) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let sender = {
        let (stop, good, bad) = (stop.clone(), good.clone(), bad.clone());
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                n += 1;
                let id = format!("msg_good{n}");
                let (status, _) = request(
                    addr,
                    "POST",
                    "/webhook",
                    &signed(&id, now(), BODY),
                    BODY.as_bytes(),
                );
                let counter = if status == 200 { &good } else { &bad };
                counter.fetch_add(1, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(5));
            }
        })
    };

    // Slow-loris clients, dripping a header byte every 100 ms, all held open at once.
    let loris: Vec<_> = (0..50)
        .map(|_| {
            std::thread::spawn(move || {
                let mut s = TcpStream::connect(addr).unwrap();
                let started = Instant::now();
                for b in "POST /webhook HTTP/1.1\r\nx-slow: "
                    .bytes()
                    .chain(std::iter::repeat(b'a'))
                {
                    if s.write_all(&[b]).is_err() || started.elapsed() > Duration::from_secs(20) {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
                // Cut off by the header read timeout, well before 20 s.
                started.elapsed()
            })
        })
        .collect();

    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "binary request line",
            b"\x00\x01\x02\xff not http\r\n\r\n".to_vec(),
        ),
        ("a request line with no target", b"POST\r\n\r\n".to_vec()),
        (
            "an unknown HTTP version",
            b"POST /webhook HTTP/9.9\r\n\r\n".to_vec(),
        ),
        (
            "two spaces in the request line",
            b"POST  /webhook HTTP/1.1\r\n\r\n".to_vec(),
        ),
        (
            "a 1 MB header",
            format!(
                "POST /webhook HTTP/1.1\r\nx-big: {}\r\n\r\n",
                "a".repeat(1_000_000)
            )
            .into_bytes(),
        ),
        (
            "a 100 kB target",
            format!("POST /{} HTTP/1.1\r\n\r\n", "a".repeat(100_000)).into_bytes(),
        ),
        (
            "a header without a colon",
            b"POST /webhook HTTP/1.1\r\nno colon here\r\n\r\n".to_vec(),
        ),
        (
            "a bad chunk size",
            format!(
                "{}transfer-encoding: chunked\r\n\r\nzz\r\n",
                head("msg_c1", BODY, "")
            )
            .into_bytes(),
        ),
        (
            "a chunk longer than it says",
            format!(
                "{}transfer-encoding: chunked\r\n\r\n2\r\n{BODY}\r\n0\r\n\r\n",
                head("msg_c2", BODY, "")
            )
            .into_bytes(),
        ),
        (
            "a body shorter than announced",
            format!(
                "{}content-length: 1000\r\n\r\n{BODY}",
                head("msg_s1", BODY, "")
            )
            .into_bytes(),
        ),
        (
            "a body over --max-body",
            format!("{}content-length: 100000\r\n\r\n", head("msg_m1", BODY, "")).into_bytes(),
        ),
        (
            "chunks over --max-body",
            format!(
                "{}transfer-encoding: chunked\r\n\r\n{}",
                head("msg_m2", BODY, ""),
                format!("8000\r\n{}\r\n", "a".repeat(0x8000)).repeat(3) + "0\r\n\r\n"
            )
            .into_bytes(),
        ),
        (
            "invalid UTF-8 in the signature",
            [
                format!(
                    "POST /webhook HTTP/1.1\r\nwebhook-id: msg_u1\r\nwebhook-timestamp: {}\r\n",
                    now()
                )
                .as_bytes(),
                b"webhook-signature: v1,\xff\xfe\r\n",
                format!("content-length: {}\r\n\r\n{BODY}", BODY.len()).as_bytes(),
            ]
            .concat(),
        ),
        (
            "two different webhook-ids",
            format!(
                "{}webhook-id: msg_other\r\ncontent-length: {}\r\n\r\n{BODY}",
                head("msg_d1", BODY, ""),
                BODY.len()
            )
            .into_bytes(),
        ),
        (
            "a signature for another body",
            format!("{}content-length: 2\r\n\r\n{{}}", head("msg_b1", BODY, "")).into_bytes(),
        ),
    ];
    // What each case is answered, in order.
    let expected = [
        400, 400, 400, 400, 431, 414, 400, 400, 400, 408, 413, 413, 401, 401, 401,
    ];
    assert_eq!(cases.len(), expected.len());
    for ((what, bytes), want) in cases.iter().zip(expected) {
        assert_eq!(exchange(addr, bytes, wait), Some(want), "{what}");
    }

    // Framing must not let extra bytes through as a verified request: the signed message of
    // the announced length is answered, what follows is not a request.
    let exact = format!(
        "{}content-length: {}\r\n\r\n{BODY}GARBAGE / HTTP/1.1\r\n\r\n",
        head("msg_x1", BODY, ""),
        BODY.len()
    );
    assert_eq!(
        exchange(addr, exact.as_bytes(), wait),
        Some(200),
        "the first request of the connection"
    );

    // Valid chunked framing and a repeated signature header (one entry valid) are accepted.
    let (first, rest) = BODY.split_at(10);
    let chunked = format!(
        "{}transfer-encoding: chunked\r\nconnection: close\r\n\r\na\r\n{first}\r\n{:x}\r\n{rest}\r\n0\r\n\r\n",
        head("msg_ok1", BODY, ""),
        rest.len()
    );
    assert_eq!(
        exchange(addr, chunked.as_bytes(), wait),
        Some(200),
        "chunked"
    );
    let repeated = format!(
        "{}webhook-signature: v1,AAAA\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{BODY}",
        head("msg_ok2", BODY, ""),
        BODY.len()
    );
    assert_eq!(
        exchange(addr, repeated.as_bytes(), wait),
        Some(200),
        "repeated signature headers"
    );

    // Thousands of connections opened and dropped, some after half a request.
    for i in 0..3000 {
        let mut s = TcpStream::connect(addr).unwrap();
        if i % 3 == 0 {
            let _ = s.write_all(b"POST /webhook HTTP/1.1\r\ncontent-le");
        }
    }
    for handle in loris {
        let held = handle.join().unwrap();
        assert!(
            held < Duration::from_secs(10),
            "a slow client was held {held:?}"
        );
    }
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, Ordering::SeqCst);
    sender.join().unwrap();
    assert!(
        good.load(Ordering::SeqCst) > 20,
        "good requests kept flowing"
    );
    assert_eq!(
        bad.load(Ordering::SeqCst),
        0,
        "every good request was answered 200"
    );

    let peak = peak_rss_kib(listener.pid());
    assert!(peak < 100 * 1024, "peak memory {peak} KiB");
    let (lines, err, code) = listener.stop();
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let summary = lines.last().unwrap();
    assert_eq!(summary["event"], "summary");
    // Everything that reached verification with a bad signature was rejected, none verified.
    let verified_ids: Vec<&str> = lines
        .iter()
        .filter(|l| l["verification"]["ok"] == true)
        .filter_map(|l| l["headers"]["webhook-id"].as_str())
        .collect();
    assert!(
        verified_ids
            .iter()
            .all(|id| id.starts_with("msg_good") || id.starts_with("msg_ok") || *id == "msg_x1"),
        "{verified_ids:?}"
    );
}
