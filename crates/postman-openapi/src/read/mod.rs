//! Reading a collection file into the [`crate::postman`] model, degrading
//! per element, never per collection.
//!
//! Only a file that is not JSON, or JSON that is not a Postman v2.0/v2.1
//! collection, is an error. Everything below the collection is read one
//! element at a time from the parsed JSON: an item, example, variable or
//! list entry that cannot be read is skipped, and a field of the wrong type
//! is repaired or ignored, each with a [`Warning`] naming its JSON path. The
//! rest of the collection converts.
//!
//! Every field is matched by name while the JSON objects are consumed, so
//! unknown fields (`event`, `protocolProfileBehavior`, `_postman_id`, ...)
//! cost nothing and the recorded bodies are moved, never copied.

use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::error::{ConvertError, join_path, json_path_of};
use crate::postman::{
    Auth, Body, Collection, Description, Headers, Info, Item, PathSegment, PathSegments,
    RecordedText, Request, RequestDefinition, Response, StringOrList, StructuredUrl, Url,
};
use crate::warning::{Warning, WarningKind};

/// Visitor methods for the kinds a streaming seed reads as a
/// `serde_json::Value` and hands to its `other` method, which reads it as
/// the parsed file would be (the seeds of `stream` and `request_stream`).
macro_rules! as_value {
    (scalars) => {
        fn visit_bool<E>(self, flag: bool) -> Result<Self::Value, E> {
            Ok(self.other(serde_json::Value::Bool(flag)))
        }

        fn visit_i64<E>(self, number: i64) -> Result<Self::Value, E> {
            Ok(self.other(serde_json::Value::from(number)))
        }

        fn visit_u64<E>(self, number: u64) -> Result<Self::Value, E> {
            Ok(self.other(serde_json::Value::from(number)))
        }

        fn visit_f64<E>(self, number: f64) -> Result<Self::Value, E> {
            Ok(self.other(serde_json::Value::from(number)))
        }
    };
    (str) => {
        fn visit_str<E>(self, text: &str) -> Result<Self::Value, E> {
            Ok(self.other(serde_json::Value::String(text.to_string())))
        }
    };
    (unit) => {
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(self.other(serde_json::Value::Null))
        }
    };
    (seq) => {
        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            sequence: A,
        ) -> Result<Self::Value, A::Error> {
            let value = <serde_json::Value as serde::Deserialize>::deserialize(
                serde::de::value::SeqAccessDeserializer::new(sequence),
            )?;
            Ok(self.other(value))
        }
    };
    (map) => {
        fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            let value = <serde_json::Value as serde::Deserialize>::deserialize(
                serde::de::value::MapAccessDeserializer::new(map),
            )?;
            Ok(self.other(value))
        }
    };
    ($($kind:ident),+) => {
        $(as_value!($kind);)+
    };
}

mod entry_description;
mod entry_fields;
mod request_stream;
mod shared_texts;
mod stream;

/// Parses a collection file's text and reads it leniently.
///
/// The item tree is read straight from the text ([`stream`]): only one
/// item's fields are a `serde_json::Value` at a time, never the whole file.
/// Text that does not parse is parsed again by [`parse_json`], for an error
/// naming where parsing stopped.
pub(crate) fn read_collection(text: &str) -> Result<(Collection, Vec<Warning>), ConvertError> {
    check_starts_as_object(text)?;
    let mut reader = Reader::default();
    if let Ok(parts) = stream::read_top_level(&mut reader, text) {
        let collection = reader.finish_collection(parts)?;
        return Ok((collection, reader.warnings));
    }
    read_collection_value(text)
}

/// [`read_collection`] through one `Value` of the whole file: the error
/// path, and the reference the streamed reading is tested against.
pub(crate) fn read_collection_value(
    text: &str,
) -> Result<(Collection, Vec<Warning>), ConvertError> {
    let value = parse_json(text)?;
    let Value::Object(map) = value else {
        return Err(ConvertError::new(
            "$",
            "a Postman collection is a JSON object ({\"info\": ..., \"item\": [...]})",
        ));
    };
    let mut reader = Reader::default();
    let collection = reader.collection(map)?;
    Ok((collection, reader.warnings))
}

/// Parses the text as JSON. Errors name the JSON path where parsing stopped,
/// so a truncated file can be found without reading the whole file.
fn parse_json(text: &str) -> Result<Value, ConvertError> {
    check_starts_as_object(text)?;
    // The fast path first; only a file that does not parse is read again,
    // tracking the path (which costs an allocation per key).
    if let Ok(value) = serde_json::from_str::<Value>(text) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value: Value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
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
    Ok(value)
}

/// A collection is a JSON object: anything else is refused before parsing.
fn check_starts_as_object(text: &str) -> Result<(), ConvertError> {
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
    Ok(())
}

/// A short name of a JSON value's type, for messages ("found a number").
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A request body field that leaves its request without a body (the
/// warning already said why).
struct NoBody;

/// Why an element cannot be read: where, and what is wrong there.
type Unreadable = (String, String);

/// A collection's top level while its fields are read.
#[derive(Default)]
struct CollectionParts {
    collection: Collection,
    info: Option<Value>,
    has_items: bool,
}

/// An item while its fields are read; its `request` is read last, once it
/// is known whether the item is a folder.
#[derive(Default)]
struct ItemParts {
    item: Item,
    request: Option<ReadRequest>,
}

/// An item's `request`, read where it stands in the item. Its warnings
/// wait: a folder's `request` was never sent, and is not read at all.
struct ReadRequest {
    request: Result<Request, Unreadable>,
    warnings: Vec<Warning>,
}

#[derive(Default)]
struct Reader {
    warnings: Vec<Warning>,
    /// Every recorded body read so far (see [`shared_texts`]).
    texts: shared_texts::SharedTexts,
}

impl Reader {
    fn warn(
        &mut self,
        kind: WarningKind,
        json_path: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.warnings.push(Warning::new(kind, json_path, message));
    }

    fn collection(&mut self, map: Map<String, Value>) -> Result<Collection, ConvertError> {
        let mut parts = CollectionParts::default();
        for (key, value) in map {
            if key == "item" {
                parts.has_items = true;
                parts.collection.item = self.items(value, "$.item");
            } else {
                self.collection_field(&mut parts, &key, value);
            }
        }
        self.finish_collection(parts)
    }

    /// The top-level fields besides `item` that [`Self::collection_field`]
    /// reads: the streamed reading skips any other unparsed (`event`
    /// scripts above all). Keep the two in step.
    const COLLECTION_FIELDS: [&'static str; 3] = ["info", "auth", "variable"];

    /// Reads one top-level field other than `item`.
    fn collection_field(&mut self, parts: &mut CollectionParts, key: &str, value: Value) {
        match key {
            "info" => parts.info = Some(value),
            "auth" => parts.collection.auth = self.auth(value, "$.auth"),
            "variable" => parts.collection.variable = self.entries(value, "$.variable"),
            _ => {}
        }
    }

    /// Checks the `info` block once every top-level field is read.
    fn finish_collection(&mut self, parts: CollectionParts) -> Result<Collection, ConvertError> {
        let CollectionParts {
            mut collection,
            info,
            has_items,
        } = parts;
        collection.info = match info {
            Some(Value::Object(info)) => self.info(info, has_items)?,
            Some(other) => {
                return Err(ConvertError::new(
                    "$.info",
                    format!(
                        "expected the collection's info object, found {}; this is not a Postman v2 collection",
                        type_name(&other)
                    ),
                ));
            }
            None => {
                return Err(ConvertError::new(
                    "$",
                    "missing field `info`: this is not a Postman v2.0/v2.1 collection (export it as Collection v2.1)",
                ));
            }
        };
        Ok(collection)
    }

    /// The `info` block. Without a name, a schema URL or an `item` list
    /// beside it, the file is something else with an `info` (an OpenAPI
    /// document has one too), and an error.
    fn info(&mut self, map: Map<String, Value>, has_items: bool) -> Result<Info, ConvertError> {
        let mut info = Info::default();
        let mut name = None;
        for (key, value) in map {
            match key.as_str() {
                "name" => name = self.text(value, || "$.info.name".to_string()),
                "description" => info.description = Some(description(value)),
                "schema" => info.schema = self.text(value, || "$.info.schema".to_string()),
                "version" => info.version = Some(value),
                _ => {}
            }
        }
        if let Some(schema) = &info.schema
            && !(schema.contains("v2.0") || schema.contains("v2.1"))
        {
            return Err(ConvertError::new(
                "$.info.schema",
                format!("unsupported collection format {schema}; export the collection as v2.1"),
            ));
        }
        if name.is_none() && info.schema.is_none() && !has_items {
            return Err(ConvertError::new(
                "$.info",
                "missing field `name`: with no `info.schema` and no `item` list, this is not a Postman collection",
            ));
        }
        info.name = name.unwrap_or_else(|| {
            self.warn(
                WarningKind::RepairedField,
                "$.info.name",
                "the collection has no name; the document is titled \"Untitled collection\"",
            );
            "Untitled collection".to_string()
        });
        Ok(info)
    }

    fn items(&mut self, value: Value, json_path: &str) -> Vec<Item> {
        self.each(value, json_path, Self::item)
    }

    /// The entries of the list at `json_path`, each read by `read` with its
    /// own path; an entry `read` rejects is left out (it has said why).
    fn each<T>(
        &mut self,
        value: Value,
        json_path: &str,
        read: fn(&mut Self, Value, String) -> Option<T>,
    ) -> Vec<T> {
        let Some(list) = self.list(value, json_path) else {
            return Vec::new();
        };
        list.into_iter()
            .enumerate()
            .filter_map(|(index, value)| read(self, value, format!("{json_path}[{index}]")))
            .collect()
    }

    fn item(&mut self, value: Value, json_path: String) -> Option<Item> {
        let Value::Object(map) = value else {
            self.skip_non_object_item(type_name(&value), json_path);
            return None;
        };
        let mut parts = ItemParts::default();
        for (key, value) in map {
            if key == "item" {
                parts.item.item = match value {
                    Value::Null => None,
                    value => Some(self.items(value, &format!("{json_path}.item"))),
                };
            } else {
                self.item_field(&mut parts, &key, value, &json_path);
            }
        }
        self.finish_item(parts, json_path)
    }

    /// An item that is not an object is skipped.
    fn skip_non_object_item(&mut self, found: &str, json_path: String) {
        self.warn(
            WarningKind::SkippedItem,
            json_path,
            format!("an item is an object with `request` or `item`, found {found}; skipped"),
        );
    }

    /// The fields of an item that [`Self::item_field`] reads, besides the
    /// `item`, `request` and `response` the streamed reading reads itself:
    /// it skips any other unparsed (`id`, `event` scripts,
    /// `protocolProfileBehavior`). Keep the two in step.
    const ITEM_FIELDS: [&'static str; 4] = ["name", "description", "auth", "variable"];

    /// Reads one field of an item other than its `item` list.
    fn item_field(&mut self, parts: &mut ItemParts, key: &str, value: Value, json_path: &str) {
        let item = &mut parts.item;
        match key {
            "name" => item.name = self.text(value, || format!("{json_path}.name")),
            "description" => item.description = Some(description(value)),
            "request" if value.is_null() => parts.request = None,
            "request" => {
                let path = format!("{json_path}.request");
                parts.request = Some(self.read_request(|reader| reader.request(value, &path)));
            }
            "response" => item.response = self.responses(value, &format!("{json_path}.response")),
            "auth" => item.auth = self.auth(value, &format!("{json_path}.auth")),
            "variable" => item.variable = self.entries(value, &format!("{json_path}.variable")),
            _ => {}
        }
    }

    /// Settles an item once every field is read: folder or request.
    fn finish_item(&mut self, parts: ItemParts, json_path: String) -> Option<Item> {
        let ItemParts { mut item, request } = parts;
        // A request that also carries an empty `item` list is a request,
        // not an empty folder.
        if request.is_some() && item.item.as_ref().is_some_and(Vec::is_empty) {
            item.item = None;
        }
        // A folder's `request`, if any, was never sent: folders win, and
        // what reading it found is dropped with it.
        if let (None, Some(ReadRequest { request, warnings })) = (&item.item, request) {
            self.warnings.extend(warnings);
            match request {
                Ok(request) => item.request = Some(request),
                Err((path, message)) => {
                    self.warn(
                        WarningKind::SkippedItem,
                        path,
                        format!("{message}; item skipped"),
                    );
                    return None;
                }
            }
        }
        item.json_path = Some(json_path);
        Some(item)
    }

    fn request(&mut self, value: Value, json_path: &str) -> Result<Request, Unreadable> {
        match value {
            Value::String(url) => Ok(Request::Url(url)),
            Value::Object(map) => Ok(Request::Full(Box::new(self.definition(map, json_path)?))),
            other => Err((
                json_path.to_string(),
                format!(
                    "expected a URL string or a request object, found {}",
                    type_name(&other)
                ),
            )),
        }
    }

    fn definition(
        &mut self,
        map: Map<String, Value>,
        json_path: &str,
    ) -> Result<RequestDefinition, Unreadable> {
        let mut definition = RequestDefinition::default();
        for (key, value) in map {
            self.definition_field(&mut definition, &key, value, json_path)?;
        }
        Ok(definition)
    }

    /// Reads one field of a request object; a field that makes the request
    /// unreadable (its `url` or `method`) is an error.
    fn definition_field(
        &mut self,
        definition: &mut RequestDefinition,
        key: &str,
        value: Value,
        json_path: &str,
    ) -> Result<(), Unreadable> {
        let path = || format!("{json_path}.{key}");
        match key {
            "url" => definition.url = self.url(value, &path())?,
            "method" => {
                definition.method = match value {
                    Value::String(method) => Some(method),
                    Value::Null => None,
                    other => {
                        return Err((
                            path(),
                            format!("expected a method name, found {}", type_name(&other)),
                        ));
                    }
                }
            }
            "header" => definition.header = self.headers(value, &path()),
            "body" => definition.body = self.body(value, &path()),
            "auth" => definition.auth = self.auth(value, &path()),
            "description" => definition.description = Some(description(value)),
            _ => {}
        }
        Ok(())
    }

    /// A URL: a string, Postman's object form, or absent.
    fn url(&mut self, value: Value, json_path: &str) -> Result<Option<Url>, Unreadable> {
        match value {
            Value::Null => Ok(None),
            Value::String(raw) => Ok(Some(Url::Raw(raw))),
            Value::Object(map) => Ok(Some(Url::Structured(Box::new(
                self.structured_url(map, json_path),
            )))),
            other => Err((
                json_path.to_string(),
                format!(
                    "expected a URL string or a url object, found {}",
                    type_name(&other)
                ),
            )),
        }
    }

    fn structured_url(&mut self, map: Map<String, Value>, json_path: &str) -> StructuredUrl {
        let mut url = StructuredUrl::default();
        for (key, value) in map {
            self.structured_url_field(&mut url, &key, value, json_path);
        }
        url
    }

    /// Reads one field of Postman's url object.
    fn structured_url_field(
        &mut self,
        url: &mut StructuredUrl,
        key: &str,
        value: Value,
        json_path: &str,
    ) {
        match key {
            "raw" => url.raw = plain_text(value),
            "protocol" => url.protocol = plain_text(value),
            "host" => {
                url.host = match value {
                    Value::String(host) => Some(StringOrList::One(host)),
                    Value::Array(labels) => Some(StringOrList::Many(
                        labels.into_iter().filter_map(plain_text).collect(),
                    )),
                    _ => None,
                }
            }
            "port" => url.port = Some(value).filter(|value| !value.is_null()),
            "path" => {
                url.path = match value {
                    Value::String(path) => Some(PathSegments::One(path)),
                    Value::Array(segments) => Some(PathSegments::Many(
                        segments.into_iter().filter_map(path_segment).collect(),
                    )),
                    _ => None,
                }
            }
            "query" => url.query = self.entries(value, &format!("{json_path}.query")),
            "variable" => url.variable = self.entries(value, &format!("{json_path}.variable")),
            _ => {}
        }
    }

    fn headers(&mut self, value: Value, json_path: &str) -> Option<Headers> {
        match value {
            Value::String(raw) => Some(Headers::Raw(raw)),
            Value::Null => None,
            value => Some(Headers::List(self.entries(value, json_path))),
        }
    }

    fn body(&mut self, value: Value, json_path: &str) -> Option<Body> {
        let map = match value {
            Value::Object(map) => map,
            Value::Null => return None,
            other => {
                self.warn(
                    WarningKind::RepairedField,
                    json_path,
                    format!(
                        "expected a body object, found {}; no body",
                        type_name(&other)
                    ),
                );
                return None;
            }
        };
        let mut body = Body::default();
        for (key, value) in map {
            self.body_field(&mut body, &key, value, json_path).ok()?;
        }
        Some(body)
    }

    /// Reads one field of the request body at `json_path`; `Err` when the
    /// field leaves the request without a body (a `mode` that is not text).
    fn body_field(
        &mut self,
        body: &mut Body,
        key: &str,
        value: Value,
        json_path: &str,
    ) -> Result<(), NoBody> {
        let path = || format!("{json_path}.{key}");
        match key {
            "mode" => match value {
                Value::String(mode) => body.mode = Some(mode),
                Value::Null => {}
                other => {
                    self.warn(
                        WarningKind::RepairedField,
                        path(),
                        format!("expected a body mode, found {}; no body", type_name(&other)),
                    );
                    return Err(NoBody);
                }
            },
            "raw" => {
                body.raw = self
                    .text_or_json(value, path)
                    .map(|raw| self.texts.share(&raw))
            }
            "urlencoded" => body.urlencoded = self.entries(value, &path()),
            "formdata" => body.formdata = self.entries(value, &path()),
            "graphql" => body.graphql = Some(value).filter(|value| !value.is_null()),
            "options" => body.options = Some(value).filter(|value| !value.is_null()),
            "disabled" => body.disabled = value.as_bool().unwrap_or(false),
            _ => {}
        }
        Ok(())
    }

    fn auth(&mut self, value: Value, json_path: &str) -> Option<Auth> {
        let mut params = match value {
            Value::Object(map) => map,
            Value::Null => return None,
            other => {
                self.warn(
                    WarningKind::RepairedField,
                    json_path,
                    format!(
                        "expected an auth object, found {}; ignored",
                        type_name(&other)
                    ),
                );
                return None;
            }
        };
        match params.remove("type") {
            Some(Value::String(kind)) => Some(Auth { kind, params }),
            _ => {
                self.warn(
                    WarningKind::RepairedField,
                    format!("{json_path}.type"),
                    "auth has no `type`; ignored",
                );
                None
            }
        }
    }

    fn responses(&mut self, value: Value, json_path: &str) -> Vec<Response> {
        self.each(value, json_path, Self::response)
    }

    fn response(&mut self, value: Value, json_path: String) -> Option<Response> {
        let Value::Object(map) = value else {
            self.skip_non_object_response(type_name(&value), json_path);
            return None;
        };
        let mut response = Response::default();
        for (key, value) in map {
            self.response_field(&mut response, &key, value, &json_path);
        }
        response.json_path = Some(json_path);
        Some(response)
    }

    /// An example response that is not an object is skipped.
    fn skip_non_object_response(&mut self, found: &str, json_path: String) {
        self.warn(
            WarningKind::SkippedExample,
            json_path,
            format!("an example response is an object, found {found}; skipped"),
        );
    }

    /// The fields of an example that [`Self::response_field`] reads, besides
    /// the `body`, `originalRequest` and `header` the streamed reading reads
    /// itself: it skips any other unparsed (`id`, `cookie`, `responseTime`).
    /// Keep the two in step.
    const RESPONSE_FIELDS: [&'static str; 4] =
        ["name", "status", "code", "_postman_previewlanguage"];

    /// Reads one field of the example response at `json_path`.
    fn response_field(
        &mut self,
        response: &mut Response,
        key: &str,
        value: Value,
        json_path: &str,
    ) {
        let path = || format!("{json_path}.{key}");
        match key {
            "name" => response.name = self.text(value, path),
            "originalRequest" if value.is_null() => {}
            "originalRequest" => {
                let request = self.request(value, &path());
                self.original_request(response, request);
            }
            "status" => response.status = self.text(value, path),
            "code" => response.code = self.status_code(value, path),
            "header" => response.header = self.headers(value, &path()),
            "body" => {
                response.body = RecordedText::new(self.text_or_json(value, path).map(Arc::from))
            }
            "_postman_previewlanguage" => {
                response.preview_language = value.as_str().map(str::to_string)
            }
            _ => {}
        }
    }

    /// Keeps an example's recorded request, or says why it is ignored.
    fn original_request(&mut self, response: &mut Response, request: Result<Request, Unreadable>) {
        match request {
            Ok(request) => response.original_request = Some(request),
            Err((path, message)) => self.warn(
                WarningKind::RepairedField,
                path,
                format!("{message}; the recorded request is ignored"),
            ),
        }
    }

    /// Reads a request with its warnings set aside (see [`ReadRequest`]).
    fn read_request(
        &mut self,
        read: impl FnOnce(&mut Self) -> Result<Request, Unreadable>,
    ) -> ReadRequest {
        let mark = self.warnings.len();
        let request = read(self);
        let warnings = self.warnings.split_off(mark);
        ReadRequest { request, warnings }
    }

    /// A status code as a number, or as text holding one (repaired, with a
    /// warning). Anything else is ignored with a warning; the example may
    /// still take its status from its reason phrase.
    fn status_code(&mut self, value: Value, json_path: impl FnOnce() -> String) -> Option<u16> {
        let ignored = |value: &Value| format!("{value} is not an HTTP status code; ignored");
        let (code, message) = match &value {
            Value::Null => return None,
            Value::Number(number) => match number.as_u64().and_then(|c| u16::try_from(c).ok()) {
                Some(code) => return Some(code),
                None => (None, ignored(&value)),
            },
            Value::String(text) => match text.trim().parse::<u16>() {
                Ok(code) => (
                    Some(code),
                    format!("the status code is text ({text:?}); read as a number"),
                ),
                Err(_) => (None, ignored(&value)),
            },
            _ => (None, ignored(&value)),
        };
        self.warn(WarningKind::RepairedField, json_path(), message);
        code
    }

    /// A list, or `None` (with a warning unless it is `null`).
    fn list(&mut self, value: Value, json_path: &str) -> Option<Vec<Value>> {
        match value {
            Value::Array(list) => Some(list),
            Value::Null => None,
            other => {
                self.warn(
                    WarningKind::RepairedField,
                    json_path,
                    format!("expected a list, found {}; ignored", type_name(&other)),
                );
                None
            }
        }
    }

    /// A list of `T`, each entry read on its own: an entry that cannot be
    /// read is skipped with a warning naming where in it the problem is.
    fn entries<T: DeserializeOwned>(&mut self, value: Value, json_path: &str) -> Vec<T> {
        let Some(list) = self.list(value, json_path) else {
            return Vec::new();
        };
        let mut entries = Vec::with_capacity(list.len());
        for (index, value) in list.into_iter().enumerate() {
            // Nearly every entry reads cleanly: read it without tracking
            // the path (which allocates for every key), and only read a
            // failing one again to say where it failed.
            if let Ok(entry) = T::deserialize(&value) {
                entries.push(entry);
                continue;
            }
            entries.extend(self.entry_tracked(value, index, json_path));
        }
        entries
    }

    /// Entry `index` of the list at `json_path`, read tracking where in it
    /// reading fails: an entry that cannot be read is skipped with a warning
    /// naming that place.
    fn entry_tracked<T: DeserializeOwned>(
        &mut self,
        value: Value,
        index: usize,
        json_path: &str,
    ) -> Option<T> {
        match serde_path_to_error::deserialize::<_, T>(value) {
            Ok(entry) => Some(entry),
            Err(error) => {
                let entry_path = format!("{json_path}[{index}]");
                let path = join_path(&entry_path, &error.path().to_string());
                self.warn(
                    WarningKind::SkippedEntry,
                    path,
                    format!("{}; entry skipped", error.into_inner()),
                );
                None
            }
        }
    }

    /// Text; numbers and booleans are read as their text, anything else is
    /// ignored with a warning.
    fn text(&mut self, value: Value, json_path: impl FnOnce() -> String) -> Option<String> {
        match value {
            Value::String(text) => Some(text),
            Value::Number(number) => Some(number.to_string()),
            Value::Bool(flag) => Some(flag.to_string()),
            Value::Null => None,
            other => {
                self.warn(
                    WarningKind::RepairedField,
                    json_path(),
                    format!("expected text, found {}; ignored", type_name(&other)),
                );
                None
            }
        }
    }

    /// A body's text. A body recorded as JSON instead of as a string is kept
    /// as its JSON text, with a warning.
    fn text_or_json(&mut self, value: Value, json_path: impl FnOnce() -> String) -> Option<String> {
        match value {
            Value::String(text) => Some(text),
            Value::Null => None,
            other => {
                self.warn(
                    WarningKind::RepairedField,
                    json_path(),
                    format!(
                        "expected the body as a string, found {}; its JSON text is used",
                        type_name(&other)
                    ),
                );
                Some(other.to_string())
            }
        }
    }
}

/// One path segment: text, the v2.0 `{type, value}` object, or a number.
fn path_segment(value: Value) -> Option<PathSegment> {
    match value {
        Value::Object(mut map) => Some(PathSegment::Object {
            value: map.remove("value").and_then(plain_text),
        }),
        other => plain_text(other).map(PathSegment::Text),
    }
}

/// Text, or a number or boolean as text; anything else is absent.
fn plain_text(value: Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

/// A description: text, `{content, type}`, or anything else (ignored).
fn description(value: Value) -> Description {
    match value {
        Value::String(text) => Description::Text(text),
        Value::Object(mut map) => match map.remove("content") {
            Some(Value::String(content)) => Description::Object {
                content: Some(content),
            },
            None | Some(Value::Null) => Description::Object { content: None },
            Some(_) => Description::Other,
        },
        _ => Description::Other,
    }
}
