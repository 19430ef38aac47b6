//! The JSON scanner behind `json::parse`, `EventSummary` and `Event::parse`: a hand-written reader that accepts exactly what
//! `serde_json::from_slice` into a `Value` accepts (the grammar of RFC 8259 with serde_json's own
//! limits: strings are UTF-8 with paired surrogate escapes and no raw control characters, numbers
//! whose `f64` would be infinite are refused exactly where serde_json's non-`float_roundtrip`
//! conversion overflows, 127 nested containers at most). It keeps what its caller asks for and
//! nothing else; it has no serde, so the webhooks-only wasm carries no JSON library.

use std::borrow::Cow;

mod plain;

/// Why a body is refused: not JSON, or (for the event readers) JSON that is not an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
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
    /// `data` or `data.object` is not an object: the field and the value's kind.
    NotAnObject(&'static str, &'static str),
}

/// Kind names as `Event::parse` prints them.
pub(crate) const NULL: &str = "null";
pub(crate) const BOOLEAN: &str = "a boolean";
pub(crate) const NUMBER: &str = "a number";
pub(crate) const STRING: &str = "a string";
pub(crate) const ARRAY: &str = "an array";
pub(crate) const OBJECT: &str = "an object";

/// serde_json's recursion limit: entering a container when this many are open is an error.
pub(crate) const DEPTH: u8 = 128;

/// `10^289 ..= 10^308`, the only powers of ten by which a `u64` significand can overflow an
/// `f64` (`u64::MAX * 1e288 < f64::MAX`); the literals serde_json's `POW10` table holds.
const POW10_HIGH: [f64; 20] = [
    1e289, 1e290, 1e291, 1e292, 1e293, 1e294, 1e295, 1e296, 1e297, 1e298, 1e299, 1e300, 1e301,
    1e302, 1e303, 1e304, 1e305, 1e306, 1e307, 1e308,
];

pub(crate) struct Reader<'a> {
    pub(crate) b: &'a [u8],
    pub(crate) i: usize,
}

// `peek` is inlined into every caller even at opt-level "z" (the full module), where LLVM kept it
// a call: with `space`, a call per byte looked at was 10% of a 256 B root verify (Node 22,
// --cpu-prof), and both modules come out smaller (full -181 B raw, webhooks -31 B). Forcing
// `space` too cost the webhooks module 100 B gzipped.
impl<'a> Reader<'a> {
    #[inline(always)]
    pub(crate) fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    /// Refusal at the current position (out of line: only refused bodies get here).
    #[cold]
    #[inline(never)]
    pub(crate) fn fail(&self) -> Refusal {
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

    pub(crate) fn space(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.i += 1;
        }
    }

    /// Only whitespace may follow the top-level value.
    pub(crate) fn end(&mut self) -> Result<(), Refusal> {
        self.space();
        if self.i < self.b.len() {
            return Err(self.fail());
        }
        Ok(())
    }

    pub(crate) fn colon(&mut self) -> Result<(), Refusal> {
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
    pub(crate) fn value(&mut self, depth: u8) -> Result<&'static str, Refusal> {
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
                self.skip_string().map(|_| STRING)
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
            self.skip_string()?;
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

    /// A key (after its `"`), decoded: `"\u0069d"` is `id`, as in a `Value`. Borrowed unless it
    /// has an escape.
    pub(crate) fn key(&mut self) -> Result<Cow<'a, [u8]>, Refusal> {
        let start = self.i;
        let escaped = self.skip_string()?;
        let raw = self
            .b
            .get(start..self.i.saturating_sub(1))
            .unwrap_or_default();
        if !escaped {
            return Ok(Cow::Borrowed(raw));
        }
        let mut decoded = Vec::new();
        let mut again = Reader {
            b: self.b,
            i: start,
        };
        again.string(Some(&mut decoded))?;
        Ok(Cow::Owned(decoded))
    }

    /// A string that is only read, after its `"`: [`Reader::string`] without `out`. Natively a
    /// plain ASCII string (most keys and values) is taken here, inline at the caller: no call,
    /// no frame; any other string is read again from its start by [`Reader::string`], the full
    /// rules. In wasm only the latter (the modules' size).
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    #[cfg_attr(target_arch = "wasm32", inline(always))]
    pub(crate) fn skip_string(&mut self) -> Result<bool, Refusal> {
        #[cfg(not(target_arch = "wasm32"))]
        {
            let begin = self.i;
            let seen = self.skip_plain();
            if self.peek() == Some(b'"') && seen & 0x8080_8080_8080_8080 == 0 {
                self.i += 1;
                return Ok(false);
            }
            self.i = begin;
        }
        self.string(None)
    }

    /// A string's contents, after the opening `"`, up to and including the closing one: UTF-8,
    /// no raw control characters, valid escapes, paired surrogates. Decoded into `out` if given.
    /// Returns whether the string has an escape (when not, its bytes are its text).
    pub(crate) fn string(&mut self, mut out: Option<&mut Vec<u8>>) -> Result<bool, Refusal> {
        let begin = self.i;
        let mut start = self.i;
        let mut escaped = false;
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
                        return Ok(escaped);
                    }
                    self.i += 1;
                    escaped = true;
                    self.escape(out.as_deref_mut())?;
                    start = self.i;
                }
                _ => return Err(self.fail()), // a raw control character
            }
        }
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
    pub(crate) fn number(&mut self) -> Result<(), Refusal> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// `skip_string` (natively: the inline path for a plain ASCII string, else the full rules)
    /// stops where `string(None)` stops, with the same answer.
    fn same_as_the_full_rules(b: &[u8], i: usize) {
        let (mut fast, mut full) = (Reader { b, i }, Reader { b, i });
        let answer = fast.skip_string();
        assert_eq!(
            (answer, fast.i),
            (full.string(None), full.i),
            "{b:?} at {i}"
        );
    }

    #[test]
    fn plain_strings_end_where_the_full_rules_end() {
        for len in 0..40 {
            for tail in [
                &b"\""[..],
                b"\\\"\"",
                b"\\x\"",
                b"\x01\"",
                b"\xc3\xa9\"",
                b"\xff\"",
                b"",
            ] {
                let mut b = vec![b'a'; len];
                b.extend_from_slice(tail);
                b.extend_from_slice(b",\"k\":1}");
                for i in 0..3 {
                    same_as_the_full_rules(&b, i.min(b.len()));
                }
            }
        }
    }

    proptest! {
        #[test]
        fn any_string_ends_where_the_full_rules_end(
            b in prop::collection::vec(
                prop::sample::select(b"ab \"\\/u0D8\x00\x1f\x7f\x80\xbf\xc3\xa9\xed\xff".to_vec()),
                0..48,
            ),
            i in 0usize..12,
        ) {
            same_as_the_full_rules(&b, i.min(b.len()));
        }
    }
}
