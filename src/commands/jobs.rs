//! `jobs get JOB_ID` and `jobs cancel JOB_ID`: `GET` / `DELETE /job/{job_id}`.

use super::api;
use crate::app::Context;
use crate::cli::JobArgs;
use crate::clock;
use crate::error::{Exit, Result};
use crate::output;
use crate::pulse_api::{Answer, job};
use crate::sanitize;

pub fn get(args: JobArgs, context: &Context) -> Result<Exit> {
    let client = api::client(&args.api, context)?;
    let answer = api::block_on(client.job(&args.job_id))?;
    if args.json {
        return print_raw(&answer);
    }
    output::data(job::details(&answer.json, clock::now_unix(), context.colors.stdout).as_bytes())?;
    Ok(Exit::Success)
}

pub fn cancel(args: JobArgs, context: &Context) -> Result<Exit> {
    let client = api::client(&args.api, context)?;
    let answer = api::block_on(client.cancel_job(&args.job_id))?;
    if args.json {
        return print_raw(&answer);
    }
    let p = context.colors.stdout;
    let message = answer
        .json
        .get("message")
        .and_then(|m| m.as_str())
        .map(|m| sanitize::line(m).into_owned())
        .unwrap_or_else(|| "cancellation requested".to_string());
    output::data(
        format!(
            "{} job {}: {message}\n",
            p.success("✓"),
            sanitize::line(&args.job_id)
        )
        .as_bytes(),
    )?;
    output::hint(
        context.colors.stderr,
        &format!(
            "cancelling is best effort; `pulse-hooks jobs get {}` shows the status",
            sanitize::line(&args.job_id)
        ),
    );
    Ok(Exit::Success)
}

/// `--json`: the API's body as it came, with a final newline.
fn print_raw(answer: &Answer) -> Result<Exit> {
    output::data(&answer.raw)?;
    if !answer.raw.ends_with(b"\n") {
        output::data(b"\n")?;
    }
    Ok(Exit::Success)
}
