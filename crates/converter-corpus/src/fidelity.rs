//! Does the converted document keep every field the collection recorded?
//!
//! For each recorded JSON response example in the document, every leaf of
//! the example (a scalar, or an empty object or array) is looked up in its
//! response's schema, following `$ref`, `properties`, `items`,
//! `additionalProperties` and `oneOf`. A leaf the schema has no place for is
//! a field the generated types would silently drop.

use serde_json::{Map, Value};

/// Leaves counted and leaves the schemas have a place for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fidelity {
    /// Every leaf of every recorded JSON response example.
    pub leaves: usize,
    /// Those their schema keeps.
    pub kept: usize,
}

impl Fidelity {
    /// The share kept, 1.0 when there is nothing to keep.
    pub fn ratio(&self) -> f64 {
        if self.leaves == 0 {
            1.0
        } else {
            self.kept as f64 / self.leaves as f64
        }
    }

    fn add(&mut self, other: Fidelity) {
        self.leaves = self.leaves.saturating_add(other.leaves);
        self.kept = self.kept.saturating_add(other.kept);
    }
}

/// Nesting beyond this is not followed (the converter caps schemas too).
const MAX_DEPTH: usize = 64;

/// The fidelity of every response example in `document`.
pub fn response_fidelity(document: &Value) -> Fidelity {
    let schemas = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut total = Fidelity::default();
    let operations = document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|paths| paths.values())
        .filter_map(Value::as_object)
        .flat_map(|item| item.values())
        .filter_map(Value::as_object);
    for operation in operations {
        let responses = operation.get("responses").and_then(Value::as_object);
        for response in responses.into_iter().flat_map(|r| r.values()) {
            let Some(media) = response.pointer("/content/application~1json") else {
                continue;
            };
            let schema = media.get("schema").cloned().unwrap_or(Value::Null);
            let examples = media.get("examples").and_then(Value::as_object);
            for example in examples.into_iter().flat_map(|e| e.values()) {
                if let Some(value) = example.get("value") {
                    total.add(cover(&schema, value, &schemas, 0));
                }
            }
        }
    }
    total
}

/// How many leaves of `value` there are, and how many `schema` keeps.
fn cover(schema: &Value, value: &Value, schemas: &Map<String, Value>, depth: usize) -> Fidelity {
    let schema = resolve(schema, schemas);
    if depth > MAX_DEPTH || accepts_anything(schema) {
        let leaves = leaves(value);
        return Fidelity {
            leaves,
            kept: leaves,
        };
    }
    if let Some(variants) = schema.get("oneOf").and_then(Value::as_array) {
        return variants
            .iter()
            .map(|variant| cover(variant, value, schemas, depth + 1))
            .max_by_key(|fidelity| fidelity.kept)
            .unwrap_or(Fidelity {
                leaves: leaves(value),
                kept: 0,
            });
    }
    match value {
        Value::Object(fields) if !fields.is_empty() => {
            let mut total = Fidelity::default();
            for (name, field) in fields {
                let place = schema
                    .pointer(&format!(
                        "/properties/{}",
                        name.replace('~', "~0").replace('/', "~1")
                    ))
                    .or_else(|| {
                        schema
                            .get("additionalProperties")
                            .filter(|a| *a != &Value::Bool(false))
                    });
                match place {
                    Some(Value::Bool(true)) => total.add(Fidelity {
                        leaves: leaves(field),
                        kept: leaves(field),
                    }),
                    Some(place) => total.add(cover(place, field, schemas, depth + 1)),
                    None => total.add(Fidelity {
                        leaves: leaves(field),
                        kept: 0,
                    }),
                }
            }
            total
        }
        Value::Array(items) if !items.is_empty() => {
            let mut total = Fidelity::default();
            let item_schema = schema.get("items").cloned().unwrap_or(Value::Null);
            for item in items {
                if schema.get("items").is_some() {
                    total.add(cover(&item_schema, item, schemas, depth + 1));
                } else {
                    total.add(Fidelity {
                        leaves: leaves(item),
                        kept: 0,
                    });
                }
            }
            total
        }
        // A scalar, or an empty object or array: kept where a schema exists.
        _ => Fidelity {
            leaves: 1,
            kept: usize::from(!schema.is_null()),
        },
    }
}

fn resolve<'a>(schema: &'a Value, schemas: &'a Map<String, Value>) -> &'a Value {
    let mut current = schema;
    for _ in 0..MAX_DEPTH {
        let Some(name) = current
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| reference.strip_prefix("#/components/schemas/"))
        else {
            break;
        };
        match schemas.get(name) {
            Some(target) => current = target,
            None => return &Value::Null,
        }
    }
    current
}

/// `{}` (or a schema with only descriptive keywords) takes any JSON.
fn accepts_anything(schema: &Value) -> bool {
    schema.as_object().is_some_and(|object| {
        ![
            "type",
            "properties",
            "items",
            "additionalProperties",
            "oneOf",
            "$ref",
            "enum",
        ]
        .iter()
        .any(|keyword| object.contains_key(*keyword))
    })
}

fn leaves(value: &Value) -> usize {
    match value {
        Value::Object(fields) if !fields.is_empty() => {
            fields.values().map(leaves).fold(0, usize::saturating_add)
        }
        Value::Array(items) if !items.is_empty() => {
            items.iter().map(leaves).fold(0, usize::saturating_add)
        }
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document(schema: Value, example: Value) -> Value {
        json!({"paths": {"/x": {"get": {"responses": {"200": {"content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/X"},
            "examples": {"one": {"value": example}}}}}}}}},
            "components": {"schemas": {"X": schema}}})
    }

    #[test]
    fn a_field_without_a_place_in_the_schema_is_counted_as_dropped() {
        let schema = json!({"type": "object", "properties": {"a": {"type": "string"},
            "list": {"type": "array", "items": {"type": "object", "properties": {"b": {"type": "integer"}}}}}});
        let example =
            json!({"a": "x", "list": [{"b": 1, "c": 2}, {"b": 3}], "gone": {"d": 1, "e": []}});
        assert_eq!(
            response_fidelity(&document(schema, example)),
            Fidelity { leaves: 6, kept: 3 }
        );
    }

    #[test]
    fn maps_and_any_schemas_keep_everything_below_them() {
        let schema = json!({"type": "object", "properties": {"m": {"type": "object", "additionalProperties": {}}, "any": {}}});
        let example = json!({"m": {"1": {"deep": [1, 2]}}, "any": {"x": {"y": null}}});
        let fidelity = response_fidelity(&document(schema, example));
        assert_eq!(fidelity.kept, fidelity.leaves);
        assert_eq!(fidelity.leaves, 3);
    }
}
