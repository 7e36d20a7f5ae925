//! The signing core in process, against raw HMAC-SHA256 on this CPU: the `hmac` crate alone, over
//! the same signed content, once with the keyed state computed once (the fastest a v1 signature
//! can be checked; the goal is measured against this) and once with the key set up per message
//! (what the reference libraries do).
//!
//! `cargo bench --bench core` prints one Markdown table row per case. Each figure is the median
//! of several timed rounds; rows compare figures from the same run.

use std::hint::black_box;
use std::time::{Duration, Instant};

use hmac::{Hmac, KeyInit, Mac};
use pulse_hooks::signing::{Secret, Verifier, sign_v1};
use sha2::Sha256;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const ID: &str = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
const TS: i64 = 1_764_844_200;

/// Operations per second: the median of 7 rounds of about 0.3 s each (3 shorter ones with
/// `BENCH_QUICK` set, for `bench/run --quick`).
fn rate(mut op: impl FnMut()) -> f64 {
    let quick = std::env::var_os("BENCH_QUICK").is_some_and(|v| !v.is_empty());
    let (rounds, scale) = if quick { (3, 2) } else { (7, 6) };
    let mut batch = 1u64;
    loop {
        let start = Instant::now();
        for _ in 0..batch {
            op();
        }
        if start.elapsed() > Duration::from_millis(50) {
            break;
        }
        batch *= 2;
    }
    let batch = batch * scale;
    let mut rates: Vec<f64> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..batch {
                op();
            }
            batch as f64 / start.elapsed().as_secs_f64()
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    rates[rounds / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing and expects no work.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let secret = Secret::parse(SECRET).unwrap();
    let keyed = Hmac::<Sha256>::new_from_slice(secret.key_bytes()).unwrap();
    println!(
        "| case | pulse-hooks (ops/s) | raw HMAC, key state reused (ops/s) | ratio | raw HMAC, key set up per message (ops/s) | ratio | goal |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
    for size in [300usize, 20 * 1024] {
        let body = vec![b'x'; size];
        let content = [format!("{ID}.{TS}.").as_bytes(), &body].concat();
        let raw = rate(|| {
            let mut mac = keyed.clone();
            mac.update(black_box(&content));
            black_box(mac.finalize().into_bytes());
        });
        // What the reference libraries do for every message: set the key up, then hash.
        let rekeyed = rate(|| {
            let mut mac = Hmac::<Sha256>::new_from_slice(black_box(secret.key_bytes())).unwrap();
            mac.update(black_box(&content));
            black_box(mac.finalize().into_bytes());
        });
        let signature = sign_v1(&secret, ID, TS, &body);
        let ts = TS.to_string();
        let headers = [
            ("webhook-id", ID),
            ("webhook-timestamp", ts.as_str()),
            ("webhook-signature", signature.as_str()),
        ];
        let verifier = Verifier::new(vec![secret.clone()]);
        let verify = rate(|| {
            black_box(verifier.verify_request(black_box(headers), black_box(&body), TS)).unwrap();
        });
        let sign = rate(|| {
            black_box(sign_v1(&secret, ID, TS, black_box(&body)));
        });
        let label = if size < 1024 {
            format!("{size} B")
        } else {
            format!("{} kB", size / 1024)
        };
        let goal = |ratio: f64| {
            if size == 300 {
                format!(
                    "≥ 70% of raw HMAC: {}",
                    if ratio >= 0.7 { "met" } else { "MISSED" }
                )
            } else {
                "-".to_string()
            }
        };
        for (case, ours) in [("verify", verify), ("sign", sign)] {
            println!(
                "| {case}, {label} | {ours:.0} | {raw:.0} | {:.0}% | {rekeyed:.0} | {:.0}% | {} |",
                100.0 * ours / raw,
                100.0 * ours / rekeyed,
                if case == "verify" {
                    goal(ours / raw)
                } else {
                    "-".into()
                }
            );
        }
    }
}
