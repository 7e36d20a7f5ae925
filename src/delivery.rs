//! Delivering HTTP requests with retries, for `send`, `replay`, `listen --forward-to` and the
//! Pulse API client: connection errors, timeouts, 408, 425, 429 and 5xx are retried with exponential
//! backoff and full jitter, `Retry-After` is honoured, anything else is final.

use std::time::{Duration, Instant, SystemTime};

use hyper::body::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};

#[derive(Clone, Copy, Debug)]
pub struct Policy {
    /// Attempts after the first.
    pub retries: u32,
    /// The first backoff; each retry doubles it, up to `max_backoff`.
    pub backoff: Duration,
    pub max_backoff: Duration,
    /// Per attempt.
    pub timeout: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            retries: 3,
            backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            timeout: Duration::from_secs(15),
        }
    }
}

/// A request to deliver.
#[derive(Clone)]
pub struct Outgoing {
    pub url: String,
    pub method: reqwest::Method,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
}

/// Header values carry signatures and API keys: a debug print names the headers only.
impl std::fmt::Debug for Outgoing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Outgoing")
            .field("url", &self.url)
            .field("method", &self.method)
            .field("headers", &names)
            .field("body", &format_args!("{} bytes", self.body.len()))
            .finish()
    }
}

/// One attempt and what came of it.
#[derive(Clone, Debug)]
pub struct Attempt {
    pub number: u32,
    pub status: Option<u16>,
    pub latency: Duration,
    pub error: Option<String>,
    /// The response body (empty when there was no answer).
    pub body: Bytes,
}

impl Attempt {
    /// The start of the response body, as text, for a one-line report.
    pub fn body_preview(&self) -> String {
        String::from_utf8_lossy(&self.body[..self.body.len().min(200)]).into_owned()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delivered {
    /// A 2xx (or other final non-error) answer.
    Accepted(u16),
    /// A final error status (4xx other than 408, 425, 429).
    Rejected(u16),
    /// Retries exhausted: the last error or status.
    GaveUp(String),
}

/// Headers that belong to one connection, not to the message (RFC 9110 §7.6.1), plus those the
/// client sets itself.
const HOP_BY_HOP: [&str; 10] = [
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
];

pub fn is_hop_by_hop(name: &str) -> bool {
    HOP_BY_HOP.iter().any(|h| h.eq_ignore_ascii_case(name))
}

/// An HTTP client with TLS (rustls with ring) and no automatic redirects or retries.
pub fn client() -> Result<reqwest::Client, String> {
    // Several callers may race to install it; only the first succeeds, which is fine.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .user_agent(concat!("pulse-hooks/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(64)
        .build()
        .map_err(|e| e.to_string())
}

fn retryable(status: u16) -> bool {
    matches!(status, 408 | 425 | 429) || (500..600).contains(&status)
}

/// `Retry-After` in seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = text.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(text).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Full jitter: a random wait between zero and the exponential backoff for this retry.
pub fn backoff(policy: &Policy, retry: u32) -> Duration {
    let ceiling = policy
        .backoff
        .saturating_mul(2u32.saturating_pow(retry.min(20)))
        .min(policy.max_backoff);
    let fraction = f64::from(u32::from_le_bytes(crate::ids::random_bytes())) / f64::from(u32::MAX);
    ceiling.mul_f64(fraction)
}

/// Delivers with retries. `prepare` may change the request before each attempt (a fresh
/// timestamp and signature); `on_attempt` sees every attempt.
pub async fn deliver(
    client: &reqwest::Client,
    request: &Outgoing,
    policy: &Policy,
    mut prepare: impl FnMut(u32, &mut Outgoing),
    mut on_attempt: impl FnMut(&Attempt),
) -> Delivered {
    let mut retry = 0;
    loop {
        let mut outgoing = request.clone();
        prepare(retry + 1, &mut outgoing);
        let mut headers = HeaderMap::new();
        for (name, value) in &outgoing.headers {
            if is_hop_by_hop(name) {
                continue;
            }
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                headers.append(name, value);
            }
        }
        let started = Instant::now();
        let sent = client
            .request(outgoing.method.clone(), &outgoing.url)
            .headers(headers)
            .body(outgoing.body.clone())
            .timeout(policy.timeout)
            .send()
            .await;
        let (status, wait_hint, error, body) = match sent {
            Ok(response) => {
                let status = response.status().as_u16();
                let hint = retry_after(response.headers(), SystemTime::now());
                let body = response.bytes().await.unwrap_or_default();
                (Some(status), hint, None, body)
            }
            Err(e) => {
                let what = if e.is_timeout() {
                    format!(
                        "timed out after {}",
                        crate::clock::human_duration(policy.timeout.as_secs())
                    )
                } else if e.is_connect() {
                    "cannot connect".to_string()
                } else {
                    "the request failed".to_string()
                };
                (None, None, Some(what), Bytes::new())
            }
        };
        on_attempt(&Attempt {
            number: retry + 1,
            status,
            latency: started.elapsed(),
            error: error.clone(),
            body,
        });
        let again = match status {
            Some(s) if retryable(s) => true,
            Some(s) if s >= 400 => return Delivered::Rejected(s),
            Some(s) => return Delivered::Accepted(s),
            None => true,
        };
        if !again || retry >= policy.retries {
            return Delivered::GaveUp(match status {
                Some(s) => format!("answered {s}"),
                None => error.unwrap_or_default(),
            });
        }
        let wait = match wait_hint {
            Some(hint) => hint.min(policy.max_backoff),
            None => backoff(policy, retry),
        };
        tokio::time::sleep(wait).await;
        retry += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let policy = Policy {
            retries: 10,
            backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(1),
            timeout: Duration::from_secs(1),
        };
        for retry in 0..30 {
            let ceiling =
                Duration::from_millis(100 * 2u64.pow(retry.min(20))).min(policy.max_backoff);
            assert!(backoff(&policy, retry) <= ceiling);
        }
    }

    #[test]
    fn retry_after_in_both_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("2"));
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(2)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(7));
        headers.insert(RETRY_AFTER, HeaderValue::from_str(&later).unwrap());
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(7)));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers, now), None);
    }

    #[test]
    fn which_statuses_retry() {
        for s in [408, 425, 429, 500, 502, 503, 599] {
            assert!(retryable(s), "{s}");
        }
        for s in [200, 301, 400, 401, 403, 404, 413] {
            assert!(!retryable(s), "{s}");
        }
    }
}
