//! [`EventError`]: why a body is not an event (`invalid_event`).

use crate::digits::write_u64;
use crate::json::Refusal;

/// A body that is not an event: not JSON, not a JSON object, or without a string `id` and
/// `type`. Its [`code`](EventError::code) is `invalid_event`; a verifier returns it as
/// `WebhookError::InvalidEvent` (an authentic delivery whose body is not an event).
///
/// ```
/// use kinetic_flow_core::event::Event;
/// let err = Event::parse(b"[1,2]").unwrap_err();
/// assert_eq!(err.code(), "invalid_event");
/// assert_eq!(err.reason(), "the body is JSON an array but an event is a JSON object");
/// assert_eq!(err.to_string(), "The body is not a Kinetic Flow event: the body is JSON an array but an event is a JSON object.");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventError {
    reason: String,
}

impl EventError {
    pub(crate) fn new(reason: String) -> EventError {
        EventError { reason }
    }

    /// The stable code: `invalid_event`.
    pub fn code(&self) -> &'static str {
        "invalid_event"
    }

    /// What is wrong with the body, as a clause (`the event has no `id` field`).
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// The reason, owned (for the webhook error that carries it).
    pub fn into_reason(self) -> String {
        self.reason
    }
}

impl std::fmt::Display for EventError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "The body is not a Kinetic Flow event: {}.", self.reason)
    }
}

impl std::error::Error for EventError {}

/// The scanner's refusal, worded as `Event::parse` words it (`Event::from_value` too). Written
/// without `core::fmt`: the webhooks-only wasm links no formatting machinery.
pub(crate) fn refused(refusal: Refusal) -> EventError {
    let mut reason = String::new();
    let parts: [&str; 5] = match refusal {
        Refusal::NotJson { line, column, end } => {
            reason.push_str("the body is not valid JSON (");
            reason.push_str(if end {
                "unexpected end"
            } else {
                "syntax error"
            });
            reason.push_str(" at line ");
            write_u64(line as u64, &mut reason);
            reason.push_str(", column ");
            write_u64(column as u64, &mut reason);
            [")", "", "", "", ""]
        }
        Refusal::NotObject(kind) => [
            "the body is JSON ",
            kind,
            " but an event is a JSON object",
            "",
            "",
        ],
        Refusal::Missing(key) => ["the event has no `", key, "` field", "", ""],
        Refusal::NotString(key, kind) => {
            ["the event's `", key, "` is ", kind, " but must be a string"]
        }
        Refusal::NotAnObject(key, kind) => [
            "the event's `",
            key,
            "` is ",
            kind,
            " but must be an object",
        ],
    };
    for part in parts {
        reason.push_str(part);
    }
    EventError { reason }
}
