//! Entry points for fuzzing. Each takes arbitrary bytes, must never panic on any of them, and
//! asserts an invariant that would catch a parser letting something through. The cargo-fuzz
//! targets in `fuzz/` call these, and `tests/it/fuzzing.rs` replays the committed corpus and a
//! mutation profile through them on every test run.

use crate::capture::{self, Capture, CaptureView};
use crate::diagnosis::{SecretTexts, diagnose};
use crate::signing::{
    PublicKey, Secret, SigningKey, SigningMaterial, Verifier, sign_v1, signature_entries,
};

/// The fixed keys messages are verified with (the reference vectors' secret, and an ed25519
/// key from a fixed seed).
pub const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
pub const ED25519_SEED: [u8; 32] = [7; 32];

/// Splits fuzz input into `id`, `timestamp`, `signature header` and `body`: the first three
/// lines, then the rest. [`verify_input`] builds such an input.
fn split(data: &[u8]) -> (String, String, String, &[u8]) {
    let mut parts = data.splitn(4, |&b| b == b'\n');
    let mut text = || String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let (id, timestamp, signature) = (text(), text(), text());
    let body = parts.next().unwrap_or_default();
    (id, timestamp, signature, body)
}

/// The input [`verify`] reads.
pub fn verify_input(id: &str, timestamp: &str, signature: &str, body: &[u8]) -> Vec<u8> {
    let mut data = format!("{id}\n{timestamp}\n{signature}\n").into_bytes();
    data.extend_from_slice(body);
    data
}

/// The signature header, the verifier (both versions, any header naming) and, for what fails,
/// the diagnosis. Invariant: a message is accepted only when its header carries the exact
/// signature computed for its id, timestamp and body.
pub fn verify(data: &[u8]) {
    let (id, timestamp, signature, body) = split(data);
    let secret = Secret::parse(SECRET).expect("a valid secret");
    let signing_key = SigningKey::from_seed(ED25519_SEED);
    let verifier = Verifier::new(vec![secret.clone()])
        .with_public_keys(vec![signing_key.public_key()])
        .with_tolerance(None);
    for prefix in ["webhook", "svix"] {
        let headers = [
            (format!("{prefix}-id"), id.as_str()),
            (format!("{prefix}-timestamp"), timestamp.as_str()),
            (format!("{prefix}-signature"), signature.as_str()),
        ];
        let pairs: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (n.as_str(), *v)).collect();
        let verified = match verifier.verify_request(pairs.iter().copied(), body, 0) {
            Ok(verified) => verified,
            Err(error) => {
                let texts = SecretTexts::new(vec![SECRET.to_string()], false);
                let _ = diagnose(&pairs, body, &error, &verifier, &texts, 0);
                continue;
            }
        };
        let expected = match verified.version.as_str() {
            "v1" => sign_v1(&secret, &id, verified.timestamp, body),
            _ => signing_key.sign(&id, verified.timestamp, body),
        };
        let (version, value) = expected.split_once(',').expect("version,value");
        assert!(
            signature_entries(&signature).any(|e| e.version == version && e.value == value),
            "accepted a message whose header lacks its signature"
        );
    }
}

/// The JSON capture readers. Invariants: the borrowed reader (`verify`'s fast path) and the
/// owned one agree on everything they both read, and a capture written back reads the same.
pub fn capture_json(data: &[u8]) {
    let _ = capture::Format::sniff(data);
    let _ = capture::event_type(data);
    let owned = Capture::from_json(data);
    let view = CaptureView::from_json(data);
    assert_eq!(owned.is_ok(), view.is_ok(), "the two readers disagree");
    if let (Ok(owned), Ok(view)) = (owned, view) {
        let view = view.into_owned();
        assert_eq!(
            (&owned.method, &owned.path, &owned.headers, &owned.body),
            (&view.method, &view.path, &view.headers, &view.body)
        );
        assert_round_trip(owned);
    }
}

/// A capture written as JSON reads back the same. JSON groups a repeated header's values under
/// its name: the order of values within a name is kept, their interleaving with other names is
/// not, and no reader depends on it.
fn assert_round_trip(mut capture: Capture) {
    let mut again = Capture::from_json(capture.to_json().as_bytes()).expect("our own output reads");
    // Stable sorts: values keep their order within a name.
    capture.headers.sort_by(|a, b| a.0.cmp(&b.0));
    again.headers.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(again, capture, "a capture written back reads differently");
}

/// The raw HTTP reader. Invariant: what it reads, written back as JSON, reads the same.
pub fn capture_http(data: &[u8]) {
    if let Ok(capture) = Capture::from_http(data) {
        assert_round_trip(capture);
    }
}

/// Secrets and keys of every kind. Invariant: a parsed key written back parses to the same key.
pub fn secret(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(secret) = Secret::parse(&text) {
        let again = Secret::parse(&secret.to_whsec()).expect("our own output parses");
        assert_eq!(again.key_bytes(), secret.key_bytes());
    }
    let _ = Secret::from_raw(&text);
    let _ = SigningMaterial::parse(&text);
    if let Ok(key) = PublicKey::parse(&text) {
        assert_eq!(PublicKey::parse(&key.to_whpk()).ok(), Some(key));
    }
    if let Ok(key) = SigningKey::parse(&text) {
        let again = SigningKey::parse(&key.to_whsk()).expect("our own output parses");
        assert_eq!(again.public_key(), key.public_key());
    }
}

/// A fuzz target: arbitrary bytes in, a panic on a broken invariant.
pub type Target = fn(&[u8]);

/// Every target by name, for the corpus replay and the mutation profile.
pub const TARGETS: [(&str, Target); 4] = [
    ("verify", verify),
    ("capture_json", capture_json),
    ("capture_http", capture_http),
    ("secret", secret),
];
