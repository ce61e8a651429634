//! Per-item outcomes and Zoho's open set of error codes.
//!
//! Zoho reports partial failure inside 2xx bodies (202 in the recordings, 207
//! in the newer spec, 400 in the v7 docs): every `watch[i]` of a response is
//! its own success or failure, in request order. [`item_outcomes`] turns any
//! such body into one [`ItemOutcome`] per item, whatever the HTTP status.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A Zoho error code. The set is open: codes this crate does not know yet
/// arrive as [`ErrorCode::Other`] rather than failing deserialization.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// A required field is missing (`details.json_path` says which).
    MandatoryNotFound,
    /// A value is invalid (`details.maximum_length`, `expected_data_type`, ...).
    InvalidData,
    /// The channel is not subscribed.
    NotSubscribed,
    /// A required query parameter is missing.
    RequiredParamMissing,
    /// Wrong HTTP method.
    InvalidRequestMethod,
    /// The token lacks a `ZohoCRM.notifications` scope.
    OauthScopeMismatch,
    /// Missing or bad credentials.
    AuthenticationFailure,
    /// Expired token, or a token of another data centre.
    InvalidToken,
    /// Bad path or API version.
    InvalidUrlPattern,
    /// One of several fields was expected (`details.expected_fields`).
    ExpectedFieldMissing,
    /// An API name and an id disagree (`details.ambiguity_due_to`).
    AmbiguityDuringProcessing,
    /// A field needs another one (`details.dependee`).
    DependentFieldMissing,
    /// The user lacks a permission.
    NoPermission,
    /// The operation is not allowed.
    NotAllowed,
    /// A limit of the account was reached.
    LimitReached,
    /// The module does not exist or is not supported.
    InvalidModule,
    /// Too many requests.
    RateLimitExceeded,
    /// Zoho failed internally.
    InternalError,
    /// Any other code, kept verbatim.
    Other(String),
}

impl ErrorCode {
    /// The code as Zoho spells it.
    pub fn as_str(&self) -> &str {
        match self {
            ErrorCode::MandatoryNotFound => "MANDATORY_NOT_FOUND",
            ErrorCode::InvalidData => "INVALID_DATA",
            ErrorCode::NotSubscribed => "NOT_SUBSCRIBED",
            ErrorCode::RequiredParamMissing => "REQUIRED_PARAM_MISSING",
            ErrorCode::InvalidRequestMethod => "INVALID_REQUEST_METHOD",
            ErrorCode::OauthScopeMismatch => "OAUTH_SCOPE_MISMATCH",
            ErrorCode::AuthenticationFailure => "AUTHENTICATION_FAILURE",
            ErrorCode::InvalidToken => "INVALID_TOKEN",
            ErrorCode::InvalidUrlPattern => "INVALID_URL_PATTERN",
            ErrorCode::ExpectedFieldMissing => "EXPECTED_FIELD_MISSING",
            ErrorCode::AmbiguityDuringProcessing => "AMBIGUITY_DURING_PROCESSING",
            ErrorCode::DependentFieldMissing => "DEPENDENT_FIELD_MISSING",
            ErrorCode::NoPermission => "NO_PERMISSION",
            ErrorCode::NotAllowed => "NOT_ALLOWED",
            ErrorCode::LimitReached => "LIMIT_REACHED",
            ErrorCode::InvalidModule => "INVALID_MODULE",
            ErrorCode::RateLimitExceeded => "RATE_LIMIT_EXCEEDED",
            ErrorCode::InternalError => "INTERNAL_ERROR",
            ErrorCode::Other(code) => code,
        }
    }
}

impl From<&str> for ErrorCode {
    fn from(code: &str) -> Self {
        match code {
            "MANDATORY_NOT_FOUND" => ErrorCode::MandatoryNotFound,
            "INVALID_DATA" => ErrorCode::InvalidData,
            "NOT_SUBSCRIBED" => ErrorCode::NotSubscribed,
            "REQUIRED_PARAM_MISSING" => ErrorCode::RequiredParamMissing,
            "INVALID_REQUEST_METHOD" => ErrorCode::InvalidRequestMethod,
            "OAUTH_SCOPE_MISMATCH" => ErrorCode::OauthScopeMismatch,
            "AUTHENTICATION_FAILURE" => ErrorCode::AuthenticationFailure,
            "INVALID_TOKEN" => ErrorCode::InvalidToken,
            "INVALID_URL_PATTERN" => ErrorCode::InvalidUrlPattern,
            "EXPECTED_FIELD_MISSING" => ErrorCode::ExpectedFieldMissing,
            "AMBIGUITY_DURING_PROCESSING" => ErrorCode::AmbiguityDuringProcessing,
            "DEPENDENT_FIELD_MISSING" => ErrorCode::DependentFieldMissing,
            "NO_PERMISSION" => ErrorCode::NoPermission,
            "NOT_ALLOWED" => ErrorCode::NotAllowed,
            "LIMIT_REACHED" => ErrorCode::LimitReached,
            "INVALID_MODULE" => ErrorCode::InvalidModule,
            "RATE_LIMIT_EXCEEDED" | "TOO_MANY_REQUESTS" => ErrorCode::RateLimitExceeded,
            "INTERNAL_ERROR" | "INTERNAL_SERVER_ERROR" => ErrorCode::InternalError,
            other => ErrorCode::Other(other.to_string()),
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(ErrorCode::from(String::deserialize(deserializer)?.as_str()))
    }
}

/// What Zoho said about one failed item (or a whole failed request).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ZohoError {
    /// The error code.
    pub code: ErrorCode,
    /// Zoho's message.
    #[serde(default)]
    pub message: String,
    /// Details: `api_name`, `json_path`, `maximum_length`, ... (kept whole).
    #[serde(default)]
    pub details: serde_json::Map<String, Value>,
}

impl ZohoError {
    /// Zoho's error in a top-level error body (`{code, message, details,
    /// status}`), tolerating absent or null `message` and `details`. `None`
    /// when the body has no string `code`.
    pub fn from_body(body: &Value) -> Option<ZohoError> {
        let code = body.get("code")?.as_str()?;
        Some(ZohoError {
            code: code.into(),
            message: body
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            details: body
                .get("details")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
        })
    }

    /// The JSON path of the offending field (`$.watch[0].token`), if given.
    pub fn json_path(&self) -> Option<&str> {
        self.details.get("json_path").and_then(Value::as_str)
    }

    /// The API name of the offending field (`token`), if given.
    pub fn api_name(&self) -> Option<&str> {
        self.details.get("api_name").and_then(Value::as_str)
    }

    /// The maximum length Zoho enforces on the field, if given.
    pub fn maximum_length(&self) -> Option<u64> {
        self.details.get("maximum_length").and_then(Value::as_u64)
    }

    /// The type Zoho expected (`boolean`, `jsonobject`, `string`, `text`).
    pub fn expected_data_type(&self) -> Option<&str> {
        self.details
            .get("expected_data_type")
            .and_then(Value::as_str)
    }

    /// The pattern the value had to match, if given.
    pub fn regex(&self) -> Option<&str> {
        self.details.get("regex").and_then(Value::as_str)
    }

    /// The values Zoho accepts for the field, if given.
    pub fn supported_values(&self) -> Vec<&Value> {
        self.details_array("supported_values")
    }

    /// The fields of which one was expected (`EXPECTED_FIELD_MISSING`):
    /// each `{api_name, json_path}`.
    pub fn expected_fields(&self) -> Vec<&Value> {
        self.details_array("expected_fields")
    }

    /// The fields that disagree (`AMBIGUITY_DURING_PROCESSING`).
    pub fn ambiguity_due_to(&self) -> Vec<&Value> {
        self.details_array("ambiguity_due_to")
    }

    /// The field this one depends on (`DEPENDENT_FIELD_MISSING`):
    /// `{api_name, json_path}`.
    pub fn dependee(&self) -> Option<&Value> {
        self.details.get("dependee")
    }

    /// The missing query parameter (`REQUIRED_PARAM_MISSING`), if given.
    pub fn param(&self) -> Option<&str> {
        self.details.get("param").and_then(Value::as_str)
    }

    fn details_array(&self, key: &str) -> Vec<&Value> {
        self.details
            .get(key)
            .and_then(Value::as_array)
            .map(|values| values.iter().collect())
            .unwrap_or_default()
    }
}

impl fmt::Display for ZohoError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}: {}", self.code, self.message)?;
        if let Some(path) = self.json_path() {
            write!(formatter, " (at {path})")?;
        }
        Ok(())
    }
}

/// One `watch[i]` of a response.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemOutcome {
    /// The item succeeded; `details` is Zoho's (e.g. the subscribed events).
    Success {
        /// Zoho's message, e.g. "Successfully subscribed for actions-watch of the given module".
        message: String,
        /// The item's details, kept whole.
        details: serde_json::Map<String, Value>,
    },
    /// The item failed.
    Failure(ZohoError),
}

impl ItemOutcome {
    /// Whether the item succeeded.
    pub fn is_success(&self) -> bool {
        matches!(self, ItemOutcome::Success { .. })
    }
}

/// One outcome per `watch[i]` of `body`, in order. `None` when the body has
/// no `watch` array (a top-level error).
pub fn item_outcomes(body: &Value) -> Option<Vec<ItemOutcome>> {
    let items = body.get("watch")?.as_array()?;
    Some(
        items
            .iter()
            .map(|item| {
                let details = item
                    .get("details")
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default();
                let message = item
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                let code = item.get("code").and_then(Value::as_str).unwrap_or_default();
                let status = item.get("status").and_then(Value::as_str);
                if status == Some("success") || (status.is_none() && code == "SUCCESS") {
                    ItemOutcome::Success { message, details }
                } else {
                    ItemOutcome::Failure(ZohoError {
                        code: code.into(),
                        message,
                        details,
                    })
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unknown_codes_are_kept_not_rejected() {
        let code: ErrorCode = serde_json::from_value(json!("BRAND_NEW_CODE")).expect("open set");
        assert_eq!(code, ErrorCode::Other("BRAND_NEW_CODE".into()));
        assert_eq!(
            serde_json::to_value(&code).expect("serializes"),
            json!("BRAND_NEW_CODE")
        );
        assert_eq!(ErrorCode::from("INVALID_DATA"), ErrorCode::InvalidData);
    }

    #[test]
    fn a_mixed_body_yields_one_outcome_per_item_in_order() {
        let body = json!({"watch": [
            {"code": "SUCCESS", "details": {"events": []}, "message": "ok", "status": "success"},
            {"code": "INVALID_DATA", "details": {"maximum_length": 50, "api_name": "token", "json_path": "$.watch[1].token"},
             "message": "invalid data", "status": "error"},
        ]});
        let outcomes = item_outcomes(&body).expect("has watch");
        assert!(outcomes[0].is_success());
        let ItemOutcome::Failure(error) = &outcomes[1] else {
            panic!("second item failed")
        };
        assert_eq!(
            (error.api_name(), error.maximum_length(), error.json_path()),
            (Some("token"), Some(50), Some("$.watch[1].token"))
        );
        assert_eq!(
            error.to_string(),
            "INVALID_DATA: invalid data (at $.watch[1].token)"
        );
    }
}
