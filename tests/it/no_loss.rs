//! No loss: thousands of signed events into `listen --save --forward-to` while the handler fails
//! a third of the attempts. Every acknowledged event has its capture file and reaches the
//! handler exactly once; a shutdown in the middle names exactly the events that did not.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

use crate::common::*;
use crate::listen_cli::{Listener, SECRET};

/// A stable split of ids into groups, independent of how they were made.
fn group(id: &str, groups: u64) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    }) % groups
}

fn header(r: &Received, name: &str) -> String {
    r.headers[name].to_str().unwrap().to_string()
}

/// Sends `count` distinct signed events to the listener with the load mode.
fn send_all(env: &Env, listener: &Listener, count: usize) {
    let out = env
        .cmd()
        .args(["send", "job.completed", "--secret", SECRET, "--json"])
        .args(["--count", &count.to_string(), "--concurrency", "48"])
        .args(["--to", &format!("http://{}/webhook", listener.addr)])
        .output()
        .unwrap();
    assert_code(&out, 0);
}

/// The ids the listener acknowledged (answered 200), from its capture lines.
fn acknowledged(lines: &[Value]) -> Vec<String> {
    lines
        .iter()
        .filter(|l| l["response"]["status"] == 200)
        .map(|l| l["headers"]["webhook-id"].as_str().unwrap().to_string())
        .collect()
}

/// The `webhook-id` of every capture file in `dir`, each checked to be private.
fn saved_ids(dir: &std::path::Path) -> Vec<String> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
            let capture: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            capture["headers"]["webhook-id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn ten_thousand_events_with_a_failing_handler_lose_nothing() {
    const EVENTS: usize = 10_000;
    let env = Env::new();
    let dir = env.path("captures");
    // Half of the events fail their first attempt (500, retry at once): a third of all attempts.
    let accepted: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    let tally = accepted.clone();
    let target = TestServer::start_replying(move |r, earlier| {
        let id = header(r, "webhook-id");
        if earlier == 0 && group(&id, 2) == 0 {
            return Reply::json(500, "{}").header("retry-after", "0");
        }
        *tally.lock().unwrap().entry(id).or_default() += 1;
        Reply::json(200, "{}")
    });
    let listener = Listener::start(
        &env,
        &[
            "--save",
            dir.to_str().unwrap(),
            "--forward-to",
            &target.url(),
        ],
    );
    send_all(&env, &listener, EVENTS);
    wait_until("every forward", || accepted.lock().unwrap().len() >= EVENTS);
    let (lines, err, code) = listener.stop();
    assert_eq!(code, Some(0), "{err}");

    let summary = lines.last().unwrap();
    assert_eq!(summary["event"], "summary");
    let acked = acknowledged(&lines[..lines.len() - 1]);
    assert_eq!(acked.len(), EVENTS, "every event acknowledged");
    let acked: HashSet<String> = acked.into_iter().collect();
    assert_eq!(acked.len(), EVENTS, "distinct ids");

    // Each acknowledged event has its capture file (written before the answer).
    let saved = saved_ids(&dir);
    assert_eq!(saved.len(), EVENTS);
    assert_eq!(saved.into_iter().collect::<HashSet<_>>(), acked);

    // Each reached the handler exactly once, with its exact body.
    let accepted = accepted.lock().unwrap();
    assert_eq!(accepted.keys().cloned().collect::<HashSet<_>>(), acked);
    assert!(
        accepted.values().all(|&n| n == 1),
        "accepted more than once"
    );
    let attempts = target.requests();
    let failed = attempts.len() - EVENTS;
    let share = failed as f64 / attempts.len() as f64;
    assert!(
        (0.28..0.38).contains(&share),
        "a third of the attempts failed: {share}"
    );
    assert_eq!(summary["forwarded"], EVENTS);
    assert_eq!(summary["failed forwards"], 0);
    assert_eq!(summary["not delivered"], 0);
    assert_eq!(summary["not_forwarded"], serde_json::json!([]));
}

#[test]
fn a_shutdown_in_the_middle_names_exactly_what_was_not_forwarded() {
    const EVENTS: usize = 2_000;
    let env = Env::new();
    let dir = env.path("captures");
    // A fifth of the events hang the handler; with every forwarding slot held by one of them,
    // the rest wait in the queue when the listener is stopped.
    let target = TestServer::start_replying(|r, _| {
        if group(&header(r, "webhook-id"), 5) == 0 {
            Reply::json(200, "{}").after(Duration::from_secs(3600))
        } else {
            Reply::json(200, "{}")
        }
    });
    let listener = Listener::start(
        &env,
        &[
            "--save",
            dir.to_str().unwrap(),
            "--forward-to",
            &target.url(),
            "--drain",
            "1s",
        ],
    );
    send_all(&env, &listener, EVENTS);
    // Wait until the handler sees nothing new: forwarding is stuck.
    let mut seen = 0;
    wait_until("forwarding to stall", || {
        std::thread::sleep(Duration::from_millis(500));
        let now = target.requests().len();
        std::mem::replace(&mut seen, now) == now
    });
    let (lines, err, code) = listener.stop();
    assert_eq!(code, Some(0), "{err}");
    let summary = lines.last().unwrap();
    let acked: HashSet<String> = acknowledged(&lines[..lines.len() - 1])
        .into_iter()
        .collect();
    assert_eq!(acked.len(), EVENTS);

    // Delivered: what the handler answered at once. Everything else is reported, by id.
    let delivered: HashSet<String> = target
        .requests()
        .iter()
        .map(|r| header(r, "webhook-id"))
        .filter(|id| group(id, 5) != 0)
        .collect();
    let reported: Vec<String> = summary["not_forwarded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let reported_set: HashSet<String> = reported.iter().cloned().collect();
    assert_eq!(reported.len(), reported_set.len(), "each id once");
    let expected: HashSet<String> = acked.difference(&delivered).cloned().collect();
    assert!(
        !expected.is_empty() && expected.len() < EVENTS,
        "stopped in the middle"
    );
    assert_eq!(reported_set, expected);
    assert_eq!(summary["not_forwarded_unlisted"], 0);
    assert_eq!(
        summary["forwarded"].as_u64().unwrap() as usize + reported.len(),
        EVENTS
    );
    // And each of them is saved, ready to replay.
    let saved: HashSet<String> = saved_ids(&dir).into_iter().collect();
    assert!(reported_set.is_subset(&saved));
    assert!(
        err.contains(&format!("not forwarded ({})", reported.len())),
        "{err}"
    );
}
