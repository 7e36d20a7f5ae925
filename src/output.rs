//! Writing to the two streams: data to stdout, everything for people to stderr.

use std::io::{self, Write};

use crate::error::{CliError, Result};
use crate::style::Palette;

/// Writes data to stdout; a closed pipe becomes a quiet stop.
pub fn data(bytes: &[u8]) -> Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(CliError::output)
}

/// A warning on stderr. Failures to write to stderr are ignored: there is nowhere to report them.
pub fn warn(palette: Palette, message: &str) {
    let _ = writeln!(io::stderr(), "{} {message}", palette.warning("warning:"));
}

/// A hint on stderr.
pub fn hint(palette: Palette, message: &str) {
    let _ = writeln!(io::stderr(), "{} {message}", palette.hint("hint:"));
}

/// A line of information on stderr.
pub fn info(message: &str) {
    let _ = writeln!(io::stderr(), "{message}");
}
