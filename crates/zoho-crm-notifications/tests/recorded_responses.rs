//! Every recorded example in the collection, replayed over a real loopback
//! socket through the generated client and through the SDK, with both typed
//! outcomes snapshotted; and every recorded body round-tripped through its
//! generated type.

mod support;

use std::fmt::Debug;

use chrono::{Duration, Utc};
use support::{Fixture, ReplayServer, all_fixtures};
use zoho_crm_notifications::{
    CallbackToken, ChannelId, Client, Error, Event, ListFilter, Notifications, Operation,
    ResponseValue, RetryPolicy, SdkError, Subscription, types,
};

/// What a call produced, without headers (they carry dates).
#[derive(Debug)]
#[allow(dead_code)] // read through Debug by the snapshots
enum Outcome<T, E> {
    Success {
        status: u16,
        value: T,
    },
    ErrorResponse {
        status: u16,
        value: E,
    },
    /// A status the fragment does not model (the 204 beside JSON 200s).
    UnexpectedStatus(u16),
    Other(String),
}

fn outcome<T: Debug, E: Debug>(result: Result<ResponseValue<T>, Error<E>>) -> Outcome<T, E> {
    match result {
        Ok(value) => Outcome::Success {
            status: value.status().as_u16(),
            value: value.into_inner(),
        },
        Err(Error::ErrorResponse(value)) => Outcome::ErrorResponse {
            status: value.status().as_u16(),
            value: value.into_inner(),
        },
        Err(Error::UnexpectedResponse(response)) => {
            Outcome::UnexpectedStatus(response.status().as_u16())
        }
        Err(other) => Outcome::Other(other.to_string()),
    }
}

/// The body to send: the recorded one if the generated type accepts it;
/// otherwise (examples often record deliberately invalid requests) the first
/// recorded body of the same operation that it accepts.
fn request_body<B: serde::de::DeserializeOwned>(fixture: &Fixture) -> (B, Option<String>) {
    let parse = |text: &str| serde_json::from_str::<B>(text);
    let recorded = fixture.request.body.as_deref().unwrap_or("null");
    match parse(recorded) {
        Ok(body) => (body, None),
        Err(rejection) => {
            let fallback = all_fixtures()
                .into_iter()
                .filter(|other| other.operation_id == fixture.operation_id)
                .find_map(|other| parse(other.request.body.as_deref()?).ok())
                .expect("some recorded request of the operation is valid");
            (fallback, Some(rejection.to_string()))
        }
    }
}

/// Sends a body-carrying operation's request and formats the outcome.
macro_rules! replay_with_body {
    ($client:expr, $fixture:expr, $method:ident, $body:ty) => {{
        let (body, rejected) = request_body::<$body>($fixture);
        let result = $client.$method().body(body).send().await;
        format!(
            "client rejected the recorded request: {rejected:?}\n{:#?}",
            outcome(result)
        )
    }};
}

fn query<'a>(fixture: &'a Fixture, name: &str) -> Option<&'a str> {
    fixture
        .request
        .query
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

async fn replay(client: &Client, fixture: &Fixture) -> String {
    match fixture.operation_id.as_str() {
        "enable_notifications" => {
            replay_with_body!(
                client,
                fixture,
                enable_notifications,
                types::EnableNotificationsRequest
            )
        }
        "update_notifications" => {
            replay_with_body!(
                client,
                fixture,
                update_notifications,
                types::UpdateNotificationsRequest
            )
        }
        "update_specific_information_of_a_notification" => replay_with_body!(
            client,
            fixture,
            update_specific_information_of_a_notification,
            types::PatchNotificationsRequest
        ),
        "notification_callback" => {
            replay_with_body!(
                client,
                fixture,
                notification_callback,
                types::NotificationCallback
            )
        }
        "get_notification_details" => {
            let mut call = client.get_notification_details();
            if let Some(page) = query(fixture, "page").and_then(|p| p.parse::<i64>().ok()) {
                call = call.page(page);
            }
            if let Some(per_page) = query(fixture, "per_page").and_then(|p| p.parse::<i64>().ok()) {
                call = call.per_page(per_page);
            }
            if let Some(channel_id) = query(fixture, "channel_id") {
                call = call.channel_id(channel_id);
            }
            if let Some(module) = query(fixture, "module") {
                call = call.module(module);
            }
            format!("{:#?}", outcome(call.send().await))
        }
        "disable_notifications" => {
            let mut call = client.disable_notifications();
            if let Some(channel_ids) = query(fixture, "channel_ids") {
                call = call.channel_ids(channel_ids);
            }
            format!("{:#?}", outcome(call.send().await))
        }
        other => panic!("no replay for operation `{other}`: add it to {}", file!()),
    }
}

/// What the SDK makes of the recorded answer to its operation: per-item
/// outcomes, a page, or a typed error. `None` for callbacks (no SDK call).
async fn replay_sdk(url: &str, fixture: &Fixture) -> Option<Result<String, SdkError>> {
    let api = Notifications::builder()
        .api_domain(url)
        .retry(RetryPolicy::none())
        .build()
        .expect("client");
    let channel = ChannelId::new("1000000068001");
    let subscription = Subscription::new(
        channel.clone(),
        vec![Event::new("Deals", Operation::All)],
        "https://example.com/zoho/callback",
        CallbackToken::new("TOKEN_FOR_VERIFICATION").expect("token"),
        (Utc::now() + Duration::hours(2)).fixed_offset(),
    );
    let items = |result: Result<Vec<zoho_crm_notifications::ItemOutcome>, SdkError>| {
        result.map(|outcomes| format!("{outcomes:#?}"))
    };
    Some(match fixture.operation_id.as_str() {
        "enable_notifications" => items(api.enable(&[subscription]).await),
        "update_notifications" => items(api.update(&[subscription]).await),
        "update_specific_information_of_a_notification" => items(
            api.disable_events(&channel, &[Event::new("Deals", Operation::All)])
                .await,
        ),
        "disable_notifications" => items(api.disable(&[channel]).await),
        "get_notification_details" => api
            .list(&ListFilter::default())
            .await
            .map(|page| format!("{page:#?}")),
        "notification_callback" => return None,
        other => panic!(
            "no SDK replay for operation `{other}`: add it to {}",
            file!()
        ),
    })
}

#[test]
fn every_recorded_response_deserializes_into_its_generated_type() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    insta::glob!("fixtures/*.json", |path| {
        let fixture = Fixture::load(path);
        let snapshot = runtime.block_on(async {
            let server = ReplayServer::start(&fixture).await;
            let client = Client::new(&server.url, zoho_crm_notifications::Runtime::default());
            let generated = replay(&client, &fixture).await;
            let requests = server.requests();
            assert_eq!(
                requests.len(),
                1,
                "{}: exactly one request is sent",
                fixture.key
            );
            assert_eq!(
                requests[0].path, fixture.request.path,
                "{}: path",
                fixture.key
            );
            let sdk = match replay_sdk(&server.url, &fixture).await {
                None => String::new(),
                Some(outcome) => {
                    if fixture.json_body().is_some() {
                        assert!(
                            !matches!(
                                outcome,
                                Err(SdkError::UnexpectedStatus(_) | SdkError::InvalidResponse(_))
                            ),
                            "{}: a JSON body must reach the caller typed, not as {outcome:?}",
                            fixture.key
                        );
                    }
                    match outcome {
                        Ok(text) => format!("\n\nSDK: Ok\n{text}"),
                        Err(error) => format!("\n\nSDK: Err\n{error:#?}"),
                    }
                }
            };
            format!("generated client:\n{generated}{sdk}")
        });
        insta::assert_snapshot!(snapshot);
    });
}

/// Deserializes `body` into `T` and serializes it back.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(
    body: &serde_json::Value,
) -> serde_json::Value {
    let typed: T = serde_json::from_value(body.clone())
        .unwrap_or_else(|e| panic!("does not deserialize: {e}"));
    serde_json::to_value(typed).expect("serializes")
}

/// `value` with every RFC 3339 date-time written one way.
fn same_instants(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::String(text) => match chrono::DateTime::parse_from_rfc3339(&text) {
            Ok(at) => at.to_rfc3339().into(),
            Err(_) => text.into(),
        },
        serde_json::Value::Object(map) => map
            .into_iter()
            .map(|(key, value)| (key, same_instants(value)))
            .collect(),
        serde_json::Value::Array(items) => items.into_iter().map(same_instants).collect(),
        other => other,
    }
}

/// `value` with every object member whose value is `null` removed.
fn without_nulls(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => map
            .into_iter()
            .filter(|(_, value)| !value.is_null())
            .map(|(key, value)| (key, without_nulls(value)))
            .collect(),
        serde_json::Value::Array(items) => items.into_iter().map(without_nulls).collect(),
        other => other,
    }
}

#[test]
fn every_recorded_body_round_trips_without_losing_a_field() {
    let fixtures = all_fixtures();
    assert!(!fixtures.is_empty(), "fixtures exist");
    for fixture in fixtures {
        let Some(recorded) = fixture.json_body() else {
            continue;
        };
        let reserialized = match (fixture.operation_id.as_str(), fixture.is_success()) {
            ("enable_notifications", true) => {
                round_trip::<types::EnableNotificationsResponse>(&recorded)
            }
            ("enable_notifications", false) => {
                round_trip::<types::EnableNotificationsError>(&recorded)
            }
            ("get_notification_details", true) => {
                round_trip::<types::GetNotificationDetailsResponse>(&recorded)
            }
            ("get_notification_details", false) => {
                round_trip::<types::GetNotificationDetailsError>(&recorded)
            }
            ("update_notifications", true) => {
                round_trip::<types::UpdateNotificationsResponse>(&recorded)
            }
            ("update_notifications", false) => {
                round_trip::<types::UpdateNotificationsError>(&recorded)
            }
            ("update_specific_information_of_a_notification", true) => {
                round_trip::<types::UpdateSpecificInformationOfAnotificationResponse>(&recorded)
            }
            ("update_specific_information_of_a_notification", false) => {
                round_trip::<types::UpdateSpecificInformationOfAnotificationError>(&recorded)
            }
            ("disable_notifications", true) => {
                round_trip::<types::DisableNotificationsResponse>(&recorded)
            }
            ("disable_notifications", false) => {
                round_trip::<types::DisableNotificationsError>(&recorded)
            }
            (other, _) => panic!(
                "no round trip for operation `{other}`: add it to {}",
                file!()
            ),
        };
        // Response fields are optional, so a recorded `null` comes back
        // absent: the same information. Nothing else may change.
        assert_eq!(
            without_nulls(reserialized),
            without_nulls(recorded),
            "{} ({}) round trip",
            fixture.key,
            fixture.operation_id
        );
    }
}

#[test]
fn every_recorded_request_body_round_trips_without_losing_a_field() {
    let mut checked = 0;
    for fixture in all_fixtures() {
        let Some(text) = fixture.request.body.as_deref() else {
            continue;
        };
        let recorded: serde_json::Value =
            serde_json::from_str(text).expect("recorded request bodies are JSON");
        let parsed = match fixture.operation_id.as_str() {
            "enable_notifications" => {
                serde_json::from_value::<types::EnableNotificationsRequest>(recorded.clone())
                    .map(serde_json::to_value)
            }
            "update_notifications" => {
                serde_json::from_value::<types::UpdateNotificationsRequest>(recorded.clone())
                    .map(serde_json::to_value)
            }
            "update_specific_information_of_a_notification" => {
                serde_json::from_value::<types::PatchNotificationsRequest>(recorded.clone())
                    .map(serde_json::to_value)
            }
            "notification_callback" => {
                serde_json::from_value::<types::NotificationCallback>(recorded.clone())
                    .map(serde_json::to_value)
            }
            other => panic!(
                "no request round trip for operation `{other}`: add it to {}",
                file!()
            ),
        };
        // Recorded requests that provoked validation errors may not fit the
        // type (a missing required field); the rest must round-trip exactly
        // (a UTC offset may come back spelled `Z`: the same instant).
        if let Ok(reserialized) = parsed {
            assert_eq!(
                same_instants(reserialized.expect("serializes")),
                same_instants(recorded),
                "{} request round trip",
                fixture.key
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 10,
        "most recorded requests are valid ({checked} checked)"
    );
}
