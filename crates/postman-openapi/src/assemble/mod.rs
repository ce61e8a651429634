//! OpenAPI 3.0.3 assembly: walks the collection, groups requests by method and
//! path, and builds operations progenitor accepts.
//!
//! progenitor allows exactly one success type and one error type per
//! operation, so every 2xx example of an operation is merged into one
//! `…Response` schema and every 4xx/5xx example into one `…Error` schema;
//! each status `$ref`s the shared one. A status whose examples cannot share
//! that kind (an empty 204 beside JSON 200s) is left out of `responses`,
//! listed in `x-unmodelled-examples` and reported as a warning, so nothing is
//! lost. 1xx and 3xx examples are HTTP semantics, not bodies (the client
//! follows redirects; `304 Not Modified` has no body): they are listed there
//! too, without a warning.
//!
//! One job per file: [`endpoints`] walks and groups the items, [`operations`]
//! names and assembles each operation, [`parameters`], [`request_body`],
//! [`responses`], [`security`] and [`servers`] build its parts, and
//! [`recorded`] keeps every example for replay.

mod endpoints;
mod operations;
mod parameters;
mod recorded;
mod request_body;
mod responses;
mod security;
mod servers;

use std::collections::HashSet;

use serde_json::{Map, Value, json};

pub use recorded::{RecordedExample, RecordedRequest};

use crate::document::Splices;
use crate::names::UniqueNames;
use crate::postman::Collection;
use crate::schema::SchemaRegistry;
use crate::url::Variables;
use crate::warning::{Warning, WarningKind};

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

/// Builds the OpenAPI document for `collection`. Never fails: what cannot be
/// described is skipped or degraded with a warning.
pub fn assemble(collection: &Collection) -> Conversion {
    let (mut conversion, splices, _) = assemble_skeleton(collection, true);
    splices.materialize(&mut conversion.document);
    conversion
}

/// Builds the document with every recorded example body still its text
/// (see [`crate::document`]). Without `keep_recorded`, the examples are
/// only counted, not kept for replay ([`Conversion::examples`] is empty):
/// each would hold a copy of its request and body. Returns the count.
pub(crate) fn assemble_skeleton(
    collection: &Collection,
    keep_recorded: bool,
) -> (Conversion, Splices, usize) {
    let mut builder = Builder {
        keep_recorded,
        recorded_count: 0,
        splices: Splices::default(),
        variables: Variables::from_list(&collection.variable),
        schemas: SchemaRegistry::default(),
        security_schemes: Map::new(),
        warnings: Vec::new(),
        examples: Vec::new(),
        operation_ids: operations::operation_ids(),
    };
    let mut located = Vec::new();
    endpoints::collect(
        &collection.item,
        "$",
        &[],
        collection.auth.as_ref(),
        &mut located,
        &mut builder.warnings,
    );
    let endpoints = builder.group(located);

    let main_server = endpoints
        .first()
        .and_then(|endpoint| endpoint.items.first())
        .map(|entry| entry.url.server());
    let mut paths = Map::new();
    let mut tags: Vec<String> = Vec::new();
    let mut seen_tags: HashSet<String> = HashSet::new();
    for endpoint in &endpoints {
        let operation = builder.operation(endpoint, main_server.as_ref());
        for item in &endpoint.items {
            for tag in &item.tags {
                if seen_tags.insert(tag.clone()) {
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
    document.insert("info".into(), info(collection));
    if let Some(server) = &main_server {
        document.insert("servers".into(), json!([servers::server_object(server)]));
    }
    if !tags.is_empty() {
        let tags: Vec<Value> = tags.into_iter().map(|name| json!({"name": name})).collect();
        document.insert("tags".into(), Value::Array(tags));
    }
    document.insert("paths".into(), Value::Object(paths));
    let mut components = Map::new();
    let schemas = builder.schemas.take_components();
    components.insert("schemas".into(), builder.splices.components(schemas));
    if !builder.security_schemes.is_empty() {
        components.insert(
            "securitySchemes".into(),
            Value::Object(std::mem::take(&mut builder.security_schemes)),
        );
    }
    document.insert("components".into(), Value::Object(components));

    // Variable problems first: they are about `$.variable`, read first.
    let mut warnings = builder.variables.take_warnings();
    warnings.append(&mut builder.warnings);
    let conversion = Conversion {
        document: Value::Object(document),
        examples: builder.examples,
        warnings,
    };
    (conversion, builder.splices, builder.recorded_count)
}

/// The document's `info`: the collection's name, description and version.
fn info(collection: &Collection) -> Value {
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
    Value::Object(info)
}

/// What the assembly of one document accumulates.
struct Builder {
    variables: Variables,
    schemas: SchemaRegistry,
    security_schemes: Map<String, Value>,
    warnings: Vec<Warning>,
    examples: Vec<RecordedExample>,
    operation_ids: UniqueNames,
    /// Example bodies kept as text for the document.
    splices: Splices,
    /// Whether recorded examples are kept for replay, or only counted.
    keep_recorded: bool,
    /// How many recorded examples were read.
    recorded_count: usize,
}

impl Builder {
    fn warn(
        &mut self,
        kind: WarningKind,
        json_path: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.warnings.push(Warning::new(kind, json_path, message));
    }
}
