//! Parsing the `Kinetic-Signature` value: strict, byte-level on the hot path, bounded.

use super::{MalformedReason, WebhookError, MAX_HEADER_LEN, MAX_SIGNATURES, MAX_TIMESTAMP_DIGITS};
use crate::UnixTime;

/// How many characters of a bad header an error shows.
const HEADER_PREVIEW_CHARS: usize = 24;

/// A parsed `Kinetic-Signature` value: borrows the header for the `t` text (the signed bytes).
///
/// ```
/// use kinetic_flow_core::webhook::SignatureHeader;
/// let value = format!("t=1776244442,v1={}", "ab".repeat(32));
/// assert_eq!(SignatureHeader::parse(&value).unwrap().timestamp().as_secs(), 1_776_244_442);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureHeader<'a> {
    /// `t` exactly as it appears in the header: these are the signed bytes.
    pub(super) timestamp_text: &'a str,
    timestamp: i64,
    pub(super) signatures: Vec<[u8; 32]>,
}

impl<'a> SignatureHeader<'a> {
    /// Parses a header value strictly (SPEC section 1). Items are `key=value`, separated by
    /// commas, with optional spaces or tabs around items. `t` must appear once as 1 to 12 ASCII
    /// digits; at least one `v1` must appear, each exactly 64 hex digits (any case); other keys
    /// are ignored. Empty items (`,,` or a trailing comma) are malformed. The value is given as
    /// bytes or text (`&str`, `&[u8]`, `http::HeaderValue`); one that is not UTF-8 is malformed.
    ///
    /// ```
    /// use kinetic_flow_core::webhook::SignatureHeader;
    /// let v1 = "ab".repeat(32);
    /// let value = format!("t=1776244442, v1={v1}, v0=legacy");
    /// let h = SignatureHeader::parse(&value).unwrap();
    /// assert_eq!(h.timestamp().as_secs(), 1_776_244_442);
    /// assert_eq!(h.signatures().len(), 1);
    /// let err = SignatureHeader::parse(b"t=1,v1=\xe9").unwrap_err();
    /// assert_eq!(err.code(), "malformed_signature_header");
    /// assert_eq!(SignatureHeader::parse("t=+1,v1=00").unwrap_err().code(), "malformed_signature_header");
    /// assert_eq!(SignatureHeader::parse("  ").unwrap_err().code(), "missing_signature_header");
    /// ```
    pub fn parse<H: AsRef<[u8]> + ?Sized>(
        value: &'a H,
    ) -> Result<SignatureHeader<'a>, WebhookError> {
        let bytes: &'a [u8] = value.as_ref();
        if let Some(canonical) = Self::parse_canonical(bytes) {
            return Ok(canonical);
        }
        // Byte-level on purpose (this is the verify hot path): every delimiter is ASCII, so the
        // slices between them are exactly the `str` pieces a char-level split would give.
        if trim_spaces(bytes).is_empty() {
            return Err(WebhookError::MissingSignatureHeader);
        }
        let value = std::str::from_utf8(bytes).map_err(|_| {
            let start = bytes.get(..128).unwrap_or(bytes);
            WebhookError::MalformedSignatureHeader {
                reason: MalformedReason::NotUtf8,
                header: preview(&String::from_utf8_lossy(start)),
            }
        })?;
        let trimmed = trim_spaces(value.as_bytes());
        // Errors are built lazily (`ok_or_else`): the preview allocates.
        let malformed = |reason| WebhookError::MalformedSignatureHeader {
            reason,
            header: preview(value),
        };
        if value.len() > MAX_HEADER_LEN {
            return Err(malformed(MalformedReason::TooLong));
        }
        let mut timestamp: Option<(&str, i64)> = None;
        let mut signatures = Vec::with_capacity(2);
        for item in trimmed.split(|&b| b == b',') {
            let mut key_value = trim_spaces(item).splitn(2, |&b| b == b'=');
            let key = key_value.next().unwrap_or_default();
            let val = key_value
                .next()
                .ok_or_else(|| malformed(MalformedReason::InvalidItem))?;
            match key {
                b"t" => {
                    if timestamp.is_some() {
                        return Err(malformed(MalformedReason::DuplicateTimestamp));
                    }
                    let t = parse_timestamp(val)
                        .ok_or_else(|| malformed(MalformedReason::InvalidTimestamp))?;
                    // ASCII digits by now, so this is UTF-8 (checked anyway, never unwrapped).
                    let text = std::str::from_utf8(val)
                        .map_err(|_| malformed(MalformedReason::InvalidTimestamp))?;
                    timestamp = Some((text, t));
                }
                b"v1" => {
                    if signatures.len() == MAX_SIGNATURES {
                        return Err(malformed(MalformedReason::TooLong));
                    }
                    let sig = decode_hex32(val)
                        .ok_or_else(|| malformed(MalformedReason::InvalidSignature))?;
                    signatures.push(sig);
                }
                b"" => return Err(malformed(MalformedReason::InvalidItem)),
                _ => {} // other schemes (v0, v2, …) are ignored so new ones can be added
            }
        }
        let (timestamp_text, timestamp) =
            timestamp.ok_or_else(|| malformed(MalformedReason::MissingTimestamp))?;
        if signatures.is_empty() {
            return Err(malformed(MalformedReason::MissingSignature));
        }
        Ok(SignatureHeader {
            timestamp_text,
            timestamp,
            signatures,
        })
    }

    /// The exact form senders produce, `t=<digits>` then one or more `,v1=<64 hex digits>`, with
    /// no spaces or other items, in one pass; `None` for anything else, which the general parser
    /// then reads (and gives the same result for this form: a unit property checks it).
    fn parse_canonical(value: &'a [u8]) -> Option<SignatureHeader<'a>> {
        let rest = value.strip_prefix(b"t=")?;
        let digits = rest
            .iter()
            .take(MAX_TIMESTAMP_DIGITS + 1)
            .position(|&b| b == b',')?;
        let (timestamp_text, mut rest) = (rest.get(..digits)?, rest.get(digits..)?);
        let timestamp = parse_timestamp(timestamp_text)?;
        let timestamp_text = std::str::from_utf8(timestamp_text).ok()?;
        let mut signatures = Vec::with_capacity(1);
        while !rest.is_empty() {
            if signatures.len() == MAX_SIGNATURES {
                return None;
            }
            let hex = rest.strip_prefix(b",v1=")?;
            signatures.push(decode_hex32(hex.get(..64)?)?);
            rest = hex.get(64..)?;
        }
        Some(SignatureHeader {
            timestamp_text,
            timestamp,
            signatures,
        })
    }

    /// The header's `t`, in Unix seconds.
    ///
    /// ```
    /// # use kinetic_flow_core::webhook::SignatureHeader;
    /// let value = format!("t=0042,v1={}", "0".repeat(64));
    /// let h = SignatureHeader::parse(&value).unwrap();
    /// assert_eq!(h.timestamp().as_secs(), 42);
    /// ```
    pub fn timestamp(&self) -> UnixTime {
        UnixTime::from_secs(self.timestamp)
    }

    /// The `v1` signatures, decoded.
    ///
    /// ```
    /// # use kinetic_flow_core::webhook::SignatureHeader;
    /// let value = format!("t=1,v1={},v1={}", "0".repeat(64), "F".repeat(64));
    /// let h = SignatureHeader::parse(&value).unwrap();
    /// assert_eq!(h.signatures()[1], [0xff; 32]);
    /// ```
    pub fn signatures(&self) -> &[[u8; 32]] {
        &self.signatures
    }
}

/// Trims spaces and tabs (only those: SPEC section 1) from both ends.
fn trim_spaces(s: &[u8]) -> &[u8] {
    let is_space = |b: &u8| *b == b' ' || *b == b'\t';
    let start = s.iter().position(|b| !is_space(b)).unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|b| !is_space(b))
        .map_or(start, |i| i + 1);
    s.get(start..end).unwrap_or_default()
}

fn parse_timestamp(text: &[u8]) -> Option<i64> {
    if text.is_empty() || text.len() > MAX_TIMESTAMP_DIGITS || !text.iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    text.iter().try_fold(0i64, |acc, b| {
        acc.checked_mul(10)?.checked_add(i64::from(b - b'0'))
    })
}

/// Hex digit values, `0xff` for every other byte: a table, so decoding does not branch on the
/// (random) digits of a signature.
// Indexing is evaluated at compile time here: an out-of-range index fails the build, never a run.
#[allow(clippy::indexing_slicing)]
const HEX_VALUES: [u8; 256] = {
    let mut table = [0xffu8; 256];
    let mut i = 0u8;
    while i < 10 {
        table[(b'0' + i) as usize] = i;
        i += 1;
    }
    let mut i = 0u8;
    while i < 6 {
        table[(b'a' + i) as usize] = 10 + i;
        table[(b'A' + i) as usize] = 10 + i;
        i += 1;
    }
    table
};

/// Decodes exactly 64 hex digits (any case) into 32 bytes.
fn decode_hex32(text: &[u8]) -> Option<[u8; 32]> {
    if text.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    let mut invalid = 0u8;
    for (byte, pair) in out.iter_mut().zip(text.chunks_exact(2)) {
        let nibble = |i: usize| {
            pair.get(i)
                .and_then(|&c| HEX_VALUES.get(usize::from(c)))
                .copied()
                .unwrap_or(0xff)
        };
        let (hi, lo) = (nibble(0), nibble(1));
        invalid |= hi | lo;
        *byte = (hi << 4) | (lo & 0x0f);
    }
    // Valid nibbles are below 16; any 0xff leaves high bits set.
    (invalid < 16).then_some(out)
}

/// Prefixes of secrets: a header value is cut before any of them in error messages.
const SECRET_PREFIXES: [&str; 3] = ["whsec_", "sk_live_", "sk_test_"];

/// The first characters of a header, for error messages (never the whole value). A header
/// that holds a secret (a caller who swapped the header and secret arguments) is cut at the
/// secret's prefix, so the message shows `whsec_…` and no secret characters.
pub(super) fn preview(header: &str) -> String {
    let secret_at = SECRET_PREFIXES
        .iter()
        .filter_map(|p| header.find(p).map(|i| i + p.len()))
        .min();
    let shown = secret_at
        .and_then(|end| header.get(..end))
        .unwrap_or(header);
    let mut out: String = shown
        .chars()
        .take(HEADER_PREVIEW_CHARS)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if shown.len() < header.len() || shown.chars().nth(HEADER_PREVIEW_CHARS).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preview_truncates_on_char_boundaries() {
        let long = "é".repeat(100);
        let p = preview(&long);
        assert_eq!(p.chars().count(), HEADER_PREVIEW_CHARS + 1);
        assert!(p.ends_with('…'));
        assert_eq!(preview("t=1"), "t=1");
    }

    #[test]
    fn preview_cuts_at_a_secret_prefix() {
        assert_eq!(preview("whsec_MfKQ9r8GKYqrTwjUPD8ILPZ"), "whsec_…");
        assert_eq!(preview("t=1,v1=sk_live_abcdef"), "t=1,v1=sk_live_…");
        assert_eq!(preview("sk_test_abc,whsec_x"), "sk_test_…");
        assert_eq!(preview("t=1,v1=whsec_"), "t=1,v1=whsec_");
    }

    #[test]
    fn timestamp_digits() {
        assert_eq!(parse_timestamp(b"999999999999"), Some(999_999_999_999));
        assert_eq!(parse_timestamp(b"1000000000000"), None);
        assert_eq!(parse_timestamp(b"-1"), None);
        assert_eq!(parse_timestamp("１".as_bytes()), None);
        assert_eq!(parse_timestamp(b""), None);
    }

    fn reference_parse(value: &str) -> Result<(String, i64, Vec<[u8; 32]>), WebhookError> {
        let trim = |s: &str| s.trim_matches(|c| c == ' ' || c == '\t').to_owned();
        let trimmed = trim(value);
        if trimmed.is_empty() {
            return Err(WebhookError::MissingSignatureHeader);
        }
        let malformed = |reason| WebhookError::MalformedSignatureHeader {
            reason,
            header: preview(value),
        };
        if value.len() > MAX_HEADER_LEN {
            return Err(malformed(MalformedReason::TooLong));
        }
        let mut timestamp: Option<(String, i64)> = None;
        let mut signatures = Vec::new();
        for item in trimmed.split(',') {
            let item = trim(item);
            let (key, val) = item
                .split_once('=')
                .ok_or(malformed(MalformedReason::InvalidItem))?;
            match key {
                "t" => {
                    if timestamp.is_some() {
                        return Err(malformed(MalformedReason::DuplicateTimestamp));
                    }
                    let ok = !val.is_empty()
                        && val.len() <= MAX_TIMESTAMP_DIGITS
                        && val.bytes().all(|b| b.is_ascii_digit());
                    let t: i64 = match ok {
                        true => val.parse().unwrap(),
                        false => return Err(malformed(MalformedReason::InvalidTimestamp)),
                    };
                    timestamp = Some((val.to_owned(), t));
                }
                "v1" => {
                    if signatures.len() == MAX_SIGNATURES {
                        return Err(malformed(MalformedReason::TooLong));
                    }
                    let mut sig = [0u8; 32];
                    if val.len() != 64 || hex::decode_to_slice(val, &mut sig).is_err() {
                        return Err(malformed(MalformedReason::InvalidSignature));
                    }
                    signatures.push(sig);
                }
                "" => return Err(malformed(MalformedReason::InvalidItem)),
                _ => {}
            }
        }
        let (text, t) = timestamp.ok_or(malformed(MalformedReason::MissingTimestamp))?;
        if signatures.is_empty() {
            return Err(malformed(MalformedReason::MissingSignature));
        }
        Ok((text, t, signatures))
    }

    fn item() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            Just("t=1776244442".to_owned()),
            "[ \t]{0,2}t[ \t]{0,2}=[0-9+ \t.-]{0,14}",
            "v1=[0-9a-fA-FgG \t]{62,66}",
            "v1=[0-9a-f]{64}",
            "[ \t]{0,2}v1=[0-9A-F]{64}[ \t]{0,2}",
            "v[0-9]=.{0,10}",
            "[=, \t\u{e9}tv1]{0,5}",
            ".{0,5}",
        ]
    }

    proptest::proptest! {
        #[test]
        fn byte_level_parse_matches_the_reference(
            items in proptest::collection::vec(item(), 0..20),
            sep in proptest::prop_oneof![
                proptest::strategy::Just(","),
                proptest::strategy::Just(", "),
                proptest::strategy::Just("\t,"),
            ],
        ) {
            let header = items.join(sep);
            let fast = SignatureHeader::parse(&header)
                .map(|h| (h.timestamp_text.to_owned(), h.timestamp, h.signatures));
            proptest::prop_assert_eq!(fast, reference_parse(&header));
        }

        #[test]
        fn canonical_headers_and_their_mutations_match_the_reference(
            t in "[0-9]{0,13}",
            sigs in proptest::collection::vec("[0-9a-fA-F]{64}", 0..18),
            flip in proptest::option::of((proptest::prelude::any::<proptest::sample::Index>(), 0x20u8..0x7f)),
            suffix in "|[ \t,=vt1a-f0-9]{1,5}",
        ) {
            let mut header = format!("t={t}");
            for sig in &sigs {
                header.push_str(",v1=");
                header.push_str(sig);
            }
            header.push_str(&suffix);
            if let Some((pos, byte)) = flip {
                let mut bytes = header.into_bytes();
                let i = pos.index(bytes.len());
                bytes[i] = byte;
                header = String::from_utf8(bytes).unwrap();
            }
            let fast = SignatureHeader::parse(&header)
                .map(|h| (h.timestamp_text.to_owned(), h.timestamp, h.signatures));
            proptest::prop_assert_eq!(fast, reference_parse(&header));
        }

        #[test]
        fn byte_level_parse_matches_the_reference_on_any_text(header in ".{0,200}") {
            let fast = SignatureHeader::parse(&header)
                .map(|h| (h.timestamp_text.to_owned(), h.timestamp, h.signatures));
            proptest::prop_assert_eq!(fast, reference_parse(&header));
        }
    }

    #[test]
    fn hex_table_decodes_every_byte_like_the_hex_crate() {
        for c in 0..=255u8 {
            let text = [c; 64];
            let mut expected = [0u8; 32];
            let ok = hex::decode_to_slice(text, &mut expected).is_ok();
            assert_eq!(decode_hex32(&text), ok.then_some(expected), "byte {c}");
        }
        assert_eq!(decode_hex32(&[b'0'; 63]), None);
        assert_eq!(decode_hex32(&[b'0'; 65]), None);
    }
}
