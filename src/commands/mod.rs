//! One module per command, each with one `run`.

mod api;
mod completions;
mod config;
mod events;
mod jobs;
mod listen;
mod load;
mod portal;
mod replay;
mod secret;
mod send;
mod sign;
mod verify;

use crate::app::Context;
use crate::cli::{Command, ConfigCommand, JobsCommand, SecretCommand};
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
        Command::Portal(args) => portal::run(args, context),
        Command::Jobs(JobsCommand::Get(args)) => jobs::get(args, context),
        Command::Jobs(JobsCommand::Cancel(args)) => jobs::cancel(args, context),
        Command::Config(ConfigCommand::Init(args)) => config::init(args, context),
        Command::Config(ConfigCommand::Show { json }) => config::show(json, context),
        Command::Config(ConfigCommand::Path) => config::path(),
        Command::Completions { shell } => completions::completions(shell),
        Command::Man => completions::man(),
    }
}
