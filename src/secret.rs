//! Secrets: the prefixes of what this crate calls a secret (webhook signing secrets, API keys),
//! written once, and their redaction from any text an error repeats. No error, log line or
//! `Debug` output of the crate contains a secret, even one an API response echoed.

/// A webhook signing secret's prefix.
pub(crate) const WEBHOOK_SECRET: &str = "whsec_";
/// A test-mode API key's prefix.
pub(crate) const TEST_KEY: &str = "sk_test_";
/// A live-mode API key's prefix.
pub(crate) const LIVE_KEY: &str = "sk_live_";
/// Every secret's prefix.
pub(crate) const PREFIXES: [&str; 3] = [WEBHOOK_SECRET, TEST_KEY, LIVE_KEY];

/// Whether `text` starts as an API key does (`sk_test_`, `sk_live_`).
pub(crate) fn is_api_key(text: &str) -> bool {
    text.starts_with(TEST_KEY) || text.starts_with(LIVE_KEY)
}

/// Replaces the part after the prefix of every secret-shaped token (`whsec_…`, `sk_test_…`,
/// `sk_live_…` followed by letters, digits or base64 punctuation) with `…redacted`, so an error
/// never repeats a secret, even one the response itself echoed (a `Request-Id` header, a message
/// quoting a key). Text without such a token is left as it is.
pub(crate) fn redact(text: &mut String) {
    if !PREFIXES.iter().any(|p| crate::text::contains(text, p)) {
        return;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some((at, prefix)) = PREFIXES
        .iter()
        .filter_map(|p| crate::text::find(rest, p).map(|at| (at, *p)))
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
    use super::redact;

    fn redacted(s: &str) -> String {
        let mut t = s.to_owned();
        redact(&mut t);
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
}
