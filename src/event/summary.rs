//! [`EventSummary`]: an event's identity (`id` and `type`) read without building the JSON tree,
//! and without serde. Not part of the public API: the npm binding crates reach it through
//! `kinetic_flow_core::__bindings` (ARCHITECTURE.md, "What the bindings see").
//!
//! The reader is a hand-written JSON scanner that accepts exactly what `serde_json::from_slice`
//! into a `Value` accepts (the grammar of RFC 8259 with serde_json's own limits: strings are
//! UTF-8 with paired surrogate escapes and no raw control characters, numbers whose `f64` would
//! be infinite are refused exactly where serde_json's non-`float_roundtrip` conversion overflows,
//! 127 nested containers at most, the last of repeated keys wins), then applies [`Event::parse`]'s
//! rule: a JSON object with a string `id` and `type`. It keeps nothing but those two strings, so
//! the webhooks-only wasm carries no serde_json at all. `tests/webhook_props.rs`, the unit tests
//! below and the `event_parse` fuzz target hold it to `Event::parse`.

use super::{Event, EventType};
use crate::webhook::WebhookError;

/// The identity of an event (`id` and `type`), read without building the JSON tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSummary {
    /// `evt_…`.
    pub id: String,
    /// The event type.
    pub event_type: EventType,
}

impl EventSummary {
    /// Checks that `body` is an event exactly as [`Event::parse`] would (same acceptance, same
    /// errors) and returns its `id` and `type`, without building the JSON tree. For callers
    /// that parse the body themselves (the npm package hands it to `JSON.parse`): the rule for
    /// what an event is stays here. A body that is not JSON at all gets `Event::parse`'s
    /// wording (serde_json's position); see [`EventSummary::check`] for a reader without it.
    ///
    /// ```
    /// use kinetic_flow_core::{__bindings::EventSummary, event::EventType};
    /// let s = EventSummary::read(br#"{"id":"evt_1","type":"refund.created","data":{"object":{}}}"#).unwrap();
    /// assert_eq!((s.id.as_str(), s.event_type), ("evt_1", EventType::RefundCreated));
    /// assert_eq!(EventSummary::read(br#"["evt_1","refund.created"]"#).unwrap_err().code(), "invalid_event");
    /// ```
    pub fn read(body: &[u8]) -> Result<EventSummary, WebhookError> {
        match scan(body) {
            Ok(summary) => Ok(summary),
            // Not JSON: serde_json words the error (its category, line and column). Only
            // refused bodies get here, so the success path never parses twice.
            Err(Refusal::NotJson { .. }) => Event::parse(body).map(|e| EventSummary {
                id: e.id,
                event_type: e.event_type,
            }),
            Err(other) => Err(other.into_error()),
        }
    }

    /// [`EventSummary::read`] without serde_json anywhere: the same acceptance and the same
    /// errors, except that a body which is not JSON is worded with this reader's position
    /// (`the body is not valid JSON (syntax error at line 1, column 9)`) rather than
    /// serde_json's. For the webhooks-only wasm module, which links no JSON library.
    ///
    /// ```
    /// use kinetic_flow_core::{__bindings::EventSummary, event::EventType};
    /// let s = EventSummary::check(br#"{"type":"payout.completed","id":"evt_2"}"#).unwrap();
    /// assert_eq!((s.id.as_str(), s.event_type), ("evt_2", EventType::PayoutCompleted));
    /// assert_eq!(EventSummary::check(b"{\"id\":").unwrap_err().code(), "invalid_event");
    /// ```
    pub fn check(body: &[u8]) -> Result<EventSummary, WebhookError> {
        scan(body).map_err(Refusal::into_error)
    }
}

/// Why a body is not an event. Worded as `Event::parse` words it (`event::from_value`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    /// Not JSON: where the reader stopped (line and byte column, from 1), and whether the
    /// input ended there.
    NotJson {
        line: usize,
        column: usize,
        end: bool,
    },
    /// JSON, but not an object: the value's kind.
    NotObject(&'static str),
    /// The object lacks `id` or `type`.
    Missing(&'static str),
    /// `id` or `type` is not a string: the field and the value's kind.
    NotString(&'static str, &'static str),
}

impl Refusal {
    fn into_error(self) -> WebhookError {
        let reason = match self {
            Refusal::NotJson { line, column, end } => {
                let kind = if end {
                    "unexpected end"
                } else {
                    "syntax error"
                };
                format!("the body is not valid JSON ({kind} at line {line}, column {column})")
            }
            Refusal::NotObject(kind) => {
                format!("the body is JSON {kind} but an event is a JSON object")
            }
            Refusal::Missing(key) => format!("the event has no `{key}` field"),
            Refusal::NotString(key, kind) => {
                format!("the event's `{key}` is {kind} but must be a string")
            }
        };
        WebhookError::InvalidEvent { reason }
    }
}

/// Kind names as `Event::parse` prints them.
const NULL: &str = "null";
const BOOLEAN: &str = "a boolean";
const NUMBER: &str = "a number";
const STRING: &str = "a string";
const ARRAY: &str = "an array";
const OBJECT: &str = "an object";

/// serde_json's recursion limit: entering a container when this many are open is an error.
const DEPTH: u8 = 128;

/// `10^289 ..= 10^308`, the only powers of ten by which a `u64` significand can overflow an
/// `f64` (`u64::MAX * 1e288 < f64::MAX`); the literals serde_json's `POW10` table holds.
const POW10_HIGH: [f64; 20] = [
    1e289, 1e290, 1e291, 1e292, 1e293, 1e294, 1e295, 1e296, 1e297, 1e298, 1e299, 1e300, 1e301,
    1e302, 1e303, 1e304, 1e305, 1e306, 1e307, 1e308,
];

/// The value of `id` or `type` as last seen: absent, a string, or another kind.
enum Field {
    Absent,
    Text(Vec<u8>),
    Other(&'static str),
}

fn scan(body: &[u8]) -> Result<EventSummary, Refusal> {
    let mut r = Reader { b: body, i: 0 };
    r.space();
    if r.peek() != Some(b'{') {
        let kind = r.value(DEPTH)?;
        r.end()?;
        return Err(Refusal::NotObject(kind));
    }
    r.i += 1;
    let depth = DEPTH - 1;
    let mut id = Field::Absent;
    let mut event_type = Field::Absent;
    let mut first = true;
    loop {
        r.space();
        match r.peek() {
            Some(b'}') => {
                r.i += 1;
                break;
            }
            Some(b',') if !first => {
                r.i += 1;
                r.space();
            }
            _ if first => {}
            _ => return Err(r.fail()),
        }
        first = false;
        if r.peek() != Some(b'"') {
            return Err(r.fail());
        }
        r.i += 1;
        let slot = match r.key()? {
            Key::Id => Some(&mut id),
            Key::Type => Some(&mut event_type),
            Key::Other => None,
        };
        r.colon()?;
        match slot {
            Some(field) => {
                r.space();
                if r.peek() == Some(b'"') {
                    r.i += 1;
                    let mut text = Vec::new();
                    r.string(Some(&mut text))?;
                    *field = Field::Text(text);
                } else {
                    *field = Field::Other(r.value(depth)?);
                }
            }
            None => {
                r.value(depth)?;
            }
        }
    }
    r.end()?;
    let id = text_field(id, "id")?;
    let event_type = text_field(event_type, "type")?;
    Ok(EventSummary {
        id,
        event_type: EventType::parse(&event_type),
    })
}

fn text_field(field: Field, key: &'static str) -> Result<String, Refusal> {
    match field {
        // Checked UTF-8 while scanning; checked again rather than trusted (no unsafe).
        Field::Text(bytes) => String::from_utf8(bytes).map_err(|_| Refusal::NotString(key, STRING)),
        Field::Other(kind) => Err(Refusal::NotString(key, kind)),
        Field::Absent => Err(Refusal::Missing(key)),
    }
}

enum Key {
    Id,
    Type,
    Other,
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// Refusal at the current position (out of line: only refused bodies get here).
    #[cold]
    #[inline(never)]
    fn fail(&self) -> Refusal {
        let before = self.b.get(..self.i).unwrap_or(self.b);
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |n| n + 1);
        Refusal::NotJson {
            line: 1 + before.iter().filter(|&&b| b == b'\n').count(),
            column: 1 + before.len() - line_start,
            end: self.i >= self.b.len(),
        }
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    /// Only whitespace may follow the top-level value.
    fn end(&mut self) -> Result<(), Refusal> {
        self.space();
        if self.i < self.b.len() {
            return Err(self.fail());
        }
        Ok(())
    }

    fn colon(&mut self) -> Result<(), Refusal> {
        self.space();
        if self.peek() != Some(b':') {
            return Err(self.fail());
        }
        self.i += 1;
        Ok(())
    }

    fn digit(&self) -> Option<u8> {
        match self.peek() {
            Some(c @ b'0'..=b'9') => Some(c - b'0'),
            _ => None,
        }
    }

    /// One value (whitespace first); returns its kind. `depth`: containers that may still open.
    fn value(&mut self, depth: u8) -> Result<&'static str, Refusal> {
        self.space();
        let Some(c) = self.peek() else {
            return Err(self.fail());
        };
        match c {
            b'n' => self.ident(b"null").map(|()| NULL),
            b't' => self.ident(b"true").map(|()| BOOLEAN),
            b'f' => self.ident(b"false").map(|()| BOOLEAN),
            b'-' | b'0'..=b'9' => self.number().map(|()| NUMBER),
            b'"' => {
                self.i += 1;
                self.string(None).map(|()| STRING)
            }
            b'[' | b'{' => {
                let depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Err(self.fail());
                }
                self.i += 1;
                if c == b'[' {
                    self.array(depth).map(|()| ARRAY)
                } else {
                    self.object(depth).map(|()| OBJECT)
                }
            }
            _ => Err(self.fail()),
        }
    }

    fn ident(&mut self, word: &[u8]) -> Result<(), Refusal> {
        for &expected in word {
            if self.peek() != Some(expected) {
                return Err(self.fail());
            }
            self.i += 1;
        }
        Ok(())
    }

    /// After `[`.
    fn array(&mut self, depth: u8) -> Result<(), Refusal> {
        self.space();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(());
        }
        loop {
            self.value(depth)?;
            self.space();
            match self.peek() {
                Some(b']') => {
                    self.i += 1;
                    return Ok(());
                }
                Some(b',') => {
                    self.i += 1;
                    self.space();
                    if self.peek() == Some(b']') {
                        return Err(self.fail()); // trailing comma
                    }
                }
                _ => return Err(self.fail()),
            }
        }
    }

    /// After `{` (nested objects: nothing kept).
    fn object(&mut self, depth: u8) -> Result<(), Refusal> {
        self.space();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(());
        }
        loop {
            if self.peek() != Some(b'"') {
                return Err(self.fail());
            }
            self.i += 1;
            self.string(None)?;
            self.colon()?;
            self.value(depth)?;
            self.space();
            match self.peek() {
                Some(b'}') => {
                    self.i += 1;
                    return Ok(());
                }
                Some(b',') => {
                    self.i += 1;
                    self.space();
                }
                _ => return Err(self.fail()),
            }
        }
    }

    /// A top-level key (after its `"`), compared decoded: `"\u0069d"` is `id`, as in a `Value`.
    fn key(&mut self) -> Result<Key, Refusal> {
        let start = self.i;
        self.string(None)?;
        let raw = self
            .b
            .get(start..self.i.saturating_sub(1))
            .unwrap_or_default();
        let key = if raw.contains(&b'\\') {
            let mut decoded = Vec::new();
            let mut again = Reader {
                b: self.b,
                i: start,
            };
            again.string(Some(&mut decoded))?;
            classify(&decoded)
        } else {
            classify(raw)
        };
        Ok(key)
    }

    /// A string's contents, after the opening `"`, up to and including the closing one: UTF-8,
    /// no raw control characters, valid escapes, paired surrogates. Decoded into `out` if given.
    fn string(&mut self, mut out: Option<&mut Vec<u8>>) -> Result<(), Refusal> {
        let begin = self.i;
        let mut start = self.i;
        // The OR of every raw byte skipped: without a high bit, the string is ASCII, hence UTF-8.
        let mut seen = 0u64;
        loop {
            seen |= self.skip_plain();
            let Some(c) = self.peek() else {
                return Err(self.fail());
            };
            match c {
                b'"' | b'\\' => {
                    if let Some(out) = out.as_deref_mut() {
                        out.extend_from_slice(self.b.get(start..self.i).unwrap_or_default());
                    }
                    if c == b'"' {
                        // UTF-8 of the whole string at once: escapes are ASCII, and no multi-byte
                        // sequence can span one, so this is exactly "every raw run is UTF-8".
                        let raw = self.b.get(begin..self.i).unwrap_or_default();
                        if seen & 0x8080_8080_8080_8080 != 0 {
                            if let Err(e) = core::str::from_utf8(raw) {
                                self.i = begin + e.valid_up_to();
                                return Err(self.fail());
                            }
                        }
                        self.i += 1;
                        return Ok(());
                    }
                    self.i += 1;
                    self.escape(out.as_deref_mut())?;
                    start = self.i;
                }
                _ => return Err(self.fail()), // a raw control character
            }
        }
    }

    /// Skips string bytes that need no attention (not `"`, `\\` or a control character), eight
    /// at a time while it can: most of a webhook body is string contents. Returns the OR of the
    /// bytes skipped (whether any had the high bit: only then is UTF-8 checked).
    fn skip_plain(&mut self) -> u64 {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        // Whether some byte of `v` is below `n` (n <= 0x80; exact as to whether one exists).
        let below = |v: u64, n: u64| v.wrapping_sub(ONES * n) & !v & HIGH != 0;
        let mut seen = 0u64;
        while let Some(word) = self.b.get(self.i..self.i.saturating_add(8)) {
            let Ok(word) = <[u8; 8]>::try_from(word) else {
                break;
            };
            let v = u64::from_le_bytes(word);
            if below(v, 0x20)
                || below(v ^ (ONES * u64::from(b'"')), 1)
                || below(v ^ (ONES * u64::from(b'\\')), 1)
            {
                break;
            }
            seen |= v;
            self.i += 8;
        }
        while let Some(c) = self.peek() {
            if c == b'"' || c == b'\\' || c < 0x20 {
                break;
            }
            seen |= u64::from(c);
            self.i += 1;
        }
        seen
    }

    /// After a `\` inside a string.
    fn escape(&mut self, out: Option<&mut Vec<u8>>) -> Result<(), Refusal> {
        let Some(c) = self.peek() else {
            return Err(self.fail());
        };
        self.i += 1;
        let byte = match c {
            b'"' => b'"',
            b'\\' => b'\\',
            b'/' => b'/',
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => return self.unicode(out),
            _ => return Err(self.fail()),
        };
        if let Some(out) = out {
            out.push(byte);
        }
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, Refusal> {
        let mut n = 0;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(c @ b'0'..=b'9') => c - b'0',
                Some(c @ b'a'..=b'f') => c - b'a' + 10,
                Some(c @ b'A'..=b'F') => c - b'A' + 10,
                _ => return Err(self.fail()),
            };
            self.i += 1;
            n = n * 16 + u32::from(d);
        }
        Ok(n)
    }

    /// After `\u`: a BMP scalar, or a leading surrogate followed by `\u` and a trailing one.
    fn unicode(&mut self, out: Option<&mut Vec<u8>>) -> Result<(), Refusal> {
        let n = self.hex4()?;
        let scalar = match n {
            0xdc00..=0xdfff => return Err(self.fail()),
            0xd800..=0xdbff => {
                if self.peek() != Some(b'\\') {
                    return Err(self.fail());
                }
                self.i += 1;
                if self.peek() != Some(b'u') {
                    return Err(self.fail());
                }
                self.i += 1;
                let low = self.hex4()?;
                if !(0xdc00..=0xdfff).contains(&low) {
                    return Err(self.fail());
                }
                (((n - 0xd800) << 10) | (low - 0xdc00)) + 0x1_0000
            }
            _ => n,
        };
        if let Some(out) = out {
            let ch = char::from_u32(scalar).ok_or_else(|| self.fail())?;
            let mut buf = [0u8; 4];
            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
        }
        Ok(())
    }

    /// A number, with serde_json's acceptance (`de.rs`, `parse_integer` and what it calls,
    /// without `float_roundtrip` or `arbitrary_precision`): the grammar, and a refusal wherever
    /// its `f64` conversion overflows. The sign never changes whether a number is accepted.
    fn number(&mut self) -> Result<(), Refusal> {
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        match self.digit() {
            Some(0) => {
                self.i += 1;
                if self.digit().is_some() {
                    return Err(self.fail()); // one leading zero only
                }
                self.after_integer(0)
            }
            Some(d) => {
                self.i += 1;
                let mut significand = u64::from(d);
                while let Some(d) = self.digit() {
                    match significand
                        .checked_mul(10)
                        .and_then(|s| s.checked_add(u64::from(d)))
                    {
                        Some(s) => {
                            self.i += 1;
                            significand = s;
                        }
                        None => return self.long_integer(significand),
                    }
                }
                self.after_integer(significand)
            }
            None => Err(self.fail()),
        }
    }

    fn after_integer(&mut self, significand: u64) -> Result<(), Refusal> {
        match self.peek() {
            Some(b'.') => self.decimal(significand, 0),
            Some(b'e' | b'E') => self.exponent(significand, 0),
            _ => Ok(()),
        }
    }

    /// More integer digits than a `u64` holds: each one only raises the exponent.
    fn long_integer(&mut self, significand: u64) -> Result<(), Refusal> {
        let mut exponent: i32 = 0;
        while self.digit().is_some() {
            self.i += 1;
            exponent = exponent.wrapping_add(1);
        }
        match self.peek() {
            Some(b'.') => self.decimal(significand, exponent),
            Some(b'e' | b'E') => self.exponent(significand, exponent),
            _ => self.check_range(significand, exponent),
        }
    }

    /// At the `.`.
    fn decimal(&mut self, mut significand: u64, before: i32) -> Result<(), Refusal> {
        self.i += 1;
        let mut after: i32 = 0;
        while let Some(d) = self.digit() {
            match significand
                .checked_mul(10)
                .and_then(|s| s.checked_add(u64::from(d)))
            {
                Some(s) => {
                    self.i += 1;
                    significand = s;
                    after = after.wrapping_sub(1);
                }
                None => {
                    // Further digits are ignored (they cannot change an overflow).
                    while self.digit().is_some() {
                        self.i += 1;
                    }
                    return self.after_fraction(significand, before.wrapping_add(after));
                }
            }
        }
        if after == 0 {
            return Err(self.fail()); // no digit after the point
        }
        self.after_fraction(significand, before.wrapping_add(after))
    }

    fn after_fraction(&mut self, significand: u64, exponent: i32) -> Result<(), Refusal> {
        match self.peek() {
            Some(b'e' | b'E') => self.exponent(significand, exponent),
            _ => self.check_range(significand, exponent),
        }
    }

    /// At the `e`.
    fn exponent(&mut self, significand: u64, starting: i32) -> Result<(), Refusal> {
        self.i += 1;
        let positive = match self.peek() {
            Some(b'+') => {
                self.i += 1;
                true
            }
            Some(b'-') => {
                self.i += 1;
                false
            }
            _ => true,
        };
        let Some(first) = self.digit() else {
            return Err(self.fail());
        };
        self.i += 1;
        let mut exp = i32::from(first);
        while let Some(d) = self.digit() {
            self.i += 1;
            match exp
                .checked_mul(10)
                .and_then(|e| e.checked_add(i32::from(d)))
            {
                Some(e) => exp = e,
                None => {
                    // An exponent beyond i32: infinity (refused) unless zero or negative.
                    if significand != 0 && positive {
                        return Err(self.fail());
                    }
                    while self.digit().is_some() {
                        self.i += 1;
                    }
                    return Ok(());
                }
            }
        }
        let exponent = if positive {
            starting.saturating_add(exp)
        } else {
            starting.saturating_sub(exp)
        };
        self.check_range(significand, exponent)
    }

    /// serde_json's `f64_from_parts` refuses exactly when `significand * 10^exponent` overflows:
    /// never for a negative exponent or a zero significand; always above 10^308; otherwise when
    /// the rounded product is infinite, which needs at least 10^289.
    fn check_range(&self, significand: u64, exponent: i32) -> Result<(), Refusal> {
        if significand == 0 || exponent < 289 {
            return Ok(());
        }
        let pow = usize::try_from(exponent - 289)
            .ok()
            .and_then(|i| POW10_HIGH.get(i));
        match pow {
            Some(pow) if (significand as f64 * pow).is_finite() => Ok(()),
            _ => Err(self.fail()),
        }
    }
}

fn classify(key: &[u8]) -> Key {
    match key {
        b"id" => Key::Id,
        b"type" => Key::Type,
        _ => Key::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two readers against the full parse: same acceptance, id, type; `read` the same error,
    /// `check` the same error except the wording of a body that is not JSON.
    fn agree(body: &[u8]) {
        let full = Event::parse(body).map(|e| (e.id, e.event_type));
        let read = EventSummary::read(body).map(|s| (s.id, s.event_type));
        assert_eq!(read, full, "read: {}", String::from_utf8_lossy(body));
        let check = EventSummary::check(body).map(|s| (s.id, s.event_type));
        match (&check, &full) {
            (Ok(a), Ok(b)) => assert_eq!(a, b),
            (Err(a), Err(b)) if b.to_string().contains("not valid JSON") => {
                assert_eq!(a.code(), b.code());
                assert!(a.to_string().contains("not valid JSON"), "{a}");
            }
            _ => assert_eq!(check, full, "check: {}", String::from_utf8_lossy(body)),
        }
    }

    #[test]
    fn accepts_exactly_what_the_full_parse_accepts() {
        let bodies: &[&[u8]] = &[
            br#"{"id":"evt_1","type":"payment.created","data":{"object":{"amount":1,"m":{"k":"v\u00e9"}}}}"#,
            br#" {"id":"evt_1","type":"a"} "#,
            br#"{"id":"evt_1","id":"evt_2","type":"a"}"#,
            br#"{"id":1,"id":"evt_2","type":"a"}"#,
            br#"{"id":"evt_2","id":1,"type":"a"}"#,
            br#"{"\u0069d":"evt_2","typ\u0065":"a\ud83d\ude00"}"#,
            br#"{"id":"e\u0076t\n\"\/\\\b\f\r\t","type":"a"}"#,
            br#"{"id":"evt_1","type":"a","x":[1,{"y":null}],"z":-0.5e-3,"w":[true,false,[]]}"#,
            br#"{"id":"evt_1","type":"a","x":1e400}"#,
            br#"{"id":"evt_1","type":"a","x":0e400}"#,
            br#"{"id":"evt_1","type":"a","x":1e-400}"#,
            br#"{"id":"evt_1","type":"a","x":1.7976931348623157e308}"#,
            br#"{"id":"evt_1","type":"a","x":1.7976931348623159e308}"#,
            br#"{"id":"evt_1","type":"a","x":17976931348623157e292}"#,
            br#"{"id":"evt_1","type":"a","x":17976931348623159e292}"#,
            br#"{"id":"evt_1","type":"a","x":18446744073709551616e288}"#,
            br#"{"id":"evt_1","type":"a","x":184467440737095516159e287}"#,
            br#"{"id":"evt_1","type":"a","x":1844674407370955161.9e289}"#,
            br#"{"id":"evt_1","type":"a","x":0.000000000000000000000000001e335}"#,
            br#"{"id":"evt_1","type":"a","x":1e99999999999}"#,
            br#"{"id":"evt_1","type":"a","x":0e99999999999}"#,
            br#"{"id":"evt_1","type":"a","x":1e-99999999999}"#,
            br#"{"id":"evt_1","type":"a","x":-18446744073709551616}"#,
            br#"{"id":"evt_1","type":"a","x":01}"#,
            br#"{"id":"evt_1","type":"a","x":1.}"#,
            br#"{"id":"evt_1","type":"a","x":.1}"#,
            br#"{"id":"evt_1","type":"a","x":1e}"#,
            br#"{"id":"evt_1","type":"a","x":-}"#,
            br#"{"id":"evt_1","type":"a","x":+1}"#,
            br#"{"id":"evt_1","type":"a","x":"\ud800"}"#,
            br#"{"id":"evt_1","type":"a","x":"\udc00"}"#,
            br#"{"id":"evt_1","type":"a","x":"\ud800\u0041"}"#,
            br#"{"id":"evt_1","type":"a","x":"\x"}"#,
            br#"{"id":"evt_1","type":"a","x":"\u12"}"#,
            b"{\"id\":\"evt_1\",\"type\":\"a\",\"x\":\"\x01\"}",
            b"{\"id\":\"evt_1\",\"type\":\"a\",\"x\":\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\x7f\"}",
            b"{\"id\":\"evt_1\",\"type\":\"a\",\"x\":\"\xc0\xaf\"}",
            b"{\"id\":\"evt_1\",\"type\":\"a\",\"x\":\"\xed\xa0\x80\"}",
            b"{\"id\":\"evt_1\",\"type\":\"a\",\"x\":\"\xf4\x90\x80\x80\"}",
            b"{\"id\":\"evt_1\",\"type\":\"a\",\"x\":\"\xe2\x82\"}",
            b"\xef\xbb\xbf{\"id\":\"evt_1\",\"type\":\"a\"}",
            br#"{"id":"evt_1","type":"a"} x"#,
            br#"{"id":"evt_1","type":"a",}"#,
            br#"{"id":"evt_1","type":"a","x":[1,]}"#,
            br#"{"id":"evt_1","type":"a","x":{"k":1,}}"#,
            br#"{"id":"evt_1","type":"a","x":{1:1}}"#,
            br#"{"id":"evt_1","type":"a","x":nul}"#,
            br#"{"id":"evt_1" "type":"a"}"#,
            br#"{"id" "evt_1"}"#,
            br#"{"id":true,"type":"a"}"#,
            br#"{"id":"evt_1","type":{}}"#,
            br#"{"id":"evt_1","type":[]}"#,
            br#"{"id":"evt_1","type":null}"#,
            br#"{"type":"a"}"#,
            br#"{"id":"evt_1"}"#,
            b"{}",
            b"[]",
            b"[1,2",
            b"null",
            b"true",
            b"-1.5",
            b"\"x\"",
            b"",
            b"   ",
            b"{",
            b"\xff",
        ];
        for body in bodies {
            agree(body);
        }
    }

    #[test]
    fn nesting_stops_where_serde_json_stops() {
        for depth in [125, 126, 127, 128, 129] {
            let mut body = br#"{"id":"evt_1","type":"a","x":"#.to_vec();
            body.extend(vec![b'['; depth]);
            body.extend(vec![b']'; depth]);
            body.push(b'}');
            agree(&body);
            let mut bare = vec![b'['; depth + 1];
            bare.extend(vec![b']'; depth + 1]);
            agree(&bare);
        }
    }

    #[test]
    fn numbers_near_the_overflow_agree() {
        for exp in 285..=312 {
            for mantissa in [
                "1",
                "9",
                "17976931348623157",
                "17976931348623158",
                "18446744073709551615",
                "184467440737095516150",
            ] {
                agree(format!(r#"{{"id":"e","type":"t","x":{mantissa}e{exp}}}"#).as_bytes());
                agree(format!(r#"{{"id":"e","type":"t","x":-{mantissa}.5e+{exp}}}"#).as_bytes());
            }
        }
    }
}
