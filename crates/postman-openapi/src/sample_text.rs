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

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::infer::{Kind, ObjectShape, Shape, StringFacts, is_strict_date_time};
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
    let mut state = State::default();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let kind = Seed {
        state: &mut state,
        depth: 0,
    }
    .deserialize(&mut deserializer)?;
    deserializer.end()?;
    if state.repeats_keys {
        return Ok(SampleText::RepeatsKeys);
    }
    let shape = match kind {
        Some(kind) => Shape {
            nullable: false,
            kinds: vec![kind],
        },
        None => Shape {
            nullable: true,
            kinds: Vec::new(),
        },
    };
    Ok(SampleText::Read {
        shape,
        facts: SampleFacts {
            too_deep: state.too_deep,
            big_integer: state.big_integer,
        },
    })
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

/// Reads one value at `depth`; `None` is `null`.
struct Seed<'s, 'de> {
    state: &'s mut State<'de>,
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for Seed<'_, 'de> {
    type Value = Option<Kind>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_, 'de> {
    type Value = Option<Kind>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Some(Kind::Boolean))
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Some(Kind::Integer))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Self::Value, E> {
        if i64::try_from(value).is_ok() {
            return Ok(Some(Kind::Integer));
        }
        self.state.big_integer(self.depth, || value.to_string());
        Ok(Some(Kind::Number))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Self::Value, E> {
        if is_big_float(value) {
            // Written as serde_json writes the f64 it read.
            self.state.big_integer(self.depth, || {
                serde_json::Number::from_f64(value)
                    .map(|number| number.to_string())
                    .unwrap_or_default()
            });
        }
        Ok(Some(Kind::Number))
    }

    fn visit_str<E>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Some(Kind::String(StringFacts {
            all_date_time: is_strict_date_time(text),
        })))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut sequence: A) -> Result<Self::Value, A::Error> {
        let mut items = Shape::default();
        let child = self.depth.saturating_add(1);
        let mut index = 0usize;
        loop {
            self.state.path.push(Step::Index(index));
            let element = sequence.next_element_seed(Seed {
                state: &mut *self.state,
                depth: child,
            });
            self.state.path.pop();
            match element? {
                Some(kind) => items.absorb_sample(kind),
                None => break,
            }
            index = index.saturating_add(1);
        }
        if index > 0 && self.depth >= MAX_DEPTH {
            self.state.too_deep = true;
        }
        Ok(Some(Kind::Array(Box::new(items))))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut object = ObjectShape::one_sample();
        let child = self.depth.saturating_add(1);
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if object.has_property(&key) {
                self.state.repeats_keys = true;
            }
            self.state.path.push(Step::Key(key));
            let value = map.next_value_seed(Seed {
                state: &mut *self.state,
                depth: child,
            });
            let Some(Step::Key(key)) = self.state.path.pop() else {
                unreachable!("the key pushed above")
            };
            let shape = match value? {
                Some(kind) => Shape {
                    nullable: false,
                    kinds: vec![kind],
                },
                None => Shape {
                    nullable: true,
                    kinds: Vec::new(),
                },
            };
            if !self.state.repeats_keys {
                object.add_property(key.into_owned(), shape);
            }
        }
        if !object.properties.is_empty() && self.depth >= MAX_DEPTH {
            self.state.too_deep = true;
        }
        Ok(Some(Kind::Object(object)))
    }
}

/// Reads an object key, borrowed from the text when it has no escapes.
struct KeySeed;

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
