//! One module per command, each with one `run`.

mod completions;
mod events;
mod listen;
mod load;
mod replay;
mod secret;
mod send;
mod sign;
mod verify;

use crate::app::Context;
use crate::cli::{Command, SecretCommand};
use crate::error::{Exit, Result};

pub fn run(command: Command, context: &Context) -> Result<Exit> {
    match command {
        Command::Listen(args) => listen::run(args, context),
        Command::Replay(args) => replay::run(args, context),
        Command::Send(args) => send::run(args, context),
        Command::Sign(args) => sign::run(args, context),
        Command::Verify(args) => verify::run(args, context),
        Command::Secret(SecretCommand::Generate { asymmetric, json }) => {
            secret::generate(asymmetric, json, context)
        }
        Command::Events(args) => events::run(args, context),
        Command::Completions { shell } => completions::completions(shell),
        Command::Man => completions::man(),
    }
}
