//! Turns inferred [`Shape`]s into OpenAPI 3.0 schemas, hoisting every object
//! into a named component so that types have readable, stable names that
//! refinements can target (`EnableNotificationsResponseWatchItem`).

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::component_store::ComponentStore;
use crate::infer::{Kind, ObjectShape, Shape};
use crate::names::{finish_pascal, push_pascal_words};
use crate::samples::MAX_DEPTH;
use crate::warning::WarningKind;

/// Room for a schema written in place: a `$ref` to a component with a
/// long name fits.
const INLINE_SCHEMA_BYTES: usize = 128;

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
    /// Buffers for component texts being written, one per level of
    /// nesting, kept for reuse.
    buffers: Vec<Vec<u8>>,
    /// The hashes of one object's property keys, kept for reuse (see
    /// `has_identifier_collision`).
    hashes: Vec<u64>,
    /// Emitting a response: see [`SchemaRegistry::emit_response`].
    response: bool,
}

impl SchemaRegistry {
    /// Emits `shape` as a schema; objects become components named after
    /// `name` (PascalCased), nested ones after their parent and property.
    /// Values nested deeper than [`MAX_DEPTH`] accept any JSON (`{}`).
    pub fn emit(&mut self, shape: &Shape, name: &str) -> Value {
        // Printed by this module, so it parses.
        serde_json::from_str(&self.emit_text(shape, name)).unwrap_or(Value::Null)
    }

    /// [`SchemaRegistry::emit`], as compact JSON text.
    pub(crate) fn emit_text(&mut self, shape: &Shape, name: &str) -> String {
        let mut type_name = String::with_capacity(name.len() + 64);
        push_pascal_words(&mut type_name, name);
        // Most schemas written here are one `$ref` (objects are components).
        let mut out = Vec::with_capacity(INLINE_SCHEMA_BYTES);
        self.write_at(&mut out, shape, &mut type_name, 0);
        // Written by this module from UTF-8 names and serde_json strings.
        String::from_utf8(out).unwrap_or_else(|_| "{}".into())
    }

    /// Emits a response body's `shape` for decoding what the server *can*
    /// send, not only what was recorded: a few samples are thin evidence, so
    /// no property is required (absent and `null` both decode as `None`)
    /// and arrays and maps are nullable (typify would otherwise default them
    /// to an empty, non-null collection that rejects `null`). Maintainers
    /// tighten a type with an overlay `update` of `required`.
    pub fn emit_response(&mut self, shape: &Shape, name: &str) -> Value {
        // Printed by this module, so it parses.
        serde_json::from_str(&self.emit_response_text(shape, name)).unwrap_or(Value::Null)
    }

    /// [`SchemaRegistry::emit_response`], as compact JSON text.
    pub(crate) fn emit_response_text(&mut self, shape: &Shape, name: &str) -> String {
        self.response = true;
        let schema = self.emit_text(shape, name);
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

    /// Writes `shape`'s schema as compact JSON, named `type_name`: the
    /// PascalCased words of its name, before [`finish_pascal`]'s fix-ups.
    /// Children append their words to it and truncate them again, so no
    /// level re-cases its parent's name.
    ///
    /// Schemas are written straight to text, keys in a fixed order (`type`,
    /// `format`, `items`/`additionalProperties`/`required`/`properties`,
    /// then `nullable`): a large collection has hundreds of thousands of
    /// them, and building each as a tree cost more than all the rest of
    /// emitting it.
    fn write_at(&mut self, out: &mut Vec<u8>, shape: &Shape, type_name: &mut String, depth: usize) {
        // Reported where the samples are read (crate::samples), which also
        // keeps such samples out of the document's examples.
        if depth > MAX_DEPTH {
            out.extend_from_slice(b"{}");
            return;
        }
        match shape.kinds.as_slice() {
            // Only nulls or `[]` elements seen: anything goes.
            [] => out.extend_from_slice(b"{}"),
            [kind] => self.write_kind(out, kind, type_name, shape.nullable, depth),
            kinds => {
                out.extend_from_slice(br#"{"oneOf":["#);
                let parent = type_name.len();
                for (index, kind) in kinds.iter().enumerate() {
                    if index > 0 {
                        out.push(b',');
                    }
                    if kind_names_types(kind) {
                        push_pascal_words(
                            type_name,
                            &format!("variant {}", index.saturating_add(1)),
                        );
                    }
                    self.write_kind(out, kind, type_name, false, depth);
                    type_name.truncate(parent);
                }
                out.push(b']');
                close(out, shape.nullable);
            }
        }
    }

    /// Writes a child of `type_name` whose name adds `words`.
    fn write_child(
        &mut self,
        out: &mut Vec<u8>,
        shape: &Shape,
        type_name: &mut String,
        words: &str,
        depth: usize,
    ) {
        let parent = type_name.len();
        // Most properties are scalars, whose schemas name nothing: their
        // words would be cased only to be cut off again.
        if shape.kinds.iter().any(kind_names_types) {
            push_pascal_words(type_name, words);
        }
        self.write_at(out, shape, type_name, depth);
        type_name.truncate(parent);
    }

    /// Writes one kind's schema; `nullable` when its shape also held `null`.
    /// In a response, collections (arrays, maps, objects without
    /// properties) accept `null` too. An object with properties becomes a
    /// component, which says it is nullable itself: a `$ref` cannot.
    fn write_kind(
        &mut self,
        out: &mut Vec<u8>,
        kind: &Kind,
        type_name: &mut String,
        nullable: bool,
        depth: usize,
    ) {
        let child = depth.saturating_add(1);
        let collection_nullable = nullable || self.response;
        match kind {
            Kind::Boolean => plain(out, "boolean", None, nullable),
            Kind::Integer => plain(out, "integer", Some("int64"), nullable),
            Kind::Number => plain(out, "number", None, nullable),
            Kind::String(facts) if facts.all_date_time => {
                plain(out, "string", Some("date-time"), nullable)
            }
            Kind::String(_) => plain(out, "string", None, nullable),
            Kind::Array(items) => {
                out.extend_from_slice(br#"{"type":"array","items":"#);
                self.write_child(out, items, type_name, "item", child);
                close(out, collection_nullable);
            }
            Kind::Object(object) if object.is_empty() => {
                plain(out, "object", None, collection_nullable)
            }
            Kind::Object(object) if object.is_id_keyed_map() => {
                out.extend_from_slice(br#"{"type":"object","additionalProperties":"#);
                self.write_child(out, &object.merged_values(), type_name, "value", child);
                close(out, collection_nullable);
            }
            Kind::Object(object) => {
                let slot = self.write_component(object, type_name, nullable, child);
                out.extend_from_slice(br##"{"$ref":"#/components/schemas/"##);
                out.extend_from_slice(self.components.name(slot).as_bytes());
                out.extend_from_slice(b"\"}");
            }
        }
    }

    /// Writes an object with properties as a component named after
    /// `type_name` (made unique); returns its number.
    fn write_component(
        &mut self,
        object: &ObjectShape,
        type_name: &mut String,
        nullable: bool,
        child: usize,
    ) -> usize {
        // Name the parent before its children, so components read
        // top-down and names do not depend on nesting depth.
        let slot = match type_name.chars().next() {
            Some(first) if !first.is_ascii_digit() => self.components.claim(type_name),
            _ => self.components.claim(&finish_pascal(type_name.clone())),
        };
        // Names that collide once made Rust identifiers (`a-b` and `a_b`),
        // or that cannot be one (``), would give typify duplicate fields;
        // they go to a catch-all map. typify names the map's field `extra`,
        // so a property of that name must go to it as well.
        let spilled: Vec<bool> = if has_identifier_collision(object, &mut self.hashes) {
            let mut rust_names: BTreeSet<String> = BTreeSet::from(["extra".to_string()]);
            object
                .properties()
                .map(|(property, _, _)| {
                    let rust_name = identifier_key(property);
                    rust_name.is_empty() || !rust_names.insert(rust_name)
                })
                .collect()
        } else {
            // None spilled: nothing to allocate.
            Vec::new()
        };
        let is_spilled = |place: usize| spilled.get(place).copied().unwrap_or(false);
        let mut text = self.buffers.pop().unwrap_or_default();
        text.clear();
        text.extend_from_slice(br#"{"type":"object""#);
        let mut required = object
            .properties()
            .enumerate()
            .filter(|(place, (_, _, count))| {
                !is_spilled(*place) && !self.response && object.is_required(*count)
            })
            .peekable();
        if required.peek().is_some() {
            text.extend_from_slice(br#","required":["#);
            for (index, (_, (property, _, _))) in required.enumerate() {
                if index > 0 {
                    text.push(b',');
                }
                write_string(&mut text, property);
            }
            text.push(b']');
        }
        text.extend_from_slice(br#","properties":{"#);
        let mut first = true;
        for (place, (property, shape, _)) in object.properties().enumerate() {
            if is_spilled(place) {
                self.degraded.push((
                    WarningKind::PropertyCollision,
                    format!(
                        "property {property:?} of {} collides with another once made a Rust name; kept in the additional-properties map",
                        finish_pascal(type_name.clone())
                    ),
                ));
                continue;
            }
            if !first {
                text.push(b',');
            }
            first = false;
            write_string(&mut text, property);
            text.push(b':');
            self.write_child(&mut text, shape, type_name, property, child);
        }
        text.push(b'}');
        if spilled.contains(&true) {
            text.extend_from_slice(br#","additionalProperties":{}"#);
        }
        close(&mut text, nullable);
        // Written by this function from UTF-8 names and serde_json strings.
        if let Ok(written) = std::str::from_utf8(&text) {
            self.components.set_text(slot, written);
        }
        self.buffers.push(text);
        slot
    }
}

/// Whether `kind`'s schema may name a component (an object with
/// properties, or one inside an array or map), and so needs its type name.
fn kind_names_types(kind: &Kind) -> bool {
    matches!(kind, Kind::Array(_) | Kind::Object(_))
}

/// `{"type": name, "format": format, "nullable": true}`, as they apply.
fn plain(out: &mut Vec<u8>, name: &str, format: Option<&str>, nullable: bool) {
    out.extend_from_slice(br#"{"type":""#);
    out.extend_from_slice(name.as_bytes());
    out.push(b'"');
    if let Some(format) = format {
        out.extend_from_slice(br#","format":""#);
        out.extend_from_slice(format.as_bytes());
        out.push(b'"');
    }
    close(out, nullable);
}

/// Ends a schema object, saying first that it accepts `null` if it does.
fn close(out: &mut Vec<u8>, nullable: bool) {
    if nullable {
        out.extend_from_slice(br#","nullable":true"#);
    }
    out.push(b'}');
}

/// A JSON string, escaped as serde_json escapes it.
fn write_string(out: &mut Vec<u8>, text: &str) {
    if crate::reindent::needs_no_escape(text.as_bytes()) {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
        return;
    }
    // Writing into memory cannot fail.
    let _ = serde_json::to_writer(&mut *out, text);
}

/// A component's compact JSON text as a value (it was printed by this
/// module, so it parses).
pub fn component_value(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// Whether two properties meet once made Rust identifiers, or one cannot
/// be one. Hashes first, without building any name: only when two hashes
/// meet (almost never) are the names built and compared. The hashes are
/// sorted, not put in a hash table, so names chosen to make them meet cost
/// one exact comparison, never a slow table.
fn has_identifier_collision(object: &ObjectShape, hashes: &mut Vec<u64>) -> bool {
    hashes.clear();
    for (property, _, _) in object.properties() {
        match identifier_key_hash(property) {
            Some(hash) => hashes.push(hash),
            None => return true,
        }
    }
    hashes.sort_unstable();
    if !hashes.windows(2).any(|pair| pair.first() == pair.last()) {
        return false;
    }
    let mut seen = BTreeSet::new();
    object
        .properties()
        .any(|(property, _, _)| !seen.insert(identifier_key(property)))
}

/// FNV-1a of [`identifier_key`] of `property`, computed without building
/// it; `None` when the key is empty.
fn identifier_key_hash(property: &str) -> Option<u64> {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut empty = true;
    let mut add = |character: char| {
        empty = false;
        hash = (hash ^ u64::from(u32::from(character))).wrapping_mul(PRIME);
    };
    for character in property.chars() {
        if character.is_ascii() {
            if character.is_ascii_alphanumeric() {
                add(character.to_ascii_lowercase());
            }
        } else if character.is_alphanumeric() {
            character.to_lowercase().for_each(&mut add);
        }
    }
    (!empty).then_some(hash)
}

/// A property name reduced to what survives as a Rust identifier: letters
/// and digits, lowercased.
fn identifier_key(property: &str) -> String {
    let mut key = String::with_capacity(property.len());
    push_identifier_key(&mut key, property);
    key
}

/// Appends [`identifier_key`] of `property` to `key`.
fn push_identifier_key(key: &mut String, property: &str) {
    for character in property.chars() {
        if character.is_ascii() {
            if character.is_ascii_alphanumeric() {
                key.push(character.to_ascii_lowercase());
            }
        } else if character.is_alphanumeric() {
            key.extend(character.to_lowercase());
        }
    }
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
    fn schemas_print_their_keys_in_the_documented_order() {
        let mut shape = Shape::default();
        for sample in [
            json!({"id": "1", "a-b": 1, "a_b": 2, "tags": [{"n": 1}], "when": "2021-05-03T20:27:17+05:30"}),
            json!(null),
            json!({"id": "2", "a-b": 1, "a_b": 2, "tags": null, "when": "2021-05-03T20:27:17+05:30"}),
        ] {
            shape.observe(&sample);
        }
        let mut registry = SchemaRegistry::default();
        registry.emit(&shape, "thing");
        let texts: Vec<(&str, &str)> = registry.components().collect();
        assert_eq!(
            texts,
            [
                (
                    "Thing",
                    r##"{"type":"object","required":["id","a-b","tags","when"],"properties":{"id":{"type":"string"},"a-b":{"type":"integer","format":"int64"},"tags":{"type":"array","items":{"$ref":"#/components/schemas/ThingTagsItem"},"nullable":true},"when":{"type":"string","format":"date-time"}},"additionalProperties":{},"nullable":true}"##
                ),
                (
                    "ThingTagsItem",
                    r#"{"type":"object","required":["n"],"properties":{"n":{"type":"integer","format":"int64"}}}"#
                ),
            ]
        );
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
    fn names_that_differ_only_in_case_outside_ascii_collide_too() {
        let (_, mut registry) = emit(
            &[json!({"Éclair": 1, "éclair": 2, "ÉCLAIR-X": 3, "other": 4})],
            "thing",
        );
        let schemas = registry.to_value_map();
        let names: Vec<_> = schemas["Thing"]["properties"]
            .as_object()
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default();
        assert_eq!(names, ["Éclair", "ÉCLAIR-X", "other"]);
        assert_eq!(registry.take_degraded().len(), 1, "éclair is Éclair's twin");
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
