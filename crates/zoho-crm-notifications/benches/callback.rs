//! How `Callback::events` grows with the number of records in one callback:
//! `cargo bench -p zoho-crm-notifications --bench callback`.
//!
//! Each record has its own `affected_fields` and `affected_values` entry, the
//! worst case for a per-record scan. Linear growth shows as a constant
//! time per record across the sizes.

use std::time::{Duration, Instant};

use serde_json::json;
use zoho_crm_notifications::callback::CallbackReceiver;

const ROUNDS: usize = 5;

fn callback_body(records: usize) -> Vec<u8> {
    let ids: Vec<String> = (0..records).map(|n| format!("57257670{n:011}")).collect();
    let fields: Vec<_> = ids
        .iter()
        .map(|id| json!({id: ["Stage", "Amount"]}))
        .collect();
    let values: Vec<_> = ids
        .iter()
        .map(|id| json!({"record_id": id, "values": {"Stage": "Won"}}))
        .collect();
    serde_json::to_vec(&json!({
        "server_time": 1718117126473_i64, "query_params": {"tenant": "acme"}, "module": "Deals",
        "resource_uri": "https://www.zohoapis.com/crm/v2/Deals", "ids": ids,
        "affected_fields": fields, "affected_values": values, "operation": "update",
        "channel_id": "1000000068001", "token": "TOKEN",
    }))
    .unwrap_or_default()
}

fn main() {
    let receiver = CallbackReceiver::new()
        .channel("1000000068001", Some("TOKEN"))
        .max_body_bytes(256 * 1024 * 1024);
    println!("Callback::events, median of {ROUNDS} rounds:");
    println!("{:>9} {:>12} {:>16}", "records", "total", "per record");
    for records in [5_000, 10_000, 20_000, 100_000] {
        let body = callback_body(records);
        let callback = match receiver.verify(Some("application/json"), &body) {
            Ok(callback) => callback,
            Err(error) => {
                eprintln!("the generated callback is refused: {error}");
                return;
            }
        };
        let mut samples: Vec<Duration> = (0..ROUNDS)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(callback.events());
                start.elapsed()
            })
            .collect();
        samples.sort();
        let median = samples[ROUNDS / 2];
        println!(
            "{records:>9} {:>9.1} ms {:>13.2} µs",
            median.as_secs_f64() * 1e3,
            median.as_secs_f64() * 1e6 / records as f64
        );
    }
}
