//! Typed errors of the signing core. Each message says exactly what failed; none contains a key.

use thiserror::Error;

/// A secret or key that cannot be used.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum KeyError {
    #[error("the secret is empty")]
    Empty,
    #[error("the secret is not valid base64: {0}")]
    NotBase64(String),
    #[error("expected {expected}, got {found}")]
    WrongKind {
        expected: &'static str,
        found: &'static str,
    },
    #[error("a `{prefix}` key must decode to {expected}, got {got} bytes")]
    BadLength {
        prefix: &'static str,
        expected: &'static str,
        got: usize,
    },
    #[error("the `whsk_` key's public half does not match its seed")]
    KeyPairMismatch,
    #[error("the `whpk_` key is not a valid ed25519 public key")]
    InvalidPublicKey,
}

/// Why a message did not verify.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum VerifyError {
    #[error("missing required headers: {}", .0.join(", "))]
    MissingHeaders(Vec<&'static str>),
    #[error("the `{0}` header is repeated with different values")]
    ConflictingHeaders(&'static str),
    #[error("the `{0}` header is not valid text")]
    InvalidHeaderValue(&'static str),
    #[error("invalid webhook-id: {0}")]
    InvalidId(&'static str),
    #[error("webhook-timestamp {0:?} is not an integer number of Unix seconds")]
    InvalidTimestamp(String),
    #[error("timestamp too old: {} behind the clock (tolerance {})", crate::clock::human_duration(*.behind), crate::clock::human_duration(*.tolerance))]
    TimestampTooOld { behind: u64, tolerance: u64 },
    #[error("timestamp too new: {} ahead of the clock (tolerance {})", crate::clock::human_duration(*.ahead), crate::clock::human_duration(*.tolerance))]
    TimestampTooNew { ahead: u64, tolerance: u64 },
    #[error("{0}")]
    NoUsableSignature(String),
    #[error("no signature matched ({checked} checked)")]
    NoMatchingSignature { checked: usize },
}
