//! `sign [PAYLOAD]`: sign a payload's exact bytes and print the headers in the chosen format.

use std::fs;
use std::io::{self, IsTerminal, Read};
use std::path::{Path, PathBuf};

use serde_json::json;

use crate::app::Context;
use crate::cli::{EncodingArg, SignArgs, SignFormat};
use crate::clock;
use crate::endpoint::Endpoint;
use crate::error::{CliError, Exit, Result};
use crate::ids;
use crate::output;
use crate::secrets::{self, SecretFlags};
use crate::signing::{SignatureEncoding, SigningMaterial, sign_v1_encoded, validate_id};
use crate::style::Palette;

/// Where the payload came from: `curl` commands refer to a file and inline stdin.
enum Payload {
    File(PathBuf, Vec<u8>),
    Stdin(Vec<u8>),
}

impl Payload {
    fn bytes(&self) -> &[u8] {
        match self {
            Self::File(_, bytes) | Self::Stdin(bytes) => bytes,
        }
    }
}

/// The headers of a signed message.
pub struct SignedHeaders {
    pub id: String,
    pub timestamp: i64,
    pub signature: String,
}

pub fn run(args: SignArgs, context: &Context) -> Result<Exit> {
    let palette = context.colors.stderr;
    let endpoint: Endpoint = args.url.parse().map_err(|e| {
        CliError::usage(format!("invalid `--url`: {e}"))
            .with_hint("give the receiver's URL, like http://localhost:5000/webhook")
    })?;
    let id = match args.id {
        Some(id) => check_id(id)?,
        None => ids::new_message_id(clock::now_unix()),
    };
    let timestamp = match &args.timestamp {
        Some(text) => clock::parse_instant(text).map_err(|e| {
            CliError::usage(format!("invalid `--timestamp`: {e}"))
                .with_hint("give Unix seconds, like 1764844200")
        })?,
        None => clock::now_unix(),
    };
    let payload = read_payload(args.payload.as_deref())?;
    let flags = SecretFlags {
        secrets: args.secret.secret.into_iter().collect(),
        secret_file: args.secret.secret_file,
        raw: args.secret.raw_secret,
    };
    let (material, _source) = secrets::signing_material(&flags, palette)?;
    let encoding = encoding(args.signature_encoding);
    let signature = sign_with(&material, encoding, &id, timestamp, payload.bytes())?;
    warn_if_nonstandard(flags.raw, encoding, palette);
    if serde_json::from_slice::<serde::de::IgnoredAny>(payload.bytes()).is_err() {
        output::warn(
            palette,
            "the payload is not valid JSON; signing it anyway (Pulse always sends JSON)",
        );
    }
    let headers = SignedHeaders {
        id,
        timestamp,
        signature,
    };
    let out = render(args.format, &headers, &payload, &endpoint)?;
    output::data(&out)?;
    Ok(Exit::Success)
}

/// The three Standard Webhooks headers of a signed message.
pub(super) fn signature_headers(
    id: &str,
    timestamp: i64,
    signature: String,
) -> [(String, String); 3] {
    [
        ("webhook-id".to_string(), id.to_string()),
        ("webhook-timestamp".to_string(), timestamp.to_string()),
        ("webhook-signature".to_string(), signature),
    ]
}

/// What a delivery of a Pulse event carries, as Pulse sends it: `content-type`, then the
/// signature headers, then the user's `-H` headers.
pub(super) fn event_headers(
    id: &str,
    timestamp: i64,
    signature: String,
    extra: &[(String, String)],
) -> Vec<(String, String)> {
    let mut headers = vec![("content-type".to_string(), "application/json".to_string())];
    headers.extend(signature_headers(id, timestamp, signature));
    headers.extend(extra.iter().cloned());
    headers
}

/// The `webhook-signature` value, in the standard or the docs-sample encoding.
pub(super) fn sign_with(
    material: &SigningMaterial,
    encoding: SignatureEncoding,
    id: &str,
    timestamp: i64,
    body: &[u8],
) -> Result<String> {
    match (material, encoding) {
        (SigningMaterial::Hmac(secret), encoding) => {
            Ok(sign_v1_encoded(secret, id, timestamp, body, encoding))
        }
        (SigningMaterial::Ed25519(_), SignatureEncoding::Hex) => Err(CliError::usage(
            "`--signature-encoding hex` applies to HMAC secrets, not `whsk_` keys",
        )),
        (SigningMaterial::Ed25519(key), SignatureEncoding::Base64) => {
            Ok(key.sign(id, timestamp, body))
        }
    }
}

pub(super) fn encoding(arg: EncodingArg) -> SignatureEncoding {
    match arg {
        EncodingArg::Base64 => SignatureEncoding::Base64,
        EncodingArg::Hex => SignatureEncoding::Hex,
    }
}

/// The docs-sample mode is never silent.
pub(super) fn warn_if_nonstandard(raw: bool, encoding: SignatureEncoding, palette: Palette) {
    if raw || encoding == SignatureEncoding::Hex {
        output::warn(
            palette,
            "non-standard signature (Pulse's docs sample: hex digest / raw secret bytes); real Pulse deliveries are never signed this way",
        );
        output::hint(
            palette,
            "use it only to test a handler written from that sample, then fix the handler to base64-decode the secret after `whsec_` and compare base64 signatures",
        );
    }
}

/// A complete raw HTTP/1.1 POST (also a capture that `verify` reads).
pub(super) fn http_request(
    endpoint: &Endpoint,
    headers: &[(String, String)],
    body: &[u8],
) -> Vec<u8> {
    let mut out = format!(
        "POST {} HTTP/1.1\r\nhost: {}\r\ncontent-length: {}\r\n",
        endpoint.path,
        endpoint.host_header(),
        body.len()
    );
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

/// An id must be usable as a header value and must not contain `.`.
pub(super) fn check_id(id: String) -> Result<String> {
    validate_id(&id).map_err(|e| CliError::usage(format!("invalid `--id`: {e}")))?;
    if id.bytes().any(|b| !(0x21..0x7f).contains(&b)) {
        return Err(
            CliError::usage("invalid `--id`: it must be printable ASCII without spaces")
                .with_hint("leave out `--id` to get a new msg_ id"),
        );
    }
    Ok(id)
}

fn read_payload(path: Option<&Path>) -> Result<Payload> {
    match path {
        Some(path) if path != Path::new("-") => fs::read(path)
            .map(|bytes| Payload::File(path.to_path_buf(), bytes))
            .map_err(|e| {
                CliError::usage(format!("cannot read the payload file `{}`", path.display()))
                    .caused_by(e)
                    .with_hint("check the path, or pass `-` to read the payload from stdin")
            }),
        _ => {
            if io::stdin().is_terminal() {
                return Err(CliError::usage("no payload: give a file, or pipe one into stdin")
                    .with_hint("`pulse-hooks events show job.completed > payload.json` writes a sample payload"));
            }
            let mut bytes = Vec::new();
            io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| CliError::usage("cannot read the payload from stdin").caused_by(e))?;
            Ok(Payload::Stdin(bytes))
        }
    }
}

fn render(
    format: SignFormat,
    headers: &SignedHeaders,
    payload: &Payload,
    endpoint: &Endpoint,
) -> Result<Vec<u8>> {
    let SignedHeaders {
        id,
        timestamp,
        signature,
    } = headers;
    let pairs = [
        ("webhook-id", id.clone()),
        ("webhook-timestamp", timestamp.to_string()),
        ("webhook-signature", signature.clone()),
        ("content-type", "application/json".to_string()),
    ];
    Ok(match format {
        SignFormat::Headers => pairs
            .iter()
            .map(|(name, value)| format!("{name}: {value}\n"))
            .collect::<String>()
            .into_bytes(),
        SignFormat::Signature => format!("{signature}\n").into_bytes(),
        SignFormat::Json => {
            let object = json!({
                "webhook-id": id,
                "webhook-timestamp": timestamp.to_string(),
                "webhook-signature": signature,
            });
            format!("{object}\n").into_bytes()
        }
        SignFormat::Curl => {
            let mut words = vec![
                "curl".to_string(),
                "-sS".to_string(),
                "-X".to_string(),
                "POST".to_string(),
                shell_quote(&endpoint.to_string()),
            ];
            for (name, value) in &pairs {
                words.push("-H".into());
                words.push(shell_quote(&format!("{name}: {value}")));
            }
            match payload {
                Payload::File(path, _) => {
                    words.push("--data-binary".into());
                    words.push(shell_quote(&format!("@{}", path.display())));
                }
                Payload::Stdin(bytes) => {
                    words.push("--data-raw".into());
                    words.push(shell_quote(inline_body(bytes)?));
                }
            }
            format!("{}\n", words.join(" ")).into_bytes()
        }
        SignFormat::Http => {
            let owned: Vec<(String, String)> = pairs
                .iter()
                .map(|(n, v)| (n.to_string(), v.clone()))
                .collect();
            http_request(endpoint, &owned, payload.bytes())
        }
    })
}

/// A body from stdin inlined into a curl command: text only, and within what one argument may
/// hold (the kernel limits a single argument to 128 KiB).
fn inline_body(bytes: &[u8]) -> Result<&str> {
    const MAX_ARGUMENT: usize = 128 * 1024 - 1;
    let hint = "save the payload to a file and sign the file: the curl command then sends it with --data-binary @file";
    let text = std::str::from_utf8(bytes)
        .ok()
        .filter(|t| !t.contains('\0'))
        .ok_or_else(|| {
            CliError::usage("a binary payload from stdin cannot be put in a curl command")
                .with_hint(hint)
        })?;
    if text.len() > MAX_ARGUMENT {
        return Err(CliError::usage(
            "the payload from stdin is too large to put in a curl command",
        )
        .with_hint(hint));
    }
    Ok(text)
}

/// POSIX shell single-quoting.
fn shell_quote(text: &str) -> String {
    let safe = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:@=,+%".contains(&b));
    if safe {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(shell_quote("plain/path.json"), "plain/path.json");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("a b"), "'a b'");
    }
}
