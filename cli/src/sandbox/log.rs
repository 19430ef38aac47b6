//! One line per request and per delivery attempt: text (colour only on a terminal, and not with
//! `NO_COLOR`) or JSON lines (`--json`). Never a key, a secret or a body.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::Duration;

use serde_json::json;

pub(crate) struct Log {
    pub json: bool,
    colour: bool,
    out: Mutex<std::io::Stdout>,
}

/// What the log says about one request.
pub(crate) struct RequestLine<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub route: &'a str,
    pub status: Option<u16>,
    pub request_id: &'a str,
    pub took: Duration,
    pub replayed: bool,
    pub fault: Option<&'a str>,
}

/// What the log says about one delivery attempt.
pub(crate) struct DeliveryLine<'a> {
    pub event: &'a str,
    pub event_type: &'a str,
    pub url: &'a str,
    pub attempt: u32,
    pub status: Option<u16>,
    pub error: Option<&'a str>,
    pub took: Duration,
}

impl Log {
    pub fn new(json: bool) -> Log {
        let colour = !json
            && std::io::stdout().is_terminal()
            && !matches!(std::env::var_os("NO_COLOR"), Some(v) if !v.is_empty());
        Log {
            json,
            colour,
            out: Mutex::new(std::io::stdout()),
        }
    }

    pub fn line(&self, text: &str) {
        let mut out = self.out.lock().unwrap_or_else(|p| p.into_inner());
        let _ = writeln!(out, "{text}");
        let _ = out.flush();
    }

    /// A line of the sandbox's own (start, stop, store errors).
    pub fn note(&self, text: &str) {
        if self.json {
            self.line(&json!({ "kind": "note", "message": text }).to_string());
        } else {
            self.line(&self.paint("2", text));
        }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn status_colour(status: Option<u16>) -> &'static str {
        match status {
            Some(200..=299) => "32",
            Some(400..=499) => "33",
            _ => "31",
        }
    }

    pub fn request(&self, r: &RequestLine<'_>) {
        let ms = r.took.as_secs_f64() * 1000.0;
        if self.json {
            self.line(
                &json!({
                    "kind": "request", "method": r.method, "path": r.path, "route": r.route,
                    "status": r.status, "request_id": r.request_id, "ms": (ms * 100.0).round() / 100.0,
                    "replayed": r.replayed, "fault": r.fault,
                })
                .to_string(),
            );
            return;
        }
        let status = r.status.map_or_else(|| "---".to_owned(), |s| s.to_string());
        let mut text = format!(
            "{} {} {} {:.1} ms {}",
            self.paint(Self::status_colour(r.status), &status),
            r.method,
            r.path,
            ms,
            r.request_id
        );
        if r.replayed {
            text.push_str(" (replayed)");
        }
        if let Some(f) = r.fault {
            text.push_str(&self.paint("35", &format!(" fault {f}")));
        }
        self.line(&text);
    }

    pub fn delivery(&self, d: &DeliveryLine<'_>) {
        let ms = d.took.as_secs_f64() * 1000.0;
        if self.json {
            self.line(
                &json!({
                    "kind": "delivery", "event": d.event, "type": d.event_type, "url": d.url,
                    "attempt": d.attempt, "status": d.status, "error": d.error,
                    "ms": (ms * 100.0).round() / 100.0,
                })
                .to_string(),
            );
            return;
        }
        let answer = match (d.status, d.error) {
            (Some(s), _) => self.paint(Self::status_colour(Some(s)), &s.to_string()),
            (None, Some(e)) => self.paint("31", e),
            (None, None) => self.paint("31", "no answer"),
        };
        self.line(&format!(
            "--> {} {} to {} attempt {}: {} {:.1} ms",
            d.event_type, d.event, d.url, d.attempt, answer, ms
        ));
    }
}
