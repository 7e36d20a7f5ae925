//! `portal`: `POST /webhook` for a temporary link to the Svix portal where Pulse webhooks are
//! configured; `--open` opens it in the browser.

use serde_json::json;

use super::api;
use crate::app::Context;
use crate::cli::PortalArgs;
use crate::error::{CliError, Exit, Result};
use crate::output;
use crate::sanitize;

pub fn run(args: PortalArgs, context: &Context) -> Result<Exit> {
    let client = api::client(&args.api, context)?;
    let answer = api::block_on(client.portal())?;
    let link = answer
        .json
        .get("link")
        .and_then(|l| l.as_str())
        .ok_or_else(|| {
            CliError::network("the Pulse API's answer has no `link`").with_hint(
                "is the API URL right? `pulse-hooks config show` says where it comes from",
            )
        })?;
    // Only a web link is printed as one or handed to the browser.
    let link = parse_api_link(link)?;
    if args.json {
        output::data(format!("{}\n", json!({ "link": link })).as_bytes())?;
    } else {
        output::data(format!("{link}\n").as_bytes())?;
    }
    if args.open {
        if let Err(e) = open::that(&link) {
            output::warn(
                context.colors.stderr,
                &format!(
                    "cannot open a browser: {}; open the link above yourself",
                    sanitize::line(&e.to_string())
                ),
            );
        }
    } else if !args.json {
        output::info("The link is temporary and signs you in: do not share it. `--open` opens it.");
    }
    Ok(Exit::Success)
}

fn parse_api_link(link: &str) -> Result<String> {
    match reqwest::Url::parse(link) {
        Ok(url) if matches!(url.scheme(), "https" | "http") && url.host_str().is_some() => {
            Ok(link.to_string())
        }
        _ => Err(CliError::network(format!(
            "the Pulse API's `link` is not a web link: {}",
            sanitize::line(link)
        ))),
    }
}
