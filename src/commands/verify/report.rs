//! The verify report: a line per message (or a JSON document), an optional JUnit XML file, and
//! the summary. Everything is written as it arrives, so memory stays flat.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::time::Duration;

use serde_json::{Value, json};

use super::inputs::{Failure, Outcome};
use crate::error::{CliError, Result};
use crate::sanitize;
use crate::style::Palette;

pub struct ReportOptions {
    pub json: bool,
    pub junit: Option<PathBuf>,
    pub quiet: bool,
    pub palette: Palette,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    pub passed: u64,
    pub failed: u64,
    pub unreadable: u64,
}

impl Counts {
    pub fn total(&self) -> u64 {
        self.passed + self.failed + self.unreadable
    }
}

pub struct Report {
    options: ReportOptions,
    out: BufWriter<io::Stdout>,
    junit: Option<Junit>,
    counts: Counts,
}

impl Report {
    pub fn new(options: ReportOptions) -> Result<Self> {
        let junit = options.junit.clone().map(Junit::create).transpose()?;
        let mut out = BufWriter::with_capacity(64 << 10, io::stdout());
        if options.json {
            out.write_all(b"{\"results\":[").map_err(CliError::output)?;
        }
        Ok(Self {
            options,
            out,
            junit,
            counts: Counts::default(),
        })
    }

    pub fn add(&mut self, outcome: Outcome) -> Result<()> {
        let first = self.counts.total() == 0;
        match &outcome.result {
            Ok(_) => self.counts.passed += 1,
            Err(Failure::Rejected(_)) => self.counts.failed += 1,
            Err(Failure::Unreadable(_)) => self.counts.unreadable += 1,
        }
        if let Some(junit) = &mut self.junit {
            junit.add(&outcome)?;
        }
        if self.options.json {
            if !first {
                self.out.write_all(b",").map_err(CliError::output)?;
            }
            self.out
                .write_all(json_line(&outcome).to_string().as_bytes())
                .map_err(CliError::output)?;
            return Ok(());
        }
        if self.options.quiet && outcome.result.is_ok() {
            return Ok(());
        }
        let line = human_line(&outcome, self.options.palette);
        self.out
            .write_all(line.as_bytes())
            .map_err(CliError::output)
    }

    pub fn finish(mut self, elapsed: Duration) -> Result<Counts> {
        let c = self.counts;
        if self.options.json {
            let summary = json!({
                "total": c.total(), "passed": c.passed, "failed": c.failed,
                "unreadable": c.unreadable, "seconds": elapsed.as_secs_f64(),
            });
            writeln!(self.out, "],\"summary\":{summary}}}").map_err(CliError::output)?;
        } else if c.total() > 0 {
            let p = self.options.palette;
            let failed = format!("{} failed", c.failed + c.unreadable);
            let failed = if c.failed + c.unreadable > 0 {
                p.failure(&failed)
            } else {
                failed
            };
            let unreadable = if c.unreadable > 0 {
                format!(" ({} unreadable)", c.unreadable)
            } else {
                String::new()
            };
            writeln!(
                self.out,
                "\n{} {}, {failed}{unreadable} in {:.2}s",
                p.bold("verify:"),
                p.success(&format!("{} passed", c.passed)),
                elapsed.as_secs_f64()
            )
            .map_err(CliError::output)?;
        }
        self.out.flush().map_err(CliError::output)?;
        if let Some(junit) = self.junit {
            junit.finish(c, elapsed)?;
        }
        Ok(c)
    }
}

fn place(outcome: &Outcome) -> String {
    let source = sanitize::line(&outcome.location.source).into_owned();
    match outcome.location.line {
        Some(line) => format!("{source}:{line}"),
        None => source,
    }
}

fn human_line(outcome: &Outcome, p: Palette) -> String {
    let id = outcome
        .id
        .as_deref()
        .map(sanitize::line)
        .unwrap_or("-".into());
    let event_type = outcome
        .event_type
        .as_deref()
        .map(|t| p.event_type(&sanitize::line(t)))
        .unwrap_or_default();
    match &outcome.result {
        Ok(_) => format!(
            "{} {}  {id}  {event_type}\n",
            p.success("✓ pass"),
            p.path(&place(outcome))
        ),
        Err(Failure::Rejected(rejection)) => {
            let mut line = format!(
                "{} {}  {id}  {event_type}  {}\n",
                p.failure("✗ FAIL"),
                p.path(&place(outcome)),
                rejection.error
            );
            if let Some(d) = &rejection.diagnosis {
                line.push_str(&format!("       {} {}\n", p.hint("why:"), d.message));
            }
            line
        }
        Err(Failure::Unreadable(reason)) => format!(
            "{} {}  cannot read: {}\n",
            p.failure("✗ FAIL"),
            p.path(&place(outcome)),
            sanitize::line(reason)
        ),
    }
}

fn json_line(outcome: &Outcome) -> Value {
    let mut v = json!({
        "source": &*outcome.location.source,
        "line": outcome.location.line,
        "id": outcome.id,
        "type": outcome.event_type,
        "ok": outcome.result.is_ok(),
    });
    match &outcome.result {
        Ok(verified) => {
            v["version"] = json!(verified.version.as_str());
            v["key_index"] = json!(verified.key_index);
        }
        Err(Failure::Rejected(r)) => {
            v["error"] = json!(r.error.to_string());
            v["diagnosis"] = r.diagnosis.as_ref().map_or(
                Value::Null,
                |d| json!({"kind": d.kind, "message": d.message}),
            );
        }
        Err(Failure::Unreadable(reason)) => {
            v["error"] = json!(format!("cannot read: {reason}"));
            v["unreadable"] = json!(true);
        }
    }
    v
}

/// JUnit XML: test cases are streamed to a temporary file beside the target, then wrapped in
/// the suite element (whose counts are known only at the end) and renamed into place.
struct Junit {
    path: PathBuf,
    tmp_path: PathBuf,
    cases: BufWriter<File>,
}

impl Junit {
    fn create(path: PathBuf) -> Result<Self> {
        let tmp_path = path.with_extension("cases.tmp");
        let cases = File::create(&tmp_path).map_err(|e| {
            CliError::usage(format!(
                "cannot write the JUnit report `{}`",
                path.display()
            ))
            .caused_by(e)
        })?;
        Ok(Self {
            path,
            tmp_path,
            cases: BufWriter::new(cases),
        })
    }

    fn add(&mut self, outcome: &Outcome) -> Result<()> {
        let name = match (&outcome.id, &outcome.location.line) {
            (Some(id), Some(line)) => format!("line {line}: {id}"),
            (Some(id), None) => id.clone(),
            (None, Some(line)) => format!("line {line}"),
            (None, None) => "capture".into(),
        };
        let name = match &outcome.event_type {
            Some(t) => format!("{name} ({t})"),
            None => name,
        };
        let head = format!(
            "    <testcase classname=\"{}\" name=\"{}\"",
            xml(&outcome.location.source),
            xml(&name)
        );
        let text = match &outcome.result {
            Ok(_) => format!("{head}/>\n"),
            Err(Failure::Rejected(r)) => {
                let detail = r
                    .diagnosis
                    .as_ref()
                    .map_or(String::new(), |d| d.message.clone());
                format!(
                    "{head}>\n      <failure message=\"{}\" type=\"signature\">{}</failure>\n    </testcase>\n",
                    xml(&r.error.to_string()),
                    xml(&detail)
                )
            }
            Err(Failure::Unreadable(reason)) => format!(
                "{head}>\n      <error message=\"{}\" type=\"unreadable\"/>\n    </testcase>\n",
                xml(&format!("cannot read: {reason}"))
            ),
        };
        self.cases
            .write_all(text.as_bytes())
            .map_err(|e| self.write_error(e))
    }

    fn write_error(&self, e: io::Error) -> CliError {
        CliError::usage(format!(
            "cannot write the JUnit report `{}`",
            self.path.display()
        ))
        .caused_by(e)
    }

    fn finish(self, c: Counts, elapsed: Duration) -> Result<()> {
        let result = (|| -> io::Result<()> {
            let cases = self.cases.into_inner().map_err(|e| e.into_error())?;
            drop(cases);
            let out_tmp = self.path.with_extension("xml.tmp");
            let mut out = BufWriter::new(File::create(&out_tmp)?);
            let attributes = format!(
                "name=\"pulse-hooks verify\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3}\"",
                c.total(),
                c.failed,
                c.unreadable,
                elapsed.as_secs_f64()
            );
            writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
            writeln!(out, "<testsuites {attributes}>")?;
            writeln!(out, "  <testsuite {attributes}>")?;
            io::copy(&mut File::open(&self.tmp_path)?, &mut out)?;
            writeln!(out, "  </testsuite>")?;
            writeln!(out, "</testsuites>")?;
            out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
            std::fs::rename(&out_tmp, &self.path)
        })();
        let _ = std::fs::remove_file(&self.tmp_path);
        result.map_err(|e| {
            CliError::usage(format!(
                "cannot write the JUnit report `{}`",
                self.path.display()
            ))
            .caused_by(e)
        })
    }
}

/// Text escaped for XML attributes and content; characters XML 1.0 cannot hold are dropped.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}
