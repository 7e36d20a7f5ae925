//! Writing to the two streams: data to stdout, everything for people to stderr.

use std::io::{self, Write};

use crate::error::{CliError, Result};
use serde_json::Value;

use crate::sanitize;
use crate::style::Palette;

/// Writes data to stdout; a closed pipe becomes a quiet stop.
pub fn data(bytes: &[u8]) -> Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(CliError::output)
}

/// A warning on stderr. Failures to write to stderr are ignored: there is nowhere to report them.
pub fn warn(palette: Palette, message: &str) {
    let _ = writeln!(io::stderr(), "{} {message}", palette.warning("warning:"));
}

/// A hint on stderr.
pub fn hint(palette: Palette, message: &str) {
    let _ = writeln!(io::stderr(), "{} {message}", palette.hint("hint:"));
}

/// A line of information on stderr.
pub fn info(message: &str) {
    let _ = writeln!(io::stderr(), "{message}");
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
