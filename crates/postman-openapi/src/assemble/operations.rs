//! One operation per endpoint: its id, summary, description and tags, and
//! the parts the sibling modules build.

use crate::names::{UniqueNames, pascal_case, rust_pascal_name, rust_snake_name, snake_case};
use crate::node::{Node, Object};
use crate::short_text::concat;

use super::Builder;
use super::endpoints::Endpoint;

/// Methods the generated `Client` already has: its constructors, and the
/// `ClientInfo` and `ClientHooks` methods its operations call
/// (`client.post(&result, &info)`), which an operation of the same name
/// would shadow, so the client would not compile.
const CLIENT_METHODS: [&str; 9] = [
    "new",
    "new_with_client",
    "api_version",
    "baseurl",
    "client",
    "inner",
    "pre",
    "post",
    "exec",
];

/// The operation-id namespace: a candidate is free when neither its Rust
/// method name nor its builder type name is taken.
pub(super) fn operation_ids() -> UniqueNames {
    let mut ids = UniqueNames::default();
    for method in CLIENT_METHODS {
        ids.reserve(method_key(method));
    }
    ids
}

fn method_key(id: &str) -> String {
    concat(&["method ", &rust_snake_name(id)])
}

fn type_key(id: &str) -> String {
    concat(&["type ", &rust_pascal_name(id)])
}

impl Builder {
    pub(super) fn operation(
        &mut self,
        endpoint: &Endpoint<'_>,
        main_server: Option<&(String, Vec<String>)>,
    ) -> Node {
        let mut operation = Object::new();
        let Some(first) = endpoint.items.first() else {
            return Node::Object(operation);
        };
        let names: Vec<String> = endpoint
            .items
            .iter()
            .map(|entry| entry.item.name.clone().unwrap_or_else(|| "unnamed".into()))
            .collect();
        // Unique as progenitor will spell it, method (snake) and builder
        // type (Pascal): `Get User 2` and `Get User2` are both `GetUser2`.
        let operation_id =
            self.operation_ids
                .claim_with(&snake_case(&shared_name(&names)), "_", |candidate| {
                    vec![method_key(candidate), type_key(candidate)]
                });
        let type_base = pascal_case(&operation_id);

        operation.insert("operationId", operation_id.clone());
        operation.insert("summary", names.join(" / "));
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
            operation.insert("description", descriptions.join("\n\n"));
        }
        if !first.tags.is_empty() {
            let tags: Vec<Node> = first.tags.iter().map(|tag| tag.clone().into()).collect();
            operation.insert("tags", tags);
        }
        if let Some(servers) = self.operation_servers(endpoint, main_server) {
            operation.insert("servers", servers);
        }

        // The body first: a body reserves the builder's `body` name.
        let body = self.request_body(endpoint, &type_base);
        let parameters = self.parameters(endpoint, body.is_some());
        if !parameters.is_empty() {
            operation.insert("parameters", parameters);
        }
        if let Some(body) = body {
            operation.insert("requestBody", body);
        }
        let (responses, unmodelled) = self.responses(endpoint, &operation_id, &type_base);
        for (kind, note) in self.schemas.take_degraded() {
            self.warn(kind, first.json_path.clone(), note);
        }
        operation.insert("responses", responses);
        if !unmodelled.is_empty() {
            operation.insert("x-unmodelled-examples", unmodelled);
        }
        if let Some(security) = self.security(first) {
            operation.insert("security", security);
        }
        Node::Object(operation)
    }
}

/// The name of an operation several items share: the words all their names
/// start with ("Notification Callback: insert" and "Notification Callback:
/// delete" give "Notification Callback"), or else the first item's name.
pub(super) fn shared_name(names: &[String]) -> String {
    let Some((first_name, others)) = names.split_first() else {
        return String::new();
    };
    // Most operations are one item: its name, with nothing to compare.
    if others.is_empty() {
        return first_name.clone();
    }
    let first = split(first_name);
    let shared = others.iter().fold(first.len(), |length, name| {
        let words = split(name);
        first
            .iter()
            .zip(&words)
            .take(length)
            .take_while(|(a, b)| a == b)
            .count()
    });
    match first.get(..shared) {
        Some(words) if shared > 0 => words.join(" "),
        _ => first_name.clone(),
    }
}

/// The words of `name`: its runs of letters and digits.
fn split(name: &str) -> Vec<&str> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect()
}
