//! Converts Postman collections (v2.0 and v2.1), with their recorded example
//! responses, into OpenAPI 3.0.3 documents that progenitor accepts.
//!
//! The converter knows nothing about any particular API: everything it emits
//! is inferred from the collection's requests, sample bodies and examples.
//!
//! ```
//! let collection = r#"{
//!   "info": {"name": "Pets", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
//!   "item": [{
//!     "name": "Get Pet",
//!     "request": {"method": "GET", "url": "https://pets.test/pets/:id"},
//!     "response": [{"name": "found", "code": 200, "body": "{\"id\": \"4150868000000002179\", \"age\": 3}"}]
//!   }]
//! }"#;
//! let conversion = postman_openapi::convert(collection)?;
//! let document = &conversion.document;
//! assert_eq!(document["openapi"], "3.0.3");
//! assert_eq!(document["paths"]["/pets/{id}"]["get"]["operationId"], "get_pet");
//! let pet = &document["components"]["schemas"]["GetPetResponse"];
//! assert_eq!(pet["properties"]["id"]["type"], "string"); // digit strings stay strings
//! assert_eq!(pet["properties"]["age"]["type"], "integer");
//! # Ok::<(), postman_openapi::ConvertError>(())
//! ```

mod assemble;
pub mod constraints;
pub mod diff;
mod error;
pub mod infer;
pub mod names;
pub mod overlay;
pub mod postman;
pub mod schema;
pub mod url;

pub use assemble::{Conversion, RecordedExample, RecordedRequest, assemble};
pub use constraints::{ConstraintRules, learn_constraints};
pub use diff::{ApiChange, diff};
pub use error::{ConvertError, Warning};
pub use overlay::{Overlay, apply_overlay, apply_titles, parse_overlay};

use error::json_path_of;

/// Parses a collection file's text into the Postman model.
///
/// Errors name the JSON path where parsing stopped, so a truncated file or a
/// field of the wrong type can be found without reading the whole file.
pub fn parse_collection(text: &str) -> Result<postman::Collection, ConvertError> {
    match text.trim_start().chars().next() {
        Some('{') | None => {}
        Some(first) => {
            return Err(ConvertError::new(
                "$",
                format!(
                    "a Postman collection is a JSON object ({{\"info\": ..., \"item\": [...]}}); this file starts with `{first}`"
                ),
            ));
        }
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let collection: postman::Collection = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| {
            let json_path = json_path_of(&error.path().to_string());
            let inner = error.into_inner();
            let hint = if inner.is_eof() {
                " (the file is truncated)"
            } else {
                ""
            };
            ConvertError::new(json_path, format!("{inner}{hint}"))
        })?;
    deserializer.end().map_err(|error| {
        ConvertError::new("$", format!("trailing data after the collection: {error}"))
    })?;
    if let Some(schema) = &collection.info.schema
        && !(schema.contains("v2.0") || schema.contains("v2.1"))
    {
        return Err(ConvertError::new(
            "$.info.schema",
            format!("unsupported collection format {schema}; export the collection as v2.1"),
        ));
    }
    Ok(collection)
}

/// Parses and converts a collection in one step.
pub fn convert(text: &str) -> Result<Conversion, ConvertError> {
    assemble(&parse_collection(text)?)
}

/// Serializes a document the way the converter writes files: two-space
/// indentation and a final newline, so output is byte-for-byte stable.
pub fn to_pretty_json(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// Applies the maintainer's refinements to a conversion, in order: constraints
/// learned from recorded errors, then the overlay, then `title` renames.
/// Returns one line per refinement applied; misses become warnings.
pub fn refine(
    conversion: &mut Conversion,
    constraints: Option<&ConstraintRules>,
    overlay: Option<&Overlay>,
) -> Vec<String> {
    let mut applied = Vec::new();
    if let Some(rules) = constraints {
        let (learned, warnings) =
            learn_constraints(&mut conversion.document, &conversion.examples, rules);
        applied.extend(learned);
        conversion.warnings.extend(warnings);
    }
    if let Some(overlay) = overlay {
        conversion
            .warnings
            .extend(apply_overlay(&mut conversion.document, overlay));
    }
    for (from, to) in apply_titles(&mut conversion.document) {
        applied.push(format!("type `{from}` renamed to `{to}` (title)"));
    }
    applied
}
