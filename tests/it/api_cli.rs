//! `portal`, `jobs`, `config` and API credentials, against a real local HTTP server that speaks
//! the Pulse API's documented answers. Nothing here reaches the internet.

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::*;

const KEY: &str = "sk_test_4f9a2c7e1b3d5f60aa81";
const JOB: &str = "123e4567-e89b-12d3-a456-426614174000";
const LINK: &str = "https://app.svix.com/app-portal/login/app_2abc?token=xyz";

fn completed_job() -> String {
    format!(
        r#"{{"job_id": "{JOB}",  "status": "completed", "created_at": "2024-01-15T10:30:00Z",
  "updated_at": "2024-01-15T10:30:12Z", "result": {{"markdown": "{}", "chunks": [1, 2, 3]}}}}"#,
        "a".repeat(1234)
    )
}

/// A server that answers one route as the Pulse API would, and 404 with `{"detail"}` elsewhere.
fn api_server(
    method: &'static str,
    path: String,
    reply: impl Fn(usize) -> Reply + Send + Sync + 'static,
) -> TestServer {
    let calls = std::sync::atomic::AtomicUsize::new(0);
    TestServer::start_replying(move |r, _| {
        if r.method == method && r.path == path {
            reply(calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst))
        } else {
            Reply::json(404, r#"{"detail":"Not Found"}"#)
        }
    })
}

/// Runs the binary with the key by flag and the server as the API URL.
fn run_api(env: &Env, server: &TestServer, args: &[&str]) -> std::process::Output {
    env.cmd()
        .args(args)
        .args(["--api-key", KEY, "--api-url", &server.url()])
        .output()
        .unwrap()
}

/// The request carried the key in its header, and nowhere else; the output never shows it.
#[track_caller]
fn assert_key_kept(server: &TestServer, out: &std::process::Output) {
    for r in server.requests() {
        assert_eq!(r.headers["x-api-key"], KEY);
        assert!(!r.path.contains(KEY));
        let agent = r.headers["user-agent"].to_str().unwrap();
        assert!(agent.starts_with("pulse-hooks/"), "{agent}");
    }
    assert!(!stdout(out).contains(KEY) && !stderr(out).contains(KEY));
}

#[test]
fn portal_prints_the_link() {
    let env = Env::new();
    let server = api_server("POST", "/webhook".into(), |_| {
        Reply::json(200, &format!(r#"{{"link": "{LINK}"}}"#))
    });
    let out = run_api(&env, &server, &["portal"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), format!("{LINK}\n"));
    assert_key_kept(&server, &out);
    assert_eq!(server.requests().len(), 1);
    assert!(server.requests()[0].body.is_empty());

    let out = run_api(&env, &server, &["portal", "--json"]);
    assert_code(&out, 0);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json, serde_json::json!({ "link": LINK }));
}

#[test]
fn portal_open_hands_the_link_to_the_browser() {
    let env = Env::new();
    let server = api_server("POST", "/webhook".into(), |_| {
        Reply::json(200, &format!(r#"{{"link": "{LINK}"}}"#))
    });
    // A stand-in for xdg-open that records what it was asked to open.
    let bin = env.path("bin");
    std::fs::create_dir(&bin).unwrap();
    let opened = env.path("opened");
    let script = bin.join("xdg-open");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:/usr/bin:/bin", bin.display());
    let out = env
        .cmd()
        .env("PATH", path)
        .args([
            "portal",
            "--open",
            "--api-key",
            KEY,
            "--api-url",
            &server.url(),
        ])
        .output()
        .unwrap();
    assert_code(&out, 0);
    assert_eq!(std::fs::read_to_string(&opened).unwrap(), LINK);
}

#[test]
fn a_link_that_is_not_a_web_link_is_refused() {
    let env = Env::new();
    let server = api_server("POST", "/webhook".into(), |_| {
        Reply::json(200, r#"{"link": "file:///etc/passwd"}"#)
    });
    let out = run_api(&env, &server, &["portal", "--open"]);
    assert_code(&out, 3);
    assert!(stderr(&out).contains("not a web link"), "{}", stderr(&out));
}

#[test]
fn no_key_is_a_usage_error_with_a_hint() {
    let env = Env::new();
    let out = env.run(&["portal", "--api-url", "http://127.0.0.1:9"]);
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(err.starts_with("error: no Pulse API key"), "{err}");
    assert!(
        err.contains("config init") && err.contains("PULSE_API_KEY"),
        "{err}"
    );
}

#[test]
fn a_rejected_key_names_its_source_and_never_shows_it() {
    let env = Env::new();
    let server = TestServer::start_replying(|_, _| {
        Reply::json(
            401,
            &format!(
                r#"{{"error": {{"code": "AUTH_002", "message": "Invalid API key {KEY}", "details": {{}}}}}}"#
            ),
        )
    });
    let out = env
        .cmd()
        .env("PULSE_API_KEY", KEY)
        .args(["jobs", "get", JOB, "--api-url", &server.url()])
        .output()
        .unwrap();
    assert_code(&out, 3);
    let err = stderr(&out);
    assert!(
        err.contains("401 Unauthorized: AUTH_002: Invalid API key …aa81"),
        "{err}"
    );
    assert!(
        err.contains("hint: the API key …aa81 from PULSE_API_KEY was rejected"),
        "{err}"
    );
    assert!(!err.contains(KEY));
    assert_eq!(server.requests().len(), 1, "401 is not retried");

    let out = run_api(&env, &server, &["portal"]);
    assert!(
        stderr(&out).contains("from --api-key was rejected"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn jobs_get_shows_status_times_and_a_result_summary() {
    let env = Env::new();
    let server = api_server("GET", format!("/job/{JOB}"), |_| {
        Reply::json(200, &completed_job())
    });
    let out = run_api(&env, &server, &["jobs", "get", JOB]);
    assert_code(&out, 0);
    let text = stdout(&out);
    assert!(text.contains(&format!("job       {JOB}")), "{text}");
    assert!(text.contains("status    completed"), "{text}");
    assert!(text.contains("created   2024-01-15T10:30:00Z ("), "{text}");
    assert!(text.contains("updated   2024-01-15T10:30:12Z"), "{text}");
    assert!(
        text.contains("result    markdown (1,234 chars), chunks (3 items)"),
        "{text}"
    );
    assert_key_kept(&server, &out);

    // --json: the API's body byte for byte (its odd spacing included).
    let out = run_api(&env, &server, &["jobs", "get", JOB, "--json"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), format!("{}\n", completed_job()));
}

#[test]
fn large_results_unknown_statuses_and_errors_are_shown() {
    let env = Env::new();
    let server = TestServer::start_replying(|r, _| match r.path.as_str() {
        "/job/big" => Reply::json(
            200,
            r#"{"job_id":"big","status":"completed","created_at":"2024-01-15T10:30:00Z","result":{"is_url":true,"url":"https://api.runpulse.com/large_results/big"}}"#,
        ),
        "/job/odd" => Reply::json(
            200,
            r#"{"job_id":"odd","status":"archived","created_at":"x"}"#,
        ),
        "/job/bad" => Reply::json(
            200,
            r#"{"job_id":"bad","status":"failed","created_at":"2024-01-15T10:30:00Z","error":"Document processing failed: Invalid PDF structure"}"#,
        ),
        _ => Reply::json(404, "{}"),
    });
    let out = run_api(&env, &server, &["jobs", "get", "big"]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("large result, a single-use link"),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("/large_results/big"));
    let out = run_api(&env, &server, &["jobs", "get", "odd"]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("status    archived"),
        "{}",
        stdout(&out)
    );
    let out = run_api(&env, &server, &["jobs", "get", "bad"]);
    assert!(
        stdout(&out).contains("error     Document processing failed"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn every_error_shape_becomes_one_line() {
    let env = Env::new();
    let server = TestServer::start_replying(|r, _| match r.path.as_str() {
        "/job/a" => Reply::json(404, r#"{"detail": "Job not found"}"#),
        "/job/b" => Reply::json(400, r#"{"error": "Invalid job id"}"#),
        "/job/c" => Reply::json(
            402,
            r#"{"error": {"code": "BILLING_001", "message": "Out of credits"}}"#,
        ),
        "/job/d" => Reply::json(422, r#"{"detail": [{"loc": ["path"], "msg": "bad id"}]}"#),
        _ => Reply::json(418, "<html>teapot</html>"),
    });
    for (id, line, hint) in [
        ("a", "404 Not Found: Job not found", "check the id"),
        (
            "b",
            "400 Bad Request: Invalid job id",
            "refused the request",
        ),
        (
            "c",
            "402 Payment Required: BILLING_001: Out of credits",
            "billing",
        ),
        (
            "d",
            "422 Unprocessable Entity: bad id",
            "refused the request",
        ),
        ("e", "418 I'm a teapot\n", ""),
    ] {
        let out = run_api(&env, &server, &["jobs", "get", id, "--retries", "0"]);
        assert_code(&out, 3);
        let err = stderr(&out);
        assert!(
            err.starts_with(&format!(
                "error: cannot get job {id}: the Pulse API answered {line}"
            )),
            "{err}"
        );
        assert!(err.contains(hint), "{err}");
        assert_eq!(err.matches("error:").count(), 1, "{err}");
    }
}

#[test]
fn rate_limits_wait_for_retry_after_then_succeed() {
    let env = Env::new();
    let server = api_server("GET", format!("/job/{JOB}"), |n| match n {
        0 => Reply::json(
            429,
            r#"{"error": {"code": "RATE_001", "message": "Too many requests"}}"#,
        )
        .header("retry-after", "1"),
        _ => Reply::json(200, &completed_job()),
    });
    let started = Instant::now();
    let out = run_api(&env, &server, &["jobs", "get", JOB]);
    assert_code(&out, 0);
    assert_eq!(server.requests().len(), 2);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was honoured"
    );

    let always = api_server("GET", format!("/job/{JOB}"), |_| {
        Reply::json(429, r#"{"error": "slow down"}"#).header("retry-after", "0")
    });
    let out = run_api(&env, &always, &["jobs", "get", JOB, "--retries", "1"]);
    assert_code(&out, 3);
    let err = stderr(&out);
    assert!(
        err.contains("429 Too Many Requests: slow down (2 attempts)"),
        "{err}"
    );
    assert!(err.contains("rate limited"), "{err}");
    assert_eq!(always.requests().len(), 2);
}

#[test]
fn server_errors_are_retried_then_reported() {
    let env = Env::new();
    let server = api_server("GET", format!("/job/{JOB}"), |_| {
        Reply::json(500, r#"{"error": "boom"}"#)
    });
    let out = run_api(&env, &server, &["jobs", "get", JOB, "--retries", "2"]);
    assert_code(&out, 3);
    assert_eq!(server.requests().len(), 3);
    let err = stderr(&out);
    assert!(
        err.contains("500 Internal Server Error: boom (3 attempts)"),
        "{err}"
    );
    assert!(err.contains("try again later"), "{err}");
}

#[test]
fn a_slow_api_times_out() {
    let env = Env::new();
    let server = api_server("GET", format!("/job/{JOB}"), |_| {
        Reply::json(200, &completed_job()).after(Duration::from_secs(5))
    });
    let out = run_api(
        &env,
        &server,
        &["jobs", "get", JOB, "--timeout", "300ms", "--retries", "0"],
    );
    assert_code(&out, 3);
    assert!(
        stderr(&out).contains("did not answer: timed out"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_closed_connection_is_a_network_error() {
    let env = Env::new();
    let (addr, connections) = closing_server();
    let out = env
        .cmd()
        .args(["jobs", "get", JOB, "--api-key", KEY, "--retries", "1"])
        .args(["--api-url", &format!("http://{addr}")])
        .output()
        .unwrap();
    assert_code(&out, 3);
    let err = stderr(&out);
    assert!(
        err.contains("did not answer") && err.contains("(2 attempts)"),
        "{err}"
    );
    assert!(
        err.contains(&format!("the API URL is http://{addr} (from --api-url)")),
        "{err}"
    );
    assert_eq!(connections.load(std::sync::atomic::Ordering::SeqCst), 2);
    assert!(!err.contains(KEY));
}

#[test]
fn jobs_cancel_deletes_and_ids_cannot_change_the_path() {
    let env = Env::new();
    let server = TestServer::start_replying(|r, _| {
        Reply::json(
            200,
            &format!(
                r#"{{"job_id": "x", "message": "Cancellation requested ({} {})"}}"#,
                r.method, r.path
            ),
        )
    });
    let out = run_api(&env, &server, &["jobs", "cancel", JOB]);
    assert_code(&out, 0);
    let r = &server.requests()[0];
    assert_eq!(
        (r.method.as_str(), r.path.clone()),
        ("DELETE", format!("/job/{JOB}"))
    );
    assert!(
        stdout(&out).contains(&format!("✓ job {JOB}: Cancellation requested")),
        "{}",
        stdout(&out)
    );

    let out = run_api(
        &env,
        &server,
        &["jobs", "get", "../webhook?x=1#y", "--json"],
    );
    assert_code(&out, 0);
    let r = server.requests().pop().unwrap();
    assert_eq!(r.path, "/job/..%2Fwebhook%3Fx=1%23y");
}

#[test]
fn the_key_and_url_are_found_in_the_documented_order() {
    let env = Env::new();
    let server = TestServer::start_replying(|_, _| Reply::json(200, &completed_job()));
    // The official Pulse CLI's file, with the URL too: a user who ran `pulse login` needs nothing else.
    let pulse_dir = env.path("pulse-cli");
    std::fs::create_dir(&pulse_dir).unwrap();
    std::fs::write(
        pulse_dir.join("config.toml"),
        format!(
            "api_key = \"key-from-pulse-cli-file\"\napi_url = \"{}\"\n",
            server.url()
        ),
    )
    .unwrap();
    let run = |env_key: Option<&str>, flag: Option<&str>| {
        let mut cmd = env.cmd();
        cmd.env("PULSE_CONFIG_DIR", &pulse_dir)
            .args(["jobs", "get", JOB]);
        if let Some(k) = env_key {
            cmd.env("PULSE_API_KEY", k);
        }
        if let Some(k) = flag {
            cmd.args(["--api-key", k]);
        }
        let out = cmd.output().unwrap();
        assert_code(&out, 0);
        server.requests().pop().unwrap().headers["x-api-key"]
            .to_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        run(Some("key-from-env"), Some("key-from-flag")),
        "key-from-flag"
    );
    assert_eq!(run(Some("key-from-env"), None), "key-from-env");
    assert_eq!(run(None, None), "key-from-pulse-cli-file");
    // This tool's own file comes before the Pulse CLI's.
    std::fs::create_dir_all(env.config_dir()).unwrap();
    std::fs::write(
        env.config_dir().join("config.toml"),
        "api_key = \"key-from-own-file\"\n",
    )
    .unwrap();
    assert_eq!(run(None, None), "key-from-own-file");

    // Without PULSE_CONFIG_DIR the Pulse CLI's file is ~/.pulse/config.toml; PULSE_API_URL
    // beats the files.
    std::fs::remove_file(env.config_dir().join("config.toml")).unwrap();
    std::fs::create_dir(env.path(".pulse")).unwrap();
    std::fs::write(
        env.path(".pulse/config.toml"),
        "api_key = \"key-from-home\"\napi_url = \"http://127.0.0.1:9\"\n",
    )
    .unwrap();
    let out = env
        .cmd()
        .env("PULSE_API_URL", server.url())
        .args(["jobs", "get", JOB])
        .output()
        .unwrap();
    assert_code(&out, 0);
    assert_eq!(
        server.requests().pop().unwrap().headers["x-api-key"],
        "key-from-home"
    );
}

#[test]
fn config_show_names_sources_and_never_the_key() {
    let env = Env::new();
    let pulse_dir = env.path("pulse-cli");
    std::fs::create_dir(&pulse_dir).unwrap();
    std::fs::write(
        pulse_dir.join("config.toml"),
        format!("api_key = \"{KEY}\"\n"),
    )
    .unwrap();
    let out = env
        .cmd()
        .env("PULSE_CONFIG_DIR", &pulse_dir)
        .env("PULSE_API_URL", "http://127.0.0.1:8080")
        .env(
            "PULSE_WEBHOOK_SECRET",
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        )
        .args(["config", "show"])
        .output()
        .unwrap();
    assert_code(&out, 0);
    let text = stdout(&out);
    assert!(
        text.contains(&format!(
            "api_key          …aa81  from the Pulse CLI's {}",
            pulse_dir.join("config.toml").display()
        )),
        "{text}"
    );
    assert!(
        text.contains("api_url          http://127.0.0.1:8080  from PULSE_API_URL"),
        "{text}"
    );
    assert!(
        text.contains("webhook_secret   set (redacted, a 24-byte key)  from PULSE_WEBHOOK_SECRET"),
        "{text}"
    );
    assert!(!text.contains(KEY) && !text.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));

    let out = env
        .cmd()
        .env("PULSE_API_KEY", KEY)
        .args(["config", "show", "--json"])
        .output()
        .unwrap();
    assert_code(&out, 0);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["api_key"]["source"], "PULSE_API_KEY");
    assert_eq!(json["api_url"]["value"], "https://api.runpulse.com");
    assert_eq!(json["webhook_secret"]["set"], false);
    assert!(!stdout(&out).contains(KEY));
}

#[test]
fn config_init_by_flags_writes_a_private_file_and_keeps_what_is_not_given() {
    let env = Env::new();
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let out = env.run(&[
        "config",
        "init",
        "--api-key",
        KEY,
        "--webhook-secret",
        secret,
    ]);
    assert_code(&out, 0);
    let file = env.config_dir().join("config.toml");
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let table: toml::Table = std::fs::read_to_string(&file).unwrap().parse().unwrap();
    assert_eq!(table["api_key"].as_str(), Some(KEY));
    assert_eq!(table["webhook_secret"].as_str(), Some(secret));
    assert!(!table.contains_key("api_url"), "the default is not written");
    assert!(!stderr(&out).contains(KEY) && !stdout(&out).contains(KEY));

    // An existing file is replaced only with --force (no terminal to ask on).
    let out = env.run(&["config", "init", "--api-url", "http://127.0.0.1:8080"]);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    let out = env.run(&[
        "config",
        "init",
        "--api-url",
        "http://127.0.0.1:8080",
        "--force",
    ]);
    assert_code(&out, 0);
    let table: toml::Table = std::fs::read_to_string(&file).unwrap().parse().unwrap();
    assert_eq!(table["api_url"].as_str(), Some("http://127.0.0.1:8080"));
    assert_eq!(table["api_key"].as_str(), Some(KEY), "kept");
    // The commands use it.
    let show = env.run(&["config", "show"]);
    assert!(
        stdout(&show).contains(&format!("from {}", file.display())),
        "{}",
        stdout(&show)
    );

    // A malformed secret is refused, and not echoed.
    let out = env.run(&[
        "config",
        "init",
        "--webhook-secret",
        "whsec_not*base64",
        "--force",
    ]);
    assert_code(&out, 2);
    assert!(!stderr(&out).contains("not*base64"), "{}", stderr(&out));
    // Without flags and without a terminal: a hint, not a hang.
    let out = env.run(&["config", "init"]);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("--api-key KEY"), "{}", stderr(&out));
}

#[test]
fn config_init_asks_on_a_terminal() {
    let env = Env::new();
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let Some(mut child) = on_terminal(&env, "config init") else {
        return;
    };
    let mut stdin = child.stdin.take().unwrap();
    // The key, a malformed secret (asked again), the secret, then the URL's default.
    for answer in [
        format!("{KEY}\r"),
        "whsec_***\r".into(),
        format!("{secret}\r"),
        "\r".into(),
    ] {
        std::thread::sleep(Duration::from_millis(700));
        use std::io::Write;
        stdin.write_all(answer.as_bytes()).unwrap();
    }
    std::thread::sleep(Duration::from_millis(1000));
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        !shown.contains(KEY) && !shown.contains("MfKQ9r8G"),
        "hidden input: {shown}"
    );
    assert!(
        shown.contains("not usable"),
        "the bad secret was refused: {shown}"
    );
    let file = env.config_dir().join("config.toml");
    let table: toml::Table = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("{e}: {shown}"))
        .parse()
        .unwrap();
    assert_eq!(table["api_key"].as_str(), Some(KEY));
    assert_eq!(table["webhook_secret"].as_str(), Some(secret));
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn config_init_on_a_terminal_asks_before_replacing_and_keeps_what_is_left_empty() {
    let env = Env::new();
    let file = env.config_dir().join("config.toml");
    std::fs::create_dir_all(env.config_dir()).unwrap();
    std::fs::write(&file, format!("api_key = \"{KEY}\"\nextra = 1\n")).unwrap();
    let answer = |keys: &[&str]| {
        let mut child = on_terminal(&env, "config init")?;
        let mut stdin = child.stdin.take().unwrap();
        for key in keys {
            std::thread::sleep(Duration::from_millis(600));
            use std::io::Write;
            stdin.write_all(key.as_bytes()).unwrap();
        }
        std::thread::sleep(Duration::from_millis(1000));
        drop(stdin);
        Some(child.wait_with_output().unwrap())
    };
    // "No" leaves the file as it was.
    let Some(out) = answer(&["n"]) else { return };
    assert!(String::from_utf8_lossy(&out.stdout).contains("Nothing written"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        format!("api_key = \"{KEY}\"\nextra = 1\n")
    );
    // "Yes", then Enter everywhere: the key is kept, the new URL written, other keys kept.
    answer(&["y", "\r", "\r", "http://127.0.0.1:8080\r"]).unwrap();
    let table: toml::Table = std::fs::read_to_string(&file).unwrap().parse().unwrap();
    assert_eq!(table["api_key"].as_str(), Some(KEY));
    assert_eq!(table["api_url"].as_str(), Some("http://127.0.0.1:8080"));
    assert_eq!(table["extra"].as_integer(), Some(1));
    assert!(!table.contains_key("webhook_secret"));
}

#[test]
fn config_path_prints_the_file() {
    let env = Env::new();
    let out = env.run(&["config", "path"]);
    assert_code(&out, 0);
    assert_eq!(
        stdout(&out),
        format!("{}\n", env.config_dir().join("config.toml").display())
    );
}
