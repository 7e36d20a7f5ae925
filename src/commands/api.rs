//! What `portal` and `jobs` share: the API client from the flags, and a runtime for one call.

use std::future::Future;

use crate::app::Context;
use crate::cli::{ApiArgs, ApiCredentialArgs};
use crate::error::{CliError, Result};
use crate::pulse_api::{self, ApiFlags, PulseApi, credentials};

fn flags(args: &ApiCredentialArgs) -> ApiFlags {
    ApiFlags {
        api_key: args.api_key.clone(),
        api_url: args.api_url.clone(),
    }
}

/// The client with the credentials found (or asked for) and the policy from the flags.
pub fn client(args: &ApiArgs, context: &Context) -> Result<PulseApi> {
    let policy = crate::delivery::Policy {
        retries: args.retries,
        timeout: args.timeout,
        ..pulse_api::default_policy()
    };
    let credentials = credentials::resolve(
        &flags(&args.credentials),
        context.interactive,
        context.colors.stderr,
    )?;
    PulseApi::new(credentials, policy)
}

/// Runs one API call to completion on a runtime of its own.
pub fn block_on<T>(call: impl Future<Output = Result<T>>) -> Result<T> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::failure("cannot start").caused_by(e))?
        .block_on(call)
}
