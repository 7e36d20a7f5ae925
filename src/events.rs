//! The Pulse event model: the five event types as realistic templates, `--set` overrides, and a
//! JSON Schema of the envelope. `events` shows it; `send` builds what it sends from it.

use std::fmt;
use std::str::FromStr;

use serde_json::{Map, Value, json};
use thiserror::Error;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventType {
    Created,
    Processing,
    Completed,
    Failed,
    Cancelled,
}

impl EventType {
    pub const ALL: [EventType; 5] = [
        Self::Created,
        Self::Processing,
        Self::Completed,
        Self::Failed,
        Self::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Created => "job.created",
            Self::Processing => "job.processing",
            Self::Completed => "job.completed",
            Self::Failed => "job.failed",
            Self::Cancelled => "job.cancelled",
        }
    }

    /// What the event means, as Pulse's guide puts it.
    pub fn description(self) -> &'static str {
        match self {
            Self::Created => "New async job created",
            Self::Processing => "Job started processing",
            Self::Completed => "Job completed successfully",
            Self::Failed => "Job failed with error",
            Self::Cancelled => "Job was cancelled",
        }
    }

    /// `data.status` in the event.
    pub fn status(self) -> &'static str {
        match self {
            Self::Created => "pending",
            Self::Processing => "processing",
            Self::Completed => "completed",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }

    /// A realistic event of this type for a job, at a time (RFC 3339). The documented fields only:
    /// `job.completed` and `job.failed` bodies are Pulse's documented examples.
    pub fn template(self, job_id: &str, timestamp: &str) -> Value {
        let mut data = Map::new();
        data.insert("job_id".into(), json!(job_id));
        data.insert("status".into(), json!(self.status()));
        match self {
            Self::Completed => {
                data.insert("pages_processed".into(), json!(25));
                data.insert("processing_time".into(), json!(12.5));
            }
            Self::Failed => {
                data.insert(
                    "error".into(),
                    json!("Document processing failed: Invalid PDF structure"),
                );
            }
            Self::Created | Self::Processing | Self::Cancelled => {}
        }
        json!({"type": self.as_str(), "timestamp": timestamp, "data": data})
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[error("unknown event type {0:?}")]
pub struct UnknownEventType(pub String);

impl FromStr for EventType {
    type Err = UnknownEventType;

    /// `job.completed`, or just `completed`; any case. `canceled` (one l, as job statuses spell
    /// it) also means `job.cancelled`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let lower = text.trim().to_ascii_lowercase();
        let short = lower.strip_prefix("job.").unwrap_or(&lower);
        let short = if short == "canceled" {
            "cancelled"
        } else {
            short
        };
        Self::ALL
            .into_iter()
            .find(|t| &t.as_str()[4..] == short)
            .ok_or_else(|| UnknownEventType(text.to_string()))
    }
}

/// Every type name, for messages: `job.created, job.processing, …`.
pub fn type_list() -> String {
    EventType::ALL.map(EventType::as_str).join(", ")
}

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum SetError {
    #[error("`--set {0}` needs the form path=value, like data.pages_processed=40")]
    NoEquals(String),
    #[error("`--set {0}` has an empty path segment")]
    EmptySegment(String),
    #[error("`--set {assignment}`: `{at}` is {kind}, not an object")]
    NotAnObject {
        assignment: String,
        at: String,
        kind: &'static str,
    },
    #[error("`--set {assignment}`: index {index} is past the end of the array at `{at}`")]
    IndexOutOfRange {
        assignment: String,
        at: String,
        index: usize,
    },
}

/// One `path=value` override. The value is JSON when it parses as JSON, else a string.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    text: String,
    path: Vec<String>,
    value: Value,
}

impl FromStr for Assignment {
    type Err = SetError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (path, raw) = text
            .split_once('=')
            .ok_or_else(|| SetError::NoEquals(text.to_string()))?;
        let path: Vec<String> = path.trim().split('.').map(str::to_string).collect();
        if path.iter().any(String::is_empty) {
            return Err(SetError::EmptySegment(text.to_string()));
        }
        let value = serde_json::from_str(raw).unwrap_or_else(|_| Value::String(raw.to_string()));
        Ok(Self {
            text: text.to_string(),
            path,
            value,
        })
    }
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Assignment {
    /// Sets the value, creating objects along the path; numeric segments index arrays.
    pub fn apply(&self, target: &mut Value) -> Result<(), SetError> {
        let mut node = target;
        for (depth, segment) in self.path.iter().enumerate() {
            let last = depth + 1 == self.path.len();
            let at = || {
                if depth == 0 {
                    "the payload".to_string()
                } else {
                    self.path[..depth].join(".")
                }
            };
            if node.is_null() {
                *node = Value::Object(Map::new());
            }
            node = match node {
                Value::Object(map) => {
                    if last {
                        map.insert(segment.clone(), self.value.clone());
                        return Ok(());
                    }
                    map.entry(segment.clone()).or_insert(Value::Null)
                }
                Value::Array(items) => {
                    let Ok(index) = segment.parse::<usize>() else {
                        return Err(SetError::NotAnObject {
                            assignment: self.text.clone(),
                            at: at(),
                            kind: "an array",
                        });
                    };
                    let slot = items.get_mut(index).ok_or(SetError::IndexOutOfRange {
                        assignment: self.text.clone(),
                        at: at(),
                        index,
                    })?;
                    if last {
                        *slot = self.value.clone();
                        return Ok(());
                    }
                    slot
                }
                other => {
                    return Err(SetError::NotAnObject {
                        assignment: self.text.clone(),
                        at: at(),
                        kind: kind_of(other),
                    });
                }
            };
        }
        Ok(())
    }
}

/// A JSON Schema (2020-12) of the event envelope.
pub fn schema() -> Value {
    let types: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Pulse webhook event",
        "description": "The envelope of every Pulse webhook event. Treat it as a notification: fetch GET /job/{job_id} for the result.",
        "type": "object",
        "required": ["type", "timestamp", "data"],
        "properties": {
            "type": {"type": "string", "enum": types, "description": "The event type"},
            "timestamp": {"type": "string", "format": "date-time", "description": "When the event happened (RFC 3339)"},
            "data": {
                "type": "object",
                "required": ["job_id", "status"],
                "properties": {
                    "job_id": {"type": "string", "description": "The job's id (a UUID)"},
                    "status": {
                        "type": "string",
                        "description": "The job's status: pending, processing, completed, failed, cancelled (other values may appear)"
                    },
                    "pages_processed": {"type": "integer", "minimum": 0, "description": "job.completed: pages extracted"},
                    "processing_time": {"type": "number", "minimum": 0, "description": "job.completed: seconds spent"},
                    "error": {"type": "string", "description": "job.failed: what went wrong"}
                },
                "additionalProperties": true
            }
        },
        "additionalProperties": true
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_parse_in_every_form() {
        for t in EventType::ALL {
            assert_eq!(t.as_str().parse::<EventType>(), Ok(t));
            assert_eq!(t.as_str()[4..].to_uppercase().parse::<EventType>(), Ok(t));
        }
        assert_eq!("job.canceled".parse(), Ok(EventType::Cancelled));
        assert!("job.deleted".parse::<EventType>().is_err());
    }

    #[test]
    fn completed_template_is_the_documented_body() {
        let event = EventType::Completed.template(
            "123e4567-e89b-12d3-a456-426614174000",
            "2024-01-15T10:30:00Z",
        );
        assert_eq!(
            serde_json::to_string(&event).unwrap(),
            r#"{"type":"job.completed","timestamp":"2024-01-15T10:30:00Z","data":{"job_id":"123e4567-e89b-12d3-a456-426614174000","status":"completed","pages_processed":25,"processing_time":12.5}}"#
        );
    }

    #[test]
    fn set_overrides() {
        let mut event = EventType::Completed.template("j", "t");
        for a in [
            "data.pages_processed=40",
            "data.note=hello world",
            "data.flags.urgent=true",
            "data.list=[1,2]",
            "data.list.1=\"two\"",
        ] {
            a.parse::<Assignment>().unwrap().apply(&mut event).unwrap();
        }
        assert_eq!(event["data"]["pages_processed"], 40);
        assert_eq!(event["data"]["note"], "hello world");
        assert_eq!(event["data"]["flags"]["urgent"], true);
        assert_eq!(event["data"]["list"], json!([1, "two"]));
    }

    #[test]
    fn bad_overrides_are_errors() {
        assert!(matches!(
            "data".parse::<Assignment>(),
            Err(SetError::NoEquals(_))
        ));
        assert!(matches!(
            "data..x=1".parse::<Assignment>(),
            Err(SetError::EmptySegment(_))
        ));
        let mut event = EventType::Completed.template("j", "t");
        let err = "type.x=1"
            .parse::<Assignment>()
            .unwrap()
            .apply(&mut event)
            .unwrap_err();
        assert!(matches!(err, SetError::NotAnObject { .. }), "{err}");
        let mut list = json!({"a": [1]});
        assert!(matches!(
            "a.5=1".parse::<Assignment>().unwrap().apply(&mut list),
            Err(SetError::IndexOutOfRange { index: 5, .. })
        ));
    }
}
