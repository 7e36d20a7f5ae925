//! Identifiers in the forms Pulse and Svix use: `msg_` + KSUID for messages, UUIDs for jobs.

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/// KSUID timestamps count from 2014-05-13T16:53:20Z.
const KSUID_EPOCH: i64 = 1_400_000_000;

/// Fills an array from the operating system's random source.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    bytes
}

/// A KSUID: 4 bytes of seconds since the KSUID epoch and 16 random bytes, as 27 base62 characters.
/// Time-sortable, like the ids Svix gives messages.
pub fn ksuid(now_unix: i64, payload: [u8; 16]) -> String {
    let seconds = u32::try_from((now_unix - KSUID_EPOCH).max(0)).unwrap_or(u32::MAX);
    let mut number = [0u8; 20];
    number[..4].copy_from_slice(&seconds.to_be_bytes());
    number[4..].copy_from_slice(&payload);
    let mut out = [b'0'; 27];
    let mut at = out.len();
    // Repeated division of the big-endian number by 62.
    while number.iter().any(|&b| b != 0) {
        let mut remainder = 0u32;
        for byte in number.iter_mut() {
            let acc = remainder * 256 + u32::from(*byte);
            *byte = (acc / 62) as u8;
            remainder = acc % 62;
        }
        at -= 1;
        out[at] = BASE62[remainder as usize];
    }
    String::from_utf8(out.to_vec()).expect("base62 is ASCII")
}

/// A new message id, `msg_` + KSUID.
pub fn new_message_id(now_unix: i64) -> String {
    format!("msg_{}", ksuid(now_unix, random_bytes()))
}

/// A random (version 4) UUID, the form of Pulse job ids.
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex = crate::signing::hex(&bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

pub fn new_job_id() -> String {
    uuid_v4(random_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ksuid_reference_example() {
        // The example KSUID from the KSUID reference implementation's documentation.
        let payload = [
            0xB5, 0xA1, 0xCD, 0x34, 0xB5, 0xF9, 0x9D, 0x11, 0x54, 0xFB, 0x68, 0x53, 0x34, 0x5C,
            0x97, 0x35,
        ];
        assert_eq!(
            ksuid(KSUID_EPOCH + 107_608_047, payload),
            "0ujtsYcgvSTl8PAuAdqWYSMnLOv"
        );
    }

    #[test]
    fn ids_have_the_documented_shape() {
        let id = new_message_id(1_764_844_200);
        assert!(id.starts_with("msg_") && id.len() == 31, "{id}");
        let job = uuid_v4([0xff; 16]);
        assert_eq!(job, "ffffffff-ffff-4fff-bfff-ffffffffffff");
    }
}
