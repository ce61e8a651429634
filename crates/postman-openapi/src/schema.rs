//! Turns inferred [`Shape`]s into OpenAPI 3.0 schemas, hoisting every object
//! into a named component so that types have readable, stable names that
//! refinements can target (`EnableNotificationsResponseWatchItem`).

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::infer::{Kind, Shape};
use crate::names::{UniqueNames, finish_pascal, pascal_case, push_pascal_words};
use crate::samples::MAX_DEPTH;
use crate::warning::WarningKind;

/// The `components.schemas` being built, with unique names.
#[derive(Debug, Default)]
pub struct SchemaRegistry {
    /// Schemas by name, in the order they were first named.
    pub schemas: Map<String, Value>,
    /// What had to be degraded since the last [`SchemaRegistry::take_degraded`].
    degraded: Vec<(WarningKind, String)>,
    names: UniqueNames,
    /// Emitting a response: see [`SchemaRegistry::emit_response`].
    response: bool,
}

impl SchemaRegistry {
    /// Emits `shape` as a schema; objects become components named after
    /// `name` (PascalCased), nested ones after their parent and property.
    /// Values nested deeper than [`MAX_DEPTH`] accept any JSON (`{}`).
    pub fn emit(&mut self, shape: &Shape, name: &str) -> Value {
        let mut type_name = String::with_capacity(name.len() + 64);
        push_pascal_words(&mut type_name, name);
        self.emit_at(shape, &mut type_name, 0)
    }

    /// Emits `shape`, named `type_name`: the PascalCased words of its name,
    /// before [`finish_pascal`]'s fix-ups. Children append their words to
    /// it and truncate them again, so no level re-cases its parent's name.
    fn emit_at(&mut self, shape: &Shape, type_name: &mut String, depth: usize) -> Value {
        // Reported where the samples are read (crate::samples), which also
        // keeps such samples out of the document's examples.
        if depth > MAX_DEPTH {
            return Value::Object(Map::new());
        }
        let mut schema = match shape.kinds.as_slice() {
            // Only nulls or `[]` elements seen: anything goes.
            [] => Value::Object(Map::new()),
            [kind] => self.emit_kind(kind, type_name, shape.nullable, depth),
            kinds => {
                let parent = type_name.len();
                let mut variants = Vec::with_capacity(kinds.len());
                for (index, kind) in kinds.iter().enumerate() {
                    push_pascal_words(type_name, &format!("variant {}", index + 1));
                    variants.push(self.emit_kind(kind, type_name, false, depth));
                    type_name.truncate(parent);
                }
                object([("oneOf", Value::Array(variants))], 2)
            }
        };
        if let Some(object) = schema
            .as_object_mut()
            .filter(|_| shape.nullable && !shape.kinds.is_empty())
            && !object.contains_key("$ref")
        {
            object.insert("nullable".into(), Value::Bool(true));
        }
        schema
    }

    /// Emits a response body's `shape` for decoding what the server *can*
    /// send, not only what was recorded: a few samples are thin evidence, so
    /// no property is required (absent and `null` both decode as `None`)
    /// and arrays and maps are nullable (typify would otherwise default them
    /// to an empty, non-null collection that rejects `null`). Maintainers
    /// tighten a type with an overlay `update` of `required`.
    pub fn emit_response(&mut self, shape: &Shape, name: &str) -> Value {
        self.response = true;
        let schema = self.emit(shape, name);
        self.response = false;
        schema
    }

    /// Takes the notes about degraded schemas emitted so far, each with
    /// its kind.
    pub fn take_degraded(&mut self) -> Vec<(WarningKind, String)> {
        std::mem::take(&mut self.degraded)
    }

    /// Stores `schema` as a component named after `name` and returns a
    /// reference to it.
    pub fn register(&mut self, name: &str, schema: Value) -> Value {
        let unique = self.names.claim(&pascal_case(name), "");
        let reference = reference_to(&unique);
        self.schemas.insert(unique, schema);
        reference
    }

    fn emit_kind(
        &mut self,
        kind: &Kind,
        type_name: &mut String,
        nullable: bool,
        depth: usize,
    ) -> Value {
        let mut schema = self.emit_kind_as_recorded(kind, type_name, nullable, depth);
        let is_collection = schema.get("type").is_some_and(|t| t == "array")
            || (schema.get("type").is_some_and(|t| t == "object")
                && schema.get("properties").is_none());
        if self.response && is_collection {
            schema["nullable"] = Value::Bool(true);
        }
        schema
    }

    /// Emits a child of `type_name` whose name adds `words`.
    fn emit_child(
        &mut self,
        shape: &Shape,
        type_name: &mut String,
        words: &str,
        depth: usize,
    ) -> Value {
        let parent = type_name.len();
        push_pascal_words(type_name, words);
        let schema = self.emit_at(shape, type_name, depth);
        type_name.truncate(parent);
        schema
    }

    fn emit_kind_as_recorded(
        &mut self,
        kind: &Kind,
        type_name: &mut String,
        nullable: bool,
        depth: usize,
    ) -> Value {
        let child = depth.saturating_add(1);
        match kind {
            Kind::Boolean => object([("type", "boolean".into())], 2),
            Kind::Integer => object([("type", "integer".into()), ("format", "int64".into())], 3),
            Kind::Number => object([("type", "number".into())], 2),
            Kind::String(facts) if facts.all_date_time => object(
                [("type", "string".into()), ("format", "date-time".into())],
                3,
            ),
            Kind::String(_) => object([("type", "string".into())], 2),
            Kind::Array(items) => {
                let items = self.emit_child(items, type_name, "item", child);
                object([("type", "array".into()), ("items", items)], 3)
            }
            Kind::Object(object_shape) if object_shape.properties.is_empty() => {
                object([("type", "object".into())], 2)
            }
            Kind::Object(object_shape) if object_shape.is_id_keyed_map() => {
                let values =
                    self.emit_child(&object_shape.merged_values(), type_name, "value", child);
                object(
                    [("type", "object".into()), ("additionalProperties", values)],
                    3,
                )
            }
            Kind::Object(object_shape) => {
                // Name the parent before its children, so components read
                // top-down and names do not depend on nesting depth.
                let unique = self.names.claim(&finish_pascal(type_name.clone()), "");
                self.schemas.insert(unique.clone(), Value::Null);
                let mut properties = Map::with_capacity(object_shape.properties.len());
                let mut required = Vec::new();
                let mut seen_keys = BTreeSet::new();
                let needs_map = object_shape.properties.iter().any(|(property, _, _)| {
                    let key = identifier_key(property);
                    key.is_empty() || !seen_keys.insert(key)
                });
                // typify names the catch-all map's field `extra`, so a
                // property of that name must go to the map as well.
                let mut rust_names: BTreeSet<String> = BTreeSet::new();
                if needs_map {
                    rust_names.insert("extra".to_string());
                }
                let mut spilled = false;
                for (property, shape, count) in &object_shape.properties {
                    // Names that collide once made Rust identifiers (`a-b`
                    // and `a_b`), or that cannot be one (``), would give
                    // typify duplicate fields; they go to a catch-all map.
                    if needs_map {
                        let rust_name = identifier_key(property);
                        if rust_name.is_empty() || rust_names.contains(&rust_name) {
                            spilled = true;
                            self.degraded.push((
                                WarningKind::PropertyCollision,
                                format!(
                                    "property {property:?} of {} collides with another once made a Rust name; kept in the additional-properties map",
                                    finish_pascal(type_name.clone())
                                ),
                            ));
                            continue;
                        }
                        rust_names.insert(rust_name);
                    }
                    let property_schema = self.emit_child(shape, type_name, property, child);
                    properties.insert(property.clone(), property_schema);
                    if !self.response && object_shape.is_required(*count) {
                        required.push(Value::String(property.clone()));
                    }
                }
                let mut schema = Map::with_capacity(5);
                schema.insert("type".into(), "object".into());
                if !required.is_empty() {
                    schema.insert("required".into(), Value::Array(required));
                }
                schema.insert("properties".into(), Value::Object(properties));
                if spilled {
                    schema.insert("additionalProperties".into(), Value::Object(Map::new()));
                }
                if nullable {
                    // A `$ref` cannot carry `nullable` in 3.0, so the
                    // component itself says it; each component has one user.
                    schema.insert("nullable".into(), Value::Bool(true));
                }
                let reference = reference_to(&unique);
                self.schemas.insert(unique, Value::Object(schema));
                reference
            }
        }
    }
}

/// `{"$ref": "#/components/schemas/<name>"}`.
fn reference_to(name: &str) -> Value {
    object(
        [(
            "$ref",
            Value::String(format!("#/components/schemas/{name}")),
        )],
        1,
    )
}

/// A JSON object of `entries`, with room for `capacity` (a later
/// `nullable` goes in without growing it). Schemas are built by the
/// hundred thousand; `json!` grows each map from empty.
fn object<const N: usize>(entries: [(&str, Value); N], capacity: usize) -> Value {
    let mut map = Map::with_capacity(capacity.max(N));
    for (key, value) in entries {
        map.insert(key.to_string(), value);
    }
    Value::Object(map)
}

/// A property name reduced to what survives as a Rust identifier: letters
/// and digits, lowercased.
fn identifier_key(property: &str) -> String {
    property
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn emit(samples: &[Value], name: &str) -> (Value, SchemaRegistry) {
        let mut shape = Shape::default();
        samples.iter().for_each(|sample| shape.observe(sample));
        let mut registry = SchemaRegistry::default();
        let schema = registry.emit(&shape, name);
        (schema, registry)
    }

    #[test]
    fn objects_become_named_components_with_required_lists() {
        let (root, registry) = emit(
            &[
                json!({"watch": [{"code": "SUCCESS", "details": {"events": []}}]}),
                json!({"watch": [{"code": "INVALID_DATA", "details": {"maximum_length": 50}}]}),
            ],
            "enable notifications response",
        );
        assert_eq!(
            root,
            json!({"$ref": "#/components/schemas/EnableNotificationsResponse"})
        );
        let names: Vec<_> = registry.schemas.keys().cloned().collect();
        assert_eq!(
            names,
            [
                "EnableNotificationsResponse",
                "EnableNotificationsResponseWatchItem",
                "EnableNotificationsResponseWatchItemDetails",
            ]
        );
        let details = &registry.schemas["EnableNotificationsResponseWatchItemDetails"];
        assert_eq!(
            details.get("required"),
            None,
            "neither key is in every sample"
        );
        assert_eq!(
            details["properties"]["maximum_length"],
            json!({"type": "integer", "format": "int64"})
        );
    }

    #[test]
    fn id_keyed_objects_become_maps() {
        let (root, _) = emit(&[json!({"5725767000003000010": ["Mobile"]})], "affected");
        assert_eq!(
            root,
            json!({"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}})
        );
    }

    #[test]
    fn values_nested_deeper_than_the_limit_accept_any_json() {
        let deep = (0..MAX_DEPTH + 3).fold(json!("leaf"), |inner, _| json!([inner]));
        let (root, _) = emit(&[deep], "deep");
        let mut schema = &root;
        let mut levels = 0;
        while let Some(items) = schema.get("items") {
            schema = items;
            levels += 1;
        }
        assert_eq!(levels, MAX_DEPTH + 1, "arrays down to the limit");
        assert_eq!(schema, &json!({}), "below it, anything");
    }

    #[test]
    fn clashing_kinds_become_one_of() {
        let (root, _) = emit(&[json!("x"), json!(1), json!(null)], "v");
        assert_eq!(
            root,
            json!({"oneOf": [{"type": "string"}, {"type": "integer", "format": "int64"}], "nullable": true})
        );
    }

    #[test]
    fn names_that_collide_as_rust_identifiers_go_to_a_map() {
        let (root, mut registry) = emit(
            &[json!({"a-b": 1, "a_b": 2, "": 3, "c": 4, "extra": 5})],
            "thing",
        );
        assert_eq!(root["$ref"], "#/components/schemas/Thing");
        let thing = &registry.schemas["Thing"];
        let names: Vec<_> = thing["properties"]
            .as_object()
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        assert_eq!(names, ["a-b", "c"]);
        assert_eq!(thing["additionalProperties"], json!({}));
        assert_eq!(
            registry.take_degraded().len(),
            3,
            "a-b's twin, the empty name, and `extra`"
        );
    }
}
