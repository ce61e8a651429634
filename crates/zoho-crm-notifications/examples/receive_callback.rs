//! Receive a callback: an HTTP endpoint that checks each callback Zoho POSTs
//! (token, channel, size, shape) and handles one event per record.
//!
//! On the mock, the example subscribes its own loopback endpoint and asks the
//! mock to deliver a callback to it. Against real Zoho, set `ZOHO_NOTIFY_URL`
//! to a public HTTPS URL that reaches `ZOHO_CALLBACK_LISTEN` (default
//! 127.0.0.1:8085), and the example waits for Zoho's callback.

mod common;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, header};
use chrono::Duration;
use zoho_crm_notifications::callback::CallbackReceiver;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let target = common::connect().await?;
    let listen = std::env::var("ZOHO_CALLBACK_LISTEN").unwrap_or_else(|_| "127.0.0.1:0".into());
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    let local = format!("http://{}/zoho/callback", listener.local_addr()?);
    let notify_url = if target.mock.is_some() {
        local
    } else {
        common::notify_url()
    };

    let channel = common::subscription("1000000068001", notify_url, Duration::hours(1));
    let receiver = CallbackReceiver::new().subscription(&channel);
    let (events_tx, mut events_rx) = tokio::sync::mpsc::unbounded_channel();
    let app = axum::Router::new().fallback(move |headers: HeaderMap, body: Bytes| {
        let receiver = receiver.clone();
        let events_tx = events_tx.clone();
        async move {
            let content_type = headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok());
            match receiver.receive(content_type, &body) {
                Ok(events) => {
                    let _ = events_tx.send(events);
                    StatusCode::OK
                }
                Err(error) => {
                    eprintln!("callback refused: {error}");
                    StatusCode::from_u16(error.http_status()).unwrap_or(StatusCode::BAD_REQUEST)
                }
            }
        }
    });
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });

    common::print_outcomes("enable", &target.api.enable(&[channel]).await?);
    if let Some(mock) = &target.mock {
        let delivery: serde_json::Value = reqwest::Client::new()
            .post(format!("{}/__mock/callbacks", mock.url()))
            .json(&serde_json::json!({
                "channel_id": "1000000068001", "module": "Deals", "operation": "update",
                "ids": ["4150868000000002181", "4150868000000002182"],
            }))
            .send()
            .await?
            .json()
            .await?;
        println!("mock delivered a callback: {delivery}");
    } else {
        println!("waiting for Zoho's callback on {listen}; change a Deal in Zoho CRM");
    }
    if let Some(events) = events_rx.recv().await {
        for event in events {
            println!(
                "callback: {} {} record {} (channel {})",
                event.operation, event.module, event.record_id, event.channel_id
            );
        }
    }
    Ok(())
}
