//! The binary's whole life: parse, decide colour, run a command, turn the result into an exit code.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser};

use crate::cli::Cli;
use crate::commands;
use crate::error::{CliError, Exit};
use crate::style::{ColorChoice, Colors};

/// What every command may need to know about how it was run.
#[derive(Clone, Copy, Debug)]
pub struct Context {
    pub colors: Colors,
    /// Prompts are allowed: stdin and stderr are terminals, and neither `--no-input` nor `CI`.
    pub interactive: bool,
}

pub fn main() -> ExitCode {
    let env = |name: &str| std::env::var(name).ok();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return clap_error(error, &env),
    };
    // We decide colour per stream ourselves; `colored` must not second-guess it.
    colored::control::set_override(true);
    let colors = Colors::decide(
        cli.color,
        env,
        std::io::stdout().is_terminal(),
        std::io::stderr().is_terminal(),
    );
    let interactive = !cli.no_input
        && crate::config::env_var("CI").is_none()
        && std::io::stdin().is_terminal()
        && std::io::stderr().is_terminal();
    let context = Context {
        colors,
        interactive,
    };
    match commands::run(cli.command, &context) {
        Ok(exit) => code(exit),
        Err(error) if error.broken_pipe => code(Exit::Success),
        Err(error) => {
            let _ = std::io::stderr().write_all(error.render(colors.stderr).as_bytes());
            code(error.exit)
        }
    }
}

fn code(exit: Exit) -> ExitCode {
    ExitCode::from(exit as u8)
}

/// clap's help and version go out as clap prints them; its errors are rendered like ours: one
/// `error:` line, then a hint.
fn clap_error(error: clap::Error, env: &impl Fn(&str) -> Option<String>) -> ExitCode {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = error.print();
            return code(Exit::Success);
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            return code(Exit::Usage);
        }
        _ => {}
    }
    let text = error.render().to_string();
    let mut lines = text.lines();
    let message = lines
        .next()
        .unwrap_or("invalid arguments")
        .trim_start_matches("error: ")
        .to_string();
    let mut details = Vec::new();
    for line in lines {
        let line = line.trim();
        if line.starts_with("Usage:") {
            break;
        }
        if !line.is_empty() && !line.starts_with("For more information") {
            let line = line.trim_start_matches("tip: ");
            let line = line
                .strip_prefix('[')
                .and_then(|l| l.strip_suffix(']'))
                .unwrap_or(line);
            details.push(line.to_string());
        }
    }
    let command = subcommand_path();
    details.push(format!("see `{command} --help`"));
    let colors = Colors::decide(
        ColorChoice::Auto,
        env,
        false,
        std::io::stderr().is_terminal(),
    );
    let rendered = CliError::usage(message)
        .with_hint(details.join("; "))
        .render(colors.stderr);
    let _ = std::io::stderr().write_all(rendered.as_bytes());
    code(Exit::Usage)
}

/// `pulse-hooks sign` from the arguments, for the hint of a usage error.
fn subcommand_path() -> String {
    let mut command = Cli::command();
    let mut path = vec!["pulse-hooks".to_string()];
    for arg in std::env::args_os().skip(1) {
        let Some(sub) = arg
            .to_str()
            .and_then(|a| command.find_subcommand(a))
            .cloned()
        else {
            continue;
        };
        path.push(sub.get_name().to_string());
        command = sub;
    }
    path.join(" ")
}
