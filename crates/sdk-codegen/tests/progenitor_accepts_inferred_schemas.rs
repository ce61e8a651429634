//! Whatever JSON samples a collection records, progenitor accepts the
//! converter's document (it asserts and panics on many inputs it dislikes).

use proptest::prelude::*;
use serde_json::{Value, json};

fn sample() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(Value::from),
        (0.0f64..1000.0).prop_map(Value::from),
        "[a-z0-9 :+-]{0,10}".prop_map(Value::String),
        Just(json!("2021-05-03T20:27:17+05:30")),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z_ $-]{0,6}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    #[test]
    fn progenitor_accepts_what_any_samples_infer(
        request in sample(), ok in sample(), accepted in sample(), error in sample(), other_error in sample(),
    ) {
        let example = |name: &str, code: u16, body: &Value| json!({"name": name, "code": code,
            "header": [{"key": "Content-Type", "value": "application/json"}], "body": body.to_string()});
        let collection = json!({
            "info": {"name": "fuzz"},
            "item": [{"name": "Do Thing", "request": {"method": "POST", "url": "https://f.test/things/:id?page=1",
                       "body": {"mode": "raw", "raw": request.to_string()}},
                      "response": [example("ok", 200, &ok), example("accepted", 202, &accepted),
                                   example("bad", 400, &error), example("worse", 500, &other_error)]}],
        });
        let conversion = postman_openapi::convert(&collection.to_string()).expect("converts");
        let generated = sdk_codegen::generate_client(&conversion.document);
        prop_assert!(generated.is_ok(), "{:?}\n{}", generated.err(), serde_json::to_string_pretty(&conversion.document).unwrap_or_default());
    }
}
