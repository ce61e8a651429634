//! An operation's request body: the merge of every item's body, with each
//! item's body (and each recorded original request's) as an example.

use crate::fast_hash::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use serde_json::{Value, json};

use crate::infer::Shape;
use crate::names::{UniqueNames, snake_case};
use crate::node::{Node, Object};
use crate::postman::{Body, Request};
use crate::sample_cache::{FoldedShape, PrintedBody};
use crate::sample_print::LARGEST_BODY;
use crate::sample_text::{SampleText, read_sample};
use crate::samples::{SampleFacts, inspect};
use crate::short_text::concat;
use crate::warning::WarningKind;

use super::Builder;
use super::endpoints::Endpoint;
use super::responses::{example, json_content};

/// A JSON sample and whether it may appear in the document as an example.
pub(super) struct Sample<'a> {
    pub(super) value: SampleValue<'a>,
    pub(super) in_document: bool,
}

/// A request body read for its shape.
pub(super) enum SampleValue<'a> {
    /// Read from its text (see [`crate::sample_text`]), which goes into the
    /// document as it is; or, in a streamed conversion, read and printed
    /// in one pass (see [`crate::sample_print`]).
    Text {
        shape: Arc<Shape>,
        text: &'a Arc<str>,
        printed: Option<PrintedBody>,
    },
    /// Read as a `Value` (an object in it repeats a key, or it was built).
    Value(Value),
}

/// How deep a request body example's value is printed: `paths`, the
/// path, the method, `requestBody`, `content`, the media type,
/// `examples`, the example, `value`. Printed there from the start, a body
/// is copied into the document as it is.
const EXAMPLE_LEVEL: usize = 9;

impl Builder {
    pub(super) fn request_body(
        &mut self,
        endpoint: &Endpoint<'_>,
        type_base: &str,
    ) -> Option<Node> {
        let mut shape = FoldedShape::default();
        let mut json_examples = Object::new();
        let mut example_keys = UniqueNames::default();
        let mut other_kind: Option<Node> = None;
        // Examples kept as parsed values, by key (the others are texts).
        let mut value_of_key: HashMap<String, Value> = HashMap::default();
        // The texts of JSON bodies already among the examples: a recorded
        // request with the same text repeats one and needs no parsing (most
        // examples record the item's own request).
        let mut placed_texts: HashSet<&str> = HashSet::default();
        // Examples whose value is still their text in the document, by key.
        let mut text_of_key: HashMap<String, &str> = HashMap::default();
        for entry in &endpoint.items {
            let Some(body) = entry.request.body.as_ref().filter(|b| !b.disabled) else {
                continue;
            };
            let body_path = concat(&[&entry.json_path, ".request.body"]);
            match self.classify_body(body, &body_path) {
                Some(Ok(sample)) => {
                    let name = entry.item.name.as_deref().unwrap_or("example");
                    let key = example_keys.claim(&snake_case(name), "_");
                    let value = match sample.value {
                        SampleValue::Text {
                            shape: sample_shape,
                            text,
                            printed,
                        } => {
                            shape.absorb_shared(sample_shape);
                            if sample.in_document {
                                placed_texts.insert(text);
                                text_of_key.insert(key.clone(), text);
                            }
                            sample.in_document.then(|| match printed {
                                Some(printed) => self.splices.printed_placeholder(printed),
                                None => self.splices.placeholder(Arc::clone(text)),
                            })
                        }
                        SampleValue::Value(value) => {
                            shape.own().observe(&value);
                            if sample.in_document
                                && body.mode.as_deref().unwrap_or("raw") == "raw"
                                && let Some(raw) = body.raw.as_deref()
                            {
                                placed_texts.insert(raw);
                            }
                            if sample.in_document {
                                value_of_key.insert(key.clone(), value.clone());
                            }
                            sample.in_document.then_some(Node::Json(Box::new(value)))
                        }
                    };
                    if let Some(value) = value {
                        json_examples.insert(key, example(name, value));
                    }
                }
                Some(Err(content)) if other_kind.is_none() => other_kind = Some(content),
                Some(Err(_)) => {}
                None => {}
            }
        }
        // Fingerprint → keys of the examples with it, so that looking for a
        // repeated example is not a scan of every example so far. Built only
        // when a recorded request's text repeats none already placed.
        let mut fingerprints: Option<HashMap<u64, Vec<String>>> = None;
        // Recorded original requests are kept as examples but do not shape the
        // schema: examples often record deliberately invalid requests (the
        // Zoho seed's MANDATORY_NOT_FOUND example omits `channel_id`).
        for entry in &endpoint.items {
            for (index, response) in entry.item.response.iter().enumerate() {
                let Some(Request::Full(original)) = &response.original_request else {
                    continue;
                };
                let Some(raw) = original.body.as_ref().and_then(|b| b.raw.as_deref()) else {
                    continue;
                };
                if placed_texts.contains(raw) {
                    continue;
                }
                let Ok(sample) = serde_json::from_str::<Value>(raw) else {
                    continue;
                };
                let value_of = |key: &str| -> Option<Value> {
                    match text_of_key.get(key) {
                        Some(text) => serde_json::from_str(text).ok(),
                        None => value_of_key.get(key).cloned(),
                    }
                };
                let prints = fingerprints.get_or_insert_with(|| {
                    let mut prints: HashMap<u64, Vec<String>> = HashMap::default();
                    for key in json_examples.keys() {
                        if let Some(value) = value_of(key) {
                            prints
                                .entry(fingerprint(&value))
                                .or_default()
                                .push(key.to_string());
                        }
                    }
                    prints
                });
                let print = fingerprint(&sample);
                let repeated = prints.get(&print).is_some_and(|keys| {
                    keys.iter()
                        .any(|key| value_of(key).is_some_and(|value| value == sample))
                });
                if repeated {
                    continue;
                }
                let response_path = response
                    .json_path
                    .clone()
                    .unwrap_or_else(|| format!("{}.response[{index}]", entry.json_path));
                let raw_path = format!("{response_path}.originalRequest.body.raw");
                if !self.inspect_sample(&sample, &raw_path) {
                    continue;
                }
                let name = response.name.clone().unwrap_or_else(|| "example".into());
                let key = example_keys.claim(&snake_case(&name), "_");
                prints.entry(print).or_default().push(key.clone());
                placed_texts.insert(raw);
                value_of_key.insert(key.clone(), sample.clone());
                json_examples.insert(key, example(&name, Node::Json(Box::new(sample))));
            }
        }
        let shape = shape.get();
        if !shape.is_unknown() || shape.nullable {
            let schema = self
                .schemas
                .emit_text(shape, &format!("{type_base} request"));
            let content = json_content(Node::Compact(schema.into_boxed_str()), json_examples);
            return Some(Object::of([("required", true.into()), ("content", content)]).into());
        }
        other_kind
    }

    /// `Some(Ok(json))` for a JSON body, `Some(Err(requestBody))` for another
    /// kind already described, `None` for no body.
    fn classify_body<'a>(
        &mut self,
        body: &'a Body,
        json_path: &str,
    ) -> Option<Result<Sample<'a>, Node>> {
        match body.mode.as_deref().unwrap_or("raw") {
            "raw" => {
                let shared = body.raw.as_ref().filter(|raw| !raw.trim().is_empty())?;
                let raw: &str = shared;
                let language = body.raw_language();
                // A streamed conversion prints the body as soon as its path
                // item is done: read once for both, unless the one-pass
                // reader declines it (see crate::sample_print).
                let mut shape = FoldedShape::default();
                let printed = if self.keep_recorded || raw.len() > LARGEST_BODY {
                    None
                } else {
                    self.samples
                        .fold_and_print(shared, EXAMPLE_LEVEL, &mut shape)
                };
                let shape = shape.take();
                let read = match printed {
                    Some(printed) => Ok((
                        SampleValue::Text {
                            shape,
                            text: shared,
                            printed: Some(printed),
                        },
                        SampleFacts::default(),
                    )),
                    None => match read_sample(raw) {
                        Ok(SampleText::Read { shape, facts }) => Ok((
                            SampleValue::Text {
                                shape: Arc::new(shape),
                                text: shared,
                                printed: None,
                            },
                            facts,
                        )),
                        Ok(SampleText::RepeatsKeys) => {
                            serde_json::from_str::<Value>(raw).map(|value| {
                                let facts = inspect(&value);
                                (SampleValue::Value(value), facts)
                            })
                        }
                        Err(error) => Err(error),
                    },
                };
                match read {
                    Ok((value, facts)) if matches!(language, None | Some("json")) => {
                        let in_document =
                            self.report_sample_facts(facts, &format!("{json_path}.raw"));
                        Some(Ok(Sample { value, in_document }))
                    }
                    result => {
                        if let (Some("json"), Err(error)) = (language, result) {
                            self.warn(
                                WarningKind::TextBody,
                                format!("{json_path}.raw"),
                                format!("body is declared JSON but does not parse ({error}); described as text"),
                            );
                        }
                        let media = Object::of([
                            ("schema", Object::of([("type", "string".into())]).into()),
                            ("example", raw.to_string().into()),
                        ]);
                        Some(Err(required_content("text/plain", media)))
                    }
                }
            }
            "urlencoded" => {
                let mut properties = Object::new();
                for field in body.urlencoded.iter().filter(|field| !field.disabled) {
                    if let Some(key) = &field.key {
                        properties.insert(key.clone(), Object::of([("type", "string".into())]));
                    }
                }
                let schema =
                    Object::of([("type", "object".into()), ("properties", properties.into())]);
                let media = Object::of([("schema", schema.into())]);
                Some(Err(required_content(
                    "application/x-www-form-urlencoded",
                    media,
                )))
            }
            "graphql" => Some(Ok(Sample {
                value: SampleValue::Value(json!({
                    "query": body.graphql.as_ref().and_then(|g| g.get("query")).cloned().unwrap_or_else(|| "".into()),
                    "variables": {},
                })),
                in_document: true,
            })),
            mode => {
                // progenitor cannot send multipart bodies; raw bytes still work.
                if mode == "formdata" {
                    self.warn(
                        WarningKind::MultipartBody,
                        format!("{json_path}.formdata"),
                        "multipart/form-data is not supported by progenitor; described as application/octet-stream",
                    );
                }
                let schema = Object::of([("type", "string".into()), ("format", "binary".into())]);
                let media = Object::of([("schema", schema.into())]);
                Some(Err(required_content("application/octet-stream", media)))
            }
        }
    }
}

/// `{"required": true, "content": {media_type: media}}`.
fn required_content(media_type: &'static str, media: Object) -> Node {
    let content = Object::of([(media_type, media.into())]);
    Object::of([("required", true.into()), ("content", content.into())]).into()
}

/// A hash of a JSON value that equal values share. Object keys are hashed
/// in sorted order, because `Value`'s equality ignores key order.
fn fingerprint(value: &Value) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    hash_value(value, &mut hasher);
    hasher.finish()
}

fn hash_value(value: &Value, hasher: &mut impl Hasher) {
    match value {
        Value::Null => 0u8.hash(hasher),
        Value::Bool(flag) => (1u8, flag).hash(hasher),
        Value::Number(number) => (2u8, number.to_string()).hash(hasher),
        Value::String(text) => (3u8, text).hash(hasher),
        Value::Array(items) => {
            (4u8, items.len()).hash(hasher);
            items.iter().for_each(|item| hash_value(item, hasher));
        }
        Value::Object(map) => {
            (5u8, map.len()).hash(hasher);
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            for (key, item) in entries {
                key.hash(hasher);
                hash_value(item, hasher);
            }
        }
    }
}
