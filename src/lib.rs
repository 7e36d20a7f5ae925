//! pulse-hooks: receive, sign, send and verify Pulse webhooks.
//!
//! Receivers use [`signing`]: a pure implementation of Standard Webhooks (the scheme Svix signs
//! Pulse deliveries with) that does no I/O and takes the clock as a parameter.
//!
//! ```
//! use pulse_hooks::signing::{Secret, Verifier};
//!
//! let secret = Secret::parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
//! let verifier = Verifier::new(vec![secret]);
//! let headers = [
//!     ("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek"),
//!     ("webhook-timestamp", "1614265330"),
//!     ("webhook-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="),
//! ];
//! let body = br#"{"test": 2432232314}"#;
//! let now = 1614265330 + 10; // your clock, in Unix seconds
//! assert!(verifier.verify_request(headers, body, now).is_ok());
//! ```

pub mod app;
pub mod capture;
pub mod check;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod config;
pub mod delivery;
pub mod diagnosis;
pub mod endpoint;
pub mod error;
pub mod events;
#[doc(hidden)]
pub mod fuzz_targets;
pub mod ids;
pub mod output;
pub mod pulse_api;
pub mod sanitize;
pub mod secrets;
pub mod signing;
pub mod size;
pub mod style;
