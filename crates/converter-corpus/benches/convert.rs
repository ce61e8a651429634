//! Converter speed on a large collection, beside postman2openapi on the same
//! file in the same run: `cargo bench -p converter-corpus --bench convert`.
//!
//! Both sides do the same job: collection text in, OpenAPI JSON text out.
//! Each is run once to warm up, then `RUNS` times; the median is reported.
//! Whether progenitor accepts each output is reported too, since speed is
//! worth nothing on a document the client generator rejects.

use std::time::{Duration, Instant};

use converter_corpus::synthetic::synthetic_collection;

const RUNS: usize = 7;
const REQUESTS: usize = 600;
const RECORDS_PER_EXAMPLE: usize = 12;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time(mut job: impl FnMut() -> String) -> (Duration, String) {
    let output = job();
    let samples = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(job());
            start.elapsed()
        })
        .collect();
    (median(samples), output)
}

fn progenitor_verdict(output: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(output) {
        Ok(document) => match sdk_codegen::generate_client(&document) {
            Ok(_) => "accepted".to_string(),
            Err(error) => format!(
                "rejected ({})",
                error.to_string().chars().take(90).collect::<String>()
            ),
        },
        Err(error) => format!("not JSON ({error})"),
    }
}

fn main() {
    let collection =
        serde_json::to_string_pretty(&synthetic_collection(REQUESTS, RECORDS_PER_EXAMPLE))
            .unwrap_or_default();
    let megabytes = collection.len() as f64 / 1_000_000.0;
    assert!(
        REQUESTS >= 500 && megabytes >= 4.0,
        "the benchmark collection must be at least 500 requests and 4 MB"
    );
    println!(
        "collection: {REQUESTS} requests, {megabytes:.2} MB; median of {RUNS} runs after one warm-up"
    );

    let (ours, our_output) = time(|| match postman_openapi::convert(&collection) {
        Ok(conversion) => postman_openapi::to_pretty_json(&conversion.document),
        Err(error) => panic!("our converter failed: {error}"),
    });
    let (theirs, their_output) = time(|| {
        let options = postman2openapi::TranspileOptions {
            format: postman2openapi::TargetFormat::Json,
        };
        postman2openapi::from_str(&collection, options)
            .unwrap_or_else(|error| panic!("postman2openapi failed: {error}"))
    });

    let rate = |elapsed: Duration| megabytes / elapsed.as_secs_f64();
    println!(
        "{:<18} {:>10} {:>10} {:>12}  progenitor",
        "converter", "wall ms", "MB/s", "output KB"
    );
    for (name, elapsed, output) in [
        ("postman-openapi", ours, &our_output),
        ("postman2openapi", theirs, &their_output),
    ] {
        println!(
            "{name:<18} {:>10.1} {:>10.1} {:>12}  {}",
            elapsed.as_secs_f64() * 1000.0,
            rate(elapsed),
            output.len() / 1000,
            progenitor_verdict(output)
        );
    }
    println!(
        "speed-up: {:.2}x (postman2openapi time / ours)",
        theirs.as_secs_f64() / ours.as_secs_f64()
    );
}
