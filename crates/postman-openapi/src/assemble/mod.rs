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

use std::collections::VecDeque;

use crate::fast_hash::{HashMap, HashSet};

use serde_json::Value;

pub use recorded::{RecordedExample, RecordedRequest};

use crate::document::Splices;
use crate::names::UniqueNames;
use crate::node::{Node, Object};
use crate::postman::Collection;
use crate::sample_cache::SampleCache;
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
    let (skeleton, finished) = assemble_skeleton(collection, true);
    Conversion {
        document: finished.splices.materialize(skeleton),
        examples: finished.examples,
        warnings: finished.warnings,
    }
}

/// Builds the document with every recorded example body still its text
/// (see [`crate::document`]), and what the assembly learned: the recorded
/// examples (none without `keep_recorded`), the warnings, and the example
/// bodies and schemas its placeholders stand for.
pub(crate) fn assemble_skeleton(collection: &Collection, keep_recorded: bool) -> (Node, Finished) {
    let mut assembly = Assembly::new(collection, keep_recorded);
    let mut document = assembly.head();
    let mut paths = Object::new();
    let _: Result<(), std::convert::Infallible> = assembly.path_items(|path, item, _| {
        paths.insert(path, item);
        Ok(())
    });
    document.insert("paths", paths);
    let (components, finished) = assembly.finish();
    document.insert("components", components);
    (Node::Object(document), finished)
}

/// A document being assembled, in the order it is written: [`Assembly::head`]
/// (`openapi`, `info`, `servers`, `tags`), then each path item as it is
/// complete ([`Assembly::path_items`]), then [`Assembly::finish`]
/// (`components`, and what was learned on the way). A writer can print each
/// path item and let it go, so the document is never whole in memory.
pub(crate) struct Assembly<'c> {
    collection: &'c Collection,
    builder: Builder,
    endpoints: Vec<endpoints::Endpoint<'c>>,
    main_server: Option<servers::Server>,
}

/// What an assembly leaves once the document is written.
pub(crate) struct Finished {
    /// Every recorded example, when kept.
    pub(crate) examples: Vec<RecordedExample>,
    /// What was degraded on the way.
    pub(crate) warnings: Vec<Warning>,
    /// The example bodies and schemas the placeholders stand for.
    pub(crate) splices: Splices,
    /// How many recorded examples were read.
    pub(crate) example_count: usize,
    /// How many operations the document has.
    pub(crate) operation_count: usize,
}

impl<'c> Assembly<'c> {
    /// Walks and groups the collection's requests.
    pub(crate) fn new(collection: &'c Collection, keep_recorded: bool) -> Self {
        let mut builder = Builder {
            keep_recorded,
            recorded_count: 0,
            splices: Splices::default(),
            samples: SampleCache::default(),
            variables: Variables::from_list(&collection.variable),
            schemas: SchemaRegistry::default(),
            security_schemes: Object::new(),
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
        Assembly {
            collection,
            builder,
            endpoints,
            main_server,
        }
    }

    /// The document's first members: `openapi`, `info`, `servers`, `tags`.
    pub(crate) fn head(&self) -> Object {
        let mut tags: Vec<Node> = Vec::new();
        let mut seen_tags: HashSet<&str> = HashSet::default();
        for endpoint in &self.endpoints {
            for item in &endpoint.items {
                for tag in &item.tags {
                    if seen_tags.insert(tag) {
                        tags.push(Object::of([("name", tag.clone().into())]).into());
                    }
                }
            }
        }
        let mut head = Object::new();
        head.insert("openapi", "3.0.3");
        head.insert("info", info(self.collection));
        if let Some(server) = &self.main_server {
            head.insert("servers", vec![servers::server_object(server)]);
        }
        if !tags.is_empty() {
            head.insert("tags", tags);
        }
        head
    }

    /// Assembles every operation and hands each path item to `emit` (with
    /// what its placeholders stand for) once its last operation is done, in
    /// the order paths first appear; stops at the first error `emit` gives.
    pub(crate) fn path_items<E>(
        &mut self,
        mut emit: impl FnMut(String, Node, &mut Splices) -> Result<(), E>,
    ) -> Result<(), E> {
        // Operations left to assemble per path, and the path items not yet
        // handed over (the front one waits for its last operation).
        let mut remaining: HashMap<&str, usize> = HashMap::default();
        for endpoint in &self.endpoints {
            let count = remaining.entry(endpoint.path.as_str()).or_default();
            *count = count.saturating_add(1);
        }
        let mut pending: VecDeque<(String, Object)> = VecDeque::new();
        let mut open: HashMap<String, usize> = HashMap::default();
        let mut emitted = 0usize;
        for endpoint in &self.endpoints {
            let operation = self.builder.operation(endpoint, self.main_server.as_ref());
            // Each path's place in the order of first appearance; its place in
            // `pending` is that minus the path items already handed over.
            let place = *open.entry(endpoint.path.clone()).or_insert_with(|| {
                pending.push_back((endpoint.path.clone(), Object::new()));
                emitted.saturating_add(pending.len()).saturating_sub(1)
            });
            if let Some((_, item)) = place
                .checked_sub(emitted)
                .and_then(|index| pending.get_mut(index))
            {
                item.insert(endpoint.method.clone(), operation);
            }
            if let Some(count) = remaining.get_mut(endpoint.path.as_str()) {
                *count = count.saturating_sub(1);
            }
            while let Some((path, _)) = pending.front() {
                if remaining.get(path.as_str()).copied().unwrap_or(0) > 0 {
                    break;
                }
                if let Some((path, item)) = pending.pop_front() {
                    emitted = emitted.saturating_add(1);
                    emit(path, Node::Object(item), &mut self.builder.splices)?;
                }
            }
        }
        for (path, item) in pending {
            emit(path, Node::Object(item), &mut self.builder.splices)?;
        }
        Ok(())
    }

    /// The document's `components`, and what the assembly learned.
    pub(crate) fn finish(self) -> (Node, Finished) {
        let Assembly {
            mut builder,
            endpoints,
            ..
        } = self;
        let mut components = Object::new();
        let schemas = builder.schemas.take_components();
        components.insert("schemas", builder.splices.components(schemas));
        if !builder.security_schemes.is_empty() {
            components.insert(
                "securitySchemes",
                std::mem::take(&mut builder.security_schemes),
            );
        }
        // Variable problems first: they are about `$.variable`, read first.
        let mut warnings = builder.variables.take_warnings();
        warnings.append(&mut builder.warnings);
        let finished = Finished {
            examples: builder.examples,
            warnings,
            splices: builder.splices,
            example_count: builder.recorded_count,
            operation_count: endpoints.len(),
        };
        (Node::Object(components), finished)
    }
}

/// The document's `info`: the collection's name, description and version.
fn info(collection: &Collection) -> Object {
    let mut info = Object::new();
    info.insert("title", collection.info.name.clone());
    if let Some(text) = collection.info.description.as_ref().and_then(|d| d.text()) {
        info.insert("description", text.to_string());
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
    info.insert("version", version);
    info
}

/// What the assembly of one document accumulates.
struct Builder {
    variables: Variables,
    schemas: SchemaRegistry,
    security_schemes: Object,
    warnings: Vec<Warning>,
    examples: Vec<RecordedExample>,
    operation_ids: UniqueNames,
    /// Example bodies kept as text for the document.
    splices: Splices,
    /// What was learned from bodies the collection records more than once.
    samples: SampleCache,
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
