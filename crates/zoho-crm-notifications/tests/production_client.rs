//! The production client against a loopback fake accounts server and a
//! fault-injecting loopback API server: token refresh, retries, and secrets.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use zoho_crm_notifications::auth::{MemoryTokenStore, StoredToken, TokenStore};
use zoho_crm_notifications::{
    Credentials, DataCenter, ListFilter, Notifications, RefreshTokenFlow, RetryPolicy, SdkError,
    Secret,
};

const LIST_BODY: &str =
    r#"{"watch": [], "info": {"per_page": 200, "count": 0, "page": 1, "more_records": false}}"#;

mod support;

use support::serve;

/// The fake accounts server: counts refreshes, hands out `token-N`.
struct Accounts {
    url: String,
    refreshes: Arc<AtomicUsize>,
}

async fn accounts(api_domain: Option<String>, answer: serde_json::Value) -> Accounts {
    let refreshes = Arc::new(AtomicUsize::new(0));
    let counter = refreshes.clone();
    let app = axum::Router::new().route(
        "/oauth/v2/token",
        axum::routing::post(move |body: String| {
            let counter = counter.clone();
            let api_domain = api_domain.clone();
            let mut answer = answer.clone();
            async move {
                assert!(body.contains("grant_type=refresh_token"), "{body}");
                let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
                // Slow enough that concurrent callers really overlap.
                tokio::time::sleep(Duration::from_millis(50)).await;
                if answer.get("error").is_none() {
                    answer["access_token"] = format!("token-{n}").into();
                    if let Some(domain) = api_domain {
                        answer["api_domain"] = domain.into();
                    }
                }
                axum::Json(answer)
            }
        }),
    );
    Accounts {
        url: serve(app).await,
        refreshes,
    }
}

/// What the API server saw.
#[derive(Debug, Clone)]
struct Seen {
    method: Method,
    authorization: Option<String>,
    at: Instant,
}

/// The fault-injecting API server: answers from a script, then 200 with a
/// valid list body.
struct Api {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

type Scripted = (u16, Vec<(&'static str, &'static str)>, &'static str);

async fn api(script: Vec<Scripted>) -> Api {
    let script = Arc::new(Mutex::new(VecDeque::from(script)));
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let log = seen.clone();
    let app = axum::Router::new().fallback(move |method: Method, _uri: Uri, headers: HeaderMap| {
        let script = script.clone();
        let log = log.clone();
        async move {
            log.lock().expect("lock").push(Seen {
                method,
                authorization: headers
                    .get(header::AUTHORIZATION)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string),
                at: Instant::now(),
            });
            let (status, headers, body) =
                script
                    .lock()
                    .expect("lock")
                    .pop_front()
                    .unwrap_or((200, vec![], LIST_BODY));
            let mut response: Response =
                (StatusCode::from_u16(status).expect("status"), body).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                "application/json".parse().expect("header"),
            );
            for (name, value) in headers {
                response
                    .headers_mut()
                    .insert(name, value.parse().expect("header"));
            }
            response
        }
    });
    Api {
        url: serve(app).await,
        seen,
    }
}

impl Api {
    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        base_delay: Duration::from_millis(10),
        ..RetryPolicy::default()
    }
}

fn flow(store: Arc<dyn TokenStore>) -> RefreshTokenFlow {
    RefreshTokenFlow {
        store,
        ..RefreshTokenFlow::new(
            "client-id",
            Secret::new("CLIENT-SECRET-1").expect("valid secret"),
            Secret::new("REFRESH-TOKEN-1").expect("valid secret"),
        )
    }
}

fn client(api: &Api, accounts: &Accounts, store: Arc<dyn TokenStore>) -> Notifications {
    Notifications::builder()
        .data_center(DataCenter::Custom {
            api_domain: api.url.clone(),
            accounts: accounts.url.clone(),
        })
        .credentials(Credentials::RefreshToken(flow(store)))
        .retry(fast_retries())
        .build()
        .expect("client")
}

fn token_response() -> serde_json::Value {
    serde_json::json!({"token_type": "Bearer", "expires_in": 3600})
}

fn stored(token: &str, expires_in_seconds: i64) -> Arc<dyn TokenStore> {
    let store = MemoryTokenStore::default();
    store.save(&StoredToken {
        access_token: Secret::new(token).expect("valid secret"),
        expires_at: Utc::now() + chrono::Duration::seconds(expires_in_seconds),
        api_domain: None,
    });
    Arc::new(store)
}

#[tokio::test]
async fn an_expiring_token_is_refreshed_once_for_100_concurrent_requests() {
    let api = api(vec![]).await;
    let accounts = accounts(None, token_response()).await;
    // Expires within the refresh margin: every request wants a new one.
    let client = client(&api, &accounts, stored("about-to-expire", 20));
    let filter = ListFilter::default();
    let calls = (0..100).map(|_| client.list(&filter));
    let results = futures_util::future::join_all(calls).await;
    assert!(
        results.iter().all(Result::is_ok),
        "{:?}",
        results.iter().find(|r| r.is_err())
    );
    assert_eq!(
        accounts.refreshes.load(Ordering::SeqCst),
        1,
        "exactly one refresh"
    );
    let seen = api.seen();
    assert_eq!(seen.len(), 100);
    assert!(
        seen.iter()
            .all(|s| s.authorization.as_deref() == Some("Zoho-oauthtoken token-1"))
    );
}

#[tokio::test]
async fn invalid_token_gives_one_refresh_and_one_retry() {
    let invalid = r#"{"code": "INVALID_TOKEN", "details": {}, "message": "invalid oauth token", "status": "error"}"#;
    let api = api(vec![(401, vec![], invalid), (401, vec![], invalid)]).await;
    let accounts = accounts(None, token_response()).await;
    let client = client(&api, &accounts, stored("revoked", 3600));
    let error = client
        .list(&ListFilter::default())
        .await
        .expect_err("the second 401 is not retried again");
    assert!(
        matches!(error, SdkError::Zoho { status: 401, .. }),
        "{error}"
    );
    assert_eq!(accounts.refreshes.load(Ordering::SeqCst), 1, "one refresh");
    let seen = api.seen();
    assert_eq!(seen.len(), 2, "one retry");
    assert_eq!(
        seen[0].authorization.as_deref(),
        Some("Zoho-oauthtoken revoked")
    );
    assert_eq!(
        seen[1].authorization.as_deref(),
        Some("Zoho-oauthtoken token-1")
    );

    // And when the retry succeeds, the caller never sees the 401.
    let api = self::api(vec![(401, vec![], invalid)]).await;
    let client = self::client(&api, &accounts, stored("revoked", 3600));
    assert!(
        client
            .list(&ListFilter::default())
            .await
            .expect("retried")
            .is_empty()
    );
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let limited = r#"{"code": "RATE_LIMIT_EXCEEDED", "message": "Too many requests. Please try again later.", "status": "error"}"#;
    let api = api(vec![(429, vec![("retry-after", "1")], limited)]).await;
    let accounts = accounts(None, token_response()).await;
    let client = client(&api, &accounts, stored("valid", 3600));
    client
        .list(&ListFilter::default())
        .await
        .expect("succeeds after waiting");
    let seen = api.seen();
    assert_eq!(seen.len(), 2);
    let waited = seen[1].at - seen[0].at;
    assert!(waited >= Duration::from_secs(1), "waited {waited:?}");
}

#[tokio::test]
async fn three_503s_then_success_succeeds_on_the_fourth_attempt() {
    let api = api(vec![
        (503, vec![], "{}"),
        (503, vec![], "{}"),
        (503, vec![], "{}"),
    ])
    .await;
    let accounts = accounts(None, token_response()).await;
    let client = client(&api, &accounts, stored("valid", 3600));
    client
        .list(&ListFilter::default())
        .await
        .expect("fourth attempt succeeds");
    assert_eq!(api.seen().len(), 4);
}

#[tokio::test]
async fn attempts_never_exceed_the_bound() {
    let api = api((0..10).map(|_| (503, vec![], "{}")).collect()).await;
    let accounts = accounts(None, token_response()).await;
    let client = client(&api, &accounts, stored("valid", 3600));
    let error = client
        .list(&ListFilter::default())
        .await
        .expect_err("gives up");
    assert!(matches!(error, SdkError::UnexpectedStatus(503)), "{error}");
    assert_eq!(api.seen().len(), 4, "max_attempts is 4");
}

#[tokio::test]
async fn a_post_is_not_sent_twice_after_a_500() {
    let api = api(vec![(
        500,
        vec![],
        r#"{"code": "INTERNAL_ERROR", "details": {}, "message": "x", "status": "error"}"#,
    )])
    .await;
    let accounts = accounts(None, token_response()).await;
    let client = client(&api, &accounts, stored("valid", 3600));
    let subscription = zoho_crm_notifications::Subscription::new(
        "1".into(),
        vec![zoho_crm_notifications::Event::new(
            "Deals",
            zoho_crm_notifications::Operation::All,
        )],
        "https://example.test/cb",
        Secret::new("t").expect("valid secret"),
        (Utc::now() + chrono::Duration::hours(1)).fixed_offset(),
    );
    let _ = client.enable(&[subscription]).await;
    let seen = api.seen();
    assert_eq!(
        seen.len(),
        1,
        "a POST that may have been applied is not repeated"
    );
    assert_eq!(seen[0].method, Method::POST);
}

#[tokio::test]
async fn a_post_whose_connection_dropped_after_sending_is_not_repeated() {
    // A server that reads the request and closes without answering: the
    // request may have been applied, so it must not be sent again.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            let mut buffer = [0u8; 4096];
            let _ = tokio::io::AsyncReadExt::read(&mut socket, &mut buffer).await;
            drop(socket);
        }
    });
    let client = Notifications::builder()
        .api_domain(url)
        .credentials(Credentials::AccessToken(
            Secret::new("t").expect("valid secret"),
        ))
        .retry(fast_retries())
        .build()
        .expect("client");
    let result = client
        .disable_events(
            &"1".into(),
            &[zoho_crm_notifications::Event::new(
                "Deals",
                zoho_crm_notifications::Operation::All,
            )],
        )
        .await;
    assert!(
        matches!(result, Err(SdkError::Transport { .. })),
        "{result:?}"
    );
    assert_eq!(connections.load(Ordering::SeqCst), 1, "PATCH sent once");
}

#[tokio::test]
async fn the_api_domain_returned_with_the_token_wins() {
    let api = api(vec![]).await;
    // The configured API domain is a dead port; the token says where to go.
    let accounts = accounts(Some(api.url.clone()), token_response()).await;
    let client = Notifications::builder()
        .data_center(DataCenter::Custom {
            api_domain: "http://127.0.0.1:9".into(),
            accounts: accounts.url.clone(),
        })
        .credentials(Credentials::RefreshToken(flow(Arc::new(
            MemoryTokenStore::default(),
        ))))
        .retry(RetryPolicy::none())
        .build()
        .expect("client");
    client
        .list(&ListFilter::default())
        .await
        .expect("reaches the token's api_domain");
    assert_eq!(api.seen().len(), 1);
}

#[tokio::test]
async fn the_legacy_expires_in_sec_form_is_understood() {
    let api = api(vec![]).await;
    let accounts = accounts(
        None,
        serde_json::json!({"expires_in_sec": 3600, "expires_in": 3_600_000}),
    )
    .await;
    let store = Arc::new(MemoryTokenStore::default());
    let client = client(&api, &accounts, store.clone());
    client.list(&ListFilter::default()).await.expect("ok");
    let token = store.load().expect("stored");
    let lifetime = token.expires_at - Utc::now();
    assert!(
        lifetime > chrono::Duration::minutes(59) && lifetime <= chrono::Duration::hours(1),
        "{lifetime}"
    );
}

#[tokio::test]
async fn no_secret_appears_in_debug_or_display_of_clients_settings_or_errors() {
    let secrets = [
        "CLIENT-SECRET-1",
        "REFRESH-TOKEN-1",
        "token-1",
        "CALLBACK-SECRET",
        "FIXED-ACCESS",
    ];
    let api = api(vec![]).await;
    let refused = accounts(None, serde_json::json!({"error": "invalid_code"})).await;
    let store: Arc<dyn TokenStore> = Arc::new(MemoryTokenStore::default());
    let failing = client(&api, &refused, store.clone());
    let refresh_error = failing
        .list(&ListFilter::default())
        .await
        .expect_err("refresh refused");

    let working_accounts = accounts(None, token_response()).await;
    let working = client(
        &api,
        &working_accounts,
        Arc::new(MemoryTokenStore::default()),
    );
    working.list(&ListFilter::default()).await.expect("ok");
    let fixed = Notifications::new(
        &api.url,
        &Secret::new("FIXED-ACCESS").expect("valid secret"),
    )
    .expect("client");
    let builder = Notifications::builder().credentials(Credentials::RefreshToken(flow(store)));
    let subscription = zoho_crm_notifications::Subscription::new(
        "1".into(),
        vec![],
        "https://x.test",
        Secret::new("CALLBACK-SECRET").expect("valid secret"),
        Utc::now().fixed_offset(),
    );
    let validation = zoho_crm_notifications::validate(
        std::slice::from_ref(&subscription),
        Utc::now(),
        chrono::Duration::days(1),
    )
    .expect_err("invalid");

    let texts = [
        format!("{working:?}"),
        format!("{fixed:?}"),
        format!("{failing:?}"),
        format!("{builder:?}"),
        format!("{:?}", working.client()),
        format!("{subscription:?}"),
        format!("{refresh_error:?} {refresh_error}"),
        format!("{validation:?} {validation}"),
        format!(
            "{:?} {}",
            Secret::new("FIXED-ACCESS").expect("valid secret"),
            Secret::new("FIXED-ACCESS").expect("valid secret")
        ),
    ];
    assert!(
        refresh_error.to_string().contains("invalid_code"),
        "the error still says why: {refresh_error}"
    );
    for text in &texts {
        for secret in secrets {
            assert!(!text.contains(secret), "`{secret}` leaked in: {text}");
        }
    }
}
