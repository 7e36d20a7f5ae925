//! `pulse-hooks sign`, end to end: the real binary, real files, real curl, a real server.

use std::process::Command;

use crate::common::*;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const PAYLOAD: &str = r#"{"test": 2432232314}"#;

fn independent() -> standardwebhooks::Webhook {
    standardwebhooks::Webhook::new(SECRET).unwrap()
}

#[test]
fn headers_format_reproduces_the_reference_vector() {
    let env = Env::new();
    let file = env.write("payload.json", PAYLOAD);
    let out = env.run(&[
        "sign",
        file.to_str().unwrap(),
        "--secret",
        SECRET,
        "--id",
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "--timestamp",
        "1614265330",
    ]);
    assert_code(&out, 0);
    assert_eq!(
        stdout(&out),
        "webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek\nwebhook-timestamp: 1614265330\nwebhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=\ncontent-type: application/json\n"
    );
    assert_eq!(stderr(&out), "", "a standard signature needs no warning");
}

#[test]
fn every_format_carries_the_same_signature() {
    let env = Env::new();
    let file = env.write("payload.json", PAYLOAD);
    let base = [
        "sign",
        file.to_str().unwrap(),
        "--secret",
        SECRET,
        "--id",
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "--timestamp",
        "2021-02-25T15:02:10Z",
    ];
    let sig = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    let run = |format: &str, extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend(["--format", format]);
        args.extend(extra);
        let out = env.run(&args);
        assert_code(&out, 0);
        out.stdout
    };
    assert_eq!(run("signature", &[]), format!("{sig}\n").as_bytes());
    let json: serde_json::Value = serde_json::from_slice(&run("json", &[])).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp": "1614265330", "webhook-signature": sig})
    );
    let http = run("http", &["--url", "http://127.0.0.1:8080/hooks/pulse?x=1"]);
    let expected_head = format!(
        "POST /hooks/pulse?x=1 HTTP/1.1\r\nhost: 127.0.0.1:8080\r\ncontent-length: {}\r\nwebhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek\r\nwebhook-timestamp: 1614265330\r\nwebhook-signature: {sig}\r\ncontent-type: application/json\r\n\r\n",
        PAYLOAD.len()
    );
    assert_eq!(
        http,
        [expected_head.as_bytes(), PAYLOAD.as_bytes()].concat()
    );
    let curl = String::from_utf8(run("curl", &["--url", "http://127.0.0.1:9/x"])).unwrap();
    assert!(curl.starts_with("curl "), "{curl}");
    assert!(
        curl.contains(&format!("'webhook-signature: {sig}'")),
        "{curl}"
    );
}

#[test]
fn sign_piped_into_curl_reaches_a_server_and_verifies_independently() {
    let env = Env::new();
    let server = TestServer::start();
    let body = r#"{"type":"job.completed","timestamp":"2026-12-04T10:30:00Z","data":{"job_id":"j1","status":"completed","pages_processed":25,"processing_time":12.5}}"#;
    env.write("payload.json", body);
    let script = format!(
        "\"$BIN\" sign payload.json --secret {SECRET} | curl -sS -H @- --data-binary @payload.json {}",
        server.url()
    );
    let out = Command::new("sh")
        .arg("-c")
        .arg(&script)
        .env("BIN", BIN)
        .env("PULSE_HOOKS_CONFIG_DIR", env.config_dir())
        .current_dir(env.home.path())
        .output()
        .unwrap();
    assert_code(&out, 0);
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let got = &requests[0];
    assert_eq!(got.method, "POST");
    assert_eq!(got.path, "/");
    assert_eq!(got.body, body.as_bytes());
    assert_eq!(got.headers["content-type"], "application/json");
    independent().verify(&got.body, &got.headers).unwrap();
}

#[test]
fn curl_format_runs_as_a_shell_command_from_a_file_and_from_stdin() {
    let env = Env::new();
    let server = TestServer::start();
    let body = "{\"note\": \"it's quoted \\\"twice\\\" and has a $dollar\"}";
    let file = env.write("odd name's.json", body);
    let from_file = env.run(&[
        "sign",
        file.to_str().unwrap(),
        "--secret",
        SECRET,
        "--format",
        "curl",
        "--url",
        &server.url(),
    ]);
    assert_code(&from_file, 0);
    let from_stdin = env.run_with_stdin(
        &[
            "sign",
            "--secret",
            SECRET,
            "--format",
            "curl",
            "--url",
            &server.url(),
        ],
        body.as_bytes(),
    );
    assert_code(&from_stdin, 0);
    for command in [stdout(&from_file), stdout(&from_stdin)] {
        let out = Command::new("sh").arg("-c").arg(&command).output().unwrap();
        assert_code(&out, 0);
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for got in requests {
        assert_eq!(got.body, body.as_bytes());
        independent().verify(&got.body, &got.headers).unwrap();
    }
}

#[test]
fn one_mebibyte_payload_and_stdin_sign_correctly() {
    let env = Env::new();
    let big = "a".repeat(1 << 20);
    let file = env.write("big.json", &big);
    let args = |payload: &str| {
        vec![
            "sign".to_string(),
            payload.to_string(),
            "--secret".into(),
            SECRET.into(),
            "--id".into(),
            "msg_p5jXN8AQM9LWM0D4loKWxJek".into(),
            "--timestamp".into(),
            "1614265330".into(),
            "--format".into(),
            "signature".into(),
        ]
    };
    let expected = "v1,txpEUxqWZJ5nteTnymUVa+7C4NHpBeXJ6CsBAW0c3/A=\n";
    let a = args(file.to_str().unwrap());
    let out = env.run(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_code(&out, 0);
    assert_eq!(stdout(&out), expected);
    let a = args("-");
    let out = env.run_with_stdin(
        &a.iter().map(String::as_str).collect::<Vec<_>>(),
        big.as_bytes(),
    );
    assert_code(&out, 0);
    assert_eq!(stdout(&out), expected);
    // Not JSON: signed, with a warning on stderr.
    assert!(
        stderr(&out).contains("warning: the payload is not valid JSON"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn binary_payloads_sign_over_their_exact_bytes() {
    let env = Env::new();
    let body: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
    let out = env.run_with_stdin(
        &[
            "sign",
            "--secret",
            SECRET,
            "--id",
            "msg_bin",
            "--timestamp",
            "1700000000",
            "-f",
            "signature",
        ],
        &body,
    );
    assert_code(&out, 0);
    let sig = stdout(&out).trim().to_string();
    // The reference crates sign text only: Python's standard library checks the bytes.
    let script = "import hmac,hashlib,base64,sys\nk=base64.b64decode(sys.argv[1][6:])\nb=sys.stdin.buffer.read()\nsys.stdout.write('v1,'+base64.b64encode(hmac.new(k,b'msg_bin.1700000000.'+b,hashlib.sha256).digest()).decode())";
    let Ok(mut py) = Command::new("python3")
        .args(["-c", script, SECRET])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
    else {
        return;
    };
    use std::io::Write;
    py.stdin.take().unwrap().write_all(&body).unwrap();
    let expected = String::from_utf8(py.wait_with_output().unwrap().stdout).unwrap();
    assert_eq!(sig, expected);
}

#[test]
fn docs_sample_mode_warns_and_matches_the_hexdigest_handler() {
    let env = Env::new();
    let file = env.write("payload.json", PAYLOAD);
    let out = env.run(&[
        "sign",
        file.to_str().unwrap(),
        "--secret",
        SECRET,
        "--id",
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "--timestamp",
        "1614265330",
        "--signature-encoding",
        "hex",
        "--raw-secret",
        "--format",
        "signature",
    ]);
    assert_code(&out, 0);
    assert_eq!(
        stdout(&out),
        "v1,4dcc6584af5be940fa895235654dad4eaa7c3c455f611b1e34d7dae9bf8b7148\n"
    );
    assert!(
        stderr(&out).contains("warning: non-standard signature"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn whsk_keys_sign_v1a() {
    let env = Env::new();
    let file = env.write("payload.json", PAYLOAD);
    let out = env.run(&[
        "sign",
        file.to_str().unwrap(),
        "--secret",
        "whsk_6Xb/dCcHpPea21PS1N9VY/NZW723CEc77N4rJCubMbfVKIDij2HKpMKkioLlX0dRqSKJp4AJ6p9lMicMFs6Kvg==",
        "--id",
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "--timestamp",
        "1614265330",
        "-f",
        "signature",
    ]);
    assert_code(&out, 0);
    assert_eq!(
        stdout(&out),
        "v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg==\n"
    );
}

#[test]
fn default_id_and_timestamp_are_fresh() {
    let env = Env::new();
    let out = env.run_with_stdin(
        &["sign", "--secret", SECRET, "-f", "json"],
        PAYLOAD.as_bytes(),
    );
    assert_code(&out, 0);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = json["webhook-id"].as_str().unwrap();
    assert!(id.starts_with("msg_") && id.len() == 31, "{id}");
    let ts: i64 = json["webhook-timestamp"].as_str().unwrap().parse().unwrap();
    assert!((ts - now()).abs() < 60);
    let headers = headers_of(
        &serde_json::from_value::<std::collections::HashMap<String, String>>(json).unwrap(),
    );
    independent().verify(PAYLOAD.as_bytes(), &headers).unwrap();
}
