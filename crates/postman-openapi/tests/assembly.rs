//! Assembly rules, each checked on a small collection written for it.

use postman_openapi::convert;
use serde_json::{Value, json};

fn collection(items: Value) -> String {
    json!({
        "info": {"name": "Test", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "item": items,
    })
    .to_string()
}

fn example(name: &str, code: u16, body: &str) -> Value {
    json!({"name": name, "code": code, "header": [{"key": "Content-Type", "value": "application/json"}], "body": body})
}

fn convert_items(items: Value) -> postman_openapi::Conversion {
    convert(&collection(items)).expect("converts")
}

#[test]
fn every_success_status_shares_one_schema_and_every_error_status_another() {
    let conversion = convert_items(json!([{
        "name": "Create Thing",
        "request": {"method": "POST", "url": "https://api.test/things"},
        "response": [
            example("created", 201, r#"{"data": [{"id": "1"}]}"#),
            example("partial", 202, r#"{"data": [{"error": "bad"}]}"#),
            example("bad", 400, r#"{"code": "X"}"#),
            example("auth", 401, r#"{"code": "Y", "details": {}}"#),
        ],
    }]));
    let responses = &conversion.document["paths"]["/things"]["post"]["responses"];
    let schema =
        |status: &str| responses[status]["content"]["application/json"]["schema"]["$ref"].clone();
    assert_eq!(
        schema("201"),
        json!("#/components/schemas/CreateThingResponse")
    );
    assert_eq!(schema("202"), schema("201"));
    assert_eq!(
        schema("400"),
        json!("#/components/schemas/CreateThingError")
    );
    assert_eq!(schema("401"), schema("400"));
    let item = &conversion.document["components"]["schemas"]["CreateThingResponseDataItem"];
    assert_eq!(
        item["properties"].as_object().map(|p| p.len()),
        Some(2),
        "id and error both kept"
    );
    assert_eq!(item.get("required"), None, "neither is in every sample");
}

#[test]
fn every_unrecorded_error_status_decodes_into_the_error_type() {
    let conversion = convert_items(json!([
        {
            "name": "Create Thing",
            "request": {"method": "POST", "url": "https://api.test/things"},
            "response": [
                example("created", 201, r#"{"id": "1"}"#),
                example("bad", 400, r#"{"code": "X"}"#),
            ],
        },
        {
            "name": "List Things",
            "request": {"url": "https://api.test/things"},
            "response": [example("ok", 200, r#"{"data": []}"#)],
        },
    ]));
    let paths = &conversion.document["paths"]["/things"];
    let schema_of = |method: &str, status: &str| {
        paths[method]["responses"][status]["content"]["application/json"]["schema"].clone()
    };
    assert_eq!(schema_of("post", "4XX"), schema_of("post", "400"));
    assert_eq!(schema_of("post", "5XX"), schema_of("post", "400"));
    assert_eq!(
        schema_of("get", "4XX"),
        json!({}),
        "no error recorded: any JSON error body"
    );
    assert_eq!(schema_of("get", "5XX"), json!({}));
    assert_eq!(paths["post"]["responses"].get("2XX"), None);
}

#[test]
fn response_fields_are_never_required_and_collections_accept_null() {
    let conversion = convert_items(json!([{
        "name": "List Things",
        "request": {"url": "https://api.test/things"},
        "response": [
            example("one", 200, r#"{"data": [{"id": "1", "tags": ["a"], "meta": {}}]}"#),
            example("two", 200, r#"{"data": [{"id": "2", "tags": ["b"], "meta": {}}]}"#),
        ],
    }]));
    let schemas = &conversion.document["components"]["schemas"];
    let item = &schemas["ListThingsResponseDataItem"];
    assert_eq!(
        item.get("required"),
        None,
        "present in both samples is still thin evidence"
    );
    assert_eq!(item["properties"]["tags"]["nullable"], json!(true));
    assert_eq!(item["properties"]["meta"]["nullable"], json!(true));
    assert_eq!(
        schemas["ListThingsResponse"]["properties"]["data"]["nullable"],
        json!(true)
    );
}

#[test]
fn duplicate_example_names_are_kept_apart() {
    let conversion = convert_items(json!([{
        "name": "Get", "request": {"url": "https://api.test/x"},
        "response": [example("DENIED", 401, r#"{"a": 1}"#), example("DENIED", 401, r#"{"a": 2}"#)],
    }]));
    let examples = &conversion.document["paths"]["/x"]["get"]["responses"]["401"]["content"]["application/json"]
        ["examples"];
    assert_eq!(examples["denied"]["value"], json!({"a": 1}));
    assert_eq!(examples["denied_2"]["value"], json!({"a": 2}));
    let keys: Vec<_> = conversion.examples.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["denied", "denied_2"]);
}

#[test]
fn a_body_that_is_not_json_is_kept_as_text_with_a_warning() {
    let conversion = convert_items(json!([{
        "name": "Get", "request": {"url": "https://api.test/x"},
        "response": [
            {"name": "html error", "code": 500, "header": [{"key": "Content-Type", "value": "text/html"}], "body": "<h1>oops</h1>"},
            {"name": "broken json", "code": 200, "header": [{"key": "Content-Type", "value": "application/json"}], "body": "{\"a\": "},
        ],
    }]));
    let responses = &conversion.document["paths"]["/x"]["get"]["responses"];
    assert_eq!(
        responses["500"]["content"]["text/html"]["schema"],
        json!({"type": "string"})
    );
    assert_eq!(
        responses["200"]["content"]["text/plain"]["schema"],
        json!({"type": "string"})
    );
    assert_eq!(
        conversion.examples[1].body, "{\"a\": ",
        "the recorded text is kept as is"
    );
    assert!(
        conversion
            .warnings
            .iter()
            .any(|w| w.json_path == "$.item[0].response[1].body"
                && w.message.contains("kept as text")),
        "{:?}",
        conversion.warnings
    );
}

#[test]
fn an_empty_success_beside_json_successes_is_kept_out_of_responses_but_not_lost() {
    let conversion = convert_items(json!([{
        "name": "List", "request": {"url": "https://api.test/x"},
        "response": [example("ok", 200, r#"{"items": []}"#), {"name": "none", "code": 204, "body": ""}],
    }]));
    let operation = &conversion.document["paths"]["/x"]["get"];
    assert!(
        operation["responses"].get("204").is_none(),
        "progenitor allows one success kind"
    );
    assert_eq!(
        operation["x-unmodelled-examples"],
        json!([{"status": 204, "example": "none", "name": "none"}])
    );
    assert_eq!(
        conversion.examples.len(),
        2,
        "the 204 example is still a fixture"
    );
    assert_eq!(conversion.warnings.len(), 1);
}

#[test]
fn operation_ids_are_unique_snake_case_and_folders_become_tags() {
    let conversion = convert_items(json!([
        {"name": "Users", "item": [
            {"name": "Admin", "item": [{"name": "Get User", "request": {"url": "https://api.test/admin/users/:id"}}]},
            {"name": "Get User", "request": {"url": "https://api.test/users/:id"}},
        ]},
    ]));
    let paths = &conversion.document["paths"];
    assert_eq!(paths["/admin/users/{id}"]["get"]["operationId"], "get_user");
    assert_eq!(
        paths["/admin/users/{id}"]["get"]["tags"],
        json!(["Users", "Admin"])
    );
    assert_eq!(paths["/users/{id}"]["get"]["operationId"], "get_user_2");
    assert_eq!(
        paths["/users/{id}"]["get"]["parameters"][0],
        json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string"}})
    );
}

#[test]
fn a_variable_host_becomes_a_server_with_variables() {
    let conversion = convert_items(json!([{"name": "A", "request": {"url": {
        "raw": "{{base}}/v1/items/{{item_id}}", "host": ["{{base}}"], "path": ["v1", "items", "{{item_id}}"]
    }}}]));
    assert_eq!(conversion.document["servers"][0]["url"], "{base}");
    assert_eq!(
        conversion.document["servers"][0]["variables"]["base"]["default"],
        "{{base}}"
    );
    assert!(conversion.document["paths"]["/v1/items/{item_id}"]["get"].is_object());
}

#[test]
fn enabled_query_and_header_parameters_become_parameters() {
    let conversion = convert_items(json!([{"name": "Search", "request": {
        "url": {"raw": "https://api.test/s?q=x&debug=1", "host": ["api", "test"], "path": ["s"],
                "query": [{"key": "q", "value": "x"}, {"key": "debug", "value": "1", "disabled": true}]},
        "header": [
            {"key": "X-Trace", "value": "abc"},
            {"key": "Authorization", "value": "Bearer t"},
            {"key": "Content-Type", "value": "application/json"},
            {"key": "X-Off", "value": "1", "disabled": true},
        ],
    }}]));
    let names: Vec<(String, String)> = conversion.document["paths"]["/s"]["get"]["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap_or_default().to_string(),
                p["in"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("q".to_string(), "query".to_string()),
            ("X-Trace".to_string(), "header".to_string())
        ]
    );
    assert_eq!(
        conversion.document["paths"]["/s"]["get"]["parameters"][0]["schema"]["type"],
        "string"
    );
}

#[test]
fn auth_types_become_security_schemes() {
    let conversion = convert(
        &json!({
            "info": {"name": "T"},
            "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{t}}"}]},
            "item": [
                {"name": "Inherits", "request": {"url": "https://api.test/a"}},
                {"name": "Key", "request": {"url": "https://api.test/b", "auth": {"type": "apikey", "apikey": [
                    {"key": "key", "value": "X-Api-Key"}, {"key": "in", "value": "header"}]}}},
                {"name": "Basic v2.0", "request": {"url": "https://api.test/c", "auth": {"type": "basic", "basic": {"username": "u"}}}},
                {"name": "OAuth", "request": {"url": "https://api.test/d", "auth": {"type": "oauth2", "oauth2": [
                    {"key": "grant_type", "value": "client_credentials"},
                    {"key": "accessTokenUrl", "value": "https://auth.test/token"},
                    {"key": "scope", "value": "read write"}]}}},
                {"name": "Open", "request": {"url": "https://api.test/e", "auth": {"type": "noauth"}}},
            ],
        })
        .to_string(),
    )
    .expect("converts");
    let security = |path: &str| conversion.document["paths"][path]["get"]["security"].clone();
    assert_eq!(security("/a"), json!([{"bearerAuth": []}]));
    assert_eq!(security("/b"), json!([{"apiKeyXApiKey": []}]));
    assert_eq!(security("/c"), json!([{"basicAuth": []}]));
    assert_eq!(security("/d"), json!([{"oauth2Auth": []}]));
    assert_eq!(security("/e"), json!([]));
    let schemes = &conversion.document["components"]["securitySchemes"];
    assert_eq!(
        schemes["apiKeyXApiKey"],
        json!({"type": "apiKey", "in": "header", "name": "X-Api-Key"})
    );
    assert_eq!(
        schemes["oauth2Auth"]["flows"]["clientCredentials"],
        json!({"tokenUrl": "https://auth.test/token", "scopes": {"read": "", "write": ""}})
    );
}

#[test]
fn request_bodies_merge_across_items_but_not_recorded_original_requests() {
    let conversion = convert_items(json!([
        {"name": "Update", "request": {"method": "PATCH", "url": "https://api.test/w",
            "body": {"mode": "raw", "raw": "{\"id\": \"1\", \"name\": \"a\"}", "options": {"raw": {"language": "json"}}}},
         "response": [{"name": "missing id", "code": 400, "body": "{}",
            "originalRequest": {"method": "PATCH", "url": "https://api.test/w", "body": {"mode": "raw", "raw": "{\"name\": \"a\"}"}}}]},
        {"name": "Delete Part", "request": {"method": "PATCH", "url": "https://api.test/w",
            "body": {"mode": "raw", "raw": "{\"id\": \"1\", \"_delete\": true}"}}},
    ]));
    let operation = &conversion.document["paths"]["/w"]["patch"];
    assert_eq!(
        operation["operationId"], "update",
        "items on one method and path share an operation"
    );
    assert_eq!(operation["summary"], "Update / Delete Part");
    let body = &conversion.document["components"]["schemas"]["UpdateRequest"];
    assert_eq!(
        body["required"],
        json!(["id"]),
        "id is in every item body; the invalid recorded request does not relax it"
    );
    assert_eq!(body["properties"].as_object().map(|p| p.len()), Some(3));
    let examples = &operation["requestBody"]["content"]["application/json"]["examples"];
    assert!(
        examples["missing_id"].is_object(),
        "the recorded original request is kept as an example"
    );
}

#[test]
fn output_is_byte_for_byte_deterministic() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../collection/zoho-crm-notifications.postman_collection.json"
    ))
    .expect("collection");
    let first = postman_openapi::to_pretty_json(&convert(&text).expect("converts").document);
    for _ in 0..3 {
        assert_eq!(
            postman_openapi::to_pretty_json(&convert(&text).expect("converts").document),
            first
        );
    }
}

#[test]
fn a_string_request_url_and_an_unknown_method_are_handled() {
    let conversion = convert_items(json!([
        {"name": "Plain", "request": "https://api.test:8443/plain"},
        {"name": "Copy", "request": {"method": "COPY", "url": "https://api.test/c"}},
    ]));
    assert_eq!(
        conversion.document["servers"][0]["url"],
        "https://api.test:8443"
    );
    assert!(conversion.document["paths"]["/plain"]["get"].is_object());
    assert!(conversion.document["paths"].get("/c").is_none());
    assert!(
        conversion
            .warnings
            .iter()
            .any(|w| w.message.contains("COPY"))
    );
}

#[test]
fn items_sharing_a_method_and_path_are_named_after_their_common_words() {
    let conversion = convert_items(json!([
        {"name": "Hook: insert", "request": {"method": "POST", "url": "https://h.test/", "body": {"mode": "raw", "raw": "{\"op\": \"insert\"}"}}},
        {"name": "Hook: delete", "request": {"method": "POST", "url": "https://h.test/", "body": {"mode": "raw", "raw": "{\"op\": \"delete\", \"gone\": true}"}}},
    ]));
    let operation = &conversion.document["paths"]["/"]["post"];
    assert_eq!(operation["operationId"], "hook");
    let body = &conversion.document["components"]["schemas"]["HookRequest"];
    assert_eq!(body["required"], json!(["op"]));
}
