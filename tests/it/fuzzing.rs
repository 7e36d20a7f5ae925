//! The fuzz targets (`pulse_hooks::fuzz_targets`) on every test run: the committed corpus in
//! `fuzz/corpus/`, seeded from the test fixtures, then a mutation profile over it. Long runs:
//! `FUZZ_ITERATIONS=1000000 cargo test --release --test it fuzzing -- --nocapture`, or
//! cargo-fuzz on nightly (`fuzz/README.md`). `UPDATE_FUZZ_CORPUS=1` rewrites the seeds.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use pulse_hooks::capture::Capture;
use pulse_hooks::fuzz_targets::{ED25519_SEED, SECRET, TARGETS, verify_input};
use pulse_hooks::signing::{Secret, SigningKey, sign_v1};
use serde_json::Value;

use crate::common::repo_path;

/// The seeds for each target, built from the shared test vectors.
fn seeds() -> Vec<(&'static str, String, Vec<u8>)> {
    let vectors: Value = serde_json::from_slice(
        &std::fs::read(repo_path("tests/data/standard-webhooks.json")).unwrap(),
    )
    .unwrap();
    let first = &vectors["valid"][0];
    let (id, ts) = (
        first["id"].as_str().unwrap(),
        first["timestamp"].as_i64().unwrap(),
    );
    let payload = first["payload"].as_str().unwrap();
    let mut seeds = Vec::new();
    let mut add = |target, name: String, data: Vec<u8>| seeds.push((target, name, data));
    // Every message of the vectors that has a payload: valid, rotated and invalid signatures.
    for (i, v) in vectors["valid"].as_array().unwrap().iter().enumerate() {
        let Some(body) = v["payload"].as_str() else {
            continue;
        };
        let data = verify_input(
            v["id"].as_str().unwrap(),
            &v["timestamp"].to_string(),
            v["signature"].as_str().unwrap(),
            body.as_bytes(),
        );
        add("verify", format!("valid-{i}"), data);
    }
    let rotation = vectors["rotation"]["signature_header"].as_str().unwrap();
    add(
        "verify",
        "rotation".into(),
        verify_input(id, &ts.to_string(), rotation, payload.as_bytes()),
    );
    for (i, v) in vectors["invalid"].as_array().unwrap().iter().enumerate() {
        let header = v["signature_header"].as_str().unwrap();
        add(
            "verify",
            format!("invalid-{i}"),
            verify_input(id, &ts.to_string(), header, payload.as_bytes()),
        );
    }
    let key = SigningKey::from_seed(ED25519_SEED);
    let secret = Secret::parse(SECRET).unwrap();
    let both = format!(
        "{} {}",
        sign_v1(&secret, id, ts, payload.as_bytes()),
        key.sign(id, ts, payload.as_bytes())
    );
    add(
        "verify",
        "v1-and-v1a".into(),
        verify_input(id, &ts.to_string(), &both, payload.as_bytes()),
    );

    // Captures of the same message: JSON (text and base64 bodies), and raw HTTP (plain and chunked).
    let capture = |body: &[u8]| Capture {
        method: Some("POST".into()),
        path: Some("/webhook".into()),
        received_at: Some("2021-02-25T15:02:10.000Z".into()),
        headers: vec![
            ("content-type".into(), "application/json".into()),
            ("webhook-id".into(), id.into()),
            ("webhook-timestamp".into(), ts.to_string()),
            ("webhook-signature".into(), rotation.into()),
        ],
        body: body.to_vec(),
        extra: Default::default(),
    };
    add(
        "capture_json",
        "text-body".into(),
        capture(payload.as_bytes()).to_json().into_bytes(),
    );
    add(
        "capture_json",
        "binary-body".into(),
        capture(&[0xff, 0, b'{']).to_json().into_bytes(),
    );
    let head = format!(
        "POST /webhook HTTP/1.1\r\nhost: localhost:5000\r\nwebhook-id: {id}\r\nwebhook-timestamp: {ts}\r\nwebhook-signature: {rotation}\r\n"
    );
    add(
        "capture_http",
        "content-length".into(),
        format!("{head}content-length: {}\r\n\r\n{payload}", payload.len()).into_bytes(),
    );
    add(
        "capture_http",
        "chunked".into(),
        format!(
            "{head}transfer-encoding: chunked\r\n\r\n5\r\n{}\r\n{:x}\r\n{}\r\n0\r\n\r\n",
            &payload[..5],
            payload.len() - 5,
            &payload[5..]
        )
        .into_bytes(),
    );
    add(
        "capture_http",
        "no-length".into(),
        format!("{head}\n{payload}").into_bytes(),
    );

    for (i, v) in vectors["valid"].as_array().unwrap().iter().enumerate() {
        add(
            "secret",
            format!("whsec-{i}"),
            v["secret"].as_str().unwrap().as_bytes().to_vec(),
        );
    }
    add(
        "secret",
        "bare".into(),
        b"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".to_vec(),
    );
    add("secret", "whsk".into(), key.to_whsk().into_bytes());
    add(
        "secret",
        "whpk".into(),
        key.public_key().to_whpk().into_bytes(),
    );
    seeds
}

fn corpus_dir(target: &str) -> PathBuf {
    repo_path("fuzz/corpus").join(target)
}

/// Runs one input; a panic is saved under `target/fuzz-failures/` and reported with its path.
fn run(target: &str, run: fn(&[u8]), data: &[u8]) {
    if catch_unwind(AssertUnwindSafe(|| run(data))).is_err() {
        let dir = repo_path("target/fuzz-failures");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{target}-{:016x}", fnv(data)));
        std::fs::write(&path, data).unwrap();
        panic!(
            "fuzz target `{target}` failed on the input saved in {}",
            path.display()
        );
    }
}

fn fnv(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir(target))
        .map(|dir| dir.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.sort();
    files.iter().map(|f| std::fs::read(f).unwrap()).collect()
}

#[test]
fn the_corpus_is_seeded_from_the_fixtures() {
    let seeds = seeds();
    if std::env::var_os("UPDATE_FUZZ_CORPUS").is_some() {
        for (target, name, data) in &seeds {
            std::fs::create_dir_all(corpus_dir(target)).unwrap();
            std::fs::write(corpus_dir(target).join(format!("seed-{name}")), data).unwrap();
        }
    }
    for (target, name, data) in &seeds {
        let path = corpus_dir(target).join(format!("seed-{name}"));
        let committed = std::fs::read(&path).unwrap_or_default();
        assert!(
            committed == *data,
            "{} is stale: run `UPDATE_FUZZ_CORPUS=1 cargo test --test it fuzzing`",
            path.display()
        );
    }
}

#[test]
fn every_target_passes_its_corpus() {
    for (target, f) in TARGETS {
        let inputs = corpus(target);
        assert!(!inputs.is_empty(), "no corpus for `{target}`");
        for data in &inputs {
            run(target, f, data);
        }
    }
}

/// xorshift64*: a small, seedable generator, so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One to eight of: flip a bit, set an interesting byte, insert, delete, duplicate a range,
/// truncate, or splice in part of another input.
fn mutate(rng: &mut Rng, input: &[u8], others: &[Vec<u8>]) -> Vec<u8> {
    const INTERESTING: &[u8] = b"\x00\xff\n\r \t,.=\"\\{}[]:-_/+v1a0";
    let mut data = input.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(data.len() + 1);
        match rng.below(7) {
            0 if !data.is_empty() => {
                let i = at.min(data.len() - 1);
                data[i] ^= 1 << rng.below(8);
            }
            1 if !data.is_empty() => {
                let i = at.min(data.len() - 1);
                data[i] = INTERESTING[rng.below(INTERESTING.len())];
            }
            2 => {
                let byte = if rng.below(2) == 0 {
                    INTERESTING[rng.below(INTERESTING.len())]
                } else {
                    rng.next() as u8
                };
                data.insert(at, byte);
            }
            3 if at < data.len() => {
                let end = (at + 1 + rng.below(16)).min(data.len());
                data.drain(at..end);
            }
            4 if at < data.len() => {
                let end = (at + 1 + rng.below(32)).min(data.len());
                let part = data[at..end].to_vec();
                data.splice(at..at, part);
            }
            5 => data.truncate(at),
            _ => {
                let other = &others[rng.below(others.len())];
                let from = rng.below(other.len());
                let part = &other[from..(from + 1 + rng.below(64)).min(other.len())];
                data.splice(at..at, part.iter().copied());
            }
        }
    }
    data
}

#[test]
fn every_target_survives_the_mutation_profile() {
    let iterations: usize = std::env::var("FUZZ_ITERATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3_000);
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0x5eed);
    let started = std::time::Instant::now();
    for (target, f) in TARGETS {
        let inputs = corpus(target);
        let mut rng = Rng(seed ^ fnv(target.as_bytes()));
        for _ in 0..iterations {
            let pick = rng.below(inputs.len());
            let data = mutate(&mut rng, &inputs[pick], &inputs);
            run(target, f, &data);
        }
    }
    eprintln!(
        "fuzzing: {} executions ({iterations} per target, seed {seed}) in {:.1?}",
        iterations * TARGETS.len(),
        started.elapsed()
    );
}
