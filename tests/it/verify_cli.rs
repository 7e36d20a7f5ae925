//! `pulse-hooks verify`: fixtures signed by an independent implementation (the
//! `standardwebhooks` crate), each known mistake made on purpose, garbage, and the reports.

use std::path::Path;

use serde_json::{Value, json};

use crate::common::*;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const BODY: &str = r#"{"type":"job.completed","timestamp":"2026-12-04T10:30:00Z","data":{"job_id":"123e4567-e89b-12d3-a456-426614174000","status":"completed","pages_processed":25,"processing_time":12.5}}"#;

/// Signs with the reference crate: `(id, timestamp, signature)`.
fn signed(id: &str, ts: i64, body: &str) -> (String, String, String) {
    let sig = standardwebhooks::Webhook::new(SECRET)
        .unwrap()
        .sign(id, ts, body.as_bytes())
        .unwrap();
    (id.to_string(), ts.to_string(), sig)
}

fn capture(id: &str, ts: i64, signed_body: &str, sent_body: &str) -> Value {
    let (id, ts, sig) = signed(id, ts, signed_body);
    json!({"headers": {"webhook-id": id, "webhook-timestamp": ts, "webhook-signature": sig}, "body": sent_body})
}

fn good(id: &str) -> Value {
    capture(id, now(), BODY, BODY)
}

fn write_json(env: &Env, name: &str, value: &Value) {
    let path = env.path(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, value.to_string()).unwrap();
}

fn verify(env: &Env, args: &[&str]) -> std::process::Output {
    let mut all = vec!["verify", "--secret", SECRET];
    all.extend(args);
    env.run(&all)
}

fn report(env: &Env, args: &[&str]) -> (i32, Value) {
    let mut all = args.to_vec();
    all.push("--json");
    let out = verify(env, &all);
    let value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&out), stderr(&out)));
    (out.status.code().unwrap(), value)
}

#[test]
fn good_fixtures_in_every_form_pass() {
    let env = Env::new();
    write_json(&env, "fx/one.json", &good("msg_one"));
    // Headers as lists, Svix naming, mixed case, and a body given as base64.
    let (id, ts, sig) = signed("msg_two", now(), BODY);
    write_json(
        &env,
        "fx/deep/two.json",
        &json!({"headers": {"Svix-Id": id, "svix-timestamp": [ts], "SVIX-SIGNATURE": ["v1,bm90IGl0", sig]},
                "body_base64": base64_of(BODY), "extra": {"kept": true}}),
    );
    let lines: String = (0..5)
        .map(|i| format!("{}\n", good(&format!("msg_l{i}"))))
        .collect();
    std::fs::write(env.path("fx/many.ndjson"), format!("\n{lines}\n")).unwrap();
    let (id, ts, sig) = signed("msg_http", now(), BODY);
    std::fs::write(
        env.path("fx/req.http"),
        format!("POST /webhook HTTP/1.1\r\nHost: x\r\ncontent-length: {}\r\nwebhook-id: {id}\r\nwebhook-timestamp: {ts}\r\nwebhook-signature: {sig}\r\n\r\n{BODY}\n", BODY.len()),
    )
    .unwrap();
    std::fs::write(
        env.path("fx/notes.txt"),
        "not a capture: skipped inside folders",
    )
    .unwrap();
    let out = verify(&env, &["fx"]);
    assert_code(&out, 0);
    let text = stdout(&out);
    assert!(text.contains("verify: 8 passed, 0 failed"), "{text}");
    assert!(
        text.contains("fx/many.ndjson:6"),
        "line numbers count blank lines: {text}"
    );
    assert!(!text.contains("notes.txt"));
}

fn base64_of(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}

#[test]
fn a_mixed_folder_with_one_bad_file_reports_only_it() {
    let env = Env::new();
    write_json(&env, "fx/a.json", &good("msg_a"));
    let mut lines: Vec<String> = (0..4)
        .map(|i| good(&format!("msg_n{i}")).to_string())
        .collect();
    lines[2] = capture("msg_bad", now(), BODY, &BODY.replace("25", "26")).to_string();
    std::fs::write(env.path("fx/b.ndjson"), lines.join("\n")).unwrap();
    let (id, ts, sig) = signed("msg_h", now(), BODY);
    std::fs::write(
        env.path("fx/c.http"),
        format!("POST / HTTP/1.1\nwebhook-id: {id}\nwebhook-timestamp: {ts}\nwebhook-signature: {sig}\n\n{BODY}"),
    )
    .unwrap();
    let junit = env.path("report.xml");
    let out = verify(&env, &["fx", "--junit", junit.to_str().unwrap()]);
    assert_code(&out, 1);
    let text = stdout(&out);
    let failures: Vec<&str> = text.lines().filter(|l| l.contains("FAIL")).collect();
    assert_eq!(failures.len(), 1, "{text}");
    assert!(
        failures[0].contains("fx/b.ndjson:3") && failures[0].contains("msg_bad"),
        "{text}"
    );
    assert!(text.contains("verify: 5 passed, 1 failed"), "{text}");
    // The JUnit report is XML that CI dashboards read.
    let xml = std::fs::read_to_string(&junit).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("tests"), Some("6"));
    assert_eq!(suite.attribute("failures"), Some("1"));
    let failed: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase") && n.children().any(|c| c.has_tag_name("failure")))
        .collect();
    assert_eq!(failed.len(), 1);
    assert!(
        failed[0]
            .attribute("classname")
            .unwrap()
            .ends_with("b.ndjson")
    );
    let leftovers: Vec<_> = std::fs::read_dir(env.home.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn every_known_mistake_is_named() {
    let env = Env::new();
    let ts = now();
    let pretty =
        serde_json::to_string_pretty(&serde_json::from_str::<Value>(BODY).unwrap()).unwrap();
    let python = BODY
        .replace("\",\"", "\", \"")
        .replace("\":", "\": ")
        .replace(",\"", ", \"");
    let raw_key_hmac = |encode_hex: bool| {
        use hmac::{KeyInit, Mac};
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
        mac.update(format!("msg_m.{ts}.{BODY}").as_bytes());
        let bytes = mac.finalize().into_bytes();
        if encode_hex {
            bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
        } else {
            base64_of_bytes(&bytes)
        }
    };
    let standard_hex = {
        use base64::Engine;
        let (_, _, sig) = signed("msg_m", ts, BODY);
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&sig[3..])
            .unwrap();
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    };
    let with_sig = |sig: String| json!({"headers": {"webhook-id": "msg_m", "webhook-timestamp": ts.to_string(), "webhook-signature": sig}, "body": BODY});
    let cases: Vec<(&str, Value)> = vec![
        ("hex_signature", with_sig(format!("v1,{standard_hex}"))),
        (
            "docs_sample",
            with_sig(format!("v1,{}", raw_key_hmac(true))),
        ),
        (
            "raw_secret_bytes",
            with_sig(format!("v1,{}", raw_key_hmac(false))),
        ),
        ("body_reserialized", capture("msg_m", ts, BODY, &pretty)),
        ("body_reserialized", capture("msg_m", ts, &python, BODY)),
        (
            "newline_added",
            capture("msg_m", ts, BODY, &format!("{BODY}\n")),
        ),
        (
            "newline_removed",
            capture("msg_m", ts, &format!("{BODY}\n"), BODY),
        ),
        (
            "crlf",
            capture("msg_m", ts, &pretty, &pretty.replace('\n', "\r\n")),
        ),
        ("empty_signature", with_sig("v1,".into())),
        ("timestamp_only", capture("msg_m", ts - 3600, BODY, BODY)),
        (
            "wrong_secret",
            with_sig("v1,R3PTzyfHASBKHH98a7yexTwaJ4yNIcGhFQc1yuN+BPU=".into()),
        ),
        (
            "missing_version",
            with_sig(signed("msg_m", ts, BODY).2[3..].to_string()),
        ),
        (
            "header_naming",
            json!({"headers": {"x-webhook-id": "msg_m", "x-webhook-timestamp": "1", "x-webhook-signature": "v1,x"}, "body": BODY}),
        ),
    ];
    let lines: String = cases.iter().map(|(_, c)| format!("{c}\n")).collect();
    std::fs::write(env.path("mistakes.ndjson"), lines).unwrap();
    let (code, report) = report(&env, &["mistakes.ndjson"]);
    assert_eq!(code, 1);
    let results = report["results"].as_array().unwrap();
    assert_eq!(results.len(), cases.len());
    for ((kind, _), result) in cases.iter().zip(results) {
        assert_eq!(result["ok"], false, "{result}");
        assert_eq!(result["diagnosis"]["kind"], *kind, "{result}");
    }
    // A secret given with --raw-secret, for a message signed the standard way.
    let fixture = env.path("standard.json");
    std::fs::write(&fixture, capture("msg_m", ts, BODY, BODY).to_string()).unwrap();
    let out = env.run(&[
        "verify",
        "--secret",
        SECRET,
        "--raw-secret",
        "--json",
        fixture.to_str().unwrap(),
    ]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["results"][0]["diagnosis"]["kind"], "decoded_not_raw");
}

fn base64_of_bytes(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[test]
fn stored_fixtures_with_old_timestamps() {
    let env = Env::new();
    let ts = 1_700_000_000;
    write_json(&env, "old.json", &capture("msg_old", ts, BODY, BODY));
    let out = verify(&env, &["old.json"]);
    assert_code(&out, 1);
    assert!(
        stdout(&out).contains("timestamp too old"),
        "{}",
        stdout(&out)
    );
    assert_code(&verify(&env, &["old.json", "--ignore-timestamp"]), 0);
    assert_code(&verify(&env, &["old.json", "--now", "1700000100"]), 0);
    assert_code(
        &verify(&env, &["old.json", "--now", "2023-11-14T22:13:20Z"]),
        0,
    );
    assert_code(
        &verify(
            &env,
            &["old.json", "--now", "1700000400", "--tolerance", "10m"],
        ),
        0,
    );
    assert_code(&verify(&env, &["old.json", "--now", "1699999000"]), 1);
}

#[test]
fn rotation_public_keys_and_single_messages_by_flag() {
    let env = Env::new();
    write_json(&env, "a.json", &good("msg_rot"));
    let other = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    let out = env.run(&["verify", "--secret", other, "--secret", SECRET, "a.json"]);
    assert_code(&out, 0);
    assert_code(&env.run(&["verify", "--secret", other, "a.json"]), 1);

    // v1a with a public key only.
    let key = pulse_hooks::signing::SigningKey::from_seed([9; 32]);
    let ts = now();
    let sig = key.sign("msg_ed", ts, BODY.as_bytes());
    write_json(
        &env,
        "ed.json",
        &json!({"headers": {"webhook-id": "msg_ed", "webhook-timestamp": ts.to_string(), "webhook-signature": sig}, "body": BODY}),
    );
    let public = key.public_key().to_whpk();
    assert_code(&env.run(&["verify", "--public-key", &public, "ed.json"]), 0);
    assert!(
        !env.config_dir().join("dev-secret").exists(),
        "no secret was made up"
    );

    // One message given by flags, both ways.
    let body = env.write("body.json", BODY);
    let (id, ts, sig) = signed("msg_flags", now(), BODY);
    let out = env.run(&[
        "verify",
        "--secret",
        SECRET,
        "--payload",
        body.to_str().unwrap(),
        "--id",
        &id,
        "--timestamp",
        &ts,
        "--signature",
        &sig,
    ]);
    assert_code(&out, 0);
    let out = env.run(&[
        "verify",
        "--secret",
        SECRET,
        "--payload",
        body.to_str().unwrap(),
        "-H",
        &format!("Webhook-Id: {id}"),
        "-H",
        &format!("webhook-timestamp:{ts}"),
        "-H",
        &format!("webhook-signature: {sig}"),
    ]);
    assert_code(&out, 0);
    let out = env.run(&[
        "verify",
        "--secret",
        SECRET,
        "--payload",
        body.to_str().unwrap(),
        "--id",
        &id,
        "--timestamp",
        &ts,
        "--signature",
        "v1,",
    ]);
    assert_code(&out, 1);
    let out = env.run(&[
        "verify",
        "--secret",
        SECRET,
        "--payload",
        body.to_str().unwrap(),
        "-H",
        "no colon",
    ]);
    assert_code(&out, 2);
}

#[test]
fn stdin_in_every_form() {
    let env = Env::new();
    let lines: String = (0..3)
        .map(|i| format!("{}\n", good(&format!("msg_s{i}"))))
        .collect();
    let out = env.run_with_stdin(&["verify", "--secret", SECRET, "-"], lines.as_bytes());
    assert_code(&out, 0);
    assert!(stdout(&out).contains("-:3"), "{}", stdout(&out));
    let pretty = serde_json::to_string_pretty(&good("msg_p")).unwrap();
    let out = env.run_with_stdin(&["verify", "--secret", SECRET], pretty.as_bytes());
    assert_code(&out, 0);
    // sign --format http piped straight into verify.
    let body = env.write("p.json", BODY);
    let http = env.run(&[
        "sign",
        body.to_str().unwrap(),
        "--secret",
        SECRET,
        "--format",
        "http",
    ]);
    let out = env.run_with_stdin(&["verify", "--secret", SECRET, "-"], &http.stdout);
    assert_code(&out, 0);
}

#[test]
fn garbage_inputs_fail_cleanly() {
    let env = Env::new();
    std::fs::create_dir_all(env.path("junk")).unwrap();
    std::fs::write(env.path("junk/empty.json"), "").unwrap();
    std::fs::write(
        env.path("junk/truncated.json"),
        &good("msg_t").to_string()[..40],
    )
    .unwrap();
    std::fs::write(
        env.path("junk/binary.json"),
        (0..=255u8).cycle().take(4096).collect::<Vec<u8>>(),
    )
    .unwrap();
    std::fs::write(
        env.path("junk/noheaders.json"),
        json!({"body": BODY}).to_string(),
    )
    .unwrap();
    std::fs::write(
        env.path("junk/missing.json"),
        json!({"headers": {"webhook-id": "msg_x"}, "body": BODY}).to_string(),
    )
    .unwrap();
    std::fs::write(env.path("junk/binary.ndjson"), b"\x00\xff\n{\n\n[]\n").unwrap();
    std::fs::write(env.path("junk/bad.http"), b"GET\r\n\r\n").unwrap();
    // 50 MB: one line with no newline, and a large .json.
    let big = vec![b'x'; 50 << 20];
    std::fs::write(env.path("junk/big.ndjson"), &big).unwrap();
    std::fs::write(env.path("junk/big.json"), &big).unwrap();
    write_json(&env, "junk/ok.json", &good("msg_ok"));
    let (code, report) = report(&env, &["junk"]);
    assert_eq!(code, 1);
    let results = report["results"].as_array().unwrap();
    let sources: Vec<String> = results
        .iter()
        .map(|r| format!("{}:{}", r["source"].as_str().unwrap(), r["line"]))
        .collect();
    assert_eq!(report["summary"]["passed"], 1, "{sources:?}");
    assert!(
        results
            .iter()
            .all(|r| r["error"].is_string() || r["ok"] == true)
    );
    for name in [
        "empty.json",
        "truncated.json",
        "binary.json",
        "noheaders.json",
        "missing.json",
        "bad.http",
        "big.json",
        "big.ndjson",
    ] {
        assert!(
            sources.iter().any(|s| s.contains(name)),
            "{name} not reported: {sources:?}"
        );
    }
    assert_eq!(
        sources
            .iter()
            .filter(|s| s.contains("binary.ndjson"))
            .count(),
        3,
        "{sources:?}"
    );

    // Nothing to verify: exit 2.
    std::fs::create_dir_all(env.path("none/deeper")).unwrap();
    std::fs::write(env.path("none/readme.md"), "hi").unwrap();
    let out = verify(&env, &["none"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("nothing to verify"),
        "{}",
        stderr(&out)
    );
    // A path that does not exist is a failure of that input.
    let out = verify(&env, &["nope.json"]);
    assert_code(&out, 1);
    assert!(stdout(&out).contains("nope.json"));
    // A malformed secret is exit 2 before anything is read.
    assert_code(&env.run(&["verify", "--secret", "whsec_***", "junk"]), 2);
    assert_code(
        &env.run(&["verify", "--public-key", "whpk_AAAA", "junk"]),
        2,
    );
}

#[test]
fn escapes_in_names_and_headers_are_sanitised() {
    let env = Env::new();
    let name = "evil\u{1b}[31m.json";
    let mut c = good("msg_\u{1b}]0;pwned\u{7}");
    c["headers"]["webhook-timestamp"] = json!("\u{1b}[2J");
    std::fs::write(env.path(name), c.to_string()).unwrap();
    let out = env.run(&["verify", "--secret", SECRET, name]);
    assert_code(&out, 1);
    assert!(!out.stdout.contains(&0x1b), "{:?}", stdout(&out));
}

#[test]
fn output_is_in_input_order_whatever_the_parallelism() {
    let env = Env::new();
    for i in 0..200 {
        write_json(
            &env,
            &format!("fx/{i:03}.json"),
            &good(&format!("msg_{i:03}")),
        );
    }
    let lines: String = (0..3000)
        .map(|i| format!("{}\n", good(&format!("msg_x{i}"))))
        .collect();
    std::fs::write(env.path("fx/zz.ndjson"), lines).unwrap();
    for jobs in ["1", "2", "7"] {
        let (code, report) = report(&env, &["fx", "--jobs", jobs]);
        assert_eq!(code, 0);
        let results = report["results"].as_array().unwrap();
        assert_eq!(results.len(), 3200);
        for (i, r) in results.iter().take(200).enumerate() {
            assert_eq!(r["id"], format!("msg_{i:03}"));
        }
        for (i, r) in results.iter().skip(200).enumerate() {
            assert_eq!(r["line"], i + 1);
        }
    }
    assert!(Path::new(&env.path("fx")).exists());
}
