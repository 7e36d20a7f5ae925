//! The HTTP side of `listen`: accept within limits, read each request within its time and size,
//! verify, save, answer, and hand a record to the printer. Nothing here waits on output.

use std::collections::{HashSet, VecDeque};
use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{ALLOW, CONTENT_LENGTH, CONTENT_TYPE, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::{Value, json};

use super::forward::{Forwarder, Job};
use super::render::{Output, Printer, Record, Verdict};
use super::results::ResultFetcher;
use crate::check::Checker;
use crate::clock;
use crate::signing::{CHALLENGE_HEADER, CHALLENGE_RESPONSE_HEADER, challenge_response};

/// How many recent message ids are remembered to spot duplicates.
const RECENT_IDS: usize = 10_000;

pub struct Settings {
    pub checker: Checker,
    pub path: String,
    pub accept_unsigned: bool,
    pub max_body: usize,
    pub read_timeout: Duration,
    pub save: Option<PathBuf>,
    /// Captures are built only when saved or printed as JSON.
    pub json: bool,
    /// Forward unverified requests too.
    pub forward_all: bool,
}

#[derive(Default)]
pub struct Counters {
    pub received: AtomicU64,
    pub verified: AtomicU64,
    pub rejected: AtomicU64,
    pub duplicates: AtomicU64,
    pub save_failures: AtomicU64,
}

pub struct State {
    pub settings: Settings,
    pub counters: Counters,
    pub printer: Printer,
    pub forwarder: Option<Forwarder>,
    pub fetcher: Option<ResultFetcher>,
    recent: Mutex<(HashSet<String>, VecDeque<String>)>,
    sequence: AtomicU64,
}

impl State {
    pub fn new(
        settings: Settings,
        printer: Printer,
        forwarder: Option<Forwarder>,
        fetcher: Option<ResultFetcher>,
    ) -> Self {
        Self {
            settings,
            counters: Counters::default(),
            printer,
            forwarder,
            fetcher,
            recent: Mutex::default(),
            sequence: AtomicU64::new(0),
        }
    }

    /// Remembers an id; true when it was seen recently. Memory is bounded: the oldest id is
    /// forgotten when the set is full.
    fn seen(&self, id: &str) -> bool {
        let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        let (set, order) = &mut *recent;
        if set.contains(id) {
            return true;
        }
        if order.len() == RECENT_IDS
            && let Some(oldest) = order.pop_front()
        {
            set.remove(&oldest);
        }
        set.insert(id.to_string());
        order.push_back(id.to_string());
        false
    }
}

fn respond(status: StatusCode, body: &Value) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body.to_string())));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

pub async fn handle(
    request: Request<Incoming>,
    state: Arc<State>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let received_at = SystemTime::now();
    state.counters.received.fetch_add(1, Ordering::Relaxed);
    let settings = &state.settings;
    let (parts, body) = request.into_parts();
    let path = parts
        .uri
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_string();
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_string(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let mut record = Record {
        received_at,
        method: parts.method.to_string(),
        path,
        headers,
        body: Bytes::new(),
        status: 200,
        verdict: Verdict::Refused(""),
        duplicate: false,
        saved: None,
        capture_json: None,
    };
    let refuse = |mut record: Record, status: StatusCode, why: &'static str| {
        record.status = status.as_u16();
        record.verdict = Verdict::Refused(why);
        state.counters.rejected.fetch_add(1, Ordering::Relaxed);
        // A save failure changes nothing here: the request is refused anyway.
        let _ = emit(&state, record, None);
        let mut response = respond(status, &json!({"ok": false, "error": why}));
        if status == StatusCode::METHOD_NOT_ALLOWED {
            response
                .headers_mut()
                .insert(ALLOW, HeaderValue::from_static("POST"));
        }
        Ok(response)
    };
    if settings.path != "*" && parts.uri.path() != settings.path {
        return refuse(
            record,
            StatusCode::NOT_FOUND,
            "no webhook endpoint at this path",
        );
    }
    if parts.method != Method::POST {
        return refuse(
            record,
            StatusCode::METHOD_NOT_ALLOWED,
            "webhooks are POSTed",
        );
    }
    let announced = parts
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if announced.is_some_and(|n| n > settings.max_body as u64) {
        return refuse(
            record,
            StatusCode::PAYLOAD_TOO_LARGE,
            "body larger than --max-body",
        );
    }
    let read = tokio::time::timeout(
        settings.read_timeout,
        Limited::new(body, settings.max_body).collect(),
    )
    .await;
    record.body = match read {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(e))
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some() =>
        {
            return refuse(
                record,
                StatusCode::PAYLOAD_TOO_LARGE,
                "body larger than --max-body",
            );
        }
        Ok(Err(_)) => {
            return refuse(
                record,
                StatusCode::BAD_REQUEST,
                "the body could not be read",
            );
        }
        Err(_) => {
            return refuse(
                record,
                StatusCode::REQUEST_TIMEOUT,
                "the body took too long",
            );
        }
    };
    if let Some(challenge) = parts.headers.get(CHALLENGE_HEADER) {
        return Ok(answer_challenge(record, challenge.as_bytes(), &state));
    }
    let pairs: Vec<(&str, &str)> = record
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let now = clock::now_unix();
    let verdict = if settings.accept_unsigned {
        Verdict::Unsigned
    } else {
        match settings.checker.check_at(&pairs, &record.body, now) {
            Ok(verified) => Verdict::Verified(verified),
            Err(rejection) => Verdict::Rejected(rejection),
        }
    };
    let id = record
        .headers
        .iter()
        .find(|(n, _)| n == "webhook-id" || n == "svix-id")
        .map(|(_, v)| v.clone());
    let is_json = serde_json::from_slice::<serde::de::IgnoredAny>(&record.body).is_ok();
    let (status, body) = match &verdict {
        Verdict::Rejected(rejection) => {
            state.counters.rejected.fetch_add(1, Ordering::Relaxed);
            (
                StatusCode::UNAUTHORIZED,
                json!({
                    "ok": false,
                    "error": "signature verification failed",
                    "reason": rejection.error.to_string(),
                    "diagnosis": rejection.diagnosis.as_ref().map(|d| &d.message),
                }),
            )
        }
        _ if !is_json => {
            state.counters.rejected.fetch_add(1, Ordering::Relaxed);
            (
                StatusCode::BAD_REQUEST,
                json!({"ok": false, "error": "the body is not JSON"}),
            )
        }
        _ => {
            state.counters.verified.fetch_add(1, Ordering::Relaxed);
            (StatusCode::OK, json!({"ok": true}))
        }
    };
    if status == StatusCode::OK
        && let Some(id) = &id
        && state.seen(id)
    {
        record.duplicate = true;
        state.counters.duplicates.fetch_add(1, Ordering::Relaxed);
    }
    record.status = status.as_u16();
    record.verdict = verdict;
    let forward = state
        .forwarder
        .as_ref()
        .filter(|_| status == StatusCode::OK || settings.forward_all)
        .map(|f| {
            let job = Job {
                id: id.clone(),
                method: record.method.clone(),
                headers: record.headers.clone(),
                body: record.body.clone(),
            };
            (f, job)
        });
    // Once per event: a duplicate delivery fetches nothing new.
    let fetch = state
        .fetcher
        .as_ref()
        .filter(|_| status == StatusCode::OK && !record.duplicate)
        .and_then(|f| Some((f, ResultFetcher::job_to_fetch(&record.body)?)));
    if emit(&state, record, id.as_deref()).is_err() {
        // Not saved: not acknowledged either, so the sender retries.
        return Ok(respond(
            StatusCode::INTERNAL_SERVER_ERROR,
            &json!({"ok": false, "error": "the capture could not be saved"}),
        ));
    }
    if let Some((fetcher, job_id)) = fetch {
        fetcher.fetch(job_id);
    }
    if let Some((forwarder, job)) = forward
        && !forwarder.enqueue(job)
    {
        state.printer.send(Output::Warning(
            "the forward queue is full: this request will not be forwarded".into(),
        ));
    }
    Ok(respond(status, &body))
}

/// Saves the request's capture (before it is answered: an acknowledged request always has its
/// file) and hands the record to the printer. `Err` when the capture could not be saved.
fn emit(state: &State, mut record: Record, id: Option<&str>) -> Result<(), ()> {
    let settings = &state.settings;
    let mut result = Ok(());
    if settings.json || settings.save.is_some() {
        let capture = record.capture_line();
        if let Some(dir) = &settings.save {
            let seq = state.sequence.fetch_add(1, Ordering::Relaxed);
            let path = dir.join(super::render::capture_file_name(
                record.received_at,
                seq,
                id,
            ));
            match crate::config::write_private(&path, capture.as_bytes(), true, false) {
                Ok(_) => record.saved = Some(path),
                Err(e) => {
                    state.counters.save_failures.fetch_add(1, Ordering::Relaxed);
                    state.printer.send(Output::Warning(format!(
                        "cannot save a capture in `{}`: {e}",
                        dir.display()
                    )));
                    record.status = 500;
                    result = Err(());
                }
            }
        }
        record.capture_json = settings.json.then_some(capture);
    }
    state.printer.send(Output::Request(Box::new(record)));
    result
}

fn answer_challenge(mut record: Record, challenge: &[u8], state: &State) -> Response<Full<Bytes>> {
    let secret = state.settings.checker.verifier.secrets().first();
    let Some(secret) = secret else {
        record.status = 400;
        record.verdict = Verdict::Refused("a challenge needs an HMAC secret");
        let _ = emit(state, record, None);
        return respond(
            StatusCode::BAD_REQUEST,
            &json!({"ok": false, "error": "no HMAC secret to answer the challenge with"}),
        );
    };
    let answer = challenge_response(secret, challenge);
    record.verdict = Verdict::Challenge;
    let _ = emit(state, record, None);
    let mut response = respond(StatusCode::OK, &json!({"ok": true, "challenge": answer}));
    if let Ok(value) = HeaderValue::from_str(&answer) {
        response
            .headers_mut()
            .insert(CHALLENGE_RESPONSE_HEADER, value);
    }
    response
}

impl Record {
    /// The capture of this request, with what `listen` made of it, as one line of JSON: the
    /// fields of [`Capture::to_json`] in its order, then `verification`, `response`,
    /// `duplicate` and the parsed `payload`. Written directly, without building a JSON tree:
    /// this runs for every request.
    pub fn capture_line(&self) -> String {
        fn string(out: &mut Vec<u8>, text: &str) {
            serde_json::to_writer(&mut *out, text).expect("writing to memory cannot fail");
        }
        let mut out: Vec<u8> = Vec::with_capacity(512 + self.body.len() * 2);
        out.extend_from_slice(b"{\"method\":");
        string(&mut out, &self.method);
        out.extend_from_slice(b",\"path\":");
        string(&mut out, &self.path);
        out.extend_from_slice(b",\"received_at\":");
        string(&mut out, &clock::rfc3339_millis(self.received_at));
        out.extend_from_slice(b",\"headers\":{");
        for (i, (name, _)) in self.headers.iter().enumerate() {
            if self.headers[..i].iter().any(|(n, _)| n == name) {
                continue;
            }
            if i > 0 {
                out.push(b',');
            }
            string(&mut out, name);
            out.push(b':');
            let values: Vec<&str> = self.headers[i..]
                .iter()
                .filter(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
                .collect();
            if let [one] = values[..] {
                string(&mut out, one);
            } else {
                serde_json::to_writer(&mut out, &values).expect("writing to memory cannot fail");
            }
        }
        out.push(b'}');
        match std::str::from_utf8(&self.body) {
            Ok(text) => {
                out.extend_from_slice(b",\"body\":");
                string(&mut out, text);
            }
            Err(_) => {
                use base64::Engine;
                out.extend_from_slice(b",\"body_base64\":");
                string(
                    &mut out,
                    &base64::engine::general_purpose::STANDARD.encode(&self.body),
                );
            }
        }
        out.extend_from_slice(b",\"verification\":");
        out.extend_from_slice(self.verdict.to_json().to_string().as_bytes());
        out.extend_from_slice(format!(",\"response\":{{\"status\":{}}}", self.status).as_bytes());
        if self.duplicate {
            out.extend_from_slice(b",\"duplicate\":true");
        }
        // A compact JSON body is its own payload; anything else is parsed and written compact,
        // so that the capture stays on one line.
        let trimmed = self.body.trim_ascii();
        let compact = !trimmed.contains(&b'\n') && !trimmed.contains(&b'\r');
        if compact && serde_json::from_slice::<serde::de::IgnoredAny>(trimmed).is_ok() {
            out.extend_from_slice(b",\"payload\":");
            out.extend_from_slice(trimmed);
        } else if let Ok(payload) = serde_json::from_slice::<Value>(&self.body) {
            out.extend_from_slice(b",\"payload\":");
            serde_json::to_writer(&mut out, &payload).expect("writing to memory cannot fail");
        }
        out.push(b'}');
        String::from_utf8(out).expect("JSON text is UTF-8")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::Capture;

    fn record(body: &[u8], headers: &[(&str, &str)]) -> Record {
        Record {
            received_at: SystemTime::UNIX_EPOCH,
            method: "POST".into(),
            path: "/webhook?x=\"1\"".into(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: Bytes::copy_from_slice(body),
            status: 200,
            verdict: Verdict::Unsigned,
            duplicate: true,
            saved: None,
            capture_json: None,
        }
    }

    #[test]
    fn capture_lines_are_captures_with_results() {
        let headers = [
            ("webhook-id", "msg_1"),
            ("x", "a"),
            ("x", "b\u{7}"),
            ("host", "h"),
        ];
        for body in [
            &b"{\"type\":\"job.completed\",\"n\":1}"[..],
            b"{\"type\":\"job.failed\"}\r\n",
            b"{\n  \"a\": 1\n}",
            b"not json",
            b"\xff\x00",
        ] {
            let line = record(body, &headers).capture_line();
            assert!(!line.contains('\n'), "{line}");
            let value: Value = serde_json::from_str(&line).unwrap();
            let capture = Capture::from_json(line.as_bytes()).unwrap();
            assert_eq!(capture.body, body);
            assert_eq!(capture.header("x"), Some("a"));
            assert_eq!(capture.headers.len(), 4);
            assert_eq!(value["response"]["status"], 200);
            assert_eq!(value["duplicate"], true);
            assert_eq!(value["verification"]["ok"], true);
            match serde_json::from_slice::<Value>(body) {
                Ok(parsed) => assert_eq!(value["payload"], parsed),
                Err(_) => assert!(value.get("payload").is_none()),
            }
        }
    }
}
