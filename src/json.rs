//! Compact JSON text of a [`serde_json::Value`], written by hand: the one JSON writer of the
//! crate (request bodies, quoted keys in messages, canonical JSON for fingerprints, and the npm
//! package's JSON results).
//!
//! The text is byte for byte what `serde_json::to_string` and `Value::to_string` write (no
//! whitespace, keys in the map's order, strings escaped only where JSON requires: `"` `\` and
//! U+0000..U+001F, as `\"` `\\` `\n` `\r` `\t` `\b` `\f` or `\u00xx` in lowercase hex; numbers as
//! `serde_json::Number` displays them). Written out because `Value`'s `Display` links serde's
//! serializer twice (compact and pretty, for `{:#}`) and an `io::Write` adapter into the wasm
//! package (BENCHMARKS.md, issue 14, "full module").

use serde_json::Value;

/// `v` as compact JSON text, as `serde_json::to_string(v)` writes it.
pub fn to_text(v: &Value) -> String {
    let mut out = String::with_capacity(128);
    write_value(v, None, false, &mut out);
    out
}

/// Writes `v` as compact JSON. `skip` names a key of this object (not of nested ones) to leave
/// out; `sorted` orders every object's keys by their UTF-8 bytes (canonical JSON) instead of the
/// map's order.
pub(crate) fn write_value(v: &Value, skip: Option<&str>, sorted: bool, out: &mut String) {
    match v {
        Value::Object(m) => {
            out.push('{');
            let mut first = true;
            let mut entry = |k: &String, v: &Value, out: &mut String| {
                if Some(k.as_str()) == skip {
                    return;
                }
                if !std::mem::take(&mut first) {
                    out.push(',');
                }
                write_string(k, out);
                out.push(':');
                write_value(v, None, sorted, out);
            };
            if sorted {
                // `String`'s order is the order of the UTF-8 bytes.
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                for k in keys {
                    if let Some(v) = m.get(k.as_str()) {
                        entry(k, v, out);
                    }
                }
            } else {
                for (k, v) in m {
                    entry(k, v, out);
                }
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, v) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(v, None, sorted, out);
            }
            out.push(']');
        }
        Value::String(s) => write_string(s, out),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => out.push_str("null"),
    }
}

/// `s` as a JSON string literal, quotes included.
pub fn write_string(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        // Escapes are ASCII, so `run..i` and `i + 1..` are char boundaries.
        out.push_str(s.get(run..i).unwrap_or_default());
        run = i + 1;
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(*HEX.get(usize::from(b >> 4)).unwrap_or(&b'0')));
            out.push(char::from(*HEX.get(usize::from(b & 0xf)).unwrap_or(&b'0')));
        } else {
            out.push_str(escape);
        }
    }
    out.push_str(s.get(run..).unwrap_or_default());
    out.push('"');
}

/// The decimal digits of `n`, as `n.to_string()` writes them, without `core::fmt` (the webhook
/// messages and the webhooks-only wasm module's error objects write their numbers with it).
pub fn write_u64(mut n: u64, out: &mut String) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    while let Some(d) = i.checked_sub(1).and_then(|j| digits.get_mut(j)) {
        *d = b'0' + (n % 10) as u8;
        i -= 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in digits.get(i..).unwrap_or_default() {
        out.push(char::from(d));
    }
}

/// [`write_u64`] for a signed number: `-` then the magnitude, as `n.to_string()` writes it.
pub(crate) fn write_i64(n: i64, out: &mut String) {
    if n < 0 {
        out.push('-');
    }
    write_u64(n.unsigned_abs(), out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_are_written_as_to_string_writes_them() {
        for n in [
            0,
            1,
            9,
            10,
            99,
            100,
            1_776_244_442,
            i64::MAX,
            i64::MIN,
            -1,
            -10,
            -999_999_999_999,
        ] {
            let mut out = String::new();
            write_i64(n, &mut out);
            assert_eq!(out, n.to_string());
        }
        let mut out = String::from("x");
        write_u64(u64::MAX, &mut out);
        assert_eq!(out, format!("x{}", u64::MAX));
    }

    #[test]
    fn matches_serde_json() {
        let mut nasty = String::new();
        for c in (0u32..0x80).chain([0xe9, 0x2028, 0x1f600]) {
            nasty.extend(char::from_u32(c));
        }
        for v in [
            json!({"z": {"y": "\u{7f}\u{2028}", "x": "\u{1f}"}, "a": 12, "m": [1.5, -3, 1e300, 0.1]}),
            json!([
                null,
                true,
                false,
                "",
                {},
                [],
                18446744073709551615u64,
                -9223372036854775808i64
            ]),
            json!({ nasty.clone(): nasty }),
            json!(2.5e-308),
        ] {
            assert_eq!(to_text(&v), serde_json::to_string(&v).unwrap());
            assert_eq!(to_text(&v), v.to_string());
        }
    }

    #[test]
    fn sorted_and_skipped() {
        let v = json!({"b": 1, "a": [true, null, "x\"\\\n\u{1}é😀"], "k": {"d": 1, "c": 2}});
        let mut s = String::new();
        write_value(&v, Some("k"), true, &mut s);
        assert_eq!(s, "{\"a\":[true,null,\"x\\\"\\\\\\n\\u0001é😀\"],\"b\":1}");
        s.clear();
        write_value(&v, Some("b"), true, &mut s);
        assert!(s.ends_with("\"k\":{\"c\":2,\"d\":1}}"), "{s}");
    }
}
