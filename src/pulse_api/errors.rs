//! API failures as one clear line and a hint. The API's own message is read from each error
//! shape seen in the wild: `{"error": {"code", "message"}}`, `{"error": "…"}`, `{"detail": …}`
//! (a string, or FastAPI's list of problems) and `{"message": "…"}`.

use serde_json::Value;

use super::credentials::Credentials;
use crate::error::CliError;

/// What is known about a failed call.
pub struct Failed<'a> {
    /// `cannot get job …`
    pub what: &'a str,
    pub status: Option<u16>,
    pub body: &'a [u8],
    pub attempts: u32,
    pub credentials: &'a Credentials,
    pub url: &'a reqwest::Url,
}

/// The API's own explanation, if its body has one.
pub fn api_message(body: &[u8]) -> Option<String> {
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        // A short plain-text answer says something; an HTML error page does not.
        let text = std::str::from_utf8(body).ok()?.trim();
        return (!text.is_empty() && text.len() <= 200 && !text.starts_with('<'))
            .then(|| text.to_string());
    };
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        other => Some(other.to_string()),
    };
    if let Some(error) = value.get("error") {
        return match error {
            Value::Object(e) => {
                let message = e.get("message").and_then(text);
                match (e.get("code").and_then(text), message) {
                    (Some(code), Some(message)) => Some(format!("{code}: {message}")),
                    (code, message) => message.or(code),
                }
            }
            other => text(other),
        };
    }
    if let Some(detail) = value.get("detail") {
        return match detail {
            // FastAPI's validation errors: [{"loc": […], "msg": "…"}, …]
            Value::Array(items) => {
                let msgs: Vec<String> = items
                    .iter()
                    .filter_map(|i| i.get("msg").and_then(text))
                    .collect();
                if msgs.is_empty() {
                    text(detail)
                } else {
                    Some(msgs.join("; "))
                }
            }
            Value::Object(o) => o.get("message").and_then(text).or_else(|| text(detail)),
            other => text(other),
        };
    }
    value.get("message").and_then(text)
}

fn reason(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("")
}

/// An answered failure (after retries where they apply).
pub fn api_error(f: &Failed) -> CliError {
    let status = f.status.unwrap_or_default();
    let key = &f.credentials.key;
    let mut line = format!(
        "{}: the Pulse API answered {status} {}",
        f.what,
        reason(status)
    );
    if let Some(message) = api_message(f.body) {
        // An API may echo what it was sent; the key never goes further than the request.
        let message = message.replace(key.expose(), &key.masked());
        line.push_str(&format!(
            ": {}",
            message.chars().take(300).collect::<String>()
        ));
    }
    if f.attempts > 1 {
        line.push_str(&format!(" ({} attempts)", f.attempts));
    }
    let key_from = format!(
        "the API key {} from {}",
        key.masked(),
        f.credentials.key_source
    );
    let url_from = format!(
        "the API URL is {} (from {})",
        f.credentials.url_text(),
        f.credentials.url_source
    );
    let hint = match status {
        401 => Some(format!(
            "{key_from} was rejected: check it in the Pulse dashboard, or give another with `--api-key`, PULSE_API_KEY or `pulse-hooks config init`"
        )),
        403 => Some(format!("{key_from} is not allowed to do this")),
        402 => Some("check your Pulse plan and billing".to_string()),
        404 => Some(format!("check the id; {url_from}")),
        410 => Some("that link was single-use and is gone; fetch the job again".to_string()),
        429 => Some("rate limited by the Pulse API: wait a little and try again".to_string()),
        400 | 422 => Some("the API refused the request as sent; check the id".to_string()),
        300..=399 => Some(format!("the API redirected the request; {url_from}")),
        500..=599 => Some("the Pulse API failed; try again later".to_string()),
        _ => None,
    };
    let error = CliError::network(line);
    match hint {
        Some(hint) => error.with_hint(hint),
        None => error,
    }
}

/// No answer at all: connection refused or closed, a timeout.
pub fn unreachable(f: &Failed, why: &str) -> CliError {
    let attempts = if f.attempts > 1 {
        format!(" ({} attempts)", f.attempts)
    } else {
        String::new()
    };
    CliError::network(format!(
        "{}: the Pulse API at {} did not answer: {why}{attempts}",
        f.what, f.url
    ))
    .with_hint(format!(
        "check your connection; the API URL is {} (from {})",
        f.credentials.url_text(),
        f.credentials.url_source
    ))
}

/// A 2xx whose body is not JSON.
pub fn not_json(what: &str, url: &reqwest::Url, e: serde_json::Error) -> CliError {
    CliError::network(format!("{what}: the answer from {url} is not JSON"))
        .caused_by(e)
        .with_hint("is the API URL right? `pulse-hooks config show` says where it comes from")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_error_shape() {
        let m = |s: &str| api_message(s.as_bytes());
        assert_eq!(
            m(r#"{"error":{"code":"AUTH_002","message":"Invalid API key","details":{}}}"#)
                .as_deref(),
            Some("AUTH_002: Invalid API key")
        );
        assert_eq!(
            m(r#"{"error":"Job not found"}"#).as_deref(),
            Some("Job not found")
        );
        assert_eq!(m(r#"{"detail":"Not Found"}"#).as_deref(), Some("Not Found"));
        assert_eq!(
            m(r#"{"detail":[{"loc":["path","job_id"],"msg":"bad id"},{"msg":"x"}]}"#).as_deref(),
            Some("bad id; x")
        );
        assert_eq!(
            m(r#"{"message":"slow down"}"#).as_deref(),
            Some("slow down")
        );
        assert_eq!(m("upstream timeout").as_deref(), Some("upstream timeout"));
        assert_eq!(m("<html><body>502</body></html>"), None);
        assert_eq!(m(r#"{"ok":false}"#), None);
    }
}
