//! `--fetch-results`: for each verified `job.completed`, fetch the job from the Pulse API in the
//! background and print a summary of its result under the event. A slow or failing API never
//! delays an answer: fetches run on their own tasks, a few at a time, and are skipped (with a
//! warning) when too many are waiting.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;
use tokio::sync::Semaphore;

use super::render::{Output, Printer};
use crate::pulse_api::PulseApi;

/// Fetches in flight at once, and waiting at most.
const IN_FLIGHT: usize = 4;
const WAITING: usize = 1_000;

/// How a fetch ended, for the printer.
pub struct Fetched {
    pub job_id: String,
    /// The job's JSON, or one line saying why there is none.
    pub outcome: Result<Value, String>,
}

#[derive(Clone)]
pub struct ResultFetcher {
    api: Arc<PulseApi>,
    printer: Printer,
    slots: Arc<Semaphore>,
    waiting: Arc<AtomicUsize>,
}

impl ResultFetcher {
    pub fn new(api: PulseApi, printer: Printer) -> Self {
        Self {
            api: Arc::new(api),
            printer,
            slots: Arc::new(Semaphore::new(IN_FLIGHT)),
            waiting: Arc::default(),
        }
    }

    /// The job id of a `job.completed` event (`data.job_id`, or `job_id` as some guides read
    /// it), or `None` for any other body.
    pub fn job_to_fetch(body: &[u8]) -> Option<String> {
        // Most events are not `job.completed`: the type's fast path spares parsing them.
        if crate::capture::event_type(body)? != "job.completed" {
            return None;
        }
        let event: Value = serde_json::from_slice(body).ok()?;
        let id = event
            .get("data")
            .and_then(|d| d.get("job_id"))
            .or_else(|| event.get("job_id"))?;
        id.as_str().filter(|id| !id.is_empty()).map(str::to_string)
    }

    /// Starts a fetch and returns at once.
    pub fn fetch(&self, job_id: String) {
        if self.waiting.fetch_add(1, Ordering::Relaxed) >= WAITING {
            self.waiting.fetch_sub(1, Ordering::Relaxed);
            self.printer.send(Output::Warning(format!(
                "too many results waiting to be fetched: job {job_id} skipped"
            )));
            return;
        }
        let this = self.clone();
        tokio::spawn(async move {
            let outcome = match this.slots.acquire().await {
                Ok(_slot) => this.api.job(&job_id).await,
                Err(_) => return,
            };
            this.waiting.fetch_sub(1, Ordering::Relaxed);
            let outcome = outcome.map(|answer| answer.json).map_err(|e| match e.hint {
                Some(hint) => format!("{}; {hint}", e.message),
                None => e.message,
            });
            this.printer.send(Output::Job(Fetched { job_id, outcome }));
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_completed_jobs_are_fetched() {
        let id = |body: &str| ResultFetcher::job_to_fetch(body.as_bytes());
        assert_eq!(
            id(r#"{"type":"job.completed","data":{"job_id":"j1"}}"#).as_deref(),
            Some("j1")
        );
        assert_eq!(
            id(r#"{"type":"job.completed","job_id":"j2"}"#).as_deref(),
            Some("j2")
        );
        assert_eq!(id(r#"{"type":"job.failed","data":{"job_id":"j1"}}"#), None);
        assert_eq!(id(r#"{"type":"job.completed","data":{"job_id":7}}"#), None);
        assert_eq!(id("not json"), None);
    }
}
