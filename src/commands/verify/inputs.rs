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

use crate::capture::{Capture, Format};
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

enum Unit {
    /// A single-capture file, read by the worker.
    File(Location, PathBuf, Option<Format>),
    /// Whole NDJSON lines; `location.line` is the first line's number.
    Lines(Location, Vec<u8>),
    /// Input already in memory: a message from flags, or stdin that is not NDJSON.
    Ready(Location, std::result::Result<Capture, String>),
    /// An input that could not be read.
    Broken(Location, String),
}

/// Runs every input through the checker and gives each outcome to `emit`, in input order.
pub fn run(
    inputs: Vec<Input>,
    checker: &Checker,
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
    checker: &Checker,
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

fn process(unit: Unit, checker: &Checker) -> Vec<Outcome> {
    match unit {
        Unit::File(location, path, format) => {
            let parsed = read_file(&path).and_then(|bytes| {
                let format = format.unwrap_or_else(|| Format::sniff(&bytes));
                match format {
                    Format::Ndjson => Err(NdjsonInFile(bytes)),
                    Format::Json => Capture::from_json(&bytes).map_err(|e| e.to_string().into()),
                    Format::Http => Capture::from_http(&bytes).map_err(|e| e.to_string().into()),
                }
            });
            match parsed {
                Ok(capture) => vec![check(location, &capture, checker)],
                Err(ReadError::Message(reason)) => vec![broken(location, reason)],
                Err(NdjsonInFile(bytes)) => lines(location, &bytes, checker),
            }
        }
        Unit::Lines(location, bytes) => lines(location, &bytes, checker),
        Unit::Ready(location, Ok(capture)) => vec![check(location, &capture, checker)],
        Unit::Ready(location, Err(reason)) | Unit::Broken(location, reason) => {
            vec![broken(location, reason)]
        }
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
fn lines(location: Location, bytes: &[u8], checker: &Checker) -> Vec<Outcome> {
    let first = location.line.unwrap_or(1);
    let mut out = Vec::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let here = Location {
            source: location.source.clone(),
            line: Some(first + i as u64),
        };
        out.push(match Capture::from_json(line) {
            Ok(capture) => check(here, &capture, checker),
            Err(e) => broken(here, e.to_string()),
        });
    }
    out
}

fn check(location: Location, capture: &Capture, checker: &Checker) -> Outcome {
    Outcome {
        id: capture
            .header("webhook-id")
            .or_else(|| capture.header("svix-id"))
            .map(str::to_string),
        event_type: capture.event_type(),
        result: checker.check(capture).map_err(Failure::Rejected),
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

/// Emits units in input order. Stops quietly when the workers are gone.
fn produce(inputs: Vec<Input>, tx: &SyncSender<(u64, Unit)>) {
    let mut seq = 0u64;
    let mut send = |unit: Unit| {
        let sent = tx.send((seq, unit)).is_ok();
        seq += 1;
        sent
    };
    for input in inputs {
        let going = match input {
            Input::Message(capture) => send(Unit::Ready(
                Location {
                    source: "flags".into(),
                    line: None,
                },
                Ok(*capture),
            )),
            Input::Stdin => stdin(&mut send),
            Input::Path(path) => walk(&path, true, &mut send),
        };
        if !going {
            return;
        }
    }
}

fn location(path: &Path) -> Location {
    Location {
        source: path.display().to_string().into(),
        line: None,
    }
}

/// A path given by the user is read whatever its extension; inside folders only capture files
/// count. Folders are walked in name order; links to folders are not followed.
fn walk(path: &Path, given: bool, send: &mut impl FnMut(Unit) -> bool) -> bool {
    let metadata = if given {
        fs::metadata(path)
    } else {
        fs::symlink_metadata(path)
    };
    let metadata = match metadata {
        Ok(m) => m,
        Err(e) => return send(Unit::Broken(location(path), format!("cannot read: {e}"))),
    };
    if metadata.is_dir() {
        let mut entries: Vec<PathBuf> = match fs::read_dir(path) {
            Ok(dir) => dir.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                return send(Unit::Broken(location(path), format!("cannot list: {e}")));
            }
        };
        entries.sort();
        return entries.iter().all(|entry| walk(entry, false, send));
    }
    let format = Format::of_path(path);
    if !given && (format.is_none() || !metadata.is_file()) {
        return true;
    }
    match format {
        Some(Format::Ndjson) => match File::open(path) {
            Ok(file) => ndjson(location(path), file, send),
            Err(e) => send(Unit::Broken(location(path), format!("cannot open: {e}"))),
        },
        format => send(Unit::File(location(path), path.to_path_buf(), format)),
    }
}

/// Stdin: NDJSON is streamed; anything else (one JSON capture, pretty or not, or a raw HTTP
/// request) is read whole.
fn stdin(send: &mut impl FnMut(Unit) -> bool) -> bool {
    let at = Location {
        source: "-".into(),
        line: None,
    };
    let mut input = io::stdin().lock();
    let mut head = Vec::new();
    if let Err(e) = input.by_ref().take(CHUNK as u64).read_to_end(&mut head) {
        return send(Unit::Broken(at, format!("cannot read stdin: {e}")));
    }
    let first_line = head.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let streams = first_line.trim_ascii_start().starts_with(b"{")
        && serde_json::from_slice::<serde::de::IgnoredAny>(first_line).is_ok();
    if streams {
        return ndjson(at, io::Cursor::new(head).chain(input), send);
    }
    if let Err(e) = input.take(MAX_FILE).read_to_end(&mut head) {
        return send(Unit::Broken(at, format!("cannot read stdin: {e}")));
    }
    let parsed = match Format::sniff(&head) {
        Format::Ndjson => {
            return send(Unit::Lines(
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
    send(Unit::Ready(at, parsed.map_err(|e| e.to_string())))
}

/// Cuts a stream into chunks of whole lines, keeping line numbers.
fn ndjson(at: Location, mut reader: impl Read, send: &mut impl FnMut(Unit) -> bool) -> bool {
    let mut line = 1u64;
    let mut buffer: Vec<u8> = Vec::with_capacity(CHUNK * 2);
    let mut skipping = false;
    loop {
        let start = buffer.len();
        buffer.resize(start + CHUNK, 0);
        let read = match reader.read(&mut buffer[start..]) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => 0,
            Err(e) => {
                let here = Location {
                    line: Some(line),
                    ..at.clone()
                };
                return send(Unit::Broken(here, format!("cannot read: {e}")));
            }
        };
        buffer.truncate(start + read);
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
            let rest = buffer.split_off(cut);
            let chunk = std::mem::replace(&mut buffer, rest);
            let lines = chunk.iter().filter(|&&b| b == b'\n').count() as u64;
            let here = Location {
                line: Some(line),
                ..at.clone()
            };
            if !send(Unit::Lines(here, chunk)) {
                return false;
            }
            line += lines;
        } else if buffer.len() > MAX_LINE {
            let here = Location {
                line: Some(line),
                ..at.clone()
            };
            if !send(Unit::Broken(
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
