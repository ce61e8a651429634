//! A deterministic synthetic collection of any size, for the corpus (many
//! requests in nested folders) and the converter benchmark (megabytes).

use serde_json::{Value, json};

/// A small deterministic pseudo-random generator (no dependency needed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

fn record(random: &mut Lcg, index: usize) -> Value {
    json!({
        "id": format!("{}", 4_150_868_000_000_000_000u64 + random.next() % 1_000_000),
        "name": format!("Record {index}"),
        "amount": (random.next() % 100_000) as f64 / 100.0,
        "count": random.next() % 1000,
        "active": random.next().is_multiple_of(2),
        "created_at": "2021-05-03T20:27:17+05:30",
        "owner": {"id": format!("{}", random.next()), "email": format!("user{index}@example.test")},
        "tags": ["a", "b"],
        "note": if random.next().is_multiple_of(3) { Value::Null } else { json!("text") },
    })
}

/// `requests` requests in folders of ten, each with a JSON body and a
/// success and an error example of `records` records.
pub fn synthetic_collection(requests: usize, records: usize) -> Value {
    let mut random = Lcg(42);
    let mut folders = Vec::new();
    for folder in 0..requests.div_ceil(10) {
        let mut items = Vec::new();
        for index in folder * 10..((folder + 1) * 10).min(requests) {
            let method = ["GET", "POST", "PUT", "PATCH", "DELETE"][index % 5];
            let body: Vec<Value> = (0..records).map(|r| record(&mut random, r)).collect();
            let response = json!({"data": body, "info": {"page": 1, "more_records": false}});
            let mut request = json!({
                "method": method,
                "header": [{"key": "X-Trace", "value": "t"}],
                "url": {
                    "raw": format!("{{{{base}}}}/r{folder}/items{index}/:id?page=1"),
                    "host": ["{{base}}"],
                    "path": [format!("r{folder}"), format!("items{index}"), ":id"],
                    "query": [{"key": "page", "value": "1"}],
                },
            });
            if method != "GET" && method != "DELETE" {
                request["body"] = json!({"mode": "raw", "raw": record(&mut random, index).to_string(),
                    "options": {"raw": {"language": "json"}}});
            }
            items.push(json!({
                "name": format!("Operation {index}"),
                "request": request,
                "response": [
                    {"name": "ok", "code": 200, "header": [{"key": "Content-Type", "value": "application/json"}],
                     "body": serde_json::to_string_pretty(&response).unwrap_or_default()},
                    {"name": "invalid", "code": 400, "header": [{"key": "Content-Type", "value": "application/json"}],
                     "body": json!({"code": "INVALID_DATA", "details": {"field": "name"}, "message": "bad"}).to_string()},
                ],
            }));
        }
        folders.push(json!({"name": format!("Folder {folder}"), "item": [{"name": "Nested", "item": items}]}));
    }
    json!({
        "info": {"name": "Synthetic", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}"}]},
        "item": folders,
    })
}
