//! The document before it is written: a `serde_json::Value` skeleton in
//! which each recorded example body is still its text, held beside the
//! skeleton and written in place ([`write_pretty`]) or parsed in place
//! ([`Splices::materialize`]) at the end.
//!
//! Example bodies are most of a large collection's bytes. Parsing each into
//! a `Value`, moving it into the document, printing and dropping it was most
//! of the converter's time and memory; transcoding the text straight into
//! the printer gives the same bytes (the same serializer sees the same
//! calls), because a body only stays text when no object in it repeats a key
//! (`Value` would keep only the last).

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::io::{self, Write};

use serde::ser::{Error as _, Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

/// Example bodies that stand in the skeleton as placeholder strings.
#[derive(Debug, Clone)]
pub(crate) struct Splices {
    /// Starts every placeholder: a control character no JSON body string
    /// of a real collection holds, and a per-process random number so that
    /// no collection can forge one.
    marker: String,
    bodies: Vec<String>,
}

impl Default for Splices {
    fn default() -> Self {
        let nonce = RandomState::new().hash_one(0x5eed_u64);
        Splices {
            marker: format!("\u{0}postman-openapi example {nonce:016x} "),
            bodies: Vec::new(),
        }
    }
}

impl Splices {
    /// Keeps `body` (valid JSON, no repeated keys) and returns the string
    /// that stands for it in the skeleton.
    pub(crate) fn placeholder(&mut self, body: String) -> Value {
        let placeholder = format!("{}{}", self.marker, self.bodies.len());
        self.bodies.push(body);
        Value::String(placeholder)
    }

    /// The body a skeleton string stands for, if it is a placeholder.
    fn body_of(&self, text: &str) -> Option<&str> {
        let index: usize = text.strip_prefix(&self.marker)?.parse().ok()?;
        self.bodies.get(index).map(String::as_str)
    }

    /// Replaces every placeholder in `document` with its parsed body.
    pub(crate) fn materialize(&self, document: &mut Value) {
        if self.bodies.is_empty() {
            return;
        }
        match document {
            Value::String(text) => {
                if let Some(body) = self.body_of(text) {
                    // Placeholders are only made for bodies that parsed.
                    *document = serde_json::from_str(body).unwrap_or(Value::Null);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|item| self.materialize(item)),
            Value::Object(map) => map.values_mut().for_each(|item| self.materialize(item)),
            _ => {}
        }
    }
}

/// Writes `skeleton` with two-space indentation and a final newline, the
/// placeholders replaced by their bodies: byte for byte what printing the
/// materialized document gives ([`crate::to_pretty_json`]).
pub(crate) fn write_pretty(
    skeleton: &Value,
    splices: &Splices,
    writer: impl Write,
) -> io::Result<()> {
    let mut writer = io::BufWriter::with_capacity(1 << 16, writer);
    let mut serializer = serde_json::Serializer::pretty(&mut writer);
    Spliced {
        value: skeleton,
        splices,
    }
    .serialize(&mut serializer)
    .map_err(io::Error::other)?;
    writer.write_all(b"\n")?;
    writer.flush()
}

/// A skeleton node on its way to the printer.
struct Spliced<'a> {
    value: &'a Value,
    splices: &'a Splices,
}

impl Serialize for Spliced<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let child = |value| Spliced {
            value,
            splices: self.splices,
        };
        match self.value {
            Value::String(text) => match self.splices.body_of(text) {
                Some(body) => {
                    let mut deserializer = serde_json::Deserializer::from_str(body);
                    serde_transcode::Transcoder::new(&mut deserializer)
                        .serialize(serializer)
                        .map_err(|error| S::Error::custom(format!("example body: {error}")))
                }
                None => serializer.serialize_str(text),
            },
            Value::Array(items) => {
                let mut sequence = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    sequence.serialize_element(&child(item))?;
                }
                sequence.end()
            }
            Value::Object(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, item) in entries {
                    map.serialize_entry(key, &child(item))?;
                }
                map.end()
            }
            other => other.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn written_and_materialized_documents_print_the_same() {
        let mut splices = Splices::default();
        let bodies = [
            r#"{"data":[{"id":"1","n":1.0,"big":123456789012345678901234,"s":"a\"b\u00e9"}],"e":{},"l":[]}"#,
            "[]",
            "\"text\"",
            "  null ",
        ];
        let examples: Vec<Value> = bodies
            .iter()
            .map(|body| json!({"summary": "s", "value": splices.placeholder(body.to_string())}))
            .collect();
        let mut document =
            json!({"paths": {"/a": {"examples": examples}}, "x": "\u{0}postman-openapi example"});
        let mut written = Vec::new();
        write_pretty(&document, &splices, &mut written).expect("writes to memory");
        splices.materialize(&mut document);
        assert_eq!(
            String::from_utf8(written).expect("UTF-8"),
            crate::to_pretty_json(&document)
        );
        assert_eq!(
            document["paths"]["/a"]["examples"][0]["value"]["data"][0]["id"],
            "1"
        );
    }

    #[test]
    fn a_forged_placeholder_is_only_text() {
        let splices = Splices {
            marker: "\u{0}m ".into(),
            bodies: vec!["1".into()],
        };
        assert_eq!(splices.body_of("\u{0}m 0"), Some("1"));
        assert_eq!(splices.body_of("\u{0}m 1"), None, "no such body");
        assert_eq!(splices.body_of("\u{0}postman-openapi example 0"), None);
    }
}
