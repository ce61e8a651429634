//! Tests can make the mock answer Zoho's 429 and 5xx, for exercising
//! clients' retries.

mod support;

use reqwest::Method;
use serde_json::{Value, json};
use support::{WATCH, bounded, client};
use zoho_mock::MockServer;

/// Status, `Retry-After` and body of one authorized request.
async fn exchange(
    server: &MockServer,
    method: Method,
    prefer: Option<&str>,
) -> (u16, Option<u64>, Value) {
    let mut request = client()
        .request(method.clone(), format!("{}{WATCH}", server.url()))
        .header("Authorization", "Zoho-oauthtoken t");
    if let Some(prefer) = prefer {
        request = request.header("Prefer", prefer);
    }
    if method == Method::DELETE {
        request = request.query(&[("channel_ids", "1")]);
    } else if method != Method::GET {
        request = request.json(&json!({"watch": [{"channel_id": "1", "events": ["Deals.all"], "notify_url": "https://x.test"}]}));
    }
    let response = request.send().await.expect("answers");
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    let body = response.json().await.unwrap_or(Value::Null);
    (status, retry_after, body)
}

const METHODS: [Method; 5] = [
    Method::GET,
    Method::POST,
    Method::PUT,
    Method::PATCH,
    Method::DELETE,
];

#[tokio::test]
async fn prefer_code_429_answers_zoho_s_rate_limit_body_with_retry_after_on_every_method() {
    bounded(async {
        let server = MockServer::start().await.expect("mock");
        for method in METHODS {
            let (status, retry_after, body) =
                exchange(&server, method.clone(), Some("code=429")).await;
            assert_eq!(status, 429, "{method}");
            assert_eq!(body["code"], "RATE_LIMIT_EXCEEDED", "{method}: {body}");
            assert_eq!(
                body["message"],
                "Too many requests. Please try again later."
            );
            assert_eq!(body["status"], "error");
            assert!(
                retry_after.is_some_and(|seconds| seconds >= 1),
                "{method}: Retry-After {retry_after:?}"
            );

            let (status, _, body) = exchange(&server, method.clone(), Some("code=500")).await;
            assert_eq!(
                (status, body["code"].as_str()),
                (500, Some("INTERNAL_ERROR")),
                "{method}: {body}"
            );
        }
        // No recording has a 503: it is synthesized, with Retry-After.
        let (status, retry_after, body) = exchange(&server, Method::GET, Some("code=503")).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (503, Some("INTERNAL_ERROR")),
            "{body}"
        );
        assert_eq!(retry_after, Some(1));
    })
    .await;
}

#[tokio::test]
async fn armed_failures_fail_exactly_that_many_requests_then_it_serves_normally() {
    bounded(async {
        let server = MockServer::start().await.expect("mock");

        server.fail_next(2, 503);
        let statuses: Vec<(u16, Option<u64>)> = [
            exchange(&server, Method::GET, None).await,
            exchange(&server, Method::GET, None).await,
            exchange(&server, Method::GET, None).await,
        ]
        .into_iter()
        .map(|(status, retry_after, _)| (status, retry_after))
        .collect();
        assert_eq!(statuses, [(503, Some(1)), (503, Some(1)), (204, None)]);

        // `Prefer: fail=2` fails that request and the one after it.
        let (first, _, body) = exchange(&server, Method::POST, Some("fail=2; status=429")).await;
        assert_eq!(
            (first, body["code"].as_str()),
            (429, Some("RATE_LIMIT_EXCEEDED"))
        );
        let (second, _, _) = exchange(&server, Method::POST, None).await;
        let (third, _, body) = exchange(&server, Method::POST, None).await;
        assert_eq!((second, third), (429, 201), "{body}");

        // The same over HTTP, for a mock run as a separate process.
        let armed = client()
            .post(format!("{}/__mock/faults", server.url()))
            .json(&json!({"count": 1, "status": 500}))
            .send()
            .await
            .expect("answers");
        assert_eq!(armed.status(), 200);
        let (status, _, body) = exchange(&server, Method::GET, None).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (500, Some("INTERNAL_ERROR"))
        );
        assert_eq!(exchange(&server, Method::GET, None).await.0, 200);

        let refused = client()
            .post(format!("{}/__mock/faults", server.url()))
            .json(&json!({"count": -1, "status": 200}))
            .send()
            .await
            .expect("answers");
        assert_eq!(refused.status(), 400);
    })
    .await;
}
