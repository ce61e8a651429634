//! Bad requests get Zoho-shaped errors, and the server keeps serving.

use serde_json::Value;
use zoho_mock::MockServer;

async fn send(
    server: &MockServer,
    method: reqwest::Method,
    path: &str,
    body: Vec<u8>,
) -> (u16, Value) {
    let response = reqwest::Client::new()
        .request(method, format!("{}{path}", server.url()))
        .header("Authorization", "Zoho-oauthtoken t")
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .expect("the server answers");
    let status = response.status().as_u16();
    let body = response.json::<Value>().await.unwrap_or(Value::Null);
    (status, body)
}

fn assert_zoho_error(body: &Value, code: &str) {
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["status"], "error", "{body}");
    assert!(
        body["message"].is_string() && body["details"].is_object(),
        "{body}"
    );
}

#[tokio::test]
async fn malformed_json_an_unknown_path_and_an_oversize_body_get_zoho_errors_then_it_still_serves()
{
    let server = MockServer::start().await.expect("mock");
    let watch = "/crm/v2.1/actions/watch";

    let (status, body) = send(
        &server,
        reqwest::Method::POST,
        watch,
        b"{\"watch\": [".to_vec(),
    )
    .await;
    assert_eq!(status, 400);
    assert_zoho_error(&body, "INVALID_DATA");

    let (status, body) = send(
        &server,
        reqwest::Method::GET,
        "/crm/v2.1/nothing/here",
        Vec::new(),
    )
    .await;
    assert_eq!(status, 404);
    assert_zoho_error(&body, "INVALID_URL_PATTERN");

    let (status, body) = send(
        &server,
        reqwest::Method::POST,
        watch,
        vec![b' '; 2 * 1024 * 1024],
    )
    .await;
    assert_eq!(status, 413);
    assert_zoho_error(&body, "REQUEST_ENTITY_TOO_LARGE");

    let valid = br#"{"watch":[{"channel_id":"1","events":["Deals.all"],"notify_url":"https://x.test/cb","token":"t"}]}"#;
    let (status, body) = send(&server, reqwest::Method::POST, watch, valid.to_vec()).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["watch"][0]["code"], "SUCCESS");
}

#[tokio::test]
async fn prefer_selects_a_recorded_example_byte_for_byte() {
    let server = MockServer::start().await.expect("mock");
    let response = reqwest::Client::new()
        .post(format!("{}/crm/v2.1/actions/watch", server.url()))
        .header("Prefer", "example=invalid_data")
        .body("{}")
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), 202);
    let text = response.text().await.expect("body");
    let recorded: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(recorded["watch"][0]["details"]["maximum_length"], 50);
    assert!(
        text.contains("\n            \"code\": \"INVALID_DATA\""),
        "served as recorded, indentation included"
    );
}

#[tokio::test]
async fn an_unsupported_method_gets_the_recorded_invalid_request_method() {
    let server = MockServer::start().await.expect("mock");
    let (status, body) = send(
        &server,
        reqwest::Method::OPTIONS,
        "/crm/v2.1/actions/watch",
        Vec::new(),
    )
    .await;
    assert_eq!(status, 400);
    assert_zoho_error(&body, "INVALID_REQUEST_METHOD");
}
