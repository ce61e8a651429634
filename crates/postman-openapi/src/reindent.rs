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

/// `0`, or an optional `-` and digits not starting with `0`: what
/// serde_json reads as a whole number and prints as written, when it fits.
pub(crate) fn is_plain_integer(token: &str) -> bool {
    let digits = token.strip_prefix('-').unwrap_or(token);
    let all_digits = !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit());
    all_digits && (token == "0" || !digits.starts_with('0'))
}

/// Prints `text`, pretty JSON as serde_json prints it at the top of a
/// document, as it would appear `level` levels deep: every line break
/// gains the indentation of `level` (a printed string holds no raw line
/// break, so each one is between tokens).
pub(crate) fn write_shifted(text: &[u8], level: usize, out: &mut impl Write) -> io::Result<()> {
    let mut start = 0usize;
    for line_break in memchr::memchr_iter(b'\n', text) {
        out.write_all(text.get(start..line_break).unwrap_or_default())?;
        new_line(out, level, false)?;
        start = line_break.saturating_add(1);
    }
    out.write_all(text.get(start..).unwrap_or_default())
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
    let (slice, more) = line_break(level, comma);
    out.write_all(slice)?;
    for _ in 0..more {
        out.write_all(b"  ")?;
    }
    Ok(())
}

/// [`new_line`] into memory.
#[inline]
pub(crate) fn push_new_line(out: &mut Vec<u8>, level: usize, comma: bool) {
    let (slice, more) = line_break(level, comma);
    out.extend_from_slice(slice);
    for _ in 0..more {
        out.extend_from_slice(b"  ");
    }
}

/// A line break's bytes as one slice of [`BREAKS`], and how many more
/// levels of indentation follow it (past the 128 the slice holds).
#[inline]
fn line_break(level: usize, comma: bool) -> (&'static [u8], usize) {
    let start = usize::from(!comma);
    match BREAKS.get(start..level.saturating_mul(2).saturating_add(2)) {
        Some(slice) => (slice, 0),
        None => (BREAKS.get(start..2).unwrap_or(b"\n"), level),
    }
}

/// Whether serde_json writes `bytes` between quotes unchanged: no quote,
/// no backslash, no control character.
#[inline]
pub(crate) fn needs_no_escape(bytes: &[u8]) -> bool {
    first_to_escape(bytes).is_none()
}

/// Where the first byte serde_json escapes between quotes is (a quote, a
/// backslash or a control character), if any.
#[inline]
pub(crate) fn first_to_escape(bytes: &[u8]) -> Option<usize> {
    // Eight bytes at a time (descriptions and bodies run long): a lane's
    // high bit is set where its byte is below 0x20, or is a quote or a
    // backslash. Lanes are read in little-endian order, so the lowest set
    // lane is the first such byte: the borrows that can set a lane falsely
    // only run upwards, from a lane that is set rightly.
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    let has_zero_lane = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS;
    let chunks = bytes.chunks_exact(8);
    let rest = chunks.remainder();
    let mut offset = 0usize;
    for chunk in chunks {
        let mut lanes = [0u8; 8];
        lanes.copy_from_slice(chunk);
        let word = u64::from_le_bytes(lanes);
        let below_space = word.wrapping_sub(ONES.wrapping_mul(0x20)) & !word & HIGHS;
        let quote = has_zero_lane(word ^ ONES.wrapping_mul(u64::from(b'"')));
        let backslash = has_zero_lane(word ^ ONES.wrapping_mul(u64::from(b'\\')));
        let found = below_space | quote | backslash;
        if found != 0 {
            // trailing_zeros is at most 63, so the lane is at most 7.
            return Some(offset.saturating_add((found.trailing_zeros() / 8) as usize));
        }
        offset = offset.saturating_add(8);
    }
    rest.iter()
        .position(|&byte| byte < 0x20 || byte == b'"' || byte == b'\\')
        .map(|position| offset.saturating_add(position))
}

/// Where the first byte from `at` on that is not JSON whitespace is.
#[inline]
pub(crate) fn skip_whitespace(bytes: &[u8], at: usize) -> usize {
    let rest = bytes.get(at..).unwrap_or_default();
    let run = rest
        .iter()
        .position(|&byte| !matches!(byte, b' ' | b'\n' | b'\r' | b'\t'))
        .unwrap_or(rest.len());
    at.saturating_add(run)
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
#[inline]
pub(crate) fn canonical_escape(escape: &[u8]) -> Option<usize> {
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
pub(crate) mod tests {
    use super::*;
    use serde::Serialize;

    /// What transcoding prints at `level`: serde_json's pretty printer of
    /// the parsed value, with `level` levels of indentation after each
    /// line break.
    pub(crate) fn transcoded(text: &str, level: usize) -> String {
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
    pub(crate) fn any_json() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
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

    proptest::proptest! {
        /// The first byte to escape is found exactly, whatever sits in the
        /// lanes around it (bytes that borrow, bytes just past the ranges).
        #[test]
        fn the_first_byte_to_escape_is_found_where_it_is(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![
                    b'x', 0x00, 0x01, 0x1f, 0x20, 0x21, b'"', b'\\', 0x5b, 0x5d, 0x7f, 0x80, 0xff,
                ]),
                0..40,
            ),
            skip in 0usize..4,
        ) {
            let bytes = bytes.get(skip..).unwrap_or_default();
            let expected = bytes
                .iter()
                .position(|&byte| byte < 0x20 || byte == b'"' || byte == b'\\');
            proptest::prop_assert_eq!(first_to_escape(bytes), expected);
        }
    }

    #[test]
    fn whitespace_is_skipped_to_the_first_token_however_long_the_run() {
        for run in 0..20 {
            for (kind, filler) in [
                ("spaces", " ".repeat(run)),
                ("mixed", "\n \t\r".repeat(run)),
            ] {
                let text = format!("x{filler}y");
                assert_eq!(
                    skip_whitespace(text.as_bytes(), 1),
                    1 + filler.len(),
                    "{run} {kind}"
                );
                assert_eq!(
                    skip_whitespace(filler.as_bytes(), 0),
                    filler.len(),
                    "{run} {kind} to the end"
                );
            }
        }
        assert_eq!(skip_whitespace(b"ab", 5), 5, "past the end stays put");
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
