//! A Pulse job, as people read it: status, times, error and a short summary of the result.
//! Every string comes from the network, so every one is sanitised; any status is shown.

use serde_json::Value;

use crate::clock;
use crate::sanitize;
use crate::style::Palette;

fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::Null => None,
        Value::String(s) => Some(sanitize::line(s).into_owned()),
        other => Some(sanitize::line(&other.to_string()).into_owned()),
    }
}

/// `2024-01-15T10:30:00Z (5 min ago)`, or the text as given when it is not a time.
fn time(value: &str, now: i64) -> String {
    match clock::parse_api_time(value) {
        Some(at) => format!("{value} ({})", clock::age(now, at)),
        None => value.to_string(),
    }
}

/// What a value is, in a few words: `12,345 chars`, `8 items`, `3 fields`, or the value.
fn describe(value: &Value) -> String {
    let count = |n: usize, one: &str, many: &str| {
        format!("{} {}", thousands(n), if n == 1 { one } else { many })
    };
    match value {
        Value::String(s) => count(s.chars().count(), "char", "chars"),
        Value::Array(items) => count(items.len(), "item", "items"),
        Value::Object(map) => count(map.len(), "field", "fields"),
        other => sanitize::line(&other.to_string())
            .chars()
            .take(40)
            .collect(),
    }
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The result in one line: a large result's single-use link, or its first fields described.
pub fn result_summary(result: &Value) -> String {
    if result.get("is_url").and_then(Value::as_bool) == Some(true) {
        let url = text(result.get("url")).unwrap_or_else(|| "(no url)".into());
        return format!("large result, a single-use link (a second fetch is 410 Gone): {url}");
    }
    let Value::Object(map) = result else {
        return describe(result);
    };
    const SHOWN: usize = 6;
    let mut parts: Vec<String> = map
        .iter()
        .take(SHOWN)
        .map(|(key, value)| format!("{} ({})", sanitize::line(key), describe(value)))
        .collect();
    if map.len() > SHOWN {
        parts.push(format!("+{} more", map.len() - SHOWN));
    }
    if parts.is_empty() {
        "empty".to_string()
    } else {
        parts.join(", ")
    }
}

/// `jobs get`: one line per known field.
pub fn details(job: &Value, now: i64, p: Palette) -> String {
    let mut out = String::new();
    let mut row = |label: &str, value: String| {
        out.push_str(&format!("{}  {value}\n", p.dim(&format!("{label:<8}"))));
    };
    row(
        "job",
        text(job.get("job_id")).unwrap_or_else(|| "(no id)".into()),
    );
    row(
        "status",
        match text(job.get("status")) {
            Some(s) => p.job_status(&s),
            None => "(none)".to_string(),
        },
    );
    for (label, field) in [("created", "created_at"), ("updated", "updated_at")] {
        if let Some(at) = text(job.get(field)) {
            row(label, time(&at, now));
        }
    }
    if let Some(error) = text(job.get("error")) {
        row("error", p.failure(&error));
    }
    if let Some(result) = job.get("result").filter(|r| !r.is_null()) {
        row("result", result_summary(result));
    }
    out
}

/// `listen --fetch-results`: the status and the result in one line.
pub fn brief(job: &Value, p: Palette) -> String {
    let status = text(job.get("status")).unwrap_or_else(|| "(no status)".into());
    let mut line = p.job_status(&status);
    if let Some(error) = text(job.get("error")) {
        line.push_str(&format!("  error: {error}"));
    }
    match job.get("result").filter(|r| !r.is_null()) {
        Some(result) => line.push_str(&format!("  result: {}", result_summary(result))),
        None => line.push_str("  (no result)"),
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn results_are_summarised() {
        let r = json!({"markdown": "a".repeat(12345), "chunks": [1, 2, 3], "page_count": 25, "meta": {"a": 1}});
        assert_eq!(
            result_summary(&r),
            "markdown (12,345 chars), chunks (3 items), page_count (25), meta (1 field)"
        );
        let large = json!({"is_url": true, "url": "https://x/large_results/1"});
        assert!(result_summary(&large).contains("single-use link"));
        assert!(result_summary(&large).ends_with("https://x/large_results/1"));
        assert_eq!(result_summary(&json!("abc")), "3 chars");
    }

    #[test]
    fn unknown_statuses_and_hostile_text_are_shown_safely() {
        let job = json!({"job_id": "j1", "status": "archived\u{1b}[2J", "created_at": "2024-01-15T10:30:00Z", "error": null});
        let out = details(&job, 1705314600 + 300, Palette::plain());
        assert!(out.contains("archived"), "{out}");
        assert!(!out.contains('\u{1b}'));
        assert!(out.contains("2024-01-15T10:30:00Z (5 min ago)"), "{out}");
        assert!(!out.contains("error"));
        assert_eq!(
            brief(&json!({"status": "completed"}), Palette::plain()),
            "completed  (no result)"
        );
    }
}
