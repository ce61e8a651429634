//! OpenAPI 3.0.3 assembly: walks the collection, groups requests by method and
//! path, and builds operations progenitor accepts.
//!
//! progenitor allows exactly one success type and one error type per
//! operation, so every 2xx example of an operation is merged into one
//! `…Response` schema and every other example into one `…Error` schema; each
//! status `$ref`s the shared one. A status whose examples cannot share that
//! kind (an empty 204 beside JSON 200s) is left out of `responses`, listed in
//! `x-unmodelled-examples` and reported as a warning, so nothing is lost.

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::error::{ConvertError, Warning};
use crate::infer::Shape;
use crate::names::{UniqueNames, pascal_case, snake_case};
use crate::postman::{Auth, Body, Collection, Item, Request, RequestDefinition, Response};
use crate::schema::SchemaRegistry;
use crate::url::{ParsedUrl, Variables};

/// One recorded example, with what is needed to replay it in tests.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct RecordedExample {
    /// The operation the example belongs to.
    pub operation_id: String,
    /// A key unique within the operation (`oauth_scope_mismatch_2`).
    pub key: String,
    /// The example's name in the collection.
    pub name: String,
    /// Where the example sits in the collection.
    pub json_path: String,
    /// The request that produced it.
    pub request: RecordedRequest,
    /// HTTP status code.
    pub status: u16,
    /// The recorded `Content-Type`, if any.
    pub content_type: Option<String>,
    /// The body, byte for byte as recorded.
    pub body: String,
}

/// The request side of a recorded example.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct RecordedRequest {
    /// HTTP method as recorded (may be one OpenAPI cannot express, e.g. COPY).
    pub method: String,
    /// Concrete path, with example path-parameter values.
    pub path: String,
    /// Enabled query parameters.
    pub query: Vec<(String, String)>,
    /// The raw body, if one was sent.
    pub body: Option<String>,
}

/// The result of a conversion.
#[derive(Debug, Clone)]
pub struct Conversion {
    /// The OpenAPI 3.0.3 document.
    pub document: Value,
    /// Every recorded example, in collection order.
    pub examples: Vec<RecordedExample>,
    /// What was degraded on the way.
    pub warnings: Vec<Warning>,
}

/// Methods progenitor can generate calls for (reqwest has no `options` or
/// `trace` helpers, so those items are skipped with a warning).
const METHODS: [&str; 6] = ["get", "put", "post", "delete", "head", "patch"];

/// A request item with the context it inherits from its folders.
struct Located<'a> {
    item: &'a Item,
    request: std::borrow::Cow<'a, RequestDefinition>,
    /// The request's URL, parsed once by [`Builder::group`].
    url: ParsedUrl,
    json_path: String,
    tags: Vec<String>,
    auth: Option<&'a Auth>,
}

/// All items that share one method and path.
struct Endpoint<'a> {
    method: String,
    path: String,
    path_parameters: Vec<String>,
    url: ParsedUrl,
    items: Vec<Located<'a>>,
}

/// How a recorded body will be described.
enum Payload {
    Empty,
    Json(Value),
    Text { content_type: String },
}

/// Builds the OpenAPI document for `collection`.
pub fn assemble(collection: &Collection) -> Result<Conversion, ConvertError> {
    let mut builder = Builder {
        variables: Variables::from_list(&collection.variable),
        schemas: SchemaRegistry::default(),
        security_schemes: Map::new(),
        warnings: Vec::new(),
        examples: Vec::new(),
        operation_ids: UniqueNames::default(),
    };
    let mut located = Vec::new();
    collect(
        &collection.item,
        "$",
        &[],
        collection.auth.as_ref(),
        &mut located,
    )?;
    let endpoints = builder.group(located);

    let mut paths = Map::new();
    let mut servers: Vec<(String, Vec<String>)> = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    for endpoint in &endpoints {
        let server = endpoint.url.server();
        if !servers.contains(&server) {
            servers.push(server.clone());
        }
        let operation = builder.operation(endpoint, &server, &servers[0])?;
        for item in &endpoint.items {
            for tag in &item.tags {
                if !tags.contains(tag) {
                    tags.push(tag.clone());
                }
            }
        }
        let path_item = paths
            .entry(endpoint.path.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(path_item) = path_item.as_object_mut() {
            path_item.insert(endpoint.method.clone(), operation);
        }
    }

    let mut document = Map::new();
    document.insert("openapi".into(), "3.0.3".into());
    let mut info = Map::new();
    info.insert("title".into(), collection.info.name.clone().into());
    if let Some(text) = collection.info.description.as_ref().and_then(|d| d.text()) {
        info.insert("description".into(), text.into());
    }
    let version = match &collection.info.version {
        Some(Value::String(version)) => version.clone(),
        Some(Value::Object(parts)) => ["major", "minor", "patch"]
            .iter()
            .map(|part| {
                parts
                    .get(*part)
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| "0".into())
            })
            .collect::<Vec<_>>()
            .join("."),
        _ => "1.0.0".to_string(),
    };
    info.insert("version".into(), version.into());
    document.insert("info".into(), Value::Object(info));
    if let Some(server) = servers.first() {
        document.insert("servers".into(), json!([server_object(server)]));
    }
    if !tags.is_empty() {
        let tags: Vec<Value> = tags.into_iter().map(|name| json!({"name": name})).collect();
        document.insert("tags".into(), Value::Array(tags));
    }
    document.insert("paths".into(), Value::Object(paths));
    let mut components = Map::new();
    components.insert(
        "schemas".into(),
        Value::Object(std::mem::take(&mut builder.schemas.schemas)),
    );
    if !builder.security_schemes.is_empty() {
        components.insert(
            "securitySchemes".into(),
            Value::Object(std::mem::take(&mut builder.security_schemes)),
        );
    }
    document.insert("components".into(), Value::Object(components));

    Ok(Conversion {
        document: Value::Object(document),
        examples: builder.examples,
        warnings: builder.warnings,
    })
}

fn server_object((url, variables): &(String, Vec<String>)) -> Value {
    let mut server = Map::new();
    server.insert("url".into(), url.clone().into());
    if !variables.is_empty() {
        let variables: Map<String, Value> = variables
            .iter()
            .map(|name| {
                (
                    name.clone(),
                    json!({
                        "default": format!("{{{{{name}}}}}"),
                        "description": format!("The Postman variable `{{{{{name}}}}}`; set it to the real value."),
                    }),
                )
            })
            .collect();
        server.insert("variables".into(), Value::Object(variables));
    }
    Value::Object(server)
}

fn collect<'a>(
    items: &'a [Item],
    parent_path: &str,
    tags: &[String],
    auth: Option<&'a Auth>,
    out: &mut Vec<Located<'a>>,
) -> Result<(), ConvertError> {
    for (index, item) in items.iter().enumerate() {
        let json_path = format!("{parent_path}.item[{index}]");
        let auth = item.auth.as_ref().or(auth);
        if let Some(children) = &item.item {
            let mut folder_tags = tags.to_vec();
            folder_tags.push(item.name.clone().unwrap_or_else(|| "Unnamed folder".into()));
            collect(children, &json_path, &folder_tags, auth, out)?;
        } else if let Some(request) = &item.request {
            let request = match request {
                Request::Full(definition) => std::borrow::Cow::Borrowed(&**definition),
                Request::Url(url) => std::borrow::Cow::Owned(RequestDefinition {
                    url: Some(crate::postman::Url::Raw(url.clone())),
                    ..RequestDefinition::default()
                }),
            };
            // The request's own auth wins over what its folders set.
            let auth = match item.request.as_ref() {
                Some(Request::Full(definition)) if definition.auth.is_some() => {
                    definition.auth.as_ref()
                }
                _ => auth,
            };
            out.push(Located {
                item,
                auth,
                request,
                url: ParsedUrl::default(),
                json_path,
                tags: tags.to_vec(),
            });
        } else {
            let name = item.name.as_deref().unwrap_or("(unnamed)");
            return Err(ConvertError::new(
                json_path,
                format!("item \"{name}\" has neither `request` (a request) nor `item` (a folder)"),
            ));
        }
    }
    Ok(())
}

struct Builder {
    variables: Variables,
    schemas: SchemaRegistry,
    security_schemes: Map<String, Value>,
    warnings: Vec<Warning>,
    examples: Vec<RecordedExample>,
    operation_ids: UniqueNames,
}

impl Builder {
    fn warn(&mut self, json_path: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(Warning {
            json_path: json_path.into(),
            message: message.into(),
        });
    }

    fn group<'a>(&mut self, located: Vec<Located<'a>>) -> Vec<Endpoint<'a>> {
        let mut endpoints: Vec<Endpoint<'a>> = Vec::new();
        for mut entry in located {
            let method = entry
                .request
                .method
                .clone()
                .unwrap_or_else(|| "GET".into())
                .to_ascii_lowercase();
            if !METHODS.contains(&method.as_str()) {
                self.warn(
                    format!("{}.request.method", entry.json_path),
                    format!(
                        "method {} is not supported by the generated client; item skipped",
                        method.to_uppercase()
                    ),
                );
                continue;
            }
            let Some(url) = entry.request.url.as_ref() else {
                self.warn(
                    format!("{}.request", entry.json_path),
                    "request has no url; item skipped",
                );
                continue;
            };
            entry.url = ParsedUrl::parse(url, &self.variables);
            let (path, path_parameters) = entry.url.template();
            match endpoints
                .iter_mut()
                .find(|endpoint| endpoint.method == method && endpoint.path == path)
            {
                Some(endpoint) => endpoint.items.push(entry),
                None => endpoints.push(Endpoint {
                    method,
                    path,
                    path_parameters,
                    url: entry.url.clone(),
                    items: vec![entry],
                }),
            }
        }
        endpoints
    }

    fn operation(
        &mut self,
        endpoint: &Endpoint<'_>,
        server: &(String, Vec<String>),
        main_server: &(String, Vec<String>),
    ) -> Result<Value, ConvertError> {
        let first = &endpoint.items[0];
        let names: Vec<String> = endpoint
            .items
            .iter()
            .map(|entry| entry.item.name.clone().unwrap_or_else(|| "unnamed".into()))
            .collect();
        let operation_id = self
            .operation_ids
            .claim(&snake_case(&shared_name(&names)), "_");
        let type_base = pascal_case(&operation_id);

        let mut operation = Map::new();
        operation.insert("operationId".into(), operation_id.clone().into());
        operation.insert("summary".into(), names.join(" / ").into());
        let descriptions: Vec<String> = endpoint
            .items
            .iter()
            .filter_map(|entry| {
                let text = entry
                    .request
                    .description
                    .as_ref()
                    .and_then(|d| d.text())
                    .or_else(|| entry.item.description.as_ref().and_then(|d| d.text()))?;
                Some(if endpoint.items.len() > 1 {
                    format!(
                        "{}: {text}",
                        entry.item.name.as_deref().unwrap_or("unnamed")
                    )
                } else {
                    text.to_string()
                })
            })
            .collect();
        if !descriptions.is_empty() {
            operation.insert("description".into(), descriptions.join("\n\n").into());
        }
        if !first.tags.is_empty() {
            operation.insert("tags".into(), json!(first.tags));
        }
        if server != main_server {
            operation.insert("servers".into(), json!([server_object(server)]));
        }

        let parameters = self.parameters(endpoint);
        if !parameters.is_empty() {
            operation.insert("parameters".into(), Value::Array(parameters));
        }
        if let Some(body) = self.request_body(endpoint, &type_base) {
            operation.insert("requestBody".into(), body);
        }
        let (responses, unmodelled) = self.responses(endpoint, &operation_id, &type_base)?;
        for note in self.schemas.take_degraded() {
            self.warn(first.json_path.clone(), note);
        }
        operation.insert("responses".into(), Value::Object(responses));
        if !unmodelled.is_empty() {
            operation.insert("x-unmodelled-examples".into(), Value::Array(unmodelled));
        }
        if let Some(security) = self.security(first) {
            operation.insert("security".into(), security);
        }
        Ok(Value::Object(operation))
    }

    fn parameters(&mut self, endpoint: &Endpoint<'_>) -> Vec<Value> {
        let mut parameters = Vec::new();
        for name in &endpoint.path_parameters {
            let mut parameter = json!({
                "name": name, "in": "path", "required": true, "schema": {"type": "string"},
            });
            if let Some(example) = endpoint.url.path_values.get(name).filter(|v| !v.is_empty()) {
                parameter["example"] = example.clone().into();
            }
            parameters.push(parameter);
        }
        let mut seen: Vec<(String, String)> = Vec::new();
        for entry in &endpoint.items {
            for query in entry.url.query.iter().filter(|q| !q.disabled) {
                let Some(name) = query.key.clone().filter(|k| !k.is_empty()) else {
                    continue;
                };
                if seen.contains(&("query".into(), name.clone())) {
                    continue;
                }
                seen.push(("query".into(), name.clone()));
                parameters.push(parameter(
                    &name,
                    "query",
                    &self.variables.resolve(&query.value_text()),
                    query,
                ));
            }
            let headers = entry
                .request
                .header
                .as_ref()
                .map(|h| h.pairs())
                .unwrap_or_default();
            for (name, value) in headers {
                let lower = name.to_ascii_lowercase();
                // Auth, body type and response type are described elsewhere in
                // OpenAPI (security, requestBody, responses), not as parameters.
                if ["authorization", "content-type", "accept"].contains(&lower.as_str())
                    || seen.contains(&("header".into(), lower.clone()))
                {
                    continue;
                }
                seen.push(("header".into(), lower));
                parameters.push(parameter(&name, "header", &value, &Default::default()));
            }
        }
        parameters
    }

    fn request_body(&mut self, endpoint: &Endpoint<'_>, type_base: &str) -> Option<Value> {
        let mut shape = Shape::default();
        let mut json_examples = Map::new();
        let mut example_keys = UniqueNames::default();
        let mut other_kind: Option<Value> = None;
        for entry in &endpoint.items {
            let Some(body) = entry.request.body.as_ref().filter(|b| !b.disabled) else {
                continue;
            };
            let body_path = format!("{}.request.body", entry.json_path);
            match self.classify_body(body, &body_path) {
                Some(Ok(sample)) => {
                    shape.observe(&sample);
                    let name = entry.item.name.as_deref().unwrap_or("example");
                    let key = example_keys.claim(&snake_case(name), "_");
                    json_examples.insert(key, example(name, sample));
                }
                Some(Err(content)) if other_kind.is_none() => other_kind = Some(content),
                Some(Err(_)) => {}
                None => {}
            }
        }
        // Recorded original requests are kept as examples but do not shape the
        // schema: examples often record deliberately invalid requests (the
        // Zoho seed's MANDATORY_NOT_FOUND example omits `channel_id`).
        for entry in &endpoint.items {
            for response in &entry.item.response {
                let Some(Request::Full(original)) = &response.original_request else {
                    continue;
                };
                let Some(raw) = original.body.as_ref().and_then(|b| b.raw.as_deref()) else {
                    continue;
                };
                if let Ok(sample) = serde_json::from_str::<Value>(raw) {
                    if json_examples
                        .values()
                        .any(|existing| existing["value"] == sample)
                    {
                        continue;
                    }
                    let name = response.name.clone().unwrap_or_else(|| "example".into());
                    let key = example_keys.claim(&snake_case(&name), "_");
                    json_examples.insert(key, example(&name, sample));
                }
            }
        }
        if !shape.is_unknown() || shape.nullable {
            let schema = self.schemas.emit(&shape, &format!("{type_base} request"));
            let mut body = Map::new();
            body.insert("required".into(), Value::Bool(true));
            body.insert("content".into(), json_content(schema, json_examples));
            return Some(Value::Object(body));
        }
        other_kind
    }

    /// `Some(Ok(json))` for a JSON body, `Some(Err(requestBody))` for another
    /// kind already described, `None` for no body.
    fn classify_body(&mut self, body: &Body, json_path: &str) -> Option<Result<Value, Value>> {
        match body.mode.as_deref().unwrap_or("raw") {
            "raw" => {
                let raw = body.raw.as_deref().unwrap_or_default();
                if raw.trim().is_empty() {
                    return None;
                }
                let language = body.raw_language();
                match serde_json::from_str::<Value>(raw) {
                    Ok(sample) if matches!(language, None | Some("json")) => Some(Ok(sample)),
                    result => {
                        if let (Some("json"), Err(error)) = (language, result) {
                            {
                                self.warn(
                                    format!("{json_path}.raw"),
                                    format!("body is declared JSON but does not parse ({error}); described as text"),
                                );
                            }
                        }
                        Some(Err(json!({"required": true, "content": {
                            "text/plain": {"schema": {"type": "string"}, "example": raw}
                        }})))
                    }
                }
            }
            "urlencoded" => {
                let properties: Map<String, Value> = body
                    .urlencoded
                    .iter()
                    .filter(|field| !field.disabled)
                    .filter_map(|field| Some((field.key.clone()?, json!({"type": "string"}))))
                    .collect();
                Some(Err(json!({"required": true, "content": {
                    "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": properties}}
                }})))
            }
            "graphql" => Some(Ok(json!({
                "query": body.graphql.as_ref().and_then(|g| g.get("query")).cloned().unwrap_or_else(|| "".into()),
                "variables": {},
            }))),
            mode => {
                // progenitor cannot send multipart bodies; raw bytes still work.
                if mode == "formdata" {
                    self.warn(
                        format!("{json_path}.formdata"),
                        "multipart/form-data is not supported by progenitor; described as application/octet-stream",
                    );
                }
                Some(Err(json!({"required": true, "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                }})))
            }
        }
    }

    fn classify_response(&mut self, response: &Response, json_path: &str) -> Payload {
        let body = response.body.as_deref().unwrap_or_default();
        if body.trim().is_empty() {
            return Payload::Empty;
        }
        let content_type = response.content_type();
        let declared_json = match &content_type {
            Some(content_type) => content_type.to_ascii_lowercase().contains("json"),
            None => matches!(response.preview_language.as_deref(), None | Some("json")),
        };
        if declared_json {
            match serde_json::from_str::<Value>(body) {
                Ok(sample) => return Payload::Json(sample),
                Err(error) => self.warn(
                    format!("{json_path}.body"),
                    format!("body is not valid JSON ({error}); kept as text"),
                ),
            }
        }
        let media_type = content_type
            .as_deref()
            .and_then(|ct| ct.split(';').next())
            .map(|ct| ct.trim().to_ascii_lowercase())
            .filter(|ct| !ct.is_empty() && !ct.contains("json"))
            .unwrap_or_else(|| "text/plain".into());
        Payload::Text {
            content_type: media_type,
        }
    }

    fn responses(
        &mut self,
        endpoint: &Endpoint<'_>,
        operation_id: &str,
        type_base: &str,
    ) -> Result<(Map<String, Value>, Vec<Value>), ConvertError> {
        struct Recorded {
            status: u16,
            reason: Option<String>,
            key: String,
            name: String,
            json_path: String,
            payload: Payload,
        }
        let mut keys = UniqueNames::default();
        let mut recorded = Vec::new();
        let item_names: Vec<String> = endpoint
            .items
            .iter()
            .map(|entry| entry.item.name.clone().unwrap_or_default())
            .collect();
        let shared = shared_name(&item_names);
        for (entry, item_name) in endpoint.items.iter().zip(&item_names) {
            // With several items on one operation, example keys say which
            // item they came from: `disable_specific_notifications_success_response`.
            let item_prefix = match item_name.strip_prefix(&shared) {
                _ if endpoint.items.len() == 1 => String::new(),
                Some(rest) if !snake_case(rest).starts_with("unnamed") => {
                    format!("{} ", snake_case(rest))
                }
                _ => format!("{} ", snake_case(item_name)),
            };
            for (index, response) in entry.item.response.iter().enumerate() {
                let json_path = format!("{}.response[{index}]", entry.json_path);
                let Some(status) = response.code.filter(|code| (100..=599).contains(code)) else {
                    return Err(ConvertError::new(
                        format!("{json_path}.code"),
                        "example response has no HTTP status code between 100 and 599",
                    ));
                };
                let name = response
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("{status} example"));
                let key = keys.claim(&snake_case(&format!("{item_prefix}{name}")), "_");
                let payload = self.classify_response(response, &json_path);
                self.examples.push(self.recorded_example(
                    entry,
                    response,
                    operation_id,
                    &key,
                    &name,
                    &json_path,
                    status,
                    &payload,
                ));
                recorded.push(Recorded {
                    status,
                    reason: response.status.clone(),
                    key,
                    name,
                    json_path,
                    payload,
                });
            }
        }

        let mut responses = Map::new();
        let mut unmodelled = Vec::new();
        for (success, suffix) in [(true, "response"), (false, "error")] {
            let group: Vec<&mut Recorded> = recorded
                .iter_mut()
                .filter(|r| (200..300).contains(&r.status) == success)
                .collect();
            if group.is_empty() {
                continue;
            }
            // One kind per group: JSON wins over text, text over empty.
            let has_json = group.iter().any(|r| matches!(r.payload, Payload::Json(_)));
            let has_text = group
                .iter()
                .any(|r| matches!(r.payload, Payload::Text { .. }));
            let mut shape = Shape::default();
            for r in &group {
                if let Payload::Json(sample) = &r.payload {
                    shape.observe(sample);
                }
            }
            let mut group = group;
            let schema = has_json.then(|| {
                self.schemas
                    .emit_response(&shape, &format!("{type_base} {suffix}"))
            });
            let mut statuses: Vec<u16> = group.iter().map(|r| r.status).collect();
            statuses.sort_unstable();
            statuses.dedup();
            for status in statuses {
                let mut at_status: Vec<&mut &mut Recorded> =
                    group.iter_mut().filter(|r| r.status == status).collect();
                let mut examples = Map::new();
                let mut text_type: Option<String> = None;
                let mut kept_names = Vec::new();
                for r in at_status.iter_mut() {
                    let fits = match &mut r.payload {
                        // The sample is not needed after this: move it.
                        Payload::Json(sample) if has_json => {
                            examples
                                .insert(r.key.clone(), example(&r.name, std::mem::take(sample)));
                            true
                        }
                        Payload::Text { content_type } if !has_json && has_text => {
                            text_type.get_or_insert_with(|| content_type.clone());
                            true
                        }
                        Payload::Empty if !has_json && !has_text => true,
                        _ => false,
                    };
                    if fits {
                        kept_names.push(r.name.clone());
                    } else {
                        let kind = if success { "success" } else { "error" };
                        self.warn(
                            r.json_path.clone(),
                            format!(
                                "example \"{}\" ({status}) does not share the {kind} body kind of its operation \
                                 (progenitor allows one per operation); kept under x-unmodelled-examples",
                                r.name
                            ),
                        );
                        unmodelled
                            .push(json!({"status": status, "example": r.key, "name": r.name}));
                    }
                }
                if kept_names.is_empty() {
                    continue;
                }
                let reason = at_status[0]
                    .reason
                    .clone()
                    .unwrap_or_else(|| format!("Status {status}"));
                let mut response = Map::new();
                response.insert(
                    "description".into(),
                    format!("{reason} (examples: {})", kept_names.join(", ")).into(),
                );
                if let Some(schema) = &schema {
                    response.insert("content".into(), json_content(schema.clone(), examples));
                } else if let Some(content_type) = text_type {
                    response.insert(
                        "content".into(),
                        json!({content_type: {"schema": {"type": "string"}}}),
                    );
                }
                responses.insert(status.to_string(), Value::Object(response));
            }
        }
        if responses.is_empty() {
            responses.insert(
                "200".into(),
                json!({"description": "Success (no example was recorded)"}),
            );
        }
        add_error_ranges(&mut responses);
        Ok((responses, unmodelled))
    }

    #[allow(clippy::too_many_arguments)]
    fn recorded_example(
        &self,
        entry: &Located<'_>,
        response: &Response,
        operation_id: &str,
        key: &str,
        name: &str,
        json_path: &str,
        status: u16,
        payload: &Payload,
    ) -> RecordedExample {
        let original: &RequestDefinition = match &response.original_request {
            Some(Request::Full(definition)) => definition,
            _ => &entry.request,
        };
        // The recorded request may differ from the item's (other query, path).
        let original_url = match &response.original_request {
            Some(Request::Full(definition)) => definition
                .url
                .as_ref()
                .map(|url| ParsedUrl::parse(url, &self.variables)),
            _ => None,
        };
        let url = original_url.as_ref().unwrap_or(&entry.url);
        let content_type = response.content_type().or_else(|| {
            matches!(payload, Payload::Json(_)).then(|| "application/json".to_string())
        });
        RecordedExample {
            operation_id: operation_id.to_string(),
            key: key.to_string(),
            name: name.to_string(),
            json_path: json_path.to_string(),
            request: RecordedRequest {
                method: original
                    .method
                    .clone()
                    .unwrap_or_else(|| "GET".into())
                    .to_ascii_uppercase(),
                path: url.concrete_path(),
                query: url
                    .query
                    .iter()
                    .filter(|q| !q.disabled)
                    .filter_map(|q| Some((q.key.clone()?, q.value_text())))
                    .collect(),
                body: original
                    .body
                    .as_ref()
                    .and_then(|b| b.raw.clone())
                    .filter(|raw| !raw.is_empty()),
            },
            status,
            content_type,
            body: response.body.clone().unwrap_or_default(),
        }
    }

    fn security(&mut self, entry: &Located<'_>) -> Option<Value> {
        let auth = entry.auth?;
        let (name, scheme) = match auth.kind.as_str() {
            "noauth" => return Some(json!([])),
            "bearer" => (
                "bearerAuth".to_string(),
                json!({"type": "http", "scheme": "bearer"}),
            ),
            "jwt" => (
                "bearerAuth".to_string(),
                json!({"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}),
            ),
            "basic" => (
                "basicAuth".to_string(),
                json!({"type": "http", "scheme": "basic"}),
            ),
            "digest" => (
                "digestAuth".to_string(),
                json!({"type": "http", "scheme": "digest"}),
            ),
            "apikey" => {
                let key = auth.param("key").unwrap_or_else(|| "X-API-Key".into());
                let location = match auth.param("in").as_deref() {
                    Some("query") => "query",
                    _ => "header",
                };
                (
                    format!("apiKey{}", pascal_case(&key)),
                    json!({"type": "apiKey", "in": location, "name": key}),
                )
            }
            "oauth2" => {
                let resolve =
                    |name: &str| auth.param(name).map(|value| self.variables.resolve(&value));
                let scopes: Map<String, Value> = resolve("scope")
                    .unwrap_or_default()
                    .split([' ', ','])
                    .filter(|scope| !scope.is_empty())
                    .map(|scope| (scope.to_string(), Value::String(String::new())))
                    .collect();
                let token_url = resolve("accessTokenUrl").unwrap_or_default();
                let auth_url = resolve("authUrl").unwrap_or_default();
                let flows = match resolve("grant_type").as_deref() {
                    Some("client_credentials") => {
                        json!({"clientCredentials": {"tokenUrl": token_url, "scopes": scopes}})
                    }
                    Some("password_credentials") => {
                        json!({"password": {"tokenUrl": token_url, "scopes": scopes}})
                    }
                    Some("implicit") => {
                        json!({"implicit": {"authorizationUrl": auth_url, "scopes": scopes}})
                    }
                    _ => {
                        json!({"authorizationCode": {"authorizationUrl": auth_url, "tokenUrl": token_url, "scopes": scopes}})
                    }
                };
                (
                    "oauth2Auth".to_string(),
                    json!({"type": "oauth2", "flows": flows}),
                )
            }
            other => {
                self.warn(
                    format!("{}.request.auth", entry.json_path),
                    format!("auth type `{other}` has no OpenAPI security scheme; left undescribed"),
                );
                return None;
            }
        };
        self.security_schemes.entry(name.clone()).or_insert(scheme);
        Some(json!([{ name: [] }]))
    }
}

fn parameter(
    name: &str,
    location: &str,
    example: &str,
    source: &crate::postman::KeyValue,
) -> Value {
    let mut parameter = json!({
        "name": name, "in": location, "required": false, "schema": {"type": "string"},
    });
    if !example.is_empty() {
        parameter["example"] = example.into();
    }
    if let Some(text) = source.description.as_ref().and_then(|d| d.text()) {
        parameter["description"] = text.into();
    }
    parameter
}

/// The name of an operation several items share: the words all their names
/// start with ("Notification Callback: insert" and "Notification Callback:
/// delete" give "Notification Callback"), or else the first item's name.
/// Makes every 4xx and 5xx status decode into the operation's error type, so
/// that an error body no example recorded (a 429, a 500, a 400 on another
/// operation) still reaches the caller typed, never as an "unexpected
/// status". Ranges, not `default`: progenitor counts `default` as a success
/// response too. With no recorded error, any JSON is accepted (`{}`); with
/// a recorded text or empty error kind, nothing is added, since progenitor
/// allows one error kind per operation.
fn add_error_ranges(responses: &mut Map<String, Value>) {
    let is_error = |status: &String| status.starts_with('4') || status.starts_with('5');
    let error_content = responses
        .iter()
        .find(|(status, _)| is_error(status))
        .map(|(_, response)| response.get("content").cloned());
    let schema = match error_content {
        None => json!({}),
        Some(Some(content)) => match content.pointer("/application~1json/schema") {
            Some(schema) => schema.clone(),
            None => return,
        },
        Some(None) => return,
    };
    for (range, description) in [
        (
            "4XX",
            "Any other client error, in the operation's error shape",
        ),
        ("5XX", "Any server error, in the operation's error shape"),
    ] {
        responses.insert(
            range.into(),
            json!({"description": description, "content": {"application/json": {"schema": schema}}}),
        );
    }
}

fn shared_name(names: &[String]) -> String {
    let split = |name: &str| -> Vec<String> {
        name.split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
            .map(str::to_string)
            .collect()
    };
    let first = split(&names[0]);
    let shared = names[1..].iter().fold(first.len(), |length, name| {
        let words = split(name);
        first
            .iter()
            .zip(&words)
            .take(length)
            .take_while(|(a, b)| a == b)
            .count()
    });
    if names.len() > 1 && shared > 0 {
        first[..shared].join(" ")
    } else {
        names[0].clone()
    }
}

/// `{"summary": name, "value": value}`, built without re-serializing the
/// value (`json!` would run it through `to_value`).
fn example(summary: &str, value: Value) -> Value {
    let mut example = Map::new();
    example.insert("summary".into(), Value::String(summary.to_string()));
    example.insert("value".into(), value);
    Value::Object(example)
}

/// `{"application/json": {"schema": ..., "examples": ...}}`.
fn json_content(schema: Value, examples: Map<String, Value>) -> Value {
    let mut media = Map::new();
    media.insert("schema".into(), schema);
    media.insert("examples".into(), Value::Object(examples));
    let mut content = Map::new();
    content.insert("application/json".into(), Value::Object(media));
    Value::Object(content)
}
