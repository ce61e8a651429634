//! An operation's path, query and header parameters.
//!
//! progenitor derives each parameter's Rust name from its wire name
//! ([`rust_snake_name`]) and makes them fields and setters of one builder, so
//! two parameters with one Rust name (`X-A` and `X A`, or a header and a
//! query parameter called `page`) give a client that does not compile. A
//! query or header name cannot be renamed (it is what the server reads), so
//! the later one is dropped with a warning. Path parameters were already
//! renamed where needed when the endpoints were grouped.

use crate::fast_hash::HashSet;

use crate::node::{Node, Object};

use crate::names::{UniqueNames, rust_snake_name};
use crate::postman::KeyValue;
use crate::warning::WarningKind;

use super::Builder;
use super::endpoints::{Endpoint, Located};

/// Rust names the generated builder already uses for its own methods and
/// locals (`new`, `send`, the `header_map` and `encode_path` of `send`).
pub(super) const RESERVED: &[&str] = &["new", "send", "header_map", "encode_path"];
/// Rust names the builder uses when the operation has a request body.
pub(super) const RESERVED_WITH_BODY: &[&str] = &["body", "body_map"];

/// Headers described elsewhere in OpenAPI (security, requestBody,
/// responses), not as parameters.
const DESCRIBED_ELSEWHERE: [&str; 3] = ["authorization", "content-type", "accept"];

/// The enabled query parameter names of an item.
pub(super) fn query_names<'a>(entry: &'a Located<'_>) -> impl Iterator<Item = &'a str> {
    entry
        .url
        .query
        .iter()
        .filter(|query| !query.disabled)
        .filter_map(|query| query.key.as_deref())
        .filter(|name| !name.is_empty())
}

/// The enabled header names of an item that can become parameters.
pub(super) fn header_names(entry: &Located<'_>) -> Vec<String> {
    entry
        .request
        .header
        .as_ref()
        .map(|headers| headers.pairs())
        .unwrap_or_default()
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| is_header_parameter(name))
        .collect()
}

fn is_header_parameter(name: &str) -> bool {
    is_token(name) && !DESCRIBED_ELSEWHERE.contains(&name.to_ascii_lowercase().as_str())
}

/// An HTTP header name (RFC 9110 token). progenitor sends header names
/// through `HeaderName::from_static`, which panics at runtime on any other.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte))
}

impl Builder {
    pub(super) fn parameters(&mut self, endpoint: &Endpoint<'_>, has_body: bool) -> Vec<Node> {
        let mut rust_names = UniqueNames::default();
        for reserved in RESERVED {
            rust_names.reserve(*reserved);
        }
        if has_body {
            for reserved in RESERVED_WITH_BODY {
                rust_names.reserve(*reserved);
            }
        }
        let mut parameters = Vec::new();
        for (name, written) in &endpoint.path_parameters {
            rust_names.reserve(rust_snake_name(name));
            let mut parameter = Object::of([
                ("name", name.clone().into()),
                ("in", "path".into()),
                ("required", true.into()),
                ("schema", string_schema()),
            ]);
            // The example is the first item's value.
            if let Some(example) = endpoint
                .items
                .first()
                .and_then(|first| first.url.path_values.get(written))
                .filter(|v| !v.is_empty())
            {
                parameter.insert("example", example.clone());
            }
            parameters.push(parameter.into());
        }
        // Items of one operation repeat parameters; each wire name once.
        let mut seen_queries: HashSet<String> = HashSet::default();
        let mut seen_headers: HashSet<String> = HashSet::default();
        for entry in &endpoint.items {
            for query in entry.url.query.iter().filter(|q| !q.disabled) {
                let Some(name) = query.key.as_deref().filter(|k| !k.is_empty()) else {
                    continue;
                };
                if !seen_queries.insert(name.to_string()) {
                    continue;
                }
                let url_path = || format!("{}.request.url", entry.json_path);
                if !self.claim_rust_name(&mut rust_names, name, "query", url_path) {
                    continue;
                }
                parameters.push(parameter(
                    name,
                    "query",
                    self.variables.resolve(&query.value_text()),
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
                if DESCRIBED_ELSEWHERE.contains(&lower.as_str()) || !seen_headers.insert(lower) {
                    continue;
                }
                let header_path = || format!("{}.request.header", entry.json_path);
                if !is_token(&name) {
                    self.warn(
                        WarningKind::ParameterDropped,
                        header_path(),
                        format!(
                            "header {name:?} is not a valid HTTP header name (a client sending it would panic); dropped"
                        ),
                    );
                    continue;
                }
                if !self.claim_rust_name(&mut rust_names, &name, "header", header_path) {
                    continue;
                }
                parameters.push(parameter(&name, "header", value, &KeyValue::default()));
            }
        }
        parameters
    }

    /// Claims the Rust name of parameter `name`; when it is taken, warns
    /// that the parameter is dropped and returns `false`.
    fn claim_rust_name(
        &mut self,
        rust_names: &mut UniqueNames,
        name: &str,
        location: &str,
        json_path: impl FnOnce() -> String,
    ) -> bool {
        let rust = rust_snake_name(name);
        if rust_names.is_taken(&rust) {
            self.warn(
                WarningKind::ParameterDropped,
                json_path(),
                format!(
                    "{location} parameter {name:?} dropped: its Rust name `{rust}` is already another parameter's of this operation (or the generated code's), and a query or header name cannot be renamed"
                ),
            );
            return false;
        }
        rust_names.reserve(rust);
        true
    }
}

fn parameter(name: &str, location: &'static str, example: String, source: &KeyValue) -> Node {
    let mut parameter = Object::of([
        ("name", name.to_string().into()),
        ("in", location.into()),
        ("required", false.into()),
        ("schema", string_schema()),
    ]);
    if !example.is_empty() {
        parameter.insert("example", example);
    }
    if let Some(text) = source.description.as_ref().and_then(|d| d.text()) {
        parameter.insert("description", text.to_string());
    }
    parameter.into()
}

/// `{"type": "string"}`.
fn string_schema() -> Node {
    Object::of([("type", "string".into())]).into()
}
