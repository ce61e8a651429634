//! Helpers shared by the mock's integration tests: a bounded loopback client
//! and a one-call request helper.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::future::Future;
use std::time::Duration;

use serde_json::{Value, json};
use zoho_mock::MockServer;

/// Every exchange a test makes finishes within this, or the test fails.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// The watch endpoint on a supported version.
pub const WATCH: &str = "/crm/v2.1/actions/watch";

/// A client that only talks to the mock: no proxy, bounded in time.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(PATIENCE)
        .build()
        .expect("client")
}

/// Runs `future`, failing the test if it takes longer than `PATIENCE`.
pub async fn bounded<T>(future: impl Future<Output = T>) -> T {
    tokio::time::timeout(PATIENCE, future)
        .await
        .expect("finished in time")
}

/// Sends an authorized request with an optional JSON body; status and body
/// (`Null` when empty or not JSON).
pub async fn send(
    client: &reqwest::Client,
    server: &MockServer,
    method: reqwest::Method,
    path: &str,
    body: Option<&Value>,
) -> (u16, Value) {
    let mut request = client
        .request(method, format!("{}{path}", server.url()))
        .header("Authorization", "Zoho-oauthtoken t");
    if let Some(body) = body {
        request = request.json(body);
    }
    let response = request.send().await.expect("the server answers");
    let status = response.status().as_u16();
    let text = response.text().await.expect("a body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// A valid `watch` item for `channel_id` on the given events.
pub fn item(channel_id: &str, events: &[&str]) -> Value {
    json!({"channel_id": channel_id, "events": events,
           "notify_url": "https://example.com/cb", "token": "t"})
}

/// Asserts Zoho's top-level error shape with `code`.
pub fn assert_zoho_error(body: &Value, code: &str) {
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["status"], "error", "{body}");
    assert!(body["message"].is_string(), "{body}");
}
