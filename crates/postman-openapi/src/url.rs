//! Postman URLs → server, path template and query, with `{{variable}}`
//! resolution.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::postman::{KeyValue, PathSegment, PathSegments, StringOrList, Url};
use crate::short_text::concat;
use crate::template::{PathTemplate, TemplatePart, segment_parts};
pub use crate::variables::{Variables, replace_references};

/// A URL taken apart.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedUrl<'a> {
    /// `https`, when given.
    pub scheme: Option<String>,
    /// Host, possibly an unresolved `{{variable}}`.
    pub host: String,
    /// Port, when given.
    pub port: Option<String>,
    /// Path segments, resolved, still holding `:name` / `{{name}}` markers.
    pub segments: Vec<String>,
    /// Query parameters: the collection's own list when it has one (not
    /// copied: with their descriptions they can be much of a collection),
    /// else those of the raw URL.
    pub query: Cow<'a, [KeyValue]>,
    /// Example values of `:name` path variables.
    pub path_values: BTreeMap<String, String>,
}

impl<'a> ParsedUrl<'a> {
    /// Parses a Postman URL, resolving variables that have values.
    pub fn parse(url: &'a Url, variables: &Variables) -> ParsedUrl<'a> {
        match url {
            Url::Raw(raw) => parse_raw(&variables.resolve_borrowed(raw)),
            Url::Structured(structured) => {
                // The raw URL fills in only what the structured parts leave
                // out: it is taken apart in place, and a part is copied
                // only when it is used.
                let resolved_raw = structured
                    .raw
                    .as_deref()
                    .map(|raw| variables.resolve_borrowed(raw));
                let from_raw = resolved_raw.as_deref().map(raw_parts).unwrap_or_default();
                let host = match &structured.host {
                    Some(StringOrList::One(host)) => variables.resolve(host),
                    Some(StringOrList::Many(labels)) => match labels.as_slice() {
                        [] => from_raw.host.to_string(),
                        [label] => variables.resolve(label),
                        labels => variables.resolve(&labels.join(".")),
                    },
                    None => from_raw.host.to_string(),
                };
                // A host variable often holds a whole base URL
                // (`{{baseUrl}}` = `https://api.test/v1`): its scheme, port
                // and path belong to the URL, not to the host name.
                let embedded = (host.contains("://") || host.contains('/')).then(|| {
                    let base = raw_parts(&host);
                    Embedded {
                        scheme: base.scheme.map(str::to_string),
                        host: base.host.to_string(),
                        port: base.port.map(str::to_string),
                        segments: if structured.path.is_some() {
                            split_path(base.path)
                        } else {
                            Vec::new()
                        },
                    }
                });
                let host = match &embedded {
                    Some(base) => base.host.clone(),
                    None => host,
                };
                let mut segments = match &structured.path {
                    Some(PathSegments::One(path)) => split_path(&variables.resolve_borrowed(path)),
                    Some(PathSegments::Many(parts)) => parts
                        .iter()
                        .filter_map(|part| match part {
                            PathSegment::Text(text) => Some(variables.resolve(text)),
                            PathSegment::Object { value } => {
                                value.as_deref().map(|v| variables.resolve(v))
                            }
                        })
                        .collect(),
                    None => split_path(from_raw.path),
                };
                if let Some(base) = &embedded
                    && structured.path.is_some()
                {
                    segments.splice(0..0, base.segments.iter().cloned());
                }
                let query = if structured.query.is_empty() {
                    Cow::Owned(query_list(from_raw.query))
                } else {
                    Cow::Borrowed(structured.query.as_slice())
                };
                let port = match &structured.port {
                    Some(serde_json::Value::String(port)) => Some(port.clone()),
                    Some(serde_json::Value::Number(port)) => Some(port.to_string()),
                    _ => embedded
                        .as_ref()
                        .and_then(|base| base.port.clone())
                        .or_else(|| from_raw.port.map(str::to_string)),
                };
                let path_values = structured
                    .variable
                    .iter()
                    .filter_map(|variable| {
                        let value = match variable.value.as_ref()? {
                            serde_json::Value::String(text) => text.clone(),
                            other => other.to_string(),
                        };
                        Some((variable.key.clone()?, value))
                    })
                    .collect();
                ParsedUrl {
                    scheme: structured
                        .protocol
                        .clone()
                        .or_else(|| embedded.and_then(|base| base.scheme))
                        .or_else(|| from_raw.scheme.map(str::to_string)),
                    host,
                    port,
                    segments: segments.into_iter().filter(|s| !s.is_empty()).collect(),
                    query,
                    path_values,
                }
            }
        }
    }

    /// The same URL, owning its query list.
    pub fn into_owned(self) -> ParsedUrl<'static> {
        ParsedUrl {
            scheme: self.scheme,
            host: self.host,
            port: self.port,
            segments: self.segments,
            query: Cow::Owned(self.query.into_owned()),
            path_values: self.path_values,
        }
    }

    /// The OpenAPI path template (`/users/{id}`), repaired where needed.
    pub fn template(&self) -> PathTemplate {
        PathTemplate::parse(&self.segments)
    }

    /// The concrete path of this request, with example values filled in.
    pub fn concrete_path(&self) -> String {
        let mut path = String::new();
        for segment in &self.segments {
            path.push('/');
            for part in segment_parts(segment) {
                match part {
                    TemplatePart::Literal(text) => path.push_str(&text),
                    TemplatePart::Parameter(name) => path.push_str(
                        self.path_values
                            .get(&name)
                            .map(String::as_str)
                            .filter(|value| !value.is_empty())
                            .unwrap_or(&name),
                    ),
                }
            }
        }
        if path.is_empty() {
            path.push('/');
        }
        path
    }

    /// The server URL template and the unresolved variables in it.
    pub fn server(&self) -> (String, Vec<String>) {
        let mut variables = Vec::new();
        let host = replace_references(&self.host, |name| {
            variables.push(name.to_string());
            Some(concat(&["{", name, "}"]))
        });
        let scheme = match (&self.scheme, host.starts_with('{')) {
            (Some(scheme), _) => concat(&[scheme, "://"]),
            // A variable host usually carries its own scheme (`https://...`).
            (None, true) => String::new(),
            (None, false) => "https://".to_string(),
        };
        let port = self
            .port
            .as_ref()
            .map(|port| concat(&[":", port]))
            .unwrap_or_default();
        (concat(&[&scheme, &host, &port]), variables)
    }
}

fn split_path(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The scheme, port and path of a host variable that holds a base URL.
struct Embedded {
    scheme: Option<String>,
    host: String,
    port: Option<String>,
    /// Only when the URL has path segments of its own, which these lead.
    segments: Vec<String>,
}

/// A raw URL taken apart in place.
#[derive(Debug, Default, Clone, Copy)]
struct RawParts<'r> {
    scheme: Option<&'r str>,
    host: &'r str,
    port: Option<&'r str>,
    /// From the first `/` after the host.
    path: &'r str,
    /// After the `?`, when there is one.
    query: Option<&'r str>,
}

fn raw_parts(raw: &str) -> RawParts<'_> {
    let raw = raw.trim();
    let without_fragment = raw.split('#').next().unwrap_or_default();
    let (before_query, query) = match without_fragment.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (without_fragment, None),
    };
    let (scheme, rest) = match before_query.split_once("://") {
        Some((scheme, rest)) => (Some(scheme), rest),
        None => (None, before_query),
    };
    let (authority, path) = match rest.find('/') {
        Some(index) => rest.split_at(index),
        None => (rest, ""),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
            (host, Some(port))
        }
        _ => (authority, None),
    };
    RawParts {
        scheme,
        host,
        port,
        path,
        query,
    }
}

/// The parameters of a raw query (`a=1&b`), in order.
fn query_list(text: Option<&str>) -> Vec<KeyValue> {
    text.map(|text| {
        text.split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                KeyValue {
                    key: Some(key.to_string()),
                    value: Some(serde_json::Value::String(value.to_string())),
                    ..KeyValue::default()
                }
            })
            .collect()
    })
    .unwrap_or_default()
}

fn parse_raw(raw: &str) -> ParsedUrl<'static> {
    let parts = raw_parts(raw);
    ParsedUrl {
        scheme: parts.scheme.map(str::to_string),
        host: parts.host.to_string(),
        port: parts.port.map(str::to_string),
        segments: split_path(parts.path),
        query: Cow::Owned(query_list(parts.query)),
        path_values: BTreeMap::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_url_keeps_port_and_query() {
        let raw = Url::Raw("http://localhost:8080/users/:id?page=2".into());
        let url = ParsedUrl::parse(&raw, &Variables::default());
        assert_eq!(url.server(), ("http://localhost:8080".to_string(), vec![]));
        assert_eq!(url.template().render(|_| None), "/users/{id}");
        assert_eq!(url.template().parameters(), ["id"]);
        assert_eq!(url.query[0].key.as_deref(), Some("page"));
    }

    #[test]
    fn an_unresolved_host_variable_becomes_a_server_variable() {
        let raw = Url::Raw("{{api-domain}}/crm/v2.1/actions/watch".into());
        let url = ParsedUrl::parse(&raw, &Variables::default());
        assert_eq!(
            url.server(),
            ("{api-domain}".to_string(), vec!["api-domain".to_string()])
        );
        assert_eq!(url.template().render(|_| None), "/crm/v2.1/actions/watch");
    }

    #[test]
    fn a_host_variable_holding_a_base_url_gives_scheme_port_and_path() {
        let variables = Variables::from_list(&[crate::postman::Variable {
            key: Some("baseUrl".into()),
            value: Some("http://api.test:8080/v1".into()),
            ..Default::default()
        }]);
        let url = Url::Structured(Box::new(crate::postman::StructuredUrl {
            raw: Some("{{baseUrl}}/users".into()),
            host: Some(StringOrList::Many(vec!["{{baseUrl}}".into()])),
            path: Some(PathSegments::Many(vec![PathSegment::Text("users".into())])),
            ..Default::default()
        }));
        let url = ParsedUrl::parse(&url, &variables);
        assert_eq!(url.server().0, "http://api.test:8080");
        assert_eq!(url.template().render(|_| None), "/v1/users");
    }

    #[test]
    fn unresolved_path_variables_become_parameters() {
        let raw = Url::Raw("https://x.test/v{{version}}/items/{{item_id}}".into());
        let url = ParsedUrl::parse(&raw, &Variables::default());
        assert_eq!(
            url.template().render(|_| None),
            "/v{version}/items/{item_id}"
        );
        assert_eq!(url.template().parameters(), ["version", "item_id"]);
    }
}
