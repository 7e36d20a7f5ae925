//! `replay CAPTURE… --to URL`: re-send captured requests, re-signed with a fresh timestamp (same
//! id and body) or, with `--as-is`, with their original headers.

use hyper::body::Bytes;
use serde_json::json;

use super::send::{attempt_line, delivery_runtime, delivery_settings};
use super::sign::{encoding, sign_with, signature_headers, warn_if_nonstandard};
use crate::app::Context;
use crate::capture::{self, Capture};
use crate::cli::ReplayArgs;
use crate::clock;
use crate::delivery::{self, Delivered, Outgoing, is_hop_by_hop};
use crate::error::{CliError, Exit, Result};
use crate::ids;
use crate::output;
use crate::sanitize;
use crate::secrets::{self, SecretFlags};
use crate::signing::{SigningMaterial, is_signature_header};

pub fn run(args: ReplayArgs, context: &Context) -> Result<Exit> {
    let palette = context.colors.stderr;
    let (endpoint, policy, extra) = delivery_settings(&args.delivery)?;
    let signer: Option<(SigningMaterial, _)> = if args.as_is {
        None
    } else {
        let flags = SecretFlags {
            secrets: args.secret.secret.clone().into_iter().collect(),
            secret_file: args.secret.secret_file.clone(),
            raw: args.secret.raw_secret,
        };
        let (material, _) = secrets::signing_material(&flags, palette)?;
        let encoding = encoding(crate::cli::EncodingArg::Base64);
        warn_if_nonstandard(flags.raw, encoding, palette);
        Some((material, encoding))
    };
    let captures: Vec<_> = args
        .captures
        .iter()
        .flat_map(|p| capture::read_all(p))
        .collect();
    if captures.is_empty() {
        return Err(CliError::usage("nothing to replay: no captures were found")
            .with_hint("captures are .json, .ndjson, .jsonl or .http files"));
    }
    let (runtime, client) = delivery_runtime(false)?;
    let (mut accepted, mut rejected, mut failed, mut unreadable) = (0, 0, 0, 0);
    let out = context.colors.stdout;
    for (place, parsed) in captures {
        let capture: Capture = match parsed {
            Ok(c) => c,
            Err(reason) => {
                unreadable += 1;
                output::data(
                    format!(
                        "{} {}  cannot read: {}\n",
                        out.failure("✗"),
                        sanitize::line(&place),
                        sanitize::line(&reason)
                    )
                    .as_bytes(),
                )?;
                continue;
            }
        };
        let id = capture
            .header("webhook-id")
            .or_else(|| capture.header("svix-id"))
            .map_or_else(|| ids::new_message_id(clock::now_unix()), str::to_string);
        let kept: Vec<(String, String)> = capture
            .headers
            .iter()
            .filter(|(n, _)| !is_hop_by_hop(n) && (signer.is_none() || !is_signature_header(n)))
            .cloned()
            .chain(extra.iter().cloned())
            .collect();
        let request = Outgoing {
            url: endpoint.to_string(),
            method: reqwest::Method::POST,
            headers: kept.clone(),
            body: Bytes::from(capture.body.clone()),
        };
        let mut last = None;
        let outcome = runtime.block_on(delivery::deliver(
            &client,
            &request,
            &policy,
            |_, outgoing| {
                if let Some((material, encoding)) = &signer {
                    let timestamp = clock::now_unix();
                    let signature = sign_with(material, *encoding, &id, timestamp, &capture.body)
                        .unwrap_or_default();
                    outgoing.headers = kept.clone();
                    outgoing
                        .headers
                        .extend(signature_headers(&id, timestamp, signature));
                }
            },
            |attempt| last = Some(attempt.clone()),
        ));
        match &outcome {
            Delivered::Accepted(_) => accepted += 1,
            Delivered::Rejected(_) => rejected += 1,
            Delivered::GaveUp(_) => failed += 1,
        }
        let line = if args.json {
            let status = match &outcome {
                Delivered::Accepted(s) | Delivered::Rejected(s) => json!(s),
                Delivered::GaveUp(_) => json!(null),
            };
            format!(
                "{}\n",
                json!({"capture": place, "id": id, "status": status, "accepted": matches!(outcome, Delivered::Accepted(_))})
            )
        } else {
            let attempt = last
                .map(|a| attempt_line(&a, &endpoint, out))
                .unwrap_or_default();
            format!("{}  {}", sanitize::line(&place), attempt)
        };
        output::data(line.as_bytes())?;
    }
    if !args.json {
        output::info(&format!(
            "replayed: {accepted} accepted, {rejected} rejected, {failed} not delivered, {unreadable} unreadable"
        ));
    }
    // Only a run where nothing got an answer is a network failure.
    Ok(if failed > 0 && accepted + rejected + unreadable == 0 {
        Exit::Network
    } else if rejected + failed + unreadable > 0 {
        Exit::Failure
    } else {
        Exit::Success
    })
}
