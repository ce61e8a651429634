//! Reads a request (an item's `request`, an example's `originalRequest`)
//! straight from the text.
//!
//! A request's header and query lists are most of a collection without
//! examples: as `serde_json::Value`s every entry was a map of allocated keys
//! and values, read into the model and dropped. Here each list entry is
//! read in one pass over its text ([`EntriesSeed`]); only an entry that is
//! not an object, or has a field it cannot read, is held as a value, to
//! say where it fails. The request's
//! other fields, small, are read as values and handed to the same
//! [`Reader`] methods the parsed file uses, in the order they come.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::entry_fields::{Entry, EntrySeed};
use super::stream::BodySeed;
use super::{Reader, Unreadable};
use crate::postman::{Body, Headers, Request, RequestDefinition, StructuredUrl, Url};
use crate::sample_text::KeySeed;
use crate::short_text::concat;

/// A request, or `None` for `null`: a URL string or a request object,
/// else unreadable (see `Reader::request`).
pub(super) struct RequestSeed<'r> {
    pub(super) reader: &'r mut Reader,
    pub(super) json_path: String,
}

impl RequestSeed<'_> {
    fn other(self, value: Value) -> Option<Result<Request, Unreadable>> {
        (!value.is_null()).then(|| self.reader.request(value, &self.json_path))
    }
}

impl<'de> DeserializeSeed<'de> for RequestSeed<'_> {
    type Value = Option<Result<Request, Unreadable>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RequestSeed<'_> {
    type Value = Option<Result<Request, Unreadable>>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a request")
    }

    fn visit_string<E>(self, url: String) -> Result<Self::Value, E> {
        Ok(Some(Ok(Request::Url(url))))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let RequestSeed { reader, json_path } = self;
        let mut definition = RequestDefinition::default();
        // Once a field makes the request unreadable, the rest is skipped,
        // as reading the parsed request stops there.
        let mut unreadable = None;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if unreadable.is_some() {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let read = match key.as_ref() {
                "url" => map
                    .next_value_seed(UrlSeed {
                        reader: &mut *reader,
                        json_path: concat(&[&json_path, ".url"]),
                    })?
                    .map(|url| definition.url = url),
                "header" => {
                    definition.header = map.next_value_seed(HeadersSeed {
                        reader: &mut *reader,
                        json_path: concat(&[&json_path, ".header"]),
                    })?;
                    Ok(())
                }
                "body" => {
                    definition.body = map.next_value_seed(RequestBodySeed {
                        reader: &mut *reader,
                        json_path: concat(&[&json_path, ".body"]),
                    })?;
                    Ok(())
                }
                "method" | "auth" | "description" => {
                    let value: Value = map.next_value()?;
                    reader.definition_field(&mut definition, &key, value, &json_path)
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    Ok(())
                }
            };
            unreadable = read.err();
        }
        Ok(Some(match unreadable {
            Some(unreadable) => Err(unreadable),
            None => Ok(Request::Full(Box::new(definition))),
        }))
    }

    as_value!(scalars, str, unit, seq);
}

/// A request's `url`: a string, Postman's url object, or `None` for `null`
/// (see `Reader::url`).
struct UrlSeed<'r> {
    reader: &'r mut Reader,
    json_path: String,
}

impl UrlSeed<'_> {
    fn other(self, value: Value) -> Result<Option<Url>, Unreadable> {
        self.reader.url(value, &self.json_path)
    }
}

impl<'de> DeserializeSeed<'de> for UrlSeed<'_> {
    type Value = Result<Option<Url>, Unreadable>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for UrlSeed<'_> {
    type Value = Result<Option<Url>, Unreadable>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a URL")
    }

    fn visit_string<E>(self, raw: String) -> Result<Self::Value, E> {
        Ok(Ok(Some(Url::Raw(raw))))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let UrlSeed { reader, json_path } = self;
        let mut url = StructuredUrl::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            match key.as_ref() {
                "query" => {
                    url.query = map.next_value_seed(EntriesSeed::new(
                        &mut *reader,
                        concat(&[&json_path, ".query"]),
                    ))?
                }
                "variable" => {
                    url.variable = map.next_value_seed(EntriesSeed::new(
                        &mut *reader,
                        concat(&[&json_path, ".variable"]),
                    ))?
                }
                "raw" | "protocol" | "host" | "port" | "path" => {
                    let value: Value = map.next_value()?;
                    reader.structured_url_field(&mut url, &key, value, &json_path);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Ok(Some(Url::Structured(Box::new(url)))))
    }

    as_value!(scalars, str, unit, seq);
}

/// A request's `body`: its raw text read straight into shared text
/// ([`BodySeed`]) and its form fields entry by entry ([`EntriesSeed`]); its
/// other fields, small, as values (see `Reader::body`).
struct RequestBodySeed<'r> {
    reader: &'r mut Reader,
    json_path: String,
}

impl RequestBodySeed<'_> {
    fn other(self, value: Value) -> Option<Body> {
        self.reader.body(value, &self.json_path)
    }
}

impl<'de> DeserializeSeed<'de> for RequestBodySeed<'_> {
    type Value = Option<Body>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RequestBodySeed<'_> {
    type Value = Option<Body>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a request body")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let RequestBodySeed { reader, json_path } = self;
        let mut body = Body::default();
        // Once a field leaves the request without a body, the rest is
        // skipped, as reading the parsed body stops there.
        let mut no_body = false;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if no_body {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            match key.as_ref() {
                "raw" => {
                    body.raw = map.next_value_seed(BodySeed {
                        reader: &mut *reader,
                        parent: &json_path,
                        field: ".raw",
                    })?
                }
                "urlencoded" => {
                    body.urlencoded = map.next_value_seed(EntriesSeed::new(
                        &mut *reader,
                        concat(&[&json_path, ".urlencoded"]),
                    ))?
                }
                "formdata" => {
                    body.formdata = map.next_value_seed(EntriesSeed::new(
                        &mut *reader,
                        concat(&[&json_path, ".formdata"]),
                    ))?
                }
                "mode" | "graphql" | "options" | "disabled" => {
                    let value: Value = map.next_value()?;
                    no_body = reader
                        .body_field(&mut body, &key, value, &json_path)
                        .is_err();
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok((!no_body).then_some(body))
    }

    as_value!(scalars, str, unit, seq);
}

/// A request's `header`: a list of entries, or one raw text (see
/// `Reader::headers`).
pub(super) struct HeadersSeed<'r> {
    pub(super) reader: &'r mut Reader,
    pub(super) json_path: String,
}

impl HeadersSeed<'_> {
    fn other(self, value: Value) -> Option<Headers> {
        self.reader.headers(value, &self.json_path)
    }
}

impl<'de> DeserializeSeed<'de> for HeadersSeed<'_> {
    type Value = Option<Headers>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for HeadersSeed<'_> {
    type Value = Option<Headers>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("headers")
    }

    fn visit_string<E>(self, raw: String) -> Result<Self::Value, E> {
        Ok(Some(Headers::Raw(raw)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, sequence: A) -> Result<Self::Value, A::Error> {
        let entries = EntriesSeed::new(self.reader, self.json_path).visit_seq(sequence)?;
        Ok(Some(Headers::List(entries)))
    }

    as_value!(scalars, str, unit, map);
}

/// A list of entries (`Reader::entries`), each read in one pass
/// ([`EntrySeed`]).
struct EntriesSeed<'r, T> {
    reader: &'r mut Reader,
    json_path: String,
    entries: PhantomData<T>,
}

impl<'r, T> EntriesSeed<'r, T> {
    fn new(reader: &'r mut Reader, json_path: String) -> Self {
        EntriesSeed {
            reader,
            json_path,
            entries: PhantomData,
        }
    }
}

impl<T: Entry> EntriesSeed<'_, T> {
    fn other(self, value: Value) -> Vec<T> {
        self.reader.entries(value, &self.json_path)
    }
}

impl<'de, T: Entry> DeserializeSeed<'de> for EntriesSeed<'_, T> {
    type Value = Vec<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: Entry> Visitor<'de> for EntriesSeed<'_, T> {
    type Value = Vec<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a list of entries")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut sequence: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::new();
        let mut index = 0usize;
        loop {
            let seed = EntrySeed {
                reader: &mut *self.reader,
                json_path: &self.json_path,
                index,
                entry: PhantomData,
            };
            match sequence.next_element_seed(seed)? {
                Some(entry) => entries.extend(entry),
                None => break,
            }
            index = index.saturating_add(1);
        }
        // The model holds every list to the end: no room left to grow.
        entries.shrink_to_fit();
        Ok(entries)
    }

    as_value!(scalars, str, unit, map);
}
