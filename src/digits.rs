//! Numbers and bytes written as digits without `core::fmt`: integers in decimal (the webhook
//! messages and the webhooks-only wasm module's error objects, which link no formatting
//! machinery) and bytes in lowercase hex (signatures, idempotency keys, fingerprints, JSON
//! `\u00xx` escapes): the one hex writer of the crate.

/// The lowercase hex digit of `n` (0 to 15; larger values are taken modulo 16).
pub(crate) fn hex_digit(n: u8) -> char {
    let n = n & 15;
    char::from(n + if n < 10 { b'0' } else { b'a' - 10 })
}

/// `bytes` in lowercase hex, two digits a byte, as `hex::encode` writes them.
pub(crate) fn write_hex(bytes: &[u8], out: &mut String) {
    out.reserve(bytes.len() * 2);
    for &b in bytes {
        out.push(hex_digit(b >> 4));
        out.push(hex_digit(b));
    }
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

/// The decimal digits of `n` as a new `String` ([`write_u64`]): for messages put together
/// without `core::fmt` (`text::cat`).
pub fn num(n: u64) -> String {
    let mut out = String::new();
    write_u64(n, &mut out);
    out
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

    #[test]
    fn hex_is_what_the_hex_crate_writes() {
        let every: Vec<u8> = (0..=255).collect();
        let mut out = String::from("x");
        write_hex(&every, &mut out);
        assert_eq!(out, format!("x{}", hex::encode(&every)));
    }

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
        for n in [0, 7, 10, 99, 1_234_567_890, u64::MAX] {
            assert_eq!(num(n), n.to_string());
        }
    }
}
