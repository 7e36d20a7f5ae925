//! `events`, `events show TYPE`, `events schema`.

use serde_json::{Value, json};

use crate::app::Context;
use crate::cli::{EventsArgs, EventsCommand};
use crate::clock;
use crate::error::{CliError, Exit, Result};
use crate::events::{Assignment, EventType, schema, type_list};
use crate::ids;
use crate::output::{self, pretty};

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
