//! `Metadata`: the caller's own string key-value pairs attached to a payment.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::code;
use crate::FieldError;

/// At most this many metadata keys.
pub const MAX_METADATA_KEYS: usize = 50;
/// A metadata key is 1 to this many characters (Unicode scalar values).
pub const MAX_METADATA_KEY_CHARS: usize = 40;
/// A metadata value is at most this many characters (Unicode scalar values, not bytes and not
/// UTF-16 units: `"é"` is one character, `"😀"` is one).
pub const MAX_METADATA_VALUE_CHARS: usize = 500;

/// Validated metadata: at most 50 keys of 1 to 40 characters without `[` or `]`, each with a
/// string value of at most 500 characters. Keys are kept sorted.
///
/// ```
/// use kinetic_flow_core::payment::Metadata;
/// let m = Metadata::parse(&serde_json::json!({ "invoice_id": "inv_001" })).unwrap();
/// assert_eq!(m.get("invoice_id"), Some("inv_001"));
/// assert_eq!(m.len(), 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Metadata(BTreeMap<String, String>);

impl Metadata {
    /// Checks a JSON `metadata` value and returns every problem, in this order:
    /// `invalid_type` (param `metadata`) when it is not an object, then `too_many_metadata_keys`
    /// (param `metadata`), then per key in sorted order `invalid_metadata_key` and
    /// `invalid_type` or `metadata_value_too_long` (param `metadata.<key>`).
    ///
    /// ```
    /// use kinetic_flow_core::payment::Metadata;
    /// let errs = Metadata::parse(&serde_json::json!({ "a[0]": "x", "n": 5 })).unwrap_err();
    /// let got: Vec<(&str, &str)> = errs.iter().map(|e| (e.param.as_str(), e.code)).collect();
    /// assert_eq!(got, [("metadata.a[0]", "invalid_metadata_key"), ("metadata.n", "invalid_type")]);
    /// ```
    pub fn parse(value: &Value) -> Result<Metadata, Vec<FieldError>> {
        let Some(obj) = value.as_object() else {
            return Err(vec![FieldError::new(
                "metadata",
                code::INVALID_TYPE,
                "metadata must be an object of string values, such as {\"invoice_id\": \"inv_001\"}.",
            )]);
        };
        let mut errors = Vec::new();
        if obj.len() > MAX_METADATA_KEYS {
            errors.push(FieldError::new(
                "metadata",
                code::TOO_MANY_METADATA_KEYS,
                crate::text::cat(&[
                    "metadata has ",
                    &crate::digits::num(obj.len() as u64),
                    " keys; the limit is ",
                    &crate::digits::num(MAX_METADATA_KEYS as u64),
                    ".",
                ]),
            ));
        }
        let mut keys: Vec<&String> = obj.keys().collect();
        // Unstable is the same order: the keys of a map are distinct.
        keys.sort_unstable();
        let mut out = BTreeMap::new();
        for key in keys {
            let param = crate::text::cat(&["metadata.", key]);
            let key_chars = key.chars().count();
            if key_chars == 0
                || key_chars > MAX_METADATA_KEY_CHARS
                || key.bytes().any(|b| b == b'[' || b == b']')
            {
                errors.push(FieldError::new(
                    param.clone(),
                    code::INVALID_METADATA_KEY,
                    "metadata keys must be 1 to 40 characters, without [ or ].",
                ));
            }
            match obj.get(key) {
                Some(Value::String(s)) => {
                    let chars = s.chars().count();
                    if chars > MAX_METADATA_VALUE_CHARS {
                        errors.push(FieldError::new(
                            param,
                            code::METADATA_VALUE_TOO_LONG,
                            crate::text::cat(&[
                                "metadata values must be at most ",
                                &crate::digits::num(MAX_METADATA_VALUE_CHARS as u64),
                                " characters; got ",
                                &crate::digits::num(chars as u64),
                                ".",
                            ]),
                        ));
                    } else {
                        out.insert(key.clone(), s.clone());
                    }
                }
                _ => errors.push(FieldError::new(
                    param,
                    code::INVALID_TYPE,
                    "metadata values must be strings; convert numbers and booleans to text.",
                )),
            }
        }
        if errors.is_empty() {
            Ok(Metadata(out))
        } else {
            Err(errors)
        }
    }

    /// The value of `key`, if present.
    ///
    /// ```
    /// use kinetic_flow_core::payment::Metadata;
    /// let m = Metadata::parse(&serde_json::json!({ "k": "v" })).unwrap();
    /// assert_eq!(m.get("k"), Some("v"));
    /// assert_eq!(m.get("missing"), None);
    /// ```
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// The pairs in key order.
    ///
    /// ```
    /// use kinetic_flow_core::payment::Metadata;
    /// let m = Metadata::parse(&serde_json::json!({ "b": "2", "a": "1" })).unwrap();
    /// let keys: Vec<&str> = m.iter().map(|(k, _)| k).collect();
    /// assert_eq!(keys, ["a", "b"]);
    /// ```
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The number of keys.
    ///
    /// ```
    /// use kinetic_flow_core::payment::Metadata;
    /// assert_eq!(Metadata::default().len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no keys.
    ///
    /// ```
    /// use kinetic_flow_core::payment::Metadata;
    /// assert!(Metadata::default().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The wire form, a JSON object of strings.
    ///
    /// ```
    /// use kinetic_flow_core::payment::Metadata;
    /// let v = serde_json::json!({ "order": "42" });
    /// assert_eq!(Metadata::parse(&v).unwrap().to_json(), v);
    /// ```
    pub fn to_json(&self) -> Value {
        // Inserted one by one (already in key order): `collect` into a map would sort a
        // vector first, one more sort instantiation in the wasm package.
        let mut map = Map::new();
        for (k, v) in &self.0 {
            map.insert(k.clone(), Value::String(v.clone()));
        }
        Value::Object(map)
    }
}
