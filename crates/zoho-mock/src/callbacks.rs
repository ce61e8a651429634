//! Delivering a callback to a channel's `notify_url`, shaped like Zoho's.
//!
//! The mock must never send traffic off the machine, whatever a test stored
//! as `notify_url` or whatever the receiver answers: the target is resolved
//! and checked to be loopback right before sending, the connection is pinned
//! to the checked addresses, redirects are reported instead of followed, no
//! proxy is used, and the delivery is bounded in time.

use std::net::{IpAddr, SocketAddr};

use axum::response::Response;
use serde_json::{Value, json};

use crate::responses::json_response;
use crate::{Shared, zoho};

/// What a test asks the mock to deliver.
#[derive(Debug, serde::Deserialize)]
struct DeliveryRequest {
    channel_id: String,
    module: String,
    operation: String,
    ids: Vec<String>,
}

fn refused(status: u16, code: &str, details: Value, message: &str) -> Response {
    json_response(status, &zoho::error(code, details, message))
}

fn is_loopback(ip: IpAddr) -> bool {
    // `::ffff:127.0.0.1` is loopback too; `to_canonical` unwraps it.
    ip.to_canonical().is_loopback()
}

/// Where a delivery to `url` may connect: its loopback addresses, or why
/// none. `localhost` is the only name looked up, so that checking a target
/// never sends a DNS query off the machine either.
async fn loopback_targets(url: &reqwest::Url) -> Result<Vec<SocketAddr>, String> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("scheme {:?} is not http(s)", url.scheme()));
    }
    let port = url
        .port_or_known_default()
        .ok_or_else(|| "no port".to_string())?;
    let addresses: Vec<SocketAddr> = match url.host() {
        Some(url::Host::Ipv4(ip)) => vec![SocketAddr::new(IpAddr::V4(ip), port)],
        Some(url::Host::Ipv6(ip)) => vec![SocketAddr::new(IpAddr::V6(ip), port)],
        Some(url::Host::Domain(domain)) if domain.eq_ignore_ascii_case("localhost") => {
            tokio::net::lookup_host((domain, port))
                .await
                .map_err(|error| format!("cannot resolve {domain}: {error}"))?
                .collect()
        }
        Some(url::Host::Domain(domain)) => return Err(format!("{domain} is not localhost")),
        None => return Err("no host".to_string()),
    };
    if addresses.is_empty() {
        return Err("resolves to no address".to_string());
    }
    match addresses.iter().find(|address| !is_loopback(address.ip())) {
        Some(outside) => Err(format!("{} is not a loopback address", outside.ip())),
        None => Ok(addresses),
    }
}

/// A client for one delivery: pinned to `targets`, no redirects, no proxy,
/// and the configured timeouts.
fn client_for(
    shared: &Shared,
    url: &reqwest::Url,
    targets: &[SocketAddr],
) -> reqwest::Result<reqwest::Client> {
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .connect_timeout(shared.config.callback_connect_timeout)
        .timeout(shared.config.callback_timeout);
    if let Some(url::Host::Domain(domain)) = url.host() {
        // Connect to the addresses just checked, not to a fresh lookup.
        builder = builder.resolve_to_addrs(domain, targets);
    }
    builder.build()
}

/// `POST /__mock/callbacks`: builds the payload and POSTs it.
pub(crate) async fn deliver(shared: &Shared, body: &[u8]) -> Response {
    let request: DeliveryRequest = match serde_json::from_slice(body) {
        Ok(request) => request,
        Err(error) => {
            return refused(
                400,
                "INVALID_DATA",
                json!({"reason": error.to_string()}),
                "expected {channel_id, module, operation, ids}",
            );
        }
    };
    let channel = zoho::lock(&shared.channels)
        .get(&request.channel_id)
        .cloned();
    let Some(channel) = channel else {
        return refused(
            404,
            "NOT_SUBSCRIBED",
            json!({}),
            "Not subscribed for actions-watch of the given module/channel",
        );
    };
    if !channel.watches(&request.module, &request.operation) {
        return refused(
            409,
            "NOT_SUBSCRIBED",
            json!({"module": request.module}),
            "the channel does not watch this module and operation",
        );
    }
    let Ok(url) = reqwest::Url::parse(&channel.notify_url) else {
        return refused(
            400,
            "INVALID_DATA",
            json!({"api_name": "notify_url"}),
            "the channel's notify_url is not a URL",
        );
    };
    let targets = match loopback_targets(&url).await {
        Ok(targets) => targets,
        Err(reason) => {
            return refused(
                400,
                "NOT_ALLOWED",
                json!({"api_name": "notify_url", "reason": reason}),
                "the mock only delivers callbacks to loopback addresses",
            );
        }
    };
    let client = match client_for(shared, &url, &targets) {
        Ok(client) => client,
        Err(error) => {
            return refused(
                500,
                "INTERNAL_ERROR",
                json!({"reason": error.to_string()}),
                "the callback client could not be built",
            );
        }
    };
    let payload = payload(&request, &channel, &url);
    match client.post(url).json(&payload).send().await {
        Ok(response) => {
            let mut report =
                json!({"delivered": true, "receiver_status": response.status().as_u16()});
            if let Some(location) = response.headers().get(reqwest::header::LOCATION) {
                // Reported so a test can see the redirect was not followed.
                report["redirect_not_followed"] = String::from_utf8_lossy(location.as_bytes())
                    .into_owned()
                    .into();
            }
            json_response(200, &report)
        }
        Err(error) => refused(
            if error.is_timeout() { 504 } else { 502 },
            "DELIVERY_FAILED",
            json!({"reason": error.to_string(), "timed_out": error.is_timeout()}),
            "the callback could not be delivered",
        ),
    }
}

fn payload(request: &DeliveryRequest, channel: &zoho::Channel, url: &reqwest::Url) -> Value {
    let query_params: serde_json::Map<String, Value> = url
        .query_pairs()
        .map(|(key, value)| (key.into_owned(), Value::String(value.into_owned())))
        .collect();
    json!({
        "server_time": chrono::Utc::now().timestamp_millis(),
        "query_params": query_params,
        "module": request.module,
        "resource_uri": zoho::resource_uri(&request.module),
        "ids": request.ids,
        "affected_fields": [],
        "operation": request.operation,
        "channel_id": request.channel_id,
        "token": channel.token,
    })
}
