//! Differential checks against independent implementations:
//!
//! - webhook signing and verification agree with Python's `hmac`/`hashlib` (one `python3`
//!   process for a batch of random inputs; `openssl dgst` if Python is missing) on random
//!   bodies (binary included), secrets (non-ASCII included), timestamps written with leading
//!   zeros, and headers carrying several signatures;
//! - routing-number validation agrees with a plain reference of SPEC section 3 on every string
//!   of a large random sample of 9-digit strings (and near misses), through
//!   `RoutingNumber::parse` and through `payment::validate`.
//!
//! Inputs come from a fixed-seed generator (set `DIFFERENTIAL_SEED` to explore other seeds).

// Not shipped code: it may panic (a test asserts so); the workspace's no-panic lints guard the rest.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable
)]

use std::io::Write;
use std::process::{Command, Stdio};

use kinetic_flow_core::payment::{validate, RoutingNumber};
use kinetic_flow_core::webhook::{sign, Verifier};
use kinetic_flow_core::UnixTime;

/// splitmix64: small, deterministic, good enough to spread test inputs.
struct Rng(u64);

impl Rng {
    fn from_env() -> Rng {
        let seed = std::env::var("DIFFERENTIAL_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0x006b_696e_6574_6963_u64);
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }

    /// Between 0 and `max - 1` random bytes.
    fn some_bytes(&mut self, max: u64) -> Vec<u8> {
        let len = self.below(max) as usize;
        self.bytes(len)
    }
}

struct Case {
    secret: String,
    t_text: String,
    body: Vec<u8>,
}

fn random_case(rng: &mut Rng) -> Case {
    let secret = match rng.below(4) {
        0 => format!("whsec_{}", hex::encode(rng.bytes(24))),
        1 => format!("whsec_ünïcødé_{}", rng.next()),
        2 => hex::encode([vec![1], rng.some_bytes(100)].concat()), // any length, no prefix
        _ => format!("whsec_{}", "k".repeat(rng.below(200) as usize)), // longer than a block
    };
    let t = rng.below(1_000_000_000_000);
    let t_text = if rng.below(4) == 0 {
        format!("{t:012}") // leading zeros: signed exactly as written
    } else {
        t.to_string()
    };
    let body = match rng.below(3) {
        0 => rng.some_bytes(3000),
        1 => Vec::new(),
        _ => format!(
            r#"{{"id":"evt_{}","object":"event","type":"payment.completed","data":{{"object":{{}}}}}}"#,
            rng.next()
        )
        .into_bytes(),
    };
    Case {
        secret,
        t_text,
        body,
    }
}

const PYTHON_HMAC: &str = r#"
import hashlib, hmac, sys
for line in sys.stdin:
    key, msg = line.split()
    print(hmac.new(bytes.fromhex(key), bytes.fromhex(msg), hashlib.sha256).hexdigest())
"#;

/// HMAC-SHA256 of each (key, message) by an independent implementation.
fn independent_hmacs(inputs: &[(Vec<u8>, Vec<u8>)]) -> Vec<String> {
    let batch: String = inputs
        .iter()
        .map(|(k, m)| format!("{} {}\n", hex::encode(k), hex::encode(m)))
        .collect();
    match Command::new("python3")
        .args(["-c", PYTHON_HMAC])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
    {
        Ok(mut child) => {
            // Neither field is ever empty (keys are non-empty, messages start with `t`), so
            // `split()` always gives two.
            child
                .stdin
                .take()
                .unwrap()
                .write_all(batch.as_bytes())
                .unwrap();
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "python3 failed");
            String::from_utf8(out.stdout)
                .unwrap()
                .lines()
                .map(str::to_owned)
                .collect()
        }
        Err(_) => inputs.iter().map(|(k, m)| openssl_hmac(k, m)).collect(),
    }
}

/// Fallback: `openssl dgst -sha256 -mac HMAC -macopt hexkey:…`.
fn openssl_hmac(key: &[u8], msg: &[u8]) -> String {
    let mut child = Command::new("openssl")
        .args(["dgst", "-sha256", "-mac", "HMAC", "-macopt"])
        .arg(format!("hexkey:{}", hex::encode(key)))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the differential test needs python3 or openssl");
    child.stdin.take().unwrap().write_all(msg).unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    text.trim().rsplit(' ').next().unwrap().to_owned()
}

#[test]
fn signing_and_verification_agree_with_an_independent_hmac() {
    let mut rng = Rng::from_env();
    let cases: Vec<Case> = (0..300).map(|_| random_case(&mut rng)).collect();
    // Signed content: `t` exactly as written, `.`, the raw body; key: the secret's UTF-8 bytes.
    let inputs: Vec<(Vec<u8>, Vec<u8>)> = cases
        .iter()
        .map(|c| {
            let mut msg = format!("{}.", c.t_text).into_bytes();
            msg.extend_from_slice(&c.body);
            (c.secret.as_bytes().to_vec(), msg)
        })
        .collect();
    let expected = independent_hmacs(&inputs);
    assert_eq!(expected.len(), cases.len());

    let decoy = "whsec_decoy_not_the_secret";
    for (i, (case, mac)) in cases.iter().zip(&expected).enumerate() {
        let t: i64 = case.t_text.parse().unwrap();
        let verifier = Verifier::new(&[decoy, case.secret.as_str()]).unwrap();

        // The crate's signature is the independent one.
        let header = sign(&case.body, &[&case.secret], UnixTime::from_secs(t)).unwrap();
        if case.t_text == t.to_string() {
            assert_eq!(header, format!("t={t},v1={mac}"), "case {i}");
        }

        // The independent signature verifies, in either case, among other v1 and schemes.
        let upper = mac.to_ascii_uppercase();
        let other = hex::encode(rng.bytes(32));
        for header in [
            format!("t={},v1={mac}", case.t_text),
            format!("v1={other}, t={} ,v0=legacy,v1={upper}", case.t_text),
        ] {
            let got = verifier.verify_signature(&case.body, &header, UnixTime::from_secs(t));
            assert_eq!(got, Ok((1, UnixTime::from_secs(t))), "case {i}: {header}");
        }

        // Any other signature, timestamp text, body or secret fails.
        let mut flipped = hex::decode(mac).unwrap();
        flipped[rng.below(32) as usize] ^= 1 << rng.below(8);
        let bad = format!("t={},v1={}", case.t_text, hex::encode(flipped));
        let err = verifier
            .verify_signature(&case.body, &bad, UnixTime::from_secs(t))
            .unwrap_err();
        assert_eq!(err.code(), "signature_mismatch", "case {i}");
        let other_t = format!("t={},v1={mac}", t + 1);
        let err = verifier
            .verify_signature(&case.body, &other_t, UnixTime::from_secs(t))
            .unwrap_err();
        assert_eq!(err.code(), "signature_mismatch", "case {i}");
        let mut body = case.body.clone();
        body.push(b' ');
        let good = format!("t={},v1={mac}", case.t_text);
        let err = verifier
            .verify_signature(&body, &good, UnixTime::from_secs(t))
            .unwrap_err();
        assert_eq!(err.code(), "signature_mismatch", "case {i}");
        let only_decoy = Verifier::new(&[decoy]).unwrap();
        let err = only_decoy
            .verify_signature(&case.body, &good, UnixTime::from_secs(t))
            .unwrap_err();
        assert_eq!(err.code(), "signature_mismatch", "case {i}");
    }
}

/// SPEC section 3, written plainly: the verdict on a routing number.
fn reference_routing(s: &str) -> Result<(), &'static str> {
    let bytes = s.as_bytes();
    if bytes.len() != 9 || !bytes.iter().all(|b| b.is_ascii_digit()) {
        return Err("invalid_routing_number");
    }
    let d: Vec<u32> = bytes.iter().map(|b| u32::from(b - b'0')).collect();
    let weights = [3, 7, 1, 3, 7, 1, 3, 7, 1];
    let sum: u32 = d.iter().zip(weights).map(|(d, w)| d * w).sum();
    if sum % 10 != 0 {
        return Err("routing_number_checksum");
    }
    let prefix = d[0] * 10 + d[1];
    let assigned = matches!(prefix, 0..=12 | 21..=32 | 61..=72);
    if !assigned || s == "000000000" {
        return Err("routing_number_prefix");
    }
    Ok(())
}

#[test]
fn routing_numbers_agree_with_a_plain_reference() {
    let mut rng = Rng::from_env();
    let mut valid = 0;
    let mut tally = std::collections::BTreeMap::new();
    for i in 0..400_000u32 {
        let s = match i % 8 {
            // Near misses: 8 or 10 digits, a letter, a space, a non-ASCII digit.
            0 => match rng.below(5) {
                0 => format!("{:08}", rng.below(100_000_000)),
                1 => format!("{:010}", rng.below(10_000_000_000)),
                2 => format!("{:08}a", rng.below(100_000_000)),
                3 => format!("{:04} {:04}", rng.below(10_000), rng.below(10_000)),
                _ => format!("０{:08}", rng.below(100_000_000)),
            },
            // A random 9-digit string whose last digit makes the checksum right, so that the
            // prefix rule is exercised on every prefix (about 1 in 10 otherwise).
            1 | 2 => {
                let head = format!("{:08}", rng.below(100_000_000));
                (0..10)
                    .map(|c| format!("{head}{c}"))
                    .find(|s| !matches!(reference_routing(s), Err("routing_number_checksum")))
                    .unwrap()
            }
            _ => format!("{:09}", rng.below(1_000_000_000)),
        };
        let want = reference_routing(&s);
        let got = RoutingNumber::parse(&s).map(|_| ()).map_err(|e| e.code);
        assert_eq!(got, want, "{s:?}");
        if want.is_ok() {
            valid += 1;
            assert_eq!(RoutingNumber::parse(&s).unwrap().as_str(), s);
        }
        *tally.entry(want.err().unwrap_or("ok")).or_insert(0u32) += 1;

        // Through the validator: the same verdict on the routing number's param.
        if i % 50 == 0 {
            let body = serde_json::json!({
                "amount": 100, "currency": "usd",
                "destination": { "routing_number": s, "account_number": "000123456789" }
            });
            let got = match validate(&body) {
                Ok(_) => Ok(()),
                Err(errors) => {
                    assert_eq!(errors.len(), 1, "{errors:?}");
                    assert_eq!(errors.errors()[0].param, "destination.routing_number");
                    Err(errors.errors()[0].code)
                }
            };
            assert_eq!(got, want, "{s:?}");
        }
    }
    // Every verdict is well represented in the sample.
    for code in [
        "ok",
        "invalid_routing_number",
        "routing_number_checksum",
        "routing_number_prefix",
    ] {
        assert!(tally.get(code).copied().unwrap_or(0) > 10_000, "{tally:?}");
    }
    assert!(valid > 10_000);
}
