//! A channel enabled on the mock, a callback delivered to a loopback
//! receiver, and the SDK's receiver accepting it (and refusing a forgery).

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, header};
use chrono::{Duration, Utc};
use zoho_crm_notifications::callback::{CallbackError, CallbackEvent, CallbackReceiver};
use zoho_crm_notifications::{
    AccessToken, CallbackToken, ChannelId, Event, Notifications, Operation, Subscription,
};
use zoho_mock::MockServer;

type Results = Arc<Mutex<Vec<Result<Vec<CallbackEvent>, CallbackError>>>>;

/// A loopback endpoint that runs every POST through `receiver`.
async fn start_endpoint(receiver: CallbackReceiver) -> (String, Results) {
    let results: Results = Arc::default();
    let log = results.clone();
    let app = axum::Router::new().fallback(move |headers: HeaderMap, body: Bytes| {
        let log = log.clone();
        let receiver = receiver.clone();
        async move {
            let content_type = headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok());
            let result = receiver.receive(content_type, &body);
            let status = match &result {
                Ok(_) => StatusCode::OK,
                Err(error) => {
                    StatusCode::from_u16(error.http_status()).unwrap_or(StatusCode::BAD_REQUEST)
                }
            };
            log.lock().expect("lock").push(result);
            status
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!(
        "http://{}/zoho/callback?tenant=acme",
        listener.local_addr().expect("addr")
    );
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (url, results)
}

async fn trigger(mock: &MockServer, channel_id: &str) -> serde_json::Value {
    reqwest::Client::new()
        .post(format!("{}/__mock/callbacks", mock.url()))
        .json(&serde_json::json!({"channel_id": channel_id, "module": "Deals", "operation": "insert", "ids": ["4150868000000002999", "4150868000000003000"]}))
        .send()
        .await
        .expect("mock answers")
        .json()
        .await
        .expect("json")
}

#[tokio::test]
async fn a_delivered_callback_is_accepted_with_the_right_token_and_refused_when_forged() {
    let mock = MockServer::start().await.expect("mock");
    let api = Notifications::new(mock.url(), &AccessToken::new("t").expect("valid secret"))
        .expect("client");
    let good = CallbackReceiver::new().channel(ChannelId::new("77"), Some("right-token"));
    let (url, results) = start_endpoint(good).await;
    let subscription = |channel: &str, token: &str| {
        Subscription::new(
            ChannelId::new(channel),
            vec![Event::new("Deals", Operation::All)],
            url.clone(),
            CallbackToken::new(token).expect("valid secret"),
            (Utc::now() + Duration::hours(1)).fixed_offset(),
        )
    };
    // Channel 77 has the token the receiver expects; channel 78 (same URL)
    // is a forger who knows the endpoint but not the token.
    api.enable(&[
        subscription("77", "right-token"),
        subscription("78", "guessed-token"),
    ])
    .await
    .expect("enable");

    assert_eq!(trigger(&mock, "77").await["receiver_status"], 200);
    let forged = trigger(&mock, "78").await;
    assert_eq!(
        forged["receiver_status"], 403,
        "channel 78 is not one the receiver expects: {forged}"
    );

    let results = results.lock().expect("lock");
    let events = results[0].as_ref().expect("accepted");
    let ids: Vec<&str> = events
        .iter()
        .map(|event| event.record_id.as_str())
        .collect();
    assert_eq!(
        ids,
        ["4150868000000002999", "4150868000000003000"],
        "one event per record id"
    );
    assert_eq!(events[0].query_params["tenant"], "acme");
    assert!(matches!(results[1], Err(CallbackError::UnknownChannel(_))));
}

#[tokio::test]
async fn a_callback_with_a_forged_token_for_a_known_channel_is_refused() {
    let mock = MockServer::start().await.expect("mock");
    let api = Notifications::new(mock.url(), &AccessToken::new("t").expect("valid secret"))
        .expect("client");
    let receiver = CallbackReceiver::new().channel(ChannelId::new("90"), Some("expected-token"));
    let (url, results) = start_endpoint(receiver).await;
    api.enable(&[Subscription::new(
        ChannelId::new("90"),
        vec![Event::new("Deals", Operation::Create)],
        url,
        CallbackToken::new("not-the-expected-token").expect("valid secret"),
        (Utc::now() + Duration::hours(1)).fixed_offset(),
    )])
    .await
    .expect("enable");
    assert_eq!(trigger(&mock, "90").await["receiver_status"], 401);
    assert!(matches!(
        results.lock().expect("lock")[0],
        Err(CallbackError::TokenMismatch { .. })
    ));
}
