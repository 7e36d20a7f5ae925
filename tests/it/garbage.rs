//! Garbage to every argument of every command: clear errors with the right exit code, never a panic.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use clap::CommandFactory;
use pulse_hooks::cli::Cli;

use crate::common::*;

fn garbage() -> Vec<OsString> {
    vec![
        OsString::from(""),
        OsString::from("-"),
        OsString::from("--"),
        OsString::from("\u{1b}[31mred\u{1b}[0m"),
        OsString::from("x".repeat(100_000)),
        // Relative and inside the test folder: commands may write where they are told.
        OsString::from("no/such/folder/file"),
        OsString::from("whsec_"),
        OsString::from("=="),
        OsString::from("9999999999999999999999"),
        OsString::from("☃.☃"),
        OsString::from_vec(vec![0xff, 0xfe, b'a']),
    ]
}

/// Runs a command. A server that starts (`listen --json` prints its `ready` line) gets SIGTERM
/// at once, and anything still running after three seconds gets it too; either must then stop
/// by itself. Output is read meanwhile, so a large one never blocks.
fn run_bounded(cmd: &mut std::process::Command) -> std::process::Output {
    use std::io::{BufRead, Read};
    use std::process::Stdio;
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let id = child.id().to_string();
    let terminate = move || {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &id])
            .status();
    };
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut stderr = child.stderr.take().unwrap();
    let on_ready = terminate.clone();
    let out_reader = std::thread::spawn(move || {
        let mut first = Vec::new();
        let _ = stdout.read_until(b'\n', &mut first);
        if first.starts_with(br#"{"event":"ready""#) {
            on_ready();
        }
        let _ = stdout.read_to_end(&mut first);
        first
    });
    let err_reader = std::thread::spawn(move || {
        let mut all = Vec::new();
        let _ = stderr.read_to_end(&mut all);
        all
    });
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(child.wait().unwrap()));
    let status = rx
        .recv_timeout(std::time::Duration::from_secs(3))
        .unwrap_or_else(|_| {
            terminate();
            rx.recv().unwrap()
        });
    std::process::Output {
        status,
        stdout: out_reader.join().unwrap(),
        stderr: err_reader.join().unwrap(),
    }
}

/// Every leaf command with its path, e.g. ["secret", "generate"].
fn leaves(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<(Vec<String>, clap::Command)>) {
    if cmd.get_subcommands().next().is_none() || !path.is_empty() {
        out.push((path.clone(), cmd.clone()));
    }
    for sub in cmd.get_subcommands() {
        let mut p = path.clone();
        p.push(sub.get_name().to_string());
        leaves(sub, p, out);
    }
}

#[test]
fn garbage_in_every_argument_never_panics() {
    let env = Env::new();
    let payload = env.write("p.json", "{}");
    let mut commands = Vec::new();
    leaves(&Cli::command(), Vec::new(), &mut commands);
    let mut runs = 0;
    // Commands that call the Pulse API reach this local server, never the internet; it refuses
    // every key at once (no retries, so the walk stays quick).
    let api = TestServer::start_replying(|_, _| Reply::json(401, r#"{"error":"Invalid API key"}"#));
    for (path, cmd) in commands {
        if path.is_empty() || path == ["man"] {
            continue;
        }
        for arg in cmd.get_arguments() {
            let takes_value = arg.get_action().takes_values();
            let name = arg.get_id().as_str();
            if matches!(name, "help" | "version") {
                continue;
            }
            for value in garbage() {
                let mut args: Vec<OsString> = path.iter().map(OsString::from).collect();
                // `sign` would wait on a terminal for a payload: give it a file.
                if path == ["sign"] && arg.get_long().is_some() {
                    args.push(payload.clone().into());
                }
                match (arg.get_long(), takes_value) {
                    (Some(long), true) => {
                        args.push(format!("--{long}").into());
                        args.push(value.clone());
                    }
                    (Some(long), false) => {
                        let mut flag = OsString::from(format!("--{long}="));
                        flag.push(&value);
                        args.push(flag);
                    }
                    (None, _) => args.push(value.clone()),
                }
                // `listen` serves until stopped: give it a free port, and stop it once it is ready.
                if path == ["listen"] && arg.get_long() != Some("port") {
                    args.extend(["--port".into(), "0".into()]);
                }
                if path == ["listen"] && arg.get_long() != Some("json") {
                    args.push("--json".into());
                }
                // `send` would deliver: print the request instead.
                if path == ["send"] && arg.get_long() != Some("dry-run") {
                    args.push("--dry-run".into());
                }
                let out = run_bounded(env.cmd().env("PULSE_API_URL", api.url()).args(&args));
                // Arguments as shown in failure messages: shortened.
                let args: Vec<String> = args
                    .iter()
                    .map(|a| a.to_string_lossy().chars().take(40).collect())
                    .collect();
                runs += 1;
                let code = out.status.code();
                let err = String::from_utf8_lossy(&out.stderr);
                // 3: the API refused the key.
                let calls_api = matches!(path[0].as_str(), "portal" | "jobs");
                assert!(
                    matches!(code, Some(0..=2)) || (calls_api && code == Some(3)),
                    "{args:?} exited {code:?}: {err}"
                );
                assert!(!err.contains("panicked"), "{args:?}: {err}");
                // A usage error says so on stderr; a negative result (1) says why on stdout.
                if code == Some(1) {
                    assert!(!out.stdout.is_empty(), "{args:?}: {err}");
                } else if code == Some(2) {
                    assert!(
                        err.starts_with("error: ")
                            || err.contains("\nerror: ")
                            || err.starts_with("Usage"),
                        "{args:?}: {err}"
                    );
                }
                // Terminal escapes given as input never come back out raw.
                if value.to_str().is_some_and(|v| v.contains('\u{1b}')) && code == Some(2) {
                    assert!(!err.contains('\u{1b}'), "{args:?}: {err:?}");
                }
            }
        }
    }
    assert!(
        runs > 100,
        "only {runs} runs: the command tree was not walked"
    );
}
