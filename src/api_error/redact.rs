//! Secret-shaped tokens out of every text an API error repeats (SPEC: no error contains a
//! secret or an API key, even one the response itself echoed).

/// The prefixes of what this crate calls a secret: webhook signing secrets and API keys.
const SECRET_PREFIXES: &[&str] = &["whsec_", "sk_test_", "sk_live_"];

/// Replaces the part after the prefix of every secret-shaped token (`whsec_…`, `sk_test_…`,
/// `sk_live_…` followed by letters, digits or base64 punctuation) with `…redacted`, so an error
/// never repeats a secret, even one the response itself echoed (a `Request-Id` header, a message
/// quoting a key). Text without such a token is left as it is.
pub(crate) fn redact_secret_shapes(text: &mut String) {
    if !SECRET_PREFIXES.iter().any(|p| text.contains(p)) {
        return;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some((at, prefix)) = SECRET_PREFIXES
        .iter()
        .filter_map(|p| rest.find(p).map(|at| (at, *p)))
        .min_by_key(|&(at, _)| at)
    {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        out.push_str(prefix);
        let after = from.get(prefix.len()..).unwrap_or("");
        let tail = after
            .find(|c: char| {
                !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '_' | '-'))
            })
            .unwrap_or(after.len());
        if tail > 0 {
            out.push_str("…redacted");
        }
        rest = after.get(tail..).unwrap_or("");
    }
    out.push_str(rest);
    *text = out;
}

#[cfg(test)]
mod tests {
    use super::redact_secret_shapes;

    fn redacted(s: &str) -> String {
        let mut t = s.to_owned();
        redact_secret_shapes(&mut t);
        t
    }

    #[test]
    fn secret_shaped_tokens_lose_their_secret_part() {
        assert_eq!(
            redacted("whsec_TortureSecretZ9y8X7w6V5u4T3s2"),
            "whsec_…redacted"
        );
        assert_eq!(
            redacted("key sk_live_abc123 and sk_test_Z9, secret whsec_a+b/c= end"),
            "key sk_live_…redacted and sk_test_…redacted, secret whsec_…redacted end"
        );
        assert_eq!(redacted("req_123"), "req_123");
        assert_eq!(redacted("whsec_"), "whsec_");
        assert_eq!(redacted("sk_test_…redacted"), "sk_test_…redacted");
        assert_eq!(redacted("éwhsec_é"), "éwhsec_é");
        assert_eq!(
            redacted("xwhsec_1ésk_live_2"),
            "xwhsec_…redactedésk_live_…redacted"
        );
    }

    #[test]
    fn decode_never_repeats_a_secret_the_response_echoed() {
        let body = br#"{"error":{"message":"secret whsec_abc123 is wrong","param":"sk_live_XyZ"}}"#;
        let headers = [("Request-Id", "whsec_TortureSecretZ9y8X7w6V5u4T3s2")];
        let e = crate::api_error::decode(400, body, &headers, 0).unwrap();
        assert_eq!(e.message, "secret whsec_…redacted is wrong");
        assert_eq!(e.param.as_deref(), Some("sk_live_…redacted"));
        let e = crate::api_error::decode(402, b"", &headers, 0).unwrap();
        assert_eq!(e.request_id.as_deref(), Some("whsec_…redacted"));
    }

    #[test]
    fn the_length_bounds_hold_after_redaction() {
        use crate::api_error::{decode, MAX_FIELD_BYTES, MAX_MESSAGE_BYTES};
        // `…redacted` (11 bytes) is longer than a 4-letter secret part: a field at the bound
        // would grow past it if it were bounded first and redacted after.
        let at_bound = format!("{}sk_live_isag", "r".repeat(MAX_FIELD_BYTES - 12));
        assert_eq!(at_bound.len(), MAX_FIELD_BYTES);
        let e = decode(500, b"", &[("Request-Id", at_bound.as_str())], 0).unwrap();
        assert_eq!(e.request_id, None); // too long once redacted: dropped, as any long field
        let short = format!("{}sk_live_isag", "r".repeat(MAX_FIELD_BYTES - 20));
        let e = decode(500, b"", &[("Request-Id", short.as_str())], 0).unwrap();
        let id = e.request_id.unwrap();
        assert!(
            id.ends_with("sk_live_…redacted") && id.len() <= MAX_FIELD_BYTES,
            "{id}"
        );
        let message = format!("{}sk_live_isag", "m".repeat(MAX_MESSAGE_BYTES - 12));
        let body = format!(r#"{{"error":{{"message":"{message}"}}}}"#);
        let e = decode(500, body.as_bytes(), &[], 0).unwrap();
        assert!(e.message.len() <= MAX_MESSAGE_BYTES + '…'.len_utf8());
        assert!(!e.message.contains("isag"), "{}", e.message);
    }
}
