//! One integration-test binary: it links once.

mod common;

mod abuse;
mod api_cli;
mod cli_conventions;
mod completions;
mod events_cli;
mod fuzzing;
mod garbage;
mod interop;
mod listen_cli;
mod no_loss;
mod properties;
mod secrets_cli;
mod security;
mod send_cli;
mod sign_cli;
mod vectors;
mod verify_cli;
