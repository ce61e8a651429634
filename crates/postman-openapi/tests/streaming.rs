//! `convert_streaming` writes the document straight from the collection's
//! example text; it must print what `convert` prints, on the inputs where
//! the two paths part: repeated keys, escapes, big and float numbers,
//! bodies too deep for the document, and text that looks like a placeholder.

use serde_json::json;

fn collection_with_bodies(bodies: &[&str]) -> String {
    let responses: Vec<_> = bodies
        .iter()
        .enumerate()
        .map(|(index, body)| {
            json!({"name": format!("example {index}"), "code": 200 + index % 2 * 200, "body": body,
                   "header": [{"key": "Content-Type", "value": "application/json"}]})
        })
        .collect();
    json!({
        "info": {"name": "Streaming", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": [{
            "name": "Get Thing",
            "request": {"method": "POST", "url": "https://api.test/things",
                        "body": {"mode": "raw", "raw": "{\"q\": 1, \"q\": 2}"}},
            "response": responses
        }]
    })
    .to_string()
}

fn assert_same_output(text: &str) {
    let whole = postman_openapi::convert(text).expect("converts");
    let streamed = postman_openapi::convert_streaming(text).expect("converts");
    let mut bytes = Vec::new();
    let written = streamed.write_document(&mut bytes).expect("writes");
    assert_eq!(
        String::from_utf8(bytes).expect("UTF-8"),
        postman_openapi::to_pretty_json(&whole.document)
    );
    assert_eq!(written.warnings, whole.warnings);
    assert_eq!(written.example_count, whole.examples.len());
}

#[test]
fn bodies_that_repeat_keys_print_as_the_parsed_document_does() {
    let text = collection_with_bodies(&[
        r#"{"id": "1", "id": "2", "nested": {"k": 1, "k": {"deep": true}}}"#,
        r#"{"error": "x", "error": null}"#,
    ]);
    assert_same_output(&text);
    let document = postman_openapi::convert(&text).expect("converts").document;
    let example = &document["paths"]["/things"]["post"]["responses"]["200"]["content"]["application/json"]
        ["examples"]["example_0"]["value"];
    assert_eq!(
        example,
        &json!({"id": "2", "nested": {"k": {"deep": true}}}),
        "the last one wins"
    );
}

#[test]
fn numbers_escapes_and_deep_bodies_print_the_same() {
    let deep = format!("{}1{}", "[".repeat(40), "]".repeat(40));
    let text = collection_with_bodies(&[
        r#"{"n": 1.0, "e": 1e300, "big": 123456789012345678901234567890, "neg": -0, "u": 18446744073709551615}"#,
        r#"{"s": "tab\there \"quoted\" \u00e9 \ud83d\ude00 \/ slash", "empty": {}, "list": []}"#,
        &deep,
        "  [ 1 , 2 ]  ",
        "{\"looks\": \"\\u0000postman-openapi example 0000000000000000 0\"}",
    ]);
    assert_same_output(&text);
}

#[test]
fn the_document_of_a_streaming_conversion_is_the_whole_document() {
    let text = collection_with_bodies(&[r#"{"id": "4150868000000002179"}"#]);
    let document = postman_openapi::convert_streaming(&text)
        .expect("converts")
        .into_document();
    assert_eq!(
        document["paths"]["/things"]["post"]["responses"]["200"]["content"]["application/json"]["examples"]
            ["example_0"]["value"]["id"],
        "4150868000000002179"
    );
}

#[test]
fn a_body_that_fails_midway_leaves_nothing_of_itself_in_the_schema() {
    // Even indexes are 200s, odd ones 400s (see collection_with_bodies).
    let text = collection_with_bodies(&[
        r#"{"a": 1}"#,
        r#"{"x": 1}"#,
        r#"{"b": 1, "b": "last"}"#,
        r#"{"e": 1, "f": "#,
        r#"{"c": true}"#,
        r#"{"y": 2}"#,
        r#"{"d": null, "d": [1]}"#,
        r#"{"z": "#,
        r#"{"g": 1}"#,
    ]);
    assert_same_output(&text);
    let document = postman_openapi::convert(&text).expect("converts").document;
    let properties = |name: &str| -> Vec<String> {
        document["components"]["schemas"][name]["properties"]
            .as_object()
            .map(|map| map.keys().cloned().collect())
            .unwrap_or_default()
    };
    assert_eq!(properties("GetThingResponse"), ["a", "b", "c", "d", "g"]);
    assert_eq!(properties("GetThingError"), ["x", "y"]);
    let success = &document["components"]["schemas"]["GetThingResponse"]["properties"];
    assert_eq!(success["b"]["type"], "string", "the last of a repeated key");
    assert_eq!(success["d"]["type"], "array", "the last of a repeated key");
}

#[test]
fn bodies_read_the_exact_way_between_others_shape_the_schema_as_the_rest() {
    // Even indexes are 200s, odd ones 400s. A big integer, deep nesting and
    // an escaped key send a body from the one-pass reader to the exact one,
    // between bodies it reads itself.
    let deep = format!("{{\"deep\": {}1{}}}", "[".repeat(40), "]".repeat(40));
    let text = collection_with_bodies(&[
        r#"{"a": 1, "t": "2021-05-03T20:27:17+05:30"}"#,
        r#"{"x": 1}"#,
        r#"{"n": 123456789012345678901234567890, "a": 2.5}"#,
        r#"{"y": "z"}"#,
        &deep,
        r#"{"x": null}"#,
        r#"{"\u0061": "text", "t": "202\u0031-05-03T20:27:17Z", "c": [{"k": 1}]}"#,
    ]);
    assert_same_output(&text);
    let document = postman_openapi::convert(&text).expect("converts").document;
    let success = &document["components"]["schemas"]["GetThingResponse"]["properties"];
    let names: Vec<&String> = success
        .as_object()
        .map(|map| map.keys().collect())
        .unwrap_or_default();
    assert_eq!(names, ["a", "t", "n", "deep", "c"]);
    assert_eq!(
        success["t"]["format"], "date-time",
        "an escaped digit is a digit"
    );
    assert!(success["a"]["oneOf"].is_array(), "a number and a string");
}

#[test]
fn a_body_that_would_print_far_longer_than_recorded_prints_the_same() {
    // Declined by the one-pass reader for its growth (each value on a line
    // thirty levels deep), then read and printed the exact way.
    let long = format!(
        "{{\"deep\": {}{}{}}}",
        "[".repeat(29),
        vec!["1"; 5_000].join(","),
        "]".repeat(29)
    );
    // Past the one-pass reader's largest body: read the exact way from the
    // start.
    let large = format!("{{\"list\": [{}]}}", vec!["12345"; 200_000].join(","));
    let text =
        collection_with_bodies(&[r#"{"a": 1}"#, r#"{"e": 1}"#, &long, r#"{"e": 2}"#, &large]);
    assert_same_output(&text);
}

#[test]
fn bodies_recorded_many_times_shape_and_print_as_if_each_were_read_again() {
    // A streamed conversion reads a repeated body once and reuses what it
    // learned: into an empty group, into one that other bodies widened
    // already, before and after a body that fails midway, in both status
    // groups, and as a request's body too.
    let repeated = r#"{"a": 1, "list": [{"k": 1}, {"k": null, "m": "2021-05-03T20:27:17+05:30"}]}"#;
    let widening = r#"{"a": "text", "list": [{"m": "not a date", "n": 2.5}], "b": true}"#;
    let error = r#"{"code": "INVALID_TOKEN", "details": {}, "message": "invalid oauth token"}"#;
    let text = collection_with_bodies(&[
        repeated,
        error,
        widening,
        repeated,
        repeated,
        r#"{"code": 1, "code": "last"}"#,
        r#"{"b": 1, "b": "last"}"#,
        error,
        repeated,
        repeated,
        widening,
        r#"{"x": "#,
        repeated,
        error,
    ]);
    assert_same_output(&text);
    // Many items recording the same bodies, the request's body among them.
    let item = |index: usize| {
        json!({
            "name": format!("Thing {index}"),
            "request": {"method": "PUT", "url": format!("https://api.test/things/{index}"),
                        "body": {"mode": "raw", "raw": repeated}},
            "response": [
                {"name": "ok", "code": 200, "body": if index.is_multiple_of(3) { widening } else { repeated },
                 "header": [{"key": "Content-Type", "value": "application/json"}]},
                {"name": "denied", "code": 401, "body": error,
                 "header": [{"key": "Content-Type", "value": "application/json"}]},
                {"name": "same as sent", "code": 201, "body": repeated,
                 "header": [{"key": "Content-Type", "value": "application/json"}]}
            ]
        })
    };
    let items: Vec<_> = (0..12).map(item).collect();
    let text = json!({
        "info": {"name": "Repeats", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": items
    })
    .to_string();
    assert_same_output(&text);
    let document = postman_openapi::convert(&text).expect("converts").document;
    let list = &document["components"]["schemas"]["Thing0ResponseListItem"]["properties"];
    assert_eq!(list["n"]["type"], "number", "widened by the other body");
    assert!(
        list["m"]["format"].is_null(),
        "not every sample a date-time"
    );
}
