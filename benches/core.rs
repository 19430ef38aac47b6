//! The rest of the core's per-request work (BENCHMARKS.md): payment validation, request
//! fingerprints, API error decoding. No floor or peer here: absolute times, with the JSON parse
//! of the same bytes beside them for scale.
//!
//! `cargo bench --bench core` (or `bash scripts/bench-native.sh`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use kinetic_flow_core::UnixTime;
use kinetic_flow_core::{api_error, idempotency, payment};
use serde_json::Value;

/// SPEC section 3's example, with metadata and an idempotency key.
const VALID: &str = r#"{"amount":25000,"currency":"usd","rail":"auto","destination":{"routing_number":"021000021","account_number":"000123456789"},"idempotency_key":"pay_abc123","metadata":{"invoice_id":"inv_001"}}"#;
/// Five mistakes at once (every error is collected and explained).
const INVALID: &str = r#"{"amount":-5,"currency":"eur","rail":"wire","destination":{"routing_number":"021000022","account_number":"12"},"metadata":{"":"x"}}"#;

const ERROR_400: &str = r#"{"error":{"code":"invalid_routing_number","message":"routing_number must be 9 digits.","param":"destination.routing_number","request_id":"req_400"}}"#;
const ERROR_429: &str = r#"{"error":{"code":"rate_limited","message":"Too many requests."}}"#;
const NOW: i64 = 1_776_244_442;

fn bench_payment(c: &mut Criterion) {
    let valid: Value = serde_json::from_str(VALID).unwrap();
    let invalid: Value = serde_json::from_str(INVALID).unwrap();
    assert!(payment::validate(&valid).is_ok());
    assert!(payment::validate(&invalid).unwrap_err().len() >= 4);
    let ok = payment::validate(&valid).unwrap();

    let mut group = c.benchmark_group("payment");
    group.bench_function("json_parse_only", |b| {
        b.iter(|| serde_json::from_str::<Value>(black_box(VALID)))
    });
    group.bench_function("validate_valid", |b| {
        b.iter(|| payment::validate(black_box(&valid)))
    });
    group.bench_function("parse_and_validate_valid", |b| {
        b.iter(|| payment::validate(&serde_json::from_str::<Value>(black_box(VALID)).unwrap()))
    });
    group.bench_function("validate_invalid_5_errors", |b| {
        b.iter(|| payment::validate(black_box(&invalid)))
    });
    group.bench_function("to_json", |b| b.iter(|| black_box(&ok).to_json()));
    group.bench_function("fingerprint", |b| {
        b.iter(|| payment::fingerprint(black_box(&ok)))
    });
    group.bench_function("derive_key", |b| {
        b.iter(|| idempotency::derive(black_box("invoice"), black_box("inv_001")))
    });
    group.finish();
}

fn bench_api_error(c: &mut Criterion) {
    let headers_400: &[(&str, &str)] = &[
        ("Content-Type", "application/json"),
        ("Request-Id", "req_h"),
    ];
    let headers_429: &[(&str, &str)] = &[
        ("Content-Type", "application/json"),
        ("Retry-After", "Wed, 15 Apr 2026 09:14:32 GMT"),
    ];
    assert!(api_error::decode(
        400,
        ERROR_400.as_bytes(),
        headers_400,
        UnixTime::from_secs(NOW)
    )
    .is_some());
    let e429 = api_error::decode(
        429,
        ERROR_429.as_bytes(),
        headers_429,
        UnixTime::from_secs(NOW),
    )
    .unwrap();
    assert_eq!(e429.retry_after, Some(std::time::Duration::from_secs(30)));

    let mut group = c.benchmark_group("api_error");
    group.bench_function("decode_400_nested", |b| {
        b.iter(|| {
            api_error::decode(
                400,
                black_box(ERROR_400.as_bytes()),
                headers_400,
                UnixTime::from_secs(NOW),
            )
        })
    });
    group.bench_function("decode_429_http_date", |b| {
        b.iter(|| {
            api_error::decode(
                429,
                black_box(ERROR_429.as_bytes()),
                headers_429,
                UnixTime::from_secs(NOW),
            )
        })
    });
    group.bench_function("decode_2xx", |b| {
        b.iter(|| api_error::decode(200, black_box(b"{}"), &[], UnixTime::from_secs(NOW)))
    });
    group.bench_function("retry_delay", |b| {
        let policy = api_error::RetryPolicy::default();
        b.iter(|| api_error::retry_delay(black_box(2), &e429, &policy, 0.5))
    });
    group.finish();
}

criterion_group!(benches, bench_payment, bench_api_error);
criterion_main!(benches);
