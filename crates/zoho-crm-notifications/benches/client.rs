//! What the generated client costs: `cargo bench -p zoho-crm-notifications --bench client`.
//!
//! 1. A list request through `Notifications` (hooks, retry wrapper, typed
//!    decode) against raw reqwest + serde_json::Value, on the same loopback
//!    server serving the recorded Get Notification Details body.
//! 2. Decoding every recorded response body into its generated type against
//!    decoding it into serde_json::Value.
//!
//! Each side is measured in alternating rounds; the median round is reported.

use std::time::{Duration, Instant};

use zoho_crm_notifications::{AccessToken, ListFilter, Notifications, RetryPolicy, types};

const ROUNDS: usize = 9;
const REQUESTS_PER_ROUND: usize = 400;
const DECODES_PER_ROUND: usize = 2_000;

fn fixture_bodies() -> Vec<(String, bool, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut fixtures: Vec<_> = std::fs::read_dir(dir)
        .expect("fixtures")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter_map(|path| {
            let fixture: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).ok()?).ok()?;
            let body = fixture["body"].as_str()?.to_string();
            serde_json::from_str::<serde_json::Value>(&body).ok()?;
            let status = fixture["status"].as_u64()?;
            Some((
                fixture["operation_id"].as_str()?.to_string(),
                (200..300).contains(&status),
                body,
            ))
        })
        .collect();
    fixtures.sort();
    fixtures
}

fn decode_typed(operation: &str, success: bool, body: &str) -> bool {
    match (operation, success) {
        ("enable_notifications", true) => {
            serde_json::from_str::<types::EnableNotificationsResponse>(body).is_ok()
        }
        ("enable_notifications", false) => {
            serde_json::from_str::<types::EnableNotificationsError>(body).is_ok()
        }
        ("get_notification_details", true) => {
            serde_json::from_str::<types::GetNotificationDetailsResponse>(body).is_ok()
        }
        ("get_notification_details", false) => {
            serde_json::from_str::<types::GetNotificationDetailsError>(body).is_ok()
        }
        ("update_notifications", true) => {
            serde_json::from_str::<types::UpdateNotificationsResponse>(body).is_ok()
        }
        ("update_notifications", false) => {
            serde_json::from_str::<types::UpdateNotificationsError>(body).is_ok()
        }
        ("update_specific_information_of_a_notification", false) => {
            serde_json::from_str::<types::UpdateSpecificInformationOfAnotificationError>(body)
                .is_ok()
        }
        ("update_specific_information_of_a_notification", true) => {
            serde_json::from_str::<types::UpdateSpecificInformationOfAnotificationResponse>(body)
                .is_ok()
        }
        ("disable_notifications", true) => {
            serde_json::from_str::<types::DisableNotificationsResponse>(body).is_ok()
        }
        ("disable_notifications", false) => {
            serde_json::from_str::<types::DisableNotificationsError>(body).is_ok()
        }
        _ => false,
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

async fn serve(body: String) -> String {
    let app = axum::Router::new().fallback(move || {
        let body = body.clone();
        async move {
            (
                [(
                    axum::http::header::CONTENT_TYPE,
                    "application/json;charset=utf-8",
                )],
                body,
            )
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    url
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let fixtures = fixture_bodies();
    let list_body = fixtures
        .iter()
        .find(|(operation, success, _)| operation == "get_notification_details" && *success)
        .map(|(_, _, body)| body.clone())
        .expect("recorded list body");

    let (ours, raw) = runtime.block_on(async {
        let url = serve(list_body).await;
        let client = Notifications::builder()
            .api_domain(url.clone())
            .credentials(zoho_crm_notifications::Credentials::AccessToken(
                AccessToken::new("bench-token").expect("valid secret"),
            ))
            .retry(RetryPolicy::default())
            .build()
            .expect("client");
        let http = reqwest::Client::new();
        let endpoint = format!("{url}/crm/v2.1/actions/watch");
        let (mut ours, mut raw) = (Vec::new(), Vec::new());
        for round in 0..=ROUNDS {
            let start = Instant::now();
            for _ in 0..REQUESTS_PER_ROUND {
                let entries = client
                    .list(&ListFilter::default())
                    .await
                    .expect("typed list");
                std::hint::black_box(entries);
            }
            let elapsed_ours = start.elapsed();
            let start = Instant::now();
            for _ in 0..REQUESTS_PER_ROUND {
                let bytes = http
                    .get(&endpoint)
                    .header("Authorization", "Zoho-oauthtoken bench-token")
                    .send()
                    .await
                    .expect("raw request")
                    .bytes()
                    .await
                    .expect("raw body");
                std::hint::black_box(
                    serde_json::from_slice::<serde_json::Value>(&bytes).expect("json"),
                );
            }
            let elapsed_raw = start.elapsed();
            if round > 0 {
                ours.push(elapsed_ours);
                raw.push(elapsed_raw);
            }
        }
        (median(ours), median(raw))
    });
    let per_request = |d: Duration| d.as_secs_f64() * 1e6 / REQUESTS_PER_ROUND as f64;
    println!(
        "request (list, recorded body, loopback), median of {ROUNDS} rounds of {REQUESTS_PER_ROUND}:"
    );
    println!(
        "  raw reqwest + serde_json::Value  {:>8.1} µs/request",
        per_request(raw)
    );
    println!(
        "  zoho-crm-notifications client     {:>8.1} µs/request",
        per_request(ours)
    );
    println!(
        "  client overhead: {:.3}x raw",
        ours.as_secs_f64() / raw.as_secs_f64()
    );

    let (mut typed, mut value) = (Vec::new(), Vec::new());
    for round in 0..=ROUNDS {
        let start = Instant::now();
        for _ in 0..DECODES_PER_ROUND {
            for (operation, success, body) in &fixtures {
                assert!(
                    std::hint::black_box(decode_typed(operation, *success, body)),
                    "{operation} decodes"
                );
            }
        }
        let elapsed_typed = start.elapsed();
        let start = Instant::now();
        for _ in 0..DECODES_PER_ROUND {
            for (_, _, body) in &fixtures {
                std::hint::black_box(
                    serde_json::from_str::<serde_json::Value>(body).expect("json"),
                );
            }
        }
        let elapsed_value = start.elapsed();
        if round > 0 {
            typed.push(elapsed_typed);
            value.push(elapsed_value);
        }
    }
    let (typed, value) = (median(typed), median(value));
    let per_body =
        |d: Duration| d.as_secs_f64() * 1e6 / (DECODES_PER_ROUND * fixtures.len()) as f64;
    println!(
        "decode of the {} recorded JSON bodies, median of {ROUNDS} rounds:",
        fixtures.len()
    );
    println!("  serde_json::Value   {:>8.2} µs/body", per_body(value));
    println!("  generated types     {:>8.2} µs/body", per_body(typed));
    println!(
        "  typed decode: {:.3}x Value",
        typed.as_secs_f64() / value.as_secs_f64()
    );
}
