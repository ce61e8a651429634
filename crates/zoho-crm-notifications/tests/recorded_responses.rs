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
    Success { status: u16, value: T },
    ErrorResponse { status: u16, value: E },
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

async fn replay(client: &Client, fixture: &Fixture) -> String {
    match fixture.operation_id.as_str() {
        "enable_notifications" => {
            let (body, rejected) = request_body::<types::EnableNotificationsRequest>(fixture);
            let result = client.enable_notifications().body(body).send().await;
            format!(
                "client rejected the recorded request: {rejected:?}\n{:#?}",
                outcome(result)
            )
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
            let client = Client::new(&server.url);
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
