//! Postman URLs → server, path template and query, with `{{variable}}`
//! resolution.

use std::collections::BTreeMap;

use crate::postman::{KeyValue, PathSegment, PathSegments, StringOrList, Url, Variable};

/// Collection variables with values, used to resolve `{{name}}`.
#[derive(Debug, Default, Clone)]
pub struct Variables {
    values: BTreeMap<String, String>,
}

impl Variables {
    /// The enabled variables that have a non-empty value.
    pub fn from_list(list: &[Variable]) -> Self {
        let values = list
            .iter()
            .filter(|variable| !variable.disabled)
            .filter_map(|variable| {
                let value = match variable.value.as_ref()? {
                    serde_json::Value::String(text) => text.clone(),
                    serde_json::Value::Null => return None,
                    other => other.to_string(),
                };
                let key = variable.key.clone()?;
                (!value.is_empty()).then_some((key, value))
            })
            .collect();
        Variables { values }
    }

    /// Replaces every `{{name}}` that has a value; unknown ones stay. Values
    /// may refer to other variables, resolved up to a fixed depth so that a
    /// cycle cannot loop forever.
    pub fn resolve(&self, text: &str) -> String {
        if self.values.is_empty() || !text.contains("{{") {
            return text.to_string();
        }
        let mut current = text.to_string();
        for _ in 0..10 {
            let next = replace_references(&current, |name| self.values.get(name).cloned());
            if next == current {
                break;
            }
            current = next;
        }
        current
    }
}

/// Replaces each `{{name}}` in `text` with `lookup(name)`, or leaves it.
pub fn replace_references(text: &str, mut lookup: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find("}}") {
            Some(end) => {
                let name = after[..end].trim();
                match lookup(name) {
                    Some(value) => out.push_str(&value),
                    None => out.push_str(&rest[start..start + 2 + end + 2]),
                }
                rest = &after[end + 2..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A URL taken apart.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedUrl {
    /// `https`, when given.
    pub scheme: Option<String>,
    /// Host, possibly an unresolved `{{variable}}`.
    pub host: String,
    /// Port, when given.
    pub port: Option<String>,
    /// Path segments, resolved, still holding `:name` / `{{name}}` markers.
    pub segments: Vec<String>,
    /// Query parameters.
    pub query: Vec<KeyValue>,
    /// Example values of `:name` path variables.
    pub path_values: BTreeMap<String, String>,
}

/// A path template segment after parsing.
#[derive(Debug, Clone, PartialEq)]
pub enum TemplatePart {
    /// Literal text.
    Literal(String),
    /// A path parameter.
    Parameter(String),
}

impl ParsedUrl {
    /// Parses a Postman URL, resolving variables that have values.
    pub fn parse(url: &Url, variables: &Variables) -> ParsedUrl {
        match url {
            Url::Raw(raw) => parse_raw(&variables.resolve(raw)),
            Url::Structured(structured) => {
                let from_raw = structured
                    .raw
                    .as_deref()
                    .map(|raw| parse_raw(&variables.resolve(raw)))
                    .unwrap_or_default();
                let host = match &structured.host {
                    Some(StringOrList::One(host)) => variables.resolve(host),
                    Some(StringOrList::Many(labels)) if !labels.is_empty() => {
                        variables.resolve(&labels.join("."))
                    }
                    _ => from_raw.host.clone(),
                };
                let segments = match &structured.path {
                    Some(PathSegments::One(path)) => split_path(&variables.resolve(path)),
                    Some(PathSegments::Many(parts)) => parts
                        .iter()
                        .filter_map(|part| match part {
                            PathSegment::Text(text) => Some(variables.resolve(text)),
                            PathSegment::Object { value } => {
                                value.as_deref().map(|v| variables.resolve(v))
                            }
                        })
                        .collect(),
                    None => from_raw.segments.clone(),
                };
                let query = if structured.query.is_empty() {
                    from_raw.query.clone()
                } else {
                    structured.query.clone()
                };
                let port = match &structured.port {
                    Some(serde_json::Value::String(port)) => Some(port.clone()),
                    Some(serde_json::Value::Number(port)) => Some(port.to_string()),
                    _ => from_raw.port.clone(),
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
                    scheme: structured.protocol.clone().or(from_raw.scheme),
                    host,
                    port,
                    segments: segments.into_iter().filter(|s| !s.is_empty()).collect(),
                    query,
                    path_values,
                }
            }
        }
    }

    /// The OpenAPI path template (`/users/{id}`) and its parameter names.
    pub fn template(&self) -> (String, Vec<String>) {
        let mut path = String::new();
        let mut parameters = Vec::new();
        for segment in &self.segments {
            path.push('/');
            for part in template_parts(segment) {
                match part {
                    TemplatePart::Literal(text) => path.push_str(&text),
                    TemplatePart::Parameter(name) => {
                        path.push_str(&format!("{{{name}}}"));
                        if !parameters.contains(&name) {
                            parameters.push(name);
                        }
                    }
                }
            }
        }
        if path.is_empty() {
            path.push('/');
        }
        (path, parameters)
    }

    /// The concrete path of this request, with example values filled in.
    pub fn concrete_path(&self) -> String {
        let mut path = String::new();
        for segment in &self.segments {
            path.push('/');
            for part in template_parts(segment) {
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
            Some(format!("{{{name}}}"))
        });
        let scheme = match (&self.scheme, host.starts_with('{')) {
            (Some(scheme), _) => format!("{scheme}://"),
            // A variable host usually carries its own scheme (`https://...`).
            (None, true) => String::new(),
            (None, false) => "https://".to_string(),
        };
        let port = self
            .port
            .as_ref()
            .map(|port| format!(":{port}"))
            .unwrap_or_default();
        (format!("{scheme}{host}{port}"), variables)
    }
}

/// Splits one path segment into literal text and parameters: `:id`,
/// `{{id}}` (unresolved) and `{id}` all become parameters.
fn template_parts(segment: &str) -> Vec<TemplatePart> {
    if let Some(name) = segment.strip_prefix(':').filter(|name| !name.is_empty()) {
        return vec![TemplatePart::Parameter(name.to_string())];
    }
    let mut parts = Vec::new();
    let mut rest = segment;
    while let Some(start) = rest.find('{') {
        let (open, close) = if rest[start..].starts_with("{{") {
            (2, "}}")
        } else {
            (1, "}")
        };
        let after = &rest[start + open..];
        let Some(end) = after.find(close) else { break };
        if start > 0 {
            parts.push(TemplatePart::Literal(rest[..start].to_string()));
        }
        parts.push(TemplatePart::Parameter(after[..end].trim().to_string()));
        rest = &after[end + close.len()..];
    }
    if !rest.is_empty() {
        parts.push(TemplatePart::Literal(rest.to_string()));
    }
    parts
}

fn split_path(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn parse_raw(raw: &str) -> ParsedUrl {
    let raw = raw.trim();
    let without_fragment = raw.split('#').next().unwrap_or_default();
    let (before_query, query_text) = match without_fragment.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (without_fragment, None),
    };
    let (scheme, rest) = match before_query.split_once("://") {
        Some((scheme, rest)) => (Some(scheme.to_string()), rest),
        None => (None, before_query),
    };
    let (authority, path) = match rest.find('/') {
        Some(index) => (&rest[..index], &rest[index..]),
        None => (rest, ""),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
            (host.to_string(), Some(port.to_string()))
        }
        _ => (authority.to_string(), None),
    };
    let query = query_text
        .map(|text| {
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
        .unwrap_or_default();
    ParsedUrl {
        scheme,
        host,
        port,
        segments: split_path(path),
        query,
        path_values: BTreeMap::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variables(pairs: &[(&str, &str)]) -> Variables {
        Variables::from_list(
            &pairs
                .iter()
                .map(|(key, value)| Variable {
                    key: Some(key.to_string()),
                    value: Some(serde_json::Value::String(value.to_string())),
                    ..Variable::default()
                })
                .collect::<Vec<_>>(),
        )
    }

    #[test]
    fn a_string_url_keeps_port_and_query() {
        let url = ParsedUrl::parse(
            &Url::Raw("http://localhost:8080/users/:id?page=2".into()),
            &Variables::default(),
        );
        assert_eq!(url.server(), ("http://localhost:8080".to_string(), vec![]));
        assert_eq!(
            url.template(),
            ("/users/{id}".to_string(), vec!["id".to_string()])
        );
        assert_eq!(url.query[0].key.as_deref(), Some("page"));
    }

    #[test]
    fn an_unresolved_host_variable_becomes_a_server_variable() {
        let url = ParsedUrl::parse(
            &Url::Raw("{{api-domain}}/crm/v2.1/actions/watch".into()),
            &Variables::default(),
        );
        assert_eq!(
            url.server(),
            ("{api-domain}".to_string(), vec!["api-domain".to_string()])
        );
        assert_eq!(url.template().0, "/crm/v2.1/actions/watch");
    }

    #[test]
    fn variables_resolve_recursively_and_cycles_stop() {
        let vars = variables(&[
            ("base", "{{scheme}}://x.test"),
            ("scheme", "https"),
            ("a", "{{a}}"),
        ]);
        assert_eq!(vars.resolve("{{base}}/p"), "https://x.test/p");
        assert_eq!(vars.resolve("{{a}}"), "{{a}}");
    }

    #[test]
    fn unresolved_path_variables_become_parameters() {
        let url = ParsedUrl::parse(
            &Url::Raw("https://x.test/v{{version}}/items/{{item_id}}".into()),
            &Variables::default(),
        );
        assert_eq!(
            url.template(),
            (
                "/v{version}/items/{item_id}".to_string(),
                vec!["version".into(), "item_id".into()]
            )
        );
    }
}
