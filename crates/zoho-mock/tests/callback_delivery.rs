//! Callback delivery stays on loopback and ends in bounded time, whatever
//! the receiver does.

mod support;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::http::{StatusCode, header};
use reqwest::Method;
use serde_json::{Value, json};
use support::{WATCH, bounded, client, send};
use zoho_mock::{EMBEDDED_COLLECTION, MockConfig, MockServer};

/// A loopback endpoint answering every request with `status` (and
/// `location`, if any), counting the requests it gets.
async fn endpoint(status: StatusCode, location: Option<String>) -> (SocketAddr, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let app = axum::Router::new().fallback(move || {
        let counter = counter.clone();
        let location = location.clone();
        async move {
            counter.fetch_add(1, Ordering::SeqCst);
            let mut response = axum::response::IntoResponse::into_response(status);
            if let Some(location) = location.and_then(|l| l.parse().ok()) {
                response.headers_mut().insert(header::LOCATION, location);
            }
            response
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (address, hits)
}

async fn subscribe(server: &MockServer, channel_id: &str, notify_url: &str) {
    let body = json!({"watch": [{"channel_id": channel_id, "events": ["Deals.all"], "notify_url": notify_url, "token": "t"}]});
    let (status, answer) = send(&client(), server, Method::POST, WATCH, Some(&body)).await;
    assert_eq!(status, 201, "{answer}");
}

async fn trigger(server: &MockServer, channel_id: &str) -> (u16, Value) {
    let response = client()
        .post(format!("{}/__mock/callbacks", server.url()))
        .json(&json!({"channel_id": channel_id, "module": "Deals", "operation": "insert", "ids": ["1"]}))
        .send()
        .await
        .expect("the mock answers");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_redirect_to_a_non_loopback_address_is_reported_not_followed() {
    bounded(async {
        let server = MockServer::start().await.expect("mock");
        // 0.0.0.0 is not a loopback address, yet on Linux a connection to it
        // reaches this machine: if the mock ever followed the redirect, the
        // trap would count it and no packet would have left the host.
        let (trap, trapped) = endpoint(StatusCode::OK, None).await;
        let location = format!("http://0.0.0.0:{}/stolen", trap.port());
        let (receiver, received) =
            endpoint(StatusCode::TEMPORARY_REDIRECT, Some(location.clone())).await;
        subscribe(&server, "1", &format!("http://{receiver}/cb")).await;

        let (status, report) = trigger(&server, "1").await;
        assert_eq!(status, 200, "{report}");
        assert_eq!(report["receiver_status"], 307, "{report}");
        assert_eq!(report["redirect_not_followed"], location.as_str());
        assert_eq!(received.load(Ordering::SeqCst), 1);
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(
            trapped.load(Ordering::SeqCst),
            0,
            "nothing was sent to the redirect target"
        );
    })
    .await;
}

#[tokio::test]
async fn a_notify_url_that_is_not_loopback_is_refused_without_sending_anything() {
    bounded(async {
        let server = MockServer::start().await.expect("mock");
        let (trap, trapped) = endpoint(StatusCode::OK, None).await;
        // Neither is looked up or contacted: 0.0.0.0 is not loopback, and
        // names other than localhost are refused before any DNS query.
        for (channel, url) in [
            ("1", format!("http://0.0.0.0:{}/cb", trap.port())),
            ("2", "http://example.com/cb".to_string()),
            ("3", format!("ftp://127.0.0.1:{}/", trap.port())),
        ] {
            subscribe(&server, channel, &url).await;
            let (status, answer) = trigger(&server, channel).await;
            assert_eq!(status, 400, "{url}: {answer}");
            assert_eq!(answer["code"], "NOT_ALLOWED", "{answer}");
        }
        assert_eq!(trapped.load(Ordering::SeqCst), 0);
    })
    .await;
}

#[tokio::test]
async fn a_receiver_that_never_answers_makes_delivery_return_within_the_timeout() {
    bounded(async {
        let mut config = MockConfig::default();
        config.callback_timeout = Duration::from_millis(500);
        let server = MockServer::start_with_config(
            EMBEDDED_COLLECTION,
            SocketAddr::from(([127, 0, 0, 1], 0)),
            config,
        )
        .await
        .expect("mock");
        // Accepts connections and holds them open without a word.
        let silent = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = silent.local_addr().expect("address");
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((stream, _)) = silent.accept().await {
                held.push(stream);
            }
        });
        subscribe(
            &server,
            "1",
            &format!("http://localhost:{}/cb", address.port()),
        )
        .await;

        let started = Instant::now();
        let (status, answer) = trigger(&server, "1").await;
        let elapsed = started.elapsed();
        eprintln!("delivery to a silent receiver gave up after {elapsed:?} (timeout 500ms)");
        assert_eq!(status, 504, "{answer}");
        assert_eq!(answer["code"], "DELIVERY_FAILED");
        assert_eq!(answer["details"]["timed_out"], true);
        assert!(
            elapsed >= Duration::from_millis(450) && elapsed < Duration::from_secs(3),
            "took {elapsed:?}"
        );
    })
    .await;
}
