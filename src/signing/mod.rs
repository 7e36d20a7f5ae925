//! The signing core: Standard Webhooks (`v1` HMAC-SHA256 and `v1a` ed25519) exactly as Svix signs
//! Pulse deliveries.
//!
//! Pure by design: no I/O, no clock, no environment. Every function that needs the time takes `now`
//! (Unix seconds) as a parameter, so receivers and tests control the clock.

mod asymmetric;
mod base64;
mod challenge;
mod error;
mod headers;
mod secret;
mod v1;
mod verify;

pub(crate) use self::base64::decode_lenient;
pub(crate) use self::verify::constant_time_eq;
pub use asymmetric::{PUBLIC_KEY_PREFIX, PublicKey, SECRET_KEY_PREFIX, SigningKey};
pub use challenge::{CHALLENGE_HEADER, CHALLENGE_RESPONSE_HEADER, challenge_response};
pub use error::{KeyError, VerifyError};
pub use headers::{HeaderNaming, WebhookHeaders, is_signature_header};
pub use secret::{MIN_KEY_LEN, SECRET_PREFIX, Secret};
pub(crate) use v1::hex;
pub use v1::{SignatureEncoding, hmac_v1, sign_v1, sign_v1_encoded};
pub use verify::{
    DEFAULT_TOLERANCE_SECS, SignatureEntry, SignatureVersion, Verified, Verifier, check_timestamp,
    parse_timestamp, signature_entries, validate_id,
};

/// A key that can sign: an HMAC secret (`v1`) or an ed25519 secret key (`v1a`).
#[derive(Clone, Debug)]
pub enum SigningMaterial {
    Hmac(Secret),
    Ed25519(SigningKey),
}

impl SigningMaterial {
    /// Parses `whsk_…` as an ed25519 key and anything else as an HMAC secret.
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        if text.trim_start().starts_with(SECRET_KEY_PREFIX) {
            SigningKey::parse(text).map(Self::Ed25519)
        } else {
            Secret::parse(text).map(Self::Hmac)
        }
    }

    /// The `webhook-signature` header value for a message: `v1,…` or `v1a,…`.
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        match self {
            Self::Hmac(secret) => sign_v1(secret, id, timestamp, body),
            Self::Ed25519(key) => key.sign(id, timestamp, body),
        }
    }
}
