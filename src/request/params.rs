//! The refund and token builders. Their params are checked by the payment module's
//! [`validate_refund`](payment::validate_refund) and [`validate_token`](payment::validate_token);
//! nothing here repeats a rule.

use serde_json::Value;

use super::client::resolve_key;
use super::{Client, HttpRequest, KeySource, RequestError};
use crate::payment::{self, ValidRefund, ValidToken};

impl Client {
    /// `POST /v1/refunds` with params `{ payment, amount?, idempotency_key? }`, checked by
    /// [`payment::validate_refund`]: `payment` a `pay_…` id (code `invalid_id`), `amount`
    /// (omit for a full refund) an integer ≥ 1 in minor units. Every problem is reported at
    /// once (`validation_failed`), unknown fields included (`unknown_field`). The key rule is
    /// [`KeySource`]'s.
    ///
    /// ```
    /// use kinetic_flow_core::request::{Client, KeySource};
    /// use serde_json::json;
    /// let client = Client::new("sk_test_abc")?;
    /// let req = client.build_create_refund(
    ///     &json!({ "payment": "pay_1a2b3c4d", "amount": 500 }),
    ///     KeySource::Given("refund-1"),
    /// )?;
    /// assert_eq!(req.url, "https://api.kinetic.dev/v1/refunds");
    /// let body: serde_json::Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
    /// assert_eq!(body, json!({ "payment": "pay_1a2b3c4d", "amount": 500, "idempotency_key": "refund-1" }));
    /// # Ok::<(), kinetic_flow_core::request::RequestError>(())
    /// ```
    pub fn build_create_refund(
        &self,
        params: &Value,
        key: KeySource<'_>,
    ) -> Result<HttpRequest, RequestError> {
        let refund = payment::validate_refund(params)?;
        self.build_create_refund_valid(&refund, key)
    }

    /// `POST /v1/refunds` for refund params you already validated
    /// ([`CreateRefund::validate`](crate::payment::CreateRefund::validate) or
    /// [`payment::validate_refund`]): no JSON in, no second validation.
    ///
    /// ```
    /// use kinetic_flow_core::payment::CreateRefund;
    /// use kinetic_flow_core::request::{Client, KeySource};
    /// let refund = CreateRefund::new("pay_1a2b3c4d").with_amount(500).validate()?;
    /// let client = Client::new("sk_test_abc")?;
    /// let req = client.build_create_refund_valid(&refund, KeySource::Random([0xab; 16]))?;
    /// assert_eq!(req.header("Idempotency-Key"), Some("idk_abababababababababababababababab"));
    /// assert!(req.body.as_deref().unwrap().contains(r#""amount":500"#));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build_create_refund_valid(
        &self,
        refund: &ValidRefund,
        key: KeySource<'_>,
    ) -> Result<HttpRequest, RequestError> {
        let key = resolve_key("refund", refund.idempotency_key(), key)?;
        let body = refund.clone().with_idempotency_key(key.clone()).to_json();
        Ok(self.post("/v1/refunds", &key, &body))
    }

    /// `POST /v1/tokens` with bank details `{ routing_number, account_number, idempotency_key? }`,
    /// checked by [`payment::validate_token`] (errors on params `routing_number` and
    /// `account_number`). Use the returned `tok_…` as a payment destination so that account
    /// numbers stay out of later requests.
    ///
    /// ```
    /// use kinetic_flow_core::request::{Client, KeySource};
    /// use serde_json::json;
    /// let client = Client::new("sk_test_abc")?;
    /// let req = client.build_create_token(
    ///     &json!({ "routing_number": "021000021", "account_number": "000123456789" }),
    ///     KeySource::Random([7; 16]),
    /// )?;
    /// assert_eq!(req.url, "https://api.kinetic.dev/v1/tokens");
    ///
    /// let err = client
    ///     .build_create_token(&json!({ "routing_number": "021000022", "account_number": "****6789" }),
    ///                         KeySource::Random([7; 16]))
    ///     .unwrap_err();
    /// let got: Vec<(&str, &str)> = err.errors().iter().map(|e| (e.param.as_str(), e.code)).collect();
    /// assert_eq!(got, [("routing_number", "routing_number_checksum"), ("account_number", "masked_account_number")]);
    /// # Ok::<(), kinetic_flow_core::request::RequestError>(())
    /// ```
    pub fn build_create_token(
        &self,
        params: &Value,
        key: KeySource<'_>,
    ) -> Result<HttpRequest, RequestError> {
        let token = payment::validate_token(params)?;
        self.build_create_token_valid(&token, key)
    }

    /// `POST /v1/tokens` for token params you already validated
    /// ([`CreateToken::validate`](crate::payment::CreateToken::validate) or
    /// [`payment::validate_token`]).
    ///
    /// ```
    /// use kinetic_flow_core::payment::CreateToken;
    /// use kinetic_flow_core::request::{Client, KeySource};
    /// let token = CreateToken::new("021000021", "000123456789").validate()?;
    /// let client = Client::new("sk_test_abc")?;
    /// let req = client.build_create_token_valid(&token, KeySource::Given("tok-once"))?;
    /// assert_eq!(req.url, "https://api.kinetic.dev/v1/tokens");
    /// assert_eq!(req.header("Idempotency-Key"), Some("tok-once"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build_create_token_valid(
        &self,
        token: &ValidToken,
        key: KeySource<'_>,
    ) -> Result<HttpRequest, RequestError> {
        let key = resolve_key("token", token.idempotency_key(), key)?;
        let body = token.clone().with_idempotency_key(key.clone()).to_json();
        Ok(self.post("/v1/tokens", &key, &body))
    }
}
