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

use std::sync::Arc;

use crate::fast_hash::HashMap;
use crate::infer::Shape;
use crate::sample_print::fold_and_print;

/// The most printed bytes the cache holds at once; past it, a repeated
/// body is read again each time, as every body once was.
const CACHED_BYTES: usize = 16 << 20;

/// A body printed as at the top of a document (see [`fold_and_print`]):
/// its own, or shared by every example that records the same text.
#[derive(Debug, Clone)]
pub(crate) enum PrintedBody {
    /// Printed for one example.
    Own(Vec<u8>),
    /// Printed once for every example recording the same text.
    Shared(Arc<[u8]>),
}

impl PrintedBody {
    /// The printed bytes.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            PrintedBody::Own(bytes) => bytes,
            PrintedBody::Shared(bytes) => bytes,
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
    shape: Shape,
    printed: Arc<[u8]>,
    /// How many more places held the text when it was first read.
    uses_left: usize,
}

impl SampleCache {
    /// [`fold_and_print`] for a shared text: folds `text` into `shape` and
    /// returns it printed, or `None` when the one-pass reader declines it
    /// (`shape` may then hold part of the body, as with [`fold_and_print`]).
    pub(crate) fn fold_and_print(
        &mut self,
        text: &Arc<str>,
        shape: &mut Shape,
    ) -> Option<PrintedBody> {
        let address = Arc::as_ptr(text).cast::<u8>() as usize;
        if let Some(entry) = self
            .entries
            .get_mut(&address)
            .filter(|entry| Arc::ptr_eq(&entry.text, text))
        {
            shape.absorb(&entry.shape);
            let printed = Arc::clone(&entry.printed);
            entry.uses_left = entry.uses_left.saturating_sub(1);
            if entry.uses_left == 0 {
                self.entries.remove(&address);
                self.cached_bytes = self.cached_bytes.saturating_sub(printed.len());
            }
            return Some(PrintedBody::Shared(printed));
        }
        // Held here and by `others` places more.
        let others = Arc::strong_count(text).saturating_sub(1);
        if others == 0 || self.cached_bytes > CACHED_BYTES {
            return fold_and_print(text, shape).map(PrintedBody::Own);
        }
        let mut alone = Shape::default();
        let printed: Arc<[u8]> = Arc::from(fold_and_print(text, &mut alone)?);
        shape.absorb(&alone);
        self.cached_bytes = self.cached_bytes.saturating_add(printed.len());
        self.entries.insert(
            address,
            Entry {
                text: Arc::clone(text),
                shape: alone,
                printed: Arc::clone(&printed),
                uses_left: others,
            },
        );
        Some(PrintedBody::Shared(printed))
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
            .map(|text| fold_and_print(text, &mut shape).expect("read in one pass"))
            .collect();
        (shape, printed)
    }

    #[test]
    fn a_repeated_text_is_read_once_and_widens_as_reading_it_again_does() {
        let repeated: Arc<str> =
            Arc::from(r#"{"a": 1, "list": [{"k": 1}, {"k": null}], "t": "2021-05-03T20:27:17Z"}"#);
        let other: Arc<str> = Arc::from(r#"{"list": [{"k": "x", "j": 1.5}], "a": 2, "t": "now"}"#);
        // Held three times (as the reader shares a text recorded thrice).
        let holders = [Arc::clone(&repeated), Arc::clone(&repeated)];
        let mut cache = SampleCache::default();
        let mut shape = Shape::default();
        let mut printed = Vec::new();
        for text in [&repeated, &other, &repeated, &repeated] {
            let body = cache
                .fold_and_print(text, &mut shape)
                .expect("read in one pass");
            printed.push(body.as_bytes().to_vec());
        }
        let (expected_shape, expected_printed) = folded(&[&repeated, &other, &repeated, &repeated]);
        assert_eq!(shape, expected_shape);
        assert_eq!(printed, expected_printed);
        assert!(cache.entries.is_empty(), "let go with the text's last use");
        assert_eq!(cache.cached_bytes, 0);
        drop(holders);
    }

    #[test]
    fn a_text_held_once_is_not_kept() {
        let alone: Arc<str> = Arc::from(r#"{"a": [1, 2.5, null]}"#);
        let mut cache = SampleCache::default();
        let mut shape = Shape::default();
        let body = cache
            .fold_and_print(&alone, &mut shape)
            .expect("read in one pass");
        assert!(matches!(body, PrintedBody::Own(_)));
        assert!(cache.entries.is_empty());
        assert_eq!((shape, vec![body.as_bytes().to_vec()]), folded(&[&alone]));
    }

    #[test]
    fn a_declined_text_is_not_kept_and_leaves_its_caller_to_read_it() {
        let repeats_a_key: Arc<str> = Arc::from(r#"{"a": 1, "a": 2}"#);
        let _holder = Arc::clone(&repeats_a_key);
        let mut cache = SampleCache::default();
        assert!(
            cache
                .fold_and_print(&repeats_a_key, &mut Shape::default())
                .is_none()
        );
        assert!(cache.entries.is_empty());
    }
}
