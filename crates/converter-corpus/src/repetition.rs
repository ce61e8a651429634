//! How much of a collection's recorded example bodies repeat a body
//! recorded earlier in it, byte for byte.
//!
//! The converter reads a body it has already read once (see the scale
//! bench), so its time on a large collection depends on this share: the
//! bench prints it beside each measured collection, so that a maintainer who
//! measures Zoho's own collection (`-- ladder zoho.json`) sees which of the
//! ladder's two 70 MB cases it resembles.

use std::collections::HashSet;

use serde_json::Value;

/// The example bodies of one collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BodyRepetition {
    /// Examples (`response` entries) that record a body as text.
    pub bodies: usize,
    /// Bytes of all those bodies.
    pub bytes: usize,
    /// Bytes of the bodies that repeat one recorded before them.
    pub repeated_bytes: usize,
}

impl BodyRepetition {
    /// The share of body bytes that repeat an earlier body, 0 to 1 (0 when
    /// there are no bodies).
    pub fn repeated_share(&self) -> f64 {
        if self.bytes == 0 {
            0.0
        } else {
            self.repeated_bytes as f64 / self.bytes as f64
        }
    }
}

/// Counts the example bodies of the collection `collection`: every
/// `response` entry's `body` text, at any depth of the item tree.
pub fn body_repetition(collection: &Value) -> BodyRepetition {
    let mut seen = HashSet::new();
    let mut count = BodyRepetition::default();
    // An explicit stack: a collection's folders may nest deeper than the
    // call stack would like.
    let mut pending = vec![collection];
    while let Some(value) = pending.pop() {
        match value {
            Value::Object(map) => {
                if let Some(Value::Array(examples)) = map.get("response") {
                    for body in examples.iter().filter_map(|e| e.get("body")?.as_str()) {
                        count.bodies += 1;
                        count.bytes += body.len();
                        if !seen.insert(body) {
                            count.repeated_bytes += body.len();
                        }
                    }
                }
                if let Some(items) = map.get("item") {
                    pending.push(items);
                }
            }
            // Items in file order: the stack takes the last first.
            Value::Array(items) => pending.extend(items.iter().rev()),
            _ => {}
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_body_counts_as_repeated_from_its_second_recording_at_any_depth() {
        let collection = json!({"item": [
            {"name": "a", "response": [{"body": "{\"x\":1}"}, {"body": "{\"y\":22}"}, {"body": null}]},
            {"name": "folder", "item": [
                {"name": "b", "response": [{"body": "{\"x\":1}"}, {"code": 204}]},
                {"name": "deeper", "item": [{"name": "c", "response": [{"body": "{\"x\":1}"}]}]}
            ]}
        ]});
        let count = body_repetition(&collection);
        assert_eq!(
            count,
            BodyRepetition {
                bodies: 4,
                bytes: 7 + 8 + 7 + 7,
                repeated_bytes: 14
            }
        );
        assert!((count.repeated_share() - 14.0 / 29.0).abs() < 1e-9);
    }

    #[test]
    fn a_collection_without_bodies_repeats_nothing() {
        let count = body_repetition(&json!({"item": [{"name": "a", "request": "https://x.test"}]}));
        assert_eq!(count, BodyRepetition::default());
        assert_eq!(count.repeated_share(), 0.0);
    }
}
