//! The whole-tool conventions: colour, streams, errors, exit codes, closed pipes.

use std::io::Read;
use std::process::Stdio;

use crate::common::*;

fn has_ansi(bytes: &[u8]) -> bool {
    bytes.windows(2).any(|w| w == b"\x1b[")
}

#[test]
fn colour_follows_flag_then_environment() {
    let env = Env::new();
    // Piped: no colour by default.
    assert!(!has_ansi(&env.run(&["events"]).stdout));
    assert!(has_ansi(&env.run(&["events", "--color", "always"]).stdout));
    assert!(has_ansi(
        &env.cmd()
            .args(["events"])
            .env("FORCE_COLOR", "1")
            .output()
            .unwrap()
            .stdout
    ));
    assert!(has_ansi(
        &env.cmd()
            .args(["events"])
            .env("CLICOLOR_FORCE", "1")
            .output()
            .unwrap()
            .stdout
    ));
    assert!(!has_ansi(
        &env.cmd()
            .args(["events"])
            .env("FORCE_COLOR", "1")
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
            .stdout
    ));
    assert!(!has_ansi(
        &env.cmd()
            .args(["events", "--color", "never"])
            .env("FORCE_COLOR", "1")
            .output()
            .unwrap()
            .stdout
    ));
    // Errors on stderr follow the same rule.
    let out = env
        .cmd()
        .args(["--color", "always", "sign", "/nonexistent"])
        .output()
        .unwrap();
    assert!(has_ansi(&out.stderr));
    // Without colour the text still says what happened in words.
    let out = env.run(&["sign", "/nonexistent"]);
    assert!(stderr(&out).starts_with("error: cannot read the payload file"));
}

#[test]
fn help_and_version_go_to_stdout() {
    let env = Env::new();
    let out = env.run(&["--help"]);
    assert_code(&out, 0);
    assert!(stdout(&out).contains("sign"));
    let out = env.run(&["--version"]);
    assert_code(&out, 0);
    assert_eq!(
        stdout(&out),
        format!("pulse-hooks {}\n", env!("CARGO_PKG_VERSION"))
    );
    let out = env.run(&["sign", "--help"]);
    assert!(stdout(&out).contains("--signature-encoding"));
}

#[test]
fn usage_errors_are_one_line_with_a_hint_and_exit_2() {
    let env = Env::new();
    for args in [
        vec!["sign", "--bogus"],
        vec!["sign", "--format", "xml"],
        vec!["frobnicate"],
        vec!["secret", "generate", "--asymmetric=maybe"],
        vec!["completions", "tcsh"],
    ] {
        let out = env.run(&args);
        assert_code(&out, 2);
        let err = stderr(&out);
        let lines: Vec<&str> = err.lines().collect();
        assert!(lines[0].starts_with("error: "), "{args:?}: {err}");
        assert!(
            lines.iter().any(|l| l.starts_with("hint: ")),
            "{args:?}: {err}"
        );
        assert!(stdout(&out).is_empty());
    }
    // No subcommand: help on stderr, exit 2.
    let out = env.run(&[]);
    assert_code(&out, 2);
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let env = Env::new();
    let mut child = env
        .cmd()
        .args(["completions", "bash"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_code(&out, 0);
    assert_eq!(stderr(&out), "");
}

#[test]
fn data_goes_to_stdout_and_warnings_to_stderr() {
    let env = Env::new();
    let out = env.run_with_stdin(
        &["sign", "--secret", "whsec_YWJjZA==", "-f", "signature"],
        b"not json",
    );
    assert_code(&out, 0);
    assert_eq!(stdout(&out).lines().count(), 1);
    assert!(stdout(&out).starts_with("v1,"));
    let err = stderr(&out);
    assert!(
        err.contains("not valid JSON") && err.contains("bytes"),
        "{err}"
    );
}

#[test]
fn an_interactive_terminal_is_not_required() {
    let env = Env::new();
    // stdin is /dev/null, not a terminal: sign reads the (empty) payload and signs it with a warning.
    let out = env.run(&["sign", "--secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]);
    assert_code(&out, 0);
}
