//! A schema as the converter emits it: a small tree that prints as its
//! JSON schema object (keys in the order the document has always had them)
//! and becomes a `serde_json::Value` only on demand.
//!
//! A large collection's components are hundreds of thousands of small
//! schemas; as `Value` maps each cost four or five allocations (an index
//! table, an entry list, the `"type"` key, the `"string"` value) to build
//! and as many to free. A component's tree lives only until it is printed
//! to compact JSON text ([`crate::schema::SchemaRegistry`]).

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

/// One schema, printed with its keys in a fixed order (`type`, `format`,
/// `items`/`additionalProperties`/`required`/`properties`, then `nullable`).
#[derive(Debug, Clone, PartialEq)]
pub enum Schema {
    /// `{}`: any JSON.
    Any,
    /// `{"type": name, "format": format}`.
    Type {
        /// The JSON type (`string`, `integer`, `object`, ...).
        name: &'static str,
        /// Its format (`int64`, `date-time`), if any.
        format: Option<&'static str>,
        /// Whether `null` is accepted.
        nullable: bool,
    },
    /// `{"type": "array", "items": items}`.
    Array {
        /// The schema of every element.
        items: Box<Schema>,
        /// Whether `null` is accepted.
        nullable: bool,
    },
    /// `{"type": "object", "additionalProperties": values}`: a map.
    Map {
        /// The schema of every value.
        values: Box<Schema>,
        /// Whether `null` is accepted.
        nullable: bool,
    },
    /// An object with named properties (a component).
    Object {
        /// Properties every sample had (omitted when empty).
        required: Vec<String>,
        /// Properties in the order first seen.
        properties: Vec<(String, Schema)>,
        /// Other properties are allowed (`"additionalProperties": {}`).
        open: bool,
        /// Whether `null` is accepted.
        nullable: bool,
    },
    /// `{"$ref": "#/components/schemas/<name>"}`.
    Ref(String),
    /// `{"oneOf": variants}`.
    OneOf {
        /// The alternatives.
        variants: Vec<Schema>,
        /// Whether `null` is accepted.
        nullable: bool,
    },
}

impl Schema {
    /// Marks the schema as accepting `null`; a `$ref` or `{}` cannot say so
    /// and is left as it is.
    pub fn set_nullable(&mut self) {
        match self {
            Schema::Type { nullable, .. }
            | Schema::Array { nullable, .. }
            | Schema::Map { nullable, .. }
            | Schema::Object { nullable, .. }
            | Schema::OneOf { nullable, .. } => *nullable = true,
            Schema::Any | Schema::Ref(_) => {}
        }
    }

    /// Whether this is a collection with no named properties (an array, a
    /// map, or an object with none).
    pub fn is_collection(&self) -> bool {
        matches!(
            self,
            Schema::Array { .. } | Schema::Map { .. } | Schema::Type { name: "object", .. }
        )
    }

    /// The schema as a JSON value (the same keys, in the same order).
    pub fn to_value(&self) -> Value {
        // Printing into a Value cannot fail: every key is a string.
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

impl Serialize for Schema {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        let nullable = match self {
            Schema::Any => false,
            Schema::Type {
                name,
                format,
                nullable,
            } => {
                map.serialize_entry("type", name)?;
                if let Some(format) = format {
                    map.serialize_entry("format", format)?;
                }
                *nullable
            }
            Schema::Array { items, nullable } => {
                map.serialize_entry("type", "array")?;
                map.serialize_entry("items", items)?;
                *nullable
            }
            Schema::Map { values, nullable } => {
                map.serialize_entry("type", "object")?;
                map.serialize_entry("additionalProperties", values)?;
                *nullable
            }
            Schema::Object {
                required,
                properties,
                open,
                nullable,
            } => {
                map.serialize_entry("type", "object")?;
                if !required.is_empty() {
                    map.serialize_entry("required", required)?;
                }
                map.serialize_entry("properties", &Properties(properties))?;
                if *open {
                    map.serialize_entry("additionalProperties", &Schema::Any)?;
                }
                *nullable
            }
            Schema::Ref(name) => {
                map.serialize_entry("$ref", &format_args!("#/components/schemas/{name}"))?;
                false
            }
            Schema::OneOf { variants, nullable } => {
                map.serialize_entry("oneOf", variants)?;
                *nullable
            }
        };
        if nullable {
            map.serialize_entry("nullable", &true)?;
        }
        map.end()
    }
}

/// Named schemas printed as one JSON object, in order.
struct Properties<'a>(&'a [(String, Schema)]);

impl Serialize for Properties<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, schema) in self.0 {
            map.serialize_entry(name, schema)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn schemas_print_their_keys_in_the_documented_order() {
        let object = Schema::Object {
            required: vec!["id".into()],
            properties: vec![
                (
                    "id".into(),
                    Schema::Type {
                        name: "string",
                        format: None,
                        nullable: false,
                    },
                ),
                (
                    "tags".into(),
                    Schema::Array {
                        items: Box::new(Schema::Ref("Tag".into())),
                        nullable: true,
                    },
                ),
            ],
            open: true,
            nullable: true,
        };
        let printed = serde_json::to_string(&object).expect("prints");
        assert_eq!(
            printed,
            r##"{"type":"object","required":["id"],"properties":{"id":{"type":"string"},"tags":{"type":"array","items":{"$ref":"#/components/schemas/Tag"},"nullable":true}},"additionalProperties":{},"nullable":true}"##
        );
        assert_eq!(
            object.to_value()["properties"]["tags"]["nullable"],
            json!(true)
        );
    }

    #[test]
    fn a_ref_cannot_be_made_nullable() {
        let mut reference = Schema::Ref("Thing".into());
        reference.set_nullable();
        assert_eq!(
            reference.to_value(),
            json!({"$ref": "#/components/schemas/Thing"})
        );
    }
}
