//! The SDK against hostile or broken servers over loopback: absurd numbers
//! in headers and token answers, failing and hanging accounts servers,
//! tokens that would corrupt a header, and bodies too large to read. Nothing
//! may panic, hang past the caller's deadline, or flood Zoho.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use support::serve;
use zoho_crm_notifications::auth::{AuthError, MemoryTokenStore};
use zoho_crm_notifications::{
    AccessToken, BodyTooLarge, Credentials, DataCenter, ListFilter, Notifications,
    RefreshTokenFlow, RetryPolicy, SdkError, Secret,
};

const EMPTY_PAGE: &str = r#"{"watch": [], "info": {"more_records": false}}"#;

/// An API server answering every request with `status`, `headers` and
/// `body`; counts requests.
async fn api(
    status: u16,
    headers: &'static [(&'static str, &'static str)],
    body: impl Into<axum::body::Bytes> + Clone + Send + Sync + 'static,
) -> (String, Arc<AtomicUsize>) {
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = requests.clone();
    let app = axum::Router::new().fallback(move || {
        counter.fetch_add(1, Ordering::SeqCst);
        let body = body.clone().into();
        async move {
            let mut response =
                (StatusCode::from_u16(status).expect("status"), body).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                "application/json".parse().expect("header"),
            );
            for (name, value) in headers {
                response
                    .headers_mut()
                    .insert(*name, value.parse().expect("header"));
            }
            response
        }
    });
    (serve(app).await, requests)
}

/// An accounts server answering token requests with `status` and `body`
/// after `delay` (a very long delay is a server that never answers).
async fn accounts(status: u16, body: String, delay: Duration) -> (String, Arc<AtomicUsize>) {
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = requests.clone();
    let app = axum::Router::new().route(
        "/oauth/v2/token",
        axum::routing::post(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            let body = body.clone();
            async move {
                tokio::time::sleep(delay).await;
                (StatusCode::from_u16(status).expect("status"), body)
            }
        }),
    );
    (serve(app).await, requests)
}

fn refreshing_client(api: &str, accounts: &str, timeout: Duration) -> Notifications {
    Notifications::builder()
        .data_center(DataCenter::Custom {
            api_domain: api.into(),
            accounts: accounts.into(),
        })
        .credentials(Credentials::RefreshToken(RefreshTokenFlow {
            store: Arc::new(MemoryTokenStore::default()),
            ..RefreshTokenFlow::new(
                "client-id",
                Secret::new("CLIENT-SECRET").expect("secret"),
                Secret::new("REFRESH-TOKEN").expect("secret"),
            )
        }))
        .retry(RetryPolicy {
            base_delay: Duration::from_millis(10),
            ..RetryPolicy::default()
        })
        .timeouts(timeout, timeout)
        .follow_token_api_domain(false)
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_retry_after_of_u64_max_neither_panics_nor_waits() {
    let (url, requests) = api(
        429,
        &[("retry-after", "18446744073709551615")],
        r#"{"code": "RATE_LIMIT_EXCEEDED", "message": "Too many requests. Please try again later.", "status": "error"}"#,
    )
    .await;
    let api = Notifications::new(&url, &AccessToken::new("t").expect("token")).expect("client");
    let started = Instant::now();
    let error = api
        .list(&ListFilter::default())
        .await
        .expect_err("no retry can wait that long");
    assert!(
        matches!(error, SdkError::Zoho { status: 429, .. }),
        "{error:?}"
    );
    assert_eq!(requests.load(Ordering::SeqCst), 1);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn absurd_expiries_in_token_answers_neither_panic_nor_break_requests() {
    let (url, _) = api(200, &[], EMPTY_PAGE).await;
    for expires_in in [
        "9223372036854775807",
        "-9223372036854775808",
        "1e14",
        "1e308",
        "-1",
        "0.5",
        "\"3600\"",
        "null",
    ] {
        let answer = format!(r#"{{"access_token": "1000.a", "expires_in": {expires_in}}}"#);
        let (accounts_url, _) = accounts(200, answer, Duration::ZERO).await;
        let client = refreshing_client(&url, &accounts_url, Duration::from_secs(5));
        client
            .list(&ListFilter::default())
            .await
            .unwrap_or_else(|error| panic!("expires_in {expires_in}: {error}"));
    }
}

#[tokio::test]
async fn a_failing_accounts_server_gets_one_token_request_per_back_off_period() {
    let (url, api_requests) = api(200, &[], EMPTY_PAGE).await;
    let (accounts_url, token_requests) = accounts(
        500,
        r#"{"error": "internal"}"#.into(),
        Duration::from_millis(50),
    )
    .await;
    let client = refreshing_client(&url, &accounts_url, Duration::from_secs(5));
    let filter = ListFilter::default();
    let results = futures_util::future::join_all((0..200).map(|_| client.list(&filter))).await;
    // And a second wave, inside the five-second back-off.
    let again = futures_util::future::join_all((0..50).map(|_| client.list(&filter))).await;
    assert_eq!(
        token_requests.load(Ordering::SeqCst),
        1,
        "250 callers share one failed refresh"
    );
    assert_eq!(
        api_requests.load(Ordering::SeqCst),
        0,
        "nothing reached the API"
    );
    for result in results.iter().chain(&again) {
        match result {
            Err(SdkError::Auth(AuthError::Refused { status: 500, error })) => {
                assert_eq!(error, "internal")
            }
            Err(SdkError::Auth(AuthError::BackingOff { last, .. })) => assert!(
                matches!(**last, AuthError::Refused { status: 500, .. }),
                "{last}"
            ),
            other => panic!("{other:?}"),
        }
    }
}

#[tokio::test]
async fn with_a_hanging_accounts_server_no_caller_waits_past_its_own_deadline() {
    let (url, _) = api(200, &[], EMPTY_PAGE).await;
    let (accounts_url, token_requests) =
        accounts(200, "{}".into(), Duration::from_secs(3600)).await;
    let client = refreshing_client(&url, &accounts_url, Duration::from_secs(1));
    let filter = ListFilter::default();
    let started = Instant::now();
    let calls = (0..20).map(|_| async {
        let result = client.list(&filter).await;
        (result, started.elapsed())
    });
    let outcomes = futures_util::future::join_all(calls).await;
    for (result, waited) in &outcomes {
        assert!(matches!(result, Err(SdkError::Auth(_))), "{result:?}");
        assert!(
            *waited < Duration::from_millis(2500),
            "a caller with a 1 s deadline waited {waited:?}"
        );
    }
    assert_eq!(token_requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_token_that_would_corrupt_a_header_is_refused_and_nothing_is_sent() {
    let error = AccessToken::new("1000.abc\r\nX-Injected: 1").expect_err("CR LF");
    assert!(error.to_string().contains("control characters"), "{error}");
    assert!(!error.to_string().contains("1000.abc"), "{error}");

    // From the accounts server, it is a typed error, and the API is untouched.
    let (url, api_requests) = api(200, &[], EMPTY_PAGE).await;
    let (accounts_url, _) = accounts(
        200,
        r#"{"access_token": "1000.abc\r\nX-Injected: 1", "expires_in": 3600}"#.into(),
        Duration::ZERO,
    )
    .await;
    let client = refreshing_client(&url, &accounts_url, Duration::from_secs(5));
    let error = client
        .list(&ListFilter::default())
        .await
        .expect_err("unusable token");
    assert!(
        matches!(
            error,
            SdkError::Auth(AuthError::InvalidAnswer { status: 200, .. })
        ),
        "{error:?}"
    );
    assert_eq!(api_requests.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn auth_failures_say_what_the_accounts_server_answered_without_secrets() {
    let (url, _) = api(200, &[], EMPTY_PAGE).await;
    for (status, body, expected) in [
        (
            200,
            r#"{"error": "invalid_code"}"#,
            "HTTP 200): invalid_code",
        ),
        (500, "<html>oops</html>", "HTTP 500) is not a usable token"),
        (400, r#"{"error": {"nested": true}}"#, "{\"nested\":true}"),
    ] {
        let (accounts_url, _) = accounts(status, body.into(), Duration::ZERO).await;
        let client = refreshing_client(&url, &accounts_url, Duration::from_secs(5));
        let error = client
            .list(&ListFilter::default())
            .await
            .expect_err("refused");
        let text = error.to_string();
        assert!(matches!(error, SdkError::Auth(_)), "{error:?}");
        assert!(text.contains(expected), "{text}");
        for secret in ["CLIENT-SECRET", "REFRESH-TOKEN"] {
            assert!(!text.contains(secret) && !format!("{error:?}").contains(secret));
        }
    }
}

#[tokio::test]
async fn a_body_over_the_cap_is_refused_by_name_with_or_without_a_length() {
    let big = vec![b' '; 10 * 1024 * 1024];
    let (url, _) = api(200, &[], big.clone()).await;
    let client = Notifications::builder()
        .api_domain(&url)
        .max_response_bytes(1024 * 1024)
        .build()
        .expect("client");
    let error = client
        .list(&ListFilter::default())
        .await
        .expect_err("10 MB");
    assert!(
        matches!(
            error,
            SdkError::ResponseTooLarge(BodyTooLarge { limit: 1_048_576 })
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("1048576-byte limit"), "{error}");

    // Streamed, with no Content-Length: stopped while reading.
    let app = axum::Router::new().fallback(|| async {
        let chunks = futures_util::stream::iter(
            (0..64).map(|_| Ok::<_, std::io::Error>(vec![b' '; 64 * 1024])),
        );
        axum::body::Body::from_stream(chunks)
    });
    let url = serve(app).await;
    let client = Notifications::builder()
        .api_domain(&url)
        .max_response_bytes(1024 * 1024)
        .build()
        .expect("client");
    let error = client
        .list(&ListFilter::default())
        .await
        .expect_err("4 MB streamed");
    assert!(matches!(error, SdkError::ResponseTooLarge(_)), "{error:?}");
}
