//! [`HttpRequest`]: a built request as plain data.

use std::fmt;

use serde::Serialize;

/// An HTTP method used by the API.
///
/// ```
/// use kinetic_flow_core::request::Method;
/// assert_eq!(Method::Post.as_str(), "POST");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum Method {
    /// `GET`: retrieve.
    #[serde(rename = "GET")]
    Get,
    /// `POST`: create.
    #[serde(rename = "POST")]
    Post,
}

impl Method {
    /// `"GET"` or `"POST"`.
    ///
    /// ```
    /// use kinetic_flow_core::request::Method;
    /// assert_eq!(Method::Get.as_str(), "GET");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// A ready-to-send request: method, absolute URL, headers (in a fixed order), optional body.
///
/// It **contains the API key** (in `Authorization`), as it must to be sent, so it is not
/// `Serialize`: nothing turns it into text that could end up in a log by accident. `Debug`
/// redacts the key and shows only the body's length (bodies can hold bank account numbers).
///
/// ```
/// use kinetic_flow_core::request::Client;
/// let req = Client::new("sk_test_abc")?.build_retrieve_event("evt_1a2b3c4d")?;
/// assert_eq!(req.url, "https://api.kinetic.dev/v1/events/evt_1a2b3c4d");
/// assert_eq!(req.body, None);
/// let debug = format!("{req:?}");
/// assert!(debug.starts_with(
///     "HttpRequest { method: Get, url: \"https://api.kinetic.dev/v1/events/evt_1a2b3c4d\", \
///      headers: [(\"Authorization\", \"Bearer sk_test_…redacted\"), (\"Accept\", \"application/json\"), \
///      (\"Kinetic-Version\", \"2026-04-01\"), (\"User-Agent\", \"kinetic-flow-core/"
/// ));
/// assert!(debug.ends_with("\")], body: None }"));
/// # Ok::<(), kinetic_flow_core::request::RequestError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HttpRequest {
    /// `GET` or `POST`.
    pub method: Method,
    /// The absolute URL: base URL + path.
    pub url: String,
    /// `(name, value)` pairs: `Authorization`, `Accept`, then `Content-Type` and
    /// `Idempotency-Key` when there is a body, then `Kinetic-Version` and `User-Agent`.
    pub headers: Vec<(String, String)>,
    /// The JSON body of a POST.
    pub body: Option<String>,
}

impl HttpRequest {
    /// The value of header `name` (case-insensitive), if present.
    ///
    /// ```
    /// use kinetic_flow_core::request::Client;
    /// let req = Client::new("sk_test_abc")?.build_retrieve_payment("pay_1")?;
    /// assert_eq!(req.header("kinetic-version"), Some("2026-04-01"));
    /// assert_eq!(req.header("Idempotency-Key"), None);
    /// # Ok::<(), kinetic_flow_core::request::RequestError>(())
    /// ```
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Headers<'a>(&'a [(String, String)]);
        impl fmt::Debug for Headers<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut list = f.debug_list();
                for (name, value) in self.0 {
                    if name.eq_ignore_ascii_case("authorization") {
                        let shown = match value.strip_prefix("Bearer sk_live_") {
                            Some(_) => "Bearer sk_live_…redacted",
                            None if value.starts_with("Bearer sk_test_") => {
                                "Bearer sk_test_…redacted"
                            }
                            None => "…redacted",
                        };
                        list.entry(&(name, shown));
                    } else {
                        list.entry(&(name, value));
                    }
                }
                list.finish()
            }
        }
        struct BodyLen(usize);
        impl fmt::Debug for BodyLen {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "<{} bytes of JSON>", self.0)
            }
        }
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &Headers(&self.headers))
            .field("body", &self.body.as_ref().map(|b| BodyLen(b.len())))
            .finish()
    }
}
