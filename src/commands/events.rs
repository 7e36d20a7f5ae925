//! `events`, `events show TYPE`, `events schema`.

use serde_json::{Value, json};

use crate::app::Context;
use crate::cli::{EventsArgs, EventsCommand};
use crate::clock;
use crate::error::{CliError, Exit, Result};
use crate::events::{Assignment, EventType, schema, type_list};
use crate::ids;
use crate::output;
use crate::sanitize;
use crate::style::Palette;

pub fn run(args: EventsArgs, context: &Context) -> Result<Exit> {
    let palette = context.colors.stdout;
    let text = match args.command {
        None if args.json => {
            let list: Vec<Value> = EventType::ALL
                .iter()
                .map(|t| json!({"type": t.as_str(), "description": t.description(), "status": t.status()}))
                .collect();
            format!("{}\n", Value::Array(list))
        }
        None => EventType::ALL
            .iter()
            .map(|t| {
                let name = format!("{:<16}", t.as_str());
                format!("{}{}\n", palette.event_type(&name), t.description())
            })
            .collect(),
        Some(EventsCommand::Show {
            event_type,
            set,
            compact,
        }) => {
            let event = sample(&event_type, &set)?;
            if compact {
                format!("{event}\n")
            } else {
                format!("{}\n", pretty(&event, palette))
            }
        }
        Some(EventsCommand::Schema) => {
            format!("{}\n", pretty(&schema(), palette))
        }
    };
    output::data(text.as_bytes())?;
    Ok(Exit::Success)
}

/// A fresh event of a type (new job id, now), with `--set` overrides applied.
pub fn sample(event_type: &str, set: &[String]) -> Result<Value> {
    let kind: EventType = event_type.parse().map_err(|e| {
        CliError::usage(format!("{e}")).with_hint(format!("the event types are {}", type_list()))
    })?;
    let mut event = kind.template(&ids::new_job_id(), &clock::rfc3339(clock::now_unix()));
    for text in set {
        let assignment: Assignment = text.parse().map_err(|e| CliError::usage(format!("{e}")))?;
        assignment
            .apply(&mut event)
            .map_err(|e| CliError::usage(format!("{e}")))?;
    }
    Ok(event)
}

/// Indented JSON, coloured when the palette is.
pub fn pretty(value: &Value, palette: Palette) -> String {
    let mut out = String::new();
    write_value(&mut out, value, 0, palette);
    out
}

fn write_value(out: &mut String, value: &Value, depth: usize, palette: Palette) {
    let indent = |n: usize| "  ".repeat(n);
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push_str("{\n");
            for (i, (key, item)) in map.iter().enumerate() {
                out.push_str(&indent(depth + 1));
                out.push_str(
                    &palette.key(&sanitize::line(&Value::String(key.clone()).to_string())),
                );
                out.push_str(": ");
                write_value(out, item, depth + 1, palette);
                out.push_str(if i + 1 < map.len() { ",\n" } else { "\n" });
            }
            out.push_str(&indent(depth));
            out.push('}');
        }
        Value::Array(items) if !items.is_empty() => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                out.push_str(&indent(depth + 1));
                write_value(out, item, depth + 1, palette);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            out.push_str(&indent(depth));
            out.push(']');
        }
        Value::String(_) => out.push_str(&palette.string(&sanitize::line(&value.to_string()))),
        Value::Number(_) | Value::Bool(_) | Value::Null => {
            out.push_str(&palette.number(&value.to_string()))
        }
        empty => out.push_str(&empty.to_string()),
    }
}
