//! Errors shared by the modules that check caller input field by field.

use serde::Serialize;

/// One problem with one field of a request: `{ param, code, message }`.
///
/// `param` is a dotted path (`destination.routing_number`, `metadata.invoice_id`), `code` a
/// stable machine-readable string (the `payment::code` table), `message` a sentence for people that
/// names the rule and the fix. A `FieldError` never contains a secret or an API key.
///
/// ```
/// use kinetic_flow_core::FieldError;
/// let e = FieldError::new("amount", "amount_too_small", "amount must be at least 1 (minor units).");
/// assert_eq!(e.code, "amount_too_small");
/// assert_eq!(e.to_string(), "amount: amount must be at least 1 (minor units).");
/// let whole = FieldError::new("", "invalid_type", "the payment body must be a JSON object.");
/// assert_eq!(whole.to_string(), "the payment body must be a JSON object.");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct FieldError {
    /// Dotted path of the field, e.g. `destination.routing_number`.
    pub param: String,
    /// Stable code, e.g. `routing_number_checksum`.
    pub code: &'static str,
    /// A sentence for people: what is wrong and how to fix it.
    pub message: String,
}

impl FieldError {
    /// Makes a field error.
    ///
    /// ```
    /// use kinetic_flow_core::FieldError;
    /// let e = FieldError::new("amount", "amount_too_small", "Use an amount of at least 1.");
    /// assert_eq!(e.to_string(), "amount: Use an amount of at least 1.");
    /// ```
    pub fn new(param: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        FieldError {
            param: param.into(),
            code,
            message: message.into(),
        }
    }
}

impl FieldError {
    /// What `Display` writes, appended to `out` without `core::fmt`.
    pub(crate) fn write_to(&self, out: &mut String) {
        // A problem with the whole body (e.g. it is not a JSON object) has no field to name.
        if !self.param.is_empty() {
            out.push_str(&self.param);
            out.push_str(": ");
        }
        out.push_str(&self.message);
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = String::new();
        self.write_to(&mut out);
        f.write_str(&out)
    }
}

impl std::error::Error for FieldError {}
