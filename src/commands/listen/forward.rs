//! `--forward-to`: requests go into a bounded queue and are delivered from there, with retries,
//! so the listener answers at once whatever the user's handler does.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hyper::body::Bytes;
use tokio::sync::{Semaphore, mpsc};

use super::render::{Output, Printer};
use crate::delivery::{self, Delivered, Outgoing, Policy};

/// Forwards waiting at most; more are counted as not delivered.
const QUEUE: usize = 10_000;
/// Deliveries in flight at once.
const CONCURRENCY: usize = 16;
/// Ids of failed forwards remembered for the final report; beyond this they are only counted.
const FAILED_IDS: usize = 10_000;

/// The ids of what has not reached the handler (queued, in flight, failed, dropped), in arrival
/// order, so that shutdown can say exactly which events were not forwarded.
#[derive(Default)]
struct Outstanding {
    next: u64,
    ids: BTreeMap<u64, Option<String>>,
    failed: usize,
    /// Failed forwards not listed (over `FAILED_IDS`, or without an id).
    unlisted: u64,
}

impl Outstanding {
    fn add(&mut self, id: Option<String>) -> u64 {
        let seq = self.next;
        self.next += 1;
        self.ids.insert(seq, id);
        seq
    }

    fn delivered(&mut self, seq: u64) {
        self.ids.remove(&seq);
    }

    /// Keeps a failed forward's id, within the bound.
    fn failed(&mut self, seq: u64) {
        if self.failed < FAILED_IDS {
            self.failed += 1;
        } else if self.ids.remove(&seq).is_some() {
            self.unlisted += 1;
        }
    }
}

/// What was not forwarded, for the summary.
pub struct NotForwarded {
    pub ids: Vec<String>,
    /// Not forwarded and not in `ids` (no `webhook-id`, or past the bound).
    pub unlisted: u64,
}

pub struct Job {
    pub id: Option<String>,
    pub method: String,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
}

/// How a forward ended, for the printer.
pub struct Forwarded {
    pub id: Option<String>,
    pub outcome: Delivered,
    pub attempts: u32,
    pub elapsed: Duration,
}

#[derive(Default)]
pub struct ForwardCounters {
    pub queued: AtomicU64,
    pub delivered: AtomicU64,
    pub failed: AtomicU64,
    /// Dropped because the queue was full.
    pub dropped: AtomicU64,
}

pub struct Forwarder {
    sender: Mutex<Option<mpsc::Sender<(u64, Job)>>>,
    pub counters: Arc<ForwardCounters>,
    dispatcher: Mutex<Option<tokio::task::JoinHandle<()>>>,
    in_flight: Arc<Semaphore>,
    outstanding: Arc<Mutex<Outstanding>>,
}

fn lock(o: &Mutex<Outstanding>) -> std::sync::MutexGuard<'_, Outstanding> {
    o.lock().unwrap_or_else(|e| e.into_inner())
}

impl Forwarder {
    pub fn start(url: String, printer: Printer) -> Result<Self, String> {
        let client = delivery::client()?;
        let (sender, mut receiver) = mpsc::channel::<(u64, Job)>(QUEUE);
        let outstanding: Arc<Mutex<Outstanding>> = Arc::default();
        let track = outstanding.clone();
        let counters = Arc::new(ForwardCounters::default());
        let in_flight = Arc::new(Semaphore::new(CONCURRENCY));
        let (c, slots) = (counters.clone(), in_flight.clone());
        let dispatcher = tokio::spawn(async move {
            while let Some((seq, job)) = receiver.recv().await {
                let Ok(slot) = slots.clone().acquire_owned().await else {
                    return;
                };
                let (client, url, printer, c, track) = (
                    client.clone(),
                    url.clone(),
                    printer.clone(),
                    c.clone(),
                    track.clone(),
                );
                tokio::spawn(async move {
                    let started = Instant::now();
                    let request = Outgoing {
                        url,
                        method: reqwest::Method::from_bytes(job.method.as_bytes())
                            .unwrap_or(reqwest::Method::POST),
                        headers: job.headers,
                        body: job.body,
                    };
                    let mut attempts = 0;
                    let outcome = delivery::deliver(
                        &client,
                        &request,
                        &Policy::default(),
                        |_, _| {},
                        |attempt| attempts = attempt.number,
                    )
                    .await;
                    match outcome {
                        Delivered::Accepted(_) => {
                            lock(&track).delivered(seq);
                            c.delivered.fetch_add(1, Ordering::Relaxed)
                        }
                        _ => {
                            lock(&track).failed(seq);
                            c.failed.fetch_add(1, Ordering::Relaxed)
                        }
                    };
                    printer.send(Output::Forward(Forwarded {
                        id: job.id,
                        outcome,
                        attempts,
                        elapsed: started.elapsed(),
                    }));
                    drop(slot);
                });
            }
        });
        Ok(Self {
            sender: Mutex::new(Some(sender)),
            counters,
            dispatcher: Mutex::new(Some(dispatcher)),
            in_flight,
            outstanding,
        })
    }

    /// Queues a forward without waiting. `false` when the queue is full (or closed).
    pub fn enqueue(&self, job: Job) -> bool {
        let sender = self.sender.lock().unwrap_or_else(|e| e.into_inner());
        let seq = lock(&self.outstanding).add(job.id.clone());
        let queued = sender
            .as_ref()
            .is_some_and(|s| s.try_send((seq, job)).is_ok());
        if !queued {
            lock(&self.outstanding).failed(seq);
        }
        let counter = if queued {
            &self.counters.queued
        } else {
            &self.counters.dropped
        };
        counter.fetch_add(1, Ordering::Relaxed);
        queued
    }

    /// Stops taking forwards and delivers what is queued, for at most `limit`. Returns how many
    /// were not delivered (still queued or in flight when time ran out, or dropped).
    pub async fn drain(&self, limit: Duration) -> u64 {
        drop(self.sender.lock().unwrap_or_else(|e| e.into_inner()).take());
        let dispatcher = self
            .dispatcher
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        let slots = self.in_flight.clone();
        let _ = tokio::time::timeout(limit, async move {
            if let Some(d) = dispatcher {
                let _ = d.await;
            }
            // Every slot free: nothing in flight.
            let _ = slots.acquire_many(CONCURRENCY as u32).await;
        })
        .await;
        let c = &self.counters;
        let done = c.delivered.load(Ordering::Relaxed) + c.failed.load(Ordering::Relaxed);
        c.queued.load(Ordering::Relaxed).saturating_sub(done) + c.dropped.load(Ordering::Relaxed)
    }

    /// Every request that has not reached the handler, by `webhook-id`, in arrival order.
    pub fn not_forwarded(&self) -> NotForwarded {
        let o = lock(&self.outstanding);
        let mut unlisted = o.unlisted;
        let ids = o
            .ids
            .values()
            .filter_map(|id| {
                if id.is_none() {
                    unlisted += 1;
                }
                id.clone()
            })
            .collect();
        NotForwarded { ids, unlisted }
    }
}
