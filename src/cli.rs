//! The command line, as clap sees it. Nothing else lives here: commands turn these raw arguments
//! into validated settings before they run.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

use crate::style::ColorChoice;

#[derive(Debug, Parser)]
#[command(
    name = "pulse-hooks",
    version,
    about = "Receive, sign, send and verify Pulse webhooks",
    long_about = "Receive, sign, send and verify Pulse webhooks.\n\nPulse delivers webhooks through Svix, signed by the Standard Webhooks scheme. pulse-hooks signs payloads exactly as Pulse would, so a webhook handler can be tested locally.",
    after_help = "Exit codes: 0 success, 1 a negative result (did not verify, rejected), 2 usage or input error, 3 network or remote error.",
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// When to use colour: auto (a terminal, unless NO_COLOR is set), always, never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Never prompt; fail with a hint instead (also when CI is set)
    #[arg(long, global = true)]
    pub no_input: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Receive webhooks locally: verify, pretty-print, save and forward them
    #[command(after_help = LISTEN_EXAMPLES)]
    Listen(ListenArgs),
    /// Sign and deliver a realistic test event, with retries
    #[command(after_help = SEND_EXAMPLES)]
    Send(SendArgs),
    /// Re-send captured requests: re-signed with a fresh timestamp, or as they were
    Replay(ReplayArgs),
    /// Sign a payload exactly as Pulse would, for `curl -H @-` and friends
    #[command(after_help = SIGN_EXAMPLES)]
    Sign(SignArgs),
    /// Verify captured requests (files, folders, stdin) or one message given by flags
    #[command(after_help = VERIFY_EXAMPLES)]
    Verify(VerifyArgs),
    /// Signing secrets and keys
    #[command(subcommand)]
    Secret(SecretCommand),
    /// The Pulse event types: list them, show a sample, print the schema
    Events(EventsArgs),
    /// Get the link to Pulse's webhook portal (add endpoints, filter events, read delivery logs)
    #[command(after_help = PORTAL_EXAMPLES)]
    Portal(PortalArgs),
    /// Look at or cancel a Pulse job
    #[command(subcommand)]
    Jobs(JobsCommand),
    /// This tool's settings: write the config file, show what is in use, print the file's path
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Print a shell completion script
    #[command(
        after_help = "Example: pulse-hooks completions bash > ~/.local/share/bash-completion/completions/pulse-hooks"
    )]
    Completions {
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the man page (roff)
    #[command(hide = true)]
    Man,
}

const SIGN_EXAMPLES: &str = "Examples:
  pulse-hooks sign payload.json | curl -H @- --data-binary @payload.json http://localhost:5000/webhook
  pulse-hooks sign payload.json --format curl --url http://localhost:3000/hooks/pulse | sh
  echo '{\"type\":\"job.completed\"}' | pulse-hooks sign --format json";

const LISTEN_EXAMPLES: &str = "Examples:
  pulse-hooks listen                                  # http://127.0.0.1:5000/webhook, development secret
  pulse-hooks listen --port 8080 --path '*' --body
  pulse-hooks listen --save captures/ --json > events.ndjson

Responses: 200 verified JSON, 400 verified but not JSON, 401 not verified (a JSON body says why),
404 another path, 405 another method, 413 a body over --max-body.";

#[derive(Debug, Args)]
pub struct ListenArgs {
    /// Port to listen on (0 picks a free one; the banner says which)
    #[arg(long, short, default_value_t = 5000)]
    pub port: u16,

    /// Address to bind (loopback by default; anything else is reachable from the network)
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,

    /// The path webhooks are posted to, or '*' for any path
    #[arg(long, default_value = "/webhook")]
    pub path: String,

    #[command(flatten)]
    pub keys: VerifyingKeyArgs,

    /// How far a timestamp may be from now, either way
    #[arg(long, value_name = "DURATION", value_parser = crate::clock::parse_duration, default_value = "5m")]
    pub tolerance: Duration,

    /// Accept requests without checking signatures (to explore what a sender sends)
    #[arg(long)]
    pub accept_unsigned: bool,

    /// Largest body accepted (larger: 413)
    #[arg(long, value_name = "BYTES", default_value = "1MiB", value_parser = crate::size::parse_size)]
    pub max_body: u64,

    /// Most connections open at once
    #[arg(long, value_name = "N", default_value_t = 1024)]
    pub max_connections: usize,

    /// Time a client has to send a request's headers, and then its body
    #[arg(long, value_name = "DURATION", value_parser = crate::clock::parse_duration, default_value = "10s")]
    pub read_timeout: Duration,

    /// Also print each event's JSON body, indented and coloured
    #[arg(long)]
    pub body: bool,

    /// Print NDJSON on stdout: a `ready` line, then one capture per request
    #[arg(long)]
    pub json: bool,

    /// Save every request as a capture file in this folder (mode 0600)
    #[arg(long, value_name = "DIR")]
    pub save: Option<PathBuf>,

    /// Forward each verified request to your handler (method, headers and exact body)
    #[arg(long, value_name = "URL")]
    pub forward_to: Option<String>,

    /// Forward every request that reached verification, verified or not
    #[arg(long, requires = "forward_to")]
    pub forward_all: bool,

    /// On shutdown, how long to keep delivering queued forwards
    #[arg(long, value_name = "DURATION", value_parser = crate::clock::parse_duration, default_value = "10s")]
    pub drain: Duration,

    /// For job.completed events, fetch the job from the Pulse API and print a summary of its result
    #[arg(long)]
    pub fetch_results: bool,

    /// Pulse API key for --fetch-results [default: as for `jobs`]
    #[arg(long, value_name = "KEY", requires = "fetch_results")]
    pub api_key: Option<String>,

    /// Pulse API base URL for --fetch-results [default: as for `jobs`]
    #[arg(long, value_name = "URL", requires = "fetch_results")]
    pub api_url: Option<String>,
}

const PORTAL_EXAMPLES: &str = "Examples:
  pulse-hooks portal --open
  pulse-hooks portal --json | jq -r .link

Exit codes: 0 success, 2 no API key or a bad flag, 3 the API failed or cannot be reached.";

#[derive(Debug, Args)]
pub struct PortalArgs {
    /// Open the link in the browser
    #[arg(long)]
    pub open: bool,

    /// Print `{\"link\": …}`
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub api: ApiArgs,
}

/// Where the Pulse API is and which key it is called with.
#[derive(Debug, Args, Clone, Default)]
pub struct ApiCredentialArgs {
    /// Pulse API key [default: PULSE_API_KEY, the config file, the Pulse CLI's ~/.pulse/config.toml]
    #[arg(long, value_name = "KEY")]
    pub api_key: Option<String>,

    /// Pulse API base URL [default: PULSE_API_URL, the config files, https://api.runpulse.com]
    #[arg(long, value_name = "URL")]
    pub api_url: Option<String>,
}

/// The API flags of the commands that call it.
#[derive(Debug, Args)]
pub struct ApiArgs {
    #[command(flatten)]
    pub credentials: ApiCredentialArgs,

    /// Time allowed for each attempt
    #[arg(long, value_name = "DURATION", value_parser = crate::clock::parse_duration, default_value = "60s")]
    pub timeout: Duration,

    /// Attempts after the first, on connection errors, 408, 429 and 5xx
    #[arg(long, default_value_t = 2)]
    pub retries: u32,
}

#[derive(Debug, Subcommand)]
pub enum JobsCommand {
    /// Show a job: status, times, error and a summary of its result
    Get(JobArgs),
    /// Ask Pulse to cancel a job (finished jobs stay as they are)
    Cancel(JobArgs),
}

#[derive(Debug, Args)]
pub struct JobArgs {
    /// The job id (the `data.job_id` of an event)
    #[arg(value_name = "JOB_ID")]
    pub job_id: String,

    /// Print the API's JSON body as it came
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub api: ApiArgs,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Write the config file: API key, signing secret, API URL (asks on a terminal)
    #[command(after_help = CONFIG_INIT_EXAMPLES)]
    Init(ConfigInitArgs),
    /// Show the settings in use and where each came from (secrets redacted)
    Show {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Print the config file's path
    Path,
}

const CONFIG_INIT_EXAMPLES: &str = "Examples:
  pulse-hooks config init                              # asks for each value (hidden for secrets)
  pulse-hooks config init --no-input --api-key \"$KEY\" --webhook-secret whsec_… --force

Values not given keep what the file already has.";

#[derive(Debug, Args)]
pub struct ConfigInitArgs {
    /// The Pulse API key to save
    #[arg(long, value_name = "KEY")]
    pub api_key: Option<String>,

    /// The webhook signing secret to save (whsec_…, from the Pulse portal)
    #[arg(long, value_name = "SECRET")]
    pub webhook_secret: Option<String>,

    /// The API URL to save
    #[arg(long, value_name = "URL")]
    pub api_url: Option<String>,

    /// Replace an existing file without asking
    #[arg(long)]
    pub force: bool,
}

const SEND_EXAMPLES: &str = "Examples:
  pulse-hooks send job.completed                       # to http://localhost:5000/webhook
  pulse-hooks send job.failed --to :3000/hooks/pulse --set data.error='Timeout'
  pulse-hooks send --payload event.json --to https://staging.example.com/webhook --dry-run

Exit codes: 0 accepted, 1 rejected by the endpoint, 2 usage error, 3 cannot connect or no answer.";

#[derive(Debug, Args)]
pub struct SendArgs {
    /// job.created, job.processing, job.completed, job.failed or job.cancelled
    #[arg(value_name = "EVENT", conflicts_with = "payload")]
    pub event: Option<String>,

    /// Send this file's exact bytes instead of a template (`-` for stdin)
    #[arg(long, value_name = "FILE")]
    pub payload: Option<PathBuf>,

    /// Override a template field: data.pages_processed=40 (value parsed as JSON when it parses)
    #[arg(long = "set", value_name = "PATH=VALUE", conflicts_with = "payload")]
    pub set: Vec<String>,

    #[command(flatten)]
    pub delivery: DeliveryArgs,

    /// Load mode: send this many distinct events (each its own webhook-id)
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
    pub count: u64,

    /// Load mode: requests in flight at once
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub concurrency: u64,

    /// Load mode: at most this many requests per second (default: as fast as the receiver answers)
    #[arg(long, value_name = "PER_SECOND")]
    pub rate: Option<f64>,

    /// Print the signed request instead of sending it
    #[arg(long)]
    pub dry_run: bool,

    /// Print the result as JSON
    #[arg(long)]
    pub json: bool,

    /// Signature encoding: base64 (standard) or hex (non-standard: Pulse's docs sample)
    #[arg(long, value_enum, default_value_t = EncodingArg::Base64)]
    pub signature_encoding: EncodingArg,

    #[command(flatten)]
    pub secret: SigningSecretArgs,
}

/// Where and how `send` and `replay` deliver.
#[derive(Debug, Args)]
pub struct DeliveryArgs {
    /// Where to send: a URL, a port (5000) or :port/path
    #[arg(long, default_value = crate::endpoint::DEFAULT_URL)]
    pub to: String,

    /// An extra header, `Name: value`; repeatable
    #[arg(short = 'H', long = "header", value_name = "HEADER")]
    pub headers: Vec<String>,

    /// Time allowed for each attempt
    #[arg(long, value_name = "DURATION", value_parser = crate::clock::parse_duration, default_value = "15s")]
    pub timeout: Duration,

    /// Attempts after the first, on connection errors, timeouts, 408, 425, 429 and 5xx
    #[arg(long, default_value_t = 3)]
    pub retries: u32,

    /// The first wait before a retry (doubled each time, with full jitter)
    #[arg(long, value_name = "DURATION", value_parser = crate::clock::parse_duration, default_value = "500ms")]
    pub backoff: Duration,

    /// The longest wait before a retry (also caps Retry-After)
    #[arg(long, value_name = "DURATION", value_parser = crate::clock::parse_duration, default_value = "30s")]
    pub max_backoff: Duration,
}

#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// Capture files (.json, .ndjson/.jsonl, .http), folders, or `-` for stdin
    #[arg(value_name = "CAPTURE", required = true)]
    pub captures: Vec<PathBuf>,

    /// Send the original headers instead of re-signing with a fresh timestamp
    #[arg(long)]
    pub as_is: bool,

    /// Print a JSON line per capture
    #[arg(long)]
    pub json: bool,

    #[command(flatten)]
    pub delivery: DeliveryArgs,

    #[command(flatten)]
    pub secret: SigningSecretArgs,
}

const VERIFY_EXAMPLES: &str = "Examples:
  pulse-hooks verify fixtures/ --ignore-timestamp --junit verify.xml
  pulse-hooks verify captures.ndjson --secret \"$PULSE_WEBHOOK_SECRET\"
  pulse-hooks verify --payload body.json -H 'webhook-id: msg_…' -H 'webhook-timestamp: …' -H 'webhook-signature: v1,…'

Exit codes: 0 every message verified, 1 any failed or could not be read, 2 nothing to verify or a bad secret.";

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Capture files (.json, .ndjson/.jsonl, .http), folders (searched recursively), or `-` for stdin
    #[arg(value_name = "INPUT", conflicts_with = "payload")]
    pub inputs: Vec<PathBuf>,

    #[command(flatten)]
    pub keys: VerifyingKeyArgs,

    /// How far the timestamp may be from now, either way
    #[arg(long, value_name = "DURATION", value_parser = crate::clock::parse_duration, default_value = "5m")]
    pub tolerance: Duration,

    /// Check timestamps against this time instead of the clock (Unix seconds or RFC 3339)
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,

    /// Do not check timestamps at all (stored fixtures)
    #[arg(long)]
    pub ignore_timestamp: bool,

    /// Verify one message: this body file (`-` for stdin), with --id/--timestamp/--signature or -H
    #[arg(long, value_name = "FILE")]
    pub payload: Option<PathBuf>,

    /// The message's webhook-id (with --payload)
    #[arg(long, requires = "payload")]
    pub id: Option<String>,

    /// The message's webhook-timestamp (with --payload)
    #[arg(long, requires = "payload")]
    pub timestamp: Option<String>,

    /// The message's webhook-signature (with --payload)
    #[arg(long, requires = "payload")]
    pub signature: Option<String>,

    /// A header of the message, `name: value` (with --payload); repeatable
    #[arg(
        short = 'H',
        long = "header",
        value_name = "HEADER",
        requires = "payload"
    )]
    pub headers: Vec<String>,

    /// Print a JSON report instead of lines
    #[arg(long)]
    pub json: bool,

    /// Also write a JUnit XML report to this file
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,

    /// Print only failures and the summary
    #[arg(long, short)]
    pub quiet: bool,

    /// Worker threads [default: the number of CPUs]
    #[arg(long, value_name = "N")]
    pub jobs: Option<std::num::NonZeroUsize>,
}

/// The flags that choose the secrets and keys a message is verified with.
#[derive(Debug, Args, Clone, Default)]
pub struct VerifyingKeyArgs {
    /// Secret to verify with; repeat for rotation (any one may match)
    #[arg(long = "secret", value_name = "SECRET")]
    pub secrets: Vec<String>,

    /// Read the secret from a file (`-` for stdin)
    #[arg(long, value_name = "PATH", conflicts_with = "secrets")]
    pub secret_file: Option<PathBuf>,

    /// Use the secret text's own bytes as the HMAC key (non-standard: Pulse's docs sample)
    #[arg(long)]
    pub raw_secret: bool,

    /// A whpk_ public key to verify v1a signatures; repeatable
    #[arg(long = "public-key", value_name = "KEY")]
    pub public_keys: Vec<String>,
}

/// The flags that choose a signing secret, shared by the commands that sign.
#[derive(Debug, Args, Clone, Default)]
pub struct SigningSecretArgs {
    /// Signing secret: whsec_… (or bare base64), or a whsk_… key to sign v1a
    #[arg(long, value_name = "SECRET", conflicts_with = "secret_file")]
    pub secret: Option<String>,

    /// Read the secret from a file (`-` for stdin)
    #[arg(long, value_name = "PATH")]
    pub secret_file: Option<PathBuf>,

    /// Use the secret text's own bytes as the HMAC key (non-standard: Pulse's docs sample)
    #[arg(long)]
    pub raw_secret: bool,
}

#[derive(Debug, Args)]
pub struct SignArgs {
    /// The payload file, signed as its exact bytes (`-` or nothing: stdin)
    #[arg(value_name = "PAYLOAD")]
    pub payload: Option<PathBuf>,

    /// Message id [default: a new msg_ + KSUID]
    #[arg(long)]
    pub id: Option<String>,

    /// Unix seconds or RFC 3339 [default: now]
    #[arg(long)]
    pub timestamp: Option<String>,

    /// What to print
    #[arg(long, short, value_enum, default_value_t = SignFormat::Headers)]
    pub format: SignFormat,

    /// The receiver's URL, for `--format curl` and `--format http`
    #[arg(long, default_value = crate::endpoint::DEFAULT_URL)]
    pub url: String,

    /// Signature encoding: base64 (standard) or hex (non-standard: Pulse's docs sample)
    #[arg(long, value_enum, default_value_t = EncodingArg::Base64)]
    pub signature_encoding: EncodingArg,

    #[command(flatten)]
    pub secret: SigningSecretArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SignFormat {
    /// `name: value` lines, for `curl -H @-`
    Headers,
    /// One complete curl command
    Curl,
    /// The headers as a JSON object
    Json,
    /// A raw HTTP/1.1 request (also a capture)
    Http,
    /// The webhook-signature value alone
    Signature,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EncodingArg {
    Base64,
    Hex,
}

#[derive(Debug, Subcommand)]
pub enum SecretCommand {
    /// Print a new whsec_ secret (24 random bytes), or a whsk_/whpk_ key pair
    Generate {
        /// An ed25519 key pair for v1a: the whsk_ secret key, then the whpk_ public key
        #[arg(long)]
        asymmetric: bool,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct EventsArgs {
    #[command(subcommand)]
    pub command: Option<EventsCommand>,

    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum EventsCommand {
    /// Print a sample payload of a type, with a fresh job id and timestamp
    Show {
        /// job.created, job.processing, job.completed, job.failed or job.cancelled
        #[arg(value_name = "TYPE")]
        event_type: String,
        /// Override a field: data.pages_processed=40 (value parsed as JSON when it parses)
        #[arg(long = "set", value_name = "PATH=VALUE")]
        set: Vec<String>,
        /// One line instead of indented JSON
        #[arg(long)]
        compact: bool,
    },
    /// Print a JSON Schema of the event envelope
    Schema,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn definitions_are_consistent() {
        Cli::command().debug_assert();
    }
}
