//! The document on its way out: `serde_json::Value` parts in which each
//! recorded example body is still its text and `components.schemas` is
//! still each schema's compact JSON text, held beside the parts as
//! [`Splices`] and copied in place when printed ([`write_streamed`]), or
//! parsed in place ([`Splices::materialize`]) for [`crate::convert`].
//!
//! Example bodies are most of a large collection's bytes, and component
//! schemas most of its document. Parsing each body into a `Value`, building
//! each schema as one, printing and dropping them was most of the
//! converter's time and memory. Printing their text with
//! [`crate::reindent`] gives the bytes serde_json's pretty printer gives for
//! their parsed values: a body stays text only when no object in it repeats
//! a key (`Value` keeps only the last). [`write_streamed`] also prints each
//! path item as soon as it is assembled, starting at its depth in the
//! document, so the document is never whole in memory. Tests compare it
//! with serde_json's own printer of the materialized document.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::io::{self, Write};
use std::sync::Arc;

#[cfg(test)]
use serde::ser::{Error as _, Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

use crate::assemble::{Assembly, Finished};
use crate::component_store::ComponentStore;
use crate::postman::Collection;
use crate::reindent::{new_line, reindent};
use crate::schema::component_value;

/// Example bodies and component schemas that stand in the skeleton as
/// placeholder strings.
#[derive(Debug, Clone)]
pub(crate) struct Splices {
    /// Starts every placeholder: a control character no JSON body string
    /// of a real collection holds, and a per-process random number so that
    /// no collection can forge one.
    marker: String,
    /// What each placeholder stands for, by the number it ends with.
    kept: Vec<Splice>,
}

/// What a placeholder stands for.
#[derive(Debug, Clone)]
enum Splice {
    /// An example body's JSON text.
    Body(Arc<str>),
    /// The document's `components.schemas`: each schema's name and
    /// compact JSON text.
    Components(ComponentStore),
    /// Printed by [`write_streamed`], and let go.
    Printed,
}

impl Default for Splices {
    fn default() -> Self {
        let nonce = RandomState::new().hash_one(0x5eed_u64);
        Splices {
            marker: format!("\u{0}postman-openapi example {nonce:016x} "),
            kept: Vec::new(),
        }
    }
}

impl Splices {
    /// Keeps `body` (valid JSON, no repeated keys) and returns the string
    /// that stands for it in the skeleton.
    pub(crate) fn placeholder(&mut self, body: Arc<str>) -> Value {
        self.keep(Splice::Body(body))
    }

    /// Keeps the named component schemas and returns the string that
    /// stands for them (as `components.schemas`) in the skeleton.
    pub(crate) fn components(&mut self, components: ComponentStore) -> Value {
        self.keep(Splice::Components(components))
    }

    fn keep(&mut self, splice: Splice) -> Value {
        let placeholder = format!("{}{}", self.marker, self.kept.len());
        self.kept.push(splice);
        Value::String(placeholder)
    }

    /// What a skeleton string stands for, if it is a placeholder.
    fn splice_of(&self, text: &str) -> Option<&Splice> {
        let index: usize = text.strip_prefix(&self.marker)?.parse().ok()?;
        self.kept.get(index)
    }

    /// Takes what a skeleton string stands for, if it is a placeholder, to
    /// print it: each is printed once, and letting it go then keeps a
    /// streamed conversion from holding every body to the end.
    fn take_to_print(&mut self, text: &str) -> Option<Splice> {
        let index: usize = text.strip_prefix(&self.marker)?.parse().ok()?;
        self.kept
            .get_mut(index)
            .map(|slot| std::mem::replace(slot, Splice::Printed))
    }

    /// The body a skeleton string stands for, if it is a body placeholder.
    #[cfg(test)]
    fn body_of(&self, text: &str) -> Option<&str> {
        match self.splice_of(text)? {
            Splice::Body(body) => Some(body),
            Splice::Components(_) | Splice::Printed => None,
        }
    }

    /// Replaces every placeholder in `document` with its parsed body.
    pub(crate) fn materialize(&self, document: &mut Value) {
        if self.kept.is_empty() {
            return;
        }
        match document {
            Value::String(text) => match self.splice_of(text) {
                // Placeholders are only made for bodies that parsed.
                Some(Splice::Body(body)) => {
                    *document = serde_json::from_str(body).unwrap_or(Value::Null)
                }
                Some(Splice::Components(components)) => {
                    *document = Value::Object(
                        components
                            .iter()
                            .map(|(name, text)| (name.to_string(), component_value(text)))
                            .collect(),
                    )
                }
                Some(Splice::Printed) | None => {}
            },
            Value::Array(items) => items.iter_mut().for_each(|item| self.materialize(item)),
            Value::Object(map) => map.values_mut().for_each(|item| self.materialize(item)),
            _ => {}
        }
    }
}

/// Writes `skeleton` with two-space indentation and a final newline, the
/// placeholders replaced by their bodies: byte for byte what printing the
/// materialized document gives ([`crate::to_pretty_json`]): the reference
/// `write_streamed` is tested against.
#[cfg(test)]
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

/// Assembles `collection` while writing its document (two-space
/// indentation, a final newline): each path item is printed as soon as its
/// last operation is assembled, then dropped, so the document is never
/// whole in memory. The bytes are those of printing the whole skeleton
/// with its placeholders filled in. Recorded examples are counted, not kept.
pub(crate) fn write_streamed(collection: &Collection, writer: impl Write) -> io::Result<Finished> {
    // 16 KiB: few enough writes for a 200 MB document, little enough not
    // to weigh on a 100 KB one.
    let mut out = io::BufWriter::with_capacity(1 << 14, writer);
    let mut assembly = Assembly::new(collection, false);
    out.write_all(b"{")?;
    let mut no_splices = Splices::default();
    for (index, (key, value)) in assembly.head().iter().enumerate() {
        member(&mut out, key, index == 0)?;
        print_at(&mut out, value, &mut no_splices, 1)?;
    }
    member(&mut out, "paths", false)?;
    out.write_all(b"{")?;
    let mut any_path = false;
    assembly.path_items(|path, item, splices| {
        out.write_all(if any_path { b",\n    " } else { b"\n    " })?;
        any_path = true;
        write_string(&mut out, &path)?;
        out.write_all(b": ")?;
        print_at(&mut out, &item, splices, 2)
    })?;
    out.write_all(if any_path { b"\n  }" } else { b"}" })?;
    let (components, mut finished) = assembly.finish();
    member(&mut out, "components", false)?;
    print_at(&mut out, &components, &mut finished.splices, 1)?;
    out.write_all(b"\n}\n")?;
    out.flush()?;
    Ok(finished)
}

/// Starts a member of the document's top-level object: `"key": `.
fn member(out: &mut impl Write, key: &str, first: bool) -> io::Result<()> {
    out.write_all(if first { b"\n  " } else { b",\n  " })?;
    write_string(out, key)?;
    out.write_all(b": ")
}

/// Prints `value` as it would appear `level` levels deep in a document
/// printed by serde_json's pretty printer, each placeholder replaced by
/// what it stands for (see [`crate::reindent`]).
fn print_at(
    out: &mut impl Write,
    value: &Value,
    splices: &mut Splices,
    level: usize,
) -> io::Result<()> {
    let inner = level.saturating_add(1);
    match value {
        Value::String(text) => match splices.take_to_print(text) {
            Some(Splice::Body(body)) => reindent(&body, level, out),
            Some(Splice::Components(components)) => {
                print_members(out, b"{}", components.iter(), level, |out, (name, text)| {
                    write_string(out, name)?;
                    out.write_all(b": ")?;
                    reindent(text, inner, out)
                })
            }
            Some(Splice::Printed) => Err(io::Error::other(
                "a kept example or schema stands in the document twice",
            )),
            None => write_string(out, text),
        },
        Value::Array(items) => print_members(out, b"[]", items, level, |out, item| {
            print_at(out, item, splices, inner)
        }),
        Value::Object(entries) => print_members(out, b"{}", entries, level, |out, (key, item)| {
            write_string(out, key)?;
            out.write_all(b": ")?;
            print_at(out, item, splices, inner)
        }),
        scalar => serde_json::to_writer(out, scalar).map_err(io::Error::other),
    }
}

/// Prints a container `level` levels deep: `brackets` alone when empty,
/// else each member on its own line, one level deeper.
fn print_members<O: Write, M>(
    out: &mut O,
    brackets: &[u8; 2],
    members: impl IntoIterator<Item = M>,
    level: usize,
    mut print_member: impl FnMut(&mut O, M) -> io::Result<()>,
) -> io::Result<()> {
    let inner = level.saturating_add(1);
    let mut any = false;
    for member in members {
        if !any {
            out.write_all(&brackets[..1])?;
        }
        new_line(out, inner, any)?;
        any = true;
        print_member(out, member)?;
    }
    if any {
        new_line(out, level, false)?;
        out.write_all(&brackets[1..])
    } else {
        out.write_all(brackets)
    }
}

/// A JSON string, escaped as serde_json escapes it.
fn write_string(out: &mut impl Write, text: &str) -> io::Result<()> {
    if crate::reindent::needs_no_escape(text.as_bytes()) {
        out.write_all(b"\"")?;
        out.write_all(text.as_bytes())?;
        return out.write_all(b"\"");
    }
    serde_json::to_writer(out, text).map_err(io::Error::other)
}

/// Valid JSON text, printed by transcoding it into the serializer: the
/// bytes printing its parsed value would give (the reference printer).
#[cfg(test)]
struct JsonText<'a>(&'a str);

#[cfg(test)]
impl Serialize for JsonText<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut deserializer = serde_json::Deserializer::from_str(self.0);
        serde_transcode::Transcoder::new(&mut deserializer)
            .serialize(serializer)
            .map_err(|error| S::Error::custom(format!("kept JSON text: {error}")))
    }
}

/// A skeleton node on its way to serde_json's printer (the reference).
#[cfg(test)]
struct Spliced<'a> {
    value: &'a Value,
    splices: &'a Splices,
}

#[cfg(test)]
impl Serialize for Spliced<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let child = |value| Spliced {
            value,
            splices: self.splices,
        };
        match self.value {
            Value::String(text) => match self.splices.splice_of(text) {
                Some(Splice::Body(body)) => JsonText(body).serialize(serializer),
                Some(Splice::Printed) => Err(S::Error::custom("a placeholder printed twice")),
                Some(Splice::Components(components)) => {
                    let mut map = serializer.serialize_map(Some(components.len()))?;
                    for (name, text) in components.iter() {
                        map.serialize_entry(name, &JsonText(text))?;
                    }
                    map.end()
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
            .map(|body| json!({"summary": "s", "value": splices.placeholder(Arc::from(*body))}))
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
    fn a_streamed_conversion_lets_each_body_go_once_printed() {
        let text = json!({
            "info": {"name": "c", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [{"name": "get", "request": {"method": "GET", "url": "https://api.test/a"},
                "response": [{"name": "ok", "code": 200, "body": "{\"id\": 1}"}]}]
        })
        .to_string();
        let (collection, _) = crate::read::read_collection(&text).expect("a collection");
        let body = collection.item[0].response[0].body.get().expect("a body");
        let weak = Arc::downgrade(&body);
        drop(body);
        let mut written = Vec::new();
        let finished = write_streamed(&collection, &mut written).expect("writes to memory");
        assert!(
            weak.upgrade().is_none(),
            "nothing holds the body once it is printed"
        );
        let document: Value = serde_json::from_slice(&written).expect("JSON");
        assert_eq!(
            document["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["examples"]
                ["ok"]["value"],
            json!({"id": 1})
        );
        drop(finished);
    }

    #[test]
    fn a_forged_placeholder_is_only_text() {
        let splices = Splices {
            marker: "\u{0}m ".into(),
            kept: vec![Splice::Body("1".into())],
        };
        assert_eq!(splices.body_of("\u{0}m 0"), Some("1"));
        assert_eq!(splices.body_of("\u{0}m 1"), None, "no such body");
        assert_eq!(splices.body_of("\u{0}postman-openapi example 0"), None);
    }
}
