//! An operation's responses, from its recorded examples.
//!
//! Examples fall in three groups by status: 2xx (one shared `…Response`
//! schema), 4xx/5xx (one shared `…Error` schema) and 1xx/3xx, which are HTTP
//! semantics rather than bodies to decode (the client follows redirects, a
//! `304 Not Modified` has no body) and are only listed under
//! `x-unmodelled-examples`. An example without a usable status takes it from
//! its reason phrase, or is skipped.

use std::borrow::Cow;
use std::sync::Arc;

use serde_json::Value;

use crate::infer::Shape;
use crate::names::{UniqueNames, snake_case};
use crate::node::{Node, Object};
use crate::postman::Response;
use crate::sample_cache::{FoldedShape, PrintedBody};
use crate::sample_print::LARGEST_BODY;
use crate::sample_text::{SampleText, read_sample, read_sample_into};
use crate::samples::{MAX_DEPTH, SampleFacts, inspect};
use crate::short_text::{concat, indexed};
use crate::status::status_of_reason;
use crate::warning::WarningKind;

use super::Builder;
use super::endpoints::Endpoint;
use super::operations::shared_name;

/// How a recorded body will be described.
pub(super) enum Payload {
    Empty,
    /// A JSON body, and whether it may appear in the document as an example.
    Json {
        sample: JsonSample,
        in_document: bool,
    },
    Text {
        content_type: String,
    },
}

/// A recorded JSON body, read for its shape.
pub(super) enum JsonSample {
    /// Read from its text (see [`crate::sample_text`]) into its status
    /// group's shape; the text goes into the document as it is.
    Text { body: Arc<str> },
    /// Read and printed in one pass ([`crate::sample_print`]) into its
    /// status group's shape: the printed text goes into the document.
    Printed(PrintedBody),
    /// Read as a `Value`, because an object in it repeats a key.
    Value(Value),
    /// Already placed in the document.
    Placed,
}

/// The status groups, in the order their responses are assembled.
#[derive(Clone, Copy, PartialEq)]
enum Group {
    Success,
    /// 1xx and 3xx.
    Protocol,
    Error,
}

impl Group {
    fn of(status: u16) -> Group {
        match status {
            200..=299 => Group::Success,
            400..=599 => Group::Error,
            _ => Group::Protocol,
        }
    }
}

/// How deep a response example's value is printed: `paths`, the path,
/// the method, `responses`, the status, `content`, the media type,
/// `examples`, the example, `value`. Printed there from the start, a body
/// is copied into the document as it is.
const EXAMPLE_LEVEL: usize = 10;

/// A status group's shape, into which each JSON body is folded as it is
/// read, so that no body builds a shape of its own only to merge it.
#[derive(Default)]
struct GroupShape {
    shape: FoldedShape,
    /// A body that failed midway (it repeats a key, or is not JSON after
    /// all) left part of itself in the shape, which was then rebuilt from
    /// the bodies before it. From then on each body is read into a shape of
    /// its own first, so that rebuilding happens at most once per group.
    careful: bool,
}

/// The shapes of an endpoint's status groups.
#[derive(Default)]
struct GroupShapes {
    success: GroupShape,
    protocol: GroupShape,
    error: GroupShape,
}

impl GroupShapes {
    fn of(&mut self, group: Group) -> &mut GroupShape {
        match group {
            Group::Success => &mut self.success,
            Group::Protocol => &mut self.protocol,
            Group::Error => &mut self.error,
        }
    }
}

/// One recorded example on its way into `responses`; what the collection
/// already holds is borrowed from it.
struct Recorded<'a> {
    status: u16,
    reason: Option<&'a str>,
    key: String,
    name: Cow<'a, str>,
    json_path: Cow<'a, str>,
    payload: Payload,
}

impl Builder {
    pub(super) fn responses(
        &mut self,
        endpoint: &Endpoint<'_>,
        operation_id: &str,
        type_base: &str,
    ) -> (Object, Vec<Node>) {
        let (mut recorded, mut shapes) = self.record_examples(endpoint, operation_id);
        let mut responses = Object::new();
        let mut unmodelled = Vec::new();
        for (group, suffix) in [
            (Group::Success, "response"),
            (Group::Protocol, ""),
            (Group::Error, "error"),
        ] {
            let mut members: Vec<&mut Recorded> = recorded
                .iter_mut()
                .filter(|r| Group::of(r.status) == group)
                .collect();
            if members.is_empty() {
                continue;
            }
            if group == Group::Protocol {
                members.sort_by_key(|r| r.status);
                unmodelled.extend(
                    members
                        .iter()
                        .map(|r| unmodelled_example(r.status, &r.key, &r.name)),
                );
                continue;
            }
            let shape = shapes.of(group).shape.take();
            self.group_responses(
                &mut members,
                shape,
                group,
                &concat(&[type_base, " ", suffix]),
                &mut responses,
                &mut unmodelled,
            );
        }
        if responses.is_empty() {
            responses.insert(
                "200",
                Object::of([("description", "Success (no example was recorded)".into())]),
            );
        }
        add_error_ranges(&mut responses);
        (responses, unmodelled)
    }

    /// Reads every example of the endpoint's items, in order, keeps each for
    /// replay, and returns them with their payloads.
    fn record_examples<'a>(
        &mut self,
        endpoint: &Endpoint<'a>,
        operation_id: &str,
    ) -> (Vec<Recorded<'a>>, GroupShapes) {
        let mut keys = UniqueNames::default();
        let mut recorded: Vec<Recorded> = Vec::new();
        let mut shapes = GroupShapes::default();
        let item_names: Vec<String> = endpoint
            .items
            .iter()
            .map(|entry| entry.item.name.clone().unwrap_or_default())
            .collect();
        let shared = shared_name(&item_names);
        for (entry, item_name) in endpoint.items.iter().zip(&item_names) {
            // With several items on one operation, example keys say which
            // item they came from: `disable_specific_notifications_success_response`.
            let item_prefix = match item_name.strip_prefix(&shared) {
                _ if endpoint.items.len() == 1 => String::new(),
                Some(rest) if !snake_case(rest).starts_with("unnamed") => {
                    format!("{} ", snake_case(rest))
                }
                _ => format!("{} ", snake_case(item_name)),
            };
            for (index, response) in entry.item.response.iter().enumerate() {
                let json_path = match &response.json_path {
                    Some(json_path) => Cow::Borrowed(json_path.as_str()),
                    None => Cow::Owned(indexed(&concat(&[&entry.json_path, ".response"]), index)),
                };
                let Some(status) = self.example_status(response, &json_path) else {
                    continue;
                };
                let name = match &response.name {
                    Some(name) => Cow::Borrowed(name.as_str()),
                    None => Cow::Owned(format!("{status} example")),
                };
                let key = keys.claim(&snake_case(&concat(&[&item_prefix, &name])), "_");
                let group = Group::of(status);
                let target = shapes.of(group);
                let (payload, failed_midway) = self.classify_response(response, &json_path, target);
                if failed_midway {
                    target.shape.set(rebuilt_shape(&recorded, group));
                    match &payload {
                        Payload::Json {
                            sample: JsonSample::Value(value),
                            ..
                        } => target.shape.own().observe(value),
                        // Read the exact way after the one-pass reader
                        // declined it.
                        Payload::Json {
                            sample: JsonSample::Text { body },
                            ..
                        } => {
                            let _ = read_sample_into(body, target.shape.own());
                        }
                        _ => {}
                    }
                    target.careful = true;
                }
                self.recorded_count = self.recorded_count.saturating_add(1);
                // A streaming conversion only counts them (see
                // `assemble_skeleton`): nothing replays them.
                if self.keep_recorded {
                    let recorded = self.recorded_example(
                        entry,
                        response,
                        operation_id,
                        &key,
                        &name,
                        &json_path,
                        status,
                        &payload,
                    );
                    self.examples.push(recorded);
                }
                recorded.push(Recorded {
                    status,
                    reason: response.status.as_deref(),
                    key,
                    name,
                    json_path,
                    payload,
                });
            }
        }
        (recorded, shapes)
    }

    /// The example's status: its code, else the one its reason phrase names
    /// (`Not Found` → 404), else none (the example is skipped).
    fn example_status(&mut self, response: &Response, json_path: &str) -> Option<u16> {
        if let Some(code) = response.code.filter(|code| (100..=599).contains(code)) {
            return Some(code);
        }
        let written = match response.code {
            Some(code) => format!("status code {code} is not between 100 and 599"),
            None => "no status code".to_string(),
        };
        match response.status.as_deref().and_then(status_of_reason) {
            Some(status) => {
                self.warn(
                    WarningKind::ExampleStatus,
                    format!("{json_path}.code"),
                    format!(
                        "example has {written}; {status} is taken from its status {:?}",
                        response.status.as_deref().unwrap_or_default()
                    ),
                );
                Some(status)
            }
            None => {
                self.warn(
                    WarningKind::SkippedExample,
                    format!("{json_path}.code"),
                    format!(
                        "example has {written} and no known status text; skipped (an example needs an HTTP status between 100 and 599)"
                    ),
                );
                None
            }
        }
    }

    /// The responses of one group (success or error): one body kind for the
    /// whole group, JSON over text over empty.
    fn group_responses(
        &mut self,
        members: &mut [&mut Recorded<'_>],
        shape: Arc<Shape>,
        group: Group,
        schema_name: &str,
        responses: &mut Object,
        unmodelled: &mut Vec<Node>,
    ) {
        let has_json = members
            .iter()
            .any(|r| matches!(r.payload, Payload::Json { .. }));
        let has_text = members
            .iter()
            .any(|r| matches!(r.payload, Payload::Text { .. }));
        let schema = has_json.then(|| {
            let text = self.schemas.emit_response_text(&shape, schema_name);
            Node::Compact(text.into_boxed_str())
        });
        let mut statuses: Vec<u16> = members.iter().map(|r| r.status).collect();
        statuses.sort_unstable();
        statuses.dedup();
        for status in statuses {
            let mut examples = Object::new();
            let mut text_type: Option<String> = None;
            let mut kept_names = Vec::new();
            let mut reason: Option<Option<String>> = None;
            for r in members.iter_mut().filter(|r| r.status == status) {
                reason.get_or_insert_with(|| r.reason.map(str::to_string));
                let fits = match &mut r.payload {
                    Payload::Json {
                        sample,
                        in_document,
                    } if has_json => {
                        if *in_document {
                            // The sample is not needed after this: move it.
                            let value = match std::mem::replace(sample, JsonSample::Placed) {
                                JsonSample::Text { body, .. } => self.splices.placeholder(body),
                                JsonSample::Printed(printed) => {
                                    self.splices.printed_placeholder(printed)
                                }
                                JsonSample::Value(value) => Node::Json(Box::new(value)),
                                JsonSample::Placed => Node::Null,
                            };
                            examples.insert(r.key.clone(), example(&r.name, value));
                        }
                        true
                    }
                    Payload::Text { content_type } if !has_json && has_text => {
                        text_type.get_or_insert_with(|| content_type.clone());
                        true
                    }
                    Payload::Empty if !has_json && !has_text => true,
                    _ => false,
                };
                if fits {
                    kept_names.push(r.name.to_string());
                } else {
                    let kind = if group == Group::Success {
                        "success"
                    } else {
                        "error"
                    };
                    self.warn(
                        WarningKind::UnmodelledExample,
                        r.json_path.to_string(),
                        format!(
                            "example \"{}\" ({status}) does not share the {kind} body kind of its operation \
                             (progenitor allows one per operation); kept under x-unmodelled-examples",
                            r.name
                        ),
                    );
                    unmodelled.push(unmodelled_example(status, &r.key, &r.name));
                }
            }
            if kept_names.is_empty() {
                continue;
            }
            let reason = reason
                .flatten()
                .unwrap_or_else(|| format!("Status {status}"));
            let mut response = Object::new();
            response.insert(
                "description",
                concat(&[&reason, " (examples: ", &kept_names.join(", "), ")"]),
            );
            if let Some(schema) = &schema {
                response.insert("content", json_content(schema.clone(), examples));
            } else if let Some(content_type) = text_type {
                let mut content = Object::new();
                content.insert(
                    content_type,
                    Object::of([("schema", Object::of([("type", "string".into())]).into())]),
                );
                response.insert("content", content);
            }
            responses.insert(status.to_string(), response);
        }
    }

    /// How `response`'s body will be described; a JSON body is folded into
    /// `target`. Also says whether a body failed midway, leaving part of
    /// itself in `target` (see [`GroupShape`]).
    fn classify_response(
        &mut self,
        response: &Response,
        json_path: &str,
        target: &mut GroupShape,
    ) -> (Payload, bool) {
        // When examples are not kept for replay, nothing reads the body
        // after this: taking it lets it go once its path item is printed.
        let recorded = if self.keep_recorded {
            response.body.get()
        } else {
            response.body.take()
        };
        let Some(shared) = recorded.filter(|body| !body.trim().is_empty()) else {
            return (Payload::Empty, false);
        };
        let body: &str = &shared;
        let content_type = response.content_type();
        let declared_json = match &content_type {
            Some(content_type) => content_type.to_ascii_lowercase().contains("json"),
            None => matches!(response.preview_language.as_deref(), None | Some("json")),
        };
        let mut failed_midway = false;
        if declared_json {
            // A streamed conversion prints each body as soon as its path
            // item is done, so the body is read once for both (see
            // crate::sample_print); a body kept for replay is kept as
            // recorded.
            let mut declined = false;
            if !target.careful && !self.keep_recorded && body.len() <= LARGEST_BODY {
                if let Some(printed) =
                    self.samples
                        .fold_and_print(&shared, EXAMPLE_LEVEL, &mut target.shape)
                {
                    // Declining is the only way facts are found.
                    let in_document = true;
                    let sample = JsonSample::Printed(printed);
                    return (
                        Payload::Json {
                            sample,
                            in_document,
                        },
                        false,
                    );
                }
                // Part of the body is in the shape: the caller rebuilds it.
                declined = true;
                failed_midway = true;
            }
            let read = if target.careful || declined {
                match read_sample(body) {
                    Ok(SampleText::Read { shape, facts }) => {
                        target.shape.own().absorb_owned(shape);
                        Ok(Some(facts))
                    }
                    Ok(SampleText::RepeatsKeys) => Ok(None),
                    Err(error) => Err(error),
                }
            } else {
                let read = read_sample_into(body, target.shape.own());
                failed_midway = !matches!(read, Ok(Some(_)));
                read
            };
            let read = match read {
                Ok(Some(facts)) => Ok((
                    JsonSample::Text {
                        body: Arc::clone(&shared),
                    },
                    facts,
                )),
                // An object repeats a key: the Value path, which keeps the
                // last one, as the document does.
                Ok(None) => serde_json::from_str::<Value>(body).map(|value| {
                    if target.careful {
                        target.shape.own().observe(&value);
                    }
                    let facts = inspect(&value);
                    (JsonSample::Value(value), facts)
                }),
                Err(error) => Err(error),
            };
            match read {
                Ok((sample, facts)) => {
                    let in_document =
                        self.report_sample_facts(facts, &concat(&[json_path, ".body"]));
                    return (
                        Payload::Json {
                            sample,
                            in_document,
                        },
                        failed_midway,
                    );
                }
                Err(error) => self.warn(
                    WarningKind::TextBody,
                    format!("{json_path}.body"),
                    format!("body is not valid JSON ({error}); kept as text"),
                ),
            }
        }
        let media_type = content_type
            .as_deref()
            .and_then(|ct| ct.split(';').next())
            .map(|ct| ct.trim().to_ascii_lowercase())
            .filter(|ct| !ct.is_empty() && !ct.contains("json"))
            .unwrap_or_else(|| "text/plain".into());
        (
            Payload::Text {
                content_type: media_type,
            },
            failed_midway,
        )
    }

    /// Checks a JSON sample before it is described; warns about integers
    /// beyond 64 bits and about nesting deeper than [`MAX_DEPTH`]. Returns
    /// whether the sample may appear in the document as an example.
    pub(super) fn inspect_sample(&mut self, sample: &Value, json_path: &str) -> bool {
        self.report_sample_facts(inspect(sample), json_path)
    }

    /// Warns about what [`inspect`] found in a sample; returns whether the
    /// sample may appear in the document as an example.
    pub(super) fn report_sample_facts(&mut self, facts: SampleFacts, json_path: &str) -> bool {
        if let Some((at, number)) = facts.big_integer {
            self.warn(
                WarningKind::BigInteger,
                json_path,
                format!(
                    "the whole number {number} at {at} does not fit in 64 bits; the field is described as `number` (f64), which holds it only approximately"
                ),
            );
        }
        if facts.too_deep {
            self.warn(
                WarningKind::SchemaDepth,
                json_path,
                format!(
                    "the body nests deeper than {MAX_DEPTH} levels; deeper values are described as any JSON and the example is left out of the document"
                ),
            );
        }
        !facts.too_deep
    }
}

/// The shape of `group`'s JSON bodies among `recorded`, read again: what
/// folding them one by one gave, before a body failed midway.
fn rebuilt_shape(recorded: &[Recorded], group: Group) -> Shape {
    let mut shape = Shape::default();
    for r in recorded.iter().filter(|r| Group::of(r.status) == group) {
        match &r.payload {
            // It was read cleanly before, so it is again.
            Payload::Json {
                sample: JsonSample::Text { body },
                ..
            } => {
                let _ = read_sample_into(body, &mut shape);
            }
            Payload::Json {
                sample: JsonSample::Printed(printed),
                ..
            } => {
                if let Ok(text) = std::str::from_utf8(printed.as_bytes()) {
                    let _ = read_sample_into(text, &mut shape);
                }
            }
            Payload::Json {
                sample: JsonSample::Value(value),
                ..
            } => shape.observe(value),
            _ => {}
        }
    }
    shape
}

/// Makes every 4xx and 5xx status decode into the operation's error type, so
/// that an error body no example recorded (a 429, a 500, a 400 on another
/// operation) still reaches the caller typed, never as an "unexpected
/// status". Ranges, not `default`: progenitor counts `default` as a success
/// response too. With no recorded error, any JSON is accepted (`{}`); with
/// a recorded text or empty error kind, nothing is added, since progenitor
/// allows one error kind per operation.
fn add_error_ranges(responses: &mut Object) {
    let is_error = |status: &str| status.starts_with('4') || status.starts_with('5');
    // Only the schema is copied: the content also holds every example.
    let error_content = responses
        .iter()
        .find(|(status, _)| is_error(status))
        .map(|(_, response)| response.get("content"));
    let schema = match error_content {
        None => Node::Object(Object::new()),
        Some(Some(content)) => match content
            .get("application/json")
            .and_then(|media| media.get("schema"))
        {
            Some(schema) => schema.clone(),
            None => return,
        },
        Some(None) => return,
    };
    for (range, description) in [
        (
            "4XX",
            "Any other client error, in the operation's error shape",
        ),
        ("5XX", "Any server error, in the operation's error shape"),
    ] {
        let media = Object::of([("schema", schema.clone())]);
        let content = Object::of([("application/json", media.into())]);
        responses.insert(
            range,
            Object::of([
                ("description", description.into()),
                ("content", content.into()),
            ]),
        );
    }
}

/// `{"summary": name, "value": value}`.
pub(super) fn example(summary: &str, value: Node) -> Node {
    Object::of([("summary", summary.to_string().into()), ("value", value)]).into()
}

/// `{"application/json": {"schema": ..., "examples": ...}}`.
pub(super) fn json_content(schema: Node, examples: Object) -> Node {
    let media = Object::of([("schema", schema), ("examples", examples.into())]);
    Object::of([("application/json", media.into())]).into()
}

/// An example `responses` leaves out, as `x-unmodelled-examples` lists it.
fn unmodelled_example(status: u16, key: &str, name: &str) -> Node {
    Object::of([
        ("status", status.into()),
        ("example", key.to_string().into()),
        ("name", name.to_string().into()),
    ])
    .into()
}
