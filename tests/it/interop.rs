//! Property tests against independent implementations: the `standardwebhooks` and `svix` crates.

use proptest::prelude::*;
use pulse_hooks::signing::{Secret, Verifier, sign_v1};

use crate::common::now;

fn header_map(id: &str, ts: i64, sig: &str, prefix: &str) -> http::HeaderMap {
    let mut map = http::HeaderMap::new();
    map.insert(
        http::HeaderName::from_bytes(format!("{prefix}-id").as_bytes()).unwrap(),
        id.parse().unwrap(),
    );
    map.insert(
        http::HeaderName::from_bytes(format!("{prefix}-timestamp").as_bytes()).unwrap(),
        ts.to_string().parse().unwrap(),
    );
    map.insert(
        http::HeaderName::from_bytes(format!("{prefix}-signature").as_bytes()).unwrap(),
        sig.parse().unwrap(),
    );
    map
}

fn whsec(key: &[u8]) -> String {
    use base64::Engine;
    format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode(key)
    )
}

fn pairs<'a>(id: &'a str, ts: &'a str, sig: &'a str) -> [(&'a str, &'a str); 3] {
    [
        ("webhook-id", id),
        ("webhook-timestamp", ts),
        ("webhook-signature", sig),
    ]
}

/// Message ids as senders make them: header-safe, no `.`.
fn ids() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_-]{1,40}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn what_we_sign_they_accept(
        key in proptest::collection::vec(any::<u8>(), 1..64),
        id in ids(),
        skew in -290i64..290,
        body in ".{0,400}",
    ) {
        let ts = now() + skew;
        let secret = Secret::parse(&whsec(&key)).unwrap();
        let sig = sign_v1(&secret, &id, ts, body.as_bytes());
        let sw = standardwebhooks::Webhook::new(&whsec(&key)).unwrap();
        prop_assert!(sw.verify(body.as_bytes(), &header_map(&id, ts, &sig, "webhook")).is_ok());
        let svix = svix::webhooks::Webhook::new(&whsec(&key)).unwrap();
        prop_assert!(svix.verify(body.as_bytes(), &header_map(&id, ts, &sig, "svix")).is_ok());
        prop_assert!(svix.verify(body.as_bytes(), &header_map(&id, ts, &sig, "webhook")).is_ok());
    }

    #[test]
    fn what_they_sign_we_accept(
        key in proptest::collection::vec(any::<u8>(), 1..64),
        id in ids(),
        ts in 0i64..4_000_000_000,
        body in ".{0,400}",
    ) {
        let sw = standardwebhooks::Webhook::new(&whsec(&key)).unwrap();
        let svix = svix::webhooks::Webhook::new(&whsec(&key)).unwrap();
        let verifier = Verifier::new(vec![Secret::parse(&whsec(&key)).unwrap()]);
        let ts_text = ts.to_string();
        for sig in [
            sw.sign(&id, ts, body.as_bytes()).unwrap(),
            svix.sign(&id, ts, body.as_bytes()).unwrap(),
        ] {
            prop_assert!(verifier.verify_request(pairs(&id, &ts_text, &sig), body.as_bytes(), ts).is_ok());
        }
    }

    #[test]
    fn any_changed_byte_is_rejected(
        key in proptest::collection::vec(any::<u8>(), 1..64),
        id in ids(),
        body in proptest::collection::vec(any::<u8>(), 0..300),
        which in 0usize..4,
        position in any::<proptest::sample::Index>(),
        flip in 1u8..=255,
    ) {
        let ts = 1_700_000_000i64;
        let secret = Secret::parse(&whsec(&key)).unwrap();
        let sig = sign_v1(&secret, &id, ts, &body);
        let verifier = Verifier::new(vec![secret]).with_tolerance(None);
        let (mut id2, mut ts2, mut sig2, mut body2) =
            (id.clone().into_bytes(), ts.to_string().into_bytes(), sig.clone().into_bytes(), body.clone());
        let target = match which {
            0 => &mut id2,
            1 => &mut ts2,
            2 => &mut sig2,
            _ => &mut body2,
        };
        prop_assume!(!target.is_empty());
        let i = position.index(target.len());
        target[i] ^= flip;
        let (Ok(id2), Ok(ts2), Ok(sig2)) =
            (String::from_utf8(id2), String::from_utf8(ts2), String::from_utf8(sig2))
        else {
            // Not text: cannot be a header value at all.
            return Ok(());
        };
        prop_assert!(verifier.verify_request(pairs(&id2, &ts2, &sig2), &body2, ts).is_err());
    }

    #[test]
    fn binary_bodies_sign_and_verify(
        key in proptest::collection::vec(any::<u8>(), 1..64),
        body in proptest::collection::vec(any::<u8>(), 0..2000),
    ) {
        let secret = Secret::parse(&whsec(&key)).unwrap();
        let sig = sign_v1(&secret, "msg_1", 5, &body);
        let verifier = Verifier::new(vec![secret]).with_tolerance(None);
        prop_assert!(verifier.verify_request(pairs("msg_1", "5", &sig), &body, 5).is_ok());
    }
}

#[test]
fn rotation_any_secret_any_entry() {
    let (old, new) = (whsec(&[1; 24]), whsec(&[2; 24]));
    let ts = now();
    let body = br#"{"type":"job.completed"}"#;
    let old_sig = sign_v1(&Secret::parse(&old).unwrap(), "msg_r", ts, body);
    let new_sig = sign_v1(&Secret::parse(&new).unwrap(), "msg_r", ts, body);
    let header = format!("{old_sig} {new_sig}");
    let ts_text = ts.to_string();
    // The receiver knows only the new secret: the second entry matches.
    let only_new = Verifier::new(vec![Secret::parse(&new).unwrap()]);
    assert!(
        only_new
            .verify_request(pairs("msg_r", &ts_text, &header), body, ts)
            .is_ok()
    );
    // The receiver knows both: the second secret matches a single-entry header.
    let both = Verifier::new(vec![
        Secret::parse(&old).unwrap(),
        Secret::parse(&new).unwrap(),
    ]);
    let ok = both
        .verify_request(pairs("msg_r", &ts_text, &new_sig), body, ts)
        .unwrap();
    assert_eq!(ok.key_index, 1);
    // And the independent verifier agrees about the two-entry header.
    let sw = standardwebhooks::Webhook::new(&new).unwrap();
    assert!(
        sw.verify(body, &header_map("msg_r", ts, &header, "webhook"))
            .is_ok()
    );
}

#[test]
fn challenge_response_matches_an_independent_computation() {
    // K2 = HMAC(key, "wev-v1"); response = v1,base64(HMAC(K2, challenge)), computed here with
    // Python's standard library, which shares no code with ours.
    let key = [7u8; 24];
    let secret = Secret::parse(&whsec(&key)).unwrap();
    let ours = pulse_hooks::signing::challenge_response(&secret, b"challenge-abc");
    let script = "import hmac,hashlib,base64,sys\nk=bytes([7]*24)\nk2=hmac.new(k,b'wev-v1',hashlib.sha256).digest()\nsys.stdout.write('v1,'+base64.b64encode(hmac.new(k2,b'challenge-abc',hashlib.sha256).digest()).decode())";
    let Ok(out) = std::process::Command::new("python3")
        .args(["-c", script])
        .output()
    else {
        eprintln!("python3 not available; skipped the cross-check");
        return;
    };
    assert_eq!(ours, String::from_utf8(out.stdout).unwrap());
}
