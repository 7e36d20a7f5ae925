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
use crate::capture::Capture;
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
    recent: Mutex<(HashSet<String>, VecDeque<String>)>,
    sequence: AtomicU64,
}

impl State {
    pub fn new(settings: Settings, printer: Printer, forwarder: Option<Forwarder>) -> Self {
        Self {
            settings,
            counters: Counters::default(),
            printer,
            forwarder,
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
    if emit(&state, record, id.as_deref()).is_err() {
        // Not saved: not acknowledged either, so the sender retries.
        return Ok(respond(
            StatusCode::INTERNAL_SERVER_ERROR,
            &json!({"ok": false, "error": "the capture could not be saved"}),
        ));
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
        let capture = record.to_capture().to_json();
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
    /// The capture of this request, with what `listen` made of it.
    pub fn to_capture(&self) -> Capture {
        let mut extra = serde_json::Map::new();
        extra.insert("verification".into(), self.verdict.to_json());
        extra.insert("response".into(), json!({"status": self.status}));
        if self.duplicate {
            extra.insert("duplicate".into(), json!(true));
        }
        if let Ok(payload) = serde_json::from_slice::<Value>(&self.body) {
            extra.insert("payload".into(), payload);
        }
        Capture {
            method: Some(self.method.clone()),
            path: Some(self.path.clone()),
            received_at: Some(clock::rfc3339_millis(self.received_at)),
            headers: self.headers.clone(),
            body: self.body.to_vec(),
            extra,
        }
    }
}
