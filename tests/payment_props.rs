//! Properties of payment validation and fingerprints.

// Not shipped code: it may panic (a test asserts so); the workspace's no-panic lints guard the rest.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable
)]

use kinetic_flow_core::idempotency::{derive, IdempotencyKey};
use kinetic_flow_core::payment::{
    code, fingerprint, rails_for_amount, validate, AccountNumber, Amount, Rail, RailLimits,
    RoutingNumber, FIELDS,
};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Routing numbers that pass every check (published, see routing_numbers.json).
const ROUTING: [&str; 5] = [
    "021000021",
    "011000015",
    "121000248",
    "322271627",
    "256074974",
];

/// A plain reference for routing numbers, written out longhand.
fn reference_routing(s: &str) -> Result<(), &'static str> {
    let b = s.as_bytes();
    if b.len() != 9 || !b.iter().all(|c| c.is_ascii_digit()) {
        return Err("invalid_routing_number");
    }
    let d: Vec<u32> = b.iter().map(|c| u32::from(c - b'0')).collect();
    let sum = 3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8];
    if sum % 10 != 0 {
        return Err("routing_number_checksum");
    }
    let prefix = d[0] * 10 + d[1];
    let assigned = prefix <= 12 || (21..=32).contains(&prefix) || (61..=72).contains(&prefix);
    if !assigned || s == "000000000" {
        return Err("routing_number_prefix");
    }
    Ok(())
}

#[derive(Debug, Clone)]
struct Parts {
    amount: u64,
    currency: &'static str,
    rail: Option<&'static str>,
    destination: Value,
    metadata: Vec<(String, String)>,
}

fn parts() -> impl Strategy<Value = Parts> {
    let dest = prop_oneof![
        (0..ROUTING.len(), "[0-9]{4,17}").prop_map(|(i, acct)| {
            json!({ "routing_number": ROUTING[i], "account_number": acct })
        }),
        "[A-Za-z0-9]{1,64}".prop_map(|t| json!({ "token": format!("tok_{t}") })),
    ];
    (
        1u64..=100_000_000,
        prop::sample::select(vec!["usd", "USD", "Usd"]),
        prop::option::of(prop::sample::select(vec![
            "auto",
            "fednow",
            "rtp",
            "same_day_ach",
            "ach",
            "wire",
        ])),
        dest,
        prop::collection::btree_map("[a-z_]{1,10}", "\\PC{0,20}", 0..5),
    )
        .prop_map(|(amount, currency, rail, destination, metadata)| Parts {
            amount,
            currency,
            rail,
            destination,
            metadata: metadata.into_iter().collect(),
        })
}

/// The body as JSON text, with top-level and metadata keys in the given rotation and an
/// optional idempotency key.
fn text(p: &Parts, rotate: usize, key: Option<&str>) -> String {
    let mut items: Vec<String> = vec![
        format!("\"amount\":{}", p.amount),
        format!("\"currency\":\"{}\"", p.currency),
        format!("\"destination\":{}", p.destination),
    ];
    if let Some(r) = p.rail {
        items.push(format!("\"rail\":\"{r}\""));
    }
    if let Some(k) = key {
        items.push(format!("\"idempotency_key\":{}", Value::from(k)));
    }
    if !p.metadata.is_empty() {
        let mut m: Vec<String> = p
            .metadata
            .iter()
            .map(|(k, v)| format!("{}:{}", Value::from(k.as_str()), Value::from(v.as_str())))
            .collect();
        let len = m.len();
        m.rotate_left(rotate % len);
        items.push(format!("\"metadata\":{{{}}}", m.join(",")));
    }
    let len = items.len();
    items.rotate_left(rotate % len);
    format!("{{{}}}", items.join(","))
}

fn fp(body: &str) -> String {
    let v: Value = serde_json::from_str(body).expect("test body is JSON");
    fingerprint(&validate(&v).expect("test body is valid"))
}

/// Any JSON value, nested a few levels.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "\\PC{0,30}".prop_map(Value::from),
        "[0-9*xX• -]{0,20}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    prop::sample::select(FIELDS.to_vec()).prop_map(String::from),
                    prop::sample::select(vec!["routing_number", "account_number", "token"])
                        .prop_map(String::from),
                    "\\PC{0,12}",
                ],
                inner,
                0..8
            )
            .prop_map(|m| Value::Object(m.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn fingerprint_ignores_key_order_and_idempotency_key(
        p in parts(), r1 in 0usize..8, r2 in 0usize..8, key in "[!-~]{1,40}"
    ) {
        let a = fp(&text(&p, r1, None));
        prop_assert_eq!(&a, &fp(&text(&p, r2, Some(&key))));
        prop_assert!(a.starts_with("sha256:") && a.len() == 7 + 64);
        prop_assert!(a[7..].bytes().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    }

    #[test]
    fn fingerprint_changes_with_amount(p in parts(), delta in 1u64..1000) {
        let mut q = p.clone();
        q.amount = p.amount + delta;
        prop_assert_ne!(fp(&text(&p, 0, None)), fp(&text(&q, 0, None)));
    }

    #[test]
    fn fingerprint_changes_with_destination(p in parts(), acct in "[0-9]{4,17}", tok in "[a-z0-9]{1,20}") {
        let mut q = p.clone();
        q.destination = match p.destination.get("token") {
            Some(t) if t != &Value::from(format!("tok_{tok}")) => json!({ "token": format!("tok_{tok}") }),
            Some(_) => json!({ "token": format!("tok_{tok}x") }),
            None if p.destination["account_number"] != acct.as_str() => {
                json!({ "routing_number": p.destination["routing_number"], "account_number": acct })
            }
            None => json!({ "routing_number": "011000015", "account_number": acct }),
        };
        prop_assume!(q.destination != p.destination);
        prop_assert_ne!(fp(&text(&p, 0, None)), fp(&text(&q, 0, None)));
    }

    #[test]
    fn fingerprint_changes_with_metadata(p in parts(), k in "[a-z]{1,10}", v in "\\PC{0,10}") {
        let mut q = p.clone();
        match q.metadata.iter_mut().find(|(key, _)| *key == k) {
            Some((_, val)) => val.push('!'),
            None => q.metadata.push((k, v)),
        }
        prop_assert_ne!(fp(&text(&p, 0, None)), fp(&text(&q, 0, None)));
    }

    #[test]
    fn routing_parse_agrees_with_reference(s in "[0-9]{9}") {
        let got = RoutingNumber::parse(&s).map(|_| ()).map_err(|e| e.code);
        prop_assert_eq!(got, reference_routing(&s));
    }

    #[test]
    fn routing_parse_agrees_with_reference_on_near_misses(s in "[0-9 -]{7,11}") {
        let got = RoutingNumber::parse(&s).map(|_| ()).map_err(|e| e.code);
        prop_assert_eq!(got, reference_routing(&s));
    }

    #[test]
    fn account_debug_shows_at_most_last4(acct in "[0-9]{4,17}") {
        let a = AccountNumber::parse(&acct).unwrap();
        let shown = format!("{a:?}");
        let digits: String = shown.chars().filter(char::is_ascii_digit).collect();
        prop_assert!(digits.len() <= 4);
        prop_assert!(acct.ends_with(&digits));
    }

    #[test]
    fn validate_never_panics_and_reports_known_codes(v in any_json()) {
        match validate(&v) {
            Ok(p) => {
                // A valid body re-validates to itself.
                prop_assert_eq!(validate(&p.to_json()).unwrap(), p);
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for e in &errors {
                    prop_assert!(code::ALL.contains(&e.code), "{}", e.code);
                    prop_assert!(!e.message.is_empty());
                }
            }
        }
    }

    #[test]
    fn errors_come_in_field_order(v in any_json()) {
        if let Err(errors) = validate(&v) {
            let ranks: Vec<(usize, usize)> = errors
                .iter()
                // An unknown empty key also has param "": it is an unknown field.
                .map(|e| if e.code == "unknown_field" && e.param.is_empty() { (7, 0) } else { rank(&e.param) })
                .collect();
            prop_assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{:?}", errors);
        }
    }

    #[test]
    fn rail_limit_check_agrees_with_rails_for_amount(
        amount in prop_oneof![1u64..=200_000_000, 1u64..=1_000_000_000_000],
        rail in prop::sample::select(Rail::CONCRETE.to_vec()),
    ) {
        let body = json!({ "amount": amount, "currency": "usd", "rail": rail.as_str(),
                           "destination": { "token": "tok_a" } });
        let carried = rails_for_amount(Amount::new(amount).unwrap(), &RailLimits::default());
        prop_assert_eq!(validate(&body).is_ok(), carried.contains(&rail));
    }

    #[test]
    fn validate_never_panics_on_a_near_valid_body(
        p in parts(), field in prop::sample::select(FIELDS.to_vec()), junk in any_json()
    ) {
        let mut v: Value = serde_json::from_str(&text(&p, 0, None)).unwrap();
        v[field] = junk;
        let _ = validate(&v);
    }

    #[test]
    fn derive_is_a_valid_key_and_length_prefixed(a in "\\PC{0,8}", b in "\\PC{0,8}", c in "\\PC{1,8}") {
        let k = derive(&a, &format!("{c}{b}"));
        prop_assert_eq!(IdempotencyKey::parse(k.as_str()), Ok(k.clone()));
        prop_assert_eq!(k.as_str().len(), 36);
        // Moving characters between scope and reference changes the key.
        prop_assert_ne!(k, derive(&format!("{a}{c}"), &b));
    }
}

/// (group, position inside the group) of a param, in the documented error order.
fn rank(param: &str) -> (usize, usize) {
    let top = ["", "amount", "currency", "rail"];
    if let Some(i) = top.iter().position(|t| *t == param) {
        return (i, 0);
    }
    if param == "destination" {
        return (4, 0);
    }
    if let Some(member) = param.strip_prefix("destination.") {
        let i = ["routing_number", "account_number", "token"]
            .iter()
            .position(|m| *m == member)
            .unwrap_or(3);
        return (4, i + 1);
    }
    match param {
        "idempotency_key" => (5, 0),
        "metadata" => (6, 0),
        p if p.starts_with("metadata.") => (6, 1),
        _ => (7, 0),
    }
}

#[test]
fn metadata_empty_and_absent_fingerprint_the_same() {
    let base = r#"{"amount":1,"currency":"usd","destination":{"token":"tok_a"}}"#;
    let empty = r#"{"amount":1,"currency":"usd","destination":{"token":"tok_a"},"metadata":{}}"#;
    assert_eq!(fp(base), fp(empty));
}
