//! The malformed and hostile corpus.
//!
//! Only a file that is not readable JSON, or JSON that is not a Postman
//! collection, is an error, naming the JSON path. Anything smaller (an item,
//! example, variable or field) is skipped or repaired with a warning of a
//! stable kind naming its JSON path, and the rest of the collection converts.
//! Hostile inputs (self-referencing variables, deep bodies, huge objects,
//! thousands of same-named requests) convert in bounded time and memory.

use postman_openapi::{Conversion, WarningKind, convert, to_pretty_json};
use serde_json::{Value, json};

const INFO: &str = r#""info": {"name": "x", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}"#;

/// A request that is fine, placed after the bad element in each case.
const GOOD: &str = r#"{"name": "Good", "request": {"method": "GET", "url": "https://x.test/good"},
    "response": [{"name": "ok", "code": 200, "body": "{\"id\": \"1\"}"}]}"#;

fn with_items(items: &str) -> String {
    format!("{{{INFO}, \"item\": {items}}}")
}

/// A collection with `bad` as its first item and [`GOOD`] after it.
fn bad_item(bad: &str) -> String {
    with_items(&format!("[{bad}, {GOOD}]"))
}

/// A collection whose top level has `field` and [`GOOD`] as its only item.
fn bad_top_level(field: &str) -> String {
    format!("{{{INFO}, {field}, \"item\": [{GOOD}]}}")
}

#[test]
fn only_an_unreadable_file_or_one_that_is_not_a_collection_is_an_error() {
    let truncated = {
        let full = with_items(
            r#"[{"name": "a", "request": {"method": "GET", "url": "https://x.test/a"}}]"#,
        );
        full[..full.len() - 12].to_string()
    };
    // Nested past the limit in a field the converter reads (a field it
    // does not read is skipped unparsed, however deep).
    let too_deep = format!(
        "{{{INFO}, \"auth\": {}{}}}",
        "[".repeat(200),
        "]".repeat(200)
    );
    let cases: Vec<(&str, String, &str, &str)> = vec![
        ("empty file", String::new(), "$", "EOF while parsing"),
        ("not JSON", "not json".into(), "$", "is a JSON object"),
        ("an array", "[]".into(), "$", "this file starts with `[`"),
        ("not an object inside", "{5}".into(), "$", "key must be a string"),
        ("no info", "{}".into(), "$", "missing field `info`"),
        ("a v1 collection", r#"{"id": "1", "name": "x", "requests": []}"#.into(), "$", "not a Postman v2.0/v2.1 collection"),
        ("info not an object", r#"{"info": 5, "item": []}"#.into(), "$.info", "expected the collection's info object"),
        ("an OpenAPI document", r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}"#.into(), "$.info", "not a Postman collection"),
        ("v1 format", r#"{"info": {"name": "x", "schema": "https://schema.getpostman.com/json/collection/v1.0.0/collection.json"}}"#.into(), "$.info.schema", "unsupported collection format"),
        ("truncated", truncated, "$.item[0].request.url", "(the file is truncated)"),
        ("trailing data", format!("{{{INFO}}} {{}}"), "$", "trailing data after the collection"),
        ("nested past the JSON parser's limit", too_deep, "$.auth", "recursion limit exceeded"),
    ];
    let mut mismatches = Vec::new();
    for (name, text, json_path, message) in &cases {
        match convert(text) {
            Ok(_) => mismatches.push(format!("{name}: converted, but should fail")),
            Err(error)
                if !error.json_path.starts_with(json_path) || !error.message.contains(message) =>
            {
                mismatches.push(format!(
                    "{name}: got `{error}`, expected at {json_path}: ...{message}..."
                ))
            }
            Err(_) => {}
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn a_bad_element_is_skipped_or_repaired_with_a_warning_and_the_rest_converts() {
    use WarningKind::*;
    let cases: Vec<(&str, String, WarningKind, &str, &str)> = vec![
        (
            "info without name",
            format!("{{\"info\": {{}}, \"item\": [{GOOD}]}}"),
            RepairedField,
            "$.info.name",
            "\"Untitled collection\"",
        ),
        (
            "name an object",
            format!("{{\"info\": {{\"name\": {{}}}}, \"item\": [{GOOD}]}}"),
            RepairedField,
            "$.info.name",
            "expected text, found an object",
        ),
        (
            "item a number",
            bad_item("5"),
            SkippedItem,
            "$.item[0]",
            "found a number; skipped",
        ),
        (
            "item without request or item",
            bad_item(r#"{"name": "lonely"}"#),
            SkippedItem,
            "$.item[0]",
            "\"lonely\" has neither `request`",
        ),
        (
            "deep item without request",
            with_items(&format!(
                r#"[{{"name": "f", "item": [{{"name": "bad"}}, {GOOD}]}}]"#
            )),
            SkippedItem,
            "$.item[0].item[0]",
            "\"bad\" has neither `request`",
        ),
        (
            "request a number",
            bad_item(r#"{"name": "a", "request": 5}"#),
            SkippedItem,
            "$.item[0].request",
            "expected a URL string or a request object, found a number; item skipped",
        ),
        (
            "method a number",
            bad_item(r#"{"name": "a", "request": {"method": 5, "url": "https://x.test/a"}}"#),
            SkippedItem,
            "$.item[0].request.method",
            "expected a method name",
        ),
        (
            "url a number",
            bad_item(r#"{"name": "a", "request": {"url": 5}}"#),
            SkippedItem,
            "$.item[0].request.url",
            "expected a URL string or a url object",
        ),
        (
            "no url",
            bad_item(r#"{"name": "a", "request": {"method": "GET"}}"#),
            SkippedItem,
            "$.item[0].request",
            "request has no url",
        ),
        (
            "query not a list",
            bad_item(
                r#"{"name": "a", "request": {"url": {"raw": "https://x.test/q", "query": {}}}}"#,
            ),
            RepairedField,
            "$.item[0].request.url.query",
            "expected a list",
        ),
        (
            "query entry with an object key",
            bad_item(
                r#"{"name": "a", "request": {"url": {"raw": "https://x.test/q", "query": [{"key": {"k": 1}}]}}}"#,
            ),
            SkippedEntry,
            "$.item[0].request.url.query[0].key",
            "expected text, found an object; entry skipped",
        ),
        (
            "header a number",
            bad_item(r#"{"name": "a", "request": {"url": "https://x.test/h", "header": 5}}"#),
            RepairedField,
            "$.item[0].request.header",
            "expected a list",
        ),
        (
            "body mode a list",
            bad_item(
                r#"{"name": "a", "request": {"url": "https://x.test/b", "body": {"mode": []}}}"#,
            ),
            RepairedField,
            "$.item[0].request.body.mode",
            "expected a body mode",
        ),
        (
            "body a string",
            bad_item(r#"{"name": "a", "request": {"url": "https://x.test/b", "body": "raw"}}"#),
            RepairedField,
            "$.item[0].request.body",
            "expected a body object",
        ),
        (
            "response not a list",
            bad_item(r#"{"name": "a", "request": "https://x.test/r", "response": {}}"#),
            RepairedField,
            "$.item[0].response",
            "expected a list",
        ),
        (
            "response a number",
            bad_item(r#"{"name": "a", "request": "https://x.test/r", "response": [5]}"#),
            SkippedExample,
            "$.item[0].response[0]",
            "found a number; skipped",
        ),
        (
            "status code as text",
            bad_item(
                r#"{"name": "a", "request": "https://x.test/r", "response": [{"code": "200", "body": ""}]}"#,
            ),
            RepairedField,
            "$.item[0].response[0].code",
            "read as a number",
        ),
        (
            "status code out of range",
            bad_item(
                r#"{"name": "a", "request": "https://x.test/r", "response": [{"code": 999}]}"#,
            ),
            SkippedExample,
            "$.item[0].response[0].code",
            "status code 999 is not between 100 and 599",
        ),
        (
            "status code missing",
            bad_item(
                r#"{"name": "a", "request": "https://x.test/r", "response": [{"name": "r", "body": ""}]}"#,
            ),
            SkippedExample,
            "$.item[0].response[0].code",
            "no status code and no known status text",
        ),
        (
            "status only as text",
            bad_item(
                r#"{"name": "a", "request": "https://x.test/r", "response": [{"name": "r", "status": "Not Found", "body": ""}]}"#,
            ),
            ExampleStatus,
            "$.item[0].response[0].code",
            "404 is taken from its status \"Not Found\"",
        ),
        (
            "response body a number",
            bad_item(
                r#"{"name": "a", "request": "https://x.test/r", "response": [{"code": 200, "body": 5}]}"#,
            ),
            RepairedField,
            "$.item[0].response[0].body",
            "its JSON text is used",
        ),
        (
            "original request a number",
            bad_item(
                r#"{"name": "a", "request": "https://x.test/r", "response": [{"code": 200, "originalRequest": 5}]}"#,
            ),
            RepairedField,
            "$.item[0].response[0].originalRequest",
            "the recorded request is ignored",
        ),
        (
            "variables not a list",
            bad_top_level(r#""variable": {}"#),
            RepairedField,
            "$.variable",
            "expected a list",
        ),
        (
            "variable with a list for a key",
            bad_top_level(r#""variable": [{"key": [1], "value": "v"}]"#),
            SkippedEntry,
            "$.variable[0].key",
            "entry skipped",
        ),
        (
            "auth without type",
            bad_top_level(r#""auth": {}"#),
            RepairedField,
            "$.auth.type",
            "auth has no `type`; ignored",
        ),
        (
            "auth a string",
            bad_top_level(r#""auth": "bearer""#),
            RepairedField,
            "$.auth",
            "expected an auth object",
        ),
        (
            "a skipped item does not shift its siblings' paths",
            with_items(&format!(
                r#"[5, {{"name": "b", "request": "https://x.test/b", "response": [{{"code": 200, "header": [{{"key": "Content-Type", "value": "application/json"}}], "body": "{{"}}]}}, {GOOD}]"#
            )),
            TextBody,
            "$.item[1].response[0].body",
            "not valid JSON",
        ),
    ];
    let mut mismatches = Vec::new();
    for (name, text, kind, json_path, message) in &cases {
        let conversion = match convert(text) {
            Ok(conversion) => conversion,
            Err(error) => {
                mismatches.push(format!("{name}: failed with `{error}`, should convert"));
                continue;
            }
        };
        let found = conversion.warnings.iter().any(|warning| {
            warning.kind == *kind
                && warning.json_path == *json_path
                && warning.message.contains(message)
        });
        if !found {
            mismatches.push(format!(
                "{name}: expected a {kind} warning at {json_path}: ...{message}..., got {:?}",
                conversion.warnings
            ));
        }
        if !conversion.document["paths"]["/good"]["get"].is_object() {
            mismatches.push(format!("{name}: the good item was lost"));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn repaired_examples_keep_their_status() {
    let conversion = convert(&bad_item(
        r#"{"name": "a", "request": "https://x.test/r", "response": [
            {"name": "text code", "code": "201", "body": ""},
            {"name": "gone", "status": "Gone", "body": ""}]}"#,
    ))
    .expect("converts");
    let statuses: Vec<u16> = conversion
        .examples
        .iter()
        .filter(|e| e.operation_id == "a")
        .map(|e| e.status)
        .collect();
    assert_eq!(statuses, [201, 410]);
}

fn warnings_of(conversion: &Conversion, kind: WarningKind) -> Vec<String> {
    conversion
        .warnings
        .iter()
        .filter(|w| w.kind == kind)
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_variable_repeating_itself_ten_times_stays_as_written() {
    // Each pass once multiplied the text by ten: an 8 GB allocation.
    let collection = json!({
        "info": {"name": "bomb"},
        "variable": [{"key": "a", "value": "{{a}}".repeat(10)}],
        "item": [{"name": "Get", "request": {"url": "https://x.test/{{a}}/x?q={{a}}"}}],
    });
    let conversion = convert(&collection.to_string()).expect("converts");
    let warnings = warnings_of(&conversion, WarningKind::VariableExpansion);
    assert_eq!(
        warnings,
        ["at $.variable[0]: variable `a` refers to itself; the self-reference is left as written"]
    );
    assert!(to_pretty_json(&conversion.document).len() < 10_000);
}

#[test]
fn variables_that_multiply_each_other_stop_at_64_kib() {
    let mut variables = vec![json!({"key": "v0", "value": "x".repeat(100)})];
    for level in 1..12 {
        variables.push(json!({"key": format!("v{level}"), "value": format!("{{{{v{}}}}}", level - 1).repeat(10)}));
    }
    let collection = json!({
        "info": {"name": "bomb"},
        "variable": variables,
        "item": [{"name": "Get", "request": {"url": "https://x.test/items?q={{v11}}&r={{v11}}"}}],
    });
    let conversion = convert(&collection.to_string()).expect("converts");
    assert!(!warnings_of(&conversion, WarningKind::VariableExpansion).is_empty());
    // v11 would be 10^13 bytes. The URL is resolved once and the query
    // value once more, each adding at most 64 KiB.
    let example = conversion.document["paths"]["/items"]["get"]["parameters"][0]["example"]
        .as_str()
        .unwrap_or_default()
        .len();
    assert!(example <= 2 * 64 * 1024 + 100, "{example} bytes");
}

#[test]
fn bodies_nested_120_deep_are_capped_and_the_document_reads_back() {
    let deep = (0..120).fold(json!(1), |inner, _| json!({ "a": inner }));
    let collection = json!({
        "info": {"name": "deep"},
        "item": [{"name": "Get", "request": {"method": "POST", "url": "https://x.test/d",
                  "body": {"mode": "raw", "raw": json!({"a": 1}).to_string()}},
                  "response": [{"name": "deep", "code": 200, "body": deep.to_string()}]}],
    });
    let conversion = convert(&collection.to_string()).expect("converts");
    assert_eq!(
        warnings_of(&conversion, WarningKind::SchemaDepth),
        [
            "at $.item[0].response[0].body: the body nests deeper than 32 levels; deeper values are described as any JSON and the example is left out of the document"
        ]
    );
    let text = to_pretty_json(&conversion.document);
    let reread: Result<Value, _> = serde_json::from_str(&text);
    assert!(
        reread.is_ok(),
        "serde_json (recursion limit 128) reads the document back"
    );
    assert_eq!(
        conversion.examples[0].body,
        deep.to_string(),
        "the fixture keeps the body"
    );
}

#[test]
fn an_example_object_with_100000_keys_converts() {
    let keys: serde_json::Map<String, Value> = (0..100_000)
        .map(|i| (format!("key{i}"), json!(i)))
        .collect();
    let collection = json!({
        "info": {"name": "wide"},
        "item": [{"name": "Get", "request": {"url": "https://x.test/w"},
                  "response": [{"name": "wide", "code": 200, "body": Value::Object(keys).to_string()}]}],
    });
    let conversion = convert(&collection.to_string()).expect("converts");
    let properties = conversion.document["components"]["schemas"]["GetResponse"]["properties"]
        .as_object()
        .map_or(0, |p| p.len());
    assert_eq!(properties, 100_000);
}

#[test]
fn twenty_thousand_requests_of_one_name_get_distinct_operations() {
    let items: Vec<Value> = (0..20_000)
        .map(|i| json!({"name": "Get Thing", "request": {"url": format!("https://x.test/things/{i}")}}))
        .collect();
    let collection = json!({"info": {"name": "many"}, "item": items});
    let conversion = convert(&collection.to_string()).expect("converts");
    let paths = conversion.document["paths"]
        .as_object()
        .map_or(0, |p| p.len());
    assert_eq!(paths, 20_000);
    assert_eq!(
        conversion.document["paths"]["/things/19999"]["get"]["operationId"],
        "get_thing_20000"
    );
}
