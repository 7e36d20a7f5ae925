//! `pulse-hooks send` against real local receivers that verify with the reference crate.

use std::time::{Duration, Instant};

use crate::common::*;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// 200 when the reference crate verifies the request, else 401.
fn verifying(r: &Received, _: usize) -> u16 {
    let ok = standardwebhooks::Webhook::new(SECRET)
        .unwrap()
        .verify(&r.body, &r.headers)
        .is_ok();
    if ok { 200 } else { 401 }
}

fn send(env: &Env, to: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["send", "--secret", SECRET, "--to", to, "--backoff", "10ms"];
    args.extend(extra);
    env.run(&args)
}

#[test]
fn every_event_type_is_accepted_by_an_independent_verifier() {
    let env = Env::new();
    let server = TestServer::start_with(verifying);
    for t in [
        "job.created",
        "job.processing",
        "job.completed",
        "job.failed",
        "job.cancelled",
    ] {
        let out = send(
            &env,
            &server.url(),
            &[t, "--set", "data.pages_processed=40"],
        );
        assert_code(&out, 0);
        assert!(stdout(&out).contains("200"), "{}", stdout(&out));
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 5);
    let event: serde_json::Value = serde_json::from_slice(&requests[2].body).unwrap();
    assert_eq!(event["type"], "job.completed");
    assert_eq!(event["data"]["pages_processed"], 40);
    // A payload file's exact bytes arrive unchanged.
    let bytes = b"{ \"type\" : \"job.completed\",\n  \"odd\": \"spacing\" }\n";
    let file = env.write("p.json", bytes);
    assert_code(
        &send(&env, &server.url(), &["--payload", file.to_str().unwrap()]),
        0,
    );
    assert_eq!(server.requests()[5].body, bytes);
}

#[test]
fn retries_keep_the_id_and_refresh_the_signature() {
    let env = Env::new();
    let server = TestServer::start_with(|r, earlier| {
        if earlier < 2 {
            503
        } else {
            verifying(r, earlier)
        }
    });
    let out = send(&env, &server.url(), &["job.completed", "--json"]);
    assert_code(&out, 0);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["attempts"].as_array().unwrap().len(), 3);
    assert_eq!(report["result"]["status"], 200);
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let ids: Vec<_> = requests
        .iter()
        .map(|r| r.headers["webhook-id"].clone())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn final_statuses_are_not_retried_and_unreachable_is_exit_3() {
    let env = Env::new();
    let server = TestServer::start_with(|_, _| 400);
    let out = send(&env, &server.url(), &["job.completed"]);
    assert_code(&out, 1);
    assert_eq!(server.requests().len(), 1);
    // Nothing listens on this port.
    let free = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let out = send(
        &env,
        &format!("http://{free}/webhook"),
        &["job.completed", "--retries", "2"],
    );
    assert_code(&out, 3);
    assert!(
        stdout(&out).matches("cannot connect").count() == 3,
        "{}",
        stdout(&out)
    );
    assert!(stderr(&out).contains("hint:"), "{}", stderr(&out));
}

#[test]
fn a_receiver_that_never_answers_hits_the_timeout() {
    let env = Env::new();
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = silent.local_addr().unwrap();
    let held = std::thread::spawn(move || silent.incoming().take(1).collect::<Vec<_>>());
    let started = Instant::now();
    let out = send(
        &env,
        &format!("http://{addr}/"),
        &["job.completed", "--timeout", "1s", "--retries", "0"],
    );
    assert_code(&out, 3);
    assert!(stdout(&out).contains("timed out"), "{}", stdout(&out));
    assert!(started.elapsed() < Duration::from_secs(10));
    drop(held);
}

#[test]
fn a_docs_sample_handler_gets_the_hint_and_the_compatibility_mode_works() {
    let env = Env::new();
    // A handler written from Pulse's sample: hexdigest keyed by the secret's raw text.
    let server = TestServer::start_with(|r, _| {
        use hmac::{KeyInit, Mac};
        let h = |n: &str| r.headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or("");
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
        mac.update(format!("{}.{}.", h("webhook-id"), h("webhook-timestamp")).as_bytes());
        mac.update(&r.body);
        let hex: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let given = h("webhook-signature").split(',').nth(1).unwrap_or("");
        if given == hex { 200 } else { 401 }
    });
    let out = send(
        &env,
        &server.url(),
        &["job.completed", "-H", "x-tenant: acme"],
    );
    assert_code(&out, 1);
    assert!(stderr(&out).contains("docs sample"), "{}", stderr(&out));
    // The probe signed the docs-sample way carries the user's headers too.
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|r| r.headers["x-tenant"] == "acme"));
    let out = send(
        &env,
        &server.url(),
        &[
            "job.completed",
            "--signature-encoding",
            "hex",
            "--raw-secret",
        ],
    );
    assert_code(&out, 0);
    assert!(stderr(&out).contains("non-standard"), "{}", stderr(&out));
    // A standard handler with another secret gets the other hint.
    let other = TestServer::start_with(|_, _| 401);
    let out = send(&env, &other.url(), &["job.completed"]);
    assert_code(&out, 1);
    assert!(stderr(&out).contains("secret differs"), "{}", stderr(&out));
}

#[test]
fn dry_run_prints_a_request_that_verifies_and_usage_errors_exit_2() {
    let env = Env::new();
    let out = send(
        &env,
        "5000",
        &["job.failed", "--dry-run", "-H", "X-Test: 1"],
    );
    assert_code(&out, 0);
    let text = stdout(&out);
    assert!(
        text.starts_with("POST /webhook HTTP/1.1\r\nhost: localhost:5000\r\n"),
        "{text}"
    );
    assert!(text.contains("x-test: 1\r\n"), "{text}");
    let out = env.run_with_stdin(&["verify", "--secret", SECRET, "-"], text.as_bytes());
    assert_code(&out, 0);
    for bad in [
        vec!["job.exploded"],
        vec![],
        vec!["job.completed", "-H", "nocolon"],
        vec!["job.completed", "--timeout", "soon"],
    ] {
        let mut args = vec!["send", "--secret", SECRET, "--to", "5000"];
        args.extend(bad.iter().copied());
        let out = env.run(&args);
        assert_code(&out, 2);
        assert!(
            stderr(&out).contains("hint:") || stderr(&out).starts_with("error:"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn load_mode_sends_distinct_events_and_counts_what_the_receiver_counted() {
    let env = Env::new();
    let server = TestServer::start_with(verifying);
    let out = send(
        &env,
        &server.url(),
        &[
            "job.completed",
            "--count",
            "2000",
            "--concurrency",
            "50",
            "--json",
        ],
    );
    assert_code(&out, 0);
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2000);
    let mut ids: Vec<_> = requests
        .iter()
        .map(|r| r.headers["webhook-id"].clone())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 2000, "distinct ids");
    assert_eq!(summary["sent"], 2000);
    assert_eq!(summary["accepted"], 2000);
    assert_eq!(summary["failed"], 0);
    assert!(
        summary["latency_ms"]["p99"].as_f64().unwrap()
            >= summary["latency_ms"]["p50"].as_f64().unwrap()
    );
    // Rejections are counted by status, and the rate limit holds the pace.
    let rejecting = TestServer::start_with(|_, _| 422);
    let started = Instant::now();
    let out = send(
        &env,
        &rejecting.url(),
        &[
            "job.failed",
            "--count",
            "20",
            "--concurrency",
            "4",
            "--rate",
            "40",
        ],
    );
    assert_code(&out, 1);
    assert!(
        stdout(&out).contains("20 rejected (20 × 422)"),
        "{}",
        stdout(&out)
    );
    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "20 at 40/s take about half a second"
    );
}

#[test]
fn a_missing_event_on_a_terminal_opens_the_picker() {
    let env = Env::new();
    let server = TestServer::start_with(verifying);
    // On a pseudo-terminal, fed Down, then Enter.
    let command = format!("send --secret {SECRET} --to {}", server.url());
    let Some(mut child) = on_terminal(&env, &command) else {
        return;
    };
    let mut stdin = child.stdin.take().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    use std::io::Write;
    stdin.write_all(b"\x1b[B\r").unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let requests = server.requests();
    assert_eq!(
        requests.len(),
        1,
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let event: serde_json::Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(event["type"], "job.failed", "the item below the default");
    // Without a terminal the same command is a usage error listing the types.
    let out = send(&env, &server.url(), &[]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("job.created, job.processing"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn retry_after_is_waited_for() {
    let env = Env::new();
    let server = TestServer::start_with_headers(|r, earlier| {
        if earlier == 0 {
            (503, vec![("retry-after", "2".to_string())])
        } else {
            (verifying(r, earlier), Vec::new())
        }
    });
    let started = Instant::now();
    let out = send(&env, &server.url(), &["job.completed"]);
    assert_code(&out, 0);
    assert_eq!(server.requests().len(), 2);
    // --backoff is 10 ms here: only Retry-After explains the wait.
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}
