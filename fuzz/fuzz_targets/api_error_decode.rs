//! API error decoding from arbitrary status, body and headers (and the retry advice from the
//! result). Input: `status\nnow\nName: value\n…\n\nbody…` (HTTP-like, as scripts/fuzz-seed.py
//! writes from tests/vectors/api_errors.json); a line without `:` is a name with an empty value.
#![no_main]

use std::time::Duration;

use kinetic_flow_core::api_error::{
    decode, retry_delay, RetryPolicy, MAX_FIELD_BYTES, MAX_MESSAGE_BYTES, MAX_RETRY_AFTER_SECS,
};
use kinetic_flow_core::UnixTime;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(i) => (&data[..i], &data[i + 2..]),
        None => (data, &b""[..]),
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.split('\n');
    let status: u16 = lines.next().unwrap_or("").trim().parse().unwrap_or(500);
    let now: i64 = lines.next().unwrap_or("").trim().parse().unwrap_or(0);
    let headers: Vec<(&str, &str)> = lines
        .map(|l| {
            l.split_once(": ")
                .or_else(|| l.split_once(':'))
                .unwrap_or((l, ""))
        })
        .collect();

    let decoded = decode(status, body, &headers, UnixTime::from_secs(now));
    let Some(err) = decoded else {
        assert!((200..=299).contains(&status));
        return;
    };
    assert!(!(200..=299).contains(&status));
    assert_eq!(err.status, status);
    assert!(!err.code.is_empty() && err.code.len() <= MAX_FIELD_BYTES);
    assert!(!err.message.is_empty());
    assert!(err.message.len() <= MAX_MESSAGE_BYTES + '…'.len_utf8());
    assert!(err
        .param
        .as_ref()
        .is_none_or(|p| !p.is_empty() && p.len() <= MAX_FIELD_BYTES));
    assert!(err
        .request_id
        .as_ref()
        .is_none_or(|p| !p.is_empty() && p.len() <= MAX_FIELD_BYTES));
    assert!(err
        .retry_after
        .is_none_or(|d| d.as_secs() <= MAX_RETRY_AFTER_SECS));
    // A body that is not JSON is never copied into the error. (Only bodies with a control
    // character, which no message template has, can be told apart from message text.)
    // A `Request-Id` header is copied by design, so a body the fuzzer also put there is skipped.
    let marked = body.iter().any(|&b| (b < 0x20 && b != b'\n') || b == 0x7f)
        && !headers
            .iter()
            .any(|(_, v)| v.as_bytes().windows(body.len()).any(|w| w == body));
    if serde_json::from_slice::<serde_json::Value>(body).is_err() && body.len() > 16 && marked {
        let shown = format!("{err} {err:?} {}", serde_json::to_string(&err).unwrap());
        assert!(!shown.as_bytes().windows(body.len()).any(|w| w == body));
    }
    // Retry advice over a spread of attempts, policies and jitter values: never panics, never
    // below Retry-After, None exactly when not retryable or out of attempts.
    let policies = [
        RetryPolicy::default(),
        RetryPolicy::default()
            .with_base(Duration::MAX)
            .with_max(Duration::MAX)
            .with_max_attempts(u32::MAX),
        RetryPolicy::default()
            .with_base(Duration::ZERO)
            .with_max(Duration::ZERO)
            .with_max_attempts(1),
        RetryPolicy::default()
            .with_base(Duration::from_millis(now as u64))
            .with_max(Duration::from_millis(status.into()))
            .with_max_attempts(body.len() as u32),
    ];
    let randoms = [
        0.0,
        0.5,
        0.999_999,
        1.0,
        -1.0,
        f64::NAN,
        f64::INFINITY,
        f64::from(status) / 7.0,
    ];
    for policy in &policies {
        for attempt in [0, 1, 2, 31, 32, 64, u32::MAX] {
            for random in randoms {
                let delay = retry_delay(attempt, &err, policy, random);
                let stop = !err.retryable || attempt.max(1) > policy.max_attempts;
                assert_eq!(delay.is_none(), stop);
                if let Some(delay) = delay {
                    let floor = err.retry_after.unwrap_or_default();
                    assert!(delay >= floor);
                    // The cap in whole milliseconds (Duration::MAX's are beyond u64).
                    let cap = Duration::from_millis(
                        u64::try_from(policy.max.as_millis()).unwrap_or(u64::MAX),
                    );
                    assert!(delay <= cap.max(floor));
                }
            }
        }
    }
});
