//! Recorded bodies the collection repeats, read once.
//!
//! The reader holds each distinct body text once, however many examples
//! record it (`read/shared_texts.rs`), so a text's reference count says
//! how many places still hold it. A body held elsewhere too is folded into
//! a shape of its own and printed once; each later example with the same
//! text widens its group's shape by that shape and shares the printed text.
//! Folding a body into a shape gives the shape that widening by the body's
//! own shape gives (kinds, properties in first-seen order and their counts
//! alike), so the document is byte for byte what reading every repeat
//! gives.
//!
//! An entry is let go with its text's last use. A text can be held by
//! places that never fold it (a recorded request's body equal to an
//! example's), so what entries hold is also bounded ([`CACHED_BYTES`]).

use std::io::{self, Write};
use std::sync::Arc;

use crate::fast_hash::HashMap;
use crate::infer::Shape;
use crate::reindent::{reindent, write_shifted};
use crate::sample_print::fold_and_print;

/// The most printed bytes the cache holds at once; past it, a repeated
/// body is read again each time, as every body once was.
const CACHED_BYTES: usize = 16 << 20;

/// A body printed as it appears some levels deep in a document (see
/// [`fold_and_print`]).
#[derive(Debug, Clone)]
pub(crate) struct PrintedBody {
    text: PrintedText,
    /// How deep it was printed.
    level: usize,
}

/// A printed body's bytes: its own, or shared by every example that
/// records the same text.
#[derive(Debug, Clone)]
enum PrintedText {
    Own(Vec<u8>),
    Shared(Arc<[u8]>),
}

impl PrintedBody {
    /// `bytes`, printed `level` deep for one example.
    fn own(bytes: Vec<u8>, level: usize) -> PrintedBody {
        PrintedBody {
            text: PrintedText::Own(bytes),
            level,
        }
    }

    /// The printed bytes.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        match &self.text {
            PrintedText::Own(bytes) => bytes,
            PrintedText::Shared(bytes) => bytes,
        }
    }

    /// Writes the body as it appears `level` deep: as printed when it was
    /// printed that deep (as it is wherever the assembly expects it), else
    /// indented further, else printed again from its text.
    pub(crate) fn write_at(&self, level: usize, out: &mut impl Write) -> io::Result<()> {
        let bytes = self.as_bytes();
        match level.checked_sub(self.level) {
            Some(0) => out.write_all(bytes),
            Some(deeper) => write_shifted(bytes, deeper, out),
            None => match std::str::from_utf8(bytes) {
                Ok(text) => reindent(text, level, out),
                Err(error) => Err(io::Error::other(error)),
            },
        }
    }
}

/// What was learned from the bodies read so far that are held elsewhere too,
/// by the address of their shared text.
#[derive(Default)]
pub(crate) struct SampleCache {
    entries: HashMap<usize, Entry>,
    /// The printed bytes the entries hold.
    cached_bytes: usize,
}

struct Entry {
    /// Held so that the address stays this text's while the entry lives.
    text: Arc<str>,
    /// The body's shape, folded from it alone.
    shape: Arc<Shape>,
    printed: PrintedBody,
    /// How many more places held the text when it was first read.
    uses_left: usize,
}

/// What [`SampleCache::read`] found for a text.
enum Read {
    /// Read once for every place that records it: its own shape, and the
    /// printed text.
    Shared(Arc<Shape>, PrintedBody),
    /// Recorded only here (or the cache is full): fold it in place.
    Alone,
    /// The one-pass reader declines it (see [`fold_and_print`]).
    Declined,
}

impl SampleCache {
    /// Folds the JSON `text` into `shape` and returns it printed `level`
    /// deep, as [`fold_and_print`] does, reading a text recorded elsewhere
    /// too only once. `None` when the one-pass reader declines it; `shape`
    /// may then hold part of the body and must be rebuilt by the caller.
    pub(crate) fn fold_and_print(
        &mut self,
        text: &Arc<str>,
        level: usize,
        shape: &mut FoldedShape,
    ) -> Option<PrintedBody> {
        match self.read(text, level) {
            Read::Shared(body, printed) => {
                shape.absorb_shared(body);
                Some(printed)
            }
            Read::Alone => fold_and_print(text, shape.own(), level)
                .map(|printed| PrintedBody::own(printed, level)),
            Read::Declined => None,
        }
    }

    /// Reads `text` once for every place that records it, printing it
    /// `level` deep; later calls with the same text give what the first
    /// learned, printed as deep as the first asked.
    fn read(&mut self, text: &Arc<str>, level: usize) -> Read {
        let address = Arc::as_ptr(text).cast::<u8>() as usize;
        if let Some(entry) = self
            .entries
            .get_mut(&address)
            .filter(|entry| Arc::ptr_eq(&entry.text, text))
        {
            let read = Read::Shared(Arc::clone(&entry.shape), entry.printed.clone());
            entry.uses_left = entry.uses_left.saturating_sub(1);
            if entry.uses_left == 0 {
                let printed_bytes = entry.printed.as_bytes().len();
                self.entries.remove(&address);
                self.cached_bytes = self.cached_bytes.saturating_sub(printed_bytes);
            }
            return read;
        }
        // Held here and by `others` places more.
        let others = Arc::strong_count(text).saturating_sub(1);
        if others == 0 || self.cached_bytes > CACHED_BYTES {
            return Read::Alone;
        }
        let mut alone = Shape::default();
        let Some(printed) = fold_and_print(text, &mut alone, level) else {
            return Read::Declined;
        };
        let printed = PrintedBody {
            text: PrintedText::Shared(Arc::from(printed)),
            level,
        };
        let shape = Arc::new(alone);
        self.cached_bytes = self.cached_bytes.saturating_add(printed.as_bytes().len());
        self.entries.insert(
            address,
            Entry {
                text: Arc::clone(text),
                shape: Arc::clone(&shape),
                printed: printed.clone(),
                uses_left: others,
            },
        );
        Read::Shared(shape, printed)
    }
}

/// A shape folded from bodies, kept as one body's shared shape (see
/// [`Read::Shared`]) until a second body widens it: most status groups and
/// request bodies have one example, whose shape is then never copied.
#[derive(Debug, Default)]
pub(crate) struct FoldedShape {
    /// Empty while `shared` stands for the shape.
    own: Shape,
    shared: Option<Arc<Shape>>,
}

impl FoldedShape {
    /// The shape, to change it.
    pub(crate) fn own(&mut self) -> &mut Shape {
        if let Some(shared) = self.shared.take() {
            self.own = Arc::unwrap_or_clone(shared);
        }
        &mut self.own
    }

    /// Widens the shape by one body's shape.
    pub(crate) fn absorb_shared(&mut self, body: Arc<Shape>) {
        // Widening a shape that has seen nothing gives the body's shape.
        if self.shared.is_none() && self.own == Shape::default() {
            self.shared = Some(body);
        } else {
            self.own().absorb(&body);
        }
    }

    /// Replaces the shape.
    pub(crate) fn set(&mut self, shape: Shape) {
        self.shared = None;
        self.own = shape;
    }

    /// The shape as it stands.
    pub(crate) fn get(&self) -> &Shape {
        self.shared.as_deref().unwrap_or(&self.own)
    }

    /// Takes the finished shape, leaving an empty one.
    pub(crate) fn take(&mut self) -> Arc<Shape> {
        match self.shared.take() {
            Some(shared) => shared,
            None => Arc::new(std::mem::take(&mut self.own)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `texts` folded one by one, each read again.
    fn folded(texts: &[&str]) -> (Shape, Vec<Vec<u8>>) {
        let mut shape = Shape::default();
        let printed = texts
            .iter()
            .map(|text| fold_and_print(text, &mut shape, 0).expect("read in one pass"))
            .collect();
        (shape, printed)
    }

    #[test]
    fn a_repeated_text_is_read_once_and_widens_as_reading_it_again_does() {
        let repeated: Arc<str> =
            Arc::from(r#"{"a": 1, "list": [{"k": 1}, {"k": null}], "t": "2021-05-03T20:27:17Z"}"#);
        let other: Arc<str> = Arc::from(r#"{"list": [{"k": "x", "j": 1.5}], "a": 2, "t": "now"}"#);
        // Recorded three times: the reader shares one text.
        let holders = [Arc::clone(&repeated), Arc::clone(&repeated)];
        let mut cache = SampleCache::default();
        let mut shape = FoldedShape::default();
        let mut printed = Vec::new();
        for text in [&repeated, &repeated, &other, &repeated] {
            printed.push(
                cache
                    .fold_and_print(text, 0, &mut shape)
                    .expect("read in one pass")
                    .as_bytes()
                    .to_vec(),
            );
        }
        let (expected_shape, expected_printed) = folded(&[&repeated, &repeated, &other, &repeated]);
        assert_eq!(*shape.take(), expected_shape);
        assert_eq!(printed, expected_printed);
        assert!(cache.entries.is_empty(), "let go with the text's last use");
        assert_eq!(cache.cached_bytes, 0);
        drop(holders);
    }

    #[test]
    fn a_shape_of_one_shared_body_is_that_body_s_shape_without_a_copy() {
        let repeated: Arc<str> = Arc::from(r#"{"a": [1, 2.5, null]}"#);
        let _holder = Arc::clone(&repeated);
        let mut cache = SampleCache::default();
        let mut shape = FoldedShape::default();
        cache
            .fold_and_print(&repeated, 0, &mut shape)
            .expect("read in one pass");
        let Some(Entry { shape: cached, .. }) = cache.entries.values().next() else {
            panic!("a text recorded twice is kept");
        };
        let cached = Arc::clone(cached);
        let taken = shape.take();
        assert!(Arc::ptr_eq(&taken, &cached));
        assert_eq!(*taken, folded(&[&repeated]).0);
    }

    #[test]
    fn a_text_held_once_is_not_kept() {
        let alone: Arc<str> = Arc::from(r#"{"a": [1, 2.5, null]}"#);
        let mut cache = SampleCache::default();
        assert!(matches!(cache.read(&alone, 0), Read::Alone));
        assert!(cache.entries.is_empty());
    }

    #[test]
    fn a_declined_text_is_not_kept_and_leaves_its_caller_to_read_it() {
        let repeats_a_key: Arc<str> = Arc::from(r#"{"a": 1, "a": 2}"#);
        let _holder = Arc::clone(&repeats_a_key);
        let mut cache = SampleCache::default();
        assert!(matches!(cache.read(&repeats_a_key, 0), Read::Declined));
        assert!(cache.entries.is_empty());
    }

    #[test]
    fn a_printed_body_writes_at_any_depth_as_reindenting_its_text_does() {
        let text = r#"{"a": [1, {"b": null}], "c": {}}"#;
        let printed_at_4 = PrintedBody::own(
            fold_and_print(text, &mut Shape::default(), 4).expect("read in one pass"),
            4,
        );
        for level in [0, 3, 4, 5, 12] {
            let mut written = Vec::new();
            printed_at_4
                .write_at(level, &mut written)
                .expect("in memory");
            let mut reindented = Vec::new();
            reindent(text, level, &mut reindented).expect("valid JSON");
            assert_eq!(
                String::from_utf8_lossy(&written),
                String::from_utf8_lossy(&reindented),
                "{level} deep"
            );
        }
    }
}
