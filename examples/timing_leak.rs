//! Timing check (a benchmark, not a test): does the time `verify_signature` takes to refuse a
//! wrong signature depend on how many of its leading bytes are right?
//!
//! dudect-style (Reparaz, Balasch, Verbauwhede, "Dude, is my code constant time?", 2017): two
//! classes of input, measured interleaved in random order so that machine noise hits both
//! alike; each measured time is one call; Welch's t-statistic compares the classes, on all
//! samples and on the samples below several percentiles (cropping the long tail that
//! preemption adds). |t| below 4.5 is "no leak detected" at this number of samples.
//!
//! Classes: a wrong `v1` whose first byte is wrong (0 leading bytes right) against one whose
//! last byte only is wrong (31 right), and 0 against 16. A positive control runs the same
//! harness on a deliberately leaky early-exit comparison first: it shows that the harness sees
//! a byte-wise leak, and calibrates its size (ns per right byte) on this machine.
//!
//! With a million samples per class the t-test also flags sub-cycle differences (a fraction of
//! a nanosecond) that come and go between runs and do not grow with the number of right bytes:
//! microarchitectural noise, not a compare that stops early. So a pair is reported as a
//! possible leak only when |t| >= 4.5 **and** its mean difference is at least half of what the
//! early-exit control costs for that many bytes. The program exits 1 on a possible leak.
//!
//! Run: `bash scripts/timing-leak.sh [samples per class]` (SECURITY.md records the figure).

// Not shipped code: it may panic (a test asserts so); the workspace's no-panic lints guard the rest.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable
)]

use std::hint::black_box;
use std::time::Instant;

use hmac::{Hmac, Mac};
use kinetic_flow_core::webhook::{sign, Verifier};
use kinetic_flow_core::UnixTime;
use sha2::Sha256;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const T: i64 = 1_776_244_442;
const THRESHOLD: f64 = 4.5;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// The correct tag with byte `wrong_at` flipped: `wrong_at` leading bytes are right.
fn wrong_header(good: &[u8; 32], wrong_at: usize) -> String {
    let mut tag = *good;
    tag[wrong_at] ^= 0x5a;
    format!("t={T},v1={}", hex::encode(tag))
}

/// Welch's t for two samples.
fn welch_t(a: &[f64], b: &[f64]) -> f64 {
    let stats = |x: &[f64]| {
        let n = x.len() as f64;
        let mean = x.iter().sum::<f64>() / n;
        let var = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0);
        (n, mean, var)
    };
    let (na, ma, va) = stats(a);
    let (nb, mb, vb) = stats(b);
    (ma - mb) / (va / na + vb / nb).sqrt()
}

struct Report {
    max_abs_t: f64,
    /// Mean of class 1 minus mean of class 0, in ns, over the p90-cropped samples.
    diff_ns: f64,
    line: String,
}

/// Times one call of the operation; the setup around it is not timed.
type Measure<'a> = &'a mut dyn FnMut(&mut dyn FnMut() -> bool) -> bool;

/// Runs `run(class, measure)` for classes 0 and 1, interleaved at random, `n` samples per
/// class; `run` prepares its input, then calls `measure` with the operation to time.
fn compare(name: &str, n: usize, rng: &mut Rng, mut run: impl FnMut(usize, Measure)) -> Report {
    let elapsed = std::cell::Cell::new(0f64);
    let mut measure = |op: &mut dyn FnMut() -> bool| {
        let start = Instant::now();
        let r = op();
        elapsed.set(start.elapsed().as_nanos() as f64);
        r
    };
    // Warm up both classes.
    for i in 0..20_000 {
        run(i % 2, &mut measure);
    }
    let mut samples: [Vec<f64>; 2] = [Vec::with_capacity(n), Vec::with_capacity(n)];
    while samples[0].len() < n || samples[1].len() < n {
        let class = (rng.next() & 1) as usize;
        if samples[class].len() == n {
            continue;
        }
        run(class, &mut measure);
        samples[class].push(elapsed.get());
    }
    // Crop at a common set of percentiles of the pooled distribution (dudect's approach).
    let mut pooled: Vec<f64> = samples.iter().flatten().copied().collect();
    pooled.sort_by(f64::total_cmp);
    let pct = |p: f64| pooled[((pooled.len() - 1) as f64 * p) as usize];
    let mut parts = Vec::new();
    let mut max_abs_t: f64 = 0.0;
    for (label, cut) in [
        ("all", f64::INFINITY),
        ("p99", pct(0.99)),
        ("p90", pct(0.90)),
        ("p50", pct(0.50)),
    ] {
        let a: Vec<f64> = samples[0].iter().copied().filter(|&v| v <= cut).collect();
        let b: Vec<f64> = samples[1].iter().copied().filter(|&v| v <= cut).collect();
        if a.len() < 1000 || b.len() < 1000 {
            continue;
        }
        let t = welch_t(&a, &b);
        max_abs_t = max_abs_t.max(t.abs());
        parts.push(format!("{label} t={t:+.2}"));
    }
    let median = |v: &[f64]| {
        let mut v = v.to_vec();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    // Mean difference over the p90-cropped samples (the bulk, without preemption outliers).
    let cut = pct(0.90);
    let mean = |v: &[f64]| {
        let kept: Vec<f64> = v.iter().copied().filter(|&x| x <= cut).collect();
        kept.iter().sum::<f64>() / kept.len() as f64
    };
    let diff = mean(&samples[1]) - mean(&samples[0]);
    let line = format!(
        "{name}: n={n}/class, median {:.0} ns vs {:.0} ns, p90-mean difference {diff:+.2} ns; {}; max |t| = {max_abs_t:.2} ({})",
        median(&samples[0]),
        median(&samples[1]),
        parts.join(", "),
        if max_abs_t < THRESHOLD {
            "indistinguishable"
        } else {
            "distinguishable"
        }
    );
    println!("{line}");
    Report {
        max_abs_t,
        diff_ns: diff,
        line,
    }
}

/// An early-exit comparison: what a constant-time compare must not be.
#[inline(never)]
fn leaky_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    for (x, y) in a.iter().zip(b) {
        if black_box(*x) != black_box(*y) {
            return false;
        }
    }
    true
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    // Pairs of "leading bytes right" to compare, e.g. `0:31,0:16` (the default).
    let pairs: Vec<(usize, usize)> = std::env::args()
        .nth(2)
        .unwrap_or_else(|| "0:31,0:16".to_owned())
        .split(',')
        .map(|p| {
            let (a, b) = p.split_once(':').expect("pairs are a:b");
            (a.parse().unwrap(), b.parse().unwrap())
        })
        .collect();
    assert!(pairs.iter().all(|&(a, b)| a < 32 && b < 32));
    let body_lens: Vec<usize> = std::env::args().nth(3).map_or(vec![0, 1024], |s| {
        s.split(',').map(|n| n.parse().unwrap()).collect()
    });
    let mut rng = Rng(0x7469_6d69_6e67);

    // Positive control first: HMAC of an empty body, then an early-exit compare. Its mean
    // difference over 31 bytes calibrates what a byte-wise leak looks like on this machine.
    let key = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    let prefix = format!("{T}.");
    let mut mac = key.clone();
    mac.update(prefix.as_bytes());
    let good: [u8; 32] = mac.finalize().into_bytes().into();
    let wrong = [0usize, 31].map(|at| {
        let mut tag = good;
        tag[at] ^= 0x5a;
        tag
    });
    let control = compare(
        "control: early-exit compare after HMAC, 0 B body, 0 vs 31 leading bytes right",
        n,
        &mut rng,
        |class, measure| {
            let expected = black_box(&wrong[class]);
            let r = measure(&mut || {
                let mut mac = key.clone();
                mac.update(black_box(prefix.as_bytes()));
                let tag: [u8; 32] = mac.finalize().into_bytes().into();
                !leaky_eq(&tag, expected)
            });
            assert!(r);
        },
    );
    let per_byte = control.diff_ns / 31.0;
    println!("  -> a byte-wise early exit costs {per_byte:.2} ns per right leading byte here\n");

    let verifier = Verifier::new(&[SECRET]).unwrap();
    let mut suspicious = Vec::new();
    for &body_len in &body_lens {
        let body = vec![b'x'; body_len];
        let header = sign(&body, &[SECRET], UnixTime::from_secs(T)).unwrap();
        let good: [u8; 32] = hex::decode(header.split_once(",v1=").unwrap().1)
            .unwrap()
            .try_into()
            .unwrap();
        assert!(verifier
            .verify_signature(&body, &header, UnixTime::from_secs(T))
            .is_ok());
        for &(a, b) in &pairs {
            let headers = [wrong_header(&good, a), wrong_header(&good, b)];
            let name =
                format!("verify_signature, {body_len} B body, {a} vs {b} leading bytes right");
            // One buffer for both classes (same address, same alignment): only its content
            // differs, so memory layout cannot tell the classes apart.
            let mut buffer = String::with_capacity(128);
            let report = compare(&name, n, &mut rng, |class, measure| {
                buffer.clear();
                buffer.push_str(&headers[class]);
                let header = black_box(buffer.as_str());
                let r = measure(&mut || {
                    verifier
                        .verify_signature(black_box(&body), header, UnixTime::from_secs(T))
                        .is_err()
                });
                assert!(r);
            });
            // A leak needs both: a statistically clear difference, and one at least half the
            // size an early exit would give for this many bytes.
            let leak_size = per_byte * a.abs_diff(b) as f64;
            if report.max_abs_t >= THRESHOLD && report.diff_ns.abs() >= leak_size / 2.0 {
                suspicious.push(report.line);
            }
        }
    }

    println!();
    if suspicious.is_empty() {
        println!(
            "verdict: no dependence of verify_signature time on the number of right leading bytes: \
             every difference is below half of what a byte-wise compare would make ({per_byte:.2} \
             ns per byte, control |t| = {:.0}).",
            control.max_abs_t
        );
    } else {
        for line in &suspicious {
            println!("possible leak: {line}");
        }
        println!("verdict: POSSIBLE LEAK; re-run on a quiet machine to confirm.");
        std::process::exit(1);
    }
}
