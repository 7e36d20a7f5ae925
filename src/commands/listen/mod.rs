//! `listen`: a local receiver that verifies, pretty-prints and saves webhooks.

mod forward;
mod render;
mod results;
mod server;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::{Notify, Semaphore};

use crate::app::Context;
use crate::check::Checker;
use crate::cli::ListenArgs;
use crate::endpoint::Endpoint;
use crate::error::{CliError, Exit, Result};
use crate::output;
use crate::secrets::{self, SecretSource};

use forward::Forwarder;
use render::{Output, Style};
use results::ResultFetcher;
use server::{Settings, State};

pub fn run(args: ListenArgs, context: &Context) -> Result<Exit> {
    let setup = setup(&args, context)?;
    // Half the cores: whatever sends the webhooks (and the printer thread) runs on this machine
    // too. On 2 cores one worker cut p99 latency under load from about 2.3 ms to under 1 ms at
    // the same throughput.
    let workers = std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
        .map_err(|e| CliError::failure("cannot start the server").caused_by(e))?;
    let result = runtime.block_on(serve(args, setup, context));
    // Forwards still retrying after --drain are abandoned (and were counted as not delivered).
    runtime.shutdown_background();
    result
}

/// What `serve` starts with, settled before the runtime starts: the server's settings, where
/// the secret came from, the development secret when it is the one in use, and the API client
/// for `--fetch-results` (credentials found, or asked for, before anything listens).
struct Setup {
    settings: Settings,
    source: Option<SecretSource>,
    dev_secret: Option<String>,
    api: Option<crate::pulse_api::PulseApi>,
}

fn setup(args: &ListenArgs, context: &Context) -> Result<Setup> {
    if args.path != "*" && !args.path.starts_with('/') {
        return Err(CliError::usage(format!(
            "invalid `--path` {:?}: it must start with `/`",
            args.path
        ))
        .with_hint("for example --path /webhook, or --path '*' for any path"));
    }
    if args.max_connections == 0 {
        return Err(CliError::usage("`--max-connections` must be at least 1"));
    }
    let keys = if args.accept_unsigned
        && args.keys.secrets.is_empty()
        && args.keys.secret_file.is_none()
    {
        None
    } else {
        Some(secrets::verifying_keys(&args.keys, context.colors.stderr)?)
    };
    let (verifier, texts, source, dev_secret) = match keys {
        Some(k) => (k.verifier, k.texts, k.source, k.dev_secret),
        None => (
            crate::signing::Verifier::new(Vec::new()),
            Default::default(),
            None,
            None,
        ),
    };
    if let Some(dir) = &args.save {
        std::fs::create_dir_all(dir).map_err(|e| {
            CliError::usage(format!(
                "cannot create the `--save` folder `{}`",
                dir.display()
            ))
            .caused_by(e)
        })?;
    }
    let api = if args.fetch_results {
        let flags = crate::pulse_api::ApiFlags {
            api_key: args.api_key.clone(),
            api_url: args.api_url.clone(),
        };
        let credentials = crate::pulse_api::credentials::resolve(
            &flags,
            context.interactive,
            context.colors.stderr,
        )?;
        Some(crate::pulse_api::PulseApi::new(
            credentials,
            crate::pulse_api::default_policy(),
        )?)
    } else {
        None
    };
    Ok(Setup {
        settings: Settings {
            checker: Checker {
                verifier: verifier.with_tolerance(Some(args.tolerance.as_secs())),
                texts,
                now: 0,
            },
            path: args.path.clone(),
            accept_unsigned: args.accept_unsigned,
            max_body: usize::try_from(args.max_body).unwrap_or(usize::MAX),
            read_timeout: args.read_timeout,
            save: args.save.clone(),
            json: args.json,
            forward_all: args.forward_all,
        },
        source,
        dev_secret,
        api,
    })
}

async fn serve(args: ListenArgs, setup: Setup, context: &Context) -> Result<Exit> {
    let Setup {
        settings,
        source,
        dev_secret,
        api,
    } = setup;
    let palette = context.colors.stderr;
    let ip: IpAddr = match args.host.as_str() {
        "localhost" => IpAddr::from([127, 0, 0, 1]),
        host => host.parse().map_err(|_| {
            CliError::usage(format!("invalid `--host` {host:?}: give an IP address")).with_hint(
                "127.0.0.1 (the default) for this machine only, 0.0.0.0 for every interface",
            )
        })?,
    };
    let listener = TcpListener::bind(SocketAddr::new(ip, args.port))
        .await
        .map_err(|e| {
            CliError::usage(format!("cannot listen on {}:{}", args.host, args.port))
                .caused_by(e)
                .with_hint("another program may use that port: pick another with --port, or --port 0 for any free one")
        })?;
    let local = listener
        .local_addr()
        .map_err(|e| CliError::failure("cannot read the bound address").caused_by(e))?;
    let shown_path = if settings.path == "*" {
        "/"
    } else {
        settings.path.as_str()
    };
    let url = format!("http://{local}{shown_path}");

    let stop = Arc::new(Notify::new());
    let stop_signals = StopSignals::install();
    let style = Style {
        json: args.json,
        body: args.body,
        stdout: context.colors.stdout,
        stderr: context.colors.stderr,
    };
    let closed = stop.clone();
    let (printer, printer_thread) = render::start(style, move || closed.notify_one());

    banner(
        &url,
        source.as_ref(),
        dev_secret.as_deref(),
        &settings,
        palette,
    );
    if !ip.is_loopback() {
        output::warn(
            palette,
            &format!("listening on {ip}: other machines can reach this receiver"),
        );
    }
    if args.json {
        printer.send(Output::Line(
            json!({"event": "ready", "url": url, "port": local.port(),
                   "secret_source": source.as_ref().map(ToString::to_string)})
            .to_string(),
        ));
    }

    let forwarder = match &args.forward_to {
        Some(url) => {
            let url: Endpoint = url.parse().map_err(|e| {
                CliError::usage(format!("invalid `--forward-to`: {e}"))
                    .with_hint("give your handler's URL, like http://localhost:3000/webhooks/pulse")
            })?;
            let forwarder = Forwarder::start(url.to_string(), printer.clone())
                .map_err(|e| CliError::failure("cannot start forwarding").caused_by(e))?;
            output::info(&format!("  {} {url}", palette.dim("forwarding to:")));
            Some(forwarder)
        }
        None => None,
    };
    let fetcher = api.map(|api| {
        let c = api.credentials();
        output::info(&format!(
            "  {} job.completed results from {} (API key {} from {})",
            palette.dim("fetching:"),
            c.url_text(),
            c.key.masked(),
            c.key_source
        ));
        ResultFetcher::new(api, printer.clone())
    });
    let drain = args.drain;
    let state = Arc::new(State::new(settings, printer.clone(), forwarder, fetcher));
    let limit = Arc::new(Semaphore::new(args.max_connections));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let read_timeout = state.settings.read_timeout;
    let signals = stop_signals.wait(stop.clone());
    tokio::pin!(signals);
    loop {
        let permit = tokio::select! {
            permit = limit.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
            () = &mut signals => break,
        };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut signals => break,
        };
        let Ok((stream, _peer)) = accepted else {
            // Out of file descriptors and the like: wait a little rather than spin.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let _ = stream.set_nodelay(true);
        let state = state.clone();
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(read_timeout)
            .max_buf_size(64 * 1024)
            .serve_connection(
                TokioIo::new(stream),
                service_fn(move |request| server::handle(request, state.clone())),
            );
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    // Finish what is in flight, within the read timeout.
    let _ = tokio::time::timeout(read_timeout, graceful.shutdown()).await;

    let c = &state.counters;
    let mut counts = vec![
        ("received", c.received.load(Ordering::Relaxed)),
        ("verified", c.verified.load(Ordering::Relaxed)),
        ("rejected", c.rejected.load(Ordering::Relaxed)),
        ("duplicates", c.duplicates.load(Ordering::Relaxed)),
    ];
    let mut not_forwarded = None;
    if let Some(forwarder) = &state.forwarder {
        let not_delivered = forwarder.drain(drain).await;
        not_forwarded = Some(forwarder.not_forwarded());
        let f = &forwarder.counters;
        counts.extend([
            ("forwarded", f.delivered.load(Ordering::Relaxed)),
            ("failed forwards", f.failed.load(Ordering::Relaxed)),
            ("not delivered", not_delivered),
        ]);
    }
    if args.json {
        let summary: serde_json::Map<String, serde_json::Value> = counts
            .iter()
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect();
        let mut line = json!({"event": "summary"});
        line.as_object_mut().expect("an object").extend(summary);
        if let Some(n) = &not_forwarded {
            line["not_forwarded"] = json!(n.ids);
            line["not_forwarded_unlisted"] = json!(n.unlisted);
        }
        printer.send(Output::Line(line.to_string()));
    }
    drop(state);
    printer.send(Output::Stop);
    let _ = printer_thread.join();
    let text: Vec<String> = counts.iter().map(|(k, v)| format!("{v} {k}")).collect();
    output::info(&format!(
        "\n{} {}",
        palette.bold("stopped:"),
        text.join(", ")
    ));
    if let Some(n) = not_forwarded.filter(|n| !n.ids.is_empty() || n.unlisted > 0) {
        output::info(&not_forwarded_text(&n, args.json, palette));
    }
    Ok(Exit::Success)
}

/// The ids that did not reach the handler: all of them in `--json`'s summary, the first few here.
fn not_forwarded_text(n: &forward::NotForwarded, json: bool, p: crate::style::Palette) -> String {
    const SHOWN: usize = 20;
    let total = n.ids.len() as u64 + n.unlisted;
    let mut text = format!("{} ({total}):", p.warning("not forwarded"));
    for id in n.ids.iter().take(SHOWN) {
        text.push_str(&format!("\n  {}", crate::sanitize::line(id)));
    }
    let more = total - n.ids.len().min(SHOWN) as u64;
    if more > 0 {
        text.push_str(&format!("\n  … and {more} more"));
    }
    if !json {
        text.push_str("\n  (`--json` lists every id in its summary line; `--save` keeps each request for `replay`)");
    }
    text
}

/// SIGINT and SIGTERM, listened for from the moment this is called: a signal that arrives right
/// after the ready line must stop the server cleanly, not kill it.
struct StopSignals {
    #[cfg(unix)]
    signals: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl StopSignals {
    fn install() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let signals = signal(SignalKind::interrupt())
                .and_then(|i| Ok((i, signal(SignalKind::terminate())?)))
                .ok();
            Self { signals }
        }
        #[cfg(not(unix))]
        Self {}
    }

    /// Resolves on SIGINT, SIGTERM, or a closed stdout.
    async fn wait(self, closed: Arc<Notify>) {
        #[cfg(unix)]
        let signals = async move {
            match self.signals {
                Some((mut interrupt, mut terminate)) => {
                    tokio::select! {
                        _ = interrupt.recv() => {}
                        _ = terminate.recv() => {}
                    }
                }
                None => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let signals = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        tokio::select! {
            () = signals => {}
            () = closed.notified() => {}
        }
    }
}

fn banner(
    url: &str,
    source: Option<&SecretSource>,
    dev_secret: Option<&str>,
    settings: &Settings,
    palette: crate::style::Palette,
) {
    let mut text = format!(
        "{} {}\n",
        palette.success("Listening on"),
        palette.bold(url)
    );
    let secret_line = match (source, dev_secret) {
        (_, Some(secret)) => format!(
            "the development secret, {secret}\n          (configure your own handler with it, or run it with PULSE_WEBHOOK_SECRET={secret})"
        ),
        (Some(source), None) => format!("from {source}"),
        (None, None) if settings.accept_unsigned => {
            "none: --accept-unsigned, nothing is verified".into()
        }
        (None, None) => "none: v1a public keys only".into(),
    };
    text.push_str(&format!("  {} {secret_line}\n", palette.dim("secret:")));
    if let Some(dir) = &settings.save {
        text.push_str(&format!("  {} {}\n", palette.dim("saving:"), dir.display()));
    }
    text.push_str(&format!(
        "  {} pulse-hooks send job.completed --to {url}\n",
        palette.dim("try:")
    ));
    text.push_str(&format!("  {}\n", palette.dim("Ctrl-C to stop")));
    output::info(text.trim_end());
}
