//! A mock Zoho CRM Notifications server on loopback, built from the Postman
//! collection's recorded responses.
//!
//! - `Prefer: example=<key or name>` or `Prefer: code=<status>` replays a
//!   recorded response byte for byte.
//! - Otherwise it behaves like Zoho: a missing or malformed `Authorization`
//!   gets the recorded `AUTHENTICATION_FAILURE`, a method the path does not
//!   serve gets the recorded `INVALID_REQUEST_METHOD`, bodies are validated
//!   item by item (`json_path` names the offending item), and channels are
//!   remembered, so enable, list, update and disable behave as on Zoho.
//! - `POST /__mock/callbacks {"channel_id", "module", "operation", "ids"}`
//!   makes it POST a callback to that channel's `notify_url` (loopback only).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let server = zoho_mock::MockServer::start().await?;
//! let response = reqwest::Client::new()
//!     .get(format!("{}/crm/v2.1/actions/watch", server.url()))
//!     .header("Authorization", "Zoho-oauthtoken any-token")
//!     .send()
//!     .await?;
//! assert_eq!(response.status(), 204, "nothing is subscribed yet");
//! # Ok(())
//! # }
//! ```

mod callbacks;
mod recordings;
pub mod zoho;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

pub use recordings::Recordings;

/// The collection served when none is given.
pub const EMBEDDED_COLLECTION: &str =
    include_str!("../../../collection/zoho-crm-notifications.postman_collection.json");

/// Bodies larger than this get a Zoho-shaped 413.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum MockError {
    /// The collection did not convert.
    #[error("the collection does not convert: {0}")]
    Collection(#[from] postman_openapi::ConvertError),
    /// The address could not be bound.
    #[error("cannot listen: {0}")]
    Io(#[from] std::io::Error),
}

struct Shared {
    recordings: Recordings,
    channels: Mutex<zoho::Channels>,
}

/// A running mock server. It stops when dropped.
pub struct MockServer {
    url: String,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("MockServer")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl MockServer {
    /// Serves the embedded collection on an ephemeral loopback port.
    pub async fn start() -> Result<MockServer, MockError> {
        Self::start_with(EMBEDDED_COLLECTION, SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    /// Serves `collection` (Postman v2.x text) on `address`.
    pub async fn start_with(
        collection: &str,
        address: SocketAddr,
    ) -> Result<MockServer, MockError> {
        let shared = Arc::new(Shared {
            recordings: Recordings::from_collection(collection)?,
            channels: Mutex::default(),
        });
        let listener = tokio::net::TcpListener::bind(address).await?;
        let url = format!("http://{}", listener.local_addr()?);
        let app = axum::Router::new()
            .fallback(handle)
            // Bodies are read with our own limit, so oversize ones get a
            // Zoho-shaped error instead of axum's plain-text rejection.
            .layer(DefaultBodyLimit::disable())
            .with_state(shared.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(MockServer { url, shared, task })
    }

    /// The base URL, e.g. `http://127.0.0.1:41234` (no trailing slash).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The channel with `channel_id`, as the server currently holds it.
    pub fn channel(&self, channel_id: &str) -> Option<zoho::Channel> {
        self.shared.channels.lock().ok()?.get(channel_id).cloned()
    }

    /// Runs until the server task ends (for the binary).
    pub async fn wait(self) {
        let _ = (&mut { self }.task).await;
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn json_response(status: u16, body: &Value) -> Response {
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

fn recorded_response(example: &postman_openapi::RecordedExample) -> Response {
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

async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let method = parts.method.as_str().to_string();
    let path = parts.uri.path().to_string();
    let query: BTreeMap<String, String> = parts
        .uri
        .query()
        .map(|query| {
            url::form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();

    let body = match axum::body::to_bytes(Body::new(body), MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => {
            return json_response(
                413,
                &zoho::error(
                    "REQUEST_ENTITY_TOO_LARGE",
                    json!({"maximum_size": MAX_BODY_BYTES}),
                    "The request body is larger than the server accepts",
                ),
            );
        }
    };

    if path == "/__mock/callbacks" && method == "POST" {
        return callbacks::deliver(&shared, &body).await;
    }

    let Some(operation) = shared
        .recordings
        .operation(&method, &path)
        .map(str::to_string)
    else {
        if shared.recordings.knows_path(&path) {
            return recorded_or(
                &shared,
                "INVALID_REQUEST_METHOD",
                400,
                "The http request method type is not a valid one",
            );
        }
        return json_response(
            404,
            &zoho::error(
                "INVALID_URL_PATTERN",
                json!({}),
                "Please check if the URL trying to access is a correct one",
            ),
        );
    };

    let prefer = parts.headers.get("prefer").and_then(|v| v.to_str().ok());
    if let Some(example) = prefer.and_then(|prefer| shared.recordings.preferred(&operation, prefer))
    {
        return recorded_response(example);
    }

    if !authorized(&parts.headers) {
        return recorded_or(
            &shared,
            "AUTHENTICATION_FAILURE",
            401,
            "Authentication failed",
        );
    }

    let (status, reply) = respond(&shared, &method, &query, &body);
    json_response(status, &reply)
}

fn respond(
    shared: &Shared,
    method: &str,
    query: &BTreeMap<String, String>,
    body: &Bytes,
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
    let Ok(mut channels) = shared.channels.lock() else {
        return (
            500,
            zoho::error("INTERNAL_ERROR", json!({}), "Internal Server Error"),
        );
    };
    let now = chrono::Utc::now();
    let result = match method {
        "GET" => Ok(channels.list(query)),
        "DELETE" => Ok(channels.disable(query.get("channel_ids").map(String::as_str))),
        "POST" => parse().map(|body| channels.subscribe(&body, false, now)),
        "PUT" => parse().map(|body| channels.subscribe(&body, true, now)),
        "PATCH" => parse().map(|body| channels.patch(&body, now)),
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
