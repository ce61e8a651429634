//! Absurd numbers, shapes and paths get Zoho's 4xx answers, never a panic,
//! and the server answers the next ordinary request normally.

mod support;

use reqwest::Method;
use serde_json::{Value, json};
use support::{WATCH, assert_zoho_error, bounded, client, item, send};
use zoho_mock::MockServer;

#[tokio::test]
async fn after_any_absurd_request_the_next_ordinary_request_is_answered_normally() {
    bounded(async {
        let server = MockServer::start().await.expect("mock");
        let client = client();
        let (status, body) = send(&client, &server, Method::POST, WATCH, Some(&json!({"watch": [item("1", &["Deals.all"])]}))).await;
        assert_eq!(status, 201, "{body}");

        let huge_number: Value = serde_json::from_str("18446744073709551616").expect("json");
        let absurd: Vec<(Method, String, Option<Value>, u16)> = vec![
            // The one that used to overflow `(page - 1) * per_page` and
            // poison the lock: far past the end, so simply empty.
            (Method::GET, format!("{WATCH}?page=100000000000000000"), None, 204),
            (Method::GET, format!("{WATCH}?page=100000000000000000&per_page=100000000000000000"), None, 204),
            (Method::GET, format!("{WATCH}?page=18446744073709551615&per_page=200"), None, 204),
            (Method::GET, format!("{WATCH}?page=99999999999999999999999999"), None, 400),
            (Method::GET, format!("{WATCH}?page=-1"), None, 400),
            (Method::GET, format!("{WATCH}?page=0"), None, 400),
            (Method::GET, format!("{WATCH}?page=1.5"), None, 400),
            (Method::GET, format!("{WATCH}?per_page=abc"), None, 400),
            (Method::GET, format!("{WATCH}?per_page=0"), None, 400),
            (Method::GET, format!("{WATCH}?channel_id=99999999999999999999999"), None, 400),
            (Method::DELETE, format!("{WATCH}?channel_ids=,,,%20,"), None, 400),
            (Method::DELETE, format!("{WATCH}?channel_ids=99999999999999999999999999,-1"), None, 202),
            (Method::POST, WATCH.to_string(), Some(json!({"watch": [{"channel_id": huge_number, "events": ["Deals.all"], "notify_url": "https://x.test"}]})), 202),
            (Method::POST, WATCH.to_string(), Some(json!({"watch": [{"channel_id": "2", "events": ["Deals.all"], "notify_url": "https://x.test", "channel_expiry": "9999-12-31T23:59:59+23:59"}]})), 201),
            (Method::POST, WATCH.to_string(), Some(json!({"watch": [{"channel_id": "3", "events": ["Deals.all"], "notify_url": "https://x.test", "channel_expiry": "0000-01-01T00:00:00-23:59"}]})), 201),
            (Method::PATCH, WATCH.to_string(), Some(json!({"watch": [{"channel_id": -1, "events": ["Deals.all"]}]})), 202),
            (Method::PATCH, WATCH.to_string(), Some(json!({"watch": [{"channel_id": "1", "_delete_events": true}]})), 202),
            (Method::PUT, WATCH.to_string(), Some(json!({"watch": "everything"})), 400),
            (Method::PUT, WATCH.to_string(), Some(json!([1, 2, 3])), 400),
            (Method::GET, "/crm/v99999999999999999999/actions/watch".to_string(), None, 404),
        ];
        for (method, path, body, expected) in absurd {
            let (status, answer) = send(&client, &server, method.clone(), &path, body.as_ref()).await;
            assert_eq!(status, expected, "{method} {path}: {answer}");
            if status == 400 || status == 404 {
                assert_eq!(answer["status"], "error", "{method} {path}: {answer}");
                assert!(answer["code"].is_string(), "{method} {path}: {answer}");
            }
            let (status, listed) = send(&client, &server, Method::GET, &format!("{WATCH}?channel_id=1"), None).await;
            assert_eq!(status, 200, "after {method} {path}: {listed}");
            assert_eq!(listed["watch"][0]["channel_id"], "1", "after {method} {path}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_page_or_per_page_zoho_cannot_use_is_named_in_the_error() {
    bounded(async {
        let server = MockServer::start().await.expect("mock");
        let client = client();
        for param in ["page", "per_page"] {
            let (status, body) = send(
                &client,
                &server,
                Method::GET,
                &format!("{WATCH}?{param}=abc"),
                None,
            )
            .await;
            assert_eq!(status, 400);
            assert_zoho_error(&body, "INVALID_DATA");
            assert_eq!(body["details"]["param"], param, "{body}");
        }
    })
    .await;
}

#[tokio::test]
async fn more_than_fifty_watch_items_or_events_are_refused_with_zoho_errors() {
    bounded(async {
        let server = MockServer::start().await.expect("mock");
        let client = client();
        let items = |n: usize| -> Vec<Value> {
            (1..=n)
                .map(|i| item(&i.to_string(), &["Deals.all"]))
                .collect()
        };

        let (status, body) = send(
            &client,
            &server,
            Method::POST,
            WATCH,
            Some(&json!({"watch": items(51)})),
        )
        .await;
        assert_eq!(status, 400, "{body}");
        assert_zoho_error(&body, "INVALID_DATA");
        assert_eq!(
            body["details"],
            json!({"maximum_length": 50, "api_name": "watch", "json_path": "$.watch"})
        );
        assert_eq!(
            server.channel_count(),
            0,
            "nothing of a refused request is stored"
        );

        let (status, body) = send(
            &client,
            &server,
            Method::PUT,
            WATCH,
            Some(&json!({"watch": items(50)})),
        )
        .await;
        assert_eq!(status, 200, "fifty is allowed: {body}");
        assert_eq!(server.channel_count(), 50);

        let events =
            |n: usize| -> Vec<String> { (0..n).map(|i| format!("Module{i}.all")).collect() };
        let fifty_one =
            json!({"channel_id": "100", "events": events(51), "notify_url": "https://x.test"});
        let fifty =
            json!({"channel_id": "101", "events": events(50), "notify_url": "https://x.test"});
        let (status, body) = send(
            &client,
            &server,
            Method::POST,
            WATCH,
            Some(&json!({"watch": [fifty_one, fifty]})),
        )
        .await;
        assert_eq!(status, 202, "{body}");
        assert_eq!(body["watch"][0]["code"], "INVALID_DATA");
        assert_eq!(
            body["watch"][0]["details"],
            json!({"maximum_length": 50, "api_name": "events", "json_path": "$.watch[0].events"})
        );
        assert_eq!(body["watch"][1]["code"], "SUCCESS");
        assert_eq!(
            body["watch"][1]["details"]["events"]
                .as_array()
                .map(Vec::len),
            Some(50)
        );
    })
    .await;
}

#[tokio::test]
async fn a_blank_or_non_long_channel_id_fails_its_item_at_its_json_path() {
    bounded(async {
        let server = MockServer::start().await.expect("mock");
        let client = client();
        let with_id = |id: Value| json!({"channel_id": id, "events": ["Deals.all"], "notify_url": "https://x.test"});
        let ids = [
            (json!(""), "MANDATORY_NOT_FOUND"),
            (json!("   "), "MANDATORY_NOT_FOUND"),
            (json!("abc"), "INVALID_DATA"),
            (json!("12345678901234567890"), "INVALID_DATA"),
            (json!("9223372036854775808"), "INVALID_DATA"),
            (json!(-5), "INVALID_DATA"),
            (json!(1.5), "INVALID_DATA"),
            (json!(true), "INVALID_DATA"),
            (json!("2542271027018545353"), "SUCCESS"),
            (json!(1000000068001_u64), "SUCCESS"),
        ];
        let body = json!({"watch": ids.iter().map(|(id, _)| with_id(id.clone())).collect::<Vec<_>>()});
        let (status, answer) = send(&client, &server, Method::POST, WATCH, Some(&body)).await;
        assert_eq!(status, 202, "{answer}");
        for (index, (id, code)) in ids.iter().enumerate() {
            let result = &answer["watch"][index];
            assert_eq!(result["code"], *code, "channel_id {id}: {result}");
            if *code != "SUCCESS" {
                assert_eq!(result["details"]["json_path"], format!("$.watch[{index}].channel_id"), "{result}");
            }
        }
        assert!(server.channel("2542271027018545353").is_some());
        assert!(server.channel("1000000068001").is_some(), "a JSON number is kept as its digits");
        assert_eq!(server.channel_count(), 2);
    })
    .await;
}

#[tokio::test]
async fn only_zoho_s_api_versions_are_served() {
    bounded(async {
        let server = MockServer::start().await.expect("mock");
        let client = client();
        for version in ["v2", "v2.1", "v3", "v4", "v5", "v6", "v7", "v8"] {
            let (status, body) = send(
                &client,
                &server,
                Method::GET,
                &format!("/crm/{version}/actions/watch"),
                None,
            )
            .await;
            assert_eq!(status, 204, "{version}: {body}");
        }
        for version in ["v99999999999999999999", "v9", "v1", "v2.2", "latest", "v"] {
            let (status, body) = send(
                &client,
                &server,
                Method::GET,
                &format!("/crm/{version}/actions/watch"),
                None,
            )
            .await;
            assert_eq!(status, 404, "{version}");
            assert_zoho_error(&body, "INVALID_URL_PATTERN");
        }
    })
    .await;
}
