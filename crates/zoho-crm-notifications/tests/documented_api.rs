//! The SDK against what Zoho documents, beyond our own recordings: pages
//! linked by `more_records`, null and odd entries, conditions kept on
//! renewal, empty inputs, and HTTPS by default. Each test runs a small
//! loopback server that answers as Zoho does and records what it received.

mod support;

use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use axum::response::IntoResponse;
use chrono::{Duration, Utc};
use serde_json::{Value, json};
use zoho_crm_notifications::{
    AccessToken, CallbackToken, ChannelId, Criteria, Event, ItemOutcome, ListFilter,
    NotificationCondition, Notifications, Operation, RetryPolicy, SdkError, Subscription,
};

/// What the server received: method, query and JSON body.
type Received = Arc<Mutex<Vec<(Method, String, Option<Value>)>>>;

/// A loopback server answering every request with `answer(method, query)`.
async fn server(
    answer: impl Fn(&Method, &std::collections::BTreeMap<String, String>) -> (u16, Value)
    + Clone
    + Send
    + Sync
    + 'static,
) -> (String, Received) {
    let received: Received = Arc::default();
    let app = axum::Router::new()
        .fallback(
            move |State(log): State<Received>,
                  method: Method,
                  uri: Uri,
                  body: axum::body::Bytes| {
                let answer = answer.clone();
                async move {
                    let query: std::collections::BTreeMap<String, String> =
                        serde_urlencoded::from_str(uri.query().unwrap_or_default()).expect("query");
                    let text = query
                        .iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect::<Vec<_>>()
                        .join("&");
                    log.lock().expect("log").push((
                        method.clone(),
                        text,
                        serde_json::from_slice(&body).ok(),
                    ));
                    let (status, body) = answer(&method, &query);
                    let status = StatusCode::from_u16(status).expect("status");
                    if status == StatusCode::NO_CONTENT {
                        return status.into_response();
                    }
                    (status, axum::Json(body)).into_response()
                }
            },
        )
        .with_state(received.clone());
    (support::serve(app).await, received)
}

fn api(url: &str) -> Notifications {
    Notifications::builder()
        .api_domain(url)
        .credentials(zoho_crm_notifications::Credentials::AccessToken(
            AccessToken::new("1000.test").expect("token"),
        ))
        .retry(RetryPolicy::none())
        .build()
        .expect("client")
}

fn entry(channel_id: Value, module: &str) -> Value {
    json!({"channel_id": channel_id, "resource_name": module, "resource_id": "1",
        "resource_uri": format!("https://www.zohoapis.com/crm/v2/{module}"),
        "events": [format!("{module}.all")], "notify_url": "https://example.com/cb",
        "channel_expiry": "2026-12-01T10:00:00+05:30", "token": "t"})
}

#[tokio::test]
async fn list_all_follows_more_records_across_three_short_pages() {
    // Zoho may answer fewer entries than asked for and still have more:
    // `info.more_records`, not the page's length, says whether to go on.
    let (url, received) = server(|_, query| {
        let page: u32 = query.get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
        let entries = match page {
            1 => vec![entry(json!("101"), "Deals"), entry(json!("102"), "Deals")],
            2 => vec![entry(json!("103"), "Leads")],
            _ => vec![entry(json!("104"), "Contacts")],
        };
        (
            200,
            json!({"watch": entries, "info": {"per_page": 200, "count": 2, "page": page, "more_records": page < 3}}),
        )
    })
    .await;
    let all = api(&url).list_all().await.expect("three pages");
    let ids: Vec<String> = all
        .entries
        .iter()
        .filter_map(|entry| entry.channel_id.as_ref().map(ToString::to_string))
        .collect();
    assert_eq!(ids, ["101", "102", "103", "104"]);
    let queries: Vec<String> = received
        .lock()
        .expect("log")
        .iter()
        .map(|(_, query, _)| query.clone())
        .collect();
    assert_eq!(
        queries,
        [
            "page=1&per_page=200",
            "page=2&per_page=200",
            "page=3&per_page=200"
        ],
        "integer paging, one request per page"
    );
}

#[tokio::test]
async fn a_null_token_channel_is_listed_and_a_bad_entry_is_reported_raw() {
    let (url, _) = server(|_, _| {
        let mut null_token = entry(json!("201"), "Deals");
        null_token["token"] = Value::Null;
        null_token["channel_expiry"] = Value::Null;
        null_token["fields"] = Value::Null;
        let mut numeric_id = entry(json!(2542271027018545353u64), "Leads");
        numeric_id
            .as_object_mut()
            .expect("object")
            .remove("notify_url");
        let mut odd = entry(json!("203"), "Contacts");
        odd["events"] = json!("Contacts.all");
        (
            200,
            json!({"watch": [null_token, numeric_id, odd],
                "info": {"per_page": null, "count": null, "page": null, "more_records": false}}),
        )
    })
    .await;
    let page = api(&url).list(&ListFilter::default()).await.expect("page");
    assert_eq!(page.entries.len(), 2, "{page:#?}");
    assert_eq!(page.entries[0].token, None);
    assert_eq!(page.entries[0].channel_expiry, None);
    assert_eq!(
        page.entries[1].channel_id,
        Some(ChannelId::new("2542271027018545353")),
        "a 19-digit id sent as a number keeps every digit"
    );
    assert_eq!(page.undecodable.len(), 1);
    assert_eq!(page.undecodable[0].index, 2);
    assert_eq!(page.undecodable[0].raw["channel_id"], "203");
}

fn conditional_subscription(channel_id: &str) -> Subscription {
    Subscription::new(
        ChannelId::new(channel_id),
        vec![Event::new("Deals", Operation::Edit)],
        "https://example.com/cb",
        CallbackToken::new("keep-me").expect("token"),
        (Utc::now() + Duration::hours(1)).fixed_offset(),
    )
    .with_condition(NotificationCondition::fields(
        "Deals",
        Criteria::all([
            Criteria::field("Stage"),
            Criteria::any([Criteria::field("Amount"), Criteria::field("Closing_Date")]),
        ]),
    ))
    .with_related_actions(false)
    .with_affected_field_values(true)
}

#[tokio::test]
async fn renewal_sends_the_condition_and_flags_back() {
    let (url, received) = server(|_, _| {
        (
            200,
            json!({"watch": [{"code": "SUCCESS", "status": "success",
                "message": "Successfully subscribed for actions-watch of the given module",
                "details": {"events": []}}]}),
        )
    })
    .await;
    let mut subscriptions = vec![conditional_subscription("301")];
    let outcomes = api(&url)
        .renew(&mut subscriptions, Duration::hours(12))
        .await
        .expect("renewed");
    assert!(outcomes[0].is_success());
    let log = received.lock().expect("log");
    let (method, _, body) = &log[0];
    assert_eq!(method, Method::PUT);
    let item = &body.as_ref().expect("JSON body")["watch"][0];
    assert_eq!(
        item["notification_condition"],
        json!([{"type": "field_selection", "module": {"api_name": "Deals"},
            "field_selection": {"group_operator": "and", "group": [
                {"field": {"api_name": "Stage"}},
                {"group_operator": "or", "group": [
                    {"field": {"api_name": "Amount"}}, {"field": {"api_name": "Closing_Date"}}]}]}}]),
        "a PUT replaces the channel: the condition must be sent again"
    );
    assert_eq!(item["notify_on_related_action"], false);
    assert_eq!(item["return_affected_field_values"], true);
    assert_eq!(item["token"], "keep-me");
}

#[tokio::test]
async fn a_207_mixing_success_and_error_gives_one_outcome_per_item() {
    let (url, _) = server(|_, _| {
        (
            207,
            json!({"watch": [
                {"code": "SUCCESS", "status": "success", "message": "Successfully subscribed for actions-watch of the given module", "details": {}},
                {"code": "MANDATORY_NOT_FOUND", "status": "error", "message": "required field not found",
                 "details": {"api_name": "channel_id", "json_path": "$.watch[1].channel_id"}}]}),
        )
    })
    .await;
    let outcomes = api(&url)
        .enable(&[
            conditional_subscription("401"),
            conditional_subscription("402"),
        ])
        .await
        .expect("207 carries items");
    assert!(outcomes[0].is_success());
    let ItemOutcome::Failure(error) = &outcomes[1] else {
        panic!("{outcomes:?}")
    };
    assert_eq!(error.json_path(), Some("$.watch[1].channel_id"));
}

#[tokio::test]
async fn empty_inputs_are_refused_before_anything_is_sent() {
    let (url, received) = server(|_, _| (200, json!({}))).await;
    let api = api(&url);
    assert!(matches!(api.disable(&[]).await, Err(SdkError::Invalid(_))));
    assert!(matches!(
        api.disable(&[ChannelId::new(" ")]).await,
        Err(SdkError::Invalid(_))
    ));
    assert!(matches!(
        api.disable_events(&ChannelId::new("1"), &[]).await,
        Err(SdkError::Invalid(_))
    ));
    assert!(matches!(api.enable(&[]).await, Err(SdkError::Invalid(_))));
    assert!(matches!(
        api.list(&ListFilter {
            per_page: Some(201),
            ..ListFilter::default()
        })
        .await,
        Err(SdkError::Invalid(_))
    ));
    assert!(received.lock().expect("log").is_empty(), "nothing was sent");
}

#[tokio::test]
async fn every_json_error_body_is_a_typed_zoho_error_whatever_its_status() {
    for (status, body) in [
        (
            400,
            json!({"code": "REQUIRED_PARAM_MISSING", "details": {}, "message": "One of the expected parameter is missing", "status": "error"}),
        ),
        (
            401,
            json!({"code": "OAUTH_SCOPE_MISMATCH", "message": "Unauthorized", "status": "error"}),
        ),
        (
            418,
            json!({"code": "SOMETHING_NEW", "message": null, "details": null}),
        ),
        (
            503,
            json!({"code": "INTERNAL_ERROR", "message": "Internal Server Error", "status": "error"}),
        ),
    ] {
        let answer = body.clone();
        let (url, _) = server(move |_, _| (status, answer.clone())).await;
        let api = api(&url);
        for result in [
            api.disable(&[ChannelId::new("1")]).await.map(|_| ()),
            api.list(&ListFilter::default()).await.map(|_| ()),
            api.disable_events(&ChannelId::new("1"), &[Event::new("Deals", Operation::All)])
                .await
                .map(|_| ()),
        ] {
            match result {
                Err(SdkError::Zoho { status: got, error }) => {
                    assert_eq!(got, status);
                    assert_eq!(error.code.as_str(), body["code"]);
                }
                other => panic!("{status}: {other:?}"),
            }
        }
    }
}

#[tokio::test]
async fn https_is_on_by_default_so_a_refused_port_is_a_connection_error() {
    let api = Notifications::builder()
        .api_domain("https://127.0.0.1:1")
        .retry(RetryPolicy::none())
        .build()
        .expect("client");
    let error = api
        .list(&ListFilter::default())
        .await
        .expect_err("nothing listens on port 1");
    let text = error.to_string();
    assert!(matches!(error, SdkError::Transport { .. }), "{error:?}");
    assert!(!text.contains("scheme is not http"), "{text}");
    assert!(text.contains("check the API domain"), "{text}");
    assert!(
        std::error::Error::source(&error).is_some(),
        "the cause chain is kept"
    );
}
