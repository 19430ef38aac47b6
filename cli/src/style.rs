//! Colour, only when the stream is a terminal and `NO_COLOR` is unset.

use std::io::IsTerminal;

/// A painter for standard output (or standard error).
#[derive(Clone, Copy)]
pub struct Style {
    on: bool,
}

impl Style {
    /// Colour for standard output when it is a terminal.
    pub fn stdout() -> Style {
        Style::when(std::io::stdout().is_terminal())
    }

    fn when(terminal: bool) -> Style {
        Style {
            on: terminal && !matches!(std::env::var_os("NO_COLOR"), Some(v) if !v.is_empty()),
        }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    /// Green.
    pub fn good(self, text: &str) -> String {
        self.paint("32", text)
    }

    /// Red.
    pub fn bad(self, text: &str) -> String {
        self.paint("31", text)
    }

    /// Yellow.
    pub fn warn(self, text: &str) -> String {
        self.paint("33", text)
    }

    /// Dim.
    pub fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }

    /// Bold.
    pub fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }
}
