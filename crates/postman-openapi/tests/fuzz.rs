//! Property-based fuzzing: whatever the input, the converter returns a
//! result or an error, and never panics; below the collection's `info`,
//! nothing is an error (bad elements degrade); variables never blow up.

use proptest::prelude::*;
use serde_json::{Value, json};

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "[ -~]{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("{{var}}"),
            Just(":id"),
            Just("2021-05-03T20:27:17+05:30"),
            Just("4150868000000002179"),
            Just("")
        ]
        .prop_map(|s| Value::String(s.to_string())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_{}:$@-]{0,8}", inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

fn zoho_collection() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../collection/zoho-crm-notifications.postman_collection.json"
    ))
    .expect("collection");
    serde_json::from_str(&text).expect("json")
}

/// Every JSON pointer in `value`.
fn pointers(value: &Value, prefix: String, out: &mut Vec<String>) {
    out.push(prefix.clone());
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            pointers(
                v,
                format!("{prefix}/{}", k.replace('~', "~0").replace('/', "~1")),
                out,
            )
        }),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| pointers(v, format!("{prefix}/{i}"), out)),
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn any_text_gives_a_result_or_an_error(text in "\\PC{0,200}") {
        let _ = postman_openapi::convert(&text);
    }

    #[test]
    fn any_json_example_body_converts_and_keeps_its_example(body in arbitrary_json(), request in arbitrary_json()) {
        let collection = json!({
            "info": {"name": "fuzz"},
            "item": [{"name": "Op", "request": {"method": "POST", "url": "https://f.test/x",
                       "body": {"mode": "raw", "raw": request.to_string()}},
                      "response": [{"name": "r", "code": 200, "body": body.to_string()}]}],
        });
        let conversion = postman_openapi::convert(&collection.to_string()).expect("valid structure converts");
        prop_assert_eq!(conversion.examples.len(), 1);
        prop_assert_eq!(&conversion.examples[0].body, &body.to_string());
        let response = &conversion.document["paths"]["/x"]["post"]["responses"]["200"];
        prop_assert!(response.is_object());
    }
}

proptest! {
    // Each case converts the whole Zoho collection, so fewer cases.
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_value_anywhere_in_a_real_collection_gives_a_result_or_an_error(
        replacement in arbitrary_json(),
        pick in any::<prop::sample::Index>(),
    ) {
        let mut collection = zoho_collection();
        let mut all = Vec::new();
        pointers(&collection, String::new(), &mut all);
        let pointer = pick.get(&all).clone();
        if let Some(target) = collection.pointer_mut(&pointer) {
            *target = replacement;
        }
        // Only the collection itself and its `info` decide whether the file
        // is a collection; anything below degrades.
        let decides_the_format = pointer.is_empty() || pointer == "/info" || pointer.starts_with("/info/schema");
        match postman_openapi::convert(&collection.to_string()) {
            Ok(conversion) => {
                prop_assert_eq!(&conversion.document["openapi"], "3.0.3");
                let text = postman_openapi::to_pretty_json(&conversion.document);
                prop_assert!(serde_json::from_str::<Value>(&text).is_ok(), "the document reads back");
            }
            Err(error) => prop_assert!(decides_the_format, "{} failed the collection: {}", pointer, error),
        }
    }
}

/// A variable value: text and references to the variables `a`..`d`.
fn variable_value() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("{{a}}"),
            Just("{{b}}"),
            Just("{{c}}"),
            Just("{{d}}"),
            Just("xyz"),
            Just("{{"),
            Just("}}")
        ],
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn variables_referring_to_each_other_stay_bounded(values in prop::collection::vec(variable_value(), 4)) {
        let variables: Vec<Value> = ["a", "b", "c", "d"]
            .iter()
            .zip(&values)
            .map(|(key, value)| json!({"key": key, "value": value}))
            .collect();
        let collection = json!({
            "info": {"name": "vars"},
            "variable": variables,
            "item": [{"name": "Op", "request": {"url": "https://{{a}}.test/{{b}}/x?q={{c}}&r={{d}}"}}],
        });
        let conversion = postman_openapi::convert(&collection.to_string()).expect("converts");
        // One URL resolution and one query resolution, each at most 64 KiB.
        prop_assert!(postman_openapi::to_pretty_json(&conversion.document).len() < 600 * 1024);
    }
}
