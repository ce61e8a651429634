//! A serde model of Postman collections, formats v2.0.0 and v2.1.0.
//!
//! The model is lenient where real collections vary (a URL may be a string or
//! an object, a description a string or an object, v2.0 auth is an object and
//! v2.1 auth a list) and keeps unknown fields out of the way, so that a
//! collection exported by any Postman version parses. Meaning is given to
//! these fields by [`crate::assemble`], not here.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// A whole collection file.
#[derive(Debug, Clone, Deserialize)]
pub struct Collection {
    /// Name, description and schema URL.
    pub info: Info,
    /// Top-level folders and requests.
    #[serde(default)]
    pub item: Vec<Item>,
    /// Auth inherited by every request that does not set its own.
    #[serde(default)]
    pub auth: Option<Auth>,
    /// Collection variables, used to resolve `{{name}}` references.
    #[serde(default)]
    pub variable: Vec<Variable>,
}

/// The collection's `info` block.
#[derive(Debug, Clone, Deserialize)]
pub struct Info {
    /// The collection's name; becomes the OpenAPI title.
    pub name: String,
    /// Free text describing the collection.
    #[serde(default)]
    pub description: Option<Description>,
    /// The format's schema URL, which tells v2.0 from v2.1.
    #[serde(default)]
    pub schema: Option<String>,
    /// The collection's own version, when it states one.
    #[serde(default)]
    pub version: Option<Value>,
}

/// A folder (has `item`) or a request (has `request`).
#[derive(Debug, Clone, Deserialize)]
pub struct Item {
    /// The name shown in Postman; operation ids and tags come from it.
    #[serde(default)]
    pub name: Option<String>,
    /// Free text.
    #[serde(default)]
    pub description: Option<Description>,
    /// Children, when this item is a folder.
    #[serde(default)]
    pub item: Option<Vec<Item>>,
    /// The request, when this item is a request.
    #[serde(default)]
    pub request: Option<Request>,
    /// Saved example responses.
    #[serde(default)]
    pub response: Vec<Response>,
    /// Folder-level auth, inherited by the folder's requests.
    #[serde(default)]
    pub auth: Option<Auth>,
    /// Folder-level variables.
    #[serde(default)]
    pub variable: Vec<Variable>,
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
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RequestDefinition {
    /// Where the request goes.
    #[serde(default)]
    pub url: Option<Url>,
    /// HTTP method; GET when absent.
    #[serde(default)]
    pub method: Option<String>,
    /// Headers sent with the request.
    #[serde(default)]
    pub header: Option<Headers>,
    /// The request body.
    #[serde(default)]
    pub body: Option<Body>,
    /// Request-level auth.
    #[serde(default)]
    pub auth: Option<Auth>,
    /// Free text.
    #[serde(default)]
    pub description: Option<Description>,
}

/// A description: a string, or an object with `content`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Description {
    /// Plain text or markdown.
    Text(String),
    /// `{ "content": "...", "type": "text/markdown" }`.
    Object {
        /// The text.
        #[serde(default)]
        content: Option<String>,
    },
    /// Anything else (null, numbers); ignored.
    Other(Value),
}

impl Description {
    /// The description's text, if it has any.
    pub fn text(&self) -> Option<&str> {
        match self {
            Description::Text(text) => Some(text.as_str()),
            Description::Object { content } => content.as_deref(),
            Description::Other(_) => None,
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
#[derive(Debug, Clone, Default, Deserialize)]
pub struct StructuredUrl {
    /// The URL as typed.
    #[serde(default)]
    pub raw: Option<String>,
    /// `http` or `https`.
    #[serde(default)]
    pub protocol: Option<String>,
    /// Host labels, or one string.
    #[serde(default)]
    pub host: Option<StringOrList>,
    /// Port, as a string.
    #[serde(default)]
    pub port: Option<Value>,
    /// Path segments, or one string.
    #[serde(default)]
    pub path: Option<PathSegments>,
    /// Query parameters.
    #[serde(default)]
    pub query: Vec<KeyValue>,
    /// Values and descriptions of `:name` path variables.
    #[serde(default)]
    pub variable: Vec<Variable>,
}

/// A string, or a list of strings (host labels).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum StringOrList {
    /// One string.
    One(String),
    /// Several strings.
    Many(Vec<String>),
}

/// Path segments: one string, or a list of strings or `{type, value}` objects.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum PathSegments {
    /// `"a/b/c"`.
    One(String),
    /// `["a", "b", {"type": "string", "value": "c"}]`.
    Many(Vec<PathSegment>),
}

/// One path segment.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum PathSegment {
    /// A plain segment.
    Text(String),
    /// The v2.0 object form.
    Object {
        /// The segment text.
        #[serde(default)]
        value: Option<String>,
    },
}

/// A `key`/`value` pair: query parameter, header, form field.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct KeyValue {
    /// Name.
    #[serde(default)]
    pub key: Option<String>,
    /// Example value.
    #[serde(default)]
    pub value: Option<Value>,
    /// Disabled entries are not sent by Postman, so they are not parameters.
    #[serde(default)]
    pub disabled: bool,
    /// Free text.
    #[serde(default)]
    pub description: Option<Description>,
    /// Form-data entries: `text` or `file`.
    #[serde(default, rename = "type")]
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
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Headers {
    /// `[{"key": "A", "value": "b"}]`.
    List(Vec<KeyValue>),
    /// `"A: b\nC: d"`.
    Raw(String),
}

impl Headers {
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
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Variable {
    /// Name, as used in `{{name}}`.
    #[serde(default, alias = "id")]
    pub key: Option<String>,
    /// Value; any JSON type.
    #[serde(default)]
    pub value: Option<Value>,
    /// Free text.
    #[serde(default)]
    pub description: Option<Description>,
    /// Disabled variables do not resolve.
    #[serde(default)]
    pub disabled: bool,
}

/// A request body.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Body {
    /// `raw`, `urlencoded`, `formdata`, `file` or `graphql`.
    #[serde(default)]
    pub mode: Option<String>,
    /// The text of a raw body.
    #[serde(default)]
    pub raw: Option<String>,
    /// Fields of an urlencoded body.
    #[serde(default)]
    pub urlencoded: Vec<KeyValue>,
    /// Fields of a multipart body.
    #[serde(default)]
    pub formdata: Vec<KeyValue>,
    /// A GraphQL query and its variables.
    #[serde(default)]
    pub graphql: Option<Value>,
    /// `options.raw.language`: `json`, `xml`, `text`, `html`, `javascript`.
    #[serde(default)]
    pub options: Option<Value>,
    /// A disabled body is not sent.
    #[serde(default)]
    pub disabled: bool,
}

impl Body {
    /// The declared raw language (`json`, `xml`, ...), if any.
    pub fn raw_language(&self) -> Option<&str> {
        self.options.as_ref()?.get("raw")?.get("language")?.as_str()
    }
}

/// Auth settings: v2.1 lists `[{key, value}]`, v2.0 uses an object.
#[derive(Debug, Clone, Deserialize)]
pub struct Auth {
    /// `noauth`, `bearer`, `basic`, `apikey`, `oauth2`, `digest`, ...
    #[serde(rename = "type")]
    pub kind: String,
    /// The parameters for every type, keyed by type name.
    #[serde(flatten)]
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
#[derive(Debug, Clone, Deserialize)]
pub struct Response {
    /// The example's name; duplicates are allowed.
    #[serde(default)]
    pub name: Option<String>,
    /// The request that produced this response.
    #[serde(default, rename = "originalRequest")]
    pub original_request: Option<Request>,
    /// Reason phrase, e.g. `Created`.
    #[serde(default)]
    pub status: Option<String>,
    /// HTTP status code.
    #[serde(default)]
    pub code: Option<u16>,
    /// Response headers.
    #[serde(default)]
    pub header: Option<Headers>,
    /// The body as recorded, byte for byte.
    #[serde(default)]
    pub body: Option<String>,
    /// Postman's guess at the body language (`json`, `html`, `text`, ...).
    #[serde(default, rename = "_postman_previewlanguage")]
    pub preview_language: Option<String>,
}

impl Response {
    /// The recorded `Content-Type` header, if any.
    pub fn content_type(&self) -> Option<String> {
        self.header
            .as_ref()?
            .pairs()
            .into_iter()
            .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
            .map(|(_, value)| value)
    }
}

/// Deserializes "a string or an object" without `#[serde(untagged)]`, which
/// buffers the input and loses both the JSON path and the inner error
/// ("data did not match any variant"). Objects are read through the caller's
/// map access, so errors inside keep their path.
struct StringOrObject<T, O> {
    expecting: &'static str,
    from_string: fn(String) -> T,
    from_object: fn(O) -> T,
    marker: PhantomData<O>,
}

impl<'de, T, O: Deserialize<'de>> Visitor<'de> for StringOrObject<T, O> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.expecting)
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
        Ok((self.from_string)(text.to_string()))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        O::deserialize(MapAccessDeserializer::new(map)).map(self.from_object)
    }
}

impl<'de> Deserialize<'de> for Request {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StringOrObject {
            expecting: "a URL string or a request object",
            from_string: Request::Url,
            from_object: |definition: RequestDefinition| Request::Full(Box::new(definition)),
            marker: PhantomData,
        })
    }
}

impl<'de> Deserialize<'de> for Url {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StringOrObject {
            expecting: "a URL string or a url object",
            from_string: Url::Raw,
            from_object: |url: StructuredUrl| Url::Structured(Box::new(url)),
            marker: PhantomData,
        })
    }
}
