//! Property tests on every parser that reads untrusted input: signature headers, secrets and keys,
//! captures (JSON, NDJSON, raw HTTP), `--set` paths, durations, times, sizes, URLs, API error
//! bodies and job answers. Each never panics; each with a writer round-trips; verification
//! never accepts a truncated or bare signature.

use proptest::prelude::*;
use serde_json::Value;

use pulse_hooks::capture::{self, Capture};
use pulse_hooks::endpoint::Endpoint;
use pulse_hooks::events::{Assignment, EventType};
use pulse_hooks::pulse_api::{credentials, errors, job};
use pulse_hooks::signing::{
    PublicKey, Secret, SigningKey, SigningMaterial, Verifier, WebhookHeaders, sign_v1,
    signature_entries,
};
use pulse_hooks::style::Palette;
use pulse_hooks::{clock, sanitize, size};

/// Any text, weighted towards the characters parsers split on.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[ ,.=:/_a-zA-Z0-9+\\-\\n\"\\\\{}\\[\\]]{0,60}",
        "(v1a?|v2|whsec_|whsk_|whpk_)[ ,=A-Za-z0-9+/]{0,90}",
    ]
}

fn header_name() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{0,24}"
}

/// Header values as HTTP carries them: visible ASCII and spaces, not at the ends.
fn header_value() -> impl Strategy<Value = String> {
    "[!-~]([ -~]{0,60}[!-~])?"
}

fn captures() -> impl Strategy<Value = Capture> {
    (
        proptest::option::of("[A-Z]{1,7}"),
        proptest::option::of("/[!-~]{0,40}"),
        proptest::option::of(any::<String>()),
        // Distinct names: JSON groups a repeated name's values (see `fuzz_targets`).
        proptest::collection::btree_map(header_name(), any::<String>(), 0..8),
        proptest::collection::vec(any::<u8>(), 0..300),
    )
        .prop_map(|(method, path, received_at, headers, body)| Capture {
            method,
            path,
            received_at,
            headers: headers.into_iter().collect(),
            body,
            extra: Default::default(),
        })
}

fn json_values() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            proptest::collection::btree_map("[a-z_]{1,10}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn secret() -> Secret {
    Secret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    // Signature headers.

    #[test]
    fn signature_headers_never_panic(header in text(), id in text(), ts in text(), body in any::<Vec<u8>>()) {
        let entries: Vec<_> = signature_entries(&header).collect();
        prop_assert!(entries.len() <= header.split(' ').count());
        let verifier = Verifier::new(vec![secret()]).with_public_keys(vec![SigningKey::from_seed([1; 32]).public_key()]);
        let pairs = [("webhook-id", id.as_str()), ("webhook-timestamp", ts.as_str()), ("webhook-signature", header.as_str())];
        // Made-up signatures never pass.
        prop_assert!(verifier.verify_request(pairs, &body, 0).is_err());
    }

    #[test]
    fn header_lookup_never_panics(headers in proptest::collection::vec((text(), text()), 0..8)) {
        let _ = WebhookHeaders::find(headers.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    }

    #[test]
    fn truncated_or_bare_signatures_never_pass(id in "msg_[A-Za-z0-9]{1,20}", ts in 0i64..4_000_000_000, body in any::<Vec<u8>>(), cut in any::<proptest::sample::Index>()) {
        let verifier = Verifier::new(vec![secret()]).with_tolerance(None);
        let good = sign_v1(&secret(), &id, ts, &body);
        let ts_text = ts.to_string();
        let check = |sig: &str| {
            verifier.verify_request([("webhook-id", id.as_str()), ("webhook-timestamp", ts_text.as_str()), ("webhook-signature", sig)], &body, 0)
        };
        prop_assert!(check(&good).is_ok());
        let short = &good[..cut.index(good.len())];
        prop_assert!(check(short).is_err(), "{short:?} passed");
        for bare in ["v1,", "v1", "v1, ", " v1,", "v1,=", ","] {
            prop_assert!(check(bare).is_err(), "{bare:?} passed");
        }
        // One character left out anywhere.
        let i = cut.index(good.len());
        let missing = format!("{}{}", &good[..i], &good[i + 1..]);
        prop_assert!(check(&missing).is_err());
    }

    // Secrets and keys.

    #[test]
    fn secrets_parse_without_panicking(s in text()) {
        let _ = Secret::parse(&s);
        let _ = Secret::from_raw(&s);
        let _ = SigningMaterial::parse(&s);
        let _ = PublicKey::parse(&s);
        let _ = SigningKey::parse(&s);
        let _ = credentials::ApiKey::parse(&s);
    }

    #[test]
    fn secrets_round_trip(key in proptest::collection::vec(any::<u8>(), 1..64), seed in any::<[u8; 32]>()) {
        let secret = Secret::from_bytes(&key).unwrap();
        let whsec = secret.to_whsec();
        // Prefixed, bare, and without padding: the same key.
        let bare = whsec.trim_start_matches("whsec_");
        for text in [whsec.as_str(), bare, bare.trim_end_matches('=')] {
            let parsed = Secret::parse(text).unwrap();
            prop_assert_eq!(parsed.key_bytes(), &key[..]);
        }
        let signing = SigningKey::from_seed(seed);
        prop_assert_eq!(SigningKey::parse(&signing.to_whsk()).unwrap().public_key(), signing.public_key());
        let public = signing.public_key();
        prop_assert_eq!(PublicKey::parse(&public.to_whpk()).unwrap(), public);
    }

    // Captures.

    #[test]
    fn json_captures_round_trip(capture in captures()) {
        let line = capture.to_json();
        prop_assert!(!line.contains('\n'));
        prop_assert_eq!(Capture::from_json(line.as_bytes()).unwrap(), capture);
    }

    #[test]
    fn capture_readers_never_panic(bytes in any::<Vec<u8>>(), s in text()) {
        for data in [&bytes[..], s.as_bytes()] {
            let _ = Capture::from_json(data);
            let _ = capture::CaptureView::from_json(data);
            let _ = Capture::from_http(data);
            let _ = capture::Format::sniff(data);
            let _ = capture::event_type(data);
        }
    }

    #[test]
    fn raw_http_round_trips(
        method in "[A-Z]{1,7}",
        path in "/[!-~]{0,40}",
        headers in proptest::collection::btree_map(header_name().prop_filter("framing", |n| n != "content-length" && n != "transfer-encoding"), header_value(), 0..8),
        body in proptest::collection::vec(any::<u8>(), 0..400),
        chunks in proptest::collection::vec(1usize..50, 1..10),
        chunked in any::<bool>(),
    ) {
        let mut text = format!("{method} {path} HTTP/1.1\r\n").into_bytes();
        for (name, value) in &headers {
            text.extend(format!("{name}: {value}\r\n").bytes());
        }
        if chunked {
            text.extend(b"transfer-encoding: chunked\r\n\r\n");
            let mut rest = &body[..];
            for size in chunks.iter().cycle() {
                if rest.is_empty() { break; }
                let (chunk, tail) = rest.split_at((*size).min(rest.len()));
                text.extend(format!("{:x}\r\n", chunk.len()).bytes());
                text.extend(chunk);
                text.extend(b"\r\n");
                rest = tail;
            }
            text.extend(b"0\r\n\r\n");
        } else {
            text.extend(format!("content-length: {}\r\n\r\n", body.len()).bytes());
            text.extend(&body);
        }
        let capture = Capture::from_http(&text).unwrap();
        prop_assert_eq!(capture.method.as_deref(), Some(method.as_str()));
        prop_assert_eq!(capture.path.as_deref(), Some(path.as_str()));
        prop_assert_eq!(&capture.body, &body);
        for (name, value) in &headers {
            prop_assert_eq!(capture.header(name), Some(value.as_str()));
        }
    }

    #[test]
    fn ndjson_files_round_trip(list in proptest::collection::vec(captures(), 1..6)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("captures.ndjson");
        let text: String = list.iter().map(|c| c.to_json() + "\n").collect();
        std::fs::write(&path, text).unwrap();
        let read: Vec<Capture> = capture::read_all(&path).into_iter().map(|(_, c)| c.unwrap()).collect();
        prop_assert_eq!(read, list);
    }

    // `--set` paths.

    #[test]
    fn set_paths_never_panic(s in text(), target in json_values()) {
        if let Ok(assignment) = s.parse::<Assignment>() {
            let mut target = target;
            let _ = assignment.apply(&mut target);
        }
    }

    #[test]
    fn set_paths_set_what_they_say(path in proptest::collection::vec("[a-z_]{1,8}", 1..4), value in json_values()) {
        let mut event = EventType::Completed.template("j1", "2026-12-04T10:30:00Z");
        let text = format!("{}={value}", path.join("."));
        let assignment: Assignment = text.parse().unwrap();
        if assignment.apply(&mut event).is_ok() {
            let pointer = format!("/{}", path.join("/"));
            prop_assert_eq!(event.pointer(&pointer), Some(&value));
        }
    }

    // Durations, times, sizes.

    #[test]
    fn durations_round_trip(secs in 0u64..10_000_000, s in text()) {
        let _ = clock::parse_duration(&s);
        prop_assert_eq!(clock::parse_duration(&clock::human_duration(secs)).unwrap().as_secs(), secs);
        prop_assert_eq!(clock::parse_duration(&format!("{secs}s")).unwrap().as_secs(), secs);
        prop_assert_eq!(clock::parse_duration(&secs.to_string()).unwrap().as_secs(), secs);
    }

    #[test]
    fn times_round_trip(unix in 0i64..253_402_300_799, s in text()) {
        let _ = clock::parse_instant(&s);
        let _ = clock::parse_api_time(&s);
        prop_assert_eq!(clock::parse_instant(&clock::rfc3339(unix)), Ok(unix));
        prop_assert_eq!(clock::parse_instant(&unix.to_string()), Ok(unix));
    }

    #[test]
    fn sizes_round_trip(n in 0u64..1 << 40, s in text()) {
        let _ = size::parse_size(&s);
        prop_assert_eq!(size::parse_size(&n.to_string()), Ok(n));
        let kib = n >> 10;
        prop_assert_eq!(size::parse_size(&format!("{kib}KiB")), Ok(kib << 10));
    }

    // URLs.

    #[test]
    fn endpoints_round_trip(s in text(), port in 1u16.., path in "(/[a-zA-Z0-9._~-]{0,12}){0,3}") {
        let _ = credentials::parse_api_url(&s);
        if let Ok(endpoint) = s.parse::<Endpoint>() {
            // What we print reads back as the same endpoint.
            prop_assert_eq!(endpoint.to_string().parse::<Endpoint>(), Ok(endpoint));
        }
        let short: Endpoint = format!(":{port}{path}").parse().unwrap();
        prop_assert_eq!(short.port, Some(port));
        prop_assert_eq!(&short.host, "localhost");
        let url = format!("https://example.com:{port}{path}");
        let long: Endpoint = url.parse().unwrap();
        prop_assert_eq!(long.to_string().parse::<Endpoint>().unwrap(), long);
    }

    // What the Pulse API sends back.

    #[test]
    fn api_answers_never_panic_and_print_safely(body in any::<Vec<u8>>(), job_value in json_values(), s in any::<String>()) {
        let _ = errors::api_message(&body);
        let _ = errors::api_message(s.as_bytes());
        let shown = job::details(&job_value, 0, Palette::plain()) + &job::brief(&job_value, Palette::plain());
        prop_assert!(!shown.chars().any(|c| c.is_control() && c != '\n'), "{shown:?}");
        let safe = sanitize::line(&s);
        prop_assert!(!safe.chars().any(|c| c.is_control()));
    }
}
