//! Typed responses: `Client::parse_response_as::<T>()` for the API's objects (the API docs'
//! shapes), forward-compatible, never quoting the body, never panicking.

// Not shipped code: it may panic (a test asserts so); the workspace's no-panic lints guard the rest.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable
)]

use kinetic_flow_core::event::{Event, EventData, EventType};
use kinetic_flow_core::request::{Client, PaymentId, PayoutId, RefundId, TokenId};
use kinetic_flow_core::resource::{Payment, Payout, Refund, Resource, Token};
use kinetic_flow_core::UnixTime;
use proptest::prelude::*;

const KEY: &str = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";

/// The API docs' `POST /v1/payments` response, plus a field the API may add later.
const PAYMENT: &str = r#"{
  "id": "pay_1a2b3c4d", "object": "payment", "status": "completed", "amount": 25000,
  "currency": "usd", "rail": "fednow",
  "destination": { "routing_number": "021000021", "account_number": "****7890" },
  "settled_at": "2026-04-15T09:14:02Z", "created_at": "2026-04-15T09:14:01Z",
  "added_later": { "nested": [1, 2] }
}"#;

fn client() -> Client {
    Client::new(KEY).expect("key")
}

#[test]
fn a_payment_reads_as_the_docs_show_it() {
    let p: Payment = client()
        .parse_response_as(201, PAYMENT.as_bytes(), &[], UnixTime::from_secs(0))
        .expect("payment");
    assert_eq!(p.id, PaymentId::parse("pay_1a2b3c4d").expect("id"));
    assert_eq!(
        (p.status.as_str(), p.amount, p.currency.as_str()),
        ("completed", 25_000, "usd")
    );
    assert_eq!(p.rail.as_deref(), Some("fednow"));
    let d = p.destination.as_ref().expect("destination");
    assert_eq!(d.account_number.as_deref(), Some("****7890"));
    assert_eq!(p.settled_at.as_deref(), Some("2026-04-15T09:14:02Z"));
    // The same type as an event's `data.object`.
    let event =
        format!(r#"{{"id":"evt_1","type":"payment.completed","data":{{"object":{PAYMENT}}}}}"#);
    let e = Event::parse(event.as_bytes()).expect("event");
    assert_eq!(e.data, EventData::Payment(p));
}

#[test]
fn refunds_tokens_payouts_and_events_read() {
    let c = client();
    let r: Refund = c
        .parse_response_as(
            200,
            br#"{"id":"re_1","object":"refund","payment":"pay_1a2b3c4d","amount":500,"currency":"usd","status":"pending"}"#,
            &[],
            UnixTime::from_secs(0),
        )
        .expect("refund");
    assert_eq!((r.payment.as_str(), r.amount), ("pay_1a2b3c4d", 500));
    let t: Token = c
        .parse_response_as(
            200,
            br#"{"id":"tok_9","object":"token","type":"bank_account","bank_account":{"last4":"7890"}}"#,
            &[],
            UnixTime::from_secs(0),
        )
        .expect("token");
    assert_eq!(
        t.bank_account.and_then(|a| a.last4).as_deref(),
        Some("7890")
    );
    let p: Payout = c
        .parse_response_as(
            200,
            br#"{"id":"po_1","amount":5,"currency":"usd","status":"paid"}"#,
            &[],
            UnixTime::from_secs(0),
        )
        .expect("payout");
    assert_eq!(p.arrival_date, None);
    let e: Event = c
        .parse_response_as(
            200,
            br#"{"id":"evt_7","object":"event","type":"refund.created","data":{"object":{}}}"#,
            &[],
            UnixTime::from_secs(0),
        )
        .expect("event");
    assert_eq!(
        (e.id.as_str(), e.event_type),
        ("evt_7", EventType::RefundCreated)
    );
    // An object that is not an event, though it has an `id` and a `type` (a token does).
    let err = c
        .parse_response_as::<Event>(
            200,
            br#"{"id":"tok_9","object":"token","type":"bank_account"}"#,
            &[],
            UnixTime::from_secs(0),
        )
        .unwrap_err();
    assert!(
        err.message.contains("`token`, not `event`"),
        "{}",
        err.message
    );
}

#[test]
fn a_body_that_is_not_the_resource_is_invalid_response_without_quoting_it() {
    let c = client();
    let cases: &[(&[u8], &str, bool)] = &[
        (b"<html>502</html>", "not JSON", true),
        (b"", "not JSON", true),
        (br#"[1]"#, "not a JSON object", false),
        (br#"{"object":"refund","id":"re_1"}"#, "`refund`, not `payment`", false),
        (
            br#"{"id":"pay_1","status":"ok","amount":"25000","currency":"usd","secret":"000123456789"}"#,
            "does not have the fields of a `payment`",
            false,
        ),
        (
            br#"{"id":"pay_1 000123456789","status":"ok","amount":1,"currency":"usd"}"#,
            "id must be a payment id",
            false,
        ),
        (br#"{"object":"0001234567890123456789012345678901234567"}"#, "another object", false),
    ];
    for (body, says, retryable) in cases {
        let err = c
            .parse_response_as::<Payment>(
                200,
                body,
                &[("Request-Id", "req_1")],
                UnixTime::from_secs(0),
            )
            .unwrap_err();
        let text = String::from_utf8_lossy(body);
        assert_eq!(err.code, "invalid_response", "{text}");
        assert_eq!(err.retryable, *retryable, "{text}");
        assert_eq!(err.request_id.as_deref(), Some("req_1"), "{text}");
        if !*retryable {
            assert!(err.message.contains(says), "{text}: {}", err.message);
        }
        assert!(!err.message.contains("000123456789"), "{}", err.message);
    }
    // Errors are the decoded API error, the key redacted, as parse_response does.
    let body = format!(r#"{{"error":{{"code":"invalid_api_key","message":"Bad key {KEY}"}}}}"#);
    let err = c
        .parse_response_as::<Refund>(401, body.as_bytes(), &[], UnixTime::from_secs(0))
        .unwrap_err();
    assert_eq!(err.code, "invalid_api_key");
    assert!(
        !err.message.contains("4eC39HqLyjWDarjtT1zdp7dc"),
        "{}",
        err.message
    );
}

#[test]
fn every_id_is_checked_and_a_malformed_one_is_named_not_quoted() {
    let c = client();
    let refund = br#"{"id":"re_1","object":"refund","payment":"pay_1","amount":5,"currency":"usd","status":"pending"}"#;
    let r: Refund = c
        .parse_response_as(200, refund, &[], UnixTime::from_secs(0))
        .expect("refund");
    assert_eq!(
        (r.id, r.payment),
        (
            RefundId::parse("re_1").expect("id"),
            PaymentId::parse("pay_1").expect("id")
        )
    );
    let token = br#"{"id":"tok_9","type":"bank_account"}"#;
    let t: Token = c
        .parse_response_as(200, token, &[], UnixTime::from_secs(0))
        .expect("token");
    assert_eq!(t.id, TokenId::parse("tok_9").expect("id"));
    let payout = br#"{"id":"po_1","amount":5,"currency":"usd","status":"paid"}"#;
    let p: Payout = c
        .parse_response_as(200, payout, &[], UnixTime::from_secs(0))
        .expect("payout");
    assert_eq!(p.id, PayoutId::parse("po_1").expect("id"));
    let paid_to_token = PAYMENT.replace(
        r#""routing_number": "021000021", "account_number": "****7890""#,
        r#""token": "tok_1a2b""#,
    );
    let p: Payment = c
        .parse_response_as(200, paid_to_token.as_bytes(), &[], UnixTime::from_secs(0))
        .expect("payment");
    let paid_to = p.destination.and_then(|d| d.token);
    assert_eq!(paid_to, Some(TokenId::parse("tok_1a2b").expect("id")));

    // (resource, body with a bad id, what the message says); the bad ids are secret-shaped or
    // account-number-shaped, and must not be repeated.
    fn refused<T: Resource + std::fmt::Debug>(c: &Client, body: &str) -> String {
        let err = c
            .parse_response_as::<T>(200, body.as_bytes(), &[], UnixTime::from_secs(0))
            .unwrap_err();
        assert_eq!(
            (err.code.as_str(), err.retryable),
            ("invalid_response", false),
            "{body}"
        );
        err.message
    }
    let cases = [
        (
            refused::<Refund>(
                &c,
                &String::from_utf8_lossy(refund).replace("re_1", "re_000123456789!"),
            ),
            "id must be a refund id",
        ),
        (
            refused::<Refund>(
                &c,
                &String::from_utf8_lossy(refund).replace("pay_1", "sk_live_000123456789"),
            ),
            "payment must be a payment id",
        ),
        (
            refused::<Token>(
                &c,
                &String::from_utf8_lossy(token).replace("tok_9", "whsec_000123456789"),
            ),
            "id must be a token",
        ),
        (
            refused::<Payout>(
                &c,
                &String::from_utf8_lossy(payout).replace("po_1", "pay_000123456789"),
            ),
            "id must be a payout id",
        ),
        (
            refused::<Payment>(&c, &paid_to_token.replace("tok_1a2b", "tok_000123456789 ")),
            "destination.token must be a token",
        ),
    ];
    for (message, says) in cases {
        assert!(message.contains(says), "{message}");
        assert!(!message.contains("000123456789"), "{message}");
    }
    // In an event, the object does not fit, and the event is kept, untyped.
    let body = r#"{"id":"evt_1","type":"refund.created","data":{"object":{"id":"re_a-b","payment":"pay_1","amount":5,"currency":"usd","status":"pending"}}}"#;
    let e = Event::parse(body.as_bytes()).expect("event");
    assert_eq!(e.data, EventData::Untyped);
    let e = Event::parse(body.replace("re_a-b", "re_ab").as_bytes()).expect("event");
    assert!(matches!(e.data, EventData::Refund(_)), "{:?}", e.data);
}

#[test]
fn debug_never_shows_an_account_number() {
    let body = PAYMENT.replace("****7890", "000123457890");
    let p: Payment = client()
        .parse_response_as(200, body.as_bytes(), &[], UnixTime::from_secs(0))
        .expect("payment");
    let shown = format!("{p:?}");
    assert!(!shown.contains("00012345"), "{shown}");
    assert!(shown.contains("****7890"), "{shown}");
}

#[test]
fn object_names() {
    assert_eq!(
        [
            Payment::OBJECT,
            Refund::OBJECT,
            Token::OBJECT,
            Payout::OBJECT,
            Event::OBJECT
        ],
        ["payment", "refund", "token", "payout", "event"]
    );
}

proptest! {
    /// On any body, the typed read succeeds exactly when serde reads the JSON as a `Payment`
    /// whose `object` (if any) is `payment`, and then gives the same value; never a panic.
    #[test]
    fn typed_read_agrees_with_serde(
        id in prop_oneof![Just("pay_1"), Just("pay_"), Just("re_1"), Just("pay_a b")],
        amount in prop_oneof![Just("1"), Just("-1"), Just("2.5"), Just("\"1\""), Just("null")],
        object in prop_oneof![Just(""), Just(r#""object":"payment","#), Just(r#""object":"refund","#), Just(r#""object":7,"#)],
        cut in prop::option::of(0usize..120),
    ) {
        let body = format!(r#"{{{object}"id":"{id}","status":"x","amount":{amount},"currency":"usd","extra":[1]}}"#);
        let body = match cut {
            Some(n) => body.get(..n.min(body.len())).unwrap_or(&body).to_owned(),
            None => body,
        };
        let typed = client().parse_response_as::<Payment>(200, body.as_bytes(), &[], UnixTime::from_secs(0)).ok();
        let object_ok = !body.contains(r#""object":"refund""#);
        let serde = serde_json::from_str::<Payment>(&body).ok().filter(|_| object_ok);
        prop_assert_eq!(typed, serde, "{}", body);
    }
}
