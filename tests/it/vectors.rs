//! Every vector in the shared Standard Webhooks file, through the library.

use pulse_hooks::signing::{Secret, SigningMaterial, Verifier, VerifyError, sign_v1};
use serde_json::Value;

use crate::common::repo_path;

fn vectors() -> Value {
    let ours = std::fs::read_to_string(repo_path("tests/data/standard-webhooks.json")).unwrap();
    // The copy in the repo must stay the shared one, where the shared folder is beside the repo.
    if let Ok(shared) =
        std::fs::read_to_string(repo_path("../shared/vectors/standard-webhooks.json"))
    {
        assert_eq!(
            ours, shared,
            "tests/data/standard-webhooks.json differs from shared/vectors"
        );
    }
    serde_json::from_str(&ours).unwrap()
}

fn payload(v: &Value) -> Vec<u8> {
    if let Some(p) = v["payload"].as_str() {
        return p.as_bytes().to_vec();
    }
    let repeat = &v["payload_repeat"];
    repeat["char"]
        .as_str()
        .unwrap()
        .repeat(repeat["count"].as_u64().unwrap() as usize)
        .into_bytes()
}

fn headers<'a>(id: &'a str, ts: &'a str, sig: &'a str) -> [(&'a str, &'a str); 3] {
    [
        ("webhook-id", id),
        ("webhook-timestamp", ts),
        ("webhook-signature", sig),
    ]
}

#[test]
fn valid_vectors_sign_exactly_and_verify() {
    let all = vectors();
    let valid = all["valid"].as_array().unwrap();
    assert!(valid.len() >= 3);
    for v in valid {
        let name = v["name"].as_str().unwrap();
        let secret = Secret::parse(v["secret"].as_str().unwrap()).unwrap();
        let (id, ts) = (v["id"].as_str().unwrap(), v["timestamp"].as_i64().unwrap());
        let body = payload(v);
        let expected = v["signature"].as_str().unwrap();
        assert_eq!(sign_v1(&secret, id, ts, &body), expected, "{name}");
        assert_eq!(
            SigningMaterial::Hmac(secret.clone()).sign(id, ts, &body),
            expected
        );
        let verifier = Verifier::new(vec![secret]);
        let ts_text = ts.to_string();
        let verified = verifier
            .verify_request(headers(id, &ts_text, expected), &body, ts)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(verified.key_index, 0);
        // And the same through the other naming, in another case.
        let svix = [
            ("Svix-Id", id),
            ("SVIX-TIMESTAMP", ts_text.as_str()),
            ("svix-signature", expected),
        ];
        assert!(
            verifier.verify_request(svix, &body, ts + 299).is_ok(),
            "{name}"
        );
    }
}

#[test]
fn rotation_vector_verifies() {
    let all = vectors();
    let r = &all["rotation"];
    let secret = Secret::parse(r["secret"].as_str().unwrap()).unwrap();
    let ts = r["timestamp"].as_i64().unwrap();
    let ts_text = ts.to_string();
    let verifier = Verifier::new(vec![secret]);
    let result = verifier.verify_request(
        headers(
            r["id"].as_str().unwrap(),
            &ts_text,
            r["signature_header"].as_str().unwrap(),
        ),
        r["payload"].as_str().unwrap().as_bytes(),
        ts,
    );
    assert!(result.is_ok(), "{result:?}");
}

#[test]
fn every_invalid_vector_fails_with_the_right_error() {
    let all = vectors();
    let base = &all["valid"][0];
    let secret = Secret::parse(base["secret"].as_str().unwrap()).unwrap();
    let id = base["id"].as_str().unwrap();
    let ts = base["timestamp"].as_i64().unwrap();
    let ts_text = ts.to_string();
    let body = payload(base);
    let verifier = Verifier::new(vec![secret]);
    let invalid = all["invalid"].as_array().unwrap();
    assert_eq!(invalid.len(), 8);
    for v in invalid {
        let why = v["why"].as_str().unwrap();
        let header = v["signature_header"].as_str().unwrap();
        let error = verifier
            .verify_request(headers(id, &ts_text, header), &body, ts)
            .expect_err(why);
        let expected_kind = if why.starts_with("unknown version") || why.starts_with("no version") {
            matches!(error, VerifyError::NoUsableSignature(_))
        } else {
            error == VerifyError::NoMatchingSignature { checked: 1 }
        };
        assert!(expected_kind, "{why}: got {error:?}");
    }
}

#[test]
fn docs_sample_variant_is_reproduced_by_hex_mode() {
    use pulse_hooks::signing::{SignatureEncoding, sign_v1_encoded};
    let all = vectors();
    let base = &all["valid"][0];
    let secret_text = base["secret"].as_str().unwrap();
    let (id, ts) = (
        base["id"].as_str().unwrap(),
        base["timestamp"].as_i64().unwrap(),
    );
    let body = payload(base);
    let variant = &all["docs_sample_variant"];
    let raw = Secret::from_raw(secret_text).unwrap();
    assert_eq!(
        sign_v1_encoded(&raw, id, ts, &body, SignatureEncoding::Hex),
        format!("v1,{}", variant["hex_of_raw_secret_hmac"].as_str().unwrap())
    );
    let standard = Secret::parse(secret_text).unwrap();
    assert_eq!(
        sign_v1_encoded(&standard, id, ts, &body, SignatureEncoding::Hex),
        format!("v1,{}", variant["hex_of_standard_hmac"].as_str().unwrap())
    );
}

#[test]
fn timestamps_outside_the_window_fail_both_ways() {
    let all = vectors();
    let base = &all["valid"][0];
    let secret = Secret::parse(base["secret"].as_str().unwrap()).unwrap();
    let id = base["id"].as_str().unwrap();
    let ts = base["timestamp"].as_i64().unwrap();
    let ts_text = ts.to_string();
    let sig = base["signature"].as_str().unwrap();
    let body = payload(base);
    let verifier = Verifier::new(vec![secret]);
    assert!(matches!(
        verifier.verify_request(headers(id, &ts_text, sig), &body, ts + 301),
        Err(VerifyError::TimestampTooOld { behind: 301, .. })
    ));
    assert!(matches!(
        verifier.verify_request(headers(id, &ts_text, sig), &body, ts - 301),
        Err(VerifyError::TimestampTooNew { ahead: 301, .. })
    ));
    let lenient = verifier.clone().with_tolerance(None);
    assert!(
        lenient
            .verify_request(headers(id, &ts_text, sig), &body, ts + 1_000_000)
            .is_ok()
    );
    // An id containing `.` is rejected before any signature is checked.
    assert!(matches!(
        verifier.verify_request(headers("msg.1", &ts_text, sig), &body, ts),
        Err(VerifyError::InvalidId(_))
    ));
}

#[test]
fn v1a_svix_server_vector_through_the_verifier() {
    use pulse_hooks::signing::{PublicKey, SigningKey};
    let all = vectors();
    let base = &all["valid"][0];
    let (id, ts) = (
        base["id"].as_str().unwrap(),
        base["timestamp"].as_i64().unwrap(),
    );
    let ts_text = ts.to_string();
    let body = payload(base);
    let key = SigningKey::parse(
        "whsk_6Xb/dCcHpPea21PS1N9VY/NZW723CEc77N4rJCubMbfVKIDij2HKpMKkioLlX0dRqSKJp4AJ6p9lMicMFs6Kvg==",
    )
    .unwrap();
    let expected = "v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg==";
    assert_eq!(key.sign(id, ts, &body), expected);
    let public = PublicKey::parse("whpk_1SiA4o9hyqTCpIqC5V9HUakiiaeACeqfZTInDBbOir4=").unwrap();
    let verifier = Verifier::new(vec![]).with_public_keys(vec![public]);
    let ok = verifier
        .verify_request(headers(id, &ts_text, expected), &body, ts)
        .unwrap();
    assert_eq!(ok.version.as_str(), "v1a");
    // A v1 signature with no secret to check it is not silently accepted.
    let sig = base["signature"].as_str().unwrap();
    assert!(matches!(
        verifier.verify_request(headers(id, &ts_text, sig), &body, ts),
        Err(VerifyError::NoUsableSignature(_))
    ));
}
