//! Turns inferred [`Shape`]s into OpenAPI 3.0 schemas, hoisting every object
//! into a named component so that types have readable, stable names that
//! refinements can target (`EnableNotificationsResponseWatchItem`).

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeSet, HashSet};
use std::hash::{Hash, Hasher};

use serde_json::{Map, Value};

use crate::component_store::ComponentStore;
use crate::infer::{Kind, Shape};
use crate::names::{finish_pascal, push_pascal_words};
use crate::samples::MAX_DEPTH;
use crate::schema_tree::Schema;
use crate::warning::WarningKind;

/// The `components.schemas` being built, with unique names.
#[derive(Debug, Default)]
pub struct SchemaRegistry {
    /// Schemas by unique name, in the order they were first named, each as
    /// its compact JSON text: a large collection has hundreds of thousands
    /// of properties, and as text they take a fraction of the memory trees
    /// do.
    components: ComponentStore,
    /// What had to be degraded since the last [`SchemaRegistry::take_degraded`].
    degraded: Vec<(WarningKind, String)>,
    /// Where each component's text is printed before it is stored.
    scratch: Vec<u8>,
    /// Emitting a response: see [`SchemaRegistry::emit_response`].
    response: bool,
}

impl SchemaRegistry {
    /// Emits `shape` as a schema; objects become components named after
    /// `name` (PascalCased), nested ones after their parent and property.
    /// Values nested deeper than [`MAX_DEPTH`] accept any JSON (`{}`).
    pub fn emit(&mut self, shape: &Shape, name: &str) -> Value {
        self.emit_tree(shape, name).to_value()
    }

    /// [`SchemaRegistry::emit`], as a [`Schema`].
    pub fn emit_tree(&mut self, shape: &Shape, name: &str) -> Schema {
        let mut type_name = String::with_capacity(name.len() + 64);
        push_pascal_words(&mut type_name, name);
        self.emit_at(shape, &mut type_name, 0)
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

    /// The components emitted so far, by name, in order, each as compact
    /// JSON text.
    pub fn components(&self) -> impl Iterator<Item = (&str, &str)> {
        self.components.iter()
    }

    /// Takes the components emitted so far.
    pub(crate) fn take_components(&mut self) -> ComponentStore {
        std::mem::take(&mut self.components)
    }

    /// The components as JSON values, by name.
    pub fn to_value_map(&self) -> Map<String, Value> {
        self.components
            .iter()
            .map(|(name, text)| (name.to_string(), component_value(text)))
            .collect()
    }

    /// Emits `shape`, named `type_name`: the PascalCased words of its name,
    /// before [`finish_pascal`]'s fix-ups. Children append their words to
    /// it and truncate them again, so no level re-cases its parent's name.
    fn emit_at(&mut self, shape: &Shape, type_name: &mut String, depth: usize) -> Schema {
        // Reported where the samples are read (crate::samples), which also
        // keeps such samples out of the document's examples.
        if depth > MAX_DEPTH {
            return Schema::Any;
        }
        let mut schema = match shape.kinds.as_slice() {
            // Only nulls or `[]` elements seen: anything goes.
            [] => Schema::Any,
            [kind] => self.emit_kind(kind, type_name, shape.nullable, depth),
            kinds => {
                let parent = type_name.len();
                let mut variants = Vec::with_capacity(kinds.len());
                for (index, kind) in kinds.iter().enumerate() {
                    push_pascal_words(type_name, &format!("variant {}", index + 1));
                    variants.push(self.emit_kind(kind, type_name, false, depth));
                    type_name.truncate(parent);
                }
                Schema::OneOf {
                    variants,
                    nullable: false,
                }
            }
        };
        if shape.nullable && !shape.kinds.is_empty() {
            schema.set_nullable();
        }
        schema
    }

    fn emit_kind(
        &mut self,
        kind: &Kind,
        type_name: &mut String,
        nullable: bool,
        depth: usize,
    ) -> Schema {
        let mut schema = self.emit_kind_as_recorded(kind, type_name, nullable, depth);
        if self.response && schema.is_collection() {
            schema.set_nullable();
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
    ) -> Schema {
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
    ) -> Schema {
        let child = depth.saturating_add(1);
        let plain = |name, format| Schema::Type {
            name,
            format,
            nullable: false,
        };
        match kind {
            Kind::Boolean => plain("boolean", None),
            Kind::Integer => plain("integer", Some("int64")),
            Kind::Number => plain("number", None),
            Kind::String(facts) if facts.all_date_time => plain("string", Some("date-time")),
            Kind::String(_) => plain("string", None),
            Kind::Array(items) => Schema::Array {
                items: Box::new(self.emit_child(items, type_name, "item", child)),
                nullable: false,
            },
            Kind::Object(object) if object.properties.is_empty() => plain("object", None),
            Kind::Object(object) if object.is_id_keyed_map() => Schema::Map {
                values: Box::new(self.emit_child(
                    &object.merged_values(),
                    type_name,
                    "value",
                    child,
                )),
                nullable: false,
            },
            Kind::Object(object) => {
                // Name the parent before its children, so components read
                // top-down and names do not depend on nesting depth.
                let slot = match type_name.chars().next() {
                    Some(first) if !first.is_ascii_digit() => self.components.claim(type_name),
                    _ => self.components.claim(&finish_pascal(type_name.clone())),
                };
                let mut properties = Vec::with_capacity(object.properties.len());
                let mut required = Vec::new();
                let needs_map = has_identifier_collision(&object.properties);
                // typify names the catch-all map's field `extra`, so a
                // property of that name must go to the map as well.
                let mut rust_names: BTreeSet<String> = BTreeSet::new();
                if needs_map {
                    rust_names.insert("extra".to_string());
                }
                let mut spilled = false;
                for (property, shape, count) in &object.properties {
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
                    properties.push((property.clone(), property_schema));
                    if !self.response && object.is_required(*count) {
                        required.push(property.clone());
                    }
                }
                // A `$ref` cannot carry `nullable` in 3.0, so the component
                // itself says it; each component has one user.
                let component = Schema::Object {
                    required,
                    properties,
                    open: spilled,
                    nullable,
                };
                self.scratch.clear();
                // Printing a schema tree into memory cannot fail, and
                // serde_json prints UTF-8.
                if serde_json::to_writer(&mut self.scratch, &component).is_ok()
                    && let Ok(text) = std::str::from_utf8(&self.scratch)
                {
                    self.components.set_text(slot, text);
                }
                Schema::Ref(self.components.name(slot).to_string())
            }
        }
    }
}

/// A component's compact JSON text as a value (it was printed by this
/// module, so it parses).
pub fn component_value(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// Whether two properties meet once made Rust identifiers, or one cannot
/// be one. Hashes first, without building any name: only when two hashes
/// meet (almost never) are the names built and compared.
fn has_identifier_collision(properties: &[(String, Shape, usize)]) -> bool {
    let mut hashes = HashSet::with_capacity(properties.len());
    let mut hashes_meet = false;
    for (property, _, _) in properties {
        let mut hasher = DefaultHasher::new();
        let mut empty = true;
        for character in property.chars().filter(|c| c.is_alphanumeric()) {
            for lower in character.to_lowercase() {
                lower.hash(&mut hasher);
                empty = false;
            }
        }
        if empty {
            return true;
        }
        hashes_meet |= !hashes.insert(hasher.finish());
    }
    if !hashes_meet {
        return false;
    }
    let mut seen = BTreeSet::new();
    properties
        .iter()
        .any(|(property, _, _)| !seen.insert(identifier_key(property)))
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
        let names: Vec<_> = registry.components().map(|(name, _)| name).collect();
        assert_eq!(
            names,
            [
                "EnableNotificationsResponse",
                "EnableNotificationsResponseWatchItem",
                "EnableNotificationsResponseWatchItemDetails",
            ]
        );
        let schemas = registry.to_value_map();
        let details = &schemas["EnableNotificationsResponseWatchItemDetails"];
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
        let schemas = registry.to_value_map();
        let thing = &schemas["Thing"];
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
