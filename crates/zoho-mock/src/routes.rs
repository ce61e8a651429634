//! One request, start to finish: read the body (bounded in size and time),
//! serve the mock's own endpoints, route to an operation, apply faults and
//! `Prefer` replays, check authorization, and answer like Zoho.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::response::Response;
use serde_json::{Value, json};

use crate::responses::{closing, json_response, recorded_response, with_retry_after};
use crate::{MAX_BODY_BYTES, Shared, callbacks, faults, zoho};

/// Why a body could not be read.
enum BodyError {
    /// Larger than [`MAX_BODY_BYTES`].
    TooLarge,
    /// Not complete within the configured time.
    TimedOut,
    /// The connection broke mid-body.
    Broken,
}

async fn read_body(shared: &Shared, headers: &HeaderMap, body: Body) -> Result<Bytes, BodyError> {
    // Refuse a declared oversize body before waiting for any of it.
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_BODY_BYTES as u64) {
        return Err(BodyError::TooLarge);
    }
    let reading = axum::body::to_bytes(body, MAX_BODY_BYTES);
    match tokio::time::timeout(shared.config.body_read_timeout, reading).await {
        Err(_) => Err(BodyError::TimedOut),
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(error)) => {
            let source = error.into_inner();
            if source.is::<http_body_util::LengthLimitError>() {
                Err(BodyError::TooLarge)
            } else {
                Err(BodyError::Broken)
            }
        }
    }
}

fn body_error_response(error: BodyError) -> Response {
    let (status, code, details, message) = match error {
        BodyError::TooLarge => (
            413,
            "REQUEST_ENTITY_TOO_LARGE",
            json!({"maximum_size": MAX_BODY_BYTES}),
            "The request body is larger than the server accepts",
        ),
        BodyError::TimedOut => (
            408,
            "REQUEST_TIMEOUT",
            json!({}),
            "The request body did not arrive in time",
        ),
        BodyError::Broken => (
            400,
            "INVALID_DATA",
            json!({}),
            "The request body could not be read",
        ),
    };
    // The rest of the body may still be on its way, so this connection
    // cannot carry another request.
    closing(json_response(status, &zoho::error(code, details, message)))
}

fn query_of(uri: &axum::http::Uri) -> BTreeMap<String, String> {
    uri.query()
        .map(|query| {
            url::form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default()
}

/// The recorded response for `code`, or a synthesized one of the same shape.
fn recorded_or(shared: &Shared, code: &str, status: u16, message: &str) -> Response {
    match shared.recordings.with_code(code) {
        Some(example) => recorded_response(example),
        None => json_response(status, &zoho::error(code, json!({}), message)),
    }
}

fn authorized(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    ["Zoho-oauthtoken ", "Bearer "].iter().any(|scheme| {
        value
            .strip_prefix(scheme)
            .is_some_and(|token| !token.trim().is_empty())
    })
}

fn invalid_url_pattern() -> Response {
    json_response(
        404,
        &zoho::error(
            "INVALID_URL_PATTERN",
            json!({}),
            "Please check if the URL trying to access is a correct one",
        ),
    )
}

fn failure(shared: &Shared, status: u16) -> Response {
    with_retry_after(
        json_response(status, &faults::body_for(status)),
        shared.config.retry_after,
    )
}

/// The axum fallback: every request goes through here.
pub(crate) async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = match read_body(&shared, &parts.headers, body).await {
        Ok(bytes) => bytes,
        Err(error) => return body_error_response(error),
    };
    let method = parts.method.as_str();
    let path = parts.uri.path();

    match (method, path) {
        ("POST", "/__mock/callbacks") => return callbacks::deliver(&shared, &body).await,
        ("POST", "/__mock/faults") => return arm_faults(&shared, &body),
        _ => {}
    }

    let Some(operation) = shared.recordings.operation(method, path) else {
        if shared.recordings.knows_path(path) {
            return recorded_or(
                &shared,
                "INVALID_REQUEST_METHOD",
                400,
                "The http request method type is not a valid one",
            );
        }
        return invalid_url_pattern();
    };

    let prefer = parts.headers.get("prefer").and_then(|v| v.to_str().ok());
    if let Some((count, status)) = prefer.and_then(faults::requested_failures) {
        shared.faults.arm(count, status);
    }
    if let Some(status) = shared.faults.take() {
        return failure(&shared, status);
    }
    if let Some(prefer) = prefer {
        if let Some(example) = shared.recordings.preferred(operation, prefer) {
            return with_retry_after(recorded_response(example), shared.config.retry_after);
        }
        if let Some(status) = faults::preferred_error_status(prefer) {
            return failure(&shared, status);
        }
    }

    if !authorized(&parts.headers) {
        return recorded_or(
            &shared,
            "AUTHENTICATION_FAILURE",
            401,
            "Authentication failed",
        );
    }

    // `/crm/{version}/actions/watch`: the version sets the channel lifetime.
    let version = parts.uri.path().split('/').nth(2).unwrap_or_default();
    let max_lifetime = zoho::max_channel_lifetime(version);
    let (status, reply) = respond(&shared, method, &query_of(&parts.uri), &body, max_lifetime);
    json_response(status, &reply)
}

/// `POST /__mock/faults {"count": N, "status": S}`: fail the next `N` API
/// requests with `S` (503 when left out); `count: 0` disarms.
fn arm_faults(shared: &Shared, body: &[u8]) -> Response {
    let request: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let count = request["count"]
        .as_u64()
        .and_then(|count| u32::try_from(count).ok());
    let status = match &request["status"] {
        Value::Null => Some(503),
        value => value
            .as_u64()
            .and_then(|status| u16::try_from(status).ok())
            .filter(|status| faults::is_error_status(*status)),
    };
    let (Some(count), Some(status)) = (count, status) else {
        return json_response(
            400,
            &zoho::error(
                "INVALID_DATA",
                json!({"expected": {"count": "integer 0..=4294967295", "status": "integer 400..=599"}}),
                "expected {count, status}",
            ),
        );
    };
    shared.faults.arm(count, status);
    json_response(200, &json!({"armed": count, "status": status}))
}

fn respond(
    shared: &Shared,
    method: &str,
    query: &BTreeMap<String, String>,
    body: &Bytes,
    max_lifetime: chrono::Duration,
) -> zoho::Reply {
    let parse = || -> Result<Value, zoho::Reply> {
        serde_json::from_slice(body).map_err(|error| {
            (
                400,
                zoho::error(
                    "INVALID_DATA",
                    json!({"expected_data_type": "jsonobject", "reason": error.to_string()}),
                    "the request body is not valid JSON",
                ),
            )
        })
    };
    let now = chrono::Utc::now();
    let channels = &shared.channels;
    let result = match method {
        "GET" => Ok(zoho::list(channels, query)),
        "DELETE" => Ok(zoho::disable(
            channels,
            query.get("channel_ids").map(String::as_str),
        )),
        "POST" => parse().map(|body| zoho::enable(channels, &body, false, now, max_lifetime)),
        "PUT" => parse().map(|body| zoho::enable(channels, &body, true, now, max_lifetime)),
        "PATCH" => parse().map(|body| zoho::patch(channels, &body, now, max_lifetime)),
        _ => Err((
            400,
            zoho::error(
                "INVALID_REQUEST_METHOD",
                json!({}),
                "The http request method type is not a valid one",
            ),
        )),
    };
    result.unwrap_or_else(|reply| reply)
}
