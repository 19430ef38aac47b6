//! SHA-256 and HMAC-SHA256, the one door the crate hashes through.
//!
//! Natively they are RustCrypto's `sha2` and `hmac` (with the CPU's SHA extensions where it has
//! them). In wasm they are [`soft`], written here: `sha2`'s portable SHA-256 unrolls all 64
//! rounds (7.9 KB of wasm), and its compact one keeps the message schedule and the constants in
//! memory (48% slower at 16 KiB in V8, below hash-wasm). [`soft`] unrolls 16 rounds over a
//! 16-word schedule kept in locals: about 1.5 KB, as fast as the unrolled one (BENCHMARKS.md).
//! Both are checked against each other by the unit tests below.

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use hmac::Mac;
    use sha2::Digest;

    /// SHA-256 (`sha2`).
    #[derive(Clone, Default)]
    pub struct Sha256(sha2::Sha256);

    impl Sha256 {
        /// Absorbs `data`.
        #[inline]
        pub fn update(&mut self, data: &[u8]) {
            self.0.update(data);
        }

        /// The 32-byte digest (or MAC).
        pub fn finalize(self) -> [u8; 32] {
            self.0.finalize().into()
        }
    }

    /// HMAC-SHA256 (`hmac`), keyed.
    #[derive(Clone)]
    pub struct Hmac(hmac::Hmac<sha2::Sha256>);

    impl Hmac {
        /// `None` if the `hmac` crate refuses the key (it refuses none today: long keys are hashed).
        pub fn new(key: &[u8]) -> Option<Hmac> {
            hmac::Hmac::new_from_slice(key).ok().map(Hmac)
        }

        /// Absorbs `data`.
        #[inline]
        pub fn update(&mut self, data: &[u8]) {
            self.0.update(data);
        }

        /// The 32-byte digest (or MAC).
        #[inline]
        pub fn finalize(self) -> [u8; 32] {
            self.0.finalize().into_bytes().into()
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    pub use super::soft::{Hmac, Sha256};
}

pub use imp::{Hmac, Sha256};

/// HMAC's key block (RFC 2104): `key`, hashed first if longer than a block, zero-padded to one
/// block. XOR `0x36` it is the inner pad, XOR `0x5c` the outer.
pub fn hmac_key_block(key: &[u8]) -> [u8; 64] {
    let mut block = [0u8; 64];
    let hashed;
    let key = if key.len() > block.len() {
        hashed = digest(key);
        hashed.as_slice()
    } else {
        key
    };
    for (d, s) in block.iter_mut().zip(key) {
        *d = *s;
    }
    block
}

/// SHA-256 of `data`.
pub fn digest(data: &[u8]) -> [u8; 32] {
    let mut h = Sha256::default();
    h.update(data);
    h.finalize()
}

/// The wasm implementation (compiled natively too, for its tests).
#[cfg_attr(not(any(target_arch = "wasm32", test)), allow(dead_code))]
pub(crate) mod soft {
    const BLOCK: usize = 64;

    const H0: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];

    /// The round constants, 16 per pass of [`compress`]'s loop.
    const K: [[u32; 16]; 4] = [
        [
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
            0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
            0x9bdc06a7, 0xc19bf174,
        ],
        [
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc,
            0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
            0x06ca6351, 0x14292967,
        ],
        [
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e,
            0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624,
            0xf40e3585, 0x106aa070,
        ],
        [
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
            0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb,
            0xbef9a3f7, 0xc67178f2,
        ],
    ];

    /// One block into `state` (FIPS 180-4, 6.2.2). The schedule is a 16-word ring updated in
    /// place before each pass after the first: `w[i]` becomes W[t] from W[t-16] (itself),
    /// W[t-15] (`w[i+1]`), W[t-7] (`w[i+9]`) and W[t-2] (`w[i+14]`), indices mod 16.
    #[inline(never)]
    fn compress(state: &mut [u32; 8], block: &[u8; BLOCK]) {
        // Constant indices only (no slices, no calls), so `w` stays in locals at opt-level "s".
        let mut w = [0u32; 16];
        macro_rules! load {
            ($($i:literal)*) => {$(
                w[$i] = u32::from_be_bytes([
                    block[4 * $i],
                    block[4 * $i + 1],
                    block[4 * $i + 2],
                    block[4 * $i + 3],
                ]);
            )*};
        }
        load!(0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15);
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
        macro_rules! schedule {
            ($($i:literal)*) => {$(
                let w15 = w[($i + 1) % 16];
                let w2 = w[($i + 14) % 16];
                let s0 = w15.rotate_right(7) ^ w15.rotate_right(18) ^ (w15 >> 3);
                let s1 = w2.rotate_right(17) ^ w2.rotate_right(19) ^ (w2 >> 10);
                w[$i] = w[$i]
                    .wrapping_add(s0)
                    .wrapping_add(w[($i + 9) % 16])
                    .wrapping_add(s1);
            )*};
        }
        macro_rules! round {
            ($k:ident, $a:ident $b:ident $c:ident $d:ident $e:ident $f:ident $g:ident $h:ident, $i:literal) => {
                let t1 = $h
                    .wrapping_add($e.rotate_right(6) ^ $e.rotate_right(11) ^ $e.rotate_right(25))
                    .wrapping_add($g ^ ($e & ($f ^ $g))) // Ch, one operation fewer
                    .wrapping_add($k[$i])
                    .wrapping_add(w[$i]);
                let t2 = ($a.rotate_right(2) ^ $a.rotate_right(13) ^ $a.rotate_right(22))
                    .wrapping_add(($a & $b) | ($c & ($a | $b))); // Maj, likewise
                $d = $d.wrapping_add(t1);
                $h = t1.wrapping_add(t2);
            };
        }
        for (pass, k) in K.iter().enumerate() {
            if pass > 0 {
                schedule!(0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15);
            }
            round!(k, a b c d e f g h, 0);
            round!(k, h a b c d e f g, 1);
            round!(k, g h a b c d e f, 2);
            round!(k, f g h a b c d e, 3);
            round!(k, e f g h a b c d, 4);
            round!(k, d e f g h a b c, 5);
            round!(k, c d e f g h a b, 6);
            round!(k, b c d e f g h a, 7);
            round!(k, a b c d e f g h, 8);
            round!(k, h a b c d e f g, 9);
            round!(k, g h a b c d e f, 10);
            round!(k, f g h a b c d e, 11);
            round!(k, e f g h a b c d, 12);
            round!(k, d e f g h a b c, 13);
            round!(k, c d e f g h a b, 14);
            round!(k, b c d e f g h a, 15);
        }
        let [s0, s1, s2, s3, s4, s5, s6, s7] = *state;
        *state = [
            s0.wrapping_add(a),
            s1.wrapping_add(b),
            s2.wrapping_add(c),
            s3.wrapping_add(d),
            s4.wrapping_add(e),
            s5.wrapping_add(f),
            s6.wrapping_add(g),
            s7.wrapping_add(h),
        ];
    }

    /// SHA-256, streaming.
    #[derive(Clone)]
    pub struct Sha256 {
        state: [u32; 8],
        /// The bytes of an incomplete block, `pending` of them.
        buf: [u8; BLOCK],
        pending: usize,
        /// Whole blocks compressed so far.
        blocks: u64,
    }

    impl Default for Sha256 {
        fn default() -> Sha256 {
            Sha256 {
                state: H0,
                buf: [0; BLOCK],
                pending: 0,
                blocks: 0,
            }
        }
    }

    impl Sha256 {
        /// Absorbs `data`.
        pub fn update(&mut self, mut data: &[u8]) {
            if self.pending > 0 {
                let free = self.buf.get_mut(self.pending..).unwrap_or_default();
                let n = free.len().min(data.len());
                let (head, rest) = data.split_at_checked(n).unwrap_or((data, &[]));
                for (d, s) in free.iter_mut().zip(head) {
                    *d = *s;
                }
                self.pending += n;
                data = rest;
                if self.pending < BLOCK {
                    return;
                }
                compress(&mut self.state, &self.buf);
                self.blocks += 1;
                self.pending = 0;
            }
            let mut chunks = data.chunks_exact(BLOCK);
            for chunk in &mut chunks {
                if let Ok(block) = <&[u8; BLOCK]>::try_from(chunk) {
                    compress(&mut self.state, block);
                    self.blocks += 1;
                }
            }
            let rest = chunks.remainder();
            for (d, s) in self.buf.iter_mut().zip(rest) {
                *d = *s;
            }
            self.pending = rest.len();
        }

        /// The 32-byte digest (or MAC).
        pub fn finalize(mut self) -> [u8; 32] {
            // Bits of message, mod 2^64 (FIPS 180-4, 5.1.1).
            let bits = (self.blocks.wrapping_mul(BLOCK as u64))
                .wrapping_add(self.pending as u64)
                .wrapping_mul(8);
            let pending = self.pending;
            for (i, b) in self.buf.iter_mut().enumerate().skip(pending) {
                *b = if i == pending { 0x80 } else { 0 };
            }
            if pending >= BLOCK - 8 {
                compress(&mut self.state, &self.buf);
                self.buf = [0; BLOCK];
            }
            for (d, s) in self.buf.iter_mut().skip(BLOCK - 8).zip(bits.to_be_bytes()) {
                *d = s;
            }
            compress(&mut self.state, &self.buf);
            let mut out = [0u8; 32];
            for (d, s) in out.chunks_exact_mut(4).zip(self.state) {
                d.copy_from_slice(&s.to_be_bytes());
            }
            out
        }
    }

    /// HMAC-SHA256 (RFC 2104), keyed: both pads already absorbed.
    #[derive(Clone)]
    pub struct Hmac {
        inner: Sha256,
        outer: Sha256,
    }

    impl Hmac {
        /// Never `None`: HMAC takes keys of any length (a key longer than a block is hashed).
        pub fn new(key: &[u8]) -> Option<Hmac> {
            let block = super::hmac_key_block(key);
            let mut inner = Sha256::default();
            inner.update(&block.map(|b| b ^ 0x36));
            let mut outer = Sha256::default();
            outer.update(&block.map(|b| b ^ 0x5c));
            Some(Hmac { inner, outer })
        }

        /// Absorbs `data`.
        pub fn update(&mut self, data: &[u8]) {
            self.inner.update(data);
        }

        /// The 32-byte digest (or MAC).
        pub fn finalize(self) -> [u8; 32] {
            let mut outer = self.outer;
            outer.update(&self.inner.finalize());
            outer.finalize()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::soft;
    use hmac::Mac;
    use sha2::Digest;

    fn bytes(n: usize, seed: u8) -> Vec<u8> {
        (0..n)
            .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
            .collect()
    }

    #[test]
    fn known_answers() {
        let hex = |d: [u8; 32]| hex::encode(d);
        let sha = |m: &[u8]| {
            let mut h = soft::Sha256::default();
            h.update(m);
            hex(h.finalize())
        };
        assert_eq!(
            sha(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        // RFC 4231, test case 2.
        let mut mac = soft::Hmac::new(b"Jefe").unwrap();
        mac.update(b"what do ya want for nothing?");
        assert_eq!(
            hex(mac.finalize()),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    /// Every length around the block and padding edges, fed whole and in uneven pieces, and keys
    /// shorter than, equal to and longer than a block: the same bytes as `sha2` and `hmac`.
    #[test]
    fn same_as_rustcrypto() {
        for len in (0..300).chain([1000, 4096, 16_385]) {
            let msg = bytes(len, len as u8);
            let want: [u8; 32] = sha2::Sha256::digest(&msg).into();
            for piece in [1, 3, 63, 64, 65, 1000] {
                let mut h = soft::Sha256::default();
                for part in msg.chunks(piece) {
                    h.update(part);
                }
                assert_eq!(h.clone().finalize(), want, "len {len} piece {piece}");
            }
            assert_eq!(super::digest(&msg), want);
            for key_len in [0, 1, 32, 63, 64, 65, 200] {
                let key = bytes(key_len, 7);
                let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).unwrap();
                m.update(&msg);
                let want: [u8; 32] = m.finalize().into_bytes().into();
                let mut ours = soft::Hmac::new(&key).unwrap();
                let (x, y) = msg.split_at(len / 3);
                ours.update(x);
                ours.update(y);
                assert_eq!(ours.finalize(), want, "len {len} key {key_len}");
                let mut facade = super::Hmac::new(&key).unwrap();
                facade.update(&msg);
                assert_eq!(facade.finalize(), want);
            }
        }
    }
}
