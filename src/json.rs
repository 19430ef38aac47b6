//! Compact JSON text of a [`serde_json::Value`], written by hand: the one JSON writer of the
//! crate (request bodies, quoted keys in messages, canonical JSON for fingerprints, and the npm
//! package's JSON results); and [`parse`], the one reader of JSON into a `Value` (params, API
//! error bodies, resources), on the scanner (`json::scan`).
//!
//! The text is byte for byte what `serde_json::to_string` and `Value::to_string` write (no
//! whitespace, keys in the map's order, strings escaped only where JSON requires: `"` `\` and
//! U+0000..U+001F, as `\"` `\\` `\n` `\r` `\t` `\b` `\f` or `\u00xx` in lowercase hex; numbers as
//! `serde_json::Number` displays them). Written out because `Value`'s `Display` links serde's
//! serializer twice (compact and pretty, for `{:#}`) and an `io::Write` adapter into the wasm
//! package (BENCHMARKS.md, issue 14, "full module").

use serde_json::{Map, Number, Value};

use crate::digits::hex_digit;

mod scan;

pub(crate) use scan::{Reader, Refusal, DEPTH, NULL, OBJECT, STRING};

/// `bytes` as a `Value`, exactly as `serde_json::from_slice::<Value>` reads them, or `None`
/// where it fails: the same acceptance (the scanner's, held to serde_json's by the property tests
/// of `event`), the same numbers (`u64`, negative `i64`, else `f64` by serde_json's
/// non-`float_roundtrip` conversion), the last of duplicate keys. Written out because serde's
/// deserializer and serde_json's parser were 10 KB of the wasm package (BENCHMARKS.md, issue 14,
/// "full module").
pub fn parse(bytes: &[u8]) -> Option<Value> {
    let mut r = Reader { b: bytes, i: 0 };
    let v = value(&mut r, DEPTH)?;
    r.end().ok()?;
    Some(v)
}

/// One value (whitespace first). `depth`: as the scanner counts it (127 containers at most).
fn value(r: &mut Reader<'_>, depth: u8) -> Option<Value> {
    r.space();
    let c = r.peek()?;
    let word = |r: &mut Reader<'_>, w: &[u8], v: Value| {
        let end = r.i + w.len();
        (r.b.get(r.i..end) == Some(w)).then(|| {
            r.i = end;
            v
        })
    };
    match c {
        b'n' => word(r, b"null", Value::Null),
        b't' => word(r, b"true", Value::Bool(true)),
        b'f' => word(r, b"false", Value::Bool(false)),
        b'"' => string(r).map(Value::String),
        b'[' | b'{' => {
            let depth = depth.saturating_sub(1);
            if depth == 0 {
                return None;
            }
            r.i += 1;
            r.space();
            let close = if c == b'[' { b']' } else { b'}' };
            let mut items = Vec::new();
            let mut map = Map::new();
            if r.peek() == Some(close) {
                r.i += 1;
            } else {
                loop {
                    if c == b'[' {
                        items.push(value(r, depth)?);
                    } else {
                        r.space();
                        if r.peek() != Some(b'"') {
                            return None;
                        }
                        let key = string(r)?;
                        r.colon().ok()?;
                        // The last of duplicate keys wins, as in serde_json's `Value`.
                        map.insert(key, value(r, depth)?);
                    }
                    r.space();
                    // After a `,`, a closing bracket fails as the next value or key would.
                    match r.peek()? {
                        b',' => r.i += 1,
                        b if b == close => {
                            r.i += 1;
                            break;
                        }
                        _ => return None,
                    }
                }
            }
            Some(if c == b'[' {
                Value::Array(items)
            } else {
                Value::Object(map)
            })
        }
        _ => {
            let start = r.i;
            r.number().ok()?;
            number(r.b.get(start..r.i)?).map(Value::Number)
        }
    }
}

/// A string (at its `"`), decoded.
fn string(r: &mut Reader<'_>) -> Option<String> {
    r.i += 1;
    let mut out = Vec::new();
    r.string(Some(&mut out)).ok()?;
    String::from_utf8(out).ok()
}

/// The value of a number the scanner accepted, as serde_json computes it (`de.rs`,
/// `parse_integer` and what it calls): digits gather into a `u64` significand until the next one
/// would overflow it; then integer digits only raise the exponent and fraction digits are
/// dropped.
fn number(text: &[u8]) -> Option<Number> {
    let negative = text.first() == Some(&b'-');
    let mut i = usize::from(negative);
    let digit = |i: usize| match text.get(i) {
        Some(c @ b'0'..=b'9') => Some(c - b'0'),
        _ => None,
    };
    let mut significand: u64 = 0;
    let mut exponent: i32 = 0;
    // Integer digits past a full significand raise the exponent; fraction digits past one are
    // dropped.
    let mut full = false;
    let mut float = false;
    let mut fraction = false;
    loop {
        if let Some(d) = digit(i) {
            i += 1;
            match significand
                .checked_mul(10)
                .map(|s| s.checked_add(u64::from(d)))
            {
                Some(Some(s)) if !full => {
                    significand = s;
                    if fraction {
                        exponent = exponent.wrapping_sub(1);
                    }
                }
                _ if fraction => full = true,
                _ => {
                    full = true;
                    float = true;
                    exponent = exponent.wrapping_add(1);
                }
            }
        } else if text.get(i) == Some(&b'.') {
            i += 1;
            fraction = true;
            float = true;
            full = false;
        } else {
            break;
        }
    }
    if let Some(b'e' | b'E') = text.get(i) {
        float = true;
        i += 1;
        let positive = text.get(i) != Some(&b'-');
        if let Some(b'+' | b'-') = text.get(i) {
            i += 1;
        }
        let mut exp: i32 = 0;
        while let Some(d) = digit(i) {
            i += 1;
            match exp
                .checked_mul(10)
                .and_then(|e| e.checked_add(i32::from(d)))
            {
                Some(e) => exp = e,
                // An exponent beyond `i32`: zero, unless the number is infinite (refused).
                None if significand == 0 || !positive => {
                    return Number::from_f64(if negative { -0.0 } else { 0.0 })
                }
                None => return None,
            }
        }
        exponent = if positive {
            exponent.saturating_add(exp)
        } else {
            exponent.saturating_sub(exp)
        };
    }
    if !float {
        if !negative {
            return Some(Number::from(significand));
        }
        let neg = (significand as i64).wrapping_neg();
        // `-0` and what `i64` cannot hold are floats, as in serde_json.
        if neg < 0 {
            return Some(Number::from(neg));
        }
        return Number::from_f64(-(significand as f64));
    }
    let f = f64_from_parts(significand, exponent)?;
    Number::from_f64(if negative { -f } else { f })
}

/// serde_json's `f64_from_parts` without `float_roundtrip`: the significand times or divided by
/// one correctly rounded power of ten (dividing by 10^308 first while the power is beyond it).
fn f64_from_parts(significand: u64, mut exponent: i32) -> Option<f64> {
    let mut f = significand as f64;
    loop {
        let k = exponent.unsigned_abs();
        if k <= 308 {
            if exponent >= 0 {
                f *= pow10(k);
                return f.is_finite().then_some(f);
            }
            return Some(f / pow10(k));
        }
        if f == 0.0 {
            return Some(f);
        }
        if exponent >= 0 {
            return None;
        }
        f /= 1e308;
        exponent += 308;
    }
}

/// `10^k` rounded to the nearest `f64` (ties to even), as the literal `1e{k}` is, for `k <= 308`:
/// `5^k` in 32-bit limbs, its top 64 bits rounded by the `u64` conversion (a sticky bit for the
/// rest), times `2^(k + dropped bits)`. No table of 309 floats in the package.
fn pow10(k: u32) -> f64 {
    // 5^308 < 2^716: 23 limbs, least significant first.
    let mut limbs = [0u32; 23];
    if let Some(lowest) = limbs.first_mut() {
        *lowest = 1;
    }
    let mut len = 1;
    for _ in 0..k {
        let mut carry = 0u64;
        for limb in limbs.iter_mut().take(len) {
            let v = u64::from(*limb) * 5 + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry != 0 {
            if let Some(limb) = limbs.get_mut(len) {
                *limb = carry as u32;
                len += 1;
            }
        }
    }
    let used = limbs.get(..len).unwrap_or_default();
    let bits = 32 * len as u32 - used.last().map_or(32, |top| top.leading_zeros());
    let drop = bits.saturating_sub(64);
    // The bits from `drop` upward (at most 64), and whether any bit below `drop` is set.
    let mut top = 0u64;
    let mut sticky = false;
    for (i, &limb) in used.iter().enumerate() {
        let at = 32 * i as u32;
        if at + 32 <= drop {
            sticky |= limb != 0;
        } else if at < drop {
            sticky |= limb & ((1u32 << (drop - at)) - 1) != 0;
            top |= u64::from(limb >> (drop - at));
        } else {
            top |= u64::from(limb) << (at - drop);
        }
    }
    // A set sticky bit in the lowest place turns a tie of the conversion into "above".
    let m = (top | u64::from(sticky)) as f64;
    m * f64::from_bits(u64::from(1023 + k + drop) << 52)
}

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
                // Unstable is the same order: the keys of a map are distinct.
                keys.sort_unstable();
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
            out.push(hex_digit(b >> 4));
            out.push(hex_digit(b));
        } else {
            out.push_str(escape);
        }
    }
    out.push_str(s.get(run..).unwrap_or_default());
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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

    /// `parse` against `serde_json::from_slice::<Value>`: the same value (floats by their bits,
    /// so `-0.0` and the last place count), or both failing.
    fn agrees(bytes: &[u8]) {
        let ours = parse(bytes);
        let theirs = serde_json::from_slice::<Value>(bytes).ok();
        assert_eq!(ours, theirs, "{:?}", String::from_utf8_lossy(bytes));
        if let Some(v) = &ours {
            // `Value`'s `==` compares floats with `==`: compare the text too (it shows `-0.0`).
            assert_eq!(to_text(v), to_text(theirs.as_ref().unwrap()));
        }
    }

    #[test]
    fn powers_of_ten_are_the_literals() {
        for k in 0..=308u32 {
            let literal: f64 = format!("1e{k}").parse().unwrap();
            assert_eq!(pow10(k).to_bits(), literal.to_bits(), "10^{k}");
        }
    }

    #[test]
    fn parse_matches_serde_json() {
        let long = "9".repeat(400);
        let cases: Vec<String> = [
            "null",
            "true",
            "false",
            "nul",
            "tru",
            "0",
            "-0",
            "-0.0",
            "00",
            "01",
            "1.",
            ".5",
            "-",
            "1e",
            "1e+",
            "1E-2",
            "2.5",
            "1e400",
            "-1e400",
            "1e-400",
            "4.9e-324",
            "2e-324",
            "1.7976931348623157e308",
            "1.7976931348623159e308",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "184467440737095516150",
            "18446744073709551616.0",
            "1844674407370955161.60",
            "0.1",
            "0.30000000000000004",
            "123456789012345678901234567890e-30",
            "1e2147483647",
            "1e2147483648",
            "0e99999999999",
            "1e-99999999999",
            "-1e-99999999999",
            "0.000000000000000000000000000001e-300",
            "9007199254740993",
            "1.00000000000000011102230246251565404236316680908203125",
            "12.34e5",
            "1e+308",
            "10e307",
            "100e306",
            "0.1e310",
            "123456789e300",
            r#""""#,
            r#""\u00e9\ud83d\ude00\n""#,
            r#""\ud800""#,
            r#""\udc00x""#,
            "\"\u{1}\"",
            r#""a\q""#,
            r#""é""#,
            "[]",
            "{}",
            "[1,]",
            "{\"a\":1,}",
            "[,1]",
            "{,}",
            "[1 2]",
            r#"{"a":1,"a":2}"#,
            r#"{"b":[1,{"c":null}],"a":"x"}"#,
            r#"{"a" : 1 , "b":[ ] }"#,
            r#"{1:2}"#,
            r#"{"a"}"#,
            r#"{"a":}"#,
            " \t\r\n 5 \n",
            "5 5",
            "[1]x",
            "\u{feff}1",
        ]
        .iter()
        .map(|s| s.to_string())
        .chain([
            long.clone(),
            format!("{long}.5"),
            format!("0.{long}"),
            format!("1.{long}e-5"),
            format!("{long}e-400"),
            format!("-{long}e10"),
            format!("{}{}", "[".repeat(127), "]".repeat(127)),
            format!("{}{}", "[".repeat(128), "]".repeat(128)),
            format!("{}1{}", "{\"a\":[".repeat(63), "]}".repeat(63)),
            format!("{}1{}", "{\"a\":[".repeat(64), "]}".repeat(64)),
        ])
        .collect();
        for case in &cases {
            agrees(case.as_bytes());
        }
        agrees(b"\"\xff\"");
        agrees(b"\"\xed\xa0\x80\"");
        agrees(b"");
    }

    fn json_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just("null".to_owned()),
            Just("true".to_owned()),
            "-?(0|[1-9][0-9]{0,22})(\\.[0-9]{1,22})?([eE][-+]?[0-9]{1,4})?",
            r#""([a-zé😀 ]|\\[nu"\\]|\\u[0-9a-fA-F]{4}){0,6}""#,
        ];
        leaf.prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4)
                    .prop_map(|v| format!("[{}]", v.join(","))),
                proptest::collection::vec(("[a-c]{1,2}", inner), 0..4).prop_map(|v| {
                    let items: Vec<String> =
                        v.iter().map(|(k, v)| format!("\"{k}\" : {v}")).collect();
                    format!("{{ {} }}", items.join(","))
                }),
            ]
        })
    }

    proptest::proptest! {
        #[test]
        fn parse_agrees_with_serde_json(
            text in json_text(),
            cut in proptest::option::of(0usize..200),
            flip in proptest::option::of((0usize..200, proptest::sample::select(b"{}[],:\"\\ 0e.-x".to_vec()))),
        ) {
            let mut bytes = text.into_bytes();
            if let Some(n) = cut {
                bytes.truncate(n);
            }
            if let Some((at, b)) = flip {
                if let Some(slot) = bytes.get_mut(at) {
                    *slot = b;
                }
            }
            agrees(&bytes);
        }

        #[test]
        fn numbers_agree_with_serde_json(
            sig in "-?[0-9]{1,30}",
            frac in proptest::option::of("[0-9]{1,30}"),
            exp in proptest::option::of(-400i32..400),
        ) {
            let mut text = sig;
            if let Some(f) = frac {
                text = format!("{text}.{f}");
            }
            if let Some(e) = exp {
                text = format!("{text}e{e}");
            }
            agrees(text.as_bytes());
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
