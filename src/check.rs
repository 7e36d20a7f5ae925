//! Checking one received message: verify it, and when it fails, say why. `verify` runs this for
//! every capture; `listen` for every request.

use crate::capture::Capture;
use crate::diagnosis::{Diagnosis, SecretTexts, diagnose};
use crate::signing::{Verified, Verifier, VerifyError};

/// A verifier with what diagnosis needs, and the clock to check against.
#[derive(Clone, Debug)]
pub struct Checker {
    pub verifier: Verifier,
    pub texts: SecretTexts,
    pub now: i64,
}

/// A message that did not verify, and the explanation when one was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    pub error: VerifyError,
    pub diagnosis: Option<Diagnosis>,
}

impl Checker {
    pub fn check(&self, capture: &Capture) -> Result<Verified, Rejection> {
        self.check_parts(&capture.header_pairs().collect::<Vec<_>>(), &capture.body)
    }

    pub fn check_parts(
        &self,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<Verified, Rejection> {
        self.check_at(headers, body, self.now)
    }

    /// Checks against the given clock instead of the checker's (a server reads it per request).
    pub fn check_at(
        &self,
        headers: &[(&str, &str)],
        body: &[u8],
        now: i64,
    ) -> Result<Verified, Rejection> {
        self.verifier
            .verify_request(headers.iter().copied(), body, now)
            .map_err(|error| Rejection {
                diagnosis: diagnose(headers, body, &error, &self.verifier, &self.texts, now),
                error,
            })
    }
}
