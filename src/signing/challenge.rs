//! The endpoint verification challenge of newer Standard Webhooks libraries.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::Secret;
use super::base64::encode;

pub const CHALLENGE_HEADER: &str = "webhook-challenge";
pub const CHALLENGE_RESPONSE_HEADER: &str = "webhook-challenge-response";

/// `v1,` + base64(HMAC(K2, challenge)) where K2 = HMAC(key, "wev-v1").
pub fn challenge_response(secret: &Secret, challenge: &[u8]) -> String {
    let mut derive = secret.keyed_mac();
    derive.update(b"wev-v1");
    let k2 = derive.finalize().into_bytes();
    let mut mac = Hmac::<Sha256>::new_from_slice(&k2).expect("HMAC takes keys of any length");
    mac.update(challenge);
    format!("v1,{}", encode(&mac.finalize().into_bytes()))
}
