//! Prints valid JSON text the way serde_json's two-space pretty printer
//! prints its parsed value, starting any number of levels deep, without
//! parsing it into anything.
//!
//! Example bodies and component schemas are most of a large document, and
//! they reach the printer as text. Transcoding each through serde_json's
//! deserializer and serializer took about a sixth of a conversion; copying
//! it does not. What the serializer would change is recognised and handed
//! to serde_json itself, so the bytes stay exactly those of transcoding:
//! - a string is copied when its escapes are the ones serde_json writes
//!   (`\"`, `\\`, `\n`, `\u001f`, ...); others (`\/`, `\u00e9`) are decoded
//!   and escaped again;
//! - an integer that fits in 64 bits is copied; any other number (`1.0e3`,
//!   `-0`, integers beyond 64 bits) is transcoded alone;
//! - whitespace between tokens is dropped, and structure is printed with
//!   serde_json's line breaks and indentation (`{}` and `[]` when empty).
//!
//! The text must be one valid JSON value (callers pass text serde_json has
//! already parsed); anything else is an error, never a panic.

use std::io::{self, Write};

/// Prints `text` as it would appear `level` levels deep in a document
/// printed by serde_json's pretty printer.
pub(crate) fn reindent(text: &str, level: usize, out: &mut impl Write) -> io::Result<()> {
    let bytes = text.as_bytes();
    let mut level = level;
    let mut at = skip_whitespace(bytes, 0);
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'{' | b'[' => {
                let close = if byte == b'{' { b'}' } else { b']' };
                let next = skip_whitespace(bytes, at.saturating_add(1));
                if bytes.get(next) == Some(&close) {
                    out.write_all(&[byte, close])?;
                    at = skip_whitespace(bytes, next.saturating_add(1));
                } else {
                    level = level.saturating_add(1);
                    out.write_all(&[byte])?;
                    new_line(out, level, false)?;
                    at = next;
                }
                continue;
            }
            b'}' | b']' => {
                level = level.saturating_sub(1);
                new_line(out, level, false)?;
                out.write_all(&[byte])?;
            }
            b',' => new_line(out, level, true)?,
            b':' => out.write_all(b": ")?,
            b'"' => {
                at = string(text, at, out)?;
                at = skip_whitespace(bytes, at);
                continue;
            }
            b't' | b'f' | b'n' => {
                let literal: &[u8] = match byte {
                    b't' => b"true",
                    b'f' => b"false",
                    _ => b"null",
                };
                if bytes.get(at..at.saturating_add(literal.len())) != Some(literal) {
                    return Err(invalid(at));
                }
                out.write_all(literal)?;
                at = skip_whitespace(bytes, at.saturating_add(literal.len()));
                continue;
            }
            b'-' | b'0'..=b'9' => {
                at = number(text, at, out)?;
                at = skip_whitespace(bytes, at);
                continue;
            }
            _ => return Err(invalid(at)),
        }
        at = skip_whitespace(bytes, at.saturating_add(1));
    }
    Ok(())
}

/// `,` then a line break then 128 levels of indentation: every separator
/// the printer needs is one slice of it.
const BREAKS: [u8; 258] = {
    let mut breaks = [b' '; 258];
    breaks[0] = b',';
    breaks[1] = b'\n';
    breaks
};

/// A line break (after a `,` when `comma`) and the indentation of `level`,
/// written at once.
pub(crate) fn new_line(out: &mut impl Write, level: usize, comma: bool) -> io::Result<()> {
    let start = usize::from(!comma);
    let spaces = level.saturating_mul(2);
    match BREAKS.get(start..spaces.saturating_add(2)) {
        Some(slice) => out.write_all(slice),
        None => {
            out.write_all(BREAKS.get(start..2).unwrap_or(b"\n"))?;
            for _ in 0..level {
                out.write_all(b"  ")?;
            }
            Ok(())
        }
    }
}

/// Whether serde_json writes `bytes` between quotes unchanged: no quote,
/// no backslash, no control character.
pub(crate) fn needs_no_escape(bytes: &[u8]) -> bool {
    // Eight bytes at a time (descriptions run long): a lane's high bit is
    // set where its byte is below 0x20, or is a quote or a backslash.
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let has_zero_lane = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS;
    let chunks = bytes.chunks_exact(8);
    let rest = chunks.remainder();
    for chunk in chunks {
        let mut lanes = [0u8; 8];
        lanes.copy_from_slice(chunk);
        let word = u64::from_ne_bytes(lanes);
        let below_space = word.wrapping_sub(ONES.wrapping_mul(0x20)) & !word & HIGHS;
        let quote = has_zero_lane(word ^ ONES.wrapping_mul(u64::from(b'"')));
        let backslash = has_zero_lane(word ^ ONES.wrapping_mul(u64::from(b'\\')));
        if below_space | quote | backslash != 0 {
            return false;
        }
    }
    rest.iter()
        .all(|&byte| byte >= 0x20 && byte != b'"' && byte != b'\\')
}

fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
    while let Some(b' ' | b'\n' | b'\r' | b'\t') = bytes.get(at) {
        at = at.saturating_add(1);
    }
    at
}

/// Prints the string starting at `start` (its opening quote); returns
/// where it ends.
fn string(text: &str, start: usize, out: &mut impl Write) -> io::Result<usize> {
    let bytes = text.as_bytes();
    let mut at = start.saturating_add(1);
    let mut canonical = true;
    loop {
        let Some(found) = memchr::memchr2(b'"', b'\\', bytes.get(at..).unwrap_or_default()) else {
            return Err(invalid(start));
        };
        at = at.saturating_add(found);
        if bytes.get(at) == Some(&b'"') {
            break;
        }
        let escape_length = canonical_escape(bytes.get(at..).unwrap_or_default());
        canonical &= escape_length.is_some();
        // Every escape is at least two bytes; the escaped byte is never the
        // closing quote.
        at = at.saturating_add(escape_length.unwrap_or(2));
    }
    let end = at.saturating_add(1);
    let token = text.get(start..end).ok_or_else(|| invalid(start))?;
    if canonical {
        out.write_all(token.as_bytes())?;
    } else {
        let decoded: String = serde_json::from_str(token).map_err(io::Error::other)?;
        serde_json::to_writer(&mut *out, &decoded).map_err(io::Error::other)?;
    }
    Ok(end)
}

/// The length of the escape `escape` starts with, if serde_json writes it
/// that way: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, or `\u00xx` (lowercase
/// hex) for the other control characters.
fn canonical_escape(escape: &[u8]) -> Option<usize> {
    match escape {
        [b'\\', b'"' | b'\\' | b'b' | b'f' | b'n' | b'r' | b't', ..] => Some(2),
        [b'\\', b'u', b'0', b'0', high @ (b'0' | b'1'), low, ..] => {
            let low = match low {
                b'0'..=b'9' => low - b'0',
                b'a'..=b'f' => low - b'a' + 10,
                _ => return None,
            };
            let code = (high - b'0') * 16 + low;
            // These five have short escapes, which serde_json prefers.
            (!matches!(code, 0x08 | 0x09 | 0x0a | 0x0c | 0x0d)).then_some(6)
        }
        _ => None,
    }
}

/// Prints the number starting at `start`; returns where it ends.
fn number(text: &str, start: usize, out: &mut impl Write) -> io::Result<usize> {
    let bytes = text.as_bytes();
    let mut end = start;
    while let Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') = bytes.get(end) {
        end = end.saturating_add(1);
    }
    let token = text.get(start..end).ok_or_else(|| invalid(start))?;
    // serde_json reads `-0` as the float -0.0 and prints `-0.0`.
    let copies = match token.strip_prefix('-') {
        Some(magnitude) => magnitude != "0" && token.parse::<i64>().is_ok(),
        None => token.parse::<u64>().is_ok(),
    };
    if copies {
        out.write_all(token.as_bytes())?;
    } else {
        let mut deserializer = serde_json::Deserializer::from_str(token);
        let mut serializer = serde_json::Serializer::new(&mut *out);
        serde_transcode::transcode(&mut deserializer, &mut serializer).map_err(io::Error::other)?;
    }
    Ok(end)
}

fn invalid(at: usize) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("kept JSON text is not valid JSON at byte {at}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    /// What transcoding prints at `level`: serde_json's pretty printer of
    /// the parsed value, with `level` levels of indentation after each
    /// line break.
    fn transcoded(text: &str, level: usize) -> String {
        let value: serde_json::Value = serde_json::from_str(text).expect("valid JSON");
        let mut printed = Vec::new();
        let mut serializer = serde_json::Serializer::pretty(&mut printed);
        value.serialize(&mut serializer).expect("prints");
        let printed = String::from_utf8(printed).expect("UTF-8");
        printed.replace('\n', &format!("\n{}", "  ".repeat(level)))
    }

    fn reindented(text: &str, level: usize) -> String {
        let mut out = Vec::new();
        reindent(text, level, &mut out).expect("valid JSON");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn prints_what_serde_json_prints_at_any_depth() {
        let texts = [
            r#"{"a": 1, "b": [1, 2, {"c": null}], "d": {}, "e": [], "f": "x"}"#,
            "  [ { } , [ ] , true , false , null ]  ",
            "\t{\r\n\"deep\":{\"deeper\":{\"deepest\":[[[[1]]]]}}}\n",
            r#""just a string""#,
            "-12",
            "[]",
            "{}",
            r#"{"":""}"#,
        ];
        for text in texts {
            // 200 levels is beyond the prepared indentation.
            for level in [0, 1, 3, 40, 200] {
                assert_eq!(reindented(text, level), transcoded(text, level), "{text}");
            }
        }
    }

    #[test]
    fn escapes_serde_json_would_write_otherwise_are_rewritten() {
        let texts = [
            r#""a\/b""#,
            r#""\u00e9t\u00E9""#,
            r#""\u0041\u001f\u001F\u0008\u000a""#,
            r#""tab\tquote\"back\\slash\b\f\r\n""#,
            r#""\ud83d\ude00 and 😀""#,
            r#"{"k\/ey": "v\u0000"}"#,
        ];
        // Escapes at many offsets into long strings.
        let long: Vec<String> = (20..30)
            .map(|at| {
                format!(
                    r#"["{}\"\/{}", "{}"]"#,
                    "a".repeat(at),
                    "b".repeat(40),
                    "c".repeat(at)
                )
            })
            .collect();
        let texts = texts.iter().copied().chain(long.iter().map(String::as_str));
        for text in texts {
            assert_eq!(reindented(text, 2), transcoded(text, 2), "{text}");
        }
    }

    #[test]
    fn numbers_serde_json_would_print_otherwise_are_rewritten() {
        let texts = [
            "[0, -0, 1, -1, 18446744073709551615, 18446744073709551616]",
            "[-9223372036854775808, -9223372036854775809, 1.0, 1.50, 1e3, 1E-2, -0.0, 2.5e+10]",
            "123456789012345678901234567890",
        ];
        for text in texts {
            assert_eq!(reindented(text, 1), transcoded(text, 1), "{text}");
        }
    }

    /// Any JSON value: strings of any characters (escapes, controls,
    /// astral ones), integers of either sign, floats, nesting.
    fn any_json() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<u64>().prop_map(serde_json::Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(serde_json::Value::from),
            any::<String>().prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(4, 64, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
                proptest::collection::btree_map(any::<String>(), inner, 0..6)
                    .prop_map(|map| serde_json::Value::Object(map.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        /// Whatever whitespace and escapes the text was written with.
        #[test]
        fn any_value_prints_as_serde_json_prints_it(value in any_json(), level in 0usize..6) {
            let compact = value.to_string();
            let pretty = serde_json::to_string_pretty(&value).expect("prints");
            // The same text with escapes serde_json would not write: `\/`
            // for `/`, and `\u` escapes for some letters.
            let escaped = compact.replace('/', "\\/").replace("\"a", "\"\\u0061");
            for text in [compact.as_str(), pretty.as_str(), escaped.as_str()] {
                proptest::prop_assert_eq!(reindented(text, level), transcoded(text, level));
            }
        }
    }

    #[test]
    fn strings_needing_no_escape_are_those_serde_json_copies() {
        for byte in 0u8..0x80 {
            let text = format!("a{}b", char::from(byte));
            let printed = serde_json::to_string(&text).unwrap_or_default();
            assert_eq!(
                needs_no_escape(text.as_bytes()),
                printed == format!("\"{text}\""),
                "byte {byte:#04x}"
            );
        }
        assert!(needs_no_escape("héllo wörld ✓".as_bytes()));
        // Long texts are read eight bytes at a time: every lane, and the
        // bytes after the last whole eight.
        for length in [8usize, 16, 23] {
            for at in 0..length {
                for byte in [0x00, 0x1f, b'"', b'\\'] {
                    let mut bytes = vec![b'x'; length];
                    bytes[at] = byte;
                    assert!(
                        !needs_no_escape(&bytes),
                        "byte {byte:#04x} at {at} of {length}"
                    );
                }
                let mut bytes = vec![b'x'; length];
                bytes[at] = 0xc3;
                assert!(needs_no_escape(&bytes), "byte 0xc3 at {at} of {length}");
            }
        }
        for byte in 0x20u8..=0xff {
            if byte != b'"' && byte != b'\\' {
                assert!(needs_no_escape(&[byte; 16]), "byte {byte:#04x}");
            }
        }
    }

    #[test]
    fn text_that_is_not_json_is_an_error() {
        for text in [r#""open"#, "tru", "[1, @]", r#""bad \u12""#] {
            let mut out = Vec::new();
            assert!(reindent(text, 0, &mut out).is_err(), "{text}");
        }
    }
}
