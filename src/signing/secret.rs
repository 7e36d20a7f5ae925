//! The `v1` HMAC secret.

use std::fmt;

use hmac::{Hmac, KeyInit};
use sha2::Sha256;

use super::KeyError;
use super::base64::{decode_lenient, describe, encode};

pub const SECRET_PREFIX: &str = "whsec_";
/// Svix generates 24-byte keys and the spec asks for at least 24.
pub const MIN_KEY_LEN: usize = 24;

/// An HMAC-SHA256 signing secret. Its `Debug` never shows the key.
///
/// The keyed HMAC state is computed once here, so signing or verifying many messages with one
/// secret costs only the hashing of each message.
#[derive(Clone)]
pub struct Secret {
    key: Box<[u8]>,
    mac: Hmac<Sha256>,
}

impl Secret {
    /// Parses `whsec_<base64>` or bare base64, padded or not. Surrounding white space (a newline
    /// at the end of a file) is ignored.
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        let text = text.trim();
        for (prefix, found) in [
            ("whsk_", "a `whsk_` ed25519 secret key"),
            ("whpk_", "a `whpk_` ed25519 public key"),
        ] {
            if text.starts_with(prefix) {
                return Err(KeyError::WrongKind {
                    expected: "a `whsec_` secret",
                    found,
                });
            }
        }
        let encoded = text.strip_prefix(SECRET_PREFIX).unwrap_or(text);
        if encoded.is_empty() {
            return Err(KeyError::Empty);
        }
        let key = decode_lenient(encoded).map_err(|e| KeyError::NotBase64(describe(&e)))?;
        Self::from_bytes(&key)
    }

    /// Uses the string's own bytes as the key: the docs-sample mistake, for compatibility testing.
    pub fn from_raw(text: &str) -> Result<Self, KeyError> {
        Self::from_bytes(text.as_bytes())
    }

    pub fn from_bytes(key: &[u8]) -> Result<Self, KeyError> {
        if key.is_empty() {
            return Err(KeyError::Empty);
        }
        let mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
        Ok(Self {
            key: key.into(),
            mac,
        })
    }

    /// The HMAC key bytes (for diagnosis and interoperability; never print them).
    pub fn key_bytes(&self) -> &[u8] {
        &self.key
    }

    /// Shorter than the 24 bytes the spec asks for: the CLI warns.
    pub fn is_short(&self) -> bool {
        self.key.len() < MIN_KEY_LEN
    }

    /// The `whsec_…` text form (to save or show a secret the user asked for).
    pub fn to_whsec(&self) -> String {
        format!("{SECRET_PREFIX}{}", encode(&self.key))
    }

    pub(crate) fn keyed_mac(&self) -> Hmac<Sha256> {
        self.mac.clone()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        use subtle::ConstantTimeEq;
        self.key.ct_eq(&other.key).into()
    }
}

impl Eq for Secret {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_every_documented_form() {
        let forms = [
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "  whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n",
        ];
        let keys: Vec<_> = forms.iter().map(|f| Secret::parse(f).unwrap()).collect();
        assert!(keys.windows(2).all(|w| w[0] == w[1]));
        // Padded and unpadded forms of a key whose length is not a multiple of 3.
        let padded = Secret::parse("whsec_YWJjZA==").unwrap();
        let unpadded = Secret::parse("whsec_YWJjZA").unwrap();
        assert_eq!(padded.key_bytes(), b"abcd");
        assert_eq!(padded, unpadded);
    }

    #[test]
    fn rejects_empty_undecodable_and_wrong_kind() {
        assert_eq!(Secret::parse("").unwrap_err(), KeyError::Empty);
        assert_eq!(Secret::parse("whsec_").unwrap_err(), KeyError::Empty);
        assert!(matches!(
            Secret::parse("whsec_!!!").unwrap_err(),
            KeyError::NotBase64(_)
        ));
        assert!(matches!(
            Secret::parse("whpk_AAAA").unwrap_err(),
            KeyError::WrongKind { .. }
        ));
        assert_eq!(Secret::from_raw("").unwrap_err(), KeyError::Empty);
    }

    #[test]
    fn short_keys_are_detected() {
        assert!(Secret::parse("whsec_YWJjZA==").unwrap().is_short());
        assert!(
            !Secret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
                .unwrap()
                .is_short()
        );
    }

    #[test]
    fn debug_is_redacted() {
        let secret = Secret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let shown = format!("{secret:?}");
        assert_eq!(shown, "Secret([redacted])");
    }

    #[test]
    fn round_trips_through_whsec() {
        let secret = Secret::parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        assert_eq!(secret.to_whsec(), "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    }
}
