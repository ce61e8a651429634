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

/// What Postman (and tools that write its format) really export: variables
/// with both `id` and `key`, values of every JSON type, descriptions as
/// objects, URLs as strings and objects, headers as text and lists, every
/// body mode, scripts, auth of every shape, profile behaviour, examples with
/// a text status code, null headers, a URL as their original request.
#[test]
fn a_real_postman_export_converts_without_warnings() {
    let collection = json!({
        "info": {
            "_postman_id": "0b7b1c1e-1111-2222-3333-444455556666",
            "name": "Real Export",
            "description": {"content": "An *API*.", "type": "text/markdown"},
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
            "_exporter_id": "123456",
        },
        "event": [{"listen": "prerequest", "script": {"type": "text/javascript", "exec": [""]}}],
        "variable": [
            {"id": "6a1e7f3e-aaaa-bbbb-cccc-ddddeeeeffff", "key": "baseUrl", "value": "https://api.test", "type": "string"},
            {"id": "pageSize", "value": 50, "type": "number"},
            {"key": "flags", "value": {"beta": true}, "type": "any"},
            {"key": "old", "value": "x", "disabled": true},
            {"key": "empty", "value": null},
        ],
        "auth": {"type": "apikey", "apikey": {"key": "X-Key", "value": "{{key}}", "in": "header"}},
        "protocolProfileBehavior": {"disableBodyPruning": true},
        "item": [
            {"name": "Empty folder", "item": []},
            {"name": "Users", "description": {"content": "Users.", "type": "text/plain"}, "item": [
                {"name": "Get User", "id": "u1",
                 "event": [{"listen": "test", "script": {"exec": ["pm.test('ok')"], "type": "text/javascript"}}],
                 "protocolProfileBehavior": {"followRedirects": false},
                 "request": {
                     "method": "GET",
                     "header": [{"key": "X-Trace", "value": 7, "type": "text", "description": {"content": "trace", "type": "text/plain"}}],
                     "url": {
                         "raw": "{{baseUrl}}/users/:id?size={{pageSize}}",
                         "host": ["{{baseUrl}}"], "path": ["users", ":id"],
                         "query": [{"key": "size", "value": "{{pageSize}}", "description": "page size", "disabled": null}],
                         "variable": [{"id": "id-uuid", "key": "id", "value": 7, "type": "any", "description": {"content": "The id"}}],
                     },
                     "description": {"content": "Fetches a user.", "type": "text/markdown"},
                 },
                 "response": [
                     {"id": "r1", "name": "found", "originalRequest": "{{baseUrl}}/users/7",
                      "status": "OK", "code": "200", "_postman_previewlanguage": "json",
                      "header": [{"key": "Content-Type", "value": "application/json", "name": "Content-Type", "description": "", "type": "text"}],
                      "cookie": [], "responseTime": null, "body": "{\"id\": \"7\"}"},
                     {"name": "missing", "status": "Not Found", "code": 404, "header": null,
                      "_postman_previewlanguage": null, "body": "{\"error\": \"no\"}"},
                 ]},
                {"name": "Upload Avatar", "request": {"method": "PUT", "url": "{{baseUrl}}/users/:id/avatar",
                    "header": "Content-Type: application/octet-stream\nX-Mode: fast",
                    "body": {"mode": "file", "file": {"src": "/tmp/a.png"}},
                    "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}", "type": "string"}]}}},
                {"name": "Search", "request": {"method": "POST", "url": "{{baseUrl}}/graphql",
                    "body": {"mode": "graphql", "graphql": {"query": "{ users { id } }", "variables": ""}},
                    "auth": {"type": "noauth"}}},
                {"name": "Login", "request": {"method": "POST", "url": "{{baseUrl}}/login",
                    "body": {"mode": "urlencoded", "urlencoded": [
                        {"key": "user", "value": "a", "type": "text"},
                        {"key": "remember", "value": true, "type": "text", "disabled": false}]},
                    "auth": {"type": "basic", "basic": [{"key": "username", "value": "u"}, {"key": "password", "value": "p"}]}},
                 "response": []},
                {"name": "Ping", "request": "{{baseUrl}}/ping"},
            ]},
        ],
    });
    let conversion = convert(&collection.to_string()).expect("converts");
    assert_eq!(
        conversion
            .warnings
            .iter()
            .filter(|w| w.kind != postman_openapi::WarningKind::RepairedField)
            .collect::<Vec<_>>(),
        Vec::<&postman_openapi::Warning>::new(),
        "nothing but the text status code is degraded"
    );
    let document = &conversion.document;
    assert_eq!(document["servers"][0]["url"], "https://api.test");
    assert_eq!(document["info"]["description"], "An *API*.");
    let get = &document["paths"]["/users/{id}"]["get"];
    assert_eq!(get["description"], "Fetches a user.");
    assert_eq!(
        get["parameters"][0]["example"], "7",
        "`id` named by key, not id"
    );
    assert_eq!(
        get["parameters"][1]["example"], "50",
        "numeric variable value"
    );
    assert_eq!(get["parameters"][2]["name"], "X-Trace");
    assert_eq!(
        get["responses"]["404"]["description"],
        "Not Found (examples: missing)"
    );
    assert!(get["responses"]["200"].is_object(), "status \"200\" read");
    let put = &document["paths"]["/users/{id}/avatar"]["put"];
    assert_eq!(put["parameters"][1]["name"], "X-Mode", "raw header text");
    assert!(put["requestBody"]["content"]["application/octet-stream"].is_object());
    assert_eq!(put["security"], json!([{"bearerAuth": []}]));
    let search = &document["paths"]["/graphql"]["post"];
    assert_eq!(search["security"], json!([]));
    assert!(search["requestBody"]["content"]["application/json"].is_object());
    assert!(
        document["paths"]["/login"]["post"]["requestBody"]["content"]
            ["application/x-www-form-urlencoded"]
            .is_object()
    );
    assert_eq!(
        document["components"]["securitySchemes"]["apiKeyXKey"],
        json!({"type": "apiKey", "in": "header", "name": "X-Key"})
    );
    assert_eq!(
        document["paths"]["/ping"]["get"]["security"],
        json!([{"apiKeyXKey": []}])
    );
    assert_eq!(conversion.examples.len(), 2);
}

#[test]
fn redirects_and_not_modified_are_listed_without_a_warning() {
    let conversion = convert_items(json!([{
        "name": "Get", "request": {"url": "https://api.test/x"},
        "response": [
            example("ok", 200, r#"{"a": 1}"#),
            {"name": "moved", "code": 301, "header": [{"key": "Location", "value": "/y"}], "body": ""},
            {"name": "cached", "code": 304, "body": ""},
            {"name": "early", "code": 103, "body": ""},
            example("bad", 400, r#"{"e": 1}"#),
        ],
    }]));
    assert!(conversion.warnings.is_empty(), "{:?}", conversion.warnings);
    let operation = &conversion.document["paths"]["/x"]["get"];
    assert_eq!(
        operation["x-unmodelled-examples"],
        json!([
            {"status": 103, "example": "early", "name": "early"},
            {"status": 301, "example": "moved", "name": "moved"},
            {"status": 304, "example": "cached", "name": "cached"},
        ])
    );
    let statuses: Vec<&String> = operation["responses"]
        .as_object()
        .map(|r| r.keys().collect())
        .unwrap_or_default();
    assert_eq!(statuses, ["200", "400", "4XX", "5XX"]);
    assert_eq!(conversion.examples.len(), 5, "each is still a fixture");
}

#[test]
fn the_same_path_on_two_hosts_is_one_operation_listing_both() {
    let conversion = convert_items(json!([
        {"name": "Users EU", "request": {"url": "https://eu.api.test/users"}},
        {"name": "Users US", "request": {"url": "https://us.api.test/users"}},
        {"name": "Other", "request": {"url": "https://us.api.test/other"}},
    ]));
    let document = &conversion.document;
    assert_eq!(document["servers"], json!([{"url": "https://eu.api.test"}]));
    assert_eq!(
        document["paths"]["/users"]["get"]["servers"],
        json!([{"url": "https://eu.api.test"}, {"url": "https://us.api.test"}])
    );
    assert_eq!(
        document["paths"]["/other"]["get"]["servers"],
        json!([{"url": "https://us.api.test"}])
    );
    let merged: Vec<_> = conversion
        .warnings
        .iter()
        .filter(|w| w.kind == postman_openapi::WarningKind::MergedHosts)
        .collect();
    assert_eq!(merged.len(), 1);
    assert_eq!(merged[0].json_path, "$.item[1]");
    assert!(
        merged[0]
            .message
            .contains("GET /users is recorded on 2 hosts")
    );
}

#[test]
fn integers_beyond_64_bits_are_numbers_with_a_warning() {
    let conversion = convert_items(json!([{
        "name": "Get", "request": {"url": "https://api.test/x"},
        "response": [example("ok", 200, r#"{"id": 4150868000000002179, "big": 18446744073709551615, "huge": 123456789012345678901234567890}"#)],
    }]));
    let properties = &conversion.document["components"]["schemas"]["GetResponse"]["properties"];
    assert_eq!(properties["id"]["type"], "integer", "fits in i64");
    assert_eq!(properties["big"]["type"], "number");
    assert_eq!(properties["huge"]["type"], "number");
    let warnings: Vec<String> = conversion
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        warnings,
        [
            "at $.item[0].response[0].body: the whole number 18446744073709551615 at $.big does not fit in 64 bits; the field is described as `number` (f64), which holds it only approximately"
        ]
    );
    assert_eq!(
        conversion.warnings[0].kind,
        postman_openapi::WarningKind::BigInteger
    );
}
