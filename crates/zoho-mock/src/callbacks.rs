//! Delivering a callback to a channel's `notify_url`, shaped like Zoho's.

use axum::response::Response;
use serde_json::{Value, json};

use crate::{Shared, json_response, zoho};

/// What a test asks the mock to deliver.
#[derive(Debug, serde::Deserialize)]
struct DeliveryRequest {
    channel_id: String,
    module: String,
    operation: String,
    ids: Vec<String>,
}

/// Only loopback targets: the mock must never send traffic off the machine.
fn is_loopback(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// `POST /__mock/callbacks`: builds the payload and POSTs it.
pub async fn deliver(shared: &Shared, body: &[u8]) -> Response {
    let request: DeliveryRequest = match serde_json::from_slice(body) {
        Ok(request) => request,
        Err(error) => {
            return json_response(
                400,
                &zoho::error(
                    "INVALID_DATA",
                    json!({"reason": error.to_string()}),
                    "expected {channel_id, module, operation, ids}",
                ),
            );
        }
    };
    let channel = shared
        .channels
        .lock()
        .ok()
        .and_then(|channels| channels.get(&request.channel_id).cloned());
    let Some(channel) = channel else {
        return json_response(
            404,
            &zoho::error(
                "NOT_SUBSCRIBED",
                json!({}),
                "Not subscribed for actions-watch of the given module/channel",
            ),
        );
    };
    if !channel.watches(&request.module, &request.operation) {
        return json_response(
            409,
            &zoho::error(
                "NOT_SUBSCRIBED",
                json!({"module": request.module}),
                "the channel does not watch this module and operation",
            ),
        );
    }
    let Ok(url) = reqwest::Url::parse(&channel.notify_url) else {
        return json_response(
            400,
            &zoho::error(
                "INVALID_DATA",
                json!({"api_name": "notify_url"}),
                "the channel's notify_url is not a URL",
            ),
        );
    };
    if !is_loopback(&url) {
        return json_response(
            400,
            &zoho::error(
                "NOT_ALLOWED",
                json!({"api_name": "notify_url"}),
                "the mock only delivers callbacks to loopback addresses",
            ),
        );
    }
    let query_params: serde_json::Map<String, Value> = url
        .query_pairs()
        .map(|(key, value)| (key.into_owned(), Value::String(value.into_owned())))
        .collect();
    let payload = json!({
        "server_time": chrono::Utc::now().timestamp_millis(),
        "query_params": query_params,
        "module": request.module,
        "resource_uri": zoho::resource_uri(&request.module),
        "ids": request.ids,
        "affected_fields": [],
        "operation": request.operation,
        "channel_id": request.channel_id,
        "token": channel.token,
    });
    match reqwest::Client::new().post(url).json(&payload).send().await {
        Ok(response) => json_response(
            200,
            &json!({"delivered": true, "receiver_status": response.status().as_u16()}),
        ),
        Err(error) => json_response(
            502,
            &zoho::error(
                "DELIVERY_FAILED",
                json!({"reason": error.to_string()}),
                "the callback could not be delivered",
            ),
        ),
    }
}
