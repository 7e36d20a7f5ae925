//! `completions SHELL` and the hidden `man`: generated from the clap definitions.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::error::{Exit, Result};
use crate::output;

/// The completion script for a shell, exactly as committed under `completions/`.
fn completion_script(shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "pulse-hooks", &mut out);
    out
}

fn man_page() -> Vec<u8> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .expect("writing to memory cannot fail");
    out
}

pub fn completions(shell: Shell) -> Result<Exit> {
    output::data(&completion_script(shell))?;
    Ok(Exit::Success)
}

pub fn man() -> Result<Exit> {
    output::data(&man_page())?;
    Ok(Exit::Success)
}
