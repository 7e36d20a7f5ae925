//! Colour, decided once, and the semantic styles that every command uses.
//!
//! `colored` decides for stdout only, so we decide per stream here and tell `colored` to obey.

use colored::{Color, Colorize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// Styles for one stream; plain text when colour is off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    enabled: bool,
}

/// The palettes for stdout and stderr.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Colors {
    pub stdout: Palette,
    pub stderr: Palette,
}

impl Colors {
    /// `--color`, then `NO_COLOR` (non-empty: off), then `CLICOLOR_FORCE` / `FORCE_COLOR`
    /// (non-empty and not `0`: on), then whether the stream is a terminal.
    pub fn decide(
        choice: ColorChoice,
        env: impl Fn(&str) -> Option<String>,
        stdout_tty: bool,
        stderr_tty: bool,
    ) -> Self {
        let set = |name: &str| env(name).is_some_and(|v| !v.is_empty());
        let forced = |name: &str| env(name).is_some_and(|v| !v.is_empty() && v != "0");
        let both = |on: bool| Self {
            stdout: Palette { enabled: on },
            stderr: Palette { enabled: on },
        };
        match choice {
            ColorChoice::Always => both(true),
            ColorChoice::Never => both(false),
            ColorChoice::Auto if set("NO_COLOR") => both(false),
            ColorChoice::Auto if forced("CLICOLOR_FORCE") || forced("FORCE_COLOR") => both(true),
            ColorChoice::Auto => Self {
                stdout: Palette {
                    enabled: stdout_tty,
                },
                stderr: Palette {
                    enabled: stderr_tty,
                },
            },
        }
    }

    pub fn plain() -> Self {
        Self {
            stdout: Palette::plain(),
            stderr: Palette::plain(),
        }
    }
}

impl Palette {
    pub fn plain() -> Self {
        Self { enabled: false }
    }

    pub fn enabled(self) -> bool {
        self.enabled
    }

    fn paint(self, text: &str, color: Color, bold: bool) -> String {
        if !self.enabled {
            return text.to_string();
        }
        let styled = text.color(color);
        if bold {
            styled.bold().to_string()
        } else {
            styled.to_string()
        }
    }

    pub fn error(self, text: &str) -> String {
        self.paint(text, Color::Red, true)
    }
    pub fn warning(self, text: &str) -> String {
        self.paint(text, Color::Yellow, true)
    }
    pub fn hint(self, text: &str) -> String {
        self.paint(text, Color::Cyan, true)
    }
    pub fn success(self, text: &str) -> String {
        self.paint(text, Color::Green, true)
    }
    pub fn failure(self, text: &str) -> String {
        self.paint(text, Color::Red, true)
    }
    pub fn path(self, text: &str) -> String {
        self.paint(text, Color::Cyan, false)
    }
    pub fn key(self, text: &str) -> String {
        self.paint(text, Color::Blue, false)
    }
    pub fn string(self, text: &str) -> String {
        self.paint(text, Color::Green, false)
    }
    pub fn number(self, text: &str) -> String {
        self.paint(text, Color::Yellow, false)
    }
    pub fn dim(self, text: &str) -> String {
        if self.enabled {
            text.dimmed().to_string()
        } else {
            text.to_string()
        }
    }
    pub fn bold(self, text: &str) -> String {
        if self.enabled {
            text.bold().to_string()
        } else {
            text.to_string()
        }
    }

    /// Each Pulse event type in its own colour, so a stream of events reads at a glance.
    pub fn event_type(self, event_type: &str) -> String {
        let color = match event_type {
            "job.created" => Color::Blue,
            "job.processing" => Color::Cyan,
            "job.completed" => Color::Green,
            "job.failed" => Color::Red,
            "job.cancelled" => Color::Yellow,
            _ => Color::Magenta,
        };
        self.paint(event_type, color, true)
    }

    /// A Pulse job status; any string the API sends is shown, known ones in colour.
    pub fn job_status(self, status: &str) -> String {
        let color = match status {
            "completed" => Color::Green,
            "failed" => Color::Red,
            "pending" | "processing" => Color::Yellow,
            "canceled" | "cancelled" | "expired" => Color::BrightBlack,
            _ => Color::Magenta,
        };
        self.paint(status, color, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn flag_beats_environment_beats_terminal() {
        let on = Colors::decide(ColorChoice::Always, env(&[("NO_COLOR", "1")]), false, false);
        assert!(on.stdout.enabled() && on.stderr.enabled());
        let off = Colors::decide(ColorChoice::Auto, env(&[("NO_COLOR", "1")]), true, true);
        assert!(!off.stdout.enabled() && !off.stderr.enabled());
        let empty = Colors::decide(ColorChoice::Auto, env(&[("NO_COLOR", "")]), true, false);
        assert!(empty.stdout.enabled() && !empty.stderr.enabled());
        let forced = Colors::decide(
            ColorChoice::Auto,
            env(&[("FORCE_COLOR", "1")]),
            false,
            false,
        );
        assert!(forced.stdout.enabled());
        let zero = Colors::decide(
            ColorChoice::Auto,
            env(&[("CLICOLOR_FORCE", "0")]),
            false,
            false,
        );
        assert!(!zero.stdout.enabled());
        let never = Colors::decide(ColorChoice::Never, env(&[("FORCE_COLOR", "1")]), true, true);
        assert!(!never.stderr.enabled());
    }
}
