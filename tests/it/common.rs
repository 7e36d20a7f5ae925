//! Helpers: the real binary with a clean environment, and a real HTTP server on loopback.

use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;

pub const BIN: &str = env!("CARGO_BIN_EXE_pulse-hooks");

/// A home and config folder of its own, removed at the end of the test.
pub struct Env {
    pub home: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Self {
        Self {
            home: tempfile::tempdir().unwrap(),
        }
    }

    pub fn config_dir(&self) -> PathBuf {
        self.home.path().join("config")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.home.path().join(name)
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// The binary with no inherited configuration: blank HOME and config folder, no colour
    /// variables, no PULSE_* variables.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home.path())
            .env("PULSE_HOOKS_CONFIG_DIR", self.config_dir())
            .current_dir(self.home.path())
            .stdin(Stdio::null());
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().unwrap()
    }

    pub fn run_with_stdin(&self, args: &[&str], stdin: &[u8]) -> Output {
        run_with_stdin(self.cmd().args(args), stdin)
    }
}

/// The binary on a pseudo-terminal (util-linux `script`), with `args` and the clean environment
/// of `env`; the test feeds keys to its stdin. `None` when `script` is not installed.
pub fn on_terminal(env: &Env, args: &str) -> Option<std::process::Child> {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("`script` (util-linux) is not installed: no pseudo-terminal to test with");
        return None;
    }
    let child = Command::new("script")
        .args(["-qec", &format!("{BIN} {args}"), "/dev/null"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.home.path())
        .env("PULSE_HOOKS_CONFIG_DIR", env.config_dir())
        .env("TERM", "xterm")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    Some(child)
}

pub fn run_with_stdin(cmd: &mut Command, stdin: &[u8]) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// Asserts an exit code, showing both streams when it differs.
#[track_caller]
pub fn assert_code(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Polls `done` until it holds; fails the test after a minute.
pub fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// A request as the server received it.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub headers: http::HeaderMap,
    pub body: Vec<u8>,
}

/// What a [`TestServer`] answers.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
    pub delay: Duration,
}

impl Reply {
    /// A JSON answer.
    pub fn json(status: u16, body: &str) -> Self {
        Self {
            status,
            headers: vec![("content-type", "application/json".to_string())],
            body: body.as_bytes().to_vec(),
            delay: Duration::ZERO,
        }
    }

    pub fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_string()));
        self
    }

    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

/// A TCP server on loopback that reads a little of each connection and closes it without an
/// answer; returns its address and the count of connections.
pub fn closing_server() -> (SocketAddr, Arc<std::sync::atomic::AtomicUsize>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let count: Arc<std::sync::atomic::AtomicUsize> = Arc::default();
    let seen = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut buf = [0u8; 1024];
            let _ = std::io::Read::read(&mut stream, &mut buf);
            drop(stream);
        }
    });
    (addr, count)
}

/// A real hyper HTTP/1.1 server on 127.0.0.1, port 0, that records every request and answers 200.
pub struct TestServer {
    pub addr: SocketAddr,
    pub received: Arc<Mutex<Vec<Received>>>,
}

impl TestServer {
    pub fn start() -> Self {
        Self::start_with(|_, _| 200)
    }

    /// A server whose status for each request is `respond(request, earlier)`, where `earlier`
    /// counts the requests already received with the same `webhook-id`.
    pub fn start_with(respond: impl Fn(&Received, usize) -> u16 + Send + Sync + 'static) -> Self {
        Self::start_with_headers(move |r, earlier| (respond(r, earlier), Vec::new()))
    }

    /// Like [`TestServer::start_with`], with response headers too.
    pub fn start_with_headers(
        respond: impl Fn(&Received, usize) -> (u16, Vec<(&'static str, String)>) + Send + Sync + 'static,
    ) -> Self {
        Self::start_replying(move |r, earlier| {
            let (status, headers) = respond(r, earlier);
            Reply {
                status,
                headers,
                body: b"ok".to_vec(),
                delay: Duration::ZERO,
            }
        })
    }

    /// The most general form: status, headers, body and a delay before answering.
    pub fn start_replying(
        respond: impl Fn(&Received, usize) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let respond = Arc::new(respond);
        let received: Arc<Mutex<Vec<Received>>> = Arc::default();
        let log = received.clone();
        // How many requests came earlier with each webhook-id.
        let seen: Arc<Mutex<HashMap<Vec<u8>, usize>>> = Arc::default();
        let (ready, addr) = std::sync::mpsc::channel();
        // The server lives on a thread of its own until the test process ends.
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                ready.send(listener.local_addr().unwrap()).unwrap();
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        return;
                    };
                    let log = log.clone();
                    let respond = respond.clone();
                    let seen = seen.clone();
                    tokio::spawn(async move {
                        let service = service_fn(move |req: Request<Incoming>| {
                            let (log, respond, seen) = (log.clone(), respond.clone(), seen.clone());
                            async move {
                                let (parts, body) = req.into_parts();
                                let body = body.collect().await?.to_bytes().to_vec();
                                let request = Received {
                                    method: parts.method.to_string(),
                                    path: parts.uri.path().to_string(),
                                    headers: parts.headers,
                                    body,
                                };
                                let earlier = match request.headers.get("webhook-id") {
                                    Some(id) => {
                                        let mut seen = seen.lock().unwrap();
                                        let count = seen.entry(id.as_bytes().to_vec()).or_default();
                                        *count += 1;
                                        *count - 1
                                    }
                                    None => 0,
                                };
                                log.lock().unwrap().push(request.clone());
                                let reply = respond(&request, earlier);
                                tokio::time::sleep(reply.delay).await;
                                let mut response =
                                    Response::new(Full::new(Bytes::from(reply.body)));
                                *response.status_mut() =
                                    hyper::StatusCode::from_u16(reply.status).unwrap();
                                for (name, value) in reply.headers {
                                    response.headers_mut().insert(name, value.parse().unwrap());
                                }
                                Ok::<_, hyper::Error>(response)
                            }
                        });
                        let _ = http1::Builder::new()
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
            });
        });
        Self {
            addr: addr.recv().unwrap(),
            received,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

/// Parses `name: value` lines (the `sign --format headers` output) into a header map.
pub fn header_map(text: &str) -> http::HeaderMap {
    let mut map = http::HeaderMap::new();
    for line in text.lines().filter(|l| !l.is_empty()) {
        let (name, value) = line.split_once(": ").unwrap();
        map.append(
            http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            http::HeaderValue::from_str(value).unwrap(),
        );
    }
    map
}

pub fn headers_of(map: &HashMap<String, String>) -> http::HeaderMap {
    let text: String = map.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
    header_map(&text)
}

pub fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}
