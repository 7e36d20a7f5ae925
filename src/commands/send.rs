//! `send [EVENT]`: sign a realistic Pulse event (or a payload file) and deliver it, with retries:
//! each attempt carries the same `webhook-id` and a fresh timestamp and signature.

use std::io::Read;
use std::path::Path;

use hyper::body::Bytes;
use serde_json::json;

use super::events::sample;
use super::sign::{encoding, event_headers, http_request, sign_with, warn_if_nonstandard};
use crate::app::Context;
use crate::cli::{DeliveryArgs, SendArgs};
use crate::clock;
use crate::delivery::{self, Attempt, Delivered, Outgoing, Policy};
use crate::endpoint::Endpoint;
use crate::error::{CliError, Exit, Result};
use crate::events::{EventType, type_list};
use crate::ids;
use crate::output;
use crate::sanitize;
use crate::secrets::{self, SecretFlags, SecretSource};
use crate::signing::{Secret, SignatureEncoding, SigningMaterial, sign_v1_encoded};

pub fn run(args: SendArgs, context: &Context) -> Result<Exit> {
    let palette = context.colors.stderr;
    let (endpoint, policy, extra) = delivery_settings(&args.delivery)?;
    let body = body(&args, context)?;
    let flags = SecretFlags {
        secrets: args.secret.secret.clone().into_iter().collect(),
        secret_file: args.secret.secret_file.clone(),
        raw: args.secret.raw_secret,
    };
    let (material, source) = secrets::signing_material(&flags, palette)?;
    let encoding = encoding(args.signature_encoding);
    warn_if_nonstandard(flags.raw, encoding, palette);
    let id = ids::new_message_id(clock::now_unix());
    // Fail on a key that cannot sign this way before anything is sent.
    sign_with(&material, encoding, &id, clock::now_unix(), &body)?;
    // Same id, fresh timestamp and signature on every attempt; extra headers after ours.
    let headers_at = |timestamp: i64| -> Vec<(String, String)> {
        let signature =
            sign_with(&material, encoding, &id, timestamp, &body).expect("checked above");
        event_headers(&id, timestamp, signature, &extra)
    };
    if args.count > 1 && !args.dry_run {
        let load = super::load::Load {
            count: args.count,
            concurrency: args.concurrency,
            rate: args.rate,
            json: args.json,
        };
        return super::load::run(
            &load,
            &endpoint,
            policy,
            &extra,
            &material,
            encoding,
            body,
            context.colors.stdout,
        );
    }
    if args.dry_run {
        output::data(&http_request(
            &endpoint,
            &headers_at(clock::now_unix()),
            &body,
        ))?;
        return Ok(Exit::Success);
    }
    let request = Outgoing {
        url: endpoint.to_string(),
        method: reqwest::Method::POST,
        headers: Vec::new(),
        body: Bytes::from(body.clone()),
    };
    let (runtime, client) = delivery_runtime(false)?;
    let mut attempts: Vec<Attempt> = Vec::new();
    let out = context.colors.stdout;
    let json = args.json;
    let outcome = runtime.block_on(delivery::deliver(
        &client,
        &request,
        &policy,
        |_, outgoing| outgoing.headers = headers_at(clock::now_unix()),
        |attempt| {
            if !json {
                let _ = output::data(attempt_line(attempt, &endpoint, out).as_bytes());
            }
            attempts.push(attempt.clone());
        },
    ));
    if json {
        let list: Vec<_> = attempts
            .iter()
            .map(|a| json!({"attempt": a.number, "status": a.status, "ms": a.latency.as_millis() as u64, "error": a.error, "body": a.body_preview()}))
            .collect();
        let result = match &outcome {
            Delivered::Accepted(s) => json!({"accepted": true, "status": s}),
            Delivered::Rejected(s) => json!({"accepted": false, "status": s}),
            Delivered::GaveUp(why) => json!({"accepted": false, "error": why}),
        };
        output::data(
            format!(
                "{}\n",
                json!({"id": id, "to": endpoint.to_string(), "attempts": list, "result": result})
            )
            .as_bytes(),
        )?;
    }
    match outcome {
        Delivered::Accepted(_) => Ok(Exit::Success),
        Delivered::Rejected(401 | 403) => {
            let hint = rejected_hint(
                &runtime, &client, &request, &material, &source, &id, &body, encoding, &extra,
            );
            output::hint(palette, &hint);
            Ok(Exit::Failure)
        }
        Delivered::Rejected(_) => Ok(Exit::Failure),
        Delivered::GaveUp(why) => {
            let status_seen = attempts.last().is_some_and(|a| a.status.is_some());
            let error = CliError::network(format!(
                "not delivered to {endpoint} after {} attempts: {why}",
                attempts.len()
            ));
            if status_seen {
                // The endpoint answered, with errors: a definite negative result.
                output::info(&error.render(palette));
                Ok(Exit::Failure)
            } else {
                Err(error.with_hint(format!(
                    "is the receiver running? `pulse-hooks listen --port {}` starts one",
                    endpoint.port.unwrap_or(5000)
                )))
            }
        }
    }
}

/// The event's bytes: a template with `--set` overrides, or a payload file's exact bytes.
fn body(args: &SendArgs, context: &Context) -> Result<Vec<u8>> {
    if let Some(path) = &args.payload {
        return if path == Path::new("-") {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| CliError::usage("cannot read the payload from stdin").caused_by(e))?;
            Ok(bytes)
        } else {
            std::fs::read(path).map_err(|e| {
                CliError::usage(format!("cannot read the payload file `{}`", path.display()))
                    .caused_by(e)
                    .with_hint("check the path, or pass `-` to read the payload from stdin")
            })
        };
    }
    let event_type = match &args.event {
        Some(event_type) => event_type.clone(),
        None if context.interactive => pick_event_type()?,
        None => {
            return Err(
                CliError::usage("which event? give one of the event types").with_hint(format!(
                    "for example `pulse-hooks send job.completed`; the types are {}",
                    type_list()
                )),
            );
        }
    };
    Ok(sample(&event_type, &args.set)?.to_string().into_bytes())
}

/// The interactive picker, on a terminal only (see `Context::interactive`).
fn pick_event_type() -> Result<String> {
    let items: Vec<String> = EventType::ALL
        .iter()
        .map(|t| format!("{:<16}{}", t.as_str(), t.description()))
        .collect();
    let chosen = dialoguer::Select::new()
        .with_prompt("Which event?")
        .items(&items)
        .default(2)
        .interact_opt()
        .map_err(|e| CliError::usage("cannot read the choice").caused_by(e))?
        .ok_or_else(|| CliError::usage("no event chosen"))?;
    Ok(EventType::ALL[chosen].as_str().to_string())
}

/// A tokio runtime (one thread, or one per core for load) and the HTTP client, for the commands
/// that deliver.
pub(super) fn delivery_runtime(
    multi_thread: bool,
) -> Result<(tokio::runtime::Runtime, reqwest::Client)> {
    let mut builder = if multi_thread {
        tokio::runtime::Builder::new_multi_thread()
    } else {
        tokio::runtime::Builder::new_current_thread()
    };
    let runtime = builder
        .enable_all()
        .build()
        .map_err(|e| CliError::failure("cannot start").caused_by(e))?;
    let client = delivery::client()
        .map_err(|e| CliError::failure("cannot start an HTTP client").caused_by(e))?;
    Ok((runtime, client))
}

/// Extra `-H` headers, lower-case names.
pub(super) type Headers = Vec<(String, String)>;

/// The target, the retry policy and the extra headers, shared with `replay`.
pub(super) fn delivery_settings(args: &DeliveryArgs) -> Result<(Endpoint, Policy, Headers)> {
    let endpoint: Endpoint = args.to.parse().map_err(|e| {
        CliError::usage(format!("invalid `--to`: {e}"))
            .with_hint("give the receiver's URL, a port like 5000, or :5000/path")
    })?;
    let policy = Policy {
        retries: args.retries,
        backoff: args.backoff,
        max_backoff: args.max_backoff,
        timeout: args.timeout,
    };
    Ok((endpoint, policy, extra_headers(&args.headers)?))
}

fn extra_headers(texts: &[String]) -> Result<Headers> {
    texts
        .iter()
        .map(|text| {
            let (name, value) = text
                .split_once(':')
                .filter(|(n, _)| !n.trim().is_empty() && !n.contains(' '))
                .ok_or_else(|| {
                    CliError::usage(format!("invalid `-H {text}`: expected `Name: value`"))
                })?;
            Ok((name.trim().to_ascii_lowercase(), value.trim().to_string()))
        })
        .collect()
}

pub(super) fn attempt_line(a: &Attempt, endpoint: &Endpoint, p: crate::style::Palette) -> String {
    let ms = a.latency.as_millis();
    let result = match (a.status, &a.error) {
        (Some(s), _) if s < 300 => p.success(&s.to_string()),
        (Some(s), _) => p.failure(&s.to_string()),
        (None, Some(e)) => p.failure(e),
        (None, None) => p.failure("failed"),
    };
    let preview = a.body_preview();
    let body = sanitize::line(preview.trim());
    let body = if body.is_empty() {
        String::new()
    } else {
        format!("  {}", p.dim(&body.chars().take(120).collect::<String>()))
    };
    format!(
        "attempt {}  POST {endpoint}  {result}  {ms} ms{body}\n",
        a.number
    )
}

/// On 401/403: the secrets differ, or, when a request signed the docs-sample way is accepted,
/// the handler was written from Pulse's hexdigest sample.
#[allow(clippy::too_many_arguments)]
fn rejected_hint(
    runtime: &tokio::runtime::Runtime,
    client: &reqwest::Client,
    request: &Outgoing,
    material: &SigningMaterial,
    source: &SecretSource,
    id: &str,
    body: &[u8],
    encoding: SignatureEncoding,
    extra: &[(String, String)],
) -> String {
    let SigningMaterial::Hmac(secret) = material else {
        return format!(
            "the receiver rejected the signature: does it verify v1a with the public key of the secret from {source}?"
        );
    };
    if encoding == SignatureEncoding::Base64
        && docs_sample_accepted(runtime, client, request, secret, id, body, extra)
    {
        return "the receiver accepted the same event signed the way Pulse's docs sample computes it (hex digest keyed by the secret's raw text): its handler was written from that sample and will reject every real delivery. Fix it to base64-decode the secret after `whsec_` and compare base64 signatures (test it meanwhile with `--signature-encoding hex --raw-secret`)".into();
    }
    format!(
        "the receiver's secret differs from the one used here (from {source}); give it the same one, or pass its secret with --secret"
    )
}

/// Sends the event once more, signed the docs-sample way; true if that is accepted.
fn docs_sample_accepted(
    runtime: &tokio::runtime::Runtime,
    client: &reqwest::Client,
    request: &Outgoing,
    secret: &Secret,
    id: &str,
    body: &[u8],
    extra: &[(String, String)],
) -> bool {
    let secret_text = secret.to_whsec();
    let Ok(raw) = Secret::from_raw(&secret_text) else {
        return false;
    };
    let timestamp = clock::now_unix();
    let signature = sign_v1_encoded(&raw, id, timestamp, body, SignatureEncoding::Hex);
    let mut probe = request.clone();
    probe.headers = event_headers(id, timestamp, signature, extra);
    let policy = Policy {
        retries: 0,
        ..Policy::default()
    };
    matches!(
        runtime.block_on(delivery::deliver(
            client,
            &probe,
            &policy,
            |_, _| {},
            |_| {}
        )),
        Delivered::Accepted(_)
    )
}
