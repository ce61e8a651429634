//! Reads a recorded JSON body straight from its text into a [`Shape`] and
//! its [`SampleFacts`], in one pass and without building a
//! `serde_json::Value`: the bodies are most of a large collection, and
//! building (then dropping) a tree for each was most of the converter's time.
//!
//! The result is the same as `Shape::of(&value)` and `inspect(&value)` on the
//! parsed value, with one exception the caller must handle: an object that
//! repeats a key. A `Value` keeps only the last one, so such a body is
//! reported as [`SampleText::RepeatsKeys`] and the caller falls back to the
//! `Value` path, which keeps the document byte for byte what it was.

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::infer::{Kind, Shape, StringFacts, is_strict_date_time};
use crate::samples::{self, MAX_DEPTH, SampleFacts, is_big_float};

/// What reading a JSON body found.
#[derive(Debug)]
pub enum SampleText {
    /// The body's shape and facts.
    Read {
        /// The inferred shape of the body.
        shape: Shape,
        /// Depth and big-integer findings.
        facts: SampleFacts,
    },
    /// Some object repeats a key; read it as a `Value` instead.
    RepeatsKeys,
}

/// Reads `text` as one JSON value. Errors are serde_json's own (the same
/// message `serde_json::from_str::<Value>` gives, recursion limit included).
pub fn read_sample(text: &str) -> Result<SampleText, serde_json::Error> {
    let mut shape = Shape::default();
    Ok(match read_sample_into(text, &mut shape)? {
        Some(facts) => SampleText::Read { shape, facts },
        None => SampleText::RepeatsKeys,
    })
}

/// Reads `text` as one JSON value, folding it into `shape` as
/// [`Shape::observe`] would fold its parsed value (the same as absorbing
/// [`read_sample`]'s shape, without building one per body). `None` when
/// some object repeats a key. When the result is an error or `None`,
/// `shape` holds part of the body and must be rebuilt by the caller.
pub fn read_sample_into(
    text: &str,
    shape: &mut Shape,
) -> Result<Option<SampleFacts>, serde_json::Error> {
    let mut state = State::default();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    Observe {
        shape,
        state: &mut state,
        depth: 0,
    }
    .deserialize(&mut deserializer)?;
    deserializer.end()?;
    if state.repeats_keys {
        return Ok(None);
    }
    Ok(Some(SampleFacts {
        too_deep: state.too_deep,
        big_integer: state.big_integer,
    }))
}

/// One step of the path to the value being read, kept only so that the
/// first big integer can be named.
enum Step<'de> {
    Key(Cow<'de, str>),
    Index(usize),
}

#[derive(Default)]
struct State<'de> {
    path: Vec<Step<'de>>,
    too_deep: bool,
    big_integer: Option<(String, String)>,
    repeats_keys: bool,
}

impl State<'_> {
    /// Notes a whole number beyond 64 bits at `depth` (the first one only,
    /// and only within [`MAX_DEPTH`], like `inspect`).
    fn big_integer(&mut self, depth: usize, written: impl FnOnce() -> String) {
        if self.big_integer.is_none() && depth <= MAX_DEPTH {
            let steps: Vec<samples::Step<'_>> = self
                .path
                .iter()
                .map(|step| match step {
                    Step::Key(key) => samples::Step::Key(key),
                    Step::Index(index) => samples::Step::Index(*index),
                })
                .collect();
            let path = samples::render(&steps);
            self.big_integer = Some((path, written()));
        }
    }
}

/// Folds one value at `depth` into `shape`, as [`Shape::observe`] folds a
/// parsed value: array elements and the objects in them fold into one
/// shape as they are read, so a list of a thousand records costs the
/// allocations of one.
struct Observe<'s, 'de> {
    shape: &'s mut Shape,
    state: &'s mut State<'de>,
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for Observe<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl Observe<'_, '_> {
    /// Folds in a number that is not an `i64`: an `integer` kind widens.
    fn fold_number(self) {
        let kind = self.shape.kind_like(Kind::Number);
        if matches!(kind, Kind::Integer) {
            *kind = Kind::Number;
        }
    }
}

impl<'de> Visitor<'de> for Observe<'_, 'de> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        self.shape.kind_like(Kind::Boolean);
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        self.shape.kind_like(Kind::Integer);
        Ok(())
    }

    fn visit_u64<E>(self, value: u64) -> Result<(), E> {
        if i64::try_from(value).is_ok() {
            self.shape.kind_like(Kind::Integer);
            return Ok(());
        }
        self.state.big_integer(self.depth, || value.to_string());
        self.fold_number();
        Ok(())
    }

    fn visit_f64<E>(self, value: f64) -> Result<(), E> {
        if is_big_float(value) {
            // Written as serde_json writes the f64 it read.
            self.state.big_integer(self.depth, || {
                serde_json::Number::from_f64(value)
                    .map(|number| number.to_string())
                    .unwrap_or_default()
            });
        }
        self.fold_number();
        Ok(())
    }

    fn visit_str<E>(self, text: &str) -> Result<(), E> {
        let date_time = is_strict_date_time(text);
        let kind = self.shape.kind_like(Kind::String(StringFacts {
            all_date_time: date_time,
        }));
        if let Kind::String(facts) = kind {
            facts.all_date_time = facts.all_date_time && date_time;
        }
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        self.shape.nullable = true;
        Ok(())
    }

    fn visit_none<E>(self) -> Result<(), E> {
        self.shape.nullable = true;
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut sequence: A) -> Result<(), A::Error> {
        let Some(items) = self.shape.array_items() else {
            while sequence.next_element::<IgnoredAny>()?.is_some() {}
            return Ok(());
        };
        let child = self.depth.saturating_add(1);
        let mut index = 0usize;
        loop {
            self.state.path.push(Step::Index(index));
            let element = sequence.next_element_seed(Observe {
                shape: items,
                state: &mut *self.state,
                depth: child,
            });
            self.state.path.pop();
            if element?.is_none() {
                break;
            }
            index = index.saturating_add(1);
        }
        if index > 0 && self.depth >= MAX_DEPTH {
            self.state.too_deep = true;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some(object) = self.shape.object_kind() else {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            return Ok(());
        };
        let sample = object.begin_sample();
        let child = self.depth.saturating_add(1);
        let mut empty = true;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            empty = false;
            let (position, repeated) = object.count_property(&key, sample);
            self.state.repeats_keys |= repeated;
            self.state.path.push(Step::Key(key));
            let value = match object.shape_at(position) {
                Some(shape) => map.next_value_seed(Observe {
                    shape,
                    state: &mut *self.state,
                    depth: child,
                }),
                None => map.next_value::<IgnoredAny>().map(|_| ()),
            };
            self.state.path.pop();
            value?;
        }
        if !empty && self.depth >= MAX_DEPTH {
            self.state.too_deep = true;
        }
        Ok(())
    }
}

/// Reads an object key, borrowed from the text when it has no escapes.
pub(crate) struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(key))
    }

    fn visit_str<E>(self, key: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(key.to_string()))
    }

    fn visit_string<E>(self, key: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::samples::inspect;
    use serde_json::{Value, json};

    fn same_as_value_path(text: &str) {
        let value: Value = serde_json::from_str(text).expect("valid JSON");
        match read_sample(text).expect("valid JSON") {
            SampleText::Read { shape, facts } => {
                assert_eq!(shape, Shape::of(&value), "shape of {text}");
                assert_eq!(facts, inspect(&value), "facts of {text}");
            }
            SampleText::RepeatsKeys => panic!("{text} repeats no key"),
        }
    }

    #[test]
    fn reads_the_shape_and_facts_the_value_path_reads() {
        for text in [
            r#"{"data": [{"id": "4150868000000002179", "n": 1, "f": 2.5, "t": "2021-05-03T20:27:17+05:30", "x": null}, {"id": "2", "n": 2.0, "y": [true, {}]}], "info": {"more_records": false}}"#,
            r#"[1, -1, 9223372036854775807, 9223372036854775808, 1e300, 123456789012345678901234567890]"#,
            r#"{"a": {"b": [[], [null], [1, "x", {"c": 1}]]}, "18446744073709551616": {"k\"ey": 1}}"#,
            "null",
            "\"text\"",
            r#"{"5725767000003000010": ["Mobile"], "5725767000003000011": []}"#,
        ] {
            same_as_value_path(text);
        }
    }

    #[test]
    fn depth_and_big_integers_are_found_where_inspect_finds_them() {
        let nested = |levels: usize, leaf: &str| {
            let mut text = leaf.to_string();
            for _ in 0..levels {
                text = format!("{{\"k\": [{text}]}}");
            }
            text
        };
        for levels in [15, 16, 17, 20] {
            same_as_value_path(&nested(levels, "18446744073709551616"));
            same_as_value_path(&nested(levels, "[]"));
            same_as_value_path(&nested(levels, "{}"));
            same_as_value_path(&nested(levels, "[1]"));
        }
    }

    #[test]
    fn folding_bodies_into_one_shape_is_absorbing_their_shapes() {
        let bodies = [
            r#"{"data": [{"id": "1", "n": 1, "t": "2021-05-03T20:27:17+05:30"}], "more": false}"#,
            r#"{"data": [{"id": "2", "n": 2.5, "t": "soon", "extra": [1]}], "info": null}"#,
            r#"[1, "x", {"a": []}]"#,
            "null",
            r#"{"data": null, "more": true, "new": {"k": {"deep": [null, 1]}}}"#,
        ];
        let mut folded = Shape::default();
        let mut absorbed = Shape::default();
        for body in bodies {
            let facts = read_sample_into(body, &mut folded).expect("valid JSON");
            assert!(facts.is_some(), "{body} repeats no key");
            let value: Value = serde_json::from_str(body).expect("valid JSON");
            absorbed.absorb_owned(Shape::of(&value));
            assert_eq!(folded, absorbed, "after {body}");
        }
    }

    #[test]
    fn a_repeated_key_asks_for_the_value_path() {
        let read = read_sample(r#"{"a": 1, "b": {"c": 1, "c": "x"}}"#).expect("valid JSON");
        assert!(matches!(read, SampleText::RepeatsKeys));
    }

    #[test]
    fn errors_are_serde_jsons_own() {
        for text in ["{\"a\": ", "[1,]", "{} x", &"[".repeat(200)] {
            let ours = read_sample(text).expect_err("invalid").to_string();
            let theirs = serde_json::from_str::<Value>(text)
                .expect_err("invalid")
                .to_string();
            assert_eq!(ours, theirs, "for {text:?}");
        }
        assert!(matches!(
            read_sample(&json!({"k": 1}).to_string()),
            Ok(SampleText::Read { .. })
        ));
    }
}
