//! Parsing the `Kinetic-Signature` value: strict, byte-level on the hot path, bounded.

use super::{MalformedReason, WebhookError, MAX_HEADER_LEN, MAX_SIGNATURES, MAX_TIMESTAMP_DIGITS};
use crate::secret;
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
    /// `t` exactly as it appears in the header (ASCII digits): these are the signed bytes.
    pub(super) timestamp_text: &'a [u8],
    timestamp: i64,
    pub(super) signatures: Signatures,
}

/// The decoded `v1`s: senders write one (or two during a rotation), so the first is kept inline
/// and a list is only allocated for a second one (one allocation less on the verify hot path).
#[derive(Clone, PartialEq, Eq)]
pub(super) enum Signatures {
    One([u8; 32]),
    Many(Vec<[u8; 32]>),
}

impl std::fmt::Debug for Signatures {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl Signatures {
    fn push(slot: &mut Option<Signatures>, sig: [u8; 32]) {
        *slot = Some(match slot.take() {
            None => Signatures::One(sig),
            Some(Signatures::One(first)) => Signatures::Many(vec![first, sig]),
            Some(Signatures::Many(mut all)) => {
                all.push(sig);
                Signatures::Many(all)
            }
        });
    }

    fn len(slot: &Option<Signatures>) -> usize {
        slot.as_ref().map_or(0, |s| s.as_slice().len())
    }

    pub(super) fn as_slice(&self) -> &[[u8; 32]] {
        match self {
            Signatures::One(sig) => std::slice::from_ref(sig),
            Signatures::Many(all) => all,
        }
    }
}

impl<'a> SignatureHeader<'a> {
    /// Parses a header value strictly. Items are `key=value`, separated by
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
                header: preview(&lossy(start)),
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
        let mut timestamp: Option<(&[u8], i64)> = None;
        let mut signatures: Option<Signatures> = None;
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
                    timestamp = Some((val, t));
                }
                b"v1" => {
                    if Signatures::len(&signatures) == MAX_SIGNATURES {
                        return Err(malformed(MalformedReason::TooLong));
                    }
                    let sig = decode_hex32(val)
                        .ok_or_else(|| malformed(MalformedReason::InvalidSignature))?;
                    Signatures::push(&mut signatures, sig);
                }
                b"" => return Err(malformed(MalformedReason::InvalidItem)),
                _ => {} // other schemes (v0, v2, …) are ignored so new ones can be added
            }
        }
        let (timestamp_text, timestamp) =
            timestamp.ok_or_else(|| malformed(MalformedReason::MissingTimestamp))?;
        let signatures = signatures.ok_or_else(|| malformed(MalformedReason::MissingSignature))?;
        Ok(SignatureHeader {
            timestamp_text,
            timestamp,
            signatures,
        })
    }

    /// The exact form senders produce, `t=<digits>` then one or more `,v1=<64 hex digits>`, with
    /// no spaces or other items, in one pass; `None` for anything else, which the general parser
    /// then reads (and gives the same result for this form: a unit property checks it).
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn parse_canonical(value: &'a [u8]) -> Option<SignatureHeader<'a>> {
        let rest = value.strip_prefix(b"t=")?;
        // 1 to 12 digits, then the first `,`: twelve digits cannot overflow an `i64`.
        let mut digits = 0;
        let mut timestamp: i64 = 0;
        for &b in rest.iter().take(MAX_TIMESTAMP_DIGITS + 1) {
            match b {
                b'0'..=b'9' => {
                    timestamp = timestamp * 10 + i64::from(b - b'0');
                    digits += 1;
                }
                b',' => break,
                _ => return None,
            }
        }
        if digits == 0 || digits > MAX_TIMESTAMP_DIGITS {
            return None;
        }
        let (timestamp_text, mut rest) = (rest.get(..digits)?, rest.get(digits..)?);
        let mut signatures: Option<Signatures> = None;
        while !rest.is_empty() {
            if Signatures::len(&signatures) == MAX_SIGNATURES {
                return None;
            }
            let hex = rest.strip_prefix(b",v1=")?;
            Signatures::push(&mut signatures, decode_hex32(hex.get(..64)?)?);
            rest = hex.get(64..)?;
        }
        Some(SignatureHeader {
            timestamp_text,
            timestamp,
            signatures: signatures?,
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
        self.signatures.as_slice()
    }
}

/// Natively, the one-signature form of [`SignatureHeader::parse_canonical`] split without
/// decoding: `t=<1 to 12 digits>,v1=<64 bytes>` and nothing else, as (`t` text, `t`, the 64
/// bytes, still hex text). `None` for anything else. [`decode_hex32`] of the third is then what
/// `parse_canonical` decodes, and `None` when it would refuse the header (a unit property checks
/// both). For [`Verifier::verify_signature`](super::Verifier::verify_signature)'s success path,
/// which decodes after computing the MAC.
#[cfg(not(target_arch = "wasm32"))]
#[inline(always)]
pub(super) fn split_one_signature(value: &[u8]) -> Option<(&[u8], i64, &[u8])> {
    let rest = value.strip_prefix(b"t=")?;
    let mut digits = 0;
    let mut timestamp: i64 = 0;
    for &b in rest.iter().take(MAX_TIMESTAMP_DIGITS + 1) {
        match b {
            b'0'..=b'9' => {
                timestamp = timestamp * 10 + i64::from(b - b'0');
                digits += 1;
            }
            b',' => break,
            _ => return None,
        }
    }
    if digits == 0 || digits > MAX_TIMESTAMP_DIGITS {
        return None;
    }
    let (timestamp_text, rest) = (rest.get(..digits)?, rest.get(digits..)?);
    let hex = rest.strip_prefix(b",v1=")?;
    (hex.len() == 64).then_some((timestamp_text, timestamp, hex))
}

/// [`decode_hex32`], for the native success path of the verifier.
#[cfg(not(target_arch = "wasm32"))]
#[inline(always)]
pub(super) fn decode_signature(text: &[u8]) -> Option<[u8; 32]> {
    decode_hex32(text)
}

/// Trims spaces and tabs (only those, as the header grammar allows) from both ends.
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

/// Decodes exactly 64 hex digits (any case) into 32 bytes, eight digits at a time (SWAR on
/// `u64` words): no table and no branch on the digits, about a quarter of the instructions of a
/// per-digit decoder on the verify hot path (BENCHMARKS.md).
#[cfg_attr(not(target_arch = "wasm32"), inline(always))]
fn decode_hex32(text: &[u8]) -> Option<[u8; 32]> {
    if text.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    let mut bad = 0u64;
    for (bytes, digits) in out.chunks_exact_mut(4).zip(text.chunks_exact(8)) {
        let word = <[u8; 8]>::try_from(digits).ok()?;
        let (decoded, word_bad) = decode_hex8(u64::from_le_bytes(word));
        bad |= word_bad;
        bytes.copy_from_slice(&decoded.to_le_bytes());
    }
    (bad == 0).then_some(out)
}

/// Eight ASCII hex digits (the first in the low byte) to four bytes, and a word that is zero
/// exactly when all eight were hex digits. Per byte: `ge(x, n)` sets the byte's high bit when
/// it is `>= n` (exact for bytes below 0x80, where adding `0x80 - n` cannot carry into the next
/// byte; bytes with the high bit are refused on their own).
fn decode_hex8(v: u64) -> (u32, u64) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let ge = |x: u64, n: u64| x.wrapping_add(ONES * (0x80 - n)) & HIGH;
    let x = v & !HIGH;
    let digit = ge(x, 0x30) & !ge(x, 0x3a);
    let lower = x | (ONES * 0x20);
    let letter = ge(lower, 0x61) & !ge(lower, 0x67);
    let bad = (v & HIGH) | ((digit | letter) ^ HIGH);
    // A digit's value is its low nibble; a letter's (`A`-`F`, `a`-`f`) its low nibble plus 9.
    let nibbles = (x & (ONES * 0x0f)) + (letter >> 7) * 9;
    // Byte 2k of `pairs` is (nibble 2k << 4) | nibble 2k+1: keep the even bytes, packed.
    let pairs = ((nibbles << 4) | (nibbles >> 8)) & 0x00ff_00ff_00ff_00ff;
    let pairs = (pairs | (pairs >> 8)) & 0x0000_ffff_0000_ffff;
    ((pairs | (pairs >> 16)) as u32, bad)
}

/// `String::from_utf8_lossy(bytes)`, by `str::from_utf8` (which the parser links anyway) instead
/// of `Utf8Chunks` (0.8 KB of the webhooks-only wasm module): each invalid sequence, as
/// `Utf8Error::error_len` delimits it (the same maximal subparts), becomes one U+FFFD.
fn lossy(mut bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    loop {
        match std::str::from_utf8(bytes) {
            Ok(text) => {
                out.push_str(text);
                return out;
            }
            Err(e) => {
                let (valid, rest) = bytes.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                out.push(char::REPLACEMENT_CHARACTER);
                bytes = rest
                    .get(e.error_len().unwrap_or(rest.len())..)
                    .unwrap_or_default();
            }
        }
    }
}

/// The first characters of a header, for error messages (never the whole value). A header
/// that holds a secret (a caller who swapped the header and secret arguments) is cut at the
/// secret's prefix, so the message shows `whsec_…` and no secret characters.
pub(super) fn preview(header: &str) -> String {
    let secret_at = secret::PREFIXES
        .iter()
        .filter_map(|p| {
            crate::text::find_bytes(header.as_bytes(), p.as_bytes()).map(|i| i + p.len())
        })
        .min();
    let shown = secret_at
        .and_then(|end| header.get(..end))
        .unwrap_or(header);
    let mut out = String::with_capacity(HEADER_PREVIEW_CHARS + 3);
    let mut chars = shown.chars();
    for c in chars.by_ref().take(HEADER_PREVIEW_CHARS) {
        out.push(if c.is_control() { '?' } else { c });
    }
    if shown.len() < header.len() || chars.next().is_some() {
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

    proptest::proptest! {
        #[test]
        fn lossy_is_from_utf8_lossy(bytes in proptest::collection::vec(proptest::prop_oneof![
            proptest::prelude::any::<u8>(),
            proptest::sample::select(vec![0x80u8, 0xbf, 0xc2, 0xe0, 0xed, 0xf0, 0xf4, 0xf5, 0xa0, 0x9f, b'a']),
        ], 0..40)) {
            proptest::prop_assert_eq!(lossy(&bytes), String::from_utf8_lossy(&bytes));
        }
    }

    #[test]
    fn lossy_replaces_each_maximal_subpart() {
        for bytes in [
            &b"t=1\xe9"[..],
            b"\xf0\x9f\x98",
            b"\xed\xa0\x80x",
            b"a\xc0\xafb",
            b"\xf4\x90\x80\x80",
            b"",
            b"ok",
        ] {
            assert_eq!(lossy(bytes), String::from_utf8_lossy(bytes), "{bytes:?}");
        }
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
                .map(|h| {
                let text = String::from_utf8(h.timestamp_text.to_vec()).unwrap();
                (text, h.timestamp, h.signatures.as_slice().to_vec())
            });
            proptest::prop_assert_eq!(fast, reference_parse(&header));
        }

        #[test]
        fn canonical_headers_and_their_mutations_match_the_reference(
            t in "[0-9]{0,13}",
            sigs in proptest::collection::vec("[0-9a-fA-F]{64}", 0..18),
            flip in proptest::option::of((proptest::prelude::any::<proptest::sample::Index>(), 0x20u8..0x7f)),
            suffix in "|[ \t,=vt1a-f0-9]{1,5}",
        ) {
            let header = mutated_header(&t, &sigs, &suffix, flip);
            let fast = SignatureHeader::parse(&header)
                .map(|h| {
                let text = String::from_utf8(h.timestamp_text.to_vec()).unwrap();
                (text, h.timestamp, h.signatures.as_slice().to_vec())
            });
            proptest::prop_assert_eq!(fast, reference_parse(&header));
        }

        #[test]
        fn byte_level_parse_matches_the_reference_on_any_text(header in ".{0,200}") {
            let fast = SignatureHeader::parse(&header)
                .map(|h| {
                let text = String::from_utf8(h.timestamp_text.to_vec()).unwrap();
                (text, h.timestamp, h.signatures.as_slice().to_vec())
            });
            proptest::prop_assert_eq!(fast, reference_parse(&header));
        }
    }

    /// `t=<t>,v1=<sig>...<suffix>`, with one byte replaced when `flip` says where and by what.
    fn mutated_header(
        t: &str,
        sigs: &[String],
        suffix: &str,
        flip: Option<(proptest::sample::Index, u8)>,
    ) -> String {
        let mut header = format!("t={t}");
        for sig in sigs {
            header.push_str(",v1=");
            header.push_str(sig);
        }
        header.push_str(suffix);
        if let Some((pos, byte)) = flip {
            let mut bytes = header.into_bytes();
            let i = pos.index(bytes.len());
            bytes[i] = byte;
            header = String::from_utf8(bytes).unwrap();
        }
        header
    }

    /// The native split (then the decode) says what the canonical parse says, wherever it
    /// answers: same `t` text, `t` and signature; and it answers for every one-signature header
    /// that parses canonically.
    fn split_agrees_with_the_parse(header: &str) {
        let parsed = SignatureHeader::parse_canonical(header.as_bytes());
        match split_one_signature(header.as_bytes()) {
            Some((text, t, hex)) => {
                let ours = decode_signature(hex).map(|sig| (text.to_vec(), t, vec![sig]));
                let theirs = parsed.map(|h| {
                    (
                        h.timestamp_text.to_vec(),
                        h.timestamp,
                        h.signatures.as_slice().to_vec(),
                    )
                });
                assert_eq!(ours, theirs, "{header:?}");
            }
            None => assert!(
                parsed.map_or(true, |h| h.signatures.as_slice().len() != 1),
                "{header:?}"
            ),
        }
    }

    proptest::proptest! {
        #[test]
        fn native_split_agrees_with_the_canonical_parse(
            t in "[0-9]{0,13}",
            sigs in proptest::collection::vec("[0-9a-fA-F]{64}", 0..3),
            flip in proptest::option::of((proptest::prelude::any::<proptest::sample::Index>(), 0x20u8..0x7f)),
            suffix in "|[ \t,=vt1a-f0-9]{1,5}",
        ) {
            let header = mutated_header(&t, &sigs, &suffix, flip);
            split_agrees_with_the_parse(&header);
        }
    }

    fn agrees_with_the_hex_crate(text: &[u8]) {
        let mut expected = [0u8; 32];
        let ok = hex::decode_to_slice(text, &mut expected).is_ok();
        assert_eq!(decode_hex32(text), ok.then_some(expected), "{text:?}");
    }

    #[test]
    fn hex_decoder_decodes_every_byte_at_every_position_like_the_hex_crate() {
        for c in 0..=255u8 {
            agrees_with_the_hex_crate(&[c; 64]);
            for position in 0..64 {
                for fill in [b'0', b'f', b'A', b'9'] {
                    let mut text = [fill; 64];
                    text[position] = c;
                    agrees_with_the_hex_crate(&text);
                }
            }
        }
        agrees_with_the_hex_crate(
            b"0123456789abcdefABCDEF0123456789abcdefABCDEF0123456789abcdef0a1B",
        );
        assert_eq!(decode_hex32(&[b'0'; 63]), None);
        assert_eq!(decode_hex32(&[b'0'; 65]), None);
    }

    proptest::proptest! {
        #[test]
        fn hex_decoder_agrees_with_the_hex_crate(
            text in proptest::collection::vec(proptest::sample::select(
                b"0123456789abcdefABCDEFgG/:@`\x00\x7f\x80\xff".to_vec()), 64),
        ) {
            agrees_with_the_hex_crate(&text);
        }
    }
}
