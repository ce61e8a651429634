//! The SDK end to end against the mock Zoho server, over loopback.

mod support;

use chrono::{Duration, Utc};
use zoho_crm_notifications::{
    AccessToken, CallbackToken, ChannelId, ErrorCode, Event, ItemOutcome, ListFilter,
    Notifications, Operation, RenewalPolicy, SdkError, Subscription, spawn_renewal,
};
use zoho_mock::MockServer;

fn subscription(channel_id: &str, token: &str, lifetime: Duration) -> Subscription {
    Subscription::new(
        ChannelId::new(channel_id),
        vec![Event::new("Deals", Operation::All)],
        "https://example.com/cb",
        CallbackToken::new(token).expect("valid secret"),
        (Utc::now() + lifetime).fixed_offset(),
    )
}

async fn api(server: &MockServer) -> Notifications {
    Notifications::new(
        server.url(),
        &AccessToken::new("mock-token").expect("valid secret"),
    )
    .expect("client")
}

#[tokio::test]
async fn a_partial_failure_yields_one_outcome_per_item_in_order() {
    let server = MockServer::start().await.expect("mock");
    let api = api(&server).await;
    // Enable one channel, then update it and one whose id is not a number
    // (Zoho documents ids as longs) in one PUT; Zoho answers with one item
    // each.
    api.enable(&[subscription("1", "t", Duration::hours(2))])
        .await
        .expect("enable");
    let mut bad = subscription("2", "t", Duration::hours(2));
    bad.channel_id = ChannelId::new("not-a-long");
    let outcomes = api
        .update(&[subscription("1", "t", Duration::hours(3)), bad])
        .await
        .expect("202 is not an error");
    assert_eq!(outcomes.len(), 2);
    assert!(outcomes[0].is_success());
    match &outcomes[1] {
        ItemOutcome::Failure(error) => {
            assert_eq!(error.code, ErrorCode::InvalidData, "{error}");
            assert_eq!(error.json_path(), Some("$.watch[1].channel_id"));
            assert_eq!(error.expected_data_type(), Some("long"));
        }
        other => panic!("second item should fail: {other:?}"),
    }
}

#[tokio::test]
async fn a_51_character_token_is_rejected_before_any_request_is_sent() {
    let fixture = support::all_fixtures()
        .into_iter()
        .find(|f| f.operation_id == "enable_notifications")
        .expect("fixture");
    let server = support::ReplayServer::start(&fixture).await;
    let api = Notifications::new(&server.url, &AccessToken::new("t").expect("valid secret"))
        .expect("client");
    let error = api
        .enable(&[subscription("1", &"x".repeat(51), Duration::hours(1))])
        .await
        .expect_err("rejected");
    match error {
        SdkError::Invalid(invalid) => assert_eq!(invalid.json_path, "$.watch[0].token"),
        other => panic!("expected a validation error, got {other}"),
    }
    assert!(
        server.requests().is_empty(),
        "no request reached the server"
    );
}

#[tokio::test]
async fn renewal_extends_the_expiry_and_keeps_the_token() {
    let server = MockServer::start().await.expect("mock");
    let api = api(&server).await;
    let mut subscriptions = vec![subscription("9", "keep-me", Duration::seconds(30))];
    api.enable(&subscriptions).await.expect("enable");
    let before = server.channel("9").expect("subscribed").channel_expiry;
    let outcomes = api
        .renew(&mut subscriptions, Duration::hours(12))
        .await
        .expect("renew");
    assert!(outcomes.iter().all(ItemOutcome::is_success), "{outcomes:?}");
    let after = server.channel("9").expect("still subscribed");
    assert!(
        after.channel_expiry > before + Duration::hours(11),
        "renewed before expiry: {before} -> {}",
        after.channel_expiry
    );
    assert_eq!(
        after.token.as_deref(),
        Some("keep-me"),
        "renewal re-sends the token"
    );
    assert_eq!(
        subscriptions[0].channel_expiry.timestamp(),
        after.channel_expiry.timestamp()
    );
}

#[tokio::test]
async fn list_is_empty_on_204_and_shows_what_was_enabled() {
    let server = MockServer::start().await.expect("mock");
    let api = api(&server).await;
    assert!(
        api.list(&ListFilter::default())
            .await
            .expect("204 is empty")
            .is_empty()
    );
    let mut two_modules = subscription("5", "t", Duration::hours(1));
    two_modules
        .events
        .push(Event::new("Contacts", Operation::Create));
    api.enable(&[two_modules]).await.expect("enable");
    let listed = api.list_all().await.expect("list");
    let modules: Vec<&str> = listed
        .entries
        .iter()
        .filter_map(|entry| entry.resource_name.as_deref())
        .collect();
    assert_eq!(
        modules,
        ["Deals", "Contacts"],
        "one entry per channel and module"
    );
    let outcomes = api
        .disable(&[ChannelId::new("5"), ChannelId::new("404")])
        .await
        .expect("disable");
    let codes: Vec<String> = outcomes
        .iter()
        .map(|o| match o {
            ItemOutcome::Success { .. } => "SUCCESS".to_string(),
            ItemOutcome::Failure(error) => error.code.to_string(),
        })
        .collect();
    assert_eq!(codes, ["SUCCESS", "SUCCESS", "NOT_SUBSCRIBED"]);
}

#[tokio::test]
async fn a_missing_token_gets_the_recorded_authentication_failure() {
    let server = MockServer::start().await.expect("mock");
    let client = zoho_crm_notifications::Client::new(
        server.url(),
        zoho_crm_notifications::Runtime::default(),
    );
    let error = Notifications::with_client(client)
        .list(&ListFilter::default())
        .await
        .expect_err("unauthenticated");
    match error {
        SdkError::Zoho { status, error } => {
            assert_eq!(
                (status, error.code),
                (401, ErrorCode::AuthenticationFailure)
            );
        }
        other => panic!("expected a Zoho error, got {other}"),
    }
}

#[tokio::test]
async fn the_background_renewal_renews_before_expiry_and_keeps_the_token() {
    let server = MockServer::start().await.expect("mock");
    let api = api(&server).await;
    let subscriptions = vec![subscription("31", "keep-this-token", Duration::seconds(4))];
    api.enable(&subscriptions).await.expect("enable");
    let original_expiry = server.channel("31").expect("subscribed").channel_expiry;

    let policy = RenewalPolicy {
        lifetime: Duration::hours(1),
        renew_at: 0.25,
        retry_after: Duration::milliseconds(200),
    };
    let mut handle = spawn_renewal(api, subscriptions, policy);
    tokio::time::timeout(std::time::Duration::from_secs(10), handle.renewed())
        .await
        .expect("renewed within the test's patience");
    let renewed_at = Utc::now();

    assert!(
        renewed_at < original_expiry,
        "renewed at {renewed_at}, before the expiry {original_expiry}"
    );
    let channel = server.channel("31").expect("still subscribed");
    assert!(
        channel.channel_expiry > original_expiry + Duration::minutes(50),
        "{}",
        channel.channel_expiry
    );
    assert_eq!(channel.token.as_deref(), Some("keep-this-token"));
    assert_eq!(handle.renewals(), 1);
    assert_eq!(handle.last_error(), None);
    assert_eq!(
        handle.current()[0].channel_expiry.timestamp(),
        channel.channel_expiry.timestamp()
    );
}

#[tokio::test]
async fn list_pages_follows_more_records_through_every_subscription() {
    use futures_util::TryStreamExt;
    let server = MockServer::start().await.expect("mock");
    let api = api(&server).await;
    let many: Vec<Subscription> = (0..5)
        .map(|i| subscription(&format!("60{i}"), "t", Duration::hours(1)))
        .collect();
    api.enable(&many).await.expect("enable");
    let filter = ListFilter {
        per_page: Some(2),
        ..ListFilter::default()
    };
    let pages: Vec<_> = api
        .list_pages(filter)
        .try_collect()
        .await
        .expect("all pages");
    let sizes: Vec<usize> = pages.iter().map(|page| page.entries.len()).collect();
    assert_eq!(sizes, [2, 2, 1], "three pages of 2, 2 and 1");
    let ids: Vec<String> = pages
        .iter()
        .flat_map(|page| &page.entries)
        .filter_map(|entry| entry.channel_id.as_ref().map(ToString::to_string))
        .collect();
    assert_eq!(ids, ["600", "601", "602", "603", "604"]);
}

#[test]
fn the_token_limit_learned_from_the_recorded_invalid_data_is_in_the_generated_type() {
    use zoho_crm_notifications::types::EnableNotificationsRequestWatchItemToken as Token;
    assert!("x".repeat(50).parse::<Token>().is_ok());
    let error = "x"
        .repeat(51)
        .parse::<Token>()
        .expect_err("51 characters are rejected");
    assert_eq!(error.to_string(), "longer than 50 characters");
}

#[test]
fn the_overlay_enum_on_callback_operations_is_in_the_generated_type() {
    use zoho_crm_notifications::types::NotificationCallbackOperation;
    let insert: NotificationCallbackOperation = serde_json::from_str("\"insert\"").expect("known");
    assert_eq!(insert, NotificationCallbackOperation::Insert);
    assert!(
        serde_json::from_str::<NotificationCallbackOperation>("\"create\"").is_err(),
        "a subscribe verb is not a callback operation"
    );
}
