//! Reads a recorded JSON body once for both of its uses: folding it into
//! its status group's [`Shape`] and printing it as serde_json's pretty
//! printer prints its parsed value at a given depth.
//!
//! Reading a body for its shape ([`crate::sample_text`]) and reading it again
//! to print it ([`crate::reindent`]) were two passes over most of a large
//! collection's bytes. This is one, over the bodies most collections have:
//! when a body holds anything the fast pass does not settle itself (a key
//! an object repeats, a whole number beyond 64 bits, nesting to
//! [`MAX_DEPTH`], text that is not JSON), it declines, and the caller reads
//! the body the exact way instead. The fast pass accepts only text
//! serde_json accepts, so declining is never needed for correctness of what
//! it does accept: each token it is unsure of (an escape serde_json would
//! write otherwise, a number with a fraction or exponent) is handed to
//! serde_json itself, which either reads it or makes the pass decline.

use std::borrow::Cow;

use crate::infer::{Kind, Shape, StringFacts, is_strict_date_time};
use crate::reindent::{
    canonical_escape, first_to_escape, is_plain_integer, push_new_line, skip_whitespace,
};
use crate::samples::{MAX_DEPTH, is_big_float};

/// Folds the JSON `text` into `shape`, as [`crate::sample_text::read_sample_into`]
/// folds it, and returns its text as serde_json's pretty printer prints its
/// parsed value `level` levels deep in a document (the bytes
/// [`crate::reindent`] prints at that level), so that it is copied into
/// the document as it is. `None` when the pass declines (see the module
/// docs); `shape` then holds part of the body and must be rebuilt by the
/// caller.
///
/// The printed body is held until its path item is printed, so a body
/// whose printed text would pass [`MAX_GROWTH`] times its length at the
/// top of a document (a long list of short values nested deep) is
/// declined, as is one whose indentation `level` deep would double that:
/// the exact reader holds only its recorded text and prints it straight to
/// the document.
pub(crate) fn fold_and_print(text: &str, shape: &mut Shape, level: usize) -> Option<Vec<u8>> {
    let most = text
        .len()
        .saturating_mul(MAX_GROWTH)
        .saturating_add(GROWTH_ALLOWANCE);
    let mut pass = Pass {
        text,
        bytes: text.as_bytes(),
        at: 0,
        // A body recorded pretty-printed prints to about its own length
        // and the indentation of its depth on each line; a compact one
        // grows. A body of mostly line breaks prints short: what is
        // reserved up front stays within twice the text.
        out: Vec::with_capacity(
            memchr::memchr_iter(b'\n', text.as_bytes())
                .count()
                .saturating_mul(level.saturating_mul(2))
                .saturating_add(text.len())
                .min(text.len().saturating_mul(2)),
        ),
        most,
        most_at_depth: most.saturating_mul(2),
        depth_indent: level.saturating_mul(2),
        line_breaks: 0,
    };
    pass.value(shape, 0, level)?;
    pass.skip_whitespace();
    let mut printed = (pass.at == pass.bytes.len()).then_some(pass.out)?;
    // Held until its path item is printed: no room to grow.
    printed.shrink_to_fit();
    Some(printed)
}

/// The longest body the pass reads (callers check): a longer one is read
/// the exact way, which holds only its recorded text and prints it straight
/// to the document. While a body is printed its buffer can briefly be twice
/// its printed length, so this bounds what any one body can cost.
pub(crate) const LARGEST_BODY: usize = 1 << 20;

/// How many times its recorded length a printed body may grow (plus
/// [`GROWTH_ALLOWANCE`]) before the pass declines it. Printing adds a line
/// break, indentation and a space per value: a compact list of records
/// about doubles, a pretty-printed one stays as long.
const MAX_GROWTH: usize = 4;

/// What any body may grow by, however short.
const GROWTH_ALLOWANCE: usize = 4096;

/// One body being read and printed.
struct Pass<'t> {
    text: &'t str,
    bytes: &'t [u8],
    /// The next byte to read.
    at: usize,
    out: Vec<u8>,
    /// The most `out` may hold less the indentation of its depth (see
    /// [`MAX_GROWTH`]).
    most: usize,
    /// The most `out` may hold with that indentation.
    most_at_depth: usize,
    /// The indentation every line break adds for the depth it is printed at.
    depth_indent: usize,
    /// Line breaks printed so far.
    line_breaks: usize,
}

impl<'t> Pass<'t> {
    fn skip_whitespace(&mut self) {
        self.at = skip_whitespace(self.bytes, self.at);
    }

    /// The next byte after whitespace, not consumed.
    fn peek(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.bytes.get(self.at).copied()
    }

    /// Reads the value at `depth` into `shape` and prints it `level` deep.
    fn value(&mut self, shape: &mut Shape, depth: usize, level: usize) -> Option<()> {
        // Checked once a value: between checks the text grows by one token
        // and one line's indentation at most.
        let at_top = self
            .out
            .len()
            .saturating_sub(self.line_breaks.saturating_mul(self.depth_indent));
        if at_top > self.most || self.out.len() > self.most_at_depth {
            return None;
        }
        match self.peek()? {
            b'{' => self.object(shape, depth, level),
            b'[' => self.array(shape, depth, level),
            b'"' => {
                let (date_time, _) = self.string(false)?;
                let kind = shape.kind_like(Kind::String(StringFacts {
                    all_date_time: date_time,
                }));
                if let Kind::String(facts) = kind {
                    facts.all_date_time = facts.all_date_time && date_time;
                }
                Some(())
            }
            b't' => {
                self.literal(b"true")?;
                shape.kind_like(Kind::Boolean);
                Some(())
            }
            b'f' => {
                self.literal(b"false")?;
                shape.kind_like(Kind::Boolean);
                Some(())
            }
            b'n' => {
                self.literal(b"null")?;
                shape.nullable = true;
                Some(())
            }
            b'-' | b'0'..=b'9' => self.number(shape),
            _ => None,
        }
    }

    fn literal(&mut self, literal: &[u8]) -> Option<()> {
        let end = self.at.saturating_add(literal.len());
        (self.bytes.get(self.at..end)? == literal).then_some(())?;
        self.out.extend_from_slice(literal);
        self.at = end;
        Some(())
    }

    /// After a member: `,` (true, another follows) or `close` (false).
    fn separator(&mut self, close: u8) -> Option<bool> {
        let next = self.peek()?;
        self.at = self.at.saturating_add(1);
        match next {
            b',' => Some(true),
            _ if next == close => Some(false),
            _ => None,
        }
    }

    fn object(&mut self, shape: &mut Shape, depth: usize, level: usize) -> Option<()> {
        // The exact reader names what sits this deep.
        if depth >= MAX_DEPTH {
            return None;
        }
        let object = shape.object_kind()?;
        let sample = object.begin_sample();
        self.members(b'{', b'}', level, |pass, inner| {
            if pass.peek()? != b'"' {
                return None;
            }
            let (_, key) = pass.string(true)?;
            let (position, repeated) = object.count_property(&key.unwrap_or_default(), sample);
            // A parsed value keeps the last of a repeated key: the exact
            // reader does that.
            if repeated || pass.peek()? != b':' {
                return None;
            }
            pass.at = pass.at.saturating_add(1);
            pass.out.extend_from_slice(b": ");
            let child = object.shape_at(position)?;
            pass.value(child, depth.saturating_add(1), inner)
        })
    }

    fn array(&mut self, shape: &mut Shape, depth: usize, level: usize) -> Option<()> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let items = shape.array_items()?;
        self.members(b'[', b']', level, |pass, inner| {
            pass.value(items, depth.saturating_add(1), inner)
        })
    }

    /// Reads and prints an object or array whose `open` byte is at the
    /// cursor, `level` deep: `member` reads and prints each member, one
    /// level deeper, after its line break.
    fn members(
        &mut self,
        open: u8,
        close: u8,
        level: usize,
        mut member: impl FnMut(&mut Self, usize) -> Option<()>,
    ) -> Option<()> {
        self.at = self.at.saturating_add(1);
        if self.peek()? == close {
            self.at = self.at.saturating_add(1);
            self.out.extend_from_slice(&[open, close]);
            return Some(());
        }
        self.out.push(open);
        let inner = level.saturating_add(1);
        let mut first = true;
        loop {
            push_new_line(&mut self.out, inner, !first);
            self.line_breaks = self.line_breaks.saturating_add(1);
            first = false;
            member(self, inner)?;
            if !self.separator(close)? {
                break;
            }
        }
        push_new_line(&mut self.out, level, false);
        self.line_breaks = self.line_breaks.saturating_add(1);
        self.out.push(close);
        Some(())
    }

    /// Reads and prints the string at the cursor (its opening quote).
    /// Returns whether it is a strict date-time and, for a `key`, its
    /// decoded text.
    fn string(&mut self, key: bool) -> Option<(bool, Option<Cow<'t, str>>)> {
        let start = self.at;
        let mut at = start.saturating_add(1);
        let mut escaped = false;
        let mut canonical = true;
        loop {
            at = at.saturating_add(first_to_escape(self.bytes.get(at..)?)?);
            match self.bytes.get(at)? {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    let length = canonical_escape(self.bytes.get(at..)?);
                    canonical &= length.is_some();
                    // Every escape is at least two bytes; the escaped byte
                    // is never the closing quote.
                    at = at.saturating_add(length.unwrap_or(2));
                }
                // A control character: not JSON.
                _ => return None,
            }
        }
        let end = at.saturating_add(1);
        let token = self.text.get(start..end)?;
        self.at = end;
        if !escaped {
            let inside = self.text.get(start.saturating_add(1)..at)?;
            self.out.extend_from_slice(token.as_bytes());
            return Some(if key {
                (false, Some(Cow::Borrowed(inside)))
            } else {
                (is_strict_date_time(inside), None)
            });
        }
        if canonical && !key {
            // Every canonical escape is valid, and stands for a quote, a
            // backslash or a control character, none of which a date-time
            // has.
            self.out.extend_from_slice(token.as_bytes());
            return Some((false, None));
        }
        // serde_json decides what the other escapes mean, and whether they
        // are valid.
        let decoded: String = serde_json::from_str(token).ok()?;
        if canonical {
            self.out.extend_from_slice(token.as_bytes());
        } else {
            serde_json::to_writer(&mut self.out, &decoded).ok()?;
        }
        Some(if key {
            (false, Some(Cow::Owned(decoded)))
        } else {
            (is_strict_date_time(&decoded), None)
        })
    }

    fn number(&mut self, shape: &mut Shape) -> Option<()> {
        let start = self.at;
        let mut end = start;
        while let Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') = self.bytes.get(end) {
            end = end.saturating_add(1);
        }
        let token = self.text.get(start..end)?;
        self.at = end;
        if is_plain_integer(token) && token.parse::<i64>().is_ok() {
            shape.kind_like(Kind::Integer);
            self.out.extend_from_slice(token.as_bytes());
            return Some(());
        }
        // serde_json reads the rest (`-0` and fractions as floats); what it
        // rejects (`01`, `1e400`) makes the pass decline.
        let number: serde_json::Number = serde_json::from_str(token).ok()?;
        if number.is_i64() {
            shape.kind_like(Kind::Integer);
        } else if number.is_u64() || number.as_f64().is_none_or(is_big_float) {
            // A whole number beyond 64 bits: the exact reader names it.
            return None;
        } else {
            let kind = shape.kind_like(Kind::Number);
            if matches!(kind, Kind::Integer) {
                *kind = Kind::Number;
            }
        }
        serde_json::to_writer(&mut self.out, &number).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample_text::read_sample_into;

    /// What the two exact passes give: the folded shape, and the text
    /// reindented `level` deep.
    fn exact(texts: &[&str], level: usize) -> (Shape, Vec<Vec<u8>>) {
        let mut shape = Shape::default();
        let mut printed = Vec::new();
        for text in texts {
            let facts = read_sample_into(text, &mut shape).expect("valid JSON");
            assert!(facts.is_some(), "{text} repeats no key");
            let mut out = Vec::new();
            crate::reindent::reindent(text, level, &mut out).expect("valid JSON");
            printed.push(out);
        }
        (shape, printed)
    }

    /// The one pass, its texts printed `level` deep.
    fn fast(texts: &[&str], level: usize) -> Option<(Shape, Vec<Vec<u8>>)> {
        let mut shape = Shape::default();
        let mut printed = Vec::new();
        for text in texts {
            printed.push(fold_and_print(text, &mut shape, level)?);
        }
        Some((shape, printed))
    }

    #[test]
    fn folds_and_prints_what_the_two_exact_passes_give() {
        let bodies = [
            r#"{"data": [{"id": "4150868000000002179", "n": 1, "f": 2.5, "t": "2021-05-03T20:27:17+05:30", "x": null}, {"id": "2", "n": 2.0, "y": [true, {}]}], "info": {"more_records": false}}"#,
            r#"{"data": [{"id": "3", "n": -7, "t": "soon", "e": 1E3, "z": -0, "neg": -9223372036854775808}], "info": null}"#,
            "[\"tab\\there\", \"quote\\\"\", \"\\u001f\", \"slash\\/\", \"\\u00e9t\\u00e9\", \"\\ud83d\\ude00\"]",
            r#"{"k\"ey": 1, "\u0061b": [], "d\u0032": "202\u0031-05-03T20:27:17Z"}"#,
            "  \t\r\n {  } ",
            "[[], [[]], [1, [2, [3]]]]",
            "\"text\"",
            "null",
            "true",
            "0",
        ];
        for level in [0, 1, 10, 200] {
            let (shape, printed) = exact(&bodies, level);
            let (fast_shape, fast_printed) = fast(&bodies, level).expect("no body declines");
            assert_eq!(fast_shape, shape, "at level {level}");
            for ((body, ours), theirs) in bodies.iter().zip(&fast_printed).zip(&printed) {
                assert_eq!(
                    String::from_utf8_lossy(ours),
                    String::from_utf8_lossy(theirs),
                    "{body} at level {level}"
                );
            }
        }
    }

    #[test]
    fn declines_what_only_the_exact_reader_settles() {
        let too_deep = format!(
            "{}1{}",
            "[".repeat(MAX_DEPTH + 1),
            "]".repeat(MAX_DEPTH + 1)
        );
        for text in [
            // Repeated keys, big integers, deep nesting.
            r#"{"a": 1, "a": 2}"#,
            "18446744073709551615",
            "123456789012345678901234567890",
            "1e19",
            too_deep.as_str(),
            // Not JSON.
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "{1: 2}",
            "[1 2]",
            "01",
            "1.",
            "-",
            "1e400",
            "tru",
            "truex",
            "nul",
            "\"open",
            "\"bad \\x escape\"",
            "\"lone \\ud800 surrogate\"",
            "\"control \u{1} character\"",
            "{} {}",
            "\u{feff}{}",
        ] {
            let mut shape = Shape::default();
            assert_eq!(
                fold_and_print(text, &mut shape, 0),
                None,
                "{text:?} declines"
            );
        }
    }

    #[test]
    fn bodies_that_would_print_far_longer_than_recorded_are_declined() {
        // Thirty levels deep, each `1,` prints on a line of 62 spaces.
        let nest = |elements: usize| {
            format!(
                "{}{}{}",
                "[".repeat(30),
                vec!["1"; elements].join(","),
                "]".repeat(30)
            )
        };
        let mut shape = Shape::default();
        assert!(fold_and_print(&nest(10_000), &mut shape, 0).is_none());
        let mut shape = Shape::default();
        let short = fold_and_print(&nest(20), &mut shape, 0).expect("within the allowance");
        assert!(
            short.len() > 4 * nest(20).len(),
            "grows past 4x, under 4 KiB"
        );
        // A compact record list, as an API sends it, about doubles.
        let records = format!(
            "{{\"data\":[{}]}}",
            vec![r#"{"id":"4150868000000002179","n":1,"ok":true,"tags":["a","b"]}"#; 2_000]
                .join(",")
        );
        let mut shape = Shape::default();
        let printed = fold_and_print(&records, &mut shape, 0).expect("a record list is printed");
        assert!(printed.len() < 3 * records.len());
    }

    proptest::proptest! {
        /// Any value, written compactly, pretty or with escapes serde_json
        /// would not write, folds and prints as the exact passes do.
        #[test]
        fn any_value_folds_and_prints_as_the_exact_passes_do(
            value in crate::reindent::tests::any_json(),
            level in 0usize..12,
        ) {
            let compact = value.to_string();
            let pretty = serde_json::to_string_pretty(&value).expect("prints");
            let escaped = compact.replace('/', "\\/").replace("\"a", "\"\\u0061");
            for text in [compact.as_str(), pretty.as_str(), escaped.as_str()] {
                let mut exact_shape = Shape::default();
                let exact_read = read_sample_into(text, &mut exact_shape).expect("valid JSON");
                let mut shape = Shape::default();
                match fold_and_print(text, &mut shape, level) {
                    Some(printed) => {
                        // Only what the exact reader reads cleanly is taken.
                        let facts = exact_read.expect("no repeated key");
                        proptest::prop_assert_eq!(facts, Default::default());
                        proptest::prop_assert_eq!(&shape, &exact_shape);
                        let mut reindented = Vec::new();
                        crate::reindent::reindent(text, level, &mut reindented).expect("valid");
                        proptest::prop_assert_eq!(
                            String::from_utf8_lossy(&printed),
                            String::from_utf8_lossy(&reindented)
                        );
                    }
                    // Declining is right only for what the exact reader
                    // reports: a repeated key, a big integer, deep nesting.
                    None => proptest::prop_assert!(
                        exact_read.is_none_or(|facts| facts != Default::default())
                    ),
                }
            }
        }
    }
}
