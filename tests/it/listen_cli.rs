//! `pulse-hooks listen` over real loopback HTTP: a std TCP client, curl, and raw garbage.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::*;

pub(crate) const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const BODY: &str = r#"{"type":"job.completed","timestamp":"2026-12-04T10:30:00Z","data":{"job_id":"123e4567-e89b-12d3-a456-426614174000","status":"completed","pages_processed":25,"processing_time":12.5}}"#;

/// A running `listen --json --port 0`, stopped (SIGTERM) when dropped. Both of its streams are
/// read from the start, so that a full pipe never stalls it.
pub(crate) struct Listener {
    child: Child,
    stdout: Option<std::thread::JoinHandle<String>>,
    stderr: Option<std::thread::JoinHandle<String>>,
    pub(crate) addr: SocketAddr,
}

fn read_all(mut stream: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = String::new();
        stream.read_to_string(&mut text).unwrap();
        text
    })
}

impl Listener {
    pub(crate) fn start(env: &Env, extra: &[&str]) -> Self {
        let mut cmd = env.cmd();
        cmd.args(["listen", "--secret", SECRET]).args(extra);
        Self::spawn(cmd)
    }

    /// `listen --port 0 --json` with `cmd`'s arguments and environment.
    pub(crate) fn spawn(mut cmd: std::process::Command) -> Self {
        let mut child = cmd
            .args(["--port", "0", "--json"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut ready = String::new();
        stdout.read_line(&mut ready).unwrap();
        let ready: Value =
            serde_json::from_str(&ready).unwrap_or_else(|e| panic!("{e}: {ready:?}"));
        assert_eq!(ready["event"], "ready");
        let port = ready["port"].as_u64().unwrap() as u16;
        let stderr = read_all(child.stderr.take().unwrap());
        Self {
            child,
            stdout: Some(read_all(stdout)),
            stderr: Some(stderr),
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
        }
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGTERM, then everything it printed: capture lines and the summary, and stderr.
    pub(crate) fn stop(mut self) -> (Vec<Value>, String, Option<i32>) {
        signal(&self.child, "TERM");
        let rest = self.stdout.take().unwrap().join().unwrap();
        let err = self.stderr.take().unwrap().join().unwrap();
        let status = self.child.wait().unwrap();
        let lines = rest
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        (lines, err, status.code())
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn signal(child: &Child, name: &str) {
    std::process::Command::new("kill")
        .args([format!("-{name}"), child.id().to_string()])
        .status()
        .unwrap();
}

/// A request over a real TCP connection: `(status, body)`.
pub(crate) fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Headers signed by the independent implementation.
pub(crate) fn signed(id: &str, ts: i64, body: &str) -> Vec<(&'static str, String)> {
    let sig = standardwebhooks::Webhook::new(SECRET)
        .unwrap()
        .sign(id, ts, body.as_bytes())
        .unwrap();
    vec![
        ("webhook-id", id.to_string()),
        ("webhook-timestamp", ts.to_string()),
        ("webhook-signature", sig),
        ("content-type", "application/json".to_string()),
    ]
}

fn post(addr: SocketAddr, headers: &[(&str, String)], body: &str) -> (u16, String) {
    request(addr, "POST", "/webhook", headers, body.as_bytes())
}

#[test]
fn answers_every_case_with_the_contract_code_and_reason() {
    let env = Env::new();
    let listener = Listener::start(&env, &["--max-body", "4k"]);
    let addr = listener.addr;
    let ts = now();
    let ok = post(addr, &signed("msg_good", ts, BODY), BODY);
    assert_eq!(ok.0, 200, "{ok:?}");
    let mut svix = signed("msg_svix", ts, BODY);
    for (name, _) in svix.iter_mut().take(3) {
        *name = match *name {
            "webhook-id" => "Svix-Id",
            "webhook-timestamp" => "SVIX-TIMESTAMP",
            _ => "svix-signature",
        };
    }
    assert_eq!(post(addr, &svix, BODY).0, 200);
    type Case<'a> = (&'a str, Vec<(&'a str, String)>, String, u16, &'a str);
    let cases: Vec<Case> = vec![
        (
            "tampered",
            signed("msg_t", ts, BODY),
            BODY.replace("25", "26"),
            401,
            "no signature matched",
        ),
        (
            "stale",
            signed("msg_s", ts - 3600, BODY),
            BODY.into(),
            401,
            "too old",
        ),
        (
            "future",
            signed("msg_f", ts + 3600, BODY),
            BODY.into(),
            401,
            "too new",
        ),
        (
            "unsigned",
            vec![],
            BODY.into(),
            401,
            "missing required headers",
        ),
        (
            "v1, only",
            {
                let mut h = signed("msg_e", ts, BODY);
                h[2].1 = "v1,".into();
                h
            },
            BODY.into(),
            401,
            "CVE-2024-21491",
        ),
        (
            "wrong secret",
            {
                let sig = standardwebhooks::Webhook::new("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD")
                    .unwrap()
                    .sign("msg_w", ts, BODY.as_bytes())
                    .unwrap();
                let mut h = signed("msg_w", ts, BODY);
                h[2].1 = sig;
                h
            },
            BODY.into(),
            401,
            "probably not the one that signed",
        ),
        (
            "not JSON",
            signed("msg_n", ts, "hello"),
            "hello".into(),
            400,
            "not JSON",
        ),
        (
            "oversized",
            signed("msg_o", ts, &"x".repeat(5000)),
            "x".repeat(5000),
            413,
            "max-body",
        ),
    ];
    for (name, headers, body, code, reason) in &cases {
        let (status, text) = post(addr, headers, body);
        assert_eq!(status, *code, "{name}: {text}");
        assert!(text.contains(reason), "{name}: {text}");
    }
    assert_eq!(
        request(
            addr,
            "POST",
            "/elsewhere",
            &signed("msg_p", ts, BODY),
            BODY.as_bytes()
        )
        .0,
        404
    );
    assert_eq!(request(addr, "GET", "/webhook", &[], b"").0, 405);
    let (lines, err, code) = listener.stop();
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("stopped:") && err.contains("2 verified"),
        "{err}"
    );
    let summary = lines.last().unwrap();
    assert_eq!(summary["event"], "summary");
    assert_eq!(summary["received"], 12);
    // Every request is one capture line, with its verification result and parsed payload.
    let captures = &lines[..lines.len() - 1];
    assert_eq!(captures.len(), 12);
    assert_eq!(captures[0]["verification"]["ok"], true);
    assert_eq!(captures[0]["payload"]["type"], "job.completed");
    assert_eq!(captures[2]["verification"]["ok"], false);
}

#[test]
fn sign_piped_into_curl_is_accepted_and_json_output_round_trips_through_verify() {
    let env = Env::new();
    let listener = Listener::start(&env, &[]);
    let url = format!("http://{}/webhook", listener.addr);
    let payload = env.write("p.json", BODY);
    for _ in 0..3 {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "\"$BIN\" sign {} --secret {SECRET} | curl -sS -f -H @- --data-binary @{} {url}",
                payload.display(),
                payload.display()
            ))
            .env("BIN", BIN)
            .output()
            .unwrap();
        assert_code(&out, 0);
    }
    let (lines, _, code) = listener.stop();
    assert_eq!(code, Some(0));
    let captures: String = lines
        .iter()
        .filter(|l| l.get("headers").is_some())
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(captures.lines().count(), 3);
    std::fs::write(env.path("seen.ndjson"), captures).unwrap();
    let out = env.run(&["verify", "--secret", SECRET, "seen.ndjson"]);
    assert_code(&out, 0);
    assert!(stdout(&out).contains("3 passed"));
}

#[test]
fn concurrent_requests_are_all_saved_and_every_file_verifies() {
    let env = Env::new();
    let dir = env.path("captures");
    let listener = Listener::start(&env, &["--save", dir.to_str().unwrap()]);
    let addr = listener.addr;
    let ts = now();
    let threads: Vec<_> = (0..20)
        .map(|t| {
            std::thread::spawn(move || {
                for i in 0..50 {
                    let id = format!("msg_{t}_{i}");
                    let (status, body) = post(addr, &signed(&id, ts, BODY), BODY);
                    assert_eq!(status, 200, "{body}");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let (_, err, code) = listener.stop();
    assert_eq!(code, Some(0), "{err}");
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1000);
    use std::os::unix::fs::PermissionsExt;
    assert!(
        files
            .iter()
            .all(|f| std::fs::metadata(f).unwrap().permissions().mode() & 0o777 == 0o600)
    );
    let out = env.run(&[
        "verify",
        "--secret",
        SECRET,
        "--quiet",
        dir.to_str().unwrap(),
    ]);
    assert_code(&out, 0);
    assert!(stdout(&out).contains("1000 passed"), "{}", stdout(&out));
}

#[test]
fn duplicates_are_accepted_and_marked() {
    let env = Env::new();
    let listener = Listener::start(&env, &[]);
    let headers = signed("msg_twice", now(), BODY);
    assert_eq!(post(listener.addr, &headers, BODY).0, 200);
    assert_eq!(post(listener.addr, &headers, BODY).0, 200);
    let (lines, err, _) = listener.stop();
    assert_eq!(lines[1]["duplicate"], true);
    assert!(lines[0].get("duplicate").is_none());
    assert!(err.contains("1 duplicates"), "{err}");
}

#[test]
fn garbage_over_tcp_never_stops_it() {
    let env = Env::new();
    let listener = Listener::start(&env, &["--read-timeout", "2s"]);
    let addr = listener.addr;
    let good = || post(addr, &signed("msg_ok", now(), BODY), BODY).0;
    // A client that sends a byte a second, held open in the background.
    let slow = std::thread::spawn(move || {
        let mut s = TcpStream::connect(addr).unwrap();
        for b in b"POST /webhook HTTP/1.1\r\n".iter().take(6) {
            if s.write_all(&[*b]).is_err() {
                return true;
            }
            std::thread::sleep(Duration::from_secs(1));
        }
        // The server gave up on it: the read sees the connection closed.
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut buf = [0u8; 256];
        matches!(s.read(&mut buf), Ok(_) | Err(_))
    });
    let garbage: Vec<Vec<u8>> = vec![
        b"\x00\x01\x02 not http at all\r\n\r\n".to_vec(),
        b"POST /webhook HTTP/9.9\r\n\r\n".to_vec(),
        format!(
            "POST /webhook HTTP/1.1\r\nx-big: {}\r\n\r\n",
            "a".repeat(100_000)
        )
        .into_bytes(),
        b"POST /webhook HTTP/1.1\r\ncontent-length: 100\r\n\r\nonly some".to_vec(),
        b"POST /webhook HTTP/1.1\r\ncontent-length: 2\r\n\r\n{}extra bytes that are not a request"
            .to_vec(),
        b"POST /webhook HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n".to_vec(),
        b"POST /webhook HTTP/1.1\r\nwebhook-id: \xff\xfe\r\ncontent-length: 2\r\n\r\n{}".to_vec(),
    ];
    for bytes in &garbage {
        let mut s = TcpStream::connect(addr).unwrap();
        let _ = s.write_all(bytes);
        // Vanish without reading the answer.
        drop(s);
        assert_eq!(good(), 200);
    }
    // Many connections opened and dropped at once.
    for _ in 0..300 {
        let _ = TcpStream::connect(addr).unwrap();
    }
    assert_eq!(good(), 200);
    let started = Instant::now();
    assert!(slow.join().unwrap());
    assert!(started.elapsed() < Duration::from_secs(15));
    assert_eq!(good(), 200);
    let (_, err, code) = listener.stop();
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn answers_the_endpoint_challenge() {
    let env = Env::new();
    let listener = Listener::start(&env, &[]);
    let (status, body) = post(listener.addr, &[("webhook-challenge", "abc123".into())], "");
    assert_eq!(status, 200);
    let expected = pulse_hooks::signing::challenge_response(
        &pulse_hooks::signing::Secret::parse(SECRET).unwrap(),
        b"abc123",
    );
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body, json!({"ok": true, "challenge": expected}));
}

#[test]
fn human_output_shows_the_event_and_the_development_secret() {
    let env = Env::new();
    let mut child = env
        .cmd()
        .args(["listen", "--port", "0", "--body"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    let url = first.split_whitespace().last().unwrap().to_string();
    let mut banner = first.clone();
    for _ in 0..4 {
        stderr.read_line(&mut banner).unwrap();
    }
    let secret = std::fs::read_to_string(env.config_dir().join("dev-secret")).unwrap();
    assert!(
        banner.contains(secret.trim()),
        "the banner shows the development secret: {banner}"
    );
    let payload = env.write("p.json", BODY);
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "\"$BIN\" sign {} | curl -sS -f -H @- --data-binary @{} {url}",
            payload.display(),
            payload.display()
        ))
        .env("BIN", BIN)
        .env("PULSE_HOOKS_CONFIG_DIR", env.config_dir())
        .output()
        .unwrap();
    assert_code(&out, 0);
    signal(&child, "INT");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("✓ job.completed"), "{text}");
    assert!(
        text.contains("job 123e4567-e89b-12d3-a456-426614174000"),
        "{text}"
    );
    assert!(
        text.contains("25 pages") && text.contains("→ 200"),
        "{text}"
    );
    assert!(
        text.contains("\"pages_processed\": 25"),
        "--body prints the JSON: {text}"
    );
}

#[test]
fn forwards_every_verified_event_exactly_once_despite_failures() {
    let env = Env::new();
    // The handler fails the first two attempts of every message with 503.
    let target = TestServer::start_with(|_, earlier| if earlier < 2 { 503 } else { 200 });
    let url = format!("{}hooks/pulse", target.url());
    let listener = Listener::start(&env, &["--forward-to", &url]);
    let ts = now();
    let mut sent = Vec::new();
    for i in 0..5 {
        let id = format!("msg_fwd{i}");
        let body = BODY.replace("25", &format!("{}", 30 + i));
        let headers = signed(&id, ts, &body);
        assert_eq!(post(listener.addr, &headers, &body).0, 200);
        sent.push((id, body));
    }
    // Rejected requests are not forwarded.
    assert_eq!(
        post(listener.addr, &signed("msg_bad", ts, BODY), "{}").0,
        401
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while target
        .requests()
        .iter()
        .filter(|r| r.headers.get("webhook-id").is_some())
        .count()
        < 15
        && Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(50));
    }
    let (_, err, code) = listener.stop();
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains("5 forwarded") && err.contains("0 not delivered"),
        "{err}"
    );
    let received = target.requests();
    for (id, body) in &sent {
        let attempts: Vec<_> = received
            .iter()
            .filter(|r| r.headers.get("webhook-id").map(|v| v.to_str().unwrap()) == Some(id))
            .collect();
        assert_eq!(attempts.len(), 3, "{id}: two failures then one delivery");
        let last = attempts[2];
        assert_eq!(last.path, "/hooks/pulse");
        assert_eq!(last.body, body.as_bytes(), "the exact bytes");
        // The original signature headers arrive, and still verify independently.
        standardwebhooks::Webhook::new(SECRET)
            .unwrap()
            .verify(&last.body, &last.headers)
            .unwrap();
        assert_eq!(
            last.headers["host"],
            target.addr.to_string(),
            "Host is the target's"
        );
    }
    assert!(
        received
            .iter()
            .all(|r| r.headers.get("webhook-id").map(|v| v.to_str().unwrap()) != Some("msg_bad"))
    );
}

#[test]
fn a_target_that_never_answers_does_not_slow_the_listener() {
    let env = Env::new();
    // Accepts connections and never answers.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_addr = silent.local_addr().unwrap();
    let held = std::thread::spawn(move || {
        let mut open = Vec::new();
        for stream in silent.incoming().take(40) {
            open.push(stream);
        }
    });
    let listener = Listener::start(
        &env,
        &[
            "--forward-to",
            &format!("http://{silent_addr}/"),
            "--drain",
            "1s",
        ],
    );
    let started = Instant::now();
    for i in 0..40 {
        let id = format!("msg_slow{i}");
        assert_eq!(post(listener.addr, &signed(&id, now(), BODY), BODY).0, 200);
    }
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "answers did not wait for forwards"
    );
    let (_, err, code) = listener.stop();
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("40 not delivered"), "{err}");
    drop(held);
}

#[test]
fn replayed_captures_from_listen_save_are_accepted_again() {
    let env = Env::new();
    let dir = env.path("saved");
    let listener = Listener::start(&env, &["--save", dir.to_str().unwrap()]);
    let url = format!("http://{}/webhook", listener.addr);
    for t in ["job.created", "job.completed", "job.failed"] {
        let out = env.run(&["send", t, "--secret", SECRET, "--to", &url]);
        assert_code(&out, 0);
    }
    // The listener saves the replays too: replay a copy of the first three.
    let orig = env.path("orig");
    std::fs::create_dir_all(&orig).unwrap();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, orig.join(path.file_name().unwrap())).unwrap();
    }
    let dir = orig;
    // Re-signed with a fresh timestamp (same id and body), then as they were.
    let out = env.run(&[
        "replay",
        dir.to_str().unwrap(),
        "--secret",
        SECRET,
        "--to",
        &url,
    ]);
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("replayed: 3 accepted"),
        "{}",
        stderr(&out)
    );
    let out = env.run(&[
        "replay",
        dir.to_str().unwrap(),
        "--as-is",
        "--to",
        &url,
        "--json",
    ]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out).lines().count(), 3);
    // With another secret, the re-signed replay is rejected.
    let out = env.run(&[
        "replay",
        dir.to_str().unwrap(),
        "--secret",
        "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
        "--to",
        &url,
    ]);
    assert_code(&out, 1);
    let (lines, err, code) = listener.stop();
    assert_eq!(code, Some(0), "{err}");
    let captures: Vec<_> = lines
        .iter()
        .filter(|l| l.get("headers").is_some())
        .collect();
    assert_eq!(captures.len(), 12);
    assert_eq!(
        captures.iter().filter(|c| c["duplicate"] == true).count(),
        6,
        "the accepted replays carry the same ids"
    );
    // An unreadable capture is a failure of that capture; nothing to replay is a usage error.
    let out = env.run(&["replay", "nothing-here", "--to", &url]);
    assert_code(&out, 1);
    std::fs::create_dir_all(env.path("empty")).unwrap();
    assert_code(
        &env.run(&["replay", env.path("empty").to_str().unwrap(), "--to", &url]),
        2,
    );
}

#[test]
fn fetch_results_prints_the_job_under_the_event_and_never_blocks() {
    let env = Env::new();
    let api = TestServer::start_replying(|r, _| match r.path.as_str() {
        "/job/123e4567-e89b-12d3-a456-426614174000" => Reply::json(
            200,
            r#"{"job_id":"123e4567-e89b-12d3-a456-426614174000","status":"completed","created_at":"2026-12-04T10:30:00Z","result":{"markdown":"Invoice 1","page_count":25}}"#,
        ),
        // A slow, failing API: the listener still answers at once.
        _ => Reply::json(
            401,
            r#"{"error":{"code":"AUTH_002","message":"Invalid API key"}}"#,
        )
        .after(Duration::from_millis(1500)),
    });
    let listener = Listener::start(
        &env,
        &[
            "--fetch-results",
            "--api-key",
            "sk_test_listen_0123456789",
            "--api-url",
            &api.url(),
        ],
    );
    let ts = now();
    let (status, _) = request(
        listener.addr,
        "POST",
        "/webhook",
        &signed("msg_1", ts, BODY),
        BODY.as_bytes(),
    );
    assert_eq!(status, 200);
    let other = BODY.replace("123e4567-e89b-12d3-a456-426614174000", "job-2");
    let started = Instant::now();
    let (status, _) = request(
        listener.addr,
        "POST",
        "/webhook",
        &signed("msg_2", ts, &other),
        other.as_bytes(),
    );
    assert_eq!(status, 200);
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "the answer did not wait for the API"
    );
    // Not a job.completed: nothing fetched.
    let failed = BODY.replace("job.completed", "job.failed");
    request(
        listener.addr,
        "POST",
        "/webhook",
        &signed("msg_3", ts, &failed),
        failed.as_bytes(),
    );
    wait_until("both fetches", || api.requests().len() >= 2);
    std::thread::sleep(Duration::from_millis(2000));
    let (lines, err, code) = listener.stop();
    assert_eq!(code, Some(0));
    assert_eq!(
        lines.len(),
        4,
        "three captures and the summary on stdout: {lines:?}"
    );
    assert!(
        err.contains("↳ job 123e4567-e89b-12d3-a456-426614174000 completed  result: markdown (9 chars), page_count (25)"),
        "{err}"
    );
    assert!(
        err.contains("↳ job job-2 not fetched: cannot get job job-2: the Pulse API answered 401"),
        "{err}"
    );
    assert!(!err.contains("sk_test_listen_0123456789"));
    let requests = api.requests();
    assert_eq!(requests.len(), 2);
    assert!(
        requests
            .iter()
            .all(|r| r.method == "GET" && r.headers["x-api-key"] == "sk_test_listen_0123456789")
    );
}

#[test]
fn fetch_results_in_human_output_follow_the_event() {
    let env = Env::new();
    let api = TestServer::start_replying(|_, _| {
        Reply::json(
            200,
            r#"{"job_id":"123e4567-e89b-12d3-a456-426614174000","status":"completed","result":{"is_url":true,"url":"https://api.runpulse.com/large_results/123"}}"#,
        )
    });
    let mut child = env
        .cmd()
        .args([
            "listen",
            "--port",
            "0",
            "--secret",
            SECRET,
            "--fetch-results",
        ])
        .args([
            "--api-key",
            "sk_test_human_0123456789",
            "--api-url",
            &api.url(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    let url = first.split_whitespace().last().unwrap().to_string();
    let addr: SocketAddr = url
        .trim_start_matches("http://")
        .trim_end_matches("/webhook")
        .parse()
        .unwrap();
    assert_eq!(post(addr, &signed("msg_h1", now(), BODY), BODY).0, 200);
    wait_until("the fetch", || !api.requests().is_empty());
    std::thread::sleep(Duration::from_millis(500));
    signal(&child, "TERM");
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let event = lines
        .iter()
        .position(|l| l.contains("✓ job.completed"))
        .expect(&text);
    assert!(
        lines[event + 1..].iter().any(|l| l.contains("↳ job 123e4567-e89b-12d3-a456-426614174000 completed  result: large result, a single-use link")),
        "{text}"
    );
}

#[test]
fn fetch_results_without_a_key_stops_before_listening() {
    let env = Env::new();
    let out = env.run(&["listen", "--port", "0", "--fetch-results"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("no Pulse API key"),
        "{}",
        stderr(&out)
    );
}
