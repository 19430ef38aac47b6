//! [`CreatePayment`] and [`DestinationParams`]: the typed params of a payment, checked by the
//! same `Value` rules as [`validate`](super::validate).

use super::*;

/// A typed `POST /v1/payments` body for Rust callers (snake_case on the wire).
///
/// It holds plain strings; [`CreatePayment::validate`] serializes it to JSON and runs the one
/// [`validate`], so the rules exist once. To check untrusted JSON, call [`validate`] on the
/// `serde_json::Value` directly: deserializing into this struct first would stop at the first
/// problem.
///
/// Deserializing agrees with [`validate`] on the shape: unknown fields are refused (serde's
/// `deny_unknown_fields`), and so is a destination with both a token and bank details
/// (`ambiguous_destination`), where an untagged enum would silently drop one of them.
///
/// ```
/// use kinetic_flow_core::payment::{CreatePayment, DestinationParams, Rail};
/// let req = CreatePayment::new(25_000, "usd", DestinationParams::bank("021000021", "000123456789"))
///     .with_rail(Rail::Fednow);
/// let valid = req.validate().unwrap();
/// assert_eq!(valid.rail(), Rail::Fednow);
///
/// let both = serde_json::json!({ "amount": 1, "currency": "usd", "destination":
///     { "token": "tok_1", "routing_number": "021000021", "account_number": "000123456789" } });
/// let err = serde_json::from_value::<CreatePayment>(both).unwrap_err();
/// assert!(err.to_string().contains("ambiguous_destination"));
/// let typo = serde_json::json!({ "ammount": 1, "amount": 1, "currency": "usd",
///     "destination": { "token": "tok_1" } });
/// assert!(serde_json::from_value::<CreatePayment>(typo).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CreatePayment {
    /// Amount in minor units (cents).
    pub amount: u64,
    /// ISO 4217 code; `"usd"`.
    pub currency: String,
    /// Rail; `None` means `auto`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rail: Option<Rail>,
    /// Where the money goes.
    pub destination: DestinationParams,
    /// Idempotency key to send in the body (request builders also send it as a header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
    /// Your own key-value pairs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<BTreeMap<String, String>>,
}

impl CreatePayment {
    /// A request with the required fields; the rail defaults to `auto`.
    ///
    /// ```
    /// use kinetic_flow_core::payment::{CreatePayment, DestinationParams};
    /// let req = CreatePayment::new(500, "usd", DestinationParams::token("tok_abc"));
    /// assert_eq!((req.amount, req.rail), (500, None));
    /// ```
    pub fn new(amount: u64, currency: impl Into<String>, destination: DestinationParams) -> Self {
        CreatePayment {
            amount,
            currency: currency.into(),
            rail: None,
            destination,
            idempotency_key: None,
            metadata: None,
        }
    }

    /// Sets the rail.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::{CreatePayment, DestinationParams, Rail};
    /// let req = CreatePayment::new(500, "usd", DestinationParams::token("tok_a")).with_rail(Rail::Rtp);
    /// assert_eq!(req.rail, Some(Rail::Rtp));
    /// ```
    pub fn with_rail(mut self, rail: Rail) -> Self {
        self.rail = Some(rail);
        self
    }

    /// Sets the body's idempotency key.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::{CreatePayment, DestinationParams};
    /// let req = CreatePayment::new(500, "usd", DestinationParams::token("tok_a")).with_idempotency_key("order-1");
    /// assert_eq!(req.validate().unwrap().idempotency_key().unwrap().as_str(), "order-1");
    /// ```
    pub fn with_idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// Sets the metadata.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::{CreatePayment, DestinationParams};
    /// let meta = [("invoice".to_owned(), "inv_1".to_owned())].into();
    /// let req = CreatePayment::new(500, "usd", DestinationParams::token("tok_a")).with_metadata(meta);
    /// assert_eq!(req.validate().unwrap().metadata().get("invoice"), Some("inv_1"));
    /// ```
    pub fn with_metadata(mut self, metadata: BTreeMap<String, String>) -> Self {
        self.metadata = Some(metadata);
        self
    }

    /// Validates this request with the default [`RailLimits`].
    ///
    /// ```
    /// use kinetic_flow_core::payment::{CreatePayment, DestinationParams};
    /// let req = CreatePayment::new(0, "usd", DestinationParams::token("tok_abc"));
    /// assert_eq!(req.validate().unwrap_err().errors()[0].code, "amount_too_small");
    /// ```
    pub fn validate(&self) -> Result<ValidPayment, ValidationError> {
        self.validate_with_limits(&RailLimits::default())
    }

    /// Validates this request with the given limits.
    ///
    /// ```
    /// use kinetic_flow_core::payment::{CreatePayment, DestinationParams, Rail, RailLimits};
    /// let req = CreatePayment::new(500, "usd", DestinationParams::token("tok_abc")).with_rail(Rail::Rtp);
    /// let limits = RailLimits::default().with_limit(Rail::Rtp, 100);
    /// let err = req.validate_with_limits(&limits).unwrap_err();
    /// assert_eq!(err.errors()[0].code, "amount_exceeds_rail_limit");
    /// ```
    pub fn validate_with_limits(
        &self,
        limits: &RailLimits,
    ) -> Result<ValidPayment, ValidationError> {
        match serde_json::to_value(self) {
            Ok(v) => validate_with_limits(&v, limits),
            // Unreachable in practice (every field serializes); reported, not panicked.
            Err(e) => Err(ValidationError::new(
                "payment",
                vec![FieldError::new(
                    "",
                    code::INVALID_TYPE,
                    crate::text::cat(&["the payment could not be serialized: ", &e.to_string()]),
                )],
            )),
        }
    }
}

/// The destination of a [`CreatePayment`]: bank details or a token (serialized without a tag).
///
/// `Debug` shows at most the last 4 digits of the account number.
///
/// ```
/// use kinetic_flow_core::payment::DestinationParams;
/// let d = DestinationParams::Bank {
///     routing_number: "021000021".into(),
///     account_number: "000123456789".into(),
/// };
/// assert!(!format!("{d:?}").contains("123456789"));
/// ```
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum DestinationParams {
    /// A US bank account.
    Bank {
        /// ABA routing number (9 digits).
        routing_number: String,
        /// Account number (4 to 17 digits).
        account_number: String,
    },
    /// A token from `POST /v1/tokens`.
    Token {
        /// `tok_...`.
        token: String,
    },
}

impl fmt::Debug for DestinationParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DestinationParams::Bank {
                routing_number,
                account_number,
            } => f
                .debug_struct("Bank")
                .field("routing_number", routing_number)
                .field("account_number", &crate::payment::masked(account_number))
                .finish(),
            DestinationParams::Token { token } => {
                f.debug_struct("Token").field("token", token).finish()
            }
        }
    }
}

impl DestinationParams {
    /// Bank details.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::DestinationParams;
    /// let d = DestinationParams::bank("021000021", "000123456789");
    /// assert!(matches!(d, DestinationParams::Bank { .. }));
    /// ```
    pub fn bank(routing_number: impl Into<String>, account_number: impl Into<String>) -> Self {
        DestinationParams::Bank {
            routing_number: routing_number.into(),
            account_number: account_number.into(),
        }
    }

    /// A token from `POST /v1/tokens`.
    ///
    /// ```
    /// # use kinetic_flow_core::payment::DestinationParams;
    /// assert!(matches!(DestinationParams::token("tok_1"), DestinationParams::Token { .. }));
    /// ```
    pub fn token(token: impl Into<String>) -> Self {
        DestinationParams::Token {
            token: token.into(),
        }
    }
}

/// By hand rather than `untagged`, so that it agrees with [`validate`]: unknown members are
/// refused, and a token together with bank details is `ambiguous_destination` (an untagged
/// enum would silently keep one of them). Half of the bank details is refused as well.
impl<'de> Deserialize<'de> for DestinationParams {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Members {
            #[serde(default)]
            routing_number: Option<String>,
            #[serde(default)]
            account_number: Option<String>,
            #[serde(default)]
            token: Option<String>,
        }
        use serde::de::Error;
        let m = Members::deserialize(d)?;
        match (m.routing_number, m.account_number, m.token) {
            (None, None, Some(token)) => Ok(DestinationParams::Token { token }),
            (Some(routing_number), Some(account_number), None) => Ok(DestinationParams::Bank {
                routing_number,
                account_number,
            }),
            (None, None, None) => Err(D::Error::custom(
                "required: destination needs bank details { routing_number, account_number } or { token }",
            )),
            (_, _, Some(_)) => Err(D::Error::custom(
                "ambiguous_destination: destination has both a token and bank details; send one of them",
            )),
            (Some(_), None, None) => Err(D::Error::missing_field("account_number")),
            (None, Some(_), None) => Err(D::Error::missing_field("routing_number")),
        }
    }
}
