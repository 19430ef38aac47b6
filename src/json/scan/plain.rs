//! The string scan's inner loop: skipping the bytes of a string that need no attention, several
//! at a time (most of a webhook body is string contents).

use super::Reader;

impl Reader<'_> {
    /// Skips string bytes that need no attention (not `"`, `\\` or a control character), eight
    /// at a time while it can: most of a webhook body is string contents. Returns the OR of the
    /// bytes skipped (whether any had the high bit: only then is UTF-8 checked).
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub(super) fn skip_plain(&mut self) -> u64 {
        const ONES: u64 = 0x0101_0101_0101_0101;
        const HIGH: u64 = 0x8080_8080_8080_8080;
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        let mut seen = self.skip_plain_16();
        #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
        let mut seen = 0u64;
        let rest = self.b.get(self.i..).unwrap_or_default();
        let mut skipped = 0;
        for word in rest.chunks_exact(8) {
            let Ok(word) = <[u8; 8]>::try_from(word) else {
                break;
            };
            let v = u64::from_le_bytes(word);
            // `(x - ONES * n) & !x & HIGH` flags the bytes of `x` below `n` (n <= 0x80): a
            // control character, or a zero after `^` with `"` or `\\`. The lowest flag is exact
            // (a borrow only runs upward from a flagged byte), so it is where the special byte
            // is: the bytes before it are skipped, in the same word.
            let quote = v ^ (ONES * u64::from(b'"'));
            let backslash = v ^ (ONES * u64::from(b'\\'));
            let special = ((v.wrapping_sub(ONES * 0x20) & !v)
                | (quote.wrapping_sub(ONES) & !quote)
                | (backslash.wrapping_sub(ONES) & !backslash))
                & HIGH;
            if special != 0 {
                let plain = special.trailing_zeros() / 8; // 0 to 7
                seen |= v & ((1u64 << (8 * plain)) - 1);
                self.i += skipped + plain as usize;
                return seen;
            }
            seen |= v;
            skipped += 8;
        }
        self.i += skipped;
        while let Some(c) = self.peek() {
            if c == b'"' || c == b'\\' || c < 0x20 {
                break;
            }
            seen |= u64::from(c);
            self.i += 1;
        }
        seen
    }

    /// Skips whole 16-byte steps of plain string bytes, where the engine has WebAssembly SIMD
    /// (the npm modules: every runtime the package claims has it); the step with a byte that
    /// needs attention is left to the 8-byte loop, which finds where it is. Returns `0x80` if a
    /// skipped byte had the high bit, else 0.
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    fn skip_plain_16(&mut self) -> u64 {
        use core::arch::wasm32::{u64x2, u8x16_bitmask, u8x16_eq, u8x16_lt, u8x16_splat, v128_or};
        let rest = self.b.get(self.i..).unwrap_or_default();
        let mut high = 0u16;
        let mut skipped = 0;
        for chunk in rest.chunks_exact(16) {
            let Some((lo, hi)) = chunk.split_first_chunk::<8>() else {
                break;
            };
            let Some(hi) = hi.first_chunk::<8>() else {
                break;
            };
            let v = u64x2(u64::from_le_bytes(*lo), u64::from_le_bytes(*hi));
            let special = v128_or(
                v128_or(
                    u8x16_eq(v, u8x16_splat(b'"')),
                    u8x16_eq(v, u8x16_splat(b'\\')),
                ),
                u8x16_lt(v, u8x16_splat(0x20)),
            );
            if u8x16_bitmask(special) != 0 {
                break;
            }
            high |= u8x16_bitmask(v);
            skipped += 16;
        }
        self.i += skipped;
        if high != 0 {
            0x80
        } else {
            0
        }
    }
}
