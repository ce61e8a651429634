//! A deterministic collection shaped like Zoho's own public CRM collection,
//! of any size: many modules, each with the same operations in several API
//! versions, every request with recorded success and error examples whose
//! bodies nest records, lookups and lists. For the size-ladder benchmark.

use serde_json::{Value, json};

const MODULES: [&str; 24] = [
    "Leads",
    "Contacts",
    "Accounts",
    "Deals",
    "Campaigns",
    "Tasks",
    "Cases",
    "Meetings",
    "Calls",
    "Solutions",
    "Products",
    "Vendors",
    "Price_Books",
    "Quotes",
    "Sales_Orders",
    "Purchase_Orders",
    "Invoices",
    "Appointments",
    "Services",
    "Notes",
    "Attachments",
    "Users",
    "Territories",
    "Custom_Module",
];
const VERSIONS: [&str; 8] = ["v2", "v2.1", "v3", "v4", "v5", "v6", "v7", "v8"];

/// One record of `module`, with lookups, a subform-like list and nulls.
fn record(module: &str, index: u64) -> Value {
    let id = 4_150_868_000_000_000_000u64.wrapping_add(index.wrapping_mul(7_919));
    json!({
        "id": id.to_string(),
        "Owner": {"name": "Patricia Boyle", "id": "4150868000000225013", "email": "p.boyle@zylker.test"},
        "Created_By": {"name": "Patricia Boyle", "id": "4150868000000225013", "email": "p.boyle@zylker.test"},
        "Modified_Time": "2021-05-03T20:27:17+05:30",
        "Created_Time": "2021-05-03T20:27:17+05:30",
        "Last_Name": format!("{module} record {index}"),
        "Email": format!("record{index}@zylker.test"),
        "Annual_Revenue": (index % 1000) as f64 * 1250.5,
        "No_of_Employees": index % 500,
        "Description": if index.is_multiple_of(3) { Value::Null } else { json!("A longer free text description of the record.") },
        "Tag": [{"name": "Hot", "id": "4150868000000391001"}],
        "$approval": {"delegate": false, "approve": false, "reject": false, "resubmit": false},
        "$currency_symbol": "$",
        "$editable": true,
        "Product_Details": [
            {"product": {"Product_Code": null, "name": "Widget", "id": "4150868000000391023"},
             "quantity": 2, "Discount": 0, "total": 200.0, "list_price": 100.0},
        ],
    })
}

fn example(name: &str, code: u16, body: &Value) -> Value {
    json!({
        "name": name, "code": code, "status": if code < 300 { "OK" } else { "Bad Request" },
        "_postman_previewlanguage": "json",
        "header": [{"key": "Content-Type", "value": "application/json;charset=utf-8"}],
        "body": serde_json::to_string_pretty(body).unwrap_or_default(),
    })
}

fn item(
    name: &str,
    method: &str,
    version: &str,
    path: &[&str],
    body: Option<&Value>,
    examples: Vec<Value>,
) -> Value {
    let mut segments = vec!["crm".to_string(), version.to_string()];
    segments.extend(path.iter().map(|segment| segment.to_string()));
    let mut request = json!({
        "method": method,
        "header": [{"key": "Authorization", "value": "Zoho-oauthtoken {{access-token}}"}],
        "url": {
            "raw": format!("{{{{api-domain}}}}/{}", segments.join("/")),
            "host": ["{{api-domain}}"],
            "path": segments,
        },
    });
    if let Some(body) = body {
        request["body"] = json!({"mode": "raw", "raw": serde_json::to_string_pretty(body).unwrap_or_default(),
            "options": {"raw": {"language": "json"}}});
    }
    json!({"name": name, "request": request, "response": examples})
}

/// The folder of one module in one version: list, get, insert, update,
/// delete, search and upsert, each with a success and an error example.
fn module_folder(module: &str, version: &str, records: usize, seed: u64) -> Value {
    let page: Vec<Value> = (0..records as u64)
        .map(|i| record(module, seed + i))
        .collect();
    let listed = json!({"data": page, "info": {"per_page": 200, "count": records, "page": 1, "more_records": true}});
    let success = |id: u64| {
        json!({"data": [{"code": "SUCCESS", "details": {"Modified_Time": "2021-05-03T20:27:17+05:30",
        "id": id.to_string(), "Created_By": {"name": "Patricia Boyle", "id": "4150868000000225013"}},
        "message": "record updated", "status": "success"}]})
    };
    let invalid = json!({"data": [{"code": "INVALID_DATA", "details": {"api_name": "Email", "json_path": "$.data[0].Email"},
        "message": "invalid data", "status": "error"}]});
    let unauthorized = json!({"code": "INVALID_TOKEN", "details": {}, "message": "invalid oauth token", "status": "error"});
    let body =
        json!({"data": [record(module, seed)], "trigger": ["approval", "workflow", "blueprint"]});
    let items = vec![
        item(
            &format!("Get {module} records"),
            "GET",
            version,
            &[module],
            None,
            vec![
                example("Success", 200, &listed),
                example("Invalid token", 401, &unauthorized),
            ],
        ),
        item(
            &format!("Get a {module} record"),
            "GET",
            version,
            &[module, ":record_id"],
            None,
            vec![
                example("Success", 200, &json!({"data": [record(module, seed + 1)]})),
                example("Invalid token", 401, &unauthorized),
            ],
        ),
        item(
            &format!("Insert {module} records"),
            "POST",
            version,
            &[module],
            Some(&body),
            vec![
                example("Created", 201, &success(seed)),
                example("Invalid data", 400, &invalid),
            ],
        ),
        item(
            &format!("Update {module} records"),
            "PUT",
            version,
            &[module],
            Some(&body),
            vec![
                example("Updated", 200, &success(seed + 2)),
                example("Invalid data", 400, &invalid),
            ],
        ),
        item(
            &format!("Delete {module} records"),
            "DELETE",
            version,
            &[module, ":record_id"],
            None,
            vec![
                example("Deleted", 200, &success(seed + 3)),
                example("Invalid token", 401, &unauthorized),
            ],
        ),
        item(
            &format!("Search {module} records"),
            "GET",
            version,
            &[module, "search"],
            None,
            vec![
                example("Found", 200, &listed),
                example("Invalid token", 401, &unauthorized),
            ],
        ),
        item(
            &format!("Upsert {module} records"),
            "POST",
            version,
            &[module, "upsert"],
            Some(&body),
            vec![
                example("Upserted", 200, &success(seed + 4)),
                example("Invalid data", 400, &invalid),
            ],
        ),
    ];
    json!({"name": format!("{version} {module}"), "item": items})
}

/// How often a Zoho-shaped collection records the same body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bodies {
    /// Every API version of a module records the same examples, and the
    /// requests share their error bodies: most bodies repeat one recorded
    /// elsewhere.
    Repeated,
    /// Every body its own: each example and request body gets a
    /// `request_id` no other has. The worst case for reading a repeated
    /// body once.
    Distinct,
}

/// A Zoho-shaped collection of about `target_bytes` bytes once
/// pretty-printed, its bodies [`Bodies::Repeated`].
pub fn zoho_like_collection(target_bytes: usize) -> String {
    zoho_like_collection_with(target_bytes, Bodies::Repeated)
}

/// Gives every body in `folder` a `request_id` of its own, counting on
/// from `next_id`.
fn make_bodies_distinct(folder: &mut Value, next_id: &mut u64) {
    let mut distinct = |text: &mut Value| {
        let Some(Ok(Value::Object(mut body))) = text.as_str().map(serde_json::from_str::<Value>)
        else {
            return;
        };
        body.insert("request_id".into(), json!(next_id.to_string()));
        *next_id = next_id.wrapping_add(1);
        *text = json!(serde_json::to_string_pretty(&body).unwrap_or_default());
    };
    let Some(items) = folder.get_mut("item").and_then(Value::as_array_mut) else {
        return;
    };
    for item in items {
        if let Some(raw) = item.pointer_mut("/request/body/raw") {
            distinct(raw);
        }
        if let Some(responses) = item.get_mut("response").and_then(Value::as_array_mut) {
            for response in responses {
                if let Some(body) = response.get_mut("body") {
                    distinct(body);
                }
            }
        }
    }
}

/// A Zoho-shaped collection of about `target_bytes` bytes once
/// pretty-printed, recording the same body as often as `bodies` says.
pub fn zoho_like_collection_with(target_bytes: usize, bodies: Bodies) -> String {
    // Each folder holds 7 requests, 14 examples and `RECORDS` records a
    // listing; grow the number of folders (modules × versions, then copies)
    // until the target size.
    const RECORDS: usize = 3;
    let mut folders = Vec::new();
    let mut size = 0usize;
    let mut copy = 0u64;
    let mut next_id = 0u64;
    'outer: loop {
        for version in VERSIONS {
            for module in MODULES {
                // Later copies are further custom modules, with paths of their own.
                let name = if copy == 0 {
                    module.to_string()
                } else {
                    format!("{module}_{copy}")
                };
                let mut folder = module_folder(&name, version, RECORDS, copy.wrapping_mul(1_000));
                if bodies == Bodies::Distinct {
                    make_bodies_distinct(&mut folder, &mut next_id);
                }
                size = size
                    .saturating_add(serde_json::to_string_pretty(&folder).map_or(0, |t| t.len()));
                folders.push(folder);
                if size >= target_bytes {
                    break 'outer;
                }
            }
        }
        copy += 1;
    }
    let collection = json!({
        "info": {"_postman_id": "00000000-0000-4000-8000-000000000000", "name": "Zoho CRM REST APIs (synthetic)",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"id": "1", "key": "api-domain", "value": "https://www.zohoapis.com"},
                     {"id": "2", "key": "access-token", "value": ""}],
        "item": folders,
    });
    serde_json::to_string_pretty(&collection).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every example and request body of `collection`, and how many are
    /// distinct.
    fn bodies(collection: &str) -> (usize, usize) {
        let collection: Value = serde_json::from_str(collection).expect("JSON");
        let mut all = Vec::new();
        for folder in collection["item"].as_array().into_iter().flatten() {
            for item in folder["item"].as_array().into_iter().flatten() {
                all.extend(item.pointer("/request/body/raw").and_then(Value::as_str));
                for response in item["response"].as_array().into_iter().flatten() {
                    all.extend(response["body"].as_str());
                }
            }
        }
        let distinct: std::collections::HashSet<&str> = all.iter().copied().collect();
        (all.len(), distinct.len())
    }

    #[test]
    fn repeated_bodies_repeat_and_distinct_ones_do_not() {
        let (count, distinct) = bodies(&zoho_like_collection(1_000_000));
        assert!(count > 300 && distinct * 4 < count, "{distinct} of {count}");
        let (count, distinct) = bodies(&zoho_like_collection_with(1_000_000, Bodies::Distinct));
        assert!(count > 300);
        assert_eq!(distinct, count);
    }
}
