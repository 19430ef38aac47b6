//! Reference implementations the fuzz targets compare the crate against. Written from the SPEC
//! and the README's stated choices, deliberately plain (no shared code with the crate).

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The header cap of the README (`webhook::MAX_HEADER_LEN`).
pub const MAX_HEADER_LEN: usize = 4096;
/// The `v1` cap of the README (`webhook::MAX_SIGNATURES`).
pub const MAX_SIGNATURES: usize = 16;

/// What a `Kinetic-Signature` value must parse to.
#[derive(Debug, PartialEq)]
pub enum HeaderRef<'a> {
    /// `missing_signature_header`
    Missing,
    /// `malformed_signature_header`
    Malformed,
    /// `t` as written, its value, and the decoded `v1` tags.
    Ok(&'a str, i64, Vec<[u8; 32]>),
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn hex_digit(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// SPEC section 1: comma-separated `key=value`, spaces/tabs around items, one `t` of 1-12
/// digits, 1-16 `v1` of exactly 64 hex digits, other keys ignored, empty items malformed.
pub fn parse_header(value: &str) -> HeaderRef<'_> {
    let trimmed = value.trim_matches(is_space);
    if trimmed.is_empty() {
        return HeaderRef::Missing;
    }
    if value.len() > MAX_HEADER_LEN {
        return HeaderRef::Malformed;
    }
    let mut t: Option<(&str, i64)> = None;
    let mut sigs = Vec::new();
    for item in trimmed.split(',') {
        let item = item.trim_matches(is_space);
        let Some(eq) = item.find('=') else {
            return HeaderRef::Malformed;
        };
        let (key, val) = (&item[..eq], &item[eq + 1..]);
        match key {
            "" => return HeaderRef::Malformed,
            "t" => {
                if t.is_some()
                    || val.is_empty()
                    || val.len() > 12
                    || !val.bytes().all(|b| b.is_ascii_digit())
                {
                    return HeaderRef::Malformed;
                }
                t = Some((val, val.parse::<i64>().unwrap()));
            }
            "v1" => {
                let bytes = val.as_bytes();
                if sigs.len() == MAX_SIGNATURES || bytes.len() != 64 {
                    return HeaderRef::Malformed;
                }
                let mut sig = [0u8; 32];
                for (i, out) in sig.iter_mut().enumerate() {
                    match (hex_digit(bytes[2 * i]), hex_digit(bytes[2 * i + 1])) {
                        (Some(hi), Some(lo)) => *out = hi << 4 | lo,
                        _ => return HeaderRef::Malformed,
                    }
                }
                sigs.push(sig);
            }
            _ => {}
        }
    }
    match t {
        Some((text, t)) if !sigs.is_empty() => HeaderRef::Ok(text, t, sigs),
        _ => HeaderRef::Malformed,
    }
}

/// HMAC-SHA256(secret, t_text + "." + body).
pub fn hmac(secret: &[u8], t_text: &str, body: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).unwrap();
    mac.update(t_text.as_bytes());
    mac.update(b".");
    mac.update(body);
    mac.finalize().into_bytes().into()
}

/// Index of the first secret the crate must refuse (`invalid_secret`), if any; `Some(0)` for
/// an empty list.
pub fn bad_secret<S: AsRef<str>>(secrets: &[S]) -> Option<usize> {
    if secrets.is_empty() {
        return Some(0);
    }
    secrets.iter().position(|s| {
        let s = s.as_ref();
        s.is_empty() || s.trim() != s || s.starts_with("sk_test_") || s.starts_with("sk_live_")
    })
}

/// An event is a JSON object with a string `id`, a string `type` and an object `data.object`.
pub fn is_event(body: &[u8]) -> bool {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(o)) => {
            o.get("id").is_some_and(|v| v.is_string())
                && o.get("type").is_some_and(|v| v.is_string())
                && o.get("data")
                    .and_then(|d| d.as_object())
                    .and_then(|d| d.get("object"))
                    .is_some_and(|v| v.is_object())
        }
        _ => false,
    }
}
