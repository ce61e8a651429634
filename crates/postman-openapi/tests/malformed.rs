//! A corpus of malformed collections, each with the error it must give: the
//! JSON path of the offending element and words a maintainer can act on.

use postman_openapi::convert;

const INFO: &str = r#""info": {"name": "x", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}"#;

fn with_items(items: &str) -> String {
    format!("{{{INFO}, \"item\": {items}}}")
}

#[test]
fn every_malformed_collection_names_where_and_what() {
    let truncated = {
        let full = with_items(
            r#"[{"name": "a", "request": {"method": "GET", "url": "https://x.test/a"}}]"#,
        );
        full[..full.len() - 12].to_string()
    };
    let cases: Vec<(&str, String, &str, &str)> = vec![
        ("empty file", String::new(), "$", "EOF while parsing"),
        ("not JSON", "not json".into(), "$", "is a JSON object"),
        ("an array", "[]".into(), "$", "this file starts with `[`"),
        ("not an object inside", "{5}".into(), "$", "key must be a string"),
        ("no info", "{}".into(), "$", "missing field `info`"),
        ("info without name", r#"{"info": {}}"#.into(), "$.info", "missing field `name`"),
        ("name not a string", r#"{"info": {"name": 5}}"#.into(), "$.info.name", "invalid type: integer `5`, expected a string"),
        ("v1 format", r#"{"info": {"name": "x", "schema": "https://schema.getpostman.com/json/collection/v1.0.0/collection.json"}}"#.into(), "$.info.schema", "unsupported collection format"),
        ("item not a list", with_items("{}"), "$.item", "invalid type: map, expected a sequence"),
        ("item a number", with_items("[5]"), "$.item[0]", "invalid type: integer `5`, expected struct Item"),
        ("item without request or item", with_items(r#"[{"name": "lonely"}]"#), "$.item[0]", "\"lonely\" has neither `request`"),
        ("deep item without request", with_items(r#"[{"name": "f", "item": [{"name": "ok", "request": "https://x.test"}, {"name": "bad"}]}]"#), "$.item[0].item[1]", "\"bad\" has neither `request`"),
        ("truncated", truncated, "$.item[0].request.url", "(the file is truncated)"),
        ("request a number", with_items(r#"[{"name": "a", "request": 5}]"#), "$.item[0].request", "expected a URL string or a request object"),
        ("method a number", with_items(r#"[{"name": "a", "request": {"method": 5}}]"#), "$.item[0].request.method", "invalid type: integer `5`, expected a string"),
        ("url a number", with_items(r#"[{"name": "a", "request": {"url": 5}}]"#), "$.item[0].request.url", "expected a URL string or a url object"),
        ("query not a list", with_items(r#"[{"name": "a", "request": {"url": {"raw": "x", "query": {}}}}]"#), "$.item[0].request.url.query", "expected a sequence"),
        ("body mode a list", with_items(r#"[{"name": "a", "request": {"url": "x", "body": {"mode": []}}}]"#), "$.item[0].request.body.mode", "expected a string"),
        ("response not a list", with_items(r#"[{"name": "a", "request": "x", "response": {}}]"#), "$.item[0].response", "expected a sequence"),
        ("status code a string", with_items(r#"[{"name": "a", "request": "x", "response": [{"code": "200"}]}]"#), "$.item[0].response[0].code", "expected u16"),
        ("status code out of range", with_items(r#"[{"name": "a", "request": "x", "response": [{"code": 999}]}]"#), "$.item[0].response[0].code", "no HTTP status code between 100 and 599"),
        ("status code missing", with_items(r#"[{"name": "a", "request": "x", "response": [{"name": "r", "body": ""}]}]"#), "$.item[0].response[0].code", "no HTTP status code"),
        ("body a number", with_items(r#"[{"name": "a", "request": "x", "response": [{"code": 200, "body": 5}]}]"#), "$.item[0].response[0].body", "expected a string"),
        ("variables not a list", format!("{{{INFO}, \"variable\": {{}}}}"), "$.variable", "expected a sequence"),
        ("auth without type", format!("{{{INFO}, \"auth\": {{}}}}"), "$.auth", "missing field `type`"),
        ("trailing data", format!("{{{INFO}}} {{}}"), "$", "trailing data after the collection"),
    ];
    assert!(cases.len() >= 20);
    let mut mismatches = Vec::new();
    for (name, text, json_path, message) in &cases {
        match convert(text) {
            Ok(_) => mismatches.push(format!("{name}: converted, but should fail")),
            Err(error) if error.json_path != *json_path || !error.message.contains(message) => {
                mismatches.push(format!(
                    "{name}: got `{error}`, expected at {json_path}: ...{message}..."
                ))
            }
            Err(_) => {}
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
