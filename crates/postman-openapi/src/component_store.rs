//! The component schemas of a document, each a unique name and compact
//! JSON text, kept in a few large buffers until they are printed.
//!
//! A large collection has tens of thousands of components (48,585 for a
//! 17 MB Zoho-shaped one). Held as a `(String, String)` each, plus a set of
//! the names taken, every component cost three allocations, its name twice,
//! and the vector's doubling slack; together about half the file's size
//! again. Here names and texts are appended to chunks of up to 1 MiB (a
//! bigger text gets a chunk of its own), and names are found again through
//! a hash table of their positions.

use std::collections::HashMap;
use std::hash::BuildHasher;

/// Seeded per process (names come from the collection), and quicker than
/// SipHash on the short names and hashes kept here.
type RandomState = foldhash::fast::RandomState;

/// The first buffer's size; each next one is twice the last, up to
/// [`CHUNK_BYTES`], so a small document does not reserve a large buffer.
const FIRST_CHUNK_BYTES: usize = 1 << 12;

/// The largest buffer: large enough that few are needed, small enough that
/// the unused end of the last one does not matter.
const CHUNK_BYTES: usize = 1 << 20;

/// No further component has the same name hash.
const END_OF_CHAIN: usize = usize::MAX;

/// Named component texts, in the order their names were claimed.
#[derive(Debug, Default, Clone)]
pub(crate) struct ComponentStore {
    chunks: Vec<String>,
    entries: Vec<Entry>,
    /// A name's hash → the newest component whose name has that hash.
    newest_with_hash: HashMap<u64, usize, RandomState>,
    /// A base that had to be numbered → the last suffix handed out for it,
    /// so that claiming one name n times is not quadratic.
    last_suffix: HashMap<String, u64, RandomState>,
    hasher: RandomState,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    name: Span,
    text: Span,
    /// The previous component whose name has the same hash.
    same_hash: usize,
}

/// Where a string sits in the chunks.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    chunk: usize,
    start: usize,
    len: usize,
}

impl ComponentStore {
    /// Claims `base`, or `base` with the first free numeric suffix (`Tag2`),
    /// for a new component whose text is still empty; returns its number.
    pub(crate) fn claim(&mut self, base: &str) -> usize {
        let hash = self.hasher.hash_one(base);
        if !self.is_taken(base, hash) {
            return self.add(base, hash);
        }
        let mut suffix = self.last_suffix.get(base).copied().unwrap_or(1);
        loop {
            let candidate = if suffix <= 1 {
                base.to_string()
            } else {
                format!("{base}{suffix}")
            };
            let hash = self.hasher.hash_one(&candidate);
            if !self.is_taken(&candidate, hash) {
                if suffix > 1 {
                    self.last_suffix.insert(base.to_string(), suffix);
                }
                return self.add(&candidate, hash);
            }
            suffix = suffix.saturating_add(1);
        }
    }

    /// Sets the text of component `number`.
    pub(crate) fn set_text(&mut self, number: usize, text: &str) {
        let span = self.append(text);
        if let Some(entry) = self.entries.get_mut(number) {
            entry.text = span;
        }
    }

    /// The name of component `number` (empty for no such component).
    pub(crate) fn name(&self, number: usize) -> &str {
        self.entries
            .get(number)
            .map_or("", |entry| self.slice(entry.name))
    }

    /// Every component's name and text, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries
            .iter()
            .map(|entry| (self.slice(entry.name), self.slice(entry.text)))
    }

    /// Whether `name`, whose hash is `hash`, is taken.
    fn is_taken(&self, name: &str, hash: u64) -> bool {
        let mut at = self
            .newest_with_hash
            .get(&hash)
            .copied()
            .unwrap_or(END_OF_CHAIN);
        while let Some(entry) = self.entries.get(at) {
            if self.slice(entry.name) == name {
                return true;
            }
            at = entry.same_hash;
        }
        false
    }

    fn add(&mut self, name: &str, hash: u64) -> usize {
        let number = self.entries.len();
        let span = self.append(name);
        let same_hash = self
            .newest_with_hash
            .insert(hash, number)
            .unwrap_or(END_OF_CHAIN);
        self.entries.push(Entry {
            name: span,
            text: Span::default(),
            same_hash,
        });
        number
    }

    fn append(&mut self, text: &str) -> Span {
        let fits = self
            .chunks
            .last()
            .is_some_and(|chunk| chunk.capacity().saturating_sub(chunk.len()) >= text.len());
        if !fits {
            let size = self
                .chunks
                .last()
                .map_or(FIRST_CHUNK_BYTES, |last| last.capacity().saturating_mul(2))
                .min(CHUNK_BYTES);
            self.chunks
                .push(String::with_capacity(size.max(text.len())));
        }
        let chunk = self.chunks.len().saturating_sub(1);
        let Some(buffer) = self.chunks.last_mut() else {
            return Span::default();
        };
        let start = buffer.len();
        buffer.push_str(text);
        Span {
            chunk,
            start,
            len: text.len(),
        }
    }

    fn slice(&self, span: Span) -> &str {
        self.chunks
            .get(span.chunk)
            .and_then(|chunk| chunk.get(span.start..span.start.saturating_add(span.len)))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_names_get_the_first_free_suffix() {
        let mut store = ComponentStore::default();
        let names: Vec<usize> = ["Tag", "Tag", "Tag2", "Tag", "Other"]
            .iter()
            .map(|base| store.claim(base))
            .collect();
        let claimed: Vec<&str> = names.iter().map(|number| store.name(*number)).collect();
        // The third claim takes `Tag2` as a base, so the fourth `Tag` skips it.
        assert_eq!(claimed, ["Tag", "Tag2", "Tag22", "Tag3", "Other"]);
    }

    #[test]
    fn texts_stay_with_their_names_across_chunks() {
        let mut store = ComponentStore::default();
        let big = "x".repeat(CHUNK_BYTES + 10);
        let first = store.claim("A");
        let second = store.claim("B");
        store.set_text(second, &big);
        store.set_text(first, "{}");
        let third = store.claim("C");
        store.set_text(third, "[]");
        let pairs: Vec<(&str, usize)> = store.iter().map(|(n, t)| (n, t.len())).collect();
        assert_eq!(pairs, [("A", 2), ("B", CHUNK_BYTES + 10), ("C", 2)]);
        assert!(
            store.chunks.len() >= 2,
            "the big text has a chunk of its own"
        );
    }

    #[test]
    fn names_that_share_a_hash_are_still_told_apart() {
        // Every name in one chain: the chain, not the hash, decides.
        let mut store = ComponentStore::default();
        for name in ["A", "B", "C"] {
            store.claim(name);
        }
        let hash = store.hasher.hash_one("A");
        let hash_of_d = store.hasher.hash_one("D");
        for entry in &mut store.entries {
            entry.same_hash = END_OF_CHAIN;
        }
        store.newest_with_hash.clear();
        store.newest_with_hash.insert(hash, 2);
        if let Some(entry) = store.entries.get_mut(2) {
            entry.same_hash = 1;
        }
        if let Some(entry) = store.entries.get_mut(1) {
            entry.same_hash = 0;
        }
        assert!(store.is_taken("A", hash));
        assert!(!store.is_taken("D", hash), "D is not in the chain");
        assert!(!store.is_taken("D", hash_of_d));
    }
}
