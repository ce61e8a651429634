//! Printing the compact JSON text this crate writes (component schemas)
//! as serde_json's pretty printer would print its value at some depth.
//!
//! Component schemas are a large document's largest part. They are held
//! as compact text until the end (a third of their printed size) and
//! printed token by token, with no `Write` call per token. What
//! `crate::schema` writes most is recognized whole: its scalar schemas and
//! the openings of its object and array schemas are printed once per depth
//! and copied after, and a `$ref` is printed at once.

use crate::reindent::{canonical_escape, first_to_escape, is_plain_integer, push_new_line};

/// [`CompactPrinter::print`] with a printer of its own.
#[cfg(test)]
pub(crate) fn reindent_compact(text: &str, level: usize, out: &mut Vec<u8>) -> bool {
    CompactPrinter::default().print(text, level, out)
}

/// Prints compact JSON text written by this crate, remembering how the
/// schemas it writes most often print (see [`LEAVES`]).
#[derive(Debug, Default)]
pub(crate) struct CompactPrinter {
    /// Each of [`LEAVES`] printed at each level below [`LEAF_LEVELS`],
    /// once it was met there (empty until then).
    printed_leaves: Vec<Vec<u8>>,
}

/// The scalar schemas `crate::schema` writes (about a third of every
/// component's bytes), then the openings of its object and array schemas,
/// each with how many levels deeper than it began it leaves the printer.
/// Each prints the same at one level every time, so it is printed once per
/// level and then copied.
const LEAVES: [(&[u8], usize); 15] = [
    (br#"{"type":"string"}"#, 0),
    (br#"{"type":"string","nullable":true}"#, 0),
    (br#"{"type":"string","format":"date-time"}"#, 0),
    (
        br#"{"type":"string","format":"date-time","nullable":true}"#,
        0,
    ),
    (br#"{"type":"integer","format":"int64"}"#, 0),
    (br#"{"type":"integer","format":"int64","nullable":true}"#, 0),
    (br#"{"type":"number"}"#, 0),
    (br#"{"type":"number","nullable":true}"#, 0),
    (br#"{"type":"boolean"}"#, 0),
    (br#"{"type":"boolean","nullable":true}"#, 0),
    (br#"{"type":"object"}"#, 0),
    (br#"{"type":"object","nullable":true}"#, 0),
    // Openings: each ends inside a container that is not empty (checked).
    (br#"{"type":"object","properties":{"#, 2),
    (br#"{"type":"object","required":["#, 2),
    (br#"{"type":"array","items":"#, 1),
];

/// What every one of [`LEAVES`] starts with.
const LEAF_START: &[u8] = br#"{"type":""#;

/// The levels at which leaves are remembered; deeper ones are printed.
const LEAF_LEVELS: usize = 32;

impl CompactPrinter {
    /// Prints `text`, compact JSON text written by this crate (no
    /// whitespace, strings escaped as serde_json escapes them, numbers only
    /// as plain integers), as it would appear `level` levels deep. Returns
    /// false, with `out` as it was, when `text` is not such text: the
    /// caller then uses [`crate::reindent::reindent`].
    pub(crate) fn print(&mut self, text: &str, level: usize, out: &mut Vec<u8>) -> bool {
        let start = out.len();
        let printed = self.print_compact(text.as_bytes(), level, out).is_some();
        if !printed {
            out.truncate(start);
        }
        printed
    }

    /// Which of [`LEAVES`] `rest` starts with, if any.
    fn leaf_at(rest: &[u8]) -> Option<usize> {
        if !rest.starts_with(LEAF_START) {
            return None;
        }
        // The type's first letter tells the candidates apart.
        let candidates = match rest.get(LEAF_START.len())? {
            b's' => 0..4,
            b'i' => 4..6,
            b'n' => 6..8,
            b'b' => 8..10,
            b'o' => 10..14,
            b'a' => 14..15,
            _ => return None,
        };
        candidates.into_iter().find(|&index| {
            LEAVES.get(index).is_some_and(|(leaf, _)| {
                // An opening printed alone would open a line for a first
                // member that an empty container does not have.
                let opens = matches!(leaf.last(), Some(b'{' | b'['));
                rest.starts_with(leaf)
                    && !(opens && matches!(rest.get(leaf.len()), Some(b'}' | b']')))
            })
        })
    }

    /// Leaf `index` printed at `level`, printed now if it was not before.
    fn printed_leaf(&mut self, index: usize, level: usize) -> Option<&[u8]> {
        if level >= LEAF_LEVELS {
            return None;
        }
        if self.printed_leaves.is_empty() {
            self.printed_leaves = vec![Vec::new(); LEAVES.len().saturating_mul(LEAF_LEVELS)];
        }
        let slot = index.saturating_mul(LEAF_LEVELS).saturating_add(level);
        if self.printed_leaves.get(slot)?.is_empty() {
            let mut printed = Vec::new();
            let (leaf, _) = LEAVES.get(index)?;
            print_tokens(leaf, level, &mut printed, &mut |_, _, _| None)?;
            *self.printed_leaves.get_mut(slot)? = printed;
        }
        self.printed_leaves.get(slot).map(Vec::as_slice)
    }

    fn print_compact(&mut self, bytes: &[u8], level: usize, out: &mut Vec<u8>) -> Option<()> {
        print_tokens(bytes, level, out, &mut |rest, level, out| {
            if let Some(length) = print_reference(rest, level, out) {
                return Some((length, level));
            }
            let index = Self::leaf_at(rest)?;
            out.extend_from_slice(self.printed_leaf(index, level)?);
            let (leaf, deeper) = LEAVES.get(index)?;
            Some((leaf.len(), level.saturating_add(*deeper)))
        })
    }
}

/// How a reference to a component starts, as `crate::schema` writes it.
const REFERENCE_START: &[u8] = br##"{"$ref":"#/components/schemas/"##;

/// Prints the `{"$ref": ...}` object `rest` starts with, if it does and the
/// name needs no escape; returns its length. A component names others
/// nearly as often as it has scalar properties.
fn print_reference(rest: &[u8], level: usize, out: &mut Vec<u8>) -> Option<usize> {
    let after_start = rest.strip_prefix(REFERENCE_START)?;
    let name_length = memchr::memchr2(b'"', b'\\', after_start)?;
    // The reference's closing quote, then the object's brace.
    let (b'"', Some(b'}')) = (
        *after_start.get(name_length)?,
        after_start.get(name_length.saturating_add(1)).copied(),
    ) else {
        return None;
    };
    let quoted_end = REFERENCE_START
        .len()
        .saturating_add(name_length)
        .saturating_add(1);
    // From the opening quote of the reference through its closing one.
    let reference = rest.get(b"{\"$ref\":".len()..quoted_end)?;
    out.push(b'{');
    push_new_line(out, level.saturating_add(1), false);
    out.extend_from_slice(b"\"$ref\": ");
    out.extend_from_slice(reference);
    push_new_line(out, level, false);
    out.push(b'}');
    Some(quoted_end.saturating_add(1))
}

/// Prints compact `bytes` at `level`. At each `{`, `known(rest, level,
/// out)` may print what starts there itself, and say how long it is and at
/// what level it leaves the printer.
fn print_tokens(
    bytes: &[u8],
    mut level: usize,
    out: &mut Vec<u8>,
    known: &mut impl FnMut(&[u8], usize, &mut Vec<u8>) -> Option<(usize, usize)>,
) -> Option<()> {
    let mut at = 0usize;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'"' => {
                let end = compact_string_end(bytes, at)?;
                out.extend_from_slice(bytes.get(at..end)?);
                at = end;
                continue;
            }
            b'{' | b'[' => {
                if byte == b'{'
                    && let Some((length, after)) = known(bytes.get(at..)?, level, out)
                {
                    at = at.saturating_add(length);
                    level = after;
                    continue;
                }
                let close = if byte == b'{' { b'}' } else { b']' };
                if bytes.get(at.saturating_add(1)) == Some(&close) {
                    out.extend_from_slice(&[byte, close]);
                    at = at.saturating_add(2);
                    continue;
                }
                level = level.saturating_add(1);
                out.push(byte);
                push_new_line(out, level, false);
            }
            b'}' | b']' => {
                level = level.saturating_sub(1);
                push_new_line(out, level, false);
                out.push(byte);
            }
            b',' => push_new_line(out, level, true),
            b':' => out.extend_from_slice(b": "),
            b't' | b'f' | b'n' => {
                let literal: &[u8] = match byte {
                    b't' => b"true",
                    b'f' => b"false",
                    _ => b"null",
                };
                let end = at.saturating_add(literal.len());
                (bytes.get(at..end)? == literal).then_some(())?;
                out.extend_from_slice(literal);
                at = end;
                continue;
            }
            b'-' | b'0'..=b'9' => {
                let length = bytes
                    .get(at..)?
                    .iter()
                    .take_while(|&&byte| {
                        matches!(byte, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                    })
                    .count();
                let end = at.saturating_add(length);
                let token = std::str::from_utf8(bytes.get(at..end)?).ok()?;
                // What serde_json prints as it is written; the rest is left
                // to `reindent`.
                if !is_plain_integer(token) || token.parse::<i64>().is_err() {
                    return None;
                }
                out.extend_from_slice(token.as_bytes());
                at = end;
                continue;
            }
            _ => return None,
        }
        at = at.saturating_add(1);
    }
    Some(())
}

/// Where the string opening at `start` ends (after its closing quote),
/// when its escapes are those serde_json writes.
#[inline(always)]
fn compact_string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut at = start.saturating_add(1);
    loop {
        at = at.saturating_add(first_to_escape(bytes.get(at..)?)?);
        match bytes.get(at)? {
            b'"' => return Some(at.saturating_add(1)),
            b'\\' => at = at.saturating_add(canonical_escape(bytes.get(at..)?)?),
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reindent::tests::{any_json, transcoded};

    /// Whether `value` holds a number serde_json does not print as a
    /// plain 64-bit integer.
    fn has_other_numbers(value: &serde_json::Value) -> bool {
        match value {
            serde_json::Value::Number(number) => !number.is_i64(),
            serde_json::Value::Array(items) => items.iter().any(has_other_numbers),
            serde_json::Value::Object(map) => map.values().any(has_other_numbers),
            _ => false,
        }
    }

    proptest::proptest! {
        /// Compact text as serde_json writes it prints as `reindent` prints
        /// it; only numbers other than plain integers are left to it.
        #[test]
        fn compact_text_prints_as_reindent_prints_it(value in any_json(), level in 0usize..6) {
            let compact = value.to_string();
            let mut out = b"kept".to_vec();
            let printed = reindent_compact(&compact, level, &mut out);
            proptest::prop_assert_eq!(printed, !has_other_numbers(&value));
            if printed {
                let expected = format!("kept{}", transcoded(&compact, level));
                proptest::prop_assert_eq!(String::from_utf8_lossy(&out), expected);
            } else {
                proptest::prop_assert_eq!(out, b"kept".to_vec());
            }
        }
    }

    #[test]
    fn remembered_leaves_and_references_print_as_any_text_prints() {
        // One printer for every text, as for a document's components: what
        // it remembers at one level must not leak into another.
        let mut printer = CompactPrinter::default();
        let near_misses = [
            r#"{"type":"stringy"}"#,
            r#"{"type":"string","format":"date"}"#,
            r##"{"$ref":"#/components/schemas/A\"b"}"##,
            r##"{"$ref":"#/components/schemas/A","nullable":true}"##,
            r##"{"$ref":"#/components/schemas/"}"##,
            r##"{"$ref":"#/components/schemas/Ünïcode"}"##,
            r#"{"type":"object","properties":{},"additionalProperties":{}}"#,
            r#"{"type":"object","required":[],"properties":{"a":{}}}"#,
            r#"{"type":"array","items":{}}"#,
            r#"{"type":"array","items":[]}"#,
        ];
        // The scalar schemas whole; the openings come with every text.
        let leaves = LEAVES
            .iter()
            .filter(|(_, deeper)| *deeper == 0)
            .filter_map(|(leaf, _)| std::str::from_utf8(leaf).ok());
        for schema in leaves.chain(near_misses) {
            let text = format!(
                r##"{{"type":"object","properties":{{"a":{schema},"b":{{"$ref":"#/components/schemas/Ab"}},"c":{{"type":"array","items":{schema}}},"d":{{"oneOf":[{schema},{schema}]}}}}}}"##
            );
            for level in [0, 1, 2, 5, 29, 30, 31, 32, 40, 0, 31] {
                for _ in 0..2 {
                    let mut out = b"kept".to_vec();
                    assert!(printer.print(&text, level, &mut out), "{text}");
                    assert_eq!(
                        String::from_utf8_lossy(&out),
                        format!("kept{}", transcoded(&text, level)),
                        "{text} at level {level}"
                    );
                }
            }
        }
    }

    #[test]
    fn text_that_is_not_compact_is_left_to_reindent() {
        for text in [
            "{ }",
            "[1, 2]",
            "{\"a\":\n1}",
            "\"\\/\"",
            "\"\\u00e9\"",
            "1.5",
            "-0",
            "01",
            "tru",
        ] {
            let mut out = b"kept".to_vec();
            assert!(!reindent_compact(text, 2, &mut out), "{text}");
            assert_eq!(out, b"kept", "{text}");
        }
    }
}
