//! A model of Postman collections, formats v2.0.0 and v2.1.0.
//!
//! The model holds what real collections vary in (a URL may be a string or
//! an object, a description a string or an object, v2.0 auth is an object and
//! v2.1 auth a list). It is filled by [`crate::parse_collection`], which reads each item,
//! example and variable on its own so that one bad element is skipped with a
//! warning instead of failing the collection. Meaning is given to these
//! fields by [`crate::assemble`], not here.

use std::cell::Cell;
use std::sync::Arc;

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A whole collection file.
#[derive(Debug, Clone, Default)]
pub struct Collection {
    /// Name, description and schema URL.
    pub info: Info,
    /// Top-level folders and requests.
    pub item: Vec<Item>,
    /// Auth inherited by every request that does not set its own.
    pub auth: Option<Auth>,
    /// Collection variables, used to resolve `{{name}}` references.
    pub variable: Vec<Variable>,
}

/// The collection's `info` block.
#[derive(Debug, Clone, Default)]
pub struct Info {
    /// The collection's name; becomes the OpenAPI title.
    pub name: String,
    /// Free text describing the collection.
    pub description: Option<Description>,
    /// The format's schema URL, which tells v2.0 from v2.1.
    pub schema: Option<String>,
    /// The collection's own version, when it states one.
    pub version: Option<Value>,
}

/// A folder (has `item`) or a request (has `request`).
#[derive(Debug, Clone, Default)]
pub struct Item {
    /// The name shown in Postman; operation ids and tags come from it.
    pub name: Option<String>,
    /// Free text.
    pub description: Option<Description>,
    /// Children, when this item is a folder.
    pub item: Option<Vec<Item>>,
    /// The request, when this item is a request.
    pub request: Option<Request>,
    /// Saved example responses.
    pub response: Vec<Response>,
    /// Folder-level auth, inherited by the folder's requests.
    pub auth: Option<Auth>,
    /// Folder-level variables.
    pub variable: Vec<Variable>,
    /// Where the item sits in the collection (`$.item[2].item[0]`); set by
    /// [`crate::parse_collection`], so warnings about a skipped sibling do not shift
    /// the paths of the items after it.
    pub json_path: Option<String>,
}

/// A request: either a bare URL string or a full object.
#[derive(Debug, Clone)]
pub enum Request {
    /// A full request definition.
    Full(Box<RequestDefinition>),
    /// A bare URL; the method is GET.
    Url(String),
}

/// A full request definition.
#[derive(Debug, Clone, Default)]
pub struct RequestDefinition {
    /// Where the request goes.
    pub url: Option<Url>,
    /// HTTP method; GET when absent.
    pub method: Option<String>,
    /// Headers sent with the request.
    pub header: Option<Headers>,
    /// The request body.
    pub body: Option<Body>,
    /// Request-level auth.
    pub auth: Option<Auth>,
    /// Free text.
    pub description: Option<Description>,
}

/// A description: a string, or an object with `content`. Read (in list
/// entries) as an untagged enum of these variants would read, without
/// buffering each one first (see `read::entry_description`).
#[derive(Debug, Clone, PartialEq)]
pub enum Description {
    /// Plain text or markdown.
    Text(String),
    /// `{ "content": "...", "type": "text/markdown" }`.
    Object {
        /// The text.
        content: Option<String>,
    },
    /// Anything else (null, numbers, an object whose `content` is not
    /// text); ignored, so not kept.
    Other,
}

impl Description {
    /// The description's text, if it has any.
    pub fn text(&self) -> Option<&str> {
        match self {
            Description::Text(text) => Some(text.as_str()),
            Description::Object { content } => content.as_deref(),
            Description::Other => None,
        }
        .filter(|text| !text.trim().is_empty())
    }
}

/// A URL: a string, or Postman's structured form.
#[derive(Debug, Clone)]
pub enum Url {
    /// `"https://host/path?x=1"`.
    Raw(String),
    /// Postman's parsed form.
    Structured(Box<StructuredUrl>),
}

/// Postman's parsed URL.
#[derive(Debug, Clone, Default)]
pub struct StructuredUrl {
    /// The URL as typed.
    pub raw: Option<String>,
    /// `http` or `https`.
    pub protocol: Option<String>,
    /// Host labels, or one string.
    pub host: Option<StringOrList>,
    /// Port, as a string.
    pub port: Option<Value>,
    /// Path segments, or one string.
    pub path: Option<PathSegments>,
    /// Query parameters.
    pub query: Vec<KeyValue>,
    /// Values and descriptions of `:name` path variables.
    pub variable: Vec<Variable>,
}

/// A string, or a list of strings (host labels).
#[derive(Debug, Clone)]
pub enum StringOrList {
    /// One string.
    One(String),
    /// Several strings.
    Many(Vec<String>),
}

/// Path segments: one string, or a list of strings or `{type, value}` objects.
#[derive(Debug, Clone)]
pub enum PathSegments {
    /// `"a/b/c"`.
    One(String),
    /// `["a", "b", {"type": "string", "value": "c"}]`.
    Many(Vec<PathSegment>),
}

/// One path segment.
#[derive(Debug, Clone)]
pub enum PathSegment {
    /// A plain segment.
    Text(String),
    /// The v2.0 object form.
    Object {
        /// The segment text.
        value: Option<String>,
    },
}

/// A `key`/`value` pair: query parameter, header, form field.
///
/// Real exports write `key` as text or a number, `value` as any JSON value,
/// and `disabled`, `type` or `description` as `null`; all of these read.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct KeyValue {
    /// Name.
    #[serde(default, deserialize_with = "lenient_text")]
    pub key: Option<String>,
    /// Example value.
    #[serde(default)]
    pub value: Option<Value>,
    /// Disabled entries are not sent by Postman, so they are not parameters.
    #[serde(default, deserialize_with = "lenient_flag")]
    pub disabled: bool,
    /// Free text.
    #[serde(default)]
    pub description: Option<Description>,
    /// Form-data entries: `text` or `file`.
    #[serde(default, rename = "type", deserialize_with = "lenient_text")]
    pub kind: Option<String>,
}

impl KeyValue {
    /// The value as text (numbers and booleans printed, null as empty).
    pub fn value_text(&self) -> String {
        match &self.value {
            Some(Value::String(text)) => text.clone(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        }
    }
}

/// Headers: a list of pairs, or one raw header block.
#[derive(Debug, Clone)]
pub enum Headers {
    /// `[{"key": "A", "value": "b"}]`.
    List(Vec<KeyValue>),
    /// `"A: b\nC: d"`.
    Raw(String),
}

impl Headers {
    /// The value of the first enabled header named `name` (in any case),
    /// as [`Headers::pairs`] gives it, without building the others.
    pub fn value_of(&self, name: &str) -> Option<String> {
        match self {
            Headers::List(list) => list
                .iter()
                .filter(|header| !header.disabled)
                .find(|header| {
                    header
                        .key
                        .as_deref()
                        .is_some_and(|key| key.eq_ignore_ascii_case(name))
                })
                .map(KeyValue::value_text),
            Headers::Raw(raw) => raw.lines().find_map(|line| {
                let (key, value) = line.split_once(':')?;
                key.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| value.trim().to_string())
            }),
        }
    }

    /// Enabled headers as `(name, value)` pairs.
    pub fn pairs(&self) -> Vec<(String, String)> {
        match self {
            Headers::List(list) => list
                .iter()
                .filter(|header| !header.disabled)
                .filter_map(|header| Some((header.key.clone()?, header.value_text())))
                .collect(),
            Headers::Raw(raw) => raw
                .lines()
                .filter_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    Some((name.trim().to_string(), value.trim().to_string()))
                })
                .collect(),
        }
    }
}

/// A collection, folder or request variable.
///
/// Postman's ordinary export writes both `id` and `key` (`{"id": "9f1c…",
/// "key": "baseUrl", "value": "…", "type": "string"}`); v2.0 path variables
/// may have only `id`. The name is `key`, else `id`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(from = "RawVariable")]
pub struct Variable {
    /// Name, as used in `{{name}}`: `key`, or `id` when there is no `key`.
    pub key: Option<String>,
    /// Value; any JSON type.
    pub value: Option<Value>,
    /// Free text.
    pub description: Option<Description>,
    /// Disabled variables do not resolve.
    pub disabled: bool,
}

/// A variable as written, before `key`/`id` become one name.
#[derive(Default, Deserialize)]
pub(crate) struct RawVariable {
    #[serde(default, deserialize_with = "lenient_text")]
    pub(crate) key: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    pub(crate) id: Option<String>,
    #[serde(default)]
    pub(crate) value: Option<Value>,
    #[serde(default)]
    pub(crate) description: Option<Description>,
    #[serde(default, deserialize_with = "lenient_flag")]
    pub(crate) disabled: bool,
}

impl From<RawVariable> for Variable {
    fn from(raw: RawVariable) -> Self {
        Variable {
            key: raw.key.filter(|key| !key.is_empty()).or(raw.id),
            value: raw.value,
            description: raw.description,
            disabled: raw.disabled,
        }
    }
}

/// A request body.
#[derive(Debug, Clone, Default)]
pub struct Body {
    /// `raw`, `urlencoded`, `formdata`, `file` or `graphql`.
    pub mode: Option<String>,
    /// The text of a raw body.
    pub raw: Option<Arc<str>>,
    /// Fields of an urlencoded body.
    pub urlencoded: Vec<KeyValue>,
    /// Fields of a multipart body.
    pub formdata: Vec<KeyValue>,
    /// A GraphQL query and its variables.
    pub graphql: Option<Value>,
    /// `options.raw.language`: `json`, `xml`, `text`, `html`, `javascript`.
    pub options: Option<Value>,
    /// A disabled body is not sent.
    pub disabled: bool,
}

impl Body {
    /// The declared raw language (`json`, `xml`, ...), if any.
    pub fn raw_language(&self) -> Option<&str> {
        self.options.as_ref()?.get("raw")?.get("language")?.as_str()
    }
}

/// Auth settings: v2.1 lists `[{key, value}]`, v2.0 uses an object.
#[derive(Debug, Clone)]
pub struct Auth {
    /// `noauth`, `bearer`, `basic`, `apikey`, `oauth2`, `digest`, ...
    pub kind: String,
    /// The parameters for every type, keyed by type name.
    pub params: serde_json::Map<String, Value>,
}

impl Auth {
    /// The value of parameter `name` for this auth type, in either format.
    pub fn param(&self, name: &str) -> Option<String> {
        let params = self.params.get(&self.kind)?;
        let value = match params {
            // v2.1: [{"key": "token", "value": "...", "type": "string"}]
            Value::Array(list) => list
                .iter()
                .find(|entry| entry.get("key").and_then(Value::as_str) == Some(name))?
                .get("value")?,
            // v2.0: {"token": "..."}
            Value::Object(map) => map.get(name)?,
            _ => return None,
        };
        match value {
            Value::String(text) => Some(text.clone()),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    }
}

/// A saved example response.
#[derive(Debug, Clone, Default)]
pub struct Response {
    /// The example's name; duplicates are allowed.
    pub name: Option<String>,
    /// The request that produced this response.
    pub original_request: Option<Request>,
    /// Reason phrase, e.g. `Created`.
    pub status: Option<String>,
    /// HTTP status code, when the example records a usable one.
    pub code: Option<u16>,
    /// Response headers.
    pub header: Option<Headers>,
    /// The body as recorded, byte for byte; shared, because the document
    /// and the replayable examples keep it too.
    pub body: RecordedText,
    /// Postman's guess at the body language (`json`, `html`, `text`, ...).
    pub preview_language: Option<String>,
    /// Where the example sits in the collection
    /// (`$.item[0].response[3]`); set by [`crate::parse_collection`].
    pub json_path: Option<String>,
}

impl Response {
    /// The recorded `Content-Type` header, if any.
    pub fn content_type(&self) -> Option<String> {
        self.header.as_ref()?.value_of("content-type")
    }
}

/// A recorded body's text, which a streamed conversion takes out of the
/// model once it has been read, so that each body can be freed as soon as
/// its path item is printed (bodies are most of a large collection).
#[derive(Default)]
pub struct RecordedText(Cell<Option<Arc<str>>>);

impl RecordedText {
    /// Holds `text`.
    pub fn new(text: Option<Arc<str>>) -> RecordedText {
        RecordedText(Cell::new(text))
    }

    /// The text, unless it was taken.
    pub fn get(&self) -> Option<Arc<str>> {
        let text = self.0.take();
        self.0.set(text.clone());
        text
    }

    /// Takes the text out, leaving none.
    pub fn take(&self) -> Option<Arc<str>> {
        self.0.take()
    }
}

impl Clone for RecordedText {
    fn clone(&self) -> Self {
        RecordedText::new(self.get())
    }
}

impl PartialEq for RecordedText {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl std::fmt::Debug for RecordedText {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(formatter)
    }
}

/// Reads text that exports sometimes write as a number or boolean
/// (`"key": 1`); `null` is absent.
fn lenient_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    text_of(Value::deserialize(deserializer)?).map_err(|other| {
        serde::de::Error::custom(format!(
            "expected text, found {}",
            crate::read::type_name(&other)
        ))
    })
}

/// What [`lenient_text`] reads `value` as, or the value back when it is a
/// list or an object, which no text stands for.
pub(crate) fn text_of(value: Value) -> Result<Option<String>, Value> {
    match value {
        Value::Null => Ok(None),
        Value::String(text) => Ok(Some(text)),
        Value::Number(number) => Ok(Some(number.to_string())),
        Value::Bool(flag) => Ok(Some(flag.to_string())),
        other => Err(other),
    }
}

/// Reads a flag that exports sometimes write as `null` or `"true"`.
fn lenient_flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Ok(flag_of(&Value::deserialize(deserializer)?))
}

/// What [`lenient_flag`] reads `value` as: anything but `true` or
/// `"true"` is `false`.
pub(crate) fn flag_of(value: &Value) -> bool {
    match value {
        Value::Bool(flag) => *flag,
        Value::String(text) => text.eq_ignore_ascii_case("true"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What finding the name among all pairs gives.
    fn through_pairs(headers: &Headers, name: &str) -> Option<String> {
        headers
            .pairs()
            .into_iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    }

    #[test]
    fn one_header_is_found_as_among_all_pairs() {
        let entry = |key: Option<&str>, value: Value, disabled: bool| KeyValue {
            key: key.map(str::to_string),
            value: Some(value),
            disabled,
            ..KeyValue::default()
        };
        let lists = [
            Headers::List(vec![
                entry(Some("Content-Type"), "text/plain".into(), true),
                entry(None, "x".into(), false),
                entry(Some("content-TYPE"), "application/json".into(), false),
                entry(Some("Content-Type"), "second".into(), false),
            ]),
            Headers::List(vec![entry(Some("Content-Type"), 5.into(), false)]),
            Headers::List(vec![entry(Some("Accept"), "*/*".into(), false)]),
            Headers::Raw("Accept: */*\n CONTENT-type : application/json; charset=utf-8 \nContent-Type: later".into()),
            Headers::Raw("no colon here\n".into()),
        ];
        for headers in &lists {
            for name in ["content-type", "accept", "missing"] {
                assert_eq!(
                    headers.value_of(name),
                    through_pairs(headers, name),
                    "{name} in {headers:?}"
                );
            }
        }
        assert_eq!(
            lists[0].value_of("Content-Type").as_deref(),
            Some("application/json"),
            "disabled and nameless entries are skipped"
        );
    }
}
