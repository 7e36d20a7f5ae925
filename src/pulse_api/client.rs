//! The Pulse API client: the `x-api-key` header, a user agent naming pulse-hooks, a timeout, and
//! retries with backoff on connection errors, 408, 425, 429 and 5xx (the `delivery` module's
//! policy, `Retry-After` included). Failures become one line and a hint ([`super::errors`]).

use std::time::Duration;

use hyper::body::Bytes;
use reqwest::Method;
use serde_json::Value;

use super::credentials::Credentials;
use super::errors::{self, Failed};
use crate::delivery::{self, Delivered, Outgoing, Policy};
use crate::error::{CliError, Result};

/// The Python SDK's defaults: 60 s per attempt, 2 retries.
pub fn default_policy() -> Policy {
    Policy {
        retries: 2,
        backoff: Duration::from_millis(500),
        max_backoff: Duration::from_secs(30),
        timeout: Duration::from_secs(60),
    }
}

pub struct PulseApi {
    http: reqwest::Client,
    credentials: Credentials,
    policy: Policy,
}

/// A successful answer: the body exactly as the API sent it, and its JSON.
pub struct Answer {
    pub raw: Bytes,
    pub json: Value,
}

impl PulseApi {
    pub fn new(credentials: Credentials, policy: Policy) -> Result<Self> {
        let http = delivery::client()
            .map_err(|e| CliError::failure("cannot start an HTTP client").caused_by(e))?;
        Ok(Self {
            http,
            credentials,
            policy,
        })
    }

    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// `GET /job/{id}`.
    pub async fn job(&self, job_id: &str) -> Result<Answer> {
        self.call(
            Method::GET,
            &["job", job_id],
            &format!("cannot get job {job_id}"),
        )
        .await
    }

    /// `DELETE /job/{id}`.
    pub async fn cancel_job(&self, job_id: &str) -> Result<Answer> {
        self.call(
            Method::DELETE,
            &["job", job_id],
            &format!("cannot cancel job {job_id}"),
        )
        .await
    }

    /// `POST /webhook`: the portal link.
    pub async fn portal(&self) -> Result<Answer> {
        self.call(Method::POST, &["webhook"], "cannot get the portal link")
            .await
    }

    /// The URL of a path under the base URL; each segment is percent-encoded, so an id can never
    /// change the path or add a query.
    pub fn url(&self, segments: &[&str]) -> reqwest::Url {
        let mut url = self.credentials.url.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }

    async fn call(&self, method: Method, segments: &[&str], what: &str) -> Result<Answer> {
        let url = self.url(segments);
        let request = Outgoing {
            url: url.to_string(),
            method,
            headers: vec![
                (
                    "x-api-key".to_string(),
                    self.credentials.key.expose().to_string(),
                ),
                ("accept".to_string(), "application/json".to_string()),
            ],
            body: Bytes::new(),
        };
        let mut last = None;
        let delivered = delivery::deliver(
            &self.http,
            &request,
            &self.policy,
            |_, _| {},
            |attempt| last = Some(attempt.clone()),
        )
        .await;
        let last = last.expect("at least one attempt");
        let failed = |status| Failed {
            what,
            status,
            body: &last.body,
            attempts: last.number,
            credentials: &self.credentials,
            url: &url,
        };
        match delivered {
            Delivered::Accepted(status) if (200..300).contains(&status) => {
                match serde_json::from_slice(&last.body) {
                    Ok(json) => Ok(Answer {
                        raw: last.body.clone(),
                        json,
                    }),
                    Err(e) => Err(errors::not_json(what, &url, e)),
                }
            }
            Delivered::Accepted(status) | Delivered::Rejected(status) => {
                Err(errors::api_error(&failed(Some(status))))
            }
            Delivered::GaveUp(why) => match last.status {
                Some(status) => Err(errors::api_error(&failed(Some(status)))),
                None => Err(errors::unreachable(&failed(None), &why)),
            },
        }
    }
}
