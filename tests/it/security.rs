//! Security promises as tests (SECURITY.md names each): a supplied secret never shows up in any
//! output, capture, report or error; debug prints are redacted; files with secrets or captures
//! are private whatever the umask; every signature comparison is constant time; the replay
//! window holds; `listen` binds to loopback unless told otherwise, and warns then.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use pulse_hooks::pulse_api::{ApiKey, Credentials, Source};
use pulse_hooks::signing::{Secret, SigningKey, SigningMaterial, Verifier};

use crate::common::*;
use crate::listen_cli::{Listener, request};

/// Not the secret other tests use: nothing else prints it by chance.
const SECRET: &str = "whsec_c2VjdXJpdHktdGVzdC1rZXktMjQtYnl0ZXM=";
const KEY_BASE64: &str = "c2VjdXJpdHktdGVzdC1rZXktMjQtYnl0ZXM";

fn assert_no_secret(what: &str, text: &[u8]) {
    let text = String::from_utf8_lossy(text);
    // The whole secret, its base64 body, and its key bytes as text.
    for needle in [SECRET, KEY_BASE64, "security-test-key-24-bytes"] {
        assert!(!text.contains(needle), "{what} shows the secret: {text}");
    }
}

fn assert_tree_has_no_secret(dir: &Path) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            assert_tree_has_no_secret(&path);
        } else if path.file_name().is_some_and(|n| n != "secret.txt") {
            assert_no_secret(&path.display().to_string(), &std::fs::read(&path).unwrap());
        }
    }
}

/// Every command that takes a secret, by flag, environment and file, in success and failure.
#[test]
fn a_supplied_secret_never_appears_in_output_captures_or_errors() {
    let env = Env::new();
    let accepting = TestServer::start();
    let rejecting = TestServer::start_with(|_, _| 401);
    let payload = env.write(
        "payload.json",
        r#"{"type":"job.completed","data":{"job_id":"j1"}}"#,
    );
    let secret_file = env.write("secret.txt", format!("{SECRET}\n"));
    let payload = payload.to_str().unwrap().to_string();
    let ways: [(&str, Vec<String>, Option<&str>); 3] = [
        ("flag", vec!["--secret".into(), SECRET.into()], None),
        (
            "file",
            vec!["--secret-file".into(), secret_file.to_str().unwrap().into()],
            None,
        ),
        ("env", vec![], Some(SECRET)),
    ];
    for (way, flags, env_secret) in &ways {
        let run = |args: &[&str]| {
            let mut cmd = env.cmd();
            if let Some(s) = env_secret {
                cmd.env("PULSE_WEBHOOK_SECRET", s);
            }
            let out = cmd.args(args).args(flags).output().unwrap();
            let what = format!("{args:?} with the secret by {way}");
            assert_no_secret(&what, &out.stdout);
            assert_no_secret(&what, &out.stderr);
            out
        };
        for format in ["headers", "curl", "json", "http", "signature"] {
            assert_code(&run(&["sign", &payload, "--format", format]), 0);
        }
        let capture = run(&["sign", &payload, "--format", "http"]).stdout;
        let capture_path = env.write(&format!("capture-{way}.http"), &capture);
        let capture_path = capture_path.to_str().unwrap();
        assert_code(&run(&["verify", capture_path]), 0);
        assert_code(&run(&["verify", capture_path, "--json"]), 0);
        let junit = env.path(&format!("report-{way}.xml"));
        let junit = junit.to_str().unwrap();
        assert_code(&run(&["verify", capture_path, "--junit", junit]), 0);
        // Failures explain themselves (diagnosis) without the secret.
        let tampered = String::from_utf8(capture.clone())
            .unwrap()
            .replace("j1", "j2");
        let tampered_path = env.write(&format!("tampered-{way}.http"), tampered);
        let out = run(&["verify", tampered_path.to_str().unwrap(), "--json"]);
        assert_code(&out, 1);
        assert_code(
            &run(&["send", "job.completed", "--to", &accepting.url()]),
            0,
        );
        assert_code(
            &run(&[
                "send",
                "job.completed",
                "--to",
                &rejecting.url(),
                "--retries",
                "0",
            ]),
            1,
        );
        assert_code(&run(&["send", "job.completed", "--dry-run"]), 0);
        assert_code(&run(&["replay", capture_path, "--to", &accepting.url()]), 0);
        run(&["config", "show"]);
    }
    // Nothing sent carries it either.
    for r in accepting
        .requests()
        .iter()
        .chain(rejecting.requests().iter())
    {
        for (_, value) in r.headers.iter() {
            assert_no_secret("a header sent", value.as_bytes());
        }
        assert_no_secret("a body sent", &r.body);
    }
    // A malformed secret is not echoed in its error.
    let out = env.run(&["sign", &payload, "--secret", "whsec_security!test!key"]);
    assert_code(&out, 2);
    assert!(
        !stderr(&out).contains("security!test!key"),
        "{}",
        stderr(&out)
    );
    // `listen`, with the secret each way: banner, NDJSON, capture files and summary.
    for (way, flags, env_secret) in &ways {
        let captures = env.path(&format!("captures-{way}"));
        let mut cmd = env.cmd();
        cmd.arg("listen")
            .args(flags)
            .args(["--save", captures.to_str().unwrap()]);
        if let Some(s) = env_secret {
            cmd.env("PULSE_WEBHOOK_SECRET", s);
        }
        let listener = Listener::spawn(cmd);
        let ok =
            pulse_hooks::signing::sign_v1(&Secret::parse(SECRET).unwrap(), "msg_1", now(), b"{}");
        let headers = [
            ("webhook-id", "msg_1".to_string()),
            ("webhook-timestamp", now().to_string()),
            ("webhook-signature", ok),
        ];
        assert_eq!(
            request(listener.addr, "POST", "/webhook", &headers, b"{}").0,
            200
        );
        assert_eq!(
            request(listener.addr, "POST", "/webhook", &headers, b"{\"x\":1}").0,
            401
        );
        let (lines, err, _) = listener.stop();
        assert_no_secret("listen's stderr", err.as_bytes());
        for line in lines {
            assert_no_secret("listen's stdout", line.to_string().as_bytes());
        }
    }
    assert_tree_has_no_secret(env.home.path());
}

#[test]
fn debug_prints_are_redacted() {
    let secret = Secret::parse(SECRET).unwrap();
    let key = SigningKey::from_seed([9; 32]);
    let api_key = ApiKey::parse("sk_live_0123456789abcdefghij").unwrap();
    let credentials = Credentials {
        key: api_key.clone(),
        key_source: Source::Env("PULSE_API_KEY"),
        url: "https://api.runpulse.com".parse().unwrap(),
        url_source: Source::Default,
    };
    let prints = [
        format!("{secret:?}"),
        format!("{:?}", SigningMaterial::parse(SECRET).unwrap()),
        format!("{:?}", Verifier::new(vec![secret.clone()])),
        format!("{key:?}"),
        format!("{:?}", SigningMaterial::parse(&key.to_whsk()).unwrap()),
        format!("{credentials:?}"),
        format!(
            "{:?}",
            pulse_hooks::delivery::Outgoing {
                url: "https://api.runpulse.com/job/1".into(),
                method: reqwest::Method::GET,
                headers: vec![("x-api-key".into(), api_key.expose().into())],
                body: Default::default(),
            }
        ),
    ];
    for print in &prints {
        assert_no_secret("a debug print", print.as_bytes());
        assert!(
            !print.contains(&key.to_whsk()["whsk_".len()..][..20]),
            "{print}"
        );
        assert!(!print.contains("0123456789abcdef"), "{print}");
    }
}

#[test]
fn files_with_secrets_or_captures_are_private_whatever_the_umask() {
    let env = Env::new();
    let payload = env.write("p.json", "{}");
    let captures = env.path("captures");
    // A permissive umask: the modes must not come from it.
    let sh = |command: String| {
        let mut cmd = std::process::Command::new("sh");
        cmd.args(["-c", &format!("umask 000; {command}")])
            .env("PULSE_HOOKS_CONFIG_DIR", env.config_dir())
            .env("HOME", env.home.path());
        cmd.output().unwrap()
    };
    assert_code(&sh(format!("{BIN} sign {}", payload.display())), 0);
    assert_code(
        &sh(format!(
            "{BIN} config init --api-key sk_test_0123456789abcdef --webhook-secret {SECRET}"
        )),
        0,
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = sh(format!(
        "{BIN} listen --port {port} --save {} --accept-unsigned & pid=$!; \
         for _ in $(seq 50); do curl -s -o /dev/null -X POST --data '{{}}' http://127.0.0.1:{port}/webhook && break; sleep 0.1; done; \
         kill -TERM $pid; wait $pid",
        captures.display()
    ));
    assert_code(&out, 0);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&env.config_dir().join("dev-secret")), 0o600);
    assert_eq!(mode(&env.config_dir().join("config.toml")), 0o600);
    let files: Vec<_> = std::fs::read_dir(&captures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{}", stderr(&out));
    assert_eq!(mode(&files[0]), 0o600);
}

/// Source check: the verifier and the diagnosis compare signatures only through
/// `constant_time_eq`, which uses `subtle`; nothing compares a carried signature with `==`.
#[test]
fn every_signature_comparison_is_constant_time() {
    let source = |rel: &str| std::fs::read_to_string(repo_path(rel)).unwrap();
    let verify = source("src/signing/verify.rs");
    let body = verify
        .split("fn constant_time_eq")
        .nth(1)
        .expect("constant_time_eq exists");
    let body = &body[..body.find("\n}").unwrap()];
    assert!(
        body.contains("ct_eq("),
        "constant_time_eq uses subtle: {body}"
    );
    // Every place a carried v1 value is compared.
    for (file, text) in [
        ("verify.rs", &verify),
        ("diagnosis.rs", &source("src/diagnosis.rs")),
    ] {
        for line in text
            .lines()
            .filter(|l| l.contains(".value") || l.contains("values"))
        {
            let compares = ["==", "!=", "eq_ignore_ascii_case", "starts_with", ".eq("]
                .iter()
                .any(|op| line.contains(op));
            assert!(
                !compares || line.contains("constant_time_eq") || line.contains(".version =="),
                "{file}: a signature compared without constant_time_eq: {line}"
            );
        }
        let uses = text.matches("constant_time_eq(").count();
        assert!(uses >= 2, "{file} compares with constant_time_eq ({uses})");
    }
    // v1a: ed25519 verification (strict), never a byte comparison.
    assert!(source("src/signing/asymmetric.rs").contains("verify_strict("));
}

#[test]
fn the_replay_window_holds_both_ways() {
    let env = Env::new();
    let payload = env.write("p.json", "{}");
    let at = |offset: i64| {
        let out = env.run(&[
            "sign",
            payload.to_str().unwrap(),
            "--secret",
            SECRET,
            "--format",
            "http",
            "--timestamp",
            &(now() + offset).to_string(),
        ]);
        env.write("c.http", &out.stdout);
        env.run(&[
            "verify",
            env.path("c.http").to_str().unwrap(),
            "--secret",
            SECRET,
        ])
    };
    assert_code(&at(-240), 0);
    assert_code(&at(240), 0);
    for offset in [-360, 360, -86_400] {
        let out = at(offset);
        assert_code(&out, 1);
        assert!(stdout(&out).contains("timestamp"), "{}", stdout(&out));
    }
}

#[test]
fn listen_binds_to_loopback_unless_told_and_then_warns() {
    let env = Env::new();
    let listener = Listener::start(&env, &[]);
    let port = listener.addr.port();
    // Another address of this machine does not reach it.
    let other = std::process::Command::new("hostname")
        .arg("-I")
        .output()
        .ok();
    let other = other
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| {
            s.split_whitespace()
                .find(|a| {
                    a.parse::<std::net::Ipv4Addr>()
                        .is_ok_and(|ip| !ip.is_loopback())
                })
                .map(str::to_string)
        });
    if let Some(ip) = other {
        let addr: std::net::SocketAddr = format!("{ip}:{port}").parse().unwrap();
        assert!(
            std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(2)).is_err(),
            "reachable on {ip}"
        );
    }
    let (_, err, _) = listener.stop();
    assert!(err.contains("http://127.0.0.1:"), "{err}");
    assert!(!err.contains("warning"), "{err}");
    // Told otherwise: it says so.
    let listener = Listener::start(&env, &["--host", "0.0.0.0"]);
    let (_, err, _) = listener.stop();
    assert!(
        err.contains("warning: listening on 0.0.0.0: other machines can reach this receiver"),
        "{err}"
    );
}
