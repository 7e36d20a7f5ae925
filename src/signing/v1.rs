//! `v1`: HMAC-SHA256 over `{id}.{timestamp}.{body}`, standard base64.

use hmac::Mac;

use super::Secret;
use super::base64::encode;

/// How the signature bytes are written. `Hex` is not Standard Webhooks: it reproduces the
/// hexdigest sample in Pulse's guide, so that handlers written from it can be tested.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SignatureEncoding {
    #[default]
    Base64,
    Hex,
}

/// The raw HMAC of a message. The body is never copied whole: the short `{id}.{timestamp}.`
/// prefix and the start of the body are gathered into two whole SHA-256 blocks on the stack,
/// so the hash then runs over the rest of the body in place, as fast as over one buffer.
pub fn hmac_v1(secret: &Secret, id: &str, timestamp: i64, body: &[u8]) -> [u8; 32] {
    const HEAD: usize = 128;
    let mut mac = secret.keyed_mac();
    let ts = itoa(timestamp);
    let prefix_len = id.len() + ts.as_bytes().len() + 2;
    if prefix_len <= HEAD {
        let mut head = [0u8; HEAD];
        let (id_part, rest) = head.split_at_mut(id.len());
        id_part.copy_from_slice(id.as_bytes());
        rest[0] = b'.';
        rest[1..=ts.as_bytes().len()].copy_from_slice(ts.as_bytes());
        rest[ts.as_bytes().len() + 1] = b'.';
        let taken = body.len().min(HEAD - prefix_len);
        head[prefix_len..prefix_len + taken].copy_from_slice(&body[..taken]);
        mac.update(&head[..prefix_len + taken]);
        mac.update(&body[taken..]);
    } else {
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(ts.as_bytes());
        mac.update(b".");
        mac.update(body);
    }
    mac.finalize().into_bytes().into()
}

/// The `webhook-signature` value: `v1,<base64>`.
pub fn sign_v1(secret: &Secret, id: &str, timestamp: i64, body: &[u8]) -> String {
    sign_v1_encoded(secret, id, timestamp, body, SignatureEncoding::Base64)
}

pub fn sign_v1_encoded(
    secret: &Secret,
    id: &str,
    timestamp: i64,
    body: &[u8],
    encoding: SignatureEncoding,
) -> String {
    let mac = hmac_v1(secret, id, timestamp, body);
    let text = match encoding {
        SignatureEncoding::Base64 => encode(&mac),
        SignatureEncoding::Hex => hex(&mac),
    };
    format!("v1,{text}")
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

/// Decimal text of a timestamp without allocating.
fn itoa(mut n: i64) -> TimestampText {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    let negative = n < 0;
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10).unsigned_abs() as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if negative {
        at -= 1;
        buf[at] = b'-';
    }
    TimestampText { buf, at }
}

struct TimestampText {
    buf: [u8; 20],
    at: usize,
}

impl TimestampText {
    fn as_bytes(&self) -> &[u8] {
        &self.buf[self.at..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamp_text_matches_display() {
        for n in [0, 7, 10, 1614265330, -1, -45, i64::MAX, i64::MIN] {
            assert_eq!(itoa(n).as_bytes(), n.to_string().as_bytes());
        }
    }

    #[test]
    fn reference_vector() {
        let secret = Secret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let sig = sign_v1(
            &secret,
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            br#"{"test": 2432232314}"#,
        );
        assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }
}
