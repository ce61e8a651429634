//! Reads one list entry (a header, query or form field, a URL variable) in
//! a single pass over its text.
//!
//! Entries were first scanned as raw text and then parsed from it, so that
//! one that failed could be parsed again as a value to say where: two passes
//! over most of a collection without examples. Here each field is read as it
//! comes, and a field of a type it cannot take is kept as the value it was,
//! so the entry reads as the parsed file reads it: the last of a repeated
//! field counts, and an entry whose final fields cannot be read is reported
//! at the first of them, in the order the fields first appear.

use std::fmt;

use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value};
use smallvec::SmallVec;

use super::Reader;
use crate::postman::{Description, KeyValue, RawVariable, Variable, flag_of, text_of};

/// A list entry that can be read field by field.
pub(super) trait Entry: DeserializeOwned {
    /// The fields read so far.
    type Partial: Default;

    /// Reads the value of the field named `key` from `map` into `partial`.
    fn read_field<'de, A: MapAccess<'de>>(
        partial: &mut Self::Partial,
        key: &str,
        map: &mut A,
    ) -> Result<FieldRead, A::Error>;

    /// The entry its fields make.
    fn finish(partial: Self::Partial) -> Self;
}

/// What reading one field found.
pub(super) enum FieldRead {
    /// A field that always reads (or an unknown one, ignored).
    Read,
    /// A field that reads only from some types: `refused` holds its value
    /// when it was of another.
    Checked {
        field: &'static str,
        refused: Option<Value>,
    },
}

/// Reads a text field into `slot`; a list or an object is refused.
fn text_field<'de, A: MapAccess<'de>>(
    field: &'static str,
    slot: &mut Option<String>,
    map: &mut A,
) -> Result<FieldRead, A::Error> {
    let refused = match text_of(map.next_value()?) {
        Ok(text) => {
            *slot = text;
            None
        }
        Err(other) => Some(other),
    };
    Ok(FieldRead::Checked { field, refused })
}

impl Entry for KeyValue {
    type Partial = KeyValue;

    fn read_field<'de, A: MapAccess<'de>>(
        partial: &mut KeyValue,
        key: &str,
        map: &mut A,
    ) -> Result<FieldRead, A::Error> {
        match key {
            "key" => return text_field("key", &mut partial.key, map),
            "type" => return text_field("type", &mut partial.kind, map),
            "value" => partial.value = map.next_value::<Option<Value>>()?,
            "disabled" => partial.disabled = flag_of(&map.next_value::<Value>()?),
            "description" => partial.description = map.next_value::<Option<Description>>()?,
            _ => {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(FieldRead::Read)
    }

    fn finish(partial: KeyValue) -> KeyValue {
        partial
    }
}

impl Entry for Variable {
    type Partial = RawVariable;

    fn read_field<'de, A: MapAccess<'de>>(
        partial: &mut RawVariable,
        key: &str,
        map: &mut A,
    ) -> Result<FieldRead, A::Error> {
        match key {
            "key" => return text_field("key", &mut partial.key, map),
            "id" => return text_field("id", &mut partial.id, map),
            "value" => partial.value = map.next_value::<Option<Value>>()?,
            "disabled" => partial.disabled = flag_of(&map.next_value::<Value>()?),
            "description" => partial.description = map.next_value::<Option<Description>>()?,
            _ => {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(FieldRead::Read)
    }

    fn finish(partial: RawVariable) -> Variable {
        Variable::from(partial)
    }
}

/// Entry `index` of the list at `json_path`: `None` when it cannot be read,
/// with the warning the parsed file's reading gives.
pub(super) struct EntrySeed<'r, T> {
    pub(super) reader: &'r mut Reader,
    pub(super) json_path: &'r str,
    pub(super) index: usize,
    pub(super) entry: std::marker::PhantomData<T>,
}

impl<T: Entry> EntrySeed<'_, T> {
    /// An entry that is not an object reads as the parsed file reads it
    /// (a list reads as the fields in order).
    fn other(self, value: Value) -> Option<T> {
        T::deserialize(&value)
            .ok()
            .or_else(|| self.reader.entry_tracked(value, self.index, self.json_path))
    }
}

impl<'de, T: Entry> DeserializeSeed<'de> for EntrySeed<'_, T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: Entry> Visitor<'de> for EntrySeed<'_, T> {
    type Value = Option<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a list entry")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut partial = T::Partial::default();
        // Each checked field once, where it first appears, with its last
        // value if that was refused.
        let mut checked: SmallVec<[(&'static str, Option<Value>); 2]> = SmallVec::new();
        while let Some(key) = map.next_key_seed(crate::sample_text::KeySeed)? {
            if let FieldRead::Checked { field, refused } =
                T::read_field(&mut partial, &key, &mut map)?
            {
                match checked.iter_mut().find(|(seen, _)| *seen == field) {
                    Some((_, last)) => *last = refused,
                    None => checked.push((field, refused)),
                }
            }
        }
        if checked.iter().all(|(_, refused)| refused.is_none()) {
            return Ok(Some(T::finish(partial)));
        }
        // Only the checked fields can fail: the parsed file's reading of
        // them alone fails where it fails on the whole entry (a field that
        // read stands as `null`, which every checked field takes).
        let fields: Map<String, Value> = checked
            .into_iter()
            .map(|(field, refused)| (field.to_string(), refused.unwrap_or(Value::Null)))
            .collect();
        Ok(self
            .reader
            .entry_tracked(Value::Object(fields), self.index, self.json_path))
    }

    as_value!(scalars, str, unit, seq);
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::{read_collection, read_collection_value};

    /// A request whose query, URL variables, headers and form fields are
    /// `entries`, read streamed and from the parsed file: the same model
    /// and the same warnings, in the same order.
    fn reads_as_the_parsed_file(entries: &str) -> Result<(), TestCaseError> {
        let text = format!(
            r#"{{"info": {{"name": "x", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}},
            "item": [{{"name": "r", "request": {{
                "url": {{"raw": "https://x.test/a", "query": {entries}, "variable": {entries}}},
                "header": {entries},
                "body": {{"mode": "formdata", "formdata": {entries}, "urlencoded": {entries}}}}}}}]}}"#
        );
        let streamed = read_collection(&text).map(|(c, w)| (format!("{c:?}"), w));
        let parsed = read_collection_value(&text).map(|(c, w)| (format!("{c:?}"), w));
        prop_assert_eq!(streamed, parsed, "for {}", entries);
        Ok(())
    }

    #[test]
    fn repeated_and_refused_fields_read_as_the_parsed_file_reads() {
        for entries in [
            // The last of a repeated field counts, refused or not.
            r#"[{"key": {}, "key": "ok"}, {"key": "ok", "key": []}]"#,
            r#"[{"id": [], "id": "v"}, {"id": "v", "key": {}, "key": 3}]"#,
            // Refused twice: reported at the field that appears first.
            r#"[{"type": [], "key": {}}, {"key": {}, "type": []}]"#,
            r#"[{"type": "text", "key": 1, "type": {}}, {"key": {}, "type": [], "key": "k"}]"#,
            r#"[{"id": [1], "key": {"a": 1}}, {"key": [], "id": {}, "key": "k", "id": "i"}]"#,
            // Entries that are not objects, lists read as fields in order.
            r#"[["a", "b"], ["k"], [], [{}], [1, 2, 3, 4, 5, 6, 7], null, "s", 4.5, true]"#,
            // Fields that always read, repeated.
            r#"[{"key": "a", "value": 1, "value": {"x": [1]}, "disabled": "TRUE", "disabled": null}]"#,
            r#"[{"key": "d", "description": {"content": "c"}, "description": "text", "extra": {"key": {}}}]"#,
        ] {
            if let Err(failure) = reads_as_the_parsed_file(entries) {
                panic!("{failure}");
            }
        }
    }

    /// One field of an entry, as JSON text: a field an entry may have, or
    /// another, with a value of any kind.
    fn field() -> impl Strategy<Value = String> {
        let name = prop::sample::select(vec![
            "key",
            "id",
            "type",
            "value",
            "disabled",
            "description",
            "content",
            "other",
        ]);
        let value = prop::sample::select(vec![
            "null",
            "true",
            "7",
            "-0.5",
            r#""text""#,
            r#""true""#,
            "[]",
            r#"["a", 1]"#,
            "{}",
            r#"{"content": "c"}"#,
            r#"{"key": [1]}"#,
        ]);
        (name, value).prop_map(|(name, value)| format!(r#""{name}": {value}"#))
    }

    proptest! {
        #[test]
        fn any_entries_read_as_the_parsed_file_reads(
            entries in prop::collection::vec(prop::collection::vec(field(), 0..6), 0..4)
        ) {
            let entries: Vec<String> = entries
                .iter()
                .map(|fields| format!("{{{}}}", fields.join(", ")))
                .collect();
            reads_as_the_parsed_file(&format!("[{}]", entries.join(", ")))?;
        }
    }
}
