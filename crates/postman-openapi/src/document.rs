//! The document on its way out: [`Node`] parts in which each recorded
//! example body is still its text and `components.schemas` is still each
//! schema's compact JSON text, held beside the parts as [`Splices`] and
//! copied in place when printed ([`write_streamed`]), or parsed in place
//! ([`Splices::materialize`]) for [`crate::convert`].
//!
//! Example bodies are most of a large collection's bytes, and component
//! schemas most of its document. Parsing each body into a `Value`, building
//! each schema as one, printing and dropping them was most of the
//! converter's time and memory. Printing their text with
//! [`crate::reindent`] gives the bytes serde_json's pretty printer gives for
//! their parsed values: a body stays text only when no object in it repeats
//! a key (`Value` keeps only the last). A streamed conversion keeps most
//! bodies already printed at their depth in the document
//! ([`crate::sample_print`]) and copies them in as they are
//! ([`crate::sample_cache::PrintedBody`]). [`write_streamed`] also prints each
//! path item as soon as it is assembled, starting at its depth in the
//! document, so the document is never whole in memory. Tests compare it
//! with serde_json's own printer of the materialized document.

use std::io::{self, Write};
use std::sync::Arc;

use serde_json::Value;

use crate::assemble::{Assembly, Finished};
use crate::compact_print::CompactPrinter;
use crate::component_store::ComponentStore;
use crate::node::Node;
use crate::postman::Collection;
use crate::reindent::{needs_no_escape, new_line, reindent};
use crate::sample_cache::PrintedBody;
use crate::schema::component_value;

/// Example bodies and component schemas that stand in the skeleton as
/// [`Node::Splice`] placeholders.
#[derive(Debug, Clone, Default)]
pub(crate) struct Splices {
    /// What each placeholder stands for, by its number.
    kept: Vec<Splice>,
}

/// What a placeholder stands for.
#[derive(Debug, Clone)]
enum Splice {
    /// An example body's JSON text.
    Body(Arc<str>),
    /// An example body already printed as it appears in the document (see
    /// [`crate::sample_print`]).
    Printed(PrintedBody),
    /// The document's `components.schemas`: each schema's name and
    /// compact JSON text.
    Components(ComponentStore),
    /// Printed by [`write_streamed`], and let go.
    Gone,
}

impl Splices {
    /// Keeps `body` (valid JSON, no repeated keys) and returns the node
    /// that stands for it in the skeleton.
    pub(crate) fn placeholder(&mut self, body: Arc<str>) -> Node {
        self.keep(Splice::Body(body))
    }

    /// Keeps `text`, a body printed as it appears in the document, and
    /// returns the node that stands for it in the skeleton.
    pub(crate) fn printed_placeholder(&mut self, text: PrintedBody) -> Node {
        self.keep(Splice::Printed(text))
    }

    /// Keeps the named component schemas and returns the node that stands
    /// for them (as `components.schemas`) in the skeleton.
    pub(crate) fn components(&mut self, components: ComponentStore) -> Node {
        self.keep(Splice::Components(components))
    }

    fn keep(&mut self, splice: Splice) -> Node {
        let number = self.kept.len();
        self.kept.push(splice);
        Node::Splice(number)
    }

    /// Takes what placeholder `number` stands for, to print it: each is
    /// printed once, and letting it go then keeps a streamed conversion
    /// from holding every body to the end.
    fn take_to_print(&mut self, number: usize) -> Option<Splice> {
        self.kept
            .get_mut(number)
            .map(|slot| std::mem::replace(slot, Splice::Gone))
    }

    /// The value placeholder `number` stands for.
    fn value_of(&self, number: usize) -> Value {
        match self.kept.get(number) {
            // Placeholders are only made for bodies that parsed.
            Some(Splice::Body(body)) => serde_json::from_str(body).unwrap_or(Value::Null),
            Some(Splice::Printed(text)) => {
                serde_json::from_slice(text.as_bytes()).unwrap_or(Value::Null)
            }
            Some(Splice::Components(components)) => Value::Object(
                components
                    .iter()
                    .map(|(name, text)| (name.to_string(), component_value(text)))
                    .collect(),
            ),
            Some(Splice::Gone) | None => Value::Null,
        }
    }

    /// `skeleton` as a value, every placeholder replaced by what it stands
    /// for, parsed.
    pub(crate) fn materialize(&self, skeleton: Node) -> Value {
        skeleton.into_value(&|number| self.value_of(number))
    }
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

/// Prints `node` as it would appear `level` levels deep in a document
/// printed by serde_json's pretty printer, each placeholder replaced by
/// what it stands for (see [`crate::reindent`]).
fn print_at(
    out: &mut impl Write,
    node: &Node,
    splices: &mut Splices,
    level: usize,
) -> io::Result<()> {
    let inner = level.saturating_add(1);
    match node {
        Node::Null => out.write_all(b"null"),
        Node::Bool(flag) => out.write_all(if *flag { b"true" } else { b"false" }),
        Node::Number(number) => serde_json::to_writer(out, number).map_err(io::Error::other),
        Node::String(text) => write_string(out, text),
        Node::Array(items) => print_members(out, b"[]", items, level, |out, item| {
            print_at(out, item, splices, inner)
        }),
        Node::Object(object) => {
            print_members(out, b"{}", object.iter(), level, |out, (key, item)| {
                write_string(out, key)?;
                out.write_all(b": ")?;
                print_at(out, item, splices, inner)
            })
        }
        Node::Json(value) => print_value(out, value, level),
        Node::Compact(text) => reindent(text, level, out),
        Node::Splice(number) => match splices.take_to_print(*number) {
            Some(Splice::Body(body)) => reindent(&body, level, out),
            Some(Splice::Printed(text)) => text.write_at(level, out),
            Some(Splice::Components(components)) => {
                // Each schema is printed into memory, then written at once.
                let mut printed = Vec::new();
                let mut printer = CompactPrinter::default();
                print_members(out, b"{}", components.iter(), level, |out, (name, text)| {
                    write_string(out, name)?;
                    out.write_all(b": ")?;
                    printed.clear();
                    if printer.print(text, inner, &mut printed) {
                        out.write_all(&printed)
                    } else {
                        reindent(text, inner, out)
                    }
                })
            }
            Some(Splice::Gone) | None => Err(io::Error::other(
                "a kept example or schema stands in the document twice, or not at all",
            )),
        },
    }
}

/// Prints a parsed `value` `level` levels deep, as serde_json's pretty
/// printer would.
fn print_value(out: &mut impl Write, value: &Value, level: usize) -> io::Result<()> {
    let inner = level.saturating_add(1);
    match value {
        Value::String(text) => write_string(out, text),
        Value::Array(items) => print_members(out, b"[]", items, level, |out, item| {
            print_value(out, item, inner)
        }),
        Value::Object(entries) => print_members(out, b"{}", entries, level, |out, (key, item)| {
            write_string(out, key)?;
            out.write_all(b": ")?;
            print_value(out, item, inner)
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
    if needs_no_escape(text.as_bytes()) {
        out.write_all(b"\"")?;
        out.write_all(text.as_bytes())?;
        return out.write_all(b"\"");
    }
    serde_json::to_writer(out, text).map_err(io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node::Object;
    use serde_json::json;

    /// `skeleton` printed as the document is, from the top.
    fn printed(skeleton: &Node, splices: &mut Splices) -> io::Result<String> {
        let mut written = Vec::new();
        print_at(&mut written, skeleton, splices, 0)?;
        written.push(b'\n');
        String::from_utf8(written).map_err(io::Error::other)
    }

    #[test]
    fn written_and_materialized_documents_print_the_same() {
        let mut splices = Splices::default();
        let bodies = [
            r#"{"data":[{"id":"1","n":1.0,"big":123456789012345678901234,"s":"a\"b\u00e9"}],"e":{},"l":[]}"#,
            "[]",
            "\"text\"",
            "  null ",
        ];
        let examples: Vec<Node> = bodies
            .iter()
            .map(|body| {
                Object::of([
                    ("summary", "s".into()),
                    ("value", splices.placeholder(Arc::from(*body))),
                ])
                .into()
            })
            .collect();
        let mut item = Object::of([("examples", examples.into())]);
        item.insert(
            "schema",
            Node::Compact(r#"{"type":"object","properties":{"a\u001f":{}}}"#.into()),
        );
        item.insert("recorded", json!({"k": [1, -0.0, "x\u{7f}"], "e": []}));
        item.insert("empty", Object::new());
        item.insert("none", Vec::<Node>::new());
        let mut paths = Object::new();
        paths.insert("/a", item);
        let document: Node = Object::of([
            ("paths", paths.into()),
            ("x", "\u{0}postman-openapi example 0".into()),
            ("flags", vec![Node::Null, true.into(), 204u16.into()].into()),
        ])
        .into();
        let materialized = splices.materialize(document.clone());
        let written = printed(&document, &mut splices).expect("writes to memory");
        assert_eq!(written, crate::to_pretty_json(&materialized));
        assert_eq!(
            materialized["paths"]["/a"]["examples"][0]["value"]["data"][0]["id"],
            "1"
        );
        assert_eq!(
            materialized["x"], "\u{0}postman-openapi example 0",
            "only text"
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
    fn a_placeholder_is_printed_once() {
        let mut splices = Splices::default();
        let body = splices.placeholder(Arc::from("1"));
        let twice: Node = vec![body.clone(), body].into();
        assert!(printed(&twice, &mut splices).is_err());
        assert!(
            printed(&Node::Splice(7), &mut Splices::default()).is_err(),
            "no such body"
        );
    }
}
