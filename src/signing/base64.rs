//! The one base64 dialect of the scheme: the standard alphabet. Secrets and keys are accepted with
//! or without padding; signatures are always produced padded (as Svix does).

use base64::Engine;
use base64::alphabet::STANDARD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

/// Decodes standard base64, padded or not (secrets and keys).
pub(crate) const LENIENT: GeneralPurpose = GeneralPurpose::new(
    &STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

pub(crate) fn encode(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Strict, canonical decoding (signatures): exactly one text decodes to given bytes.
pub(crate) fn decode_strict(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    base64::engine::general_purpose::STANDARD.decode(text)
}

pub(crate) fn decode_lenient(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    LENIENT.decode(text)
}

/// Says what is wrong with a base64 text without quoting any of it (it may be a secret).
pub(crate) fn describe(error: &base64::DecodeError) -> String {
    match error {
        base64::DecodeError::InvalidByte(at, _) => {
            format!("invalid character at position {}", at + 1)
        }
        base64::DecodeError::InvalidLength(_) => "its length is not a valid base64 length".into(),
        base64::DecodeError::InvalidLastSymbol(at, _) => {
            format!("invalid last character at position {}", at + 1)
        }
        base64::DecodeError::InvalidPadding => "invalid padding".into(),
    }
}
