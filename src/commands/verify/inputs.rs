//! Turning inputs into outcomes, in parallel and in order, with bounded memory.
//!
//! A producer thread walks folders and cuts NDJSON into chunks of whole lines; worker threads
//! read single-capture files, parse and verify; the calling thread puts results back in input
//! order and hands them to the report. Channels are bounded, so memory stays flat however many
//! captures there are.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

use std::borrow::Cow;

use crate::capture::{Capture, CaptureView, Format, event_type};
use crate::check::{Checker, Rejection};
use crate::error::Result;
use crate::signing::Verified;

/// What the user asked to verify.
pub enum Input {
    Path(PathBuf),
    Stdin,
    Message(Box<Capture>),
}

/// Where a message came from: a file (or `-`, or `flags`) and, in NDJSON, its line.
#[derive(Clone, Debug)]
pub struct Location {
    pub source: Arc<str>,
    pub line: Option<u64>,
}

#[derive(Debug)]
pub enum Failure {
    Rejected(Rejection),
    Unreadable(String),
}

/// The result for one message (or one input that could not be read).
#[derive(Debug)]
pub struct Outcome {
    pub location: Location,
    pub id: Option<String>,
    pub event_type: Option<String>,
    pub result: std::result::Result<Verified, Failure>,
}

/// Larger files are not captures (Svix bodies are at most 1 MiB).
const MAX_FILE: u64 = 64 << 20;
/// NDJSON is cut into chunks of about this many bytes of whole lines.
const CHUNK: usize = 256 << 10;
/// A longer NDJSON line is reported, not buffered.
const MAX_LINE: usize = 16 << 20;

/// A single-capture file, read by a worker.
struct FileJob(Location, PathBuf, Option<Format>);

/// Files are handed to workers in batches: one channel message per file costs more than
/// reading a small file.
const FILE_BATCH: usize = 64;

enum Unit {
    Files(Vec<FileJob>),
    /// Whole NDJSON lines; `location.line` is the first line's number.
    Lines(Location, Vec<u8>),
    /// Input already in memory: a message from flags, or stdin that is not NDJSON.
    Ready(Location, std::result::Result<Capture, String>),
    /// An input that could not be read.
    Broken(Location, String),
}

/// What the workers check with. Without `details_for_passes` (`--quiet` lines only), a message
/// that verifies is reported without its id and type: nothing would show them.
pub struct Work<'a> {
    pub checker: &'a Checker,
    pub details_for_passes: bool,
}

/// Runs every input through the checker and gives each outcome to `emit`, in input order.
pub fn run(
    inputs: Vec<Input>,
    checker: &Work,
    jobs: usize,
    mut emit: impl FnMut(Outcome) -> Result<()>,
) -> Result<()> {
    let (unit_tx, unit_rx) = sync_channel::<(u64, Unit)>(jobs * 16);
    let (out_tx, out_rx) = sync_channel::<(u64, Vec<Outcome>)>(jobs * 16);
    std::thread::scope(|scope| {
        scope.spawn(move || produce(inputs, &unit_tx));
        // Workers share the receiver; when they are all gone it is dropped, which stops the
        // producer too.
        let unit_rx = Arc::new(Mutex::new(unit_rx));
        for _ in 0..jobs.max(1) {
            let (unit_rx, out_tx) = (unit_rx.clone(), out_tx.clone());
            scope.spawn(move || work(&unit_rx, &out_tx, checker));
        }
        drop(unit_rx);
        drop(out_tx);
        let mut pending = BTreeMap::new();
        let mut next = 0u64;
        for (seq, outcomes) in out_rx {
            pending.insert(seq, outcomes);
            while let Some(outcomes) = pending.remove(&next) {
                for outcome in outcomes {
                    emit(outcome)?;
                }
                next += 1;
            }
        }
        Ok(())
    })
}

fn work(
    units: &Mutex<Receiver<(u64, Unit)>>,
    out: &SyncSender<(u64, Vec<Outcome>)>,
    checker: &Work,
) {
    loop {
        let next = units.lock().map(|rx| rx.recv());
        let Ok(Ok((seq, unit))) = next else {
            return;
        };
        if out.send((seq, process(unit, checker))).is_err() {
            return;
        }
    }
}

fn process(unit: Unit, checker: &Work) -> Vec<Outcome> {
    match unit {
        Unit::Files(jobs) => jobs
            .into_iter()
            .flat_map(|job| file(job, checker))
            .collect(),
        Unit::Lines(location, bytes) => lines(location, &bytes, checker),
        Unit::Ready(location, Ok(capture)) => {
            let headers: Vec<_> = capture.header_pairs().collect();
            vec![check(location, &headers, &capture.body, checker)]
        }
        Unit::Ready(location, Err(reason)) | Unit::Broken(location, reason) => {
            vec![broken(location, reason)]
        }
    }
}

fn file(FileJob(location, path, format): FileJob, checker: &Work) -> Vec<Outcome> {
    let parsed = read_file(&path).and_then(|bytes| {
        let format = format.unwrap_or_else(|| Format::sniff(&bytes));
        match format {
            Format::Ndjson => Err(NdjsonInFile(bytes)),
            format => Ok((format, bytes)),
        }
    });
    match parsed {
        Ok((Format::Http, bytes)) => vec![match Capture::from_http(&bytes) {
            Ok(capture) => check(
                location,
                &capture.header_pairs().collect::<Vec<_>>(),
                &capture.body,
                checker,
            ),
            Err(e) => broken(location, e.to_string()),
        }],
        Ok((_, bytes)) => vec![json_capture(location, &bytes, checker)],
        Err(ReadError::Message(reason)) => vec![broken(location, reason)],
        Err(NdjsonInFile(bytes)) => lines(location, &bytes, checker),
    }
}

enum ReadError {
    Message(String),
    /// A file without a known extension turned out to be NDJSON.
    NdjsonInFile(Vec<u8>),
}
use ReadError::NdjsonInFile;

impl From<String> for ReadError {
    fn from(message: String) -> Self {
        Self::Message(message)
    }
}

fn read_file(path: &Path) -> std::result::Result<Vec<u8>, ReadError> {
    let mut file = File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    let mut bytes = Vec::new();
    file.by_ref()
        .take(MAX_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_FILE {
        return Err(format!("larger than {} MiB: not a capture", MAX_FILE >> 20).into());
    }
    Ok(bytes)
}

/// Checks each non-blank line of a chunk.
fn lines(location: Location, bytes: &[u8], checker: &Work) -> Vec<Outcome> {
    let mut line_number = location.line.unwrap_or(1);
    let mut out = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        let line = &bytes[start..end];
        if !line.iter().all(u8::is_ascii_whitespace) {
            let here = Location {
                source: location.source.clone(),
                line: Some(line_number),
            };
            out.push(json_capture(here, line, checker));
        }
        start = end + 1;
        line_number += 1;
    }
    out
}

fn json_capture(location: Location, bytes: &[u8], checker: &Work) -> Outcome {
    match CaptureView::from_json(bytes) {
        Ok(view) => check(location, &view.header_pairs(), &view.body, checker),
        Err(e) => broken(location, e.to_string()),
    }
}

fn check(location: Location, headers: &[(&str, &str)], body: &[u8], checker: &Work) -> Outcome {
    let result = checker
        .checker
        .check_parts(headers, body)
        .map_err(Failure::Rejected);
    let details = result.is_err() || checker.details_for_passes;
    if !details {
        return Outcome {
            id: None,
            event_type: None,
            result,
            location,
        };
    }
    let id = headers
        .iter()
        .find(|(n, _)| *n == "webhook-id" || *n == "svix-id")
        .map(|(_, v)| v.to_string());
    Outcome {
        id,
        event_type: event_type(body).map(Cow::into_owned),
        result,
        location,
    }
}

fn broken(location: Location, reason: String) -> Outcome {
    Outcome {
        location,
        id: None,
        event_type: None,
        result: Err(Failure::Unreadable(reason)),
    }
}

/// Numbers units in input order and batches files. Every method returns `false` once the
/// workers are gone, and the producer stops.
struct Producer<'a> {
    tx: &'a SyncSender<(u64, Unit)>,
    seq: u64,
    files: Vec<FileJob>,
}

impl Producer<'_> {
    fn send(&mut self, unit: Unit) -> bool {
        self.flush() && self.emit(unit)
    }

    fn file(&mut self, job: FileJob) -> bool {
        self.files.push(job);
        self.files.len() < FILE_BATCH || self.flush()
    }

    fn flush(&mut self) -> bool {
        if self.files.is_empty() {
            return true;
        }
        let files = std::mem::take(&mut self.files);
        self.emit(Unit::Files(files))
    }

    fn emit(&mut self, unit: Unit) -> bool {
        let sent = self.tx.send((self.seq, unit)).is_ok();
        self.seq += 1;
        sent
    }
}

fn produce(inputs: Vec<Input>, tx: &SyncSender<(u64, Unit)>) {
    let mut out = Producer {
        tx,
        seq: 0,
        files: Vec::with_capacity(FILE_BATCH),
    };
    for input in inputs {
        let going = match input {
            Input::Message(capture) => out.send(Unit::Ready(
                Location {
                    source: "flags".into(),
                    line: None,
                },
                Ok(*capture),
            )),
            Input::Stdin => stdin(&mut out),
            Input::Path(path) => walk(&path, true, &mut out),
        };
        if !going {
            return;
        }
    }
    out.flush();
}

fn location(path: &Path) -> Location {
    Location {
        source: path.display().to_string().into(),
        line: None,
    }
}

/// A path given by the user is read whatever its extension; inside folders only capture files
/// count. Folders are walked in name order; links to folders are not followed.
fn walk(path: &Path, given: bool, out: &mut Producer) -> bool {
    let metadata = if given {
        fs::metadata(path)
    } else {
        fs::symlink_metadata(path)
    };
    let metadata = match metadata {
        Ok(m) => m,
        Err(e) => return out.send(Unit::Broken(location(path), format!("cannot read: {e}"))),
    };
    if metadata.is_dir() {
        let mut entries: Vec<PathBuf> = match fs::read_dir(path) {
            Ok(dir) => dir.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                return out.send(Unit::Broken(location(path), format!("cannot list: {e}")));
            }
        };
        entries.sort();
        return entries.iter().all(|entry| walk(entry, false, out));
    }
    let format = Format::of_path(path);
    if !given && (format.is_none() || !metadata.is_file()) {
        return true;
    }
    match format {
        Some(Format::Ndjson) => match File::open(path) {
            Ok(file) => ndjson(location(path), file, out),
            Err(e) => out.send(Unit::Broken(location(path), format!("cannot open: {e}"))),
        },
        format => out.file(FileJob(location(path), path.to_path_buf(), format)),
    }
}

/// Stdin: NDJSON is streamed; anything else (one JSON capture, pretty or not, or a raw HTTP
/// request) is read whole.
fn stdin(out: &mut Producer) -> bool {
    let at = Location {
        source: "-".into(),
        line: None,
    };
    let mut input = io::stdin().lock();
    let mut head = Vec::new();
    if let Err(e) = input.by_ref().take(CHUNK as u64).read_to_end(&mut head) {
        return out.send(Unit::Broken(at, format!("cannot read stdin: {e}")));
    }
    let first_line = head.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let streams = first_line.trim_ascii_start().starts_with(b"{")
        && serde_json::from_slice::<serde::de::IgnoredAny>(first_line).is_ok();
    if streams {
        return ndjson(at, io::Cursor::new(head).chain(input), out);
    }
    if let Err(e) = input.take(MAX_FILE).read_to_end(&mut head) {
        return out.send(Unit::Broken(at, format!("cannot read stdin: {e}")));
    }
    let parsed = match Format::sniff(&head) {
        Format::Ndjson => {
            return out.send(Unit::Lines(
                Location {
                    line: Some(1),
                    ..at
                },
                head,
            ));
        }
        Format::Json => Capture::from_json(&head),
        Format::Http => Capture::from_http(&head),
    };
    out.send(Unit::Ready(at, parsed.map_err(|e| e.to_string())))
}

/// Cuts a stream into chunks of whole lines, keeping line numbers.
fn ndjson(at: Location, mut reader: impl Read, out: &mut Producer) -> bool {
    let mut line = 1u64;
    let mut buffer: Vec<u8> = Vec::with_capacity(CHUNK * 2);
    let mut skipping = false;
    loop {
        // Appends without zeroing the buffer first.
        let read = match (&mut reader).take(CHUNK as u64).read_to_end(&mut buffer) {
            Ok(n) => n,
            Err(e) => {
                let here = Location {
                    line: Some(line),
                    ..at.clone()
                };
                return out.send(Unit::Broken(here, format!("cannot read: {e}")));
            }
        };
        let done = read == 0;
        if skipping {
            // The rest of an over-long line: drop up to its newline.
            match buffer.iter().position(|&b| b == b'\n') {
                Some(end) => {
                    buffer.drain(..=end);
                    line += 1;
                    skipping = false;
                }
                None => buffer.clear(),
            }
        }
        let cut = if done {
            buffer.len()
        } else {
            buffer
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1)
        };
        if cut > 0 {
            // The unfinished line moves to a fresh buffer that will not need to grow.
            let mut next = Vec::with_capacity(CHUNK * 2);
            next.extend_from_slice(&buffer[cut..]);
            buffer.truncate(cut);
            let chunk = std::mem::replace(&mut buffer, next);
            let lines = memchr::memchr_iter(b'\n', &chunk).count() as u64;
            let here = Location {
                line: Some(line),
                ..at.clone()
            };
            if !out.send(Unit::Lines(here, chunk)) {
                return false;
            }
            line += lines;
        } else if buffer.len() > MAX_LINE {
            let here = Location {
                line: Some(line),
                ..at.clone()
            };
            if !out.send(Unit::Broken(
                here,
                format!("line longer than {} MiB", MAX_LINE >> 20),
            )) {
                return false;
            }
            buffer.clear();
            skipping = true;
        }
        if done {
            return true;
        }
    }
}
