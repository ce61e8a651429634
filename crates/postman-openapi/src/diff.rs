//! What changed between two generated documents, in the terms of the Rust
//! API generated from them, with breaking changes marked.
//!
//! Breaking means code using the old generated types may stop compiling or
//! behave differently: an operation or type removed, a field removed, a
//! field's type changed, a field becoming optional (`T` → `Option<T>`) or
//! required, a constraint added, or a new required field (struct literals).

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

/// One change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiChange {
    /// Whether users of the old API can break.
    pub breaking: bool,
    /// What changed, e.g. ``field `EnableNotificationsResponse.watch` removed``.
    pub description: String,
}

impl fmt::Display for ApiChange {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mark = if self.breaking { "BREAKING" } else { "added" };
        write!(formatter, "{mark}: {}", self.description)
    }
}

fn change(breaking: bool, description: String) -> ApiChange {
    ApiChange {
        breaking,
        description,
    }
}

fn operations(document: &Value) -> BTreeMap<String, String> {
    let mut operations = BTreeMap::new();
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for (method, operation) in item.as_object().into_iter().flatten() {
            if let Some(id) = operation["operationId"].as_str() {
                operations.insert(id.to_string(), format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    operations
}

/// A one-line description of a property schema, including what changes the
/// generated Rust type (format, constraints, enum values).
fn describe(schema: &Value) -> String {
    if let Some(reference) = schema["$ref"].as_str() {
        return reference
            .rsplit('/')
            .next()
            .unwrap_or(reference)
            .to_string();
    }
    let mut text = match schema["type"].as_str() {
        Some("array") => format!("array of {}", describe(&schema["items"])),
        Some(kind) => kind.to_string(),
        None if schema.get("oneOf").is_some() => "oneOf".to_string(),
        None => "any".to_string(),
    };
    for keyword in [
        "format",
        "maxLength",
        "minLength",
        "maximum",
        "minimum",
        "enum",
        "nullable",
        "additionalProperties",
    ] {
        if let Some(value) = schema.get(keyword) {
            let value = match value {
                Value::Object(_) => describe(value),
                other => other.to_string(),
            };
            text.push_str(&format!(" {keyword}={value}"));
        }
    }
    text
}

fn required(schema: &Value) -> Vec<&str> {
    schema["required"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// Compares the documents `old` and `new`.
pub fn diff(old: &Value, new: &Value) -> Vec<ApiChange> {
    let mut changes = Vec::new();
    let (old_operations, new_operations) = (operations(old), operations(new));
    for (id, route) in &old_operations {
        if !new_operations.contains_key(id) {
            changes.push(change(true, format!("operation `{id}` ({route}) removed")));
        }
    }
    for (id, route) in &new_operations {
        if !old_operations.contains_key(id) {
            changes.push(change(false, format!("operation `{id}` ({route})")));
        }
    }
    let empty = serde_json::Map::new();
    let old_schemas = old
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let new_schemas = new
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    for (name, old_schema) in old_schemas {
        let Some(new_schema) = new_schemas.get(name) else {
            changes.push(change(true, format!("type `{name}` removed")));
            continue;
        };
        let old_properties = old_schema["properties"].as_object().unwrap_or(&empty);
        let new_properties = new_schema["properties"].as_object().unwrap_or(&empty);
        let (old_required, new_required) = (required(old_schema), required(new_schema));
        for (property, old_property) in old_properties {
            let field = format!("`{name}.{property}`");
            let Some(new_property) = new_properties.get(property) else {
                changes.push(change(true, format!("field {field} removed")));
                continue;
            };
            let (before, after) = (describe(old_property), describe(new_property));
            if before != after {
                changes.push(change(
                    true,
                    format!("field {field} changed from {before} to {after}"),
                ));
            }
            match (
                old_required.contains(&property.as_str()),
                new_required.contains(&property.as_str()),
            ) {
                (true, false) => {
                    changes.push(change(true, format!("field {field} became optional")))
                }
                (false, true) => {
                    changes.push(change(true, format!("field {field} became required")))
                }
                _ => {}
            }
        }
        for (property, new_property) in new_properties {
            if !old_properties.contains_key(property) {
                let is_required = new_required.contains(&property.as_str());
                let kind = if is_required { "required" } else { "optional" };
                changes.push(change(
                    is_required,
                    format!(
                        "{kind} field `{name}.{property}` ({})",
                        describe(new_property)
                    ),
                ));
            }
        }
    }
    for name in new_schemas.keys() {
        if !old_schemas.contains_key(name) {
            changes.push(change(false, format!("type `{name}`")));
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document(properties: Value, required: Value) -> Value {
        json!({"paths": {"/a": {"get": {"operationId": "get_a"}}},
               "components": {"schemas": {"A": {"type": "object", "required": required, "properties": properties}}}})
    }

    #[test]
    fn removed_and_retyped_fields_are_breaking_new_optional_ones_are_not() {
        let old = document(
            json!({"x": {"type": "string"}, "y": {"type": "integer"}}),
            json!(["x", "y"]),
        );
        let new = document(
            json!({"x": {"type": "string", "maxLength": 50}, "z": {"type": "boolean"}}),
            json!(["x"]),
        );
        let changes: Vec<String> = diff(&old, &new).iter().map(ToString::to_string).collect();
        assert_eq!(
            changes,
            [
                "BREAKING: field `A.x` changed from string to string maxLength=50",
                "BREAKING: field `A.y` removed",
                "added: optional field `A.z` (boolean)",
            ]
        );
    }

    #[test]
    fn identical_documents_have_no_changes() {
        let doc = document(json!({"x": {"type": "string"}}), json!(["x"]));
        assert!(diff(&doc, &doc).is_empty());
    }
}
