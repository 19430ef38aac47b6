//! Test deliveries: a realistic, signed webhook of any known event type, to test one's own
//! handler with (and what the sandbox and `kinetic trigger --to` send when they make an event up).
//!
//! Every delivery is built from one table of example objects, `data/event-examples.json`, shipped
//! with the crate ([`EXAMPLES_JSON`]): the npm package's `webhooks.testDelivery` and the sandbox
//! read the same table through this module.
//!
//! ```
//! use kinetic_flow_core::event::{EventData, EventType};
//! use kinetic_flow_core::webhook::{test_delivery, Verifier};
//! use kinetic_flow_core::UnixTime;
//!
//! let secret = "whsec_test_secret";
//! let now = UnixTime::from_secs(1_776_244_442);
//! let overrides = serde_json::json!({ "data": { "object": { "amount": 500 } } });
//! let delivery = test_delivery(&EventType::PaymentCompleted, &[secret], now, [7; 16], Some(overrides))?;
//!
//! // What a handler receives: the body and its Kinetic-Signature header.
//! let verified = Verifier::new(&[secret])?.verify(delivery.body.as_bytes(), &delivery.signature, now)?;
//! assert_eq!(verified.event, delivery.event);
//! let EventData::Payment(payment) = &delivery.event.data else { panic!() };
//! assert_eq!((payment.amount, payment.status.as_str()), (500, "completed"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde_json::{Map, Value};

use super::{sign, WebhookError};
use crate::event::summary::EventSummary;
use crate::event::{Event, EventType};
use crate::json::{write_string, write_value};
use crate::UnixTime;

/// The example-object table, as shipped (`data/event-examples.json`): a JSON object whose
/// `objects` maps each known event type to a realistic `data.object`, and whose `api_version` is
/// the version the events are rendered with.
pub const EXAMPLES_JSON: &str = include_str!("../../data/event-examples.json");

/// The event fields, in the order a test delivery writes them (any others follow, sorted).
const EVENT_ORDER: &[&str] = &[
    "id",
    "object",
    "type",
    "api_version",
    "created_at",
    "livemode",
    "data",
];
/// Keys written first in every nested object (the resource's own order follows, sorted).
const OBJECT_ORDER: &[&str] = &["id", "object"];

/// A signed test delivery: what a webhook endpoint receives, and the event it must yield.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TestDelivery {
    /// The body, compact JSON, exactly as signed.
    pub body: String,
    /// The `Kinetic-Signature` header value (`t=…,v1=…`, one `v1` per secret).
    pub signature: String,
    /// The event the body holds, as [`Verifier::verify`](super::Verifier::verify) reads it.
    pub event: Event,
}

impl TestDelivery {
    /// The request headers a sender writes: `Content-Type` and `Kinetic-Signature`.
    ///
    /// ```
    /// use kinetic_flow_core::event::EventType;
    /// use kinetic_flow_core::webhook::test_delivery;
    /// use kinetic_flow_core::UnixTime;
    /// let d = test_delivery(&EventType::RefundCreated, &["whsec_a"], UnixTime::from_secs(1_776_244_442), [0; 16], None)?;
    /// let headers = d.headers();
    /// assert_eq!(headers[0], ("Content-Type", "application/json"));
    /// assert_eq!(headers[1].0, "Kinetic-Signature");
    /// # Ok::<(), kinetic_flow_core::webhook::TestDeliveryError>(())
    /// ```
    pub fn headers(&self) -> [(&'static str, &str); 2] {
        [
            ("Content-Type", "application/json"),
            (super::SIGNATURE_HEADER, &self.signature),
        ]
    }
}

/// Why a test delivery could not be built. [`TestDeliveryError::code`] gives the stable string.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TestDeliveryError {
    /// `unknown_event_type`: no example exists for this type (only the known types have one).
    UnknownEventType {
        /// The type asked for.
        name: String,
    },
    /// `invalid_overrides`: the overrides are not a JSON object, or they change the event's
    /// `type`.
    InvalidOverrides {
        /// What is wrong with them.
        reason: &'static str,
    },
    /// The signing or the event rule refused it: `invalid_secret`, `malformed_signature_header`
    /// (a timestamp the header cannot carry), or `invalid_event` (overrides that leave the body
    /// without a string `id` or an object `data.object`).
    Webhook(WebhookError),
}

impl TestDeliveryError {
    /// The stable code: `unknown_event_type`, `invalid_overrides`, or the webhook error's.
    ///
    /// ```
    /// use kinetic_flow_core::event::EventType;
    /// use kinetic_flow_core::webhook::test_delivery;
    /// use kinetic_flow_core::UnixTime;
    /// let e = test_delivery(&EventType::parse("payment.disputed"), &["whsec_a"], UnixTime::EPOCH, [0; 16], None).unwrap_err();
    /// assert_eq!(e.code(), "unknown_event_type");
    /// let e = test_delivery(&EventType::PaymentFailed, &[""], UnixTime::EPOCH, [0; 16], None).unwrap_err();
    /// assert_eq!(e.code(), "invalid_secret");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            TestDeliveryError::UnknownEventType { .. } => "unknown_event_type",
            TestDeliveryError::InvalidOverrides { .. } => "invalid_overrides",
            TestDeliveryError::Webhook(e) => e.code(),
        }
    }

    /// The text `Display` writes, without `core::fmt` (the npm module's error messages).
    ///
    /// ```
    /// use kinetic_flow_core::event::EventType;
    /// use kinetic_flow_core::webhook::test_delivery;
    /// use kinetic_flow_core::UnixTime;
    /// let e = test_delivery(&EventType::parse("payment.disputed"), &["whsec_a"], UnixTime::EPOCH, [0; 16], None).unwrap_err();
    /// assert_eq!(e.message(), e.to_string());
    /// ```
    pub fn message(&self) -> String {
        let mut out = String::new();
        match self {
            TestDeliveryError::UnknownEventType { name } => {
                out.push('`');
                out.push_str(name);
                out.push_str("` is not a known event type; test deliveries exist for ");
                for (i, known) in EventType::KNOWN.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(known);
                }
                out.push('.');
            }
            TestDeliveryError::InvalidOverrides { reason } => {
                out.push_str("The overrides ");
                out.push_str(reason);
                out.push('.');
            }
            TestDeliveryError::Webhook(e) => e.write_statement(&mut out),
        }
        out
    }
}

/// [`TestDeliveryError::message`], the one text of each variant (a webhook error's own).
impl std::fmt::Display for TestDeliveryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for TestDeliveryError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            // As `transparent` was: the webhook error's own source.
            TestDeliveryError::Webhook(e) => std::error::Error::source(e),
            _ => None,
        }
    }
}

impl From<WebhookError> for TestDeliveryError {
    fn from(e: WebhookError) -> Self {
        TestDeliveryError::Webhook(e)
    }
}

/// The table's example `data.object` for a known event type (`None` for an unknown one).
///
/// ```
/// use kinetic_flow_core::event::EventType;
/// use kinetic_flow_core::webhook::example_object;
/// let refund = example_object(&EventType::RefundCompleted).unwrap();
/// assert_eq!(refund["status"], "completed");
/// assert!(example_object(&EventType::parse("payment.disputed")).is_none());
/// ```
pub fn example_object(event_type: &EventType) -> Option<Value> {
    if matches!(event_type, EventType::Unknown(_)) {
        return None;
    }
    table()?
        .get_mut("objects")?
        .get_mut(event_type.as_str())
        .map(Value::take)
}

fn table() -> Option<Value> {
    crate::json::parse(EXAMPLES_JSON.as_bytes())
}

/// Builds and signs a realistic delivery of `event_type`: the table's example object in an event
/// (`id` `evt_` and the hex of `random`, `created_at` the RFC 3339 form of `timestamp`,
/// `livemode` false), with `overrides` merged in, signed with each of `secrets` at `timestamp`.
///
/// `overrides` is a partial event, merged key by key into objects (`{"data": {"object":
/// {"amount": 500}}}` changes the amount only); any other value, `null` and arrays included,
/// replaces what was there. It may set the `id`, `livemode` or any field of the object, never the
/// `type`. The result must still be an event (a string `id`, an object `data.object`), else
/// `invalid_event`.
///
/// Errors: `unknown_event_type`, `invalid_overrides`, `invalid_secret`,
/// `malformed_signature_header` (a timestamp outside 0 to
/// [`MAX_TIMESTAMP`](super::MAX_TIMESTAMP)), `invalid_event`.
///
/// ```
/// use kinetic_flow_core::event::EventType;
/// use kinetic_flow_core::webhook::test_delivery;
/// use kinetic_flow_core::UnixTime;
/// let d = test_delivery(&EventType::PaymentFailed, &["whsec_a"], UnixTime::from_secs(1_776_244_442), [0xab; 16], None)?;
/// assert!(d.body.starts_with(r#"{"id":"evt_abababababababababababababababab","object":"event","type":"payment.failed","#));
/// assert!(d.body.contains(r#""created_at":"2026-04-15T09:14:02Z""#));
/// assert!(d.body.contains(r#""failure_code":"account_closed""#));
/// assert!(d.signature.starts_with("t=1776244442,v1="));
/// # Ok::<(), kinetic_flow_core::webhook::TestDeliveryError>(())
/// ```
pub fn test_delivery<S: AsRef<str>>(
    event_type: &EventType,
    secrets: &[S],
    timestamp: impl Into<UnixTime>,
    random: [u8; 16],
    overrides: Option<Value>,
) -> Result<TestDelivery, TestDeliveryError> {
    let (body, signature) = signed(event_type, secrets, timestamp.into(), random, overrides)?;
    let event = Event::parse(body.as_bytes()).map_err(WebhookError::from)?;
    Ok(TestDelivery {
        body,
        signature,
        event,
    })
}

/// [`test_delivery`] without the typed event: `(body, signature)`, the body checked by the event
/// rule. For the npm package, which `JSON.parse`s the body itself (so the wasm module does not
/// link the typed event reader).
pub fn signed<S: AsRef<str>>(
    event_type: &EventType,
    secrets: &[S],
    timestamp: UnixTime,
    random: [u8; 16],
    overrides: Option<Value>,
) -> Result<(String, String), TestDeliveryError> {
    let unknown = || TestDeliveryError::UnknownEventType {
        name: event_type.as_str().to_owned(),
    };
    if matches!(event_type, EventType::Unknown(_)) {
        return Err(unknown());
    }
    let mut table = table().ok_or_else(unknown)?;
    let api_version = table
        .get("api_version")
        .and_then(Value::as_str)
        .unwrap_or(crate::API_VERSION)
        .to_owned();
    let object = table
        .get_mut("objects")
        .and_then(|o| o.get_mut(event_type.as_str()))
        .map(Value::take)
        .ok_or_else(unknown)?;

    let mut event = Map::new();
    event.insert("id".into(), Value::String(event_id(random)));
    event.insert("object".into(), Value::String("event".into()));
    event.insert("type".into(), Value::String(event_type.as_str().into()));
    event.insert("api_version".into(), Value::String(api_version));
    event.insert("created_at".into(), Value::String(rfc3339(timestamp)));
    event.insert("livemode".into(), Value::Bool(false));
    let mut data = Map::new();
    data.insert("object".into(), object);
    event.insert("data".into(), Value::Object(data));

    if let Some(overrides) = overrides {
        let Value::Object(patch) = overrides else {
            return Err(TestDeliveryError::InvalidOverrides {
                reason: "must be a JSON object: a partial event, such as {\"data\": {\"object\": {\"amount\": 500}}}",
            });
        };
        if patch
            .get("type")
            .is_some_and(|t| t.as_str() != Some(event_type.as_str()))
        {
            return Err(TestDeliveryError::InvalidOverrides {
                reason:
                    "cannot change the event's `type`: pass the type you want as the event type",
            });
        }
        merge(&mut event, patch);
    }

    let mut body = String::with_capacity(1024);
    write_ordered(&event, EVENT_ORDER, &mut body);
    let signature = sign(body.as_bytes(), secrets, timestamp)?;
    EventSummary::accept(body.as_bytes()).map_err(WebhookError::from)?;
    Ok((body, signature))
}

/// `evt_` and the lowercase hex of `random`.
fn event_id(random: [u8; 16]) -> String {
    let digit = |n: u8| char::from(n + if n < 10 { b'0' } else { b'a' - 10 });
    let mut id = String::with_capacity(36);
    id.push_str("evt_");
    for byte in random {
        id.push(digit(byte >> 4));
        id.push(digit(byte & 15));
    }
    id
}

/// Merges `patch` into `target`: objects key by key, anything else replaces.
fn merge(target: &mut Map<String, Value>, patch: Map<String, Value>) {
    for (key, value) in patch {
        match (target.get_mut(&key), value) {
            (Some(Value::Object(inner)), Value::Object(p)) => merge(inner, p),
            (_, value) => {
                target.insert(key, value);
            }
        }
    }
}

/// Compact JSON of an object with the keys of `first` first (those present), then the rest in the
/// map's order; nested objects put `id` and `object` first.
fn write_ordered(map: &Map<String, Value>, first: &[&str], out: &mut String) {
    out.push('{');
    let mut comma = false;
    let mut entry = |key: &str, value: &Value, out: &mut String| {
        if std::mem::replace(&mut comma, true) {
            out.push(',');
        }
        write_string(key, out);
        out.push(':');
        match value {
            Value::Object(inner) => write_ordered(inner, OBJECT_ORDER, out),
            other => write_value(other, None, false, out),
        }
    };
    for key in first {
        if let Some(value) = map.get(*key) {
            entry(key, value, out);
        }
    }
    for (key, value) in map {
        if !first.contains(&key.as_str()) {
            entry(key, value, out);
        }
    }
    out.push('}');
}

/// `YYYY-MM-DDTHH:MM:SSZ` (UTC) of a Unix time in the header's range (0 to 12 digits); a time
/// outside it is refused by `sign` right after, so any text does.
fn rfc3339(t: UnixTime) -> String {
    let secs = t.as_secs().clamp(0, super::MAX_TIMESTAMP.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // H. Hinnant's `civil_from_days`, for days >= 0.
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let mut out = String::with_capacity(20);
    let two = |n: i64, sep: char, out: &mut String| {
        out.push(sep);
        out.push(char::from(b'0' + (n / 10 % 10) as u8));
        out.push(char::from(b'0' + (n % 10) as u8));
    };
    let mut y = String::new();
    crate::digits::write_u64(year.unsigned_abs(), &mut y);
    for _ in y.len()..4 {
        out.push('0');
    }
    out.push_str(&y);
    two(month, '-', &mut out);
    two(day, '-', &mut out);
    two(rest / 3600, 'T', &mut out);
    two(rest / 60 % 60, ':', &mut out);
    two(rest % 60, ':', &mut out);
    out.push('Z');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::EventData;
    use crate::webhook::Verifier;

    const SECRET: &str = "whsec_test_secret";
    const NOW: i64 = 1_776_244_442;

    #[test]
    fn every_known_type_has_a_typed_example_that_verifies() {
        let verifier = Verifier::new(&[SECRET]).unwrap();
        for name in EventType::KNOWN {
            let t = EventType::parse(name);
            let d = test_delivery(&t, &[SECRET], UnixTime::from_secs(NOW), [1; 16], None).unwrap();
            let verified = verifier
                .verify(d.body.as_bytes(), &d.signature, UnixTime::from_secs(NOW))
                .unwrap();
            assert_eq!(verified.event, d.event, "{name}");
            assert_eq!(d.event.event_type, t);
            assert_ne!(
                d.event.data,
                EventData::Untyped,
                "{name}: the example must read as its typed object"
            );
            let raw = d.event.raw_value();
            assert_eq!(
                raw["data"]["object"]["object"],
                format!("{:?}", t.object_kind().unwrap()).to_lowercase()
            );
            assert_eq!(raw["api_version"], "2026-04-01");
            // A `<object>.<state>` event of a finished state carries that status.
            let state = name.split('.').nth(1).unwrap();
            if ["processing", "completed", "failed", "refunded"].contains(&state) {
                assert_eq!(raw["data"]["object"]["status"], state, "{name}");
            }
        }
    }

    #[test]
    fn created_at_is_the_timestamp_in_rfc3339() {
        assert_eq!(rfc3339(UnixTime::from_secs(0)), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(UnixTime::from_secs(NOW)), "2026-04-15T09:14:02Z");
        assert_eq!(
            rfc3339(UnixTime::from_secs(951_782_400)),
            "2000-02-29T00:00:00Z"
        );
        assert_eq!(
            rfc3339(UnixTime::from_secs(999_999_999_999)),
            "33658-09-27T01:46:39Z"
        );
    }

    #[test]
    fn overrides_merge_into_objects_and_replace_the_rest() {
        let o = serde_json::json!({ "id": "evt_fixed1", "data": { "object": { "amount": 500, "metadata": { "order": "ord_9" }, "failure_code": null } } });
        let d = test_delivery(
            &EventType::PaymentFailed,
            &[SECRET],
            UnixTime::from_secs(NOW),
            [2; 16],
            Some(o),
        )
        .unwrap();
        let raw = d.event.raw_value();
        assert_eq!(d.event.id, "evt_fixed1");
        assert_eq!(raw["data"]["object"]["amount"], 500);
        assert_eq!(
            raw["data"]["object"]["metadata"],
            serde_json::json!({ "invoice_id": "inv_003", "order": "ord_9" })
        );
        assert_eq!(raw["data"]["object"]["failure_code"], Value::Null);
        assert_eq!(raw["data"]["object"]["status"], "failed");
        assert!(d
            .body
            .starts_with(r#"{"id":"evt_fixed1","object":"event","type":"payment.failed""#));
        assert!(d
            .body
            .contains(r#""data":{"object":{"id":"pay_9c0d1e2f","object":"payment","amount":500"#));
    }

    #[test]
    fn bad_requests_are_named() {
        let t = EventType::PaymentCompleted;
        let e = test_delivery(
            &t,
            &[SECRET],
            UnixTime::from_secs(NOW),
            [0; 16],
            Some(serde_json::json!([1])),
        )
        .unwrap_err();
        assert_eq!(e.code(), "invalid_overrides");
        let e = test_delivery(
            &t,
            &[SECRET],
            UnixTime::from_secs(NOW),
            [0; 16],
            Some(serde_json::json!({ "type": "refund.created" })),
        )
        .unwrap_err();
        assert_eq!(e.code(), "invalid_overrides");
        assert!(e.to_string().contains("`type`"));
        // The same type is no change.
        assert!(test_delivery(
            &t,
            &[SECRET],
            UnixTime::from_secs(NOW),
            [0; 16],
            Some(serde_json::json!({ "type": "payment.completed" }))
        )
        .is_ok());
        let e = test_delivery(
            &t,
            &[SECRET],
            UnixTime::from_secs(NOW),
            [0; 16],
            Some(serde_json::json!({ "id": 5 })),
        )
        .unwrap_err();
        assert_eq!(e.code(), "invalid_event");
        let e = test_delivery(&t, &[SECRET], UnixTime::from_secs(-1), [0; 16], None).unwrap_err();
        assert_eq!(e.code(), "malformed_signature_header");
        let e = test_delivery(
            &t,
            &["sk_test_abc"],
            UnixTime::from_secs(NOW),
            [0; 16],
            None,
        )
        .unwrap_err();
        assert_eq!(e.code(), "invalid_secret");
        assert!(!e.to_string().contains("sk_test_abc"));
        let e = test_delivery(
            &EventType::parse("payment.disputed"),
            &[SECRET],
            UnixTime::from_secs(NOW),
            [0; 16],
            None,
        )
        .unwrap_err();
        assert_eq!(e.code(), "unknown_event_type");
        assert!(e.to_string().starts_with("`payment.disputed` is not a known event type; test deliveries exist for payment.created, "));
    }

    #[test]
    fn signs_with_every_secret() {
        let d = test_delivery(
            &EventType::TokenCreated,
            &["whsec_a", "whsec_b"],
            UnixTime::from_secs(NOW),
            [0; 16],
            None,
        )
        .unwrap();
        assert_eq!(d.signature.matches(",v1=").count(), 2);
        assert_eq!(
            Verifier::new(&["whsec_b"])
                .unwrap()
                .verify(d.body.as_bytes(), &d.signature, UnixTime::from_secs(NOW))
                .unwrap()
                .secret_index,
            0
        );
    }
}
