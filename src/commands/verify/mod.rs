//! `verify INPUT…`: verify captured requests, in parallel, and explain every failure.

mod inputs;
mod report;

use std::io::{self, IsTerminal, Read};
use std::path::Path;

use crate::app::Context;
use crate::capture::Capture;
use crate::check::Checker;
use crate::cli::VerifyArgs;
use crate::clock;
use crate::error::{CliError, Exit, Result};
use crate::secrets;

use inputs::Input;
use report::{Report, ReportOptions};

pub fn run(args: VerifyArgs, context: &Context) -> Result<Exit> {
    let checker = checker(&args, context)?;
    let inputs = inputs(&args)?;
    let jobs = args
        .jobs
        .map(usize::from)
        .or_else(|| std::thread::available_parallelism().ok().map(usize::from))
        .unwrap_or(2);
    let mut report = Report::new(ReportOptions {
        json: args.json,
        junit: args.junit.clone(),
        quiet: args.quiet,
        palette: context.colors.stdout,
    })?;
    let started = std::time::Instant::now();
    let work = inputs::Work {
        checker: &checker,
        details_for_passes: !args.quiet || args.json || args.junit.is_some(),
    };
    inputs::run(inputs, &work, jobs, |outcome| report.add(outcome))?;
    let counts = report.finish(started.elapsed())?;
    if counts.total() == 0 {
        return Err(
            CliError::usage("nothing to verify: no captures were found in the inputs").with_hint(
                "captures are .json, .ndjson, .jsonl or .http files; see `pulse-hooks verify --help`",
            ),
        );
    }
    Ok(if counts.failed + counts.unreadable > 0 {
        Exit::Failure
    } else {
        Exit::Success
    })
}

/// The verifier from the secret and key flags, the clock and the window.
fn checker(args: &VerifyArgs, context: &Context) -> Result<Checker> {
    let stdin = |p: &Option<std::path::PathBuf>| p.as_deref() == Some(Path::new("-"));
    if stdin(&args.keys.secret_file)
        && (args.inputs.iter().any(|i| i == Path::new("-")) || stdin(&args.payload))
    {
        return Err(
            CliError::usage("stdin cannot hold both the secret and the captures")
                .with_hint("put the secret or the captures in a file"),
        );
    }
    let tolerance = if args.ignore_timestamp {
        None
    } else {
        Some(args.tolerance.as_secs())
    };
    let now = match &args.now {
        Some(text) => clock::parse_instant(text)
            .map_err(|e| CliError::usage(format!("invalid `--now`: {e}")))?,
        None => clock::now_unix(),
    };
    let keys = secrets::verifying_keys(&args.keys, context.colors.stderr)?;
    Ok(Checker {
        verifier: keys.verifier.with_tolerance(tolerance),
        texts: keys.texts,
        now,
    })
}

fn inputs(args: &VerifyArgs) -> Result<Vec<Input>> {
    if let Some(payload) = &args.payload {
        return Ok(vec![Input::Message(Box::new(message_from_flags(
            args, payload,
        )?))]);
    }
    if args.inputs.is_empty() {
        if io::stdin().is_terminal() {
            return Err(
                CliError::usage("nothing to verify: give capture files or folders").with_hint(
                    "`pulse-hooks verify fixtures/`, or pipe captures into `pulse-hooks verify -`",
                ),
            );
        }
        return Ok(vec![Input::Stdin]);
    }
    Ok(args
        .inputs
        .iter()
        .map(|path| {
            if path == Path::new("-") {
                Input::Stdin
            } else {
                Input::Path(path.clone())
            }
        })
        .collect())
}

/// One message from `--payload` and its headers from `--id`/`--timestamp`/`--signature`/`-H`.
fn message_from_flags(args: &VerifyArgs, payload: &Path) -> Result<Capture> {
    let body = if payload == Path::new("-") {
        let mut body = Vec::new();
        io::stdin()
            .read_to_end(&mut body)
            .map_err(|e| CliError::usage("cannot read the payload from stdin").caused_by(e))?;
        body
    } else {
        std::fs::read(payload).map_err(|e| {
            CliError::usage(format!(
                "cannot read the payload file `{}`",
                payload.display()
            ))
            .caused_by(e)
        })?
    };
    let mut headers = Vec::new();
    for text in &args.headers {
        let (name, value) = text
            .split_once(':')
            .filter(|(name, _)| !name.trim().is_empty())
            .ok_or_else(|| {
                CliError::usage(format!("invalid `-H {text}`: expected `name: value`"))
                    .with_hint("for example -H 'webhook-id: msg_2KWPBgLlAfxdpx2AI54pPJ85f4W'")
            })?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    for (name, value) in [
        ("webhook-id", &args.id),
        ("webhook-timestamp", &args.timestamp),
        ("webhook-signature", &args.signature),
    ] {
        if let Some(value) = value {
            headers.push((name.to_string(), value.clone()));
        }
    }
    if headers.is_empty() {
        return Err(
            CliError::usage("`--payload` needs the message's headers").with_hint(
                "give --id, --timestamp and --signature, or the headers with -H 'name: value'",
            ),
        );
    }
    Ok(Capture {
        headers,
        body,
        ..Capture::default()
    })
}
