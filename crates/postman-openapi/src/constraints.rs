//! Constraints learned from recorded validation errors.
//!
//! Many APIs answer an invalid request with an error naming the offending
//! field by JSON path, sometimes with the limit it broke (Zoho:
//! `{"code": "INVALID_DATA", "details": {"maximum_length": 50, "json_path":
//! "$.watch[0].token"}}`). A recorded example like that is a specification
//! of the request body, so the rules configured here turn it into schema
//! keywords (`maxLength: 50` on `token`), and the generated client rejects the
//! same input before sending it. The converter knows no API's conventions:
//! the rules are configuration.

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::assemble::RecordedExample;
use crate::warning::{Warning, WarningKind};

/// Where an API's error bodies keep the code, details and JSON path.
#[derive(Debug, Clone, Deserialize)]
pub struct ConstraintRules {
    /// The key holding the error code (`code`).
    #[serde(default = "default_code_field")]
    pub code_field: String,
    /// The key holding the details object (`details`).
    #[serde(default = "default_details_field")]
    pub details_field: String,
    /// The detail holding the JSON path of the offending field (`json_path`).
    #[serde(default = "default_json_path_field")]
    pub json_path_field: String,
    /// One rule per error code.
    pub rules: Vec<ConstraintRule>,
}

/// What one error code teaches.
#[derive(Debug, Clone, Deserialize)]
pub struct ConstraintRule {
    /// The error code (`INVALID_DATA`).
    pub code: String,
    /// `required`, or a schema keyword such as `maxLength`, `minLength`,
    /// `maximum`, `minimum`, `maxItems`.
    pub keyword: String,
    /// For keywords with a value: the detail that holds it (`maximum_length`).
    #[serde(default)]
    pub from_detail: Option<String>,
}

fn default_code_field() -> String {
    "code".into()
}
fn default_details_field() -> String {
    "details".into()
}
fn default_json_path_field() -> String {
    "json_path".into()
}

/// Applies every constraint the examples' error bodies teach to the request
/// schemas of their operations. Returns what was learned, and warnings for
/// errors whose path matches no schema.
pub fn learn_constraints(
    document: &mut Value,
    examples: &[RecordedExample],
    rules: &ConstraintRules,
) -> (Vec<String>, Vec<Warning>) {
    let mut learned = Vec::new();
    let mut warnings = Vec::new();
    for example in examples {
        let Ok(body) = serde_json::from_str::<Value>(&example.body) else {
            continue;
        };
        let mut errors = Vec::new();
        collect_errors(&body, rules, &mut errors);
        for (rule, details) in errors {
            let Some(path) = details.get(&rules.json_path_field).and_then(Value::as_str) else {
                continue;
            };
            let value = match &rule.from_detail {
                Some(detail) => match details.get(detail) {
                    Some(value) => Some(value.clone()),
                    None => continue,
                },
                None => None,
            };
            match apply(document, &example.operation_id, path, &rule.keyword, value) {
                Ok(description) => {
                    let line = format!(
                        "{} {description} (from example {})",
                        example.operation_id, example.key
                    );
                    if !learned.contains(&line) {
                        learned.push(line);
                    }
                }
                Err(reason) => warnings.push(Warning {
                    kind: WarningKind::Constraint,
                    json_path: example.json_path.clone(),
                    message: format!("cannot learn `{}` from {path}: {reason}", rule.keyword),
                }),
            }
        }
    }
    (learned, warnings)
}

fn collect_errors<'a>(
    body: &'a Value,
    rules: &'a ConstraintRules,
    out: &mut Vec<(&'a ConstraintRule, &'a Map<String, Value>)>,
) {
    match body {
        Value::Object(object) => {
            if let (Some(code), Some(Value::Object(details))) = (
                object.get(&rules.code_field).and_then(Value::as_str),
                object.get(&rules.details_field),
            ) {
                for rule in rules.rules.iter().filter(|rule| rule.code == code) {
                    out.push((rule, details));
                }
            }
            object
                .values()
                .for_each(|value| collect_errors(value, rules, out));
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| collect_errors(item, rules, out)),
        _ => {}
    }
}

/// `$.watch[0].token` → `["watch", "token"]` (indices dropped: every item of
/// an array shares one schema).
fn property_names(json_path: &str) -> Option<Vec<String>> {
    let mut rest = json_path.strip_prefix('$')?;
    let mut names = Vec::new();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("['") {
            let end = after.find("']")?;
            names.push(after[..end].to_string());
            rest = &after[end + 2..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let end = after.find(']')?;
            rest = &after[end + 1..];
        } else if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            names.push(after[..end].to_string());
            rest = &after[end..];
        } else {
            return None;
        }
    }
    Some(names)
}

/// The JSON pointer of a component a `$ref` names, if local.
fn resolve_ref(schema: &Value) -> Option<String> {
    schema
        .get("$ref")?
        .as_str()?
        .strip_prefix('#')
        .map(str::to_string)
}

/// Follows `$ref`s and `items` from `pointer` until an object schema.
fn object_schema_pointer(document: &Value, mut pointer: String) -> Option<String> {
    for _ in 0..16 {
        let schema = document.pointer(&pointer)?;
        if let Some(target) = resolve_ref(schema) {
            pointer = target;
        } else if schema.get("items").is_some() {
            pointer = format!("{pointer}/items");
        } else {
            return Some(pointer);
        }
    }
    None
}

fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

fn request_schema_pointer(document: &Value, operation_id: &str) -> Option<String> {
    let paths = document.get("paths")?.as_object()?;
    for (path, item) in paths {
        for (method, operation) in item.as_object()? {
            if operation.get("operationId").and_then(Value::as_str) == Some(operation_id) {
                return Some(format!(
                    "/paths/{}/{method}/requestBody/content/application~1json/schema",
                    escape(path)
                ));
            }
        }
    }
    None
}

fn apply(
    document: &mut Value,
    operation_id: &str,
    json_path: &str,
    keyword: &str,
    value: Option<Value>,
) -> Result<String, String> {
    let names = property_names(json_path).ok_or("not a JSON path of names and indices")?;
    let (field, parents) = names.split_last().ok_or("the path names no field")?;
    let mut pointer = request_schema_pointer(document, operation_id)
        .ok_or("the operation has no JSON request body")?;
    for name in parents {
        let object =
            object_schema_pointer(document, pointer).ok_or("the path leaves the schema")?;
        pointer = format!("{object}/properties/{}", escape(name));
    }
    let object = object_schema_pointer(document, pointer).ok_or("the path leaves the schema")?;
    let schema = document
        .pointer_mut(&object)
        .and_then(Value::as_object_mut)
        .ok_or("not an object schema")?;
    let has_field = schema
        .get("properties")
        .and_then(|p| p.get(field.as_str()))
        .is_some();
    if !has_field {
        return Err(format!("the request schema has no property `{field}`"));
    }
    if keyword == "required" {
        let required = schema
            .entry("required")
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = required
            && !list.iter().any(|name| name == field.as_str())
        {
            list.push(Value::String(field.clone()));
        }
        return Ok(format!("requires `{}`", names.join(".")));
    }
    let value = value.ok_or("the rule has no `from_detail` for its value")?;
    let property = schema
        .get_mut("properties")
        .and_then(|p| p.get_mut(field.as_str()))
        .and_then(Value::as_object_mut)
        .ok_or("the property is a reference, not an inline schema")?;
    property.insert(keyword.to_string(), value.clone());
    Ok(format!("sets {keyword} = {value} on `{}`", names.join(".")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_paths_become_property_names() {
        assert_eq!(
            property_names("$.watch[0].token"),
            Some(vec!["watch".into(), "token".into()])
        );
        assert_eq!(
            property_names("$['a b'][3].c"),
            Some(vec!["a b".into(), "c".into()])
        );
        assert_eq!(property_names("watch.token"), None);
    }
}
