//! One integration-test binary: it links once.

mod common;

mod cli_conventions;
mod completions;
mod events_cli;
mod garbage;
mod interop;
mod secrets_cli;
mod sign_cli;
mod vectors;
mod verify_cli;
