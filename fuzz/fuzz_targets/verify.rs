//! Verification with arbitrary body, header, secrets, `now` and tolerance, checked against a
//! reference (fuzz/src/lib.rs: header parser, HMAC, event shape) for the exact outcome: the code,
//! the matching secret's index, the timestamp. Also: no secret in any error output.
//!
//! Two input forms, chosen by the first byte:
//! - `R`: raw, as written by scripts/fuzz-seed.py from tests/vectors/webhooks.json:
//!   `now\ntolerance\nheader\nsecret1\tsecret2…\nbody…` (the body is the rest, newlines and all);
//! - anything else: structure-aware (`arbitrary`): a header assembled from valid pieces (`t=`
//!   digits, real signatures over the body with mutated bytes, case changes, spaces, unknown
//!   schemes, truncations, duplicates) so that most inputs get past the parser.
#![no_main]

use std::time::Duration;

use arbitrary::{Arbitrary, Unstructured};
use kinetic_flow_core::webhook::{self, Verifier, WebhookError};
use kinetic_flow_core::UnixTime;
use kinetic_flow_core_fuzz::{bad_secret, hmac, is_event, parse_header, HeaderRef};
use libfuzzer_sys::fuzz_target;

struct Case {
    body: Vec<u8>,
    header: String,
    secrets: Vec<String>,
    now: i64,
    tolerance: u64,
}

fn raw_case(data: &[u8]) -> Case {
    let mut parts = data.splitn(5, |&b| b == b'\n');
    let mut text = || String::from_utf8_lossy(parts.next().unwrap_or(b"")).into_owned();
    let now = text().trim().parse().unwrap_or(0);
    let tolerance = text().trim().parse().unwrap_or(300);
    let header = text();
    let secrets = text().split('\t').map(str::to_owned).collect();
    let body = parts.next().unwrap_or(b"").to_vec();
    Case {
        body,
        header,
        secrets,
        now,
        tolerance,
    }
}

#[derive(Arbitrary, Debug)]
enum BodyPlan {
    Bytes(Vec<u8>),
    Event {
        id: String,
        kind: u8,
        livemode: bool,
    },
    Pretty {
        id: String,
    },
}

const TYPES: &[&str] = &[
    "payment.completed",
    "payment.failed",
    "refund.created",
    "token.updated",
    "payout.completed",
    "brand.new",
];

impl BodyPlan {
    fn build(self) -> Vec<u8> {
        match self {
            BodyPlan::Bytes(b) => b,
            BodyPlan::Event { id, kind, livemode } => serde_json::json!({
                "id": id, "object": "event",
                "type": TYPES[usize::from(kind) % TYPES.len()],
                "livemode": livemode,
                "data": {"object": {"id": "pay_1", "object": "payment", "status": "completed",
                                    "amount": 25000, "currency": "usd"}}
            })
            .to_string()
            .into_bytes(),
            BodyPlan::Pretty { id } => {
                serde_json::to_vec_pretty(&serde_json::json!({"id": id, "type": "payment.created"}))
                    .unwrap()
            }
        }
    }
}

#[derive(Arbitrary, Debug)]
enum SecretPlan {
    /// `whsec_` + 16 or more letters/digits: the kind checked for leaks.
    Whsec([u8; 16], Vec<u8>),
    Raw(String),
    ApiKey(bool, String),
    Empty,
    Padded(String),
}

fn alnum(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    bytes
        .iter()
        .map(|b| char::from(A[usize::from(*b) % A.len()]))
        .collect()
}

impl SecretPlan {
    fn build(self) -> String {
        match self {
            SecretPlan::Whsec(head, tail) => format!("whsec_{}{}", alnum(&head), alnum(&tail)),
            SecretPlan::Raw(s) => s,
            SecretPlan::ApiKey(live, s) => format!("sk_{}_{s}", if live { "live" } else { "test" }),
            SecretPlan::Empty => String::new(),
            SecretPlan::Padded(s) => format!(" {s}\n"),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum TimePlan {
    Digits(u64),
    Small(u16),
    LeadingZeros(u8, u32),
    Text(String),
}

impl TimePlan {
    fn build(&self) -> String {
        match self {
            TimePlan::Digits(t) => (t % 10_000_000_000_000).to_string(), // up to 13 digits
            TimePlan::Small(t) => t.to_string(),
            TimePlan::LeadingZeros(z, t) => format!("{}{t}", "0".repeat(usize::from(z % 14))),
            TimePlan::Text(s) => s.clone(),
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Item {
    /// The `t` item.
    T,
    /// A second, different `t`.
    OtherT(TimePlan),
    /// A real signature over the body with secret number `secret`.
    Good {
        secret: u8,
        upper: bool,
    },
    /// A real signature with one byte changed.
    Mutated {
        secret: u8,
        pos: u8,
        xor: u8,
    },
    /// A real signature cut or extended.
    Resized {
        secret: u8,
        len: u8,
    },
    /// A real signature over another timestamp.
    OtherTime {
        secret: u8,
        t: u32,
    },
    Hex([u8; 32]),
    Unknown {
        scheme: u8,
        value: String,
    },
    Raw(String),
    Empty,
}

#[derive(Arbitrary, Debug)]
struct Plan {
    body: BodyPlan,
    secrets: Vec<SecretPlan>,
    /// Which secrets sign (indices into `secrets`, or past it for a foreign secret).
    t: TimePlan,
    skew: Skew,
    tolerance: Tolerance,
    items: Vec<(Item, u8)>,
}

#[derive(Arbitrary, Debug)]
enum Skew {
    Near(i16),
    Any(i64),
}

#[derive(Arbitrary, Debug)]
enum Tolerance {
    Default,
    Small(u16),
    Any(u64),
}

const FOREIGN: &str = "whsec_not_configured_anywhere";

fn structured_case(data: &[u8]) -> arbitrary::Result<Case> {
    let plan = Plan::arbitrary_take_rest(Unstructured::new(data))?;
    let body = plan.body.build();
    let secrets: Vec<String> = plan
        .secrets
        .into_iter()
        .take(4)
        .map(SecretPlan::build)
        .collect();
    let t_text = plan.t.build();
    let secret_for =
        |i: u8| -> &str { secrets.get(usize::from(i)).map_or(FOREIGN, String::as_str) };
    let mut header = String::new();
    for (n, (item, sep)) in plan.items.into_iter().take(24).enumerate() {
        if n > 0 {
            header.push(',');
        }
        // Separator: 0-3 spaces or tabs around the item.
        let pad = |bits: u8| [" ", "\t", "  ", ""][usize::from(bits & 3)];
        header.push_str(pad(sep));
        match item {
            Item::T => header.push_str(&format!("t={t_text}")),
            Item::OtherT(t) => header.push_str(&format!("t={}", t.build())),
            Item::Good { secret, upper } => {
                let hex = hex::encode(hmac(secret_for(secret).as_bytes(), &t_text, &body));
                let hex = if upper { hex.to_ascii_uppercase() } else { hex };
                header.push_str(&format!("v1={hex}"));
            }
            Item::Mutated { secret, pos, xor } => {
                let mut tag = hmac(secret_for(secret).as_bytes(), &t_text, &body);
                tag[usize::from(pos) % 32] ^= xor;
                header.push_str(&format!("v1={}", hex::encode(tag)));
            }
            Item::Resized { secret, len } => {
                let hex = hex::encode(hmac(secret_for(secret).as_bytes(), &t_text, &body));
                let len = usize::from(len) % 80;
                let hex = if len <= 64 {
                    hex[..len].to_owned()
                } else {
                    hex + &"0".repeat(len - 64)
                };
                header.push_str(&format!("v1={hex}"));
            }
            Item::OtherTime { secret, t } => {
                let tag = hmac(secret_for(secret).as_bytes(), &t.to_string(), &body);
                header.push_str(&format!("v1={}", hex::encode(tag)));
            }
            Item::Hex(tag) => header.push_str(&format!("v1={}", hex::encode(tag))),
            Item::Unknown { scheme, value } => {
                let key = ["v0", "v2", "V1", "T", "v1 ", "x"][usize::from(scheme) % 6];
                header.push_str(&format!("{key}={value}"));
            }
            Item::Raw(s) => header.push_str(&s),
            Item::Empty => {}
        }
        header.push_str(pad(sep >> 2));
    }
    let t_value: i64 = t_text.parse().unwrap_or(0);
    let now = match plan.skew {
        Skew::Near(d) => t_value.saturating_add(i64::from(d)),
        Skew::Any(n) => n,
    };
    let tolerance = match plan.tolerance {
        Tolerance::Default => 300,
        Tolerance::Small(s) => u64::from(s),
        Tolerance::Any(s) => s,
    };
    Ok(Case {
        body,
        header,
        secrets,
        now,
        tolerance,
    })
}

/// The outcome the reference predicts: Ok(index) or the error code.
fn expected(case: &Case) -> Result<usize, &'static str> {
    if bad_secret(&case.secrets).is_some() {
        return Err("invalid_secret");
    }
    let (t_text, t, sigs) = match parse_header(&case.header) {
        HeaderRef::Missing => return Err("missing_signature_header"),
        HeaderRef::Malformed => return Err("malformed_signature_header"),
        HeaderRef::Ok(text, t, sigs) => (text, t, sigs),
    };
    let index = case
        .secrets
        .iter()
        .position(|s| {
            let tag = hmac(s.as_bytes(), t_text, &case.body);
            sigs.contains(&tag)
        })
        .ok_or("signature_mismatch")?;
    if t.abs_diff(case.now) > case.tolerance {
        return Err("timestamp_outside_tolerance");
    }
    if !is_event(&case.body) {
        return Err("invalid_event");
    }
    Ok(index)
}

fn check_no_secret(err: &WebhookError, case: &Case) {
    let shown = format!("{err} {err:?}");
    for s in &case.secrets {
        // Only secrets long and specific enough not to occur in the fixed message text, and
        // not echoed by the caller in the (truncated) header.
        if s.starts_with("whsec_") && s.len() >= 22 && !case.header.contains(s.as_str()) {
            assert!(
                !shown.contains(s.as_str()),
                "secret in error output: {shown}"
            );
        }
    }
    // The body is never copied (only bodies with a control character can be told apart from
    // message text, which the fuzzer readily copies into bodies).
    let marked = case
        .body
        .iter()
        .any(|&b| (b < 0x20 && b != b'\n') || b == 0x7f);
    if case.body.len() > 16 && marked {
        assert!(!shown
            .as_bytes()
            .windows(case.body.len())
            .any(|w| w == case.body.as_slice()));
    }
}

fuzz_target!(|data: &[u8]| {
    let case = match data.split_first() {
        Some((b'R', rest)) => raw_case(rest),
        Some((_, rest)) => match structured_case(rest) {
            Ok(case) => case,
            Err(_) => return,
        },
        None => return,
    };
    let want = expected(&case);

    // The keyed verifier.
    let got = Verifier::new(&case.secrets).and_then(|v| {
        v.tolerance(Duration::from_secs(case.tolerance)).verify(
            &case.body,
            &case.header,
            UnixTime::from_secs(case.now),
        )
    });
    match (&got, &want) {
        (Ok(v), Ok(index)) => assert_eq!(v.secret_index, *index),
        (Err(e), Err(code)) => {
            assert_eq!(e.code(), *code, "{e}");
            check_no_secret(e, &case);
            if let WebhookError::TimestampOutsideTolerance {
                now,
                tolerance,
                timestamp,
            } = e
            {
                let want = (
                    UnixTime::from_secs(case.now),
                    Duration::from_secs(case.tolerance),
                );
                assert_eq!((*now, *tolerance), want);
                assert!(timestamp.abs_diff(*now) > *tolerance);
            }
        }
        _ => panic!("verify gave {got:?}, reference says {want:?}"),
    }

    // The one-shot function agrees on the outcome.
    let one_shot = webhook::verify(
        &case.body,
        &case.header,
        &case.secrets,
        UnixTime::from_secs(case.now),
        Duration::from_secs(case.tolerance),
    );
    match (&one_shot, &want) {
        (Ok(v), Ok(index)) => assert_eq!(v.secret_index, *index),
        (Err(e), Err(code)) => {
            assert_eq!(e.code(), *code);
            check_no_secret(e, &case);
        }
        _ => panic!("one-shot verify gave {one_shot:?}, reference says {want:?}"),
    }

    // Signing with the configured secrets verifies (when the secrets are valid); more secrets
    // than a header may carry `v1` items is refused by signing, not left to the verifier.
    if want != Err("invalid_secret") {
        if let HeaderRef::Ok(_, t, _) = parse_header(&case.header) {
            let signed = webhook::sign(&case.body, &case.secrets, UnixTime::from_secs(t));
            if case.secrets.len() > webhook::MAX_SIGNATURES {
                assert_eq!(signed.unwrap_err().code(), "malformed_signature_header");
            } else {
                let v = Verifier::new(&case.secrets).unwrap();
                assert_eq!(
                    v.verify_signature(&case.body, &signed.unwrap(), UnixTime::from_secs(t))
                        .unwrap(),
                    (0, UnixTime::from_secs(t))
                );
            }
        }
    }
});
