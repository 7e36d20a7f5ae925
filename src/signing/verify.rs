//! Verifying a message: headers, id, timestamp window, then each signature entry.

use base64::Engine;

use super::{PublicKey, Secret, VerifyError, WebhookHeaders, hmac_v1};

/// The reference libraries' window: 5 minutes either way.
pub const DEFAULT_TOLERANCE_SECS: u64 = 5 * 60;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureVersion {
    /// HMAC-SHA256.
    V1,
    /// ed25519.
    V1a,
}

impl SignatureVersion {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::V1 => "v1",
            Self::V1a => "v1a",
        }
    }
}

/// What passed: which kind of signature, and which of the given keys (in the order given) matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verified {
    pub version: SignatureVersion,
    pub key_index: usize,
    pub timestamp: i64,
}

/// One `version,signature` entry of a signature header. An entry without a comma has an empty
/// version.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignatureEntry<'a> {
    pub version: &'a str,
    pub value: &'a str,
}

/// The entries of a signature header: space-separated, empty ones skipped.
pub fn signature_entries(header: &str) -> impl Iterator<Item = SignatureEntry<'_>> {
    header
        .split(' ')
        .filter(|e| !e.is_empty())
        .map(|entry| match entry.split_once(',') {
            Some((version, value)) => SignatureEntry { version, value },
            None => SignatureEntry {
                version: "",
                value: entry,
            },
        })
}

/// An id must be non-empty and free of `.`, which would make `{id}.{timestamp}.{body}` ambiguous.
pub fn validate_id(id: &str) -> Result<(), VerifyError> {
    if id.is_empty() {
        Err(VerifyError::InvalidId("it is empty"))
    } else if id.contains('.') {
        Err(VerifyError::InvalidId(
            "it contains `.`, which would make the signed content ambiguous",
        ))
    } else {
        Ok(())
    }
}

/// Integer Unix seconds, digits only.
pub fn parse_timestamp(text: &str) -> Result<i64, VerifyError> {
    let valid = !text.is_empty() && text.len() <= 18 && text.bytes().all(|b| b.is_ascii_digit());
    valid
        .then(|| text.parse().ok())
        .flatten()
        .ok_or_else(|| VerifyError::InvalidTimestamp(text.chars().take(40).collect()))
}

/// Within `tolerance` seconds of `now`, both ways.
pub fn check_timestamp(timestamp: i64, now: i64, tolerance: u64) -> Result<(), VerifyError> {
    let diff = i128::from(now) - i128::from(timestamp);
    let limit = i128::from(tolerance);
    if diff > limit {
        Err(VerifyError::TimestampTooOld {
            behind: u64::try_from(diff).unwrap_or(u64::MAX),
            tolerance,
        })
    } else if -diff > limit {
        Err(VerifyError::TimestampTooNew {
            ahead: u64::try_from(-diff).unwrap_or(u64::MAX),
            tolerance,
        })
    } else {
        Ok(())
    }
}

/// Verifies messages against one or more secrets (rotation) and public keys.
#[derive(Clone, Debug)]
pub struct Verifier {
    secrets: Vec<Secret>,
    public_keys: Vec<PublicKey>,
    tolerance: Option<u64>,
}

impl Verifier {
    /// A verifier for `v1` signatures with the default 5-minute window.
    pub fn new(secrets: Vec<Secret>) -> Self {
        Self {
            secrets,
            public_keys: Vec::new(),
            tolerance: Some(DEFAULT_TOLERANCE_SECS),
        }
    }

    /// Also accept `v1a` signatures by these keys.
    pub fn with_public_keys(mut self, keys: Vec<PublicKey>) -> Self {
        self.public_keys = keys;
        self
    }

    /// The timestamp window in seconds; `None` ignores the timestamp (stored fixtures).
    pub fn with_tolerance(mut self, tolerance: Option<u64>) -> Self {
        self.tolerance = tolerance;
        self
    }

    pub fn secrets(&self) -> &[Secret] {
        &self.secrets
    }

    pub fn tolerance(&self) -> Option<u64> {
        self.tolerance
    }

    /// Verifies a request given as `(name, value)` header pairs and its exact body.
    pub fn verify_request<'a, I>(
        &self,
        headers: I,
        body: &[u8],
        now: i64,
    ) -> Result<Verified, VerifyError>
    where
        I: IntoIterator<Item = (&'a str, &'a str)>,
    {
        self.verify(&WebhookHeaders::find(headers)?, body, now)
    }

    pub fn verify(
        &self,
        headers: &WebhookHeaders<'_>,
        body: &[u8],
        now: i64,
    ) -> Result<Verified, VerifyError> {
        validate_id(&headers.id)?;
        let timestamp = parse_timestamp(&headers.timestamp)?;
        if let Some(tolerance) = self.tolerance {
            check_timestamp(timestamp, now, tolerance)?;
        }
        self.check_signatures(&headers.id, timestamp, &headers.signature, body)
            .map(|(version, key_index)| Verified {
                version,
                key_index,
                timestamp,
            })
    }

    fn check_signatures(
        &self,
        id: &str,
        timestamp: i64,
        header: &str,
        body: &[u8],
    ) -> Result<(SignatureVersion, usize), VerifyError> {
        let expected = |secret: &Secret| {
            let mut text = [0u8; 44];
            base64::engine::general_purpose::STANDARD
                .encode_slice(hmac_v1(secret, id, timestamp, body), &mut text)
                .expect("32 bytes are 44 base64 characters");
            text
        };
        // One pass for the common case (one secret, one entry): compare while counting.
        let first = self.secrets.first().map(expected);
        let (mut v1, mut v1a) = (0, 0);
        for entry in signature_entries(header) {
            match entry.version {
                "v1" => {
                    v1 += 1;
                    // Constant time, lengths included: `v1,` alone or a truncated value never
                    // matches.
                    if first.is_some_and(|e| constant_time_eq(&e, entry.value.as_bytes())) {
                        return Ok((SignatureVersion::V1, 0));
                    }
                }
                "v1a" => v1a += 1,
                _ => {}
            }
        }
        let usable_v1 = !self.secrets.is_empty() && v1 > 0;
        let usable_v1a = !self.public_keys.is_empty() && v1a > 0;
        if !usable_v1 && !usable_v1a {
            let versions: Vec<&str> = signature_entries(header).map(|e| e.version).collect();
            return Err(no_usable_signature(
                &versions,
                &self.secrets,
                &self.public_keys,
            ));
        }
        let entries =
            |version: &'static str| signature_entries(header).filter(move |e| e.version == version);
        for (index, secret) in self
            .secrets
            .iter()
            .enumerate()
            .skip(1)
            .filter(|_| usable_v1)
        {
            let e = expected(secret);
            if entries("v1").any(|given| constant_time_eq(&e, given.value.as_bytes())) {
                return Ok((SignatureVersion::V1, index));
            }
        }
        for (index, key) in self.public_keys.iter().enumerate().filter(|_| usable_v1a) {
            if entries("v1a").any(|given| key.verifies(id, timestamp, body, given.value)) {
                return Ok((SignatureVersion::V1a, index));
            }
        }
        let checked = if usable_v1 {
            v1 * self.secrets.len()
        } else {
            0
        } + if usable_v1a {
            v1a * self.public_keys.len()
        } else {
            0
        };
        Err(VerifyError::NoMatchingSignature { checked })
    }
}

/// Equal lengths and equal bytes, in time that depends only on the length (which is public: a
/// v1 signature is always 44 characters). `v1,` alone or a truncated value never matches. Every
/// comparison with a signature a request carries goes through here (a test checks the source).
pub(crate) fn constant_time_eq(expected: &[u8], given: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    if expected.len() != given.len() {
        return false;
    }
    // Every byte folded in, no early exit; the whole difference goes through `black_box`, so the
    // compiler cannot stop at the first differing byte, and `subtle` makes the last test. (Per
    // byte `subtle` on the slices is constant time too, but 10% slower on a whole verification.)
    let difference = expected
        .iter()
        .zip(given)
        .fold(0u8, |acc, (a, b)| acc | (a ^ b));
    bool::from(std::hint::black_box(difference).ct_eq(&0))
}

fn no_usable_signature(versions: &[&str], secrets: &[Secret], keys: &[PublicKey]) -> VerifyError {
    let versions: Vec<&str> = versions
        .iter()
        .copied()
        .filter(|v| match *v {
            "v1" => secrets.is_empty(),
            "v1a" => keys.is_empty(),
            _ => true,
        })
        .collect();
    let versions = &versions[..];
    let message = if versions.is_empty() {
        "the signature header is empty".to_string()
    } else if versions.contains(&"v1a") && keys.is_empty() {
        "the message is signed with `v1a` (ed25519) and no `whpk_` public key was given".to_string()
    } else if versions.contains(&"v1") && secrets.is_empty() {
        "the message is signed with `v1` (HMAC) and no `whsec_` secret was given".to_string()
    } else if versions.iter().all(|v| v.is_empty()) {
        "the signature has no version prefix (expected `v1,<base64>`)".to_string()
    } else {
        let mut found: Vec<&str> = versions.iter().copied().filter(|v| !v.is_empty()).collect();
        found.dedup();
        let found: Vec<String> = found
            .iter()
            .take(4)
            .map(|v| format!("`{}`", v.chars().take(12).collect::<String>()))
            .collect();
        format!(
            "no `v1` signature in the header (found {})",
            found.join(", ")
        )
    };
    VerifyError::NoUsableSignature(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparison_checks_length_and_every_byte() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(!constant_time_eq(b"abc", b""));
        assert!(!constant_time_eq(b"xbc", b"abc"));
    }

    #[test]
    fn timestamp_window_both_ways() {
        assert!(check_timestamp(1000, 1300, 300).is_ok());
        assert!(check_timestamp(1000, 700, 300).is_ok());
        assert_eq!(
            check_timestamp(1000, 1301, 300),
            Err(VerifyError::TimestampTooOld {
                behind: 301,
                tolerance: 300
            })
        );
        assert_eq!(
            check_timestamp(1000, 699, 300),
            Err(VerifyError::TimestampTooNew {
                ahead: 301,
                tolerance: 300
            })
        );
        assert!(check_timestamp(i64::MIN, i64::MAX, 300).is_err());
    }

    #[test]
    fn timestamps_are_strict_integers() {
        assert_eq!(parse_timestamp("1614265330"), Ok(1614265330));
        for bad in [
            "",
            "-1",
            "+1",
            " 1",
            "1.5",
            "1e9",
            "99999999999999999999",
            "١٢",
        ] {
            assert!(parse_timestamp(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn ids_with_dots_are_rejected() {
        assert!(validate_id("msg_1").is_ok());
        assert!(validate_id("msg.1").is_err());
        assert!(validate_id("").is_err());
    }

    #[test]
    fn entries_split_like_the_reference_libraries() {
        let entries: Vec<_> = signature_entries(" v1,a  v2,b c ").collect();
        assert_eq!(
            entries,
            vec![
                SignatureEntry {
                    version: "v1",
                    value: "a"
                },
                SignatureEntry {
                    version: "v2",
                    value: "b"
                },
                SignatureEntry {
                    version: "",
                    value: "c"
                },
            ]
        );
    }
}
