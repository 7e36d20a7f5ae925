//! What `listen` prints: one block per request for people, or NDJSON for programs. A printer
//! thread does the formatting and writing, so a slow terminal never slows the server.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::SystemTime;

use hyper::body::Bytes;
use serde_json::{Value, json};

use super::forward::Forwarded;
use super::results::Fetched;
use crate::check::Rejection;
use crate::delivery::Delivered;
use crate::output::pretty;
use crate::sanitize;
use crate::signing::Verified;
use crate::style::Palette;

/// What was made of a request.
pub enum Verdict {
    Verified(Verified),
    /// `--accept-unsigned`: not checked.
    Unsigned,
    Rejected(Rejection),
    Challenge,
    /// Answered without verification (wrong path or method, too large, too slow).
    Refused(&'static str),
}

impl Verdict {
    pub fn to_json(&self) -> Value {
        match self {
            Self::Verified(v) => {
                json!({"ok": true, "version": v.version.as_str(), "key_index": v.key_index})
            }
            Self::Unsigned => json!({"ok": true, "checked": false}),
            Self::Rejected(r) => json!({
                "ok": false,
                "error": r.error.to_string(),
                "diagnosis": r.diagnosis.as_ref().map(|d| json!({"kind": d.kind, "message": d.message})),
            }),
            Self::Challenge => json!({"ok": true, "challenge": true}),
            Self::Refused(why) => json!({"ok": false, "error": why}),
        }
    }
}

/// One request, for printing and saving.
pub struct Record {
    pub received_at: SystemTime,
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
    pub status: u16,
    pub verdict: Verdict,
    pub duplicate: bool,
    pub saved: Option<PathBuf>,
    /// The capture line for `--json`.
    pub capture_json: Option<String>,
}

pub enum Output {
    Request(Box<Record>),
    Forward(Forwarded),
    /// A job fetched for `--fetch-results`.
    Job(Fetched),
    Warning(String),
    /// A line of data (the `ready` and `summary` lines of `--json`).
    Line(String),
    /// Flush and end, even if senders remain (forwards still failing at shutdown).
    Stop,
}

/// The sending side; cheap to use from any task.
#[derive(Clone)]
pub struct Printer {
    tx: Sender<Output>,
}

impl Printer {
    pub fn send(&self, output: Output) {
        // The printer is gone only after shutdown or a closed stdout; nothing to do then.
        let _ = self.tx.send(output);
    }
}

#[derive(Clone, Copy)]
pub struct Style {
    pub json: bool,
    pub body: bool,
    pub stdout: Palette,
    pub stderr: Palette,
}

/// Starts the printer thread. It ends on `Output::Stop` or when every `Printer` is dropped;
/// `on_closed` runs if stdout is closed under it (so the server can stop).
pub fn start(
    style: Style,
    on_closed: impl FnOnce() + Send + 'static,
) -> (Printer, std::thread::JoinHandle<()>) {
    let (tx, rx) = channel();
    let handle = std::thread::spawn(move || {
        if print_all(&rx, style).is_err() {
            on_closed();
            // Keep draining so senders never notice.
            while rx.recv().is_ok() {}
        }
    });
    (Printer { tx }, handle)
}

fn print_all(rx: &Receiver<Output>, style: Style) -> io::Result<()> {
    let mut out = BufWriter::with_capacity(64 << 10, io::stdout());
    while let Ok(first) = rx.recv() {
        let mut next = Some(first);
        // Write everything already waiting, then flush once.
        while let Some(output) = next {
            match output {
                Output::Request(record) => {
                    if style.json {
                        if let Some(line) = &record.capture_json {
                            out.write_all(line.as_bytes())?;
                            out.write_all(b"\n")?;
                        }
                    } else {
                        out.write_all(block(&record, style).as_bytes())?;
                    }
                }
                Output::Forward(f) => under_event(&mut out, style, |p| forward_line(&f, p))?,
                Output::Job(fetched) => under_event(&mut out, style, |p| job_line(&fetched, p))?,
                Output::Line(line) => {
                    out.write_all(line.as_bytes())?;
                    out.write_all(b"\n")?;
                }
                Output::Stop => return out.flush(),
                Output::Warning(text) => {
                    let _ = writeln!(
                        io::stderr(),
                        "{} {}",
                        style.stderr.warning("warning:"),
                        sanitize::line(&text)
                    );
                }
            }
            next = rx.try_recv().ok();
        }
        out.flush()?;
        // Under load, let requests accumulate for a moment: one wake-up and one write per batch
        // instead of per request. Idle, the next `recv` simply waits.
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    out.flush()
}

/// A line about an event printed earlier (a forward, a fetched job). With `--json`, stdout
/// carries captures only, so these go to stderr.
fn under_event(
    out: &mut impl Write,
    style: Style,
    line: impl FnOnce(Palette) -> String,
) -> io::Result<()> {
    if style.json {
        let _ = io::stderr().write_all(line(style.stderr).as_bytes());
        Ok(())
    } else {
        out.write_all(line(style.stdout).as_bytes())
    }
}

/// `10:30:00.140   ↪ msg_abc forwarded → 200 in 12 ms`, or why it was not.
fn forward_line(f: &Forwarded, p: Palette) -> String {
    let time = crate::clock::rfc3339_millis(SystemTime::now());
    let id =
        f.id.as_deref()
            .map(sanitize::line)
            .unwrap_or("(no id)".into());
    let ms = f.elapsed.as_millis();
    let attempts = if f.attempts > 1 {
        format!(" after {} attempts", f.attempts)
    } else {
        String::new()
    };
    let result = match &f.outcome {
        Delivered::Accepted(status) => {
            format!("→ {} in {ms} ms{attempts}", p.success(&status.to_string()))
        }
        Delivered::Rejected(status) => format!(
            "→ {} in {ms} ms{attempts} (not retried)",
            p.failure(&status.to_string())
        ),
        Delivered::GaveUp(why) => {
            format!("{} {}{attempts}", p.failure("failed:"), sanitize::line(why))
        }
    };
    format!("{}   ↪ {id} forwarded {result}\n", p.dim(&time[11..23]))
}

/// `10:30:02.481   ↳ job 4a7c… completed  result: markdown (12,345 chars), …`
fn job_line(f: &Fetched, p: Palette) -> String {
    let time = crate::clock::rfc3339_millis(SystemTime::now());
    let what = match &f.outcome {
        Ok(job) => crate::pulse_api::job::brief(job, p),
        Err(why) => format!("{} {}", p.failure("not fetched:"), sanitize::line(why)),
    };
    format!(
        "{}   ↳ job {} {what}\n",
        p.dim(&time[11..23]),
        sanitize::line(&f.job_id)
    )
}

/// `20261204T103000.123Z-000042-msg_abc.json`: sortable by time, unique by sequence.
pub fn capture_file_name(at: SystemTime, seq: u64, id: Option<&str>) -> String {
    let stamp: String = crate::clock::rfc3339_millis(at)
        .chars()
        .filter(|c| !matches!(c, '-' | ':'))
        .collect();
    let id: String = id
        .unwrap_or("unsigned")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
        .take(64)
        .collect();
    format!("{stamp}-{seq:06}-{id}.json")
}

fn header<'a>(record: &'a Record, name: &str) -> Option<&'a str> {
    record
        .headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// One request for people: time, mark, event type, id, job, status, key fields, response; then
/// the reason and diagnosis of a failure, and the body with `--body`.
fn block(record: &Record, style: Style) -> String {
    let p = style.stdout;
    let time = crate::clock::rfc3339_millis(record.received_at);
    let time = p.dim(&time[11..23]);
    let ok = record.status < 300;
    let mark = if ok {
        p.success("✓")
    } else {
        p.failure("✗")
    };
    let status = if ok {
        p.success(&record.status.to_string())
    } else {
        p.failure(&record.status.to_string())
    };
    let event: Option<Value> = serde_json::from_slice(&record.body).ok();
    let field = |path: &[&str]| -> Option<String> {
        let mut v = event.as_ref()?;
        for key in path {
            v = v.get(key)?;
        }
        Some(match v {
            Value::String(s) => sanitize::line(s).into_owned(),
            other => sanitize::line(&other.to_string()).into_owned(),
        })
    };
    let id = header(record, "webhook-id")
        .or_else(|| header(record, "svix-id"))
        .map(|id| sanitize::line(id).into_owned());
    let mut line = format!("{time} {mark} ");
    match &record.verdict {
        Verdict::Refused(why) => {
            line.push_str(&format!(
                "{} {} {}  {why}\n",
                sanitize::line(&record.method),
                p.path(&sanitize::line(&record.path)),
                status
            ));
            return line;
        }
        Verdict::Challenge => {
            line.push_str(&format!("endpoint challenge answered  {status}\n"));
            return line;
        }
        _ => {}
    }
    let kind = field(&["type"]).unwrap_or_else(|| "(no type)".into());
    line.push_str(&format!("{:<16}", p.event_type(&kind)));
    if let Some(id) = &id {
        line.push_str(&format!("  {id}"));
    }
    if let Some(job) = field(&["data", "job_id"]).or_else(|| field(&["job_id"])) {
        line.push_str(&format!("  job {job}"));
    }
    if let Some(s) = field(&["data", "status"]) {
        line.push_str(&format!("  {s}"));
    }
    if let Some(pages) = field(&["data", "pages_processed"]) {
        line.push_str(&format!("  {pages} pages"));
    }
    if let Some(t) = field(&["data", "processing_time"]) {
        line.push_str(&format!("  {t} s"));
    }
    line.push_str(&format!("  → {status}"));
    if record.duplicate {
        line.push_str(&format!("  {}", p.warning("duplicate")));
    }
    if matches!(record.verdict, Verdict::Unsigned) {
        line.push_str(&format!("  {}", p.dim("(not verified)")));
    }
    line.push('\n');
    if let Some(error) = field(&["data", "error"]) {
        line.push_str(&format!("             error: {error}\n"));
    }
    match &record.verdict {
        Verdict::Rejected(rejection) => {
            line.push_str(&format!(
                "             {} {}\n",
                p.failure("rejected:"),
                sanitize::line(&rejection.error.to_string())
            ));
            if let Some(d) = &rejection.diagnosis {
                line.push_str(&format!("             {} {}\n", p.hint("why:"), d.message));
            }
        }
        _ if record.status == 400 => {
            line.push_str(&format!(
                "             {} the body is not JSON\n",
                p.failure("rejected:")
            ));
        }
        _ => {}
    }
    if let Some(path) = &record.saved {
        line.push_str(&format!(
            "             {} {}\n",
            p.dim("saved"),
            p.path(&sanitize::line(&path.display().to_string()))
        ));
    }
    if style.body {
        let body = match &event {
            Some(value) => pretty(value, p),
            None => sanitize::block(&String::from_utf8_lossy(&record.body)).into_owned(),
        };
        for body_line in body.lines() {
            line.push_str(&format!("    {body_line}\n"));
        }
    }
    line
}
