//! Every recorded example in the collection, replayed over a real loopback
//! socket through the generated client, with the typed outcome snapshotted;
//! and every recorded body round-tripped through its generated type.

mod support;

use std::fmt::Debug;

use support::{Fixture, ReplayServer, all_fixtures};
use zoho_crm_notifications::{Client, Error, ResponseValue, types};

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
            if let Some(page) = query(fixture, "page") {
                call = call.page(page);
            }
            if let Some(per_page) = query(fixture, "per_page") {
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

#[test]
fn every_recorded_response_deserializes_into_its_generated_type() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    insta::glob!("fixtures/*.json", |path| {
        let fixture = Fixture::load(path);
        let snapshot = runtime.block_on(async {
            let server = ReplayServer::start(&fixture).await;
            let client = Client::new(&server.url, zoho_crm_notifications::Runtime::default());
            let snapshot = replay(&client, &fixture).await;
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
            snapshot
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
            ("update_specific_information_of_a_notification", true) => {
                round_trip::<types::UpdateSpecificInformationOfAnotificationResponse>(&recorded)
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
        assert_eq!(
            reserialized, recorded,
            "{} ({}) round trip",
            fixture.key, fixture.operation_id
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
        // type (a missing required field); the rest must round-trip exactly.
        if let Ok(reserialized) = parsed {
            assert_eq!(
                reserialized.expect("serializes"),
                recorded,
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
