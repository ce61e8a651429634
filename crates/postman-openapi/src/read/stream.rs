//! Reads the collection's item tree straight from the text, one item at a
//! time: an item's own small fields become a `serde_json::Value` (and then
//! the model; fields no reader method reads, `event` scripts among them, are
//! skipped unparsed) while its `item` list is read the same way, so the file is never
//! one `Value` (which took about twice the file's size in memory, and the
//! time to build and free it). Each field is handed to the same [`Reader`]
//! methods, in the order it comes, so warnings and results are those of
//! reading the parsed file.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::request_stream::{HeadersSeed, RequestSeed};
use super::{CollectionParts, ItemParts, ReadRequest, Reader};
use crate::postman::{Item, RecordedText, Response};
use crate::sample_text::KeySeed;
use crate::short_text::{concat, indexed};
use crate::warning::WarningKind;

/// The visitor methods for booleans, numbers and strings, each handing the
/// type's name (as `read::type_name` words it) to `$found`.
macro_rules! found_scalars {
    ($found:ident) => {
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            self.$found("a boolean")
        }

        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            self.$found("a number")
        }

        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            self.$found("a number")
        }

        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            self.$found("a number")
        }

        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            self.$found("a string")
        }
    };
}

/// Reads the top level of `text` (already known to start with `{`). Any
/// error means the text is not JSON; the caller parses it again for a
/// message naming where.
pub(super) fn read_top_level(
    reader: &mut Reader,
    text: &str,
) -> Result<CollectionParts, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let parts = TopLevel { reader }.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(parts)
}

/// The collection object.
struct TopLevel<'r> {
    reader: &'r mut Reader,
}

impl<'de> DeserializeSeed<'de> for TopLevel<'_> {
    type Value = CollectionParts;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopLevel<'_> {
    type Value = CollectionParts;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a collection object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut parts = CollectionParts::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if key == "item" {
                parts.has_items = true;
                parts.collection.item = map
                    .next_value_seed(List::<Item>::new(&mut *self.reader, "$.item".to_string()))?
                    .unwrap_or_default();
            } else if Reader::COLLECTION_FIELDS.contains(&key.as_ref()) {
                let value: Value = map.next_value()?;
                self.reader.collection_field(&mut parts, &key, value);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(parts)
    }
}

/// What a list of the collection holds, and how one entry is read.
trait Entry: Sized {
    /// Reads one entry; `None` when it is skipped (with a warning).
    type Seed<'r>: for<'de> DeserializeSeed<'de, Value = Option<Self>>;

    /// The seed for the entry at `json_path`.
    fn seed(reader: &mut Reader, json_path: String) -> Self::Seed<'_>;
}

impl Entry for Item {
    type Seed<'r> = ItemSeed<'r>;

    fn seed(reader: &mut Reader, json_path: String) -> ItemSeed<'_> {
        ItemSeed { reader, json_path }
    }
}

impl Entry for Response {
    type Seed<'r> = ResponseSeed<'r>;

    fn seed(reader: &mut Reader, json_path: String) -> ResponseSeed<'_> {
        ResponseSeed { reader, json_path }
    }
}

/// A list at `json_path` (`item`, `response`), read one entry at a time;
/// `None` for `null`.
struct List<'r, T> {
    reader: &'r mut Reader,
    json_path: String,
    entries: PhantomData<T>,
}

impl<'r, T> List<'r, T> {
    fn new(reader: &'r mut Reader, json_path: String) -> Self {
        List {
            reader,
            json_path,
            entries: PhantomData,
        }
    }

    /// What reading a list that is not one gives: a warning and no
    /// entries (an empty list, as reading the parsed value gives).
    fn not_a_list<E>(self, found: &str) -> Result<Option<Vec<T>>, E> {
        self.reader.warn(
            WarningKind::RepairedField,
            self.json_path,
            format!("expected a list, found {found}; ignored"),
        );
        Ok(Some(Vec::new()))
    }
}

impl<'de, T: Entry> DeserializeSeed<'de> for List<'_, T> {
    type Value = Option<Vec<T>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: Entry> Visitor<'de> for List<'_, T> {
    type Value = Option<Vec<T>>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut sequence: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::new();
        let mut index = 0usize;
        loop {
            let json_path = indexed(&self.json_path, index);
            match sequence.next_element_seed(T::seed(&mut *self.reader, json_path))? {
                Some(Some(entry)) => entries.push(entry),
                Some(None) => {}
                None => break,
            }
            index = index.saturating_add(1);
        }
        Ok(Some(entries))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    found_scalars!(not_a_list);

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        self.not_a_list("an object")
    }
}

/// One entry of an `item` list: an item, or something skipped (`None`).
struct ItemSeed<'r> {
    reader: &'r mut Reader,
    json_path: String,
}

impl ItemSeed<'_> {
    fn skip<E>(self, found: &str) -> Result<Option<Item>, E> {
        self.reader.skip_non_object_item(found, self.json_path);
        Ok(None)
    }
}

impl<'de> DeserializeSeed<'de> for ItemSeed<'_> {
    type Value = Option<Item>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ItemSeed<'_> {
    type Value = Option<Item>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an item object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut parts = ItemParts::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if key == "item" {
                parts.item.item = map.next_value_seed(List::<Item>::new(
                    &mut *self.reader,
                    concat(&[&self.json_path, ".item"]),
                ))?;
            } else if key == "request" {
                let reader = &mut *self.reader;
                let mark = reader.warnings.len();
                let request = map.next_value_seed(RequestSeed {
                    reader: &mut *reader,
                    json_path: concat(&[&self.json_path, ".request"]),
                })?;
                let warnings = reader.warnings.split_off(mark);
                parts.request = request.map(|request| ReadRequest { request, warnings });
            } else if key == "response" {
                parts.item.response = map
                    .next_value_seed(List::<Response>::new(
                        &mut *self.reader,
                        concat(&[&self.json_path, ".response"]),
                    ))?
                    .unwrap_or_default();
            } else if Reader::ITEM_FIELDS.contains(&key.as_ref()) {
                let value: Value = map.next_value()?;
                self.reader
                    .item_field(&mut parts, &key, value, &self.json_path);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(self.reader.finish_item(parts, self.json_path))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        self.skip("null")
    }

    found_scalars!(skip);

    fn visit_seq<A: SeqAccess<'de>>(self, mut sequence: A) -> Result<Self::Value, A::Error> {
        while sequence.next_element::<IgnoredAny>()?.is_some() {}
        self.skip("a list")
    }
}

/// The example responses of an item's `response` list are read one at a
/// time ([`List`]), so that no example (nor its body) is ever a
/// `serde_json::Value`.
/// One entry of a `response` list: an example, or something skipped.
struct ResponseSeed<'r> {
    reader: &'r mut Reader,
    json_path: String,
}

impl ResponseSeed<'_> {
    fn skip<E>(self, found: &str) -> Result<Option<Response>, E> {
        self.reader.skip_non_object_response(found, self.json_path);
        Ok(None)
    }
}

impl<'de> DeserializeSeed<'de> for ResponseSeed<'_> {
    type Value = Option<Response>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ResponseSeed<'_> {
    type Value = Option<Response>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an example response object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut response = Response::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if key == "body" {
                let body = map.next_value_seed(BodySeed {
                    reader: &mut *self.reader,
                    parent: &self.json_path,
                    field: ".body",
                })?;
                response.body = RecordedText::new(body);
            } else if key == "originalRequest" {
                let request = map.next_value_seed(RequestSeed {
                    reader: &mut *self.reader,
                    json_path: concat(&[&self.json_path, ".originalRequest"]),
                })?;
                if let Some(request) = request {
                    self.reader.original_request(&mut response, request);
                }
            } else if key == "header" {
                // Read entry by entry, as a request's are: no `Value` tree.
                response.header = map.next_value_seed(HeadersSeed {
                    reader: &mut *self.reader,
                    json_path: concat(&[&self.json_path, ".header"]),
                })?;
            } else if Reader::RESPONSE_FIELDS.contains(&key.as_ref()) {
                let value: Value = map.next_value()?;
                self.reader
                    .response_field(&mut response, &key, value, &self.json_path);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        response.json_path = Some(self.json_path);
        Ok(Some(response))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut sequence: A) -> Result<Self::Value, A::Error> {
        while sequence.next_element::<IgnoredAny>()?.is_some() {}
        self.skip("a list")
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        self.skip("null")
    }

    found_scalars!(skip);
}

/// A body's text (an example's `body`, a request body's `raw`), read
/// straight into its shared text: a body is copied once, from the file,
/// instead of into a `String` and then again.
pub(super) struct BodySeed<'r, 'p> {
    pub(super) reader: &'r mut Reader,
    /// The path of the object holding the text.
    pub(super) parent: &'p str,
    /// The text's field, as it ends the path: `.body`, `.raw`.
    pub(super) field: &'static str,
}

impl BodySeed<'_, '_> {
    /// A body that is not a string: what reading the parsed value gives.
    fn other(self, value: Value) -> Option<Arc<str>> {
        let BodySeed {
            reader,
            parent,
            field,
        } = self;
        reader
            .text_or_json(value, || concat(&[parent, field]))
            .map(|body| reader.texts.share(&body))
    }
}

impl<'de> DeserializeSeed<'de> for BodySeed<'_, '_> {
    type Value = Option<Arc<str>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for BodySeed<'_, '_> {
    type Value = Option<Arc<str>>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a body's text")
    }

    fn visit_str<E>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Some(self.reader.texts.share(text)))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    as_value!(scalars, seq, map);
}

#[cfg(test)]
mod tests {
    use super::super::{read_collection, read_collection_value};

    const INFO: &str = r#""info": {"name": "x", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}"#;

    /// Reading streamed and reading the parsed file give the same model and
    /// the same warnings, in the same order.
    fn same_reading(text: &str) {
        let streamed = read_collection(text).map(|(c, w)| (format!("{c:?}"), w));
        let parsed = read_collection_value(text).map(|(c, w)| (format!("{c:?}"), w));
        assert_eq!(streamed, parsed, "for {text}");
    }

    #[test]
    fn hostile_item_trees_read_as_the_parsed_file_reads() {
        let info = INFO;
        let good = r#"{"name": "Good", "request": {"method": "GET", "url": "https://x.test/good"}, "response": [{"code": 200, "body": "{}"}]}"#;
        for items in [
            "null".to_string(),
            "{}".to_string(),
            "\"items\"".to_string(),
            "7".to_string(),
            format!("[{good}, null, 1, \"x\", true, [1, [2]], {{}}]"),
            format!(
                "[{{\"name\": \"folder\", \"item\": [{good}, {{\"item\": 5}}, {{\"item\": null, \"request\": \"https://x.test/a\"}}]}}]"
            ),
            format!(
                "[{{\"name\": 5, \"item\": {{\"a\": 1}}, \"request\": 3}}, {{\"item\": [], \"request\": {{\"url\": 1}}}}, {good}]"
            ),
            r#"[{"name": "a", "name": "b", "request": {"method": "POST", "url": "https://x.test/{{v}}"}}]"#
                .to_string(),
        ] {
            same_reading(&format!(
                r#"{{{info}, "item": {items}, "variable": [{{"id": "v", "key": "v", "value": 1}}]}}"#
            ));
            same_reading(&format!(r#"{{"item": {items}, {info}}}"#));
        }
        same_reading(r#"{"item": []}"#);
        same_reading(r#"{"info": 1, "item": []}"#);
    }

    #[test]
    fn hostile_response_lists_read_as_the_parsed_file_reads() {
        let info = INFO;
        for responses in [
            "null",
            "{}",
            "{\"code\": 200}",
            "\"x\"",
            "5",
            "[]",
            r#"[null, 1, "x", true, [1, [2]], {}]"#,
            r#"[{"code": 200, "body": {"a": [1, {"b": null}]}}, {"body": [1, 2]}, {"body": 5}, {"body": -1.5}, {"body": true}, {"body": null}]"#,
            r#"[{"body": "s\u00e9\"q\n"}, {"body": ""}, {"code": "x", "status": 5, "header": 7, "originalRequest": 3, "_postman_previewlanguage": 1}]"#,
            r#"[{"name": "a", "name": "b", "code": 201, "originalRequest": {"url": "https://x.test/o", "body": {"mode": "raw", "raw": "{}"}}}]"#,
            r#"[{"code": 200, "header": [{"key": "Content-Type", "value": "application/json"}, null, 7, {"key": {}}, {"key": "A", "key": "B"}, {"value": [1]}, {"key": "D", "disabled": "true"}]}, {"header": "A: 1\nB: 2"}, {"header": null}, {"header": {"k": "v"}}, {"header": [], "header": [{"key": "again"}]}]"#,
        ] {
            same_reading(&format!(
                r#"{{{info}, "item": [{{"name": "r", "request": {{"method": "GET", "url": "https://x.test/r"}}, "response": {responses}}}]}}"#
            ));
        }
    }

    #[test]
    fn hostile_requests_read_as_the_parsed_file_reads() {
        let info = INFO;
        for request in [
            "null",
            "5",
            "[1]",
            r#""https://x.test/plain""#,
            r#""https://x.test/\u0065scaped""#,
            r#"{"method": 5, "url": "https://x.test/a", "header": 1}"#,
            r#"{"url": 7, "header": [{"key": {}}], "body": 1}"#,
            r#"{"url": null, "method": null, "header": null, "body": null, "auth": null}"#,
            r#"{"url": {"raw": "https://x.test/b?q=1", "query": {"key": "q"}, "variable": 3}}"#,
            r#"{"url": {"host": ["x", "test"], "path": ["a", {"value": "b"}, 3], "port": 8080, "query": null}}"#,
            r#"{"url": {"raw": "https://x.test/c", "query": [{"key": "a", "value": 1}, null, 2, "s", [], {"key": {}}, {"key": "k", "key": "again"}, {"key": 5, "value": [1], "disabled": "true", "description": {"content": 1}}], "variable": [{"id": "v", "value": {"n": 1}}, {"key": []}]}, "header": [{"key": "A", "value": "1"}, {"key": "B", "disabled": 1}, 7, {"key": "C", "key": "D"}, {"value": {"x": [1.5, -0]}}]}"#,
            r#"{"url": "https://x.test/d", "header": "A: 1\nB: 2", "body": {"mode": "raw", "raw": {"a": 1}}, "auth": {"type": 5}, "description": {"content": "d"}, "other": {"deep": [1, {"x": null}]}}"#,
            r#"{"url": "https://x.test/e", "body": {"mode": "urlencoded", "urlencoded": [{"key": "a"}, {"key": []}]}, "method": [], "header": [{"key": "late"}]}"#,
            // A body read field by field: a mode that is not text drops the
            // body and skips what follows it, not what came before.
            r#"{"url": "https://x.test/f", "body": {"mode": 5, "raw": {"x": 1}, "urlencoded": [7]}}"#,
            r#"{"url": "https://x.test/g", "body": {"urlencoded": [7, {"key": {}}], "mode": [], "formdata": [8]}}"#,
            r#"{"url": "https://x.test/h", "body": {"mode": "raw", "raw": "{\"a\":\n1, \"s\": \"\u00e9\"}", "options": {"raw": {"language": "json"}}, "graphql": null, "disabled": true, "extra": [1, {"y": null}]}}"#,
            r#"{"url": "https://x.test/i", "body": {"mode": null, "raw": null, "formdata": {"k": 1}, "urlencoded": null, "graphql": {"query": "{ a }"}, "disabled": "yes"}}"#,
            r#"{"url": "https://x.test/j", "body": {"raw": [1, "two"], "mode": "raw"}}"#,
            r#"{"url": "https://x.test/k", "body": "raw text"}"#,
            r#"{"url": "https://x.test/l", "body": [{"mode": "raw"}]}"#,
            r#"{"url": "https://x.test/m", "body": {}}"#,
        ] {
            same_reading(&format!(
                r#"{{{info}, "item": [{{"name": "r", "request": {request}, "response": [{{"code": 200, "originalRequest": {request}}}]}}]}}"#
            ));
            // A folder's request is never read: none of its warnings.
            same_reading(&format!(
                r#"{{{info}, "item": [{{"name": "f", "request": {request}, "item": [{{"name": "g", "request": "https://x.test/g"}}]}}]}}"#
            ));
        }
        // What both readings say: the request's warnings for a request,
        // none for a folder.
        let request = r#"{"url": {"raw": "https://x.test/c", "query": [{"key": "a"}, {"key": {}}]}, "header": [7]}"#;
        let paths = |items: String| -> Vec<String> {
            let text = format!(r#"{{{info}, "item": [{items}]}}"#);
            read_collection(&text)
                .map(|(_, warnings)| warnings.into_iter().map(|w| w.json_path).collect())
                .unwrap_or_default()
        };
        let request_warnings = [
            "$.item[0].request.url.query[1].key",
            "$.item[0].request.header[0]",
        ];
        assert_eq!(
            paths(format!(r#"{{"name": "r", "request": {request}}}"#)),
            request_warnings
        );
        assert_eq!(
            paths(format!(
                r#"{{"name": "r", "item": [], "request": {request}}}"#
            )),
            request_warnings,
            "an empty `item` list beside a request is a request"
        );
        assert!(paths(format!(
            r#"{{"name": "f", "request": {request}, "item": [{{"name": "g", "request": "https://x.test/g"}}]}}"#
        ))
        .is_empty());
    }

    #[test]
    fn fields_no_reader_reads_are_skipped_unparsed_however_deep() {
        // Scripts and ids nested past serde_json's recursion limit (128):
        // built as a `Value`, each would fail the whole collection.
        let deep = format!("{}{}", "[".repeat(300), "]".repeat(300));
        let text = format!(
            r#"{{{INFO}, "event": {deep}, "item": [{{"name": "Get", "id": {deep}, "event": {deep},
                "request": {{"method": "GET", "url": "https://x.test/a"}},
                "response": [{{"code": 200, "cookie": {deep}, "body": "{{}}"}}]}}]}}"#
        );
        assert!(read_collection_value(&text).is_err(), "the limit is real");
        let (collection, warnings) = read_collection(&text).expect("the collection reads");
        assert!(warnings.is_empty(), "{warnings:?}");
        let item = &collection.item[0];
        assert_eq!(item.name.as_deref(), Some("Get"));
        assert_eq!(item.response[0].code, Some(200));
    }

    #[test]
    fn the_corpus_reads_as_the_parsed_file_reads() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files =
            vec![root.join("collection/zoho-crm-notifications.postman_collection.json")];
        let corpus = root.join("crates/converter-corpus/corpus");
        for folder in [corpus.clone(), corpus.join("real")] {
            for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.join("collection.json").is_file() {
                    files.push(path.join("collection.json"));
                } else if path.extension().is_some_and(|e| e == "json") {
                    files.push(path);
                }
            }
        }
        assert!(files.len() > 40, "the corpus is there: {}", files.len());
        for file in files {
            let text = std::fs::read_to_string(&file).expect("readable");
            same_reading(&text);
        }
    }
}
