//! A mock Zoho CRM Notifications server on loopback, built from the Postman
//! collection's recorded responses.
//!
//! - `Prefer: example=<key or name>` or `Prefer: code=<status>` replays a
//!   recorded response byte for byte. `code=429` and `code=5xx` without a
//!   recording answer Zoho's documented `RATE_LIMIT_EXCEEDED` /
//!   `INTERNAL_ERROR` bodies; 429 and 503 carry `Retry-After`.
//! - `Prefer: fail=N[, status=S]` fails that request and the `N - 1` API
//!   requests after it with `S` (default 503), for testing retries; so do
//!   [`MockServer::fail_next`] and `POST /__mock/faults {"count", "status"}`.
//! - Otherwise it behaves like Zoho: a missing or malformed `Authorization`
//!   gets the recorded `AUTHENTICATION_FAILURE`, a method the path does not
//!   serve gets the recorded `INVALID_REQUEST_METHOD`, an unknown path or API
//!   version gets `INVALID_URL_PATTERN`, bodies are validated item by item
//!   (`json_path` names the offending item) within Zoho's limits, and
//!   channels are remembered, so enable, list, update and disable behave as
//!   on Zoho.
//! - `POST /__mock/callbacks {"channel_id", "module", "operation", "ids"}`
//!   makes it POST a callback to that channel's `notify_url` (loopback only,
//!   no redirects followed, bounded in time).
//! - Slow peers are cut off: headers and bodies must arrive within the
//!   [`MockConfig`] timeouts.
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

#![warn(missing_docs)]

mod callbacks;
mod config;
mod faults;
mod recordings;
mod responses;
mod routes;
mod server;
pub mod zoho;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::DefaultBodyLimit;

pub use config::MockConfig;
pub use recordings::{Recordings, SUPPORTED_VERSIONS};

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

/// What every request handler shares.
struct Shared {
    recordings: Recordings,
    channels: Mutex<zoho::Channels>,
    faults: faults::Faults,
    config: MockConfig,
}

/// A running mock server. It stops, closing its connections, when dropped.
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
        Self::start_with_config(collection, address, MockConfig::default()).await
    }

    /// Serves `collection` on `address` with `config`'s limits and timeouts.
    pub async fn start_with_config(
        collection: &str,
        address: SocketAddr,
        config: MockConfig,
    ) -> Result<MockServer, MockError> {
        let shared = Arc::new(Shared {
            recordings: Recordings::from_collection(collection)?,
            channels: Mutex::default(),
            faults: faults::Faults::default(),
            config,
        });
        let listener = tokio::net::TcpListener::bind(address).await?;
        let url = format!("http://{}", listener.local_addr()?);
        let app = axum::Router::new()
            .fallback(routes::handle)
            // Bodies are read with our own limit, so oversize ones get a
            // Zoho-shaped error instead of axum's plain-text rejection.
            .layer(DefaultBodyLimit::disable())
            .with_state(shared.clone());
        let task = server::spawn(listener, app, &shared.config);
        Ok(MockServer { url, shared, task })
    }

    /// The base URL, e.g. `http://127.0.0.1:41234` (no trailing slash).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The channel with `channel_id`, as the server currently holds it.
    pub fn channel(&self, channel_id: &str) -> Option<zoho::Channel> {
        zoho::lock(&self.shared.channels).get(channel_id).cloned()
    }

    /// How many channels the server holds.
    pub fn channel_count(&self) -> usize {
        zoho::lock(&self.shared.channels).len()
    }

    /// Fails the next `count` API requests with `status` (a 4xx or 5xx;
    /// anything else is ignored) and Zoho's documented body for it; `0`
    /// disarms. For testing a client's retries.
    pub fn fail_next(&self, count: u32, status: u16) {
        if faults::is_error_status(status) {
            self.shared.faults.arm(count, status);
        }
    }

    /// The limits and timeouts the server runs with.
    pub fn config(&self) -> &MockConfig {
        &self.shared.config
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
