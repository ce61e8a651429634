//! Servers: the document's (the first request's host) and, for an operation
//! on other hosts, its own list.
//!
//! progenitor's client calls every operation on the one base URL it is
//! given, and one method and path is one operation: the same path recorded
//! on several hosts cannot become distinct operations. It stays one
//! operation, listing every host under its `servers` (alternatives, in
//! OpenAPI terms), with a warning.

use crate::fast_hash::HashSet;

use crate::node::{Node, Object};

use crate::warning::WarningKind;

use super::Builder;
use super::endpoints::Endpoint;

/// A server URL template and the names of its variables.
pub(super) type Server = (String, Vec<String>);

impl Builder {
    /// The operation's `servers`: `None` when it is on the document's server
    /// only.
    pub(super) fn operation_servers(
        &mut self,
        endpoint: &Endpoint<'_>,
        main_server: Option<&Server>,
    ) -> Option<Node> {
        let mut servers: Vec<Server> = Vec::new();
        let mut seen: HashSet<String> = HashSet::default();
        let mut second_host_at = None;
        for entry in &endpoint.items {
            let server = entry.url.server();
            if seen.insert(server.0.clone()) {
                if !servers.is_empty() && second_host_at.is_none() {
                    second_host_at = Some(entry.json_path.clone());
                }
                servers.push(server);
            }
        }
        if let Some(json_path) = second_host_at {
            let hosts: Vec<&str> = servers.iter().map(|(url, _)| url.as_str()).collect();
            self.warn(
                WarningKind::MergedHosts,
                json_path,
                format!(
                    "{} {} is recorded on {} hosts ({}); they are one operation, which lists every host under `servers`: \
                     the generated client sends it to the base URL it is given",
                    endpoint.method.to_uppercase(),
                    endpoint.path,
                    hosts.len(),
                    hosts.join(", ")
                ),
            );
        }
        match (servers.as_slice(), main_server) {
            ([only], Some(main)) if only == main => None,
            _ => Some(Node::Array(servers.iter().map(server_object).collect())),
        }
    }
}

/// `{"url": ..., "variables": {...}}`; each variable defaults to its
/// Postman spelling, for the user to replace.
pub(super) fn server_object((url, variables): &Server) -> Node {
    let mut server = Object::new();
    server.insert("url", url.clone());
    if !variables.is_empty() {
        let mut described = Object::new();
        for name in variables {
            described.insert(
                name.clone(),
                Object::of([
                    ("default", format!("{{{{{name}}}}}").into()),
                    (
                        "description",
                        format!("The Postman variable `{{{{{name}}}}}`; set it to the real value.")
                            .into(),
                    ),
                ]),
            );
        }
        server.insert("variables", described);
    }
    Node::Object(server)
}
