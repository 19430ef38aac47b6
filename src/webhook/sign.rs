//! Signing: the header a sender writes.

use super::header::preview;
use super::verifier::keyed_secrets;
use super::{MalformedReason, Verifier, WebhookError, MAX_SIGNATURES, MAX_TIMESTAMP};
use crate::digits::{write_hex, write_i64};
use crate::UnixTime;

/// use kinetic_flow_core::UnixTime;
/// Signs a payload: returns the header value `t=<timestamp>,v1=<hex>` with one `v1` per secret
/// (lowercase hex). For tests and for servers that send Kinetic-style webhooks. `timestamp`
/// is a [`UnixTime`] ([`UnixTime::from_secs`]) that fits the header's 12 digits (0 to
/// [`MAX_TIMESTAMP`]), and there may be at most
/// [`MAX_SIGNATURES`] secrets (a header with more `v1` items is refused by every verifier, so
/// signing refuses it too: `malformed_signature_header`).
///
/// ```
/// use kinetic_flow_core::webhook::{sign, MAX_SIGNATURES};
/// use kinetic_flow_core::UnixTime;
/// let h = sign(b"{}", &["whsec_a", "whsec_b"], UnixTime::from_secs(1_776_244_442)).unwrap();
/// assert!(h.starts_with("t=1776244442,v1="));
/// assert_eq!(h.matches(",v1=").count(), 2);
/// let too_many = vec!["whsec_a"; MAX_SIGNATURES + 1];
/// assert_eq!(sign(b"{}", &too_many, UnixTime::from_secs(1)).unwrap_err().code(), "malformed_signature_header");
/// assert_eq!(sign(b"{}", &["whsec_a"], UnixTime::from_secs(-1)).unwrap_err().code(), "malformed_signature_header");
/// ```
pub fn sign<S: AsRef<str>>(
    payload: &[u8],
    secrets: &[S],
    timestamp: impl Into<UnixTime>,
) -> Result<String, WebhookError> {
    let timestamp = timestamp.into();
    // `t` as the header writes it (the decimal seconds), without `core::fmt`.
    let mut t = String::with_capacity(14);
    write_i64(timestamp.as_secs(), &mut t);
    let malformed = |reason| {
        let mut item = String::from("t=");
        item.push_str(&t);
        WebhookError::MalformedSignatureHeader {
            reason,
            header: preview(&item),
        }
    };
    if timestamp > MAX_TIMESTAMP || timestamp < UnixTime::EPOCH {
        return Err(malformed(MalformedReason::InvalidTimestamp));
    }
    if secrets.len() > MAX_SIGNATURES {
        return Err(malformed(MalformedReason::TooLong));
    }
    let keys = keyed_secrets(secrets)?;
    let mut out = String::with_capacity(2 + t.len() + keys.len() * 68);
    out.push_str("t=");
    out.push_str(&t);
    for key in &keys {
        let tag = Verifier::mac(key, &t, payload).finalize();
        out.push_str(",v1=");
        write_hex(&tag, &mut out);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = br#"{"id":"evt_1","type":"payment.completed","data":{"object":{}}}"#;

    #[test]
    fn sign_refuses_timestamps_the_header_cannot_carry() {
        assert!(sign(BODY, &["whsec_a"], MAX_TIMESTAMP).is_ok());
        let e = sign(
            BODY,
            &["whsec_a"],
            UnixTime::from_secs(MAX_TIMESTAMP.as_secs() + 1),
        )
        .unwrap_err();
        assert_eq!(e.code(), "malformed_signature_header");
    }
}
