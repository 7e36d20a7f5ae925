//! `send --count N --concurrency C [--rate R]`: many distinct events, as fast as the receiver
//! answers (or at a rate), with a summary for "does my handler keep up". Its own overhead stays
//! small: one client with pooled connections, one body, a signature per request.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hyper::body::Bytes;
use serde_json::json;

use crate::clock;
use crate::delivery::{self, Delivered, Outgoing, Policy};
use crate::endpoint::Endpoint;
use crate::error::{CliError, Exit, Result};
use crate::ids;
use crate::output;
use crate::signing::{SignatureEncoding, SigningMaterial};
use crate::style::Palette;

pub struct Load {
    pub count: u64,
    pub concurrency: u64,
    pub rate: Option<f64>,
    pub json: bool,
}

#[derive(Default)]
struct Tally {
    accepted: u64,
    rejected: BTreeMap<u16, u64>,
    failed: u64,
    /// Microseconds per delivered event (answered, accepted or not).
    latencies: Vec<u32>,
}

#[allow(clippy::too_many_arguments)]
pub fn run(
    load: &Load,
    endpoint: &Endpoint,
    policy: Policy,
    extra: &[(String, String)],
    material: &SigningMaterial,
    encoding: SignatureEncoding,
    body: Vec<u8>,
    palette: Palette,
) -> Result<Exit> {
    if load.rate.is_some_and(|r| !(r > 0.0 && r.is_finite())) {
        return Err(CliError::usage(
            "`--rate` must be a positive number of requests per second",
        ));
    }
    let (runtime, client) = super::send::delivery_runtime(true)?;
    let progress = if std::io::stderr().is_terminal() && !load.json {
        indicatif::ProgressBar::new(load.count)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let body = Bytes::from(body);
    let next = Arc::new(AtomicU64::new(0));
    let tally = Arc::new(Mutex::new(Tally {
        latencies: Vec::with_capacity(usize::try_from(load.count).unwrap_or(0).min(10_000_000)),
        ..Tally::default()
    }));
    let started = Instant::now();
    runtime.block_on(async {
        let mut tasks = Vec::new();
        for _ in 0..load.concurrency.min(load.count) {
            let (client, next, tally, body, progress) = (
                client.clone(),
                next.clone(),
                tally.clone(),
                body.clone(),
                progress.clone(),
            );
            let (url, extra, material) = (endpoint.to_string(), extra.to_vec(), material.clone());
            let (count, rate) = (load.count, load.rate);
            tasks.push(tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count {
                        return;
                    }
                    if let Some(rate) = rate {
                        let due = started + Duration::from_secs_f64(i as f64 / rate);
                        tokio::time::sleep_until(due.into()).await;
                    }
                    let id = ids::new_message_id(clock::now_unix());
                    let request = Outgoing {
                        url: url.clone(),
                        method: reqwest::Method::POST,
                        headers: Vec::new(),
                        body: body.clone(),
                    };
                    let sent = Instant::now();
                    let outcome = delivery::deliver(
                        &client,
                        &request,
                        &policy,
                        |_, outgoing| {
                            let ts = clock::now_unix();
                            let signature =
                                super::sign::sign_with(&material, encoding, &id, ts, &body)
                                    .unwrap_or_default();
                            outgoing.headers =
                                super::sign::event_headers(&id, ts, signature, &extra);
                        },
                        |_| {},
                    )
                    .await;
                    let micros = u32::try_from(sent.elapsed().as_micros()).unwrap_or(u32::MAX);
                    let mut t = tally.lock().unwrap_or_else(|e| e.into_inner());
                    match outcome {
                        Delivered::Accepted(_) => t.accepted += 1,
                        Delivered::Rejected(s) => *t.rejected.entry(s).or_default() += 1,
                        Delivered::GaveUp(_) => t.failed += 1,
                    }
                    if !matches!(outcome, Delivered::GaveUp(_)) {
                        t.latencies.push(micros);
                    }
                    drop(t);
                    progress.inc(1);
                }
            }));
        }
        for task in tasks {
            let _ = task.await;
        }
    });
    progress.finish_and_clear();
    let elapsed = started.elapsed();
    let mut t = std::mem::take(&mut *tally.lock().unwrap_or_else(|e| e.into_inner()));
    t.latencies.sort_unstable();
    let percentile = |p: f64| -> f64 {
        if t.latencies.is_empty() {
            return 0.0;
        }
        let index = ((p / 100.0) * (t.latencies.len() - 1) as f64).round() as usize;
        f64::from(t.latencies[index]) / 1000.0
    };
    let rejected: u64 = t.rejected.values().sum();
    let answered = t.accepted + rejected;
    let throughput = answered as f64 / elapsed.as_secs_f64();
    let (p50, p90, p99, max) = (
        percentile(50.0),
        percentile(90.0),
        percentile(99.0),
        percentile(100.0),
    );
    if load.json {
        let by_status: serde_json::Map<String, serde_json::Value> = t
            .rejected
            .iter()
            .map(|(s, n)| (s.to_string(), json!(n)))
            .collect();
        let summary = json!({
            "sent": load.count, "accepted": t.accepted, "rejected": by_status, "failed": t.failed,
            "seconds": elapsed.as_secs_f64(), "per_second": throughput,
            "latency_ms": {"p50": p50, "p90": p90, "p99": p99, "max": max},
        });
        output::data(format!("{summary}\n").as_bytes())?;
    } else {
        let rejected_text = if t.rejected.is_empty() {
            "0 rejected".to_string()
        } else {
            let parts: Vec<String> = t
                .rejected
                .iter()
                .map(|(s, n)| format!("{n} × {s}"))
                .collect();
            format!("{rejected} rejected ({})", parts.join(", "))
        };
        let text = format!(
            "sent {} to {endpoint}: {} accepted, {rejected_text}, {} failed in {:.2} s ({throughput:.0}/s)\nlatency p50 {p50:.2} ms, p90 {p90:.2} ms, p99 {p99:.2} ms, max {max:.2} ms\n",
            load.count,
            palette.success(&t.accepted.to_string()),
            t.failed,
            elapsed.as_secs_f64()
        );
        output::data(text.as_bytes())?;
    }
    Ok(if answered == 0 {
        Exit::Network
    } else if rejected + t.failed > 0 {
        Exit::Failure
    } else {
        Exit::Success
    })
}
