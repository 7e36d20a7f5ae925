//! The one place where failures become exit codes and `error:` / `hint:` text.

use std::fmt::Write as _;
use std::io;

use crate::sanitize;
use crate::style::Palette;

/// The exit codes scripts rely on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Success = 0,
    /// A definite negative result: a signature did not verify, an endpoint rejected an event.
    Failure = 1,
    /// Usage or input error: bad flag, unreadable file, malformed secret.
    Usage = 2,
    /// Network or remote error.
    Network = 3,
}

/// A failure to report: what failed, why, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliError {
    pub exit: Exit,
    pub message: String,
    pub causes: Vec<String>,
    pub hint: Option<String>,
    /// The reader went away (a closed pipe): stop quietly, as success.
    pub broken_pipe: bool,
}

impl CliError {
    fn new(exit: Exit, message: impl Into<String>) -> Self {
        Self {
            exit,
            message: message.into(),
            causes: Vec::new(),
            hint: None,
            broken_pipe: false,
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Exit::Usage, message)
    }

    pub fn failure(message: impl Into<String>) -> Self {
        Self::new(Exit::Failure, message)
    }

    pub fn network(message: impl Into<String>) -> Self {
        Self::new(Exit::Network, message)
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn caused_by(mut self, cause: impl ToString) -> Self {
        self.causes.push(cause.to_string());
        self
    }

    /// An error writing output. A closed pipe is not an error.
    pub fn output(error: io::Error) -> Self {
        let mut e = Self::new(Exit::Failure, "cannot write output").caused_by(error.to_string());
        e.broken_pipe = error.kind() == io::ErrorKind::BrokenPipe;
        e
    }

    /// The text for stderr: `error: …`, indented causes, a blank line, `hint: …`. Messages may
    /// quote what the user or a file gave (a path, a value), so every line is sanitised here.
    pub fn render(&self, palette: Palette) -> String {
        let safe = sanitize::line;
        let mut out = format!("{} {}\n", palette.error("error:"), safe(&self.message));
        for cause in &self.causes {
            let _ = writeln!(out, "  {} {}", palette.dim("caused by:"), safe(cause));
        }
        if let Some(hint) = &self.hint {
            let _ = write!(out, "\n{} {}\n", palette.hint("hint:"), safe(hint));
        }
        out
    }
}

pub type Result<T, E = CliError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_message_causes_and_hint() {
        let e = CliError::usage("cannot read `x.json`")
            .caused_by("No such file or directory")
            .with_hint("check the path");
        assert_eq!(
            e.render(Palette::plain()),
            "error: cannot read `x.json`\n  caused by: No such file or directory\n\nhint: check the path\n"
        );
        assert_eq!(e.exit as i32, 2);
    }

    #[test]
    fn broken_pipe_is_recognised() {
        let e = CliError::output(io::Error::from(io::ErrorKind::BrokenPipe));
        assert!(e.broken_pipe);
    }
}
