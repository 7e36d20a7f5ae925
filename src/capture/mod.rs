//! The capture: one format for what was received. A JSON object (one per `.json` file, one per
//! line of `.ndjson` / `.jsonl`) or a raw HTTP/1.1 request (`.http`). `listen --save` writes it,
//! `verify` and `replay` read it.
//!
//! ```text
//! {"method": "POST", "path": "/webhook", "received_at": "2026-12-04T10:30:00.123Z",
//!  "headers": {"webhook-id": "msg_…", "webhook-signature": ["v1,…", "v1,…"]},
//!  "body": "{\"type\":\"job.completed\",…}"}
//! ```
//!
//! `body` is the exact body when it is UTF-8, else `body_base64` holds it. Only `headers` and a
//! body are required. Unknown fields are kept (and written back) but not interpreted.

mod http;
mod json;

pub use json::CaptureView;

use std::path::Path;

use base64::Engine;
use serde::Deserialize;
use serde::de;
use serde_json::{Map, Value};
use thiserror::Error;

/// One received request.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Capture {
    pub method: Option<String>,
    pub path: Option<String>,
    pub received_at: Option<String>,
    /// Lower-case names in their order; a repeated header appears once per value.
    pub headers: Vec<(String, String)>,
    /// The exact body bytes.
    pub body: Vec<u8>,
    /// Fields this module does not interpret (`listen` adds its verification result and event).
    pub extra: Map<String, Value>,
}

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum CaptureError {
    #[error("empty capture")]
    Empty,
    #[error("not valid JSON: {0}")]
    Json(String),
    #[error("no `headers` object")]
    NoHeaders,
    #[error("no body: a capture needs `body` (text) or `body_base64`")]
    NoBody,
    #[error("both `body` and `body_base64` are present; a capture has exactly one")]
    BothBodies,
    #[error("`body_base64` is not valid base64")]
    BodyBase64,
    #[error("not a raw HTTP request: {0}")]
    Http(String),
}

/// How a file holds captures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One JSON capture.
    Json,
    /// One JSON capture per line.
    Ndjson,
    /// One raw HTTP/1.1 request.
    Http,
}

impl Format {
    /// By file extension: `.json`, `.ndjson` / `.jsonl`, `.http`.
    pub fn of_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(Self::Json),
            "ndjson" | "jsonl" => Some(Self::Ndjson),
            "http" => Some(Self::Http),
            _ => None,
        }
    }

    /// By content, for stdin and files with another extension: a JSON object that is the whole
    /// input is one capture, JSON lines are NDJSON, anything else is read as raw HTTP.
    pub fn sniff(bytes: &[u8]) -> Self {
        let text = trim_ascii_start(bytes);
        if !text.starts_with(b"{") {
            return Self::Http;
        }
        let mut stream = serde_json::Deserializer::from_slice(text).into_iter::<de::IgnoredAny>();
        match (stream.next(), stream.next()) {
            (Some(Ok(_)), None) => Self::Json,
            _ => Self::Ndjson,
        }
    }
}

/// The `type` of a JSON event body. Pulse bodies start with it, so that case is read without
/// parsing the body; anything else is parsed.
pub fn event_type(body: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
    if let Some(rest) = body.strip_prefix(br#"{"type":""#) {
        let end = rest.iter().position(|&b| b == b'"' || b == b'\\')?;
        if rest[end] == b'"' {
            return std::str::from_utf8(&rest[..end]).ok().map(Into::into);
        }
    }
    #[derive(Deserialize)]
    struct Typed<'a> {
        #[serde(rename = "type", borrow)]
        kind: Option<std::borrow::Cow<'a, str>>,
    }
    serde_json::from_slice::<Typed>(body).ok()?.kind
}

/// Every capture in a file, folder (recursively, capture files only, in name order) or `-`
/// (stdin), each with where it came from (`file` or `file:line`). For commands that handle a
/// few captures at a time (`replay`); `verify` streams instead.
pub fn read_all(path: &Path) -> Vec<(String, Result<Capture, String>)> {
    let mut out = Vec::new();
    collect(path, true, &mut out);
    out
}

fn collect(path: &Path, given: bool, out: &mut Vec<(String, Result<Capture, String>)>) {
    let name = path.display().to_string();
    let bytes = if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map(|_| bytes)
    } else if path.is_dir() {
        let mut entries: Vec<_> = match std::fs::read_dir(path) {
            Ok(dir) => dir.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => return out.push((name, Err(format!("cannot list: {e}")))),
        };
        entries.sort();
        for entry in entries {
            collect(&entry, false, out);
        }
        return;
    } else if !given && Format::of_path(path).is_none() {
        return;
    } else {
        std::fs::read(path)
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(e) => return out.push((name, Err(format!("cannot read: {e}")))),
    };
    let format = Format::of_path(path).unwrap_or_else(|| Format::sniff(&bytes));
    match format {
        Format::Json => out.push((name, Capture::from_json(&bytes).map_err(|e| e.to_string()))),
        Format::Http => out.push((name, Capture::from_http(&bytes).map_err(|e| e.to_string()))),
        Format::Ndjson => {
            for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
                if !line.iter().all(u8::is_ascii_whitespace) {
                    let parsed = Capture::from_json(line).map_err(|e| e.to_string());
                    out.push((format!("{name}:{}", i + 1), parsed));
                }
            }
        }
    }
}

pub(crate) fn trim_ascii_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

impl Capture {
    /// Parses one JSON capture.
    pub fn from_json(bytes: &[u8]) -> Result<Self, CaptureError> {
        CaptureView::parse(bytes, true).map(CaptureView::into_owned)
    }

    /// Parses a raw HTTP/1.1 request: request line, headers, blank line, body. The body is
    /// `content-length` bytes when that header is present (trailing white space after it, such
    /// as an editor's final newline, is ignored), chunked when so encoded, else the rest.
    pub fn from_http(bytes: &[u8]) -> Result<Self, CaptureError> {
        http::parse(bytes)
    }

    /// The first value of a header, by lower-case name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The headers as `(name, value)` pairs, for the verifier.
    pub fn header_pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().map(|(n, v)| (n.as_str(), v.as_str()))
    }

    /// The event's `type`, when the body is a JSON object that has one.
    pub fn event_type(&self) -> Option<String> {
        event_type(&self.body).map(Into::into)
    }

    /// The capture as one line of JSON (no newline), fields in the documented order.
    pub fn to_json(&self) -> String {
        let mut out = Map::new();
        let mut put = |key: &str, value: Option<&String>| {
            if let Some(v) = value {
                out.insert(key.into(), Value::String(v.clone()));
            }
        };
        put("method", self.method.as_ref());
        put("path", self.path.as_ref());
        put("received_at", self.received_at.as_ref());
        let mut headers = Map::new();
        for (name, value) in &self.headers {
            let value = Value::String(value.clone());
            match headers.get_mut(name) {
                None => {
                    headers.insert(name.clone(), value);
                }
                Some(Value::Array(list)) => list.push(value),
                Some(existing) => {
                    let first = existing.take();
                    *existing = Value::Array(vec![first, value]);
                }
            }
        }
        out.insert("headers".into(), Value::Object(headers));
        match std::str::from_utf8(&self.body) {
            Ok(text) => out.insert("body".into(), Value::String(text.into())),
            Err(_) => out.insert(
                "body_base64".into(),
                Value::String(base64::engine::general_purpose::STANDARD.encode(&self.body)),
            ),
        };
        for (key, value) in &self.extra {
            out.entry(key.clone()).or_insert_with(|| value.clone());
        }
        Value::Object(out).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_example() {
        let c = Capture::from_json(
            br#"{"method": "POST", "path": "/webhook", "received_at": "2026-12-04T10:30:00.123Z",
                "headers": {"Webhook-Id": "msg_1", "webhook-signature": ["v1,a", "v1,b"]},
                "body": "{\"type\":\"job.completed\"}", "verification": {"ok": true}}"#,
        )
        .unwrap();
        assert_eq!(c.method.as_deref(), Some("POST"));
        assert_eq!(
            c.headers,
            vec![
                ("webhook-id".into(), "msg_1".into()),
                ("webhook-signature".into(), "v1,a".into()),
                ("webhook-signature".into(), "v1,b".into()),
            ]
        );
        assert_eq!(c.body, br#"{"type":"job.completed"}"#);
        assert_eq!(c.event_type().as_deref(), Some("job.completed"));
        assert_eq!(c.extra["verification"]["ok"], true);
        // Written back and read again: the same capture.
        assert_eq!(Capture::from_json(c.to_json().as_bytes()).unwrap(), c);
    }

    #[test]
    fn binary_bodies_round_trip_as_base64() {
        let c = Capture {
            headers: vec![("a".into(), "b".into())],
            body: vec![0xff, 0, 1],
            ..Capture::default()
        };
        let json = c.to_json();
        assert!(json.contains("body_base64"), "{json}");
        assert_eq!(Capture::from_json(json.as_bytes()).unwrap(), c);
    }

    #[test]
    fn malformed_captures_are_typed_errors() {
        assert_eq!(
            Capture::from_json(b"  \n").unwrap_err(),
            CaptureError::Empty
        );
        assert!(matches!(
            Capture::from_json(b"{\"headers\":").unwrap_err(),
            CaptureError::Json(_)
        ));
        assert_eq!(
            Capture::from_json(br#"{"body":"x"}"#).unwrap_err(),
            CaptureError::NoHeaders
        );
        assert_eq!(
            Capture::from_json(br#"{"headers":{}}"#).unwrap_err(),
            CaptureError::NoBody
        );
        assert_eq!(
            Capture::from_json(br#"{"headers":{},"body":"","body_base64":""}"#).unwrap_err(),
            CaptureError::BothBodies
        );
        assert_eq!(
            Capture::from_json(br#"{"headers":{},"body_base64":"!!"}"#).unwrap_err(),
            CaptureError::BodyBase64
        );
        let e = Capture::from_json(br#"{"headers":{"a":5},"body":""}"#).unwrap_err();
        assert!(e.to_string().contains("header `a`"), "{e}");
        assert!(matches!(
            Capture::from_json(b"[1,2]").unwrap_err(),
            CaptureError::Json(_)
        ));
    }

    #[test]
    fn formats_by_name_and_by_content() {
        assert_eq!(
            Format::of_path(Path::new("a/b.JSONL")),
            Some(Format::Ndjson)
        );
        assert_eq!(Format::of_path(Path::new("a/b.txt")), None);
        assert_eq!(Format::sniff(b" {\"a\":1}\n"), Format::Json);
        assert_eq!(Format::sniff(b"{\"a\":1}\n{\"a\":2}\n"), Format::Ndjson);
        assert_eq!(Format::sniff(b"POST / HTTP/1.1\r\n"), Format::Http);
    }
}
