//! Zoho's error bodies: the top-level form and the per-item form.

use serde_json::{Value, json};

/// An HTTP status and a JSON body (`Value::Null` for no body).
pub type Reply = (u16, Value);

/// A top-level error body.
pub fn error(code: &str, details: Value, message: &str) -> Value {
    json!({"code": code, "details": details, "message": message, "status": "error"})
}

/// The 429 body of the v8 OAS, word for word (it has no `details`).
pub fn rate_limit_exceeded() -> Value {
    json!({"code": "RATE_LIMIT_EXCEEDED", "message": "Too many requests. Please try again later.", "status": "error"})
}

/// The 500 body of the v8 OAS, word for word (it has no `details`).
pub fn internal_error() -> Value {
    json!({"code": "INTERNAL_ERROR", "message": "An unexpected error occurred.", "status": "error"})
}

/// `MANDATORY_NOT_FOUND` for `$.watch[index].field`.
pub(crate) fn mandatory(index: usize, field: &str) -> Value {
    error(
        "MANDATORY_NOT_FOUND",
        json!({"api_name": field, "json_path": format!("$.watch[{index}].{field}")}),
        "required field not found",
    )
}

/// `INVALID_DATA` for `$.watch[index].field`, with `extra` details first
/// (the seed's order: `maximum_length`, then `api_name`, `json_path`).
pub(crate) fn invalid(index: usize, field: &str, extra: Value) -> Value {
    let mut details = serde_json::Map::new();
    if let Value::Object(extra) = extra {
        details.extend(extra);
    }
    details.insert("api_name".into(), field.into());
    details.insert(
        "json_path".into(),
        format!("$.watch[{index}].{field}").into(),
    );
    error("INVALID_DATA", Value::Object(details), "invalid data")
}

/// A query parameter Zoho cannot use, naming it.
pub(crate) fn invalid_param(param: &str, extra: Value) -> Reply {
    let mut details = serde_json::Map::new();
    details.insert("param".into(), param.into());
    if let Value::Object(extra) = extra {
        details.extend(extra);
    }
    (
        400,
        error("INVALID_DATA", Value::Object(details), "invalid data"),
    )
}

/// The per-item answer for a channel the org does not have.
pub(crate) fn not_subscribed() -> Value {
    error(
        "NOT_SUBSCRIBED",
        json!({}),
        "Not subscribed for actions-watch of the given module/channel",
    )
}
