//! Recorded body texts, each distinct text held once however often the
//! collection records it.
//!
//! Collections repeat bodies: the same error body under every request, the
//! same examples in every API version of a module (a third of the body
//! bytes of Box's collection, most of a Zoho-shaped one's). Reading each
//! repeat into a text of its own cost a copy and its memory; here every
//! repeat shares the first one's text. That sharing is also how the
//! assembly knows a text will come again: it reads a shared text once and
//! reuses what it learned (see `crate::sample_cache`).

use std::sync::Arc;

use crate::fast_hash::HashSet;

/// The distinct texts read so far. Dropped when reading ends, so that
/// afterwards a text's reference count is how many places record it.
#[derive(Default)]
pub(super) struct SharedTexts {
    seen: HashSet<Arc<str>>,
}

impl SharedTexts {
    /// `text`, shared with every earlier text equal to it.
    pub(super) fn share(&mut self, text: &str) -> Arc<str> {
        if let Some(seen) = self.seen.get(text) {
            return Arc::clone(seen);
        }
        let shared: Arc<str> = Arc::from(text);
        self.seen.insert(Arc::clone(&shared));
        shared
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_share_one_allocation_and_others_do_not() {
        let mut texts = SharedTexts::default();
        let first = texts.share(r#"{"code":"INVALID_TOKEN"}"#);
        let again = texts.share(&String::from(r#"{"code":"INVALID_TOKEN"}"#));
        let other = texts.share(r#"{"code":"INVALID_DATA"}"#);
        assert!(Arc::ptr_eq(&first, &again));
        assert!(!Arc::ptr_eq(&first, &other));
        drop(texts);
        // Once reading is over, the count is the places recording it.
        assert_eq!(Arc::strong_count(&first), 2);
        assert_eq!(Arc::strong_count(&other), 1);
    }
}
