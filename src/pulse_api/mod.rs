//! The Pulse API, as `portal`, `jobs`, `config` and `listen --fetch-results` use it.

pub mod client;
pub mod credentials;
pub mod errors;
pub mod job;

pub use client::{Answer, PulseApi, default_policy};
pub use credentials::{ApiFlags, ApiKey, Credentials, Source};
