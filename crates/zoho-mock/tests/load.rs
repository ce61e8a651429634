//! Many clients at once: every request is answered as it would be alone, and
//! the final state is exactly what the clients did.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};
use support::{WATCH, client, send};
use tokio::task::JoinSet;
use zoho_mock::MockServer;

const CLIENTS: usize = 200;
const CYCLES: usize = 10;
/// Requests per cycle: enable, list, replace, update, then disable or list.
const PER_CYCLE: usize = 5;

/// The channel id client `c` uses in cycle `k`: distinct across clients.
fn channel_id(c: usize, k: usize) -> String {
    format!("{}", 1_000_000 + c * 100 + k)
}

/// One client's work; the channels it leaves enabled, or its first error.
async fn run_client(server: Arc<MockServer>, c: usize) -> Result<Vec<String>, String> {
    let client = client();
    let mut kept = Vec::new();
    for k in 0..CYCLES {
        let id = channel_id(c, k);
        let watch = |events: &[&str]| json!({"watch": [{"channel_id": id, "events": events, "notify_url": "https://x.test/cb", "token": "t"}]});
        let filter = format!("{WATCH}?channel_id={id}");
        let last = if k % 2 == 1 {
            (
                Method::DELETE,
                format!("{WATCH}?channel_ids={id}"),
                None,
                200,
            )
        } else {
            (Method::GET, filter.clone(), None, 200)
        };
        let steps: [(Method, String, Option<Value>, u16); PER_CYCLE] = [
            (
                Method::POST,
                WATCH.into(),
                Some(watch(&["Deals.all", "Contacts.create"])),
                201,
            ),
            (Method::GET, filter, None, 200),
            (
                Method::PUT,
                WATCH.into(),
                Some(watch(&["Deals.edit", "Leads.create"])),
                200,
            ),
            (
                Method::PATCH,
                WATCH.into(),
                Some(json!({"watch": [{"channel_id": id, "token": "u"}]})),
                200,
            ),
            last,
        ];
        for (method, path, body, expected) in steps {
            let (status, answer) =
                send(&client, &server, method.clone(), &path, body.as_ref()).await;
            if status != expected {
                return Err(format!("client {c} {method} {path}: {status} {answer}"));
            }
        }
        if k % 2 == 0 {
            kept.push(id);
        }
    }
    Ok(kept)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_clients_times_fifty_requests_leave_exactly_the_channels_they_kept() {
    let server = Arc::new(MockServer::start().await.expect("mock"));
    let started = Instant::now();
    let mut clients = JoinSet::new();
    for c in 0..CLIENTS {
        clients.spawn(run_client(server.clone(), c));
    }
    let outcomes = tokio::time::timeout(Duration::from_secs(60), clients.join_all())
        .await
        .expect("the load finished in time");
    let elapsed = started.elapsed();
    let errors: Vec<&String> = outcomes.iter().filter_map(|o| o.as_ref().err()).collect();
    assert!(
        errors.is_empty(),
        "{} errors, first: {:?}",
        errors.len(),
        errors.first()
    );
    let expected: BTreeSet<String> = outcomes.into_iter().flatten().flatten().collect();
    eprintln!(
        "{} requests from {CLIENTS} concurrent clients in {elapsed:?}",
        CLIENTS * CYCLES * PER_CYCLE
    );

    // Read every page back: each kept channel once per module, nothing else.
    let client = client();
    let mut seen: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for page in 1..=100 {
        let (status, body) = send(
            &client,
            &server,
            Method::GET,
            &format!("{WATCH}?page={page}"),
            None,
        )
        .await;
        assert_eq!(status, 200, "page {page}: {body}");
        for entry in body["watch"].as_array().into_iter().flatten() {
            let module = entry["resource_name"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let channel = entry["channel_id"].as_str().unwrap_or_default().to_string();
            assert_eq!(entry["token"], "u", "the last PATCH's token: {entry}");
            *seen.entry(module).or_default().entry(channel).or_default() += 1;
        }
        if body["info"]["more_records"] != true {
            break;
        }
    }
    assert_eq!(
        seen.keys().collect::<Vec<_>>(),
        ["Deals", "Leads"],
        "modules after the PUT"
    );
    for (module, channels) in &seen {
        assert!(
            channels.values().all(|count| *count == 1),
            "{module}: a channel listed twice"
        );
        let listed: BTreeSet<String> = channels.keys().cloned().collect();
        assert_eq!(
            listed, expected,
            "{module}: exactly the channels enabled and not disabled"
        );
    }
    assert_eq!(server.channel_count(), CLIENTS * CYCLES / 2);
}
