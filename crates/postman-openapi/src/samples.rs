//! Checks on a recorded JSON sample before it is described: how deep it
//! nests, and whether it holds whole numbers a 64-bit integer cannot.

use serde_json::{Number, Value};

/// How deep schemas and document examples nest: a value reached through
/// more than this many objects and arrays is not described. Deeper bodies
/// once gave documents that progenitor's own JSON parser (recursion limit
/// 128) could not read back; 32 levels is far beyond real APIs.
pub const MAX_DEPTH: usize = 32;

/// What [`inspect`] found in a sample.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SampleFacts {
    /// Some value sits deeper than [`MAX_DEPTH`].
    pub too_deep: bool,
    /// The first whole number beyond the 64-bit signed range: where it is
    /// (a JSONPath inside the sample) and its value.
    pub big_integer: Option<(String, String)>,
}

/// Walks `sample` once, never below [`MAX_DEPTH`] (and a second time, to
/// name its path, only when it holds a big integer).
pub fn inspect(sample: &Value) -> SampleFacts {
    let mut facts = SampleFacts::default();
    if scan(sample, 0, &mut facts.too_deep) {
        facts.big_integer = locate_big_integer(sample, 0, &mut Vec::new());
    }
    facts
}

/// Records whether anything sits deeper than [`MAX_DEPTH`]; returns
/// whether a big integer is within it. No path is kept: most samples have
/// neither, and this runs over every recorded body.
fn scan(value: &Value, depth: usize, too_deep: &mut bool) -> bool {
    match value {
        Value::Array(items) if depth >= MAX_DEPTH => {
            *too_deep |= !items.is_empty();
            false
        }
        Value::Object(map) if depth >= MAX_DEPTH => {
            *too_deep |= !map.is_empty();
            false
        }
        // Every child is scanned (no short cut at the first big integer):
        // a later one may be too deep.
        Value::Array(items) => {
            let mut found = false;
            for item in items {
                found |= scan(item, depth + 1, too_deep);
            }
            found
        }
        Value::Object(map) => {
            let mut found = false;
            for item in map.values() {
                found |= scan(item, depth + 1, too_deep);
            }
            found
        }
        Value::Number(number) => is_big_integer(number),
        _ => false,
    }
}

/// One step of a path inside a sample.
pub(crate) enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// The path and value of the first big integer within [`MAX_DEPTH`].
fn locate_big_integer<'a>(
    value: &'a Value,
    depth: usize,
    path: &mut Vec<Step<'a>>,
) -> Option<(String, String)> {
    match value {
        _ if depth > MAX_DEPTH => None,
        Value::Array(items) => items.iter().enumerate().find_map(|(index, item)| {
            path.push(Step::Index(index));
            let found = locate_big_integer(item, depth + 1, path);
            path.pop();
            found
        }),
        Value::Object(map) => map.iter().find_map(|(key, item)| {
            path.push(Step::Key(key));
            let found = locate_big_integer(item, depth + 1, path);
            path.pop();
            found
        }),
        Value::Number(number) if is_big_integer(number) => Some((render(path), number.to_string())),
        _ => None,
    }
}

/// 2^63, the first whole number beyond `i64` (exact as an `f64`).
const TWO_TO_THE_63: f64 = 9_223_372_036_854_775_808.0;

/// A whole number outside `i64`: a `u64` above `i64::MAX`, or a float
/// (serde_json's reading of longer integers) with no fraction and a
/// magnitude of 2^63 or more.
fn is_big_integer(number: &Number) -> bool {
    if number.is_i64() {
        return false;
    }
    if number.is_u64() {
        return true;
    }
    number.as_f64().is_some_and(is_big_float)
}

/// A float with no fraction and a magnitude of 2^63 or more: how
/// serde_json reads a whole number longer than a `u64`.
pub(crate) fn is_big_float(float: f64) -> bool {
    float.is_finite() && float.fract() == 0.0 && float.abs() >= TWO_TO_THE_63
}

/// A path inside a sample as a JSONPath (`$.data[0].id`).
pub(crate) fn render(path: &[Step<'_>]) -> String {
    let mut text = String::from("$");
    for step in path {
        match step {
            Step::Index(index) => text.push_str(&format!("[{index}]")),
            Step::Key(key)
                if !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_') =>
            {
                text.push('.');
                text.push_str(key);
            }
            Step::Key(key) => text.push_str(&format!("[{key:?}]")),
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn nested(levels: usize) -> Value {
        (0..levels).fold(json!(1), |inner, _| json!({ "a": inner }))
    }

    #[test]
    fn depth_counts_the_objects_and_arrays_above_a_value() {
        assert!(!inspect(&nested(MAX_DEPTH)).too_deep);
        assert!(inspect(&nested(MAX_DEPTH + 1)).too_deep);
        let empty_at_the_limit = (0..MAX_DEPTH).fold(json!({}), |inner, _| json!([inner]));
        assert!(!inspect(&empty_at_the_limit).too_deep);
        let big_then_deep = json!([18_446_744_073_709_551_615u64, nested(MAX_DEPTH)]);
        let facts = inspect(&big_then_deep);
        assert!(facts.too_deep, "found after a big integer");
        assert_eq!(
            facts.big_integer.map(|(path, _)| path),
            Some("$[0]".to_string())
        );
    }

    #[test]
    fn whole_numbers_beyond_64_bits_are_found_with_their_path() {
        let sample: Value = serde_json::from_str(
            r#"{"ok": 9223372036854775807, "ids": [1, 18446744073709551615], "x y": 1e30}"#,
        )
        .unwrap_or_default();
        assert_eq!(
            inspect(&sample).big_integer,
            Some(("$.ids[1]".to_string(), "18446744073709551615".to_string()))
        );
        let beyond_u64: Value =
            serde_json::from_str(r#"{"x y": 123456789012345678901234}"#).unwrap_or_default();
        assert_eq!(
            inspect(&beyond_u64).big_integer.map(|(path, _)| path),
            Some("$[\"x y\"]".to_string())
        );
        assert_eq!(inspect(&json!({"f": 2.5, "i": -3})).big_integer, None);
    }
}
