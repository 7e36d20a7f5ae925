//! Why a message did not verify, in words: the known mistakes are tried one by one and the first
//! that explains the signature is named. Only failures pay for this; `verify`, `listen` and
//! `send` call it.

use std::fmt;

use base64::Engine;
use serde_json::Value;

use crate::clock::human_duration;
use crate::signing::{
    HeaderNaming, Secret, Verifier, VerifyError, WebhookHeaders, constant_time_eq, hmac_v1,
    parse_timestamp, signature_entries,
};

/// A named explanation. `kind` is stable, for `--json` reports and scripts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnosis {
    pub kind: &'static str,
    pub message: String,
}

/// The secret texts as the user gave them, so that the mistakes of key handling can be tried.
/// Never printed: its `Debug` is redacted.
#[derive(Clone, Default)]
pub struct SecretTexts {
    texts: Vec<String>,
    /// The user verifies with `--raw-secret` (text bytes as the key).
    raw: bool,
}

impl SecretTexts {
    pub fn new(texts: Vec<String>, raw: bool) -> Self {
        Self { texts, raw }
    }
}

impl fmt::Debug for SecretTexts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretTexts([{} redacted])", self.texts.len())
    }
}

fn found(kind: &'static str, message: impl Into<String>) -> Option<Diagnosis> {
    Some(Diagnosis {
        kind,
        message: message.into(),
    })
}

/// Explains `error` for a message with these headers and body, or `None` when no explanation
/// applies to that kind of error.
pub fn diagnose<'a>(
    headers: &[(&'a str, &'a str)],
    body: &[u8],
    error: &VerifyError,
    verifier: &Verifier,
    texts: &SecretTexts,
    now: i64,
) -> Option<Diagnosis> {
    match error {
        VerifyError::MissingHeaders(_) => near_miss_headers(headers),
        VerifyError::TimestampTooOld { .. } | VerifyError::TimestampTooNew { .. } => {
            let lenient = verifier.clone().with_tolerance(None);
            match lenient.verify_request(headers.iter().copied(), body, now) {
                Ok(verified) => {
                    let drift = now - verified.timestamp;
                    found(
                        "timestamp_only",
                        format!(
                            "the signature is valid; only the time is off: signed {} {}. For stored fixtures use `--ignore-timestamp`, or `--now {}`",
                            human_duration(drift.unsigned_abs()),
                            if drift >= 0 { "ago" } else { "in the future" },
                            verified.timestamp
                        ),
                    )
                }
                Err(VerifyError::NoMatchingSignature { .. }) => {
                    signature_mistake(headers, body, verifier, texts)
                }
                Err(_) => None,
            }
        }
        VerifyError::NoMatchingSignature { .. } => {
            signature_mistake(headers, body, verifier, texts)
        }
        VerifyError::NoUsableSignature(_) => missing_version(headers, body, verifier),
        _ => None,
    }
}

/// Headers that look like the signature headers under another name.
fn near_miss_headers(headers: &[(&str, &str)]) -> Option<Diagnosis> {
    let suspicious = headers
        .iter()
        .map(|(n, _)| n.to_ascii_lowercase())
        .find(|n| {
            let n = n.replace('_', "-");
            ["id", "timestamp", "signature"]
                .iter()
                .any(|f| n.ends_with(&format!("webhook-{f}")) || n.ends_with(&format!("svix-{f}")))
        })?;
    found(
        "header_naming",
        format!(
            "found a `{}` header: the headers must be named exactly `webhook-id`, `webhook-timestamp`, `webhook-signature` (or `svix-*`); a proxy or framework renamed them",
            crate::sanitize::line(&suspicious)
        ),
    )
}

/// The parts of a message a diagnosis recomputes.
struct Message<'a> {
    id: &'a str,
    timestamp: i64,
    /// Every signature value, whatever its version prefix.
    values: Vec<&'a str>,
}

impl<'a> Message<'a> {
    fn parse(headers: &'a WebhookHeaders<'a>) -> Option<Self> {
        Some(Self {
            id: &headers.id,
            timestamp: parse_timestamp(&headers.timestamp).ok()?,
            values: signature_entries(&headers.signature)
                .map(|e| e.value)
                .collect(),
        })
    }

    /// Does HMAC(key, content) match any value, in base64 or hex?
    fn matches(&self, key: &[u8], body: &[u8], encoding: Encoding) -> bool {
        let Ok(secret) = Secret::from_bytes(key) else {
            return false;
        };
        let mac = hmac_v1(&secret, self.id, self.timestamp, body);
        // Constant time here too: these are signatures a request carried.
        match encoding {
            Encoding::Base64 => {
                let text = base64::engine::general_purpose::STANDARD.encode(mac);
                self.values
                    .iter()
                    .any(|v| constant_time_eq(text.as_bytes(), v.as_bytes()))
            }
            Encoding::Hex => {
                let text = crate::signing::hex(&mac);
                self.values
                    .iter()
                    .any(|v| constant_time_eq(text.as_bytes(), v.to_ascii_lowercase().as_bytes()))
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Base64,
    Hex,
}

/// A signature header with no `v1,` prefix whose value is nevertheless right.
fn missing_version(
    headers: &[(&str, &str)],
    body: &[u8],
    verifier: &Verifier,
) -> Option<Diagnosis> {
    let found_headers = WebhookHeaders::find(headers.iter().copied()).ok()?;
    let message = Message::parse(&found_headers)?;
    let bare = signature_entries(&found_headers.signature).any(|e| e.version.is_empty());
    let right = verifier
        .secrets()
        .iter()
        .any(|s| message.matches(s.key_bytes(), body, Encoding::Base64));
    if bare && right {
        return found(
            "missing_version",
            "the signature is right but has no `v1,` prefix: the header must read `v1,<base64>`",
        );
    }
    None
}

fn signature_mistake(
    headers: &[(&str, &str)],
    body: &[u8],
    verifier: &Verifier,
    texts: &SecretTexts,
) -> Option<Diagnosis> {
    let found_headers = WebhookHeaders::find(headers.iter().copied()).ok()?;
    let message = Message::parse(&found_headers)?;
    if message.values.iter().all(|v| v.is_empty()) {
        return found(
            "empty_signature",
            "the signature is `v1,` with nothing after it: an empty signature never verifies (accepting it was CVE-2024-21491)",
        );
    }
    if let Some(d) = other_naming(headers, body, verifier, &found_headers) {
        return Some(d);
    }
    if let Some(d) = key_mistake(&message, body, verifier, texts) {
        return Some(d);
    }
    if let Some(d) = body_mistake(&message, body, verifier) {
        return Some(d);
    }
    let secrets = verifier.secrets().len();
    found(
        "wrong_secret",
        format!(
            "no known mistake explains it: the {} probably not the one that signed",
            if secrets == 1 {
                "secret is"
            } else {
                "secrets are"
            }
        ),
    )
}

/// Both namings present, and the one the Svix libraries do not prefer is the one that verifies.
fn other_naming(
    headers: &[(&str, &str)],
    body: &[u8],
    verifier: &Verifier,
    used: &WebhookHeaders,
) -> Option<Diagnosis> {
    if used.naming != HeaderNaming::Svix {
        return None;
    }
    let standard: Vec<(&str, &str)> = headers
        .iter()
        .copied()
        .filter(|(n, _)| !n.to_ascii_lowercase().starts_with("svix-"))
        .collect();
    let lenient = verifier.clone().with_tolerance(None);
    lenient.verify_request(standard, body, 0).ok()?;
    found(
        "header_naming",
        "the `webhook-*` headers verify but the `svix-*` ones, which take precedence, do not: a sender sends one set, never both",
    )
}

/// Keys and encodings that mistaken senders use.
fn key_mistake(
    message: &Message,
    body: &[u8],
    verifier: &Verifier,
    texts: &SecretTexts,
) -> Option<Diagnosis> {
    for secret in verifier.secrets() {
        if message.matches(secret.key_bytes(), body, Encoding::Hex) {
            return found(
                "hex_signature",
                "the signature is a hex digest, not base64: the sender used `.hexdigest()`; Standard Webhooks signatures are base64",
            );
        }
    }
    for text in &texts.texts {
        let text = text.trim();
        let raw = text.as_bytes();
        if message.matches(raw, body, Encoding::Hex) {
            return found(
                "docs_sample",
                "signed the way Pulse's docs sample computes it: a hex digest keyed by the secret's raw text. Real deliveries never match that: the key is the base64 decoding of the part after `whsec_`, and the signature is base64",
            );
        }
        if !texts.raw && message.matches(raw, body, Encoding::Base64) {
            return found(
                "raw_secret_bytes",
                "signed with the secret's text as the HMAC key instead of its base64 decoding (the key is the base64-decoded part after `whsec_`)",
            );
        }
        if let Some(bare) = text.strip_prefix("whsec_")
            && message.matches(bare.as_bytes(), body, Encoding::Base64)
        {
            return found(
                "secret_not_decoded",
                "signed with the secret's base64 text (without `whsec_`) as the key: the sender did not base64-decode it",
            );
        }
        let kept: String = text
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '/')
            .collect();
        if text.starts_with("whsec_")
            && let Ok(key) = crate::signing::decode_lenient(&kept)
            && message.matches(&key, body, Encoding::Base64)
        {
            return found(
                "prefix_kept",
                "signed with a key decoded from the secret with its `whsec_` prefix still attached: strip `whsec_` before base64-decoding",
            );
        }
        if texts.raw
            && let Ok(secret) = Secret::parse(text)
            && message.matches(secret.key_bytes(), body, Encoding::Base64)
        {
            return found(
                "decoded_not_raw",
                "signed with the secret's base64 decoding, the standard key: verify without `--raw-secret`",
            );
        }
    }
    None
}

/// Bodies changed after signing: newlines, line endings, JSON re-serialisation.
fn body_mistake(message: &Message, body: &[u8], verifier: &Verifier) -> Option<Diagnosis> {
    let matches = |candidate: &[u8]| {
        candidate != body
            && verifier
                .secrets()
                .iter()
                .any(|s| message.matches(s.key_bytes(), candidate, Encoding::Base64))
    };
    if let Some(trimmed) = body
        .strip_suffix(b"\r\n")
        .or_else(|| body.strip_suffix(b"\n"))
        && matches(trimmed)
    {
        return found(
            "newline_added",
            "the signature matches the body without its final newline: a newline was added after signing (an editor, `echo`, or a framework)",
        );
    }
    if matches(&[body, b"\n"].concat()) {
        return found(
            "newline_removed",
            "the signature matches the body with a final newline: the newline was stripped after signing",
        );
    }
    let text = String::from_utf8_lossy(body);
    if text.contains("\r\n") && matches(text.replace("\r\n", "\n").as_bytes()) {
        return found(
            "crlf",
            "the signature matches the body with LF line endings: CRLF line endings were introduced after signing (git autocrlf, a Windows editor)",
        );
    }
    if text.contains('\n')
        && !text.contains("\r\n")
        && matches(text.replace('\n', "\r\n").as_bytes())
    {
        return found(
            "crlf",
            "the signature matches the body with CRLF line endings: they were converted to LF after signing",
        );
    }
    let value: Value = serde_json::from_slice(body).ok()?;
    let sorted = sort_keys(&value);
    let candidates: [(&str, Vec<u8>); 5] = [
        ("compacted", serde_json::to_vec(&value).ok()?),
        ("pretty-printed", serde_json::to_vec_pretty(&value).ok()?),
        (
            "re-serialized with `, ` and `: ` separators (Python's json.dumps)",
            python_dumps(&value),
        ),
        (
            "re-serialized with its keys sorted",
            serde_json::to_vec(&sorted).ok()?,
        ),
        (
            "re-serialized by json.dumps with sorted keys",
            python_dumps(&sorted),
        ),
    ];
    for (how, candidate) in candidates {
        // A body re-serialized after signing often lost (or gained) a final newline too.
        let with_newline = [candidate.as_slice(), b"\n"].concat();
        if matches(&candidate) || matches(&with_newline) {
            return found(
                "body_reserialized",
                format!(
                    "the signature matches this body {how}: the JSON was parsed and re-serialized between signing and verifying. Verify the raw body bytes exactly as received"
                ),
            );
        }
    }
    None
}

fn sort_keys(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), sort_keys(v)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(sort_keys).collect()),
        other => other.clone(),
    }
}

/// JSON as Python's `json.dumps` writes it by default: `, ` and `: ` separators, non-ASCII escaped.
fn python_dumps(value: &Value) -> Vec<u8> {
    fn write(out: &mut String, value: &Value) {
        match value {
            Value::Object(map) => {
                out.push('{');
                for (i, (k, v)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write_string(out, k);
                    out.push_str(": ");
                    write(out, v);
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write(out, v);
                }
                out.push(']');
            }
            Value::String(s) => write_string(out, s),
            other => out.push_str(&other.to_string()),
        }
    }
    fn write_string(out: &mut String, s: &str) {
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                    let mut buf = [0u16; 2];
                    for unit in c.encode_utf16(&mut buf) {
                        out.push_str(&format!("\\u{unit:04x}"));
                    }
                }
                c => out.push(c),
            }
        }
        out.push('"');
    }
    let mut out = String::new();
    write(&mut out, value);
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_style_json() {
        let v: Value = serde_json::from_str(r#"{"b":[1,"é"],"a":{"x":null}}"#).unwrap();
        assert_eq!(
            String::from_utf8(python_dumps(&v)).unwrap(),
            r#"{"b": [1, "\u00e9"], "a": {"x": null}}"#
        );
        assert_eq!(sort_keys(&v).to_string(), r#"{"a":{"x":null},"b":[1,"é"]}"#);
    }
}
