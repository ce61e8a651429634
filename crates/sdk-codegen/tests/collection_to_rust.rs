//! From collection to Rust source: what a maintainer's edit to a recorded
//! sample does to the generated types.

fn real_collection() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../collection/zoho-crm-notifications.postman_collection.json"
    ))
    .expect("the collection is checked in")
}

fn generate(collection: &str) -> String {
    let conversion = postman_openapi::convert(collection).expect("converts");
    sdk_codegen::generate_client(&conversion.document)
        .expect("progenitor accepts the converter's output")
}

#[test]
fn a_field_added_to_a_recorded_sample_appears_in_the_generated_type() {
    let collection = real_collection();
    let edited = collection.replace(
        r#"\"resource_name\": \"Contacts\","#,
        r#"\"resource_name\": \"Contacts\",\n                        \"watch_priority\": 3,"#,
    );
    assert!(!generate(&collection).contains("watch_priority"));
    let source = generate(&edited);
    // Only one of the five event samples has it, so it is optional.
    assert!(
        source.contains("pub watch_priority: ::std::option::Option<i64>,"),
        "the generated event type gains the field"
    );
}

#[test]
fn the_seed_generates_offset_preserving_times_and_string_ids() {
    let source = generate(&real_collection());
    assert!(source.contains("pub channel_expiry: ::chrono::DateTime<::chrono::FixedOffset>,"));
    // Response fields are optional (thin evidence), and ids stay strings.
    assert!(source.contains("pub resource_id: ::std::option::Option<::std::string::String>,"));
    assert!(source.contains("pub maximum_length: ::std::option::Option<i64>,"));
}

#[test]
fn without_an_overlay_the_recorded_invalid_data_alone_limits_the_token() {
    let mut conversion = postman_openapi::convert(&real_collection()).expect("converts");
    let rules: postman_openapi::ConstraintRules = serde_json::from_value(serde_json::json!({
        "rules": [{"code": "INVALID_DATA", "keyword": "maxLength", "from_detail": "maximum_length"}]
    }))
    .expect("rules");
    let applied = postman_openapi::refine(&mut conversion, Some(&rules), None);
    assert!(
        applied
            .iter()
            .any(|line| line.contains("maxLength = 50 on `watch.token`")),
        "{applied:?}"
    );
    let source = sdk_codegen::generate_client(&conversion.document).expect("generates");
    assert!(
        source.contains(
            "pub struct EnableNotificationsRequestWatchItemToken(::std::string::String);"
        )
    );
    assert!(source.contains("if value.chars().count() > 50usize {"));
}
