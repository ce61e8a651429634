//! Turning bodies and recordings into HTTP responses.

use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// A JSON response in Zoho's content type; no body for `Value::Null`.
pub(crate) fn json_response(status: u16, body: &Value) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if body.is_null() {
        return status.into_response();
    }
    (
        status,
        [(header::CONTENT_TYPE, "application/json;charset=utf-8")],
        serde_json::to_string_pretty(body).unwrap_or_default(),
    )
        .into_response()
}

/// A recorded example, byte for byte, with its recorded content type.
pub(crate) fn recorded_response(example: &postman_openapi::RecordedExample) -> Response {
    let status = StatusCode::from_u16(example.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, example.body.clone()).into_response();
    let content_type = example
        .content_type
        .as_deref()
        .and_then(|ct| ct.parse().ok());
    match content_type {
        Some(content_type) => {
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, content_type);
        }
        None => {
            response.headers_mut().remove(header::CONTENT_TYPE);
        }
    }
    response
}

/// Adds `Retry-After` (whole seconds, at least 1) to a 429 or 503 that has
/// none, since clients are told to honour it and recordings carry no headers.
pub(crate) fn with_retry_after(mut response: Response, retry_after: Duration) -> Response {
    let status = response.status();
    if (status == StatusCode::TOO_MANY_REQUESTS || status == StatusCode::SERVICE_UNAVAILABLE)
        && !response.headers().contains_key(header::RETRY_AFTER)
    {
        let seconds = retry_after.as_secs().max(1);
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// Marks a response as the connection's last, so hyper closes it after.
pub(crate) fn closing(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}
