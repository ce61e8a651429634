//! Names that meet once progenitor makes them Rust identifiers, and paths
//! users mistype, still give a document progenitor generates a client from.
//! (Compiling the generated clients is the converter corpus's job.)

use postman_openapi::{Conversion, WarningKind, convert};
use proptest::prelude::*;
use serde_json::{Value, json};

fn convert_items(items: Value) -> Conversion {
    convert(&json!({"info": {"name": "Names"}, "item": items}).to_string()).expect("converts")
}

fn parameter_names(conversion: &Conversion, path: &str, method: &str) -> Vec<(String, String)> {
    conversion.document["paths"][path][method]["parameters"]
        .as_array()
        .map(|parameters| {
            parameters
                .iter()
                .map(|p| {
                    (
                        p["name"].as_str().unwrap_or_default().to_string(),
                        p["in"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(name, location)| (name.to_string(), location.to_string()))
        .collect()
}

fn kinds(conversion: &Conversion) -> Vec<WarningKind> {
    conversion.warnings.iter().map(|w| w.kind).collect()
}

#[test]
fn a_path_parameter_named_like_a_query_parameter_is_renamed() {
    let conversion = convert_items(json!([
        {"name": "List", "request": {"url": {
            "raw": "https://x.test/:module/records?module=Leads",
            "path": [":module", "records"],
            "query": [{"key": "module", "value": "Leads"}],
            "variable": [{"key": "module", "value": "Deals"}]}}},
        {"name": "Create", "request": {"method": "POST", "url": "https://x.test/:module/records"}},
    ]));
    let renamed = "/{module_path}/records";
    assert_eq!(
        parameter_names(&conversion, renamed, "get"),
        pairs(&[("module_path", "path"), ("module", "query")])
    );
    assert_eq!(
        conversion.document["paths"][renamed]["get"]["parameters"][0]["example"],
        "Deals"
    );
    assert!(
        conversion.document["paths"][renamed]["post"].is_object(),
        "every method on the path shares the renamed template"
    );
    assert_eq!(kinds(&conversion), [WarningKind::ParameterRenamed]);
    sdk_codegen::generate_client(&conversion.document).expect("progenitor generates");
}

#[test]
fn parameters_whose_rust_names_meet_keep_the_first() {
    let conversion = convert_items(json!([{"name": "Search", "request": {
        "method": "POST",
        "url": "https://x.test/s?page=1&send=now&body=x&pageSize=2&page_size=3",
        "header": [
            {"key": "X-A", "value": "1"}, {"key": "x_a", "value": "2"}, {"key": "X A", "value": "3"},
            {"key": "Page", "value": "4"}, {"key": "{{auth}}", "value": "5"},
        ],
        "body": {"mode": "raw", "raw": "{\"q\": 1}"},
    }}]));
    assert_eq!(
        parameter_names(&conversion, "/s", "post"),
        pairs(&[("page", "query"), ("pageSize", "query"), ("X-A", "header")])
    );
    let dropped: Vec<&str> = conversion
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::ParameterDropped)
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(dropped.len(), 7, "{dropped:#?}");
    assert!(
        dropped
            .iter()
            .any(|m| m.contains("\"X A\" is not a valid HTTP header name"))
    );
    assert!(
        dropped
            .iter()
            .any(|m| m.contains("query parameter \"send\" dropped"))
    );
    sdk_codegen::generate_client(&conversion.document).expect("progenitor generates");
}

#[test]
fn operations_whose_rust_type_names_meet_get_distinct_ids() {
    let conversion = convert_items(json!([
        {"name": "Get User 2", "request": {"url": "https://x.test/a"}},
        {"name": "Get User2", "request": {"url": "https://x.test/b"}},
        {"name": "get-user-2", "request": {"url": "https://x.test/c"}},
        {"name": "POST", "request": {"method": "POST", "url": "https://x.test/d"}},
    ]));
    let ids: Vec<&str> = [("/a", "get"), ("/b", "get"), ("/c", "get"), ("/d", "post")]
        .iter()
        .map(|(path, method)| {
            conversion.document["paths"][path][method]["operationId"]
                .as_str()
                .unwrap_or_default()
        })
        .collect();
    // `get_user_2_2` would be `GetUser22`, as `get_user2_2` is.
    // `post` would shadow the `ClientHooks::post` every operation calls.
    assert_eq!(ids, ["get_user_2", "get_user2_2", "get_user_2_3", "post_2"]);
    sdk_codegen::generate_client(&conversion.document).expect("progenitor generates");
}

#[test]
fn mistyped_path_templates_are_repaired() {
    let conversion = convert_items(json!([
        {"name": "Nested", "request": {"url": "https://x.test/a/{{a_{{b}}}}"}},
        {"name": "Typo", "request": {"url": "https://x.test/b/{{x}y}}/c"}},
        {"name": "Stray", "request": {"url": "https://x.test/c}/{d"}},
        {"name": "Twins", "request": {"url": "https://x.test/e/:user-id/:user_id"}},
    ]));
    let paths: Vec<&String> = conversion.document["paths"]
        .as_object()
        .map(|p| p.keys().collect())
        .unwrap_or_default();
    assert_eq!(
        paths,
        [
            "/a/{a_b}",
            "/b/{x_y}/c",
            "/c/d",
            "/e/{user-id}/{user_id_path}"
        ]
    );
    assert_eq!(
        kinds(&conversion),
        [
            WarningKind::PathTemplate,
            WarningKind::PathTemplate,
            WarningKind::PathTemplate,
            WarningKind::PathTemplate,
            WarningKind::ParameterRenamed,
        ]
    );
    sdk_codegen::generate_client(&conversion.document).expect("progenitor generates");
}

/// Names built from the characters that break identifiers and templates.
fn hostile_name() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("a"),
            Just("A"),
            Just("1"),
            Just("_"),
            Just("-"),
            Just(" "),
            Just("{"),
            Just("}"),
            Just("{{"),
            Just("}}"),
            Just(":"),
            Just("."),
            Just("send"),
            Just("body"),
            Just("type"),
        ],
        0..5,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    // Each case runs progenitor; a few dozen cover the alphabet.
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn progenitor_generates_whatever_the_names(
        segments in prop::collection::vec(hostile_name(), 1..4),
        queries in prop::collection::vec(hostile_name(), 0..4),
        headers in prop::collection::vec(hostile_name(), 0..4),
        names in prop::collection::vec(hostile_name(), 1..4),
    ) {
        let url = format!(
            "https://x.test/{}?{}",
            segments.join("/"),
            queries.iter().map(|q| format!("{q}=1")).collect::<Vec<_>>().join("&")
        );
        let header: Vec<Value> = headers.iter().map(|h| json!({"key": h, "value": "v"})).collect();
        let items: Vec<Value> = names
            .iter()
            .enumerate()
            .map(|(i, name)| json!({"name": name, "request": {
                "method": if i % 2 == 0 { "GET" } else { "POST" },
                "url": url, "header": header,
                "body": {"mode": "raw", "raw": "{\"a\": 1}"}}}))
            .collect();
        let conversion = convert_items(Value::Array(items));
        let generated = sdk_codegen::generate_client(&conversion.document);
        prop_assert!(generated.is_ok(), "{:?}\n{}", generated.err(), postman_openapi::to_pretty_json(&conversion.document));
    }
}
