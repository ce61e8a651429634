//! Converts Postman collections (v2.0 and v2.1), with their recorded example
//! responses, into OpenAPI 3.0.3 documents that progenitor accepts.
//!
//! The converter knows nothing about any particular API: everything it emits
//! is inferred from the collection's requests, sample bodies and examples.
//!
//! It degrades per element, never per collection. Only a file that is not
//! JSON, or not a Postman v2.0/v2.1 collection, is an error
//! ([`ConvertError`], naming the JSON path). A bad item, example, variable or
//! field is skipped or repaired, and so is anything progenitor could not
//! generate or compile (names that meet as Rust identifiers, mistyped path
//! templates, bodies nested too deep); each is a [`Warning`] with a stable
//! [`WarningKind`] and its JSON path, which [`summarize_warnings`] groups for
//! people and [`warnings_to_json`] lists for tools. Variables, inference and
//! naming are bounded and linear, so hostile collections convert in bounded
//! time and memory.
//!
//! [`convert`] gives the whole document as a `serde_json::Value`;
//! [`convert_streaming`] converts while writing it, holding about three
//! times the collection's size in memory at most (the binary uses it).
//!
//! The `postman-openapi` binary (`cargo install --path crates/postman-openapi`)
//! and `cargo xtask convert` share one command line, [`cli`].
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

#![warn(missing_docs)]

mod assemble;
pub mod cli;
mod compact_print;
mod component_store;
pub mod constraints;
pub mod diff;
mod document;
mod error;
mod fast_hash;
pub mod infer;
pub mod names;
mod node;
pub mod overlay;
pub mod postman;
mod read;
mod reindent;
mod sample_cache;
mod sample_print;
mod sample_text;
pub mod samples;
pub mod schema;
mod short_text;
mod status;
pub mod template;
pub mod url;
pub mod variables;
mod warning;

pub use assemble::{Conversion, RecordedExample, RecordedRequest, assemble};
pub use constraints::{ConstraintRules, learn_constraints};
pub use diff::{ApiChange, diff};
pub use error::ConvertError;
pub use overlay::{Overlay, apply_overlay, apply_titles, parse_overlay};
pub use warning::{Warning, WarningKind, summarize_warnings, warnings_to_json};

/// Parses a collection file's text into the Postman model, with a warning
/// for each element that could not be read and was skipped or repaired.
///
/// Only text that is not JSON, or JSON that is not a Postman v2.0/v2.1
/// collection, is an error; errors name the JSON path where reading stopped,
/// so a truncated file can be found without reading the whole file.
pub fn parse_collection(text: &str) -> Result<(postman::Collection, Vec<Warning>), ConvertError> {
    read::read_collection(text)
}

/// Parses and converts a collection in one step. Bad items, examples and
/// variables are skipped or repaired, each with a warning naming its JSON
/// path; only an unreadable file or one that is not a collection fails.
pub fn convert(text: &str) -> Result<Conversion, ConvertError> {
    let (collection, mut warnings) = parse_collection(text)?;
    let mut conversion = assemble(&collection);
    warnings.append(&mut conversion.warnings);
    conversion.warnings = warnings;
    Ok(conversion)
}

/// Parses a collection for [`StreamingConversion::write_document`], which
/// converts it while writing its document: each recorded example body is
/// read once, for its shape and its printed text, component schemas stay
/// compact text until they are printed, each path item is printed as soon
/// as it is assembled and then let go, and
/// examples are counted, not kept for replay. For large collections this is
/// several times faster than [`convert`] and holds a fraction of the memory;
/// the bytes are those of [`to_pretty_json`] of [`convert`]'s document.
///
/// Only an unreadable file or one that is not a collection is an error,
/// found here, before anything is written.
pub fn convert_streaming(text: &str) -> Result<StreamingConversion, ConvertError> {
    let (collection, warnings) = parse_collection(text)?;
    Ok(StreamingConversion {
        collection,
        warnings,
    })
}

/// A parsed collection, to be converted as its document is written (see
/// [`convert_streaming`]).
#[derive(Debug, Clone)]
pub struct StreamingConversion {
    collection: postman::Collection,
    /// What reading the collection degraded.
    warnings: Vec<Warning>,
}

/// What writing a streamed conversion's document found.
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    /// What was degraded on the way, reading and converting.
    pub warnings: Vec<Warning>,
    /// How many operations the document has.
    pub operation_count: usize,
    /// How many recorded examples the collection has.
    pub example_count: usize,
}

impl StreamingConversion {
    /// Converts the collection while writing its document to `writer`, with
    /// two-space indentation and a final newline: byte for byte what
    /// [`to_pretty_json`] gives for [`convert`]'s document.
    pub fn write_document(self, writer: impl std::io::Write) -> std::io::Result<Written> {
        let finished = document::write_streamed(&self.collection, writer)?;
        let mut warnings = self.warnings;
        warnings.extend(finished.warnings);
        Ok(Written {
            warnings,
            operation_count: finished.operation_count,
            example_count: finished.example_count,
        })
    }

    /// The document as a value, as [`convert`] gives it.
    pub fn into_document(self) -> serde_json::Value {
        assemble(&self.collection).document
    }
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
