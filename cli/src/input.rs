//! Reading a command's input: a file, or standard input for `-` or no file.

use std::io::Read;
use std::path::{Path, PathBuf};

/// The bytes of `path` (standard input when `None` or `-`), exactly as stored: nothing is
/// trimmed or decoded, since a signature covers the exact bytes. On failure, one line naming the
/// file and the cause.
pub fn read(path: Option<&Path>) -> Result<Vec<u8>, String> {
    match path {
        None => read_stdin(),
        Some(p) if p == Path::new("-") => read_stdin(),
        Some(p) => std::fs::read(p).map_err(|e| format!("cannot read {}: {e}", p.display())),
    }
}

fn read_stdin() -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    std::io::stdin()
        .read_to_end(&mut out)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    Ok(out)
}

/// How an input is named in messages.
pub fn name(path: Option<&PathBuf>) -> String {
    match path {
        Some(p) if p.as_os_str() != "-" => p.display().to_string(),
        _ => "standard input".to_owned(),
    }
}

/// Prints `kinetic: <message>` to standard error.
pub fn complain(message: &str) {
    eprintln!("kinetic: {message}");
}
