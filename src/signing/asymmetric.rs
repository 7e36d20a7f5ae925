//! `v1a`: ed25519 signatures over the same content as `v1`.

use std::fmt;

use ed25519_dalek::{Signature, Signer};

use super::KeyError;
use super::base64::{decode_lenient, decode_strict, describe, encode};

pub const SECRET_KEY_PREFIX: &str = "whsk_";
pub const PUBLIC_KEY_PREFIX: &str = "whpk_";

/// The signed content `{id}.{timestamp}.{body}`: ed25519 needs it in one piece.
fn content(id: &str, timestamp: i64, body: &[u8]) -> Vec<u8> {
    let ts = timestamp.to_string();
    let mut out = Vec::with_capacity(id.len() + ts.len() + body.len() + 2);
    out.extend_from_slice(id.as_bytes());
    out.push(b'.');
    out.extend_from_slice(ts.as_bytes());
    out.push(b'.');
    out.extend_from_slice(body);
    out
}

fn decode_prefixed(text: &str, prefix: &'static str) -> Result<Vec<u8>, KeyError> {
    let text = text.trim();
    let encoded = text.strip_prefix(prefix).unwrap_or(text);
    if encoded.is_empty() {
        return Err(KeyError::Empty);
    }
    decode_lenient(encoded).map_err(|e| KeyError::NotBase64(describe(&e)))
}

/// An ed25519 secret key (`whsk_`). Accepts Svix's 64-byte form (seed then public key) and the
/// 32-byte seed alone. Its `Debug` never shows the key.
#[derive(Clone)]
pub struct SigningKey(ed25519_dalek::SigningKey);

impl SigningKey {
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        if text.trim_start().starts_with(PUBLIC_KEY_PREFIX) {
            return Err(KeyError::WrongKind {
                expected: "a `whsk_` secret key",
                found: "a `whpk_` public key",
            });
        }
        let bytes = decode_prefixed(text, SECRET_KEY_PREFIX)?;
        match bytes.len() {
            32 => Ok(Self::from_seed(bytes.try_into().expect("length checked"))),
            64 => {
                let pair: [u8; 64] = bytes.try_into().expect("length checked");
                ed25519_dalek::SigningKey::from_keypair_bytes(&pair)
                    .map(Self)
                    .map_err(|_| KeyError::KeyPairMismatch)
            }
            got => Err(KeyError::BadLength {
                prefix: SECRET_KEY_PREFIX,
                expected: "32 or 64",
                got,
            }),
        }
    }

    pub fn from_seed(seed: [u8; 32]) -> Self {
        Self(ed25519_dalek::SigningKey::from_bytes(&seed))
    }

    /// The 64-byte `whsk_` form that Svix uses.
    pub fn to_whsk(&self) -> String {
        format!("{SECRET_KEY_PREFIX}{}", encode(&self.0.to_keypair_bytes()))
    }

    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    /// The `webhook-signature` value: `v1a,<base64 of 64 bytes>`.
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        let signature = self.0.sign(&content(id, timestamp, body));
        format!("v1a,{}", encode(&signature.to_bytes()))
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningKey([redacted])")
    }
}

/// An ed25519 public key (`whpk_`) that verifies `v1a` signatures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey(ed25519_dalek::VerifyingKey);

impl PublicKey {
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        if text.trim_start().starts_with(SECRET_KEY_PREFIX) {
            return Err(KeyError::WrongKind {
                expected: "a `whpk_` public key",
                found: "a `whsk_` secret key",
            });
        }
        let bytes = decode_prefixed(text, PUBLIC_KEY_PREFIX)?;
        let bytes: [u8; 32] = bytes
            .as_slice()
            .try_into()
            .map_err(|_| KeyError::BadLength {
                prefix: PUBLIC_KEY_PREFIX,
                expected: "32",
                got: bytes.len(),
            })?;
        ed25519_dalek::VerifyingKey::from_bytes(&bytes)
            .map(Self)
            .map_err(|_| KeyError::InvalidPublicKey)
    }

    pub fn to_whpk(&self) -> String {
        format!("{PUBLIC_KEY_PREFIX}{}", encode(self.0.as_bytes()))
    }

    /// Checks one `v1a` signature (the base64 after `v1a,`). Malformed input is simply `false`.
    pub fn verifies(&self, id: &str, timestamp: i64, body: &[u8], signature_b64: &str) -> bool {
        let Ok(bytes) = decode_strict(signature_b64) else {
            return false;
        };
        let Ok(bytes) = <[u8; 64]>::try_from(bytes.as_slice()) else {
            return false;
        };
        let signature = Signature::from_bytes(&bytes);
        self.0
            .verify_strict(&content(id, timestamp, body), &signature)
            .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVIX_KEY: &str =
        "6Xb/dCcHpPea21PS1N9VY/NZW723CEc77N4rJCubMbfVKIDij2HKpMKkioLlX0dRqSKJp4AJ6p9lMicMFs6Kvg==";
    const SVIX_PUB: &str = "1SiA4o9hyqTCpIqC5V9HUakiiaeACeqfZTInDBbOir4=";
    const SVIX_SIG: &str = "v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg==";
    const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const TS: i64 = 1614265330;
    const BODY: &[u8] = br#"{"test": 2432232314}"#;

    #[test]
    fn svix_server_vector() {
        let key = SigningKey::parse(&format!("whsk_{SVIX_KEY}")).unwrap();
        assert_eq!(key.sign(ID, TS, BODY), SVIX_SIG);
        assert_eq!(key.public_key().to_whpk(), format!("whpk_{SVIX_PUB}"));
        let public = PublicKey::parse(&format!("whpk_{SVIX_PUB}")).unwrap();
        assert!(public.verifies(ID, TS, BODY, &SVIX_SIG[4..]));
        assert!(!public.verifies(ID, TS + 1, BODY, &SVIX_SIG[4..]));
    }

    #[test]
    fn seed_form_signs_like_the_pair_form() {
        let pair = SigningKey::parse(&format!("whsk_{SVIX_KEY}")).unwrap();
        let seed = &pair.0.to_bytes();
        let short = SigningKey::parse(&format!("whsk_{}", encode(seed))).unwrap();
        assert_eq!(short.sign(ID, TS, BODY), SVIX_SIG);
        assert_eq!(short.to_whsk(), format!("whsk_{SVIX_KEY}"));
    }

    #[test]
    fn bad_keys_are_typed_errors() {
        assert_eq!(SigningKey::parse("whsk_").unwrap_err(), KeyError::Empty);
        assert!(matches!(
            SigningKey::parse("whsk_AAAA").unwrap_err(),
            KeyError::BadLength { got: 3, .. }
        ));
        let mut pair = SigningKey::parse(&format!("whsk_{SVIX_KEY}"))
            .unwrap()
            .0
            .to_keypair_bytes();
        pair[63] ^= 1;
        assert_eq!(
            SigningKey::parse(&format!("whsk_{}", encode(&pair))).unwrap_err(),
            KeyError::KeyPairMismatch
        );
        assert!(matches!(
            PublicKey::parse(&format!("whsk_{SVIX_KEY}")).unwrap_err(),
            KeyError::WrongKind { .. }
        ));
        assert_eq!(
            format!(
                "{:?}",
                SigningKey::parse(&format!("whsk_{SVIX_KEY}")).unwrap()
            ),
            "SigningKey([redacted])"
        );
    }
}
