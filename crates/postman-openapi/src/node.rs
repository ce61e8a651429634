//! The document's parts as they are assembled: JSON values built for
//! printing, not for looking up.
//!
//! A document has a few fixed words as keys (`description`, `content`,
//! `schema`) hundreds of thousands of times. As `serde_json::Value`s each
//! key was an allocated `String` in an `IndexMap` with a SipHash table, and
//! building, printing and dropping those maps was most of what assembling
//! an operation cost. A [`Node`] object is a list of members whose fixed
//! keys are borrowed; only an object that grows large gets an index, so a
//! collection cannot make inserting quadratic. Parts that are text already
//! stay text: a schema printed by [`crate::schema`] ([`Node::Compact`]) and
//! a recorded body kept in [`crate::document::Splices`] ([`Node::Splice`]).

use crate::fast_hash::HashMap;
use std::borrow::Cow;

use serde_json::{Map, Number, Value};

/// An object key or a string: the document's own words are borrowed.
pub(crate) type Text = Cow<'static, str>;

/// One part of the document being assembled.
#[derive(Debug, Clone, Default)]
pub(crate) enum Node {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(Text),
    /// An array.
    Array(Vec<Node>),
    /// An object, its members in the order they were first inserted.
    Object(Object),
    /// JSON that was parsed elsewhere (a recorded body that repeats a key,
    /// a variable's value), kept as it is. Boxed, as rare: it would double
    /// the size of every node.
    Json(Box<Value>),
    /// Valid compact JSON text with no repeated keys, printed by this crate
    /// (a schema): copied into the document when printed.
    Compact(Box<str>),
    /// What [`crate::document::Splices`] keeps under this number.
    Splice(usize),
}

/// How many members an object holds before its keys are indexed: below it,
/// looking a key up in the list is faster than hashing it.
const INDEXED_FROM: usize = 16;

/// An object's members in insertion order. Inserting a key it already has
/// replaces that member's value in place, as `serde_json::Map` does.
#[derive(Debug, Clone, Default)]
pub(crate) struct Object {
    members: Vec<(Text, Node)>,
    /// Member positions by key, once there are [`INDEXED_FROM`] of them.
    /// Boxed, as rare: inline, the table's header would double the size of
    /// every node (`nodes_stay_small`).
    #[allow(clippy::box_collection)]
    index: Option<Box<HashMap<Text, usize>>>,
}

impl Object {
    /// An empty object.
    pub(crate) fn new() -> Self {
        Object::default()
    }

    /// An object of `members`, whose keys are all different (the crate's
    /// own words, so no key is looked for: most operations build dozens of
    /// these).
    pub(crate) fn of<const N: usize>(members: [(&'static str, Node); N]) -> Self {
        debug_assert!(
            members
                .iter()
                .enumerate()
                .all(|(at, (key, _))| members[..at].iter().all(|(other, _)| other != key)),
            "Object::of takes distinct keys"
        );
        if N >= INDEXED_FROM {
            let mut object = Object::new();
            for (key, value) in members {
                object.insert(key, value);
            }
            return object;
        }
        Object {
            members: members
                .into_iter()
                .map(|(key, value)| (Text::Borrowed(key), value))
                .collect(),
            index: None,
        }
    }

    /// Sets `key` to `value`: a new member at the end, or the value of the
    /// member already named `key`.
    pub(crate) fn insert(&mut self, key: impl Into<Text>, value: impl Into<Node>) {
        let key = key.into();
        let value = value.into();
        if let Some(position) = self.position(&key)
            && let Some(member) = self.members.get_mut(position)
        {
            member.1 = value;
            return;
        }
        let position = self.members.len();
        if let Some(index) = &mut self.index {
            index.insert(key.clone(), position);
        } else if position >= INDEXED_FROM {
            let mut index: HashMap<Text, usize> = self
                .members
                .iter()
                .enumerate()
                .map(|(at, (name, _))| (name.clone(), at))
                .collect();
            index.insert(key.clone(), position);
            self.index = Some(Box::new(index));
        }
        self.members.push((key, value));
    }

    /// The value of the member named `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        let position = self.position(key)?;
        self.members.get(position).map(|(_, value)| value)
    }

    /// Whether the object has no members.
    pub(crate) fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The members, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &Node)> {
        self.members
            .iter()
            .map(|(key, value)| (key.as_ref(), value))
    }

    /// The keys, in order.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &str> {
        self.members.iter().map(|(key, _)| key.as_ref())
    }

    fn position(&self, key: &str) -> Option<usize> {
        match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.members.iter().position(|(name, _)| name == key),
        }
    }

    /// The members, in order, by value.
    pub(crate) fn into_members(self) -> impl Iterator<Item = (Text, Node)> {
        self.members.into_iter()
    }
}

impl Node {
    /// The value of `key`, if this is an object that has it.
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Object(object) => object.get(key),
            _ => None,
        }
    }

    /// `node` as a `serde_json::Value`: placeholders are replaced by what
    /// `splice` makes of their numbers, compact texts are parsed.
    pub(crate) fn into_value(self, splice: &impl Fn(usize) -> Value) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(flag) => Value::Bool(flag),
            Node::Number(number) => Value::Number(number),
            Node::String(text) => Value::String(text.into_owned()),
            Node::Array(items) => Value::Array(
                items
                    .into_iter()
                    .map(|item| item.into_value(splice))
                    .collect(),
            ),
            Node::Object(object) => Value::Object(
                object
                    .into_members()
                    .map(|(key, value)| (key.into_owned(), value.into_value(splice)))
                    .collect::<Map<String, Value>>(),
            ),
            Node::Json(value) => *value,
            // Printed by this crate, so it parses.
            Node::Compact(text) => serde_json::from_str(&text).unwrap_or(Value::Null),
            Node::Splice(number) => splice(number),
        }
    }
}

impl From<Object> for Node {
    fn from(object: Object) -> Self {
        Node::Object(object)
    }
}

impl From<Vec<Node>> for Node {
    fn from(items: Vec<Node>) -> Self {
        Node::Array(items)
    }
}

impl From<String> for Node {
    fn from(text: String) -> Self {
        Node::String(Cow::Owned(text))
    }
}

impl From<&'static str> for Node {
    fn from(text: &'static str) -> Self {
        Node::String(Cow::Borrowed(text))
    }
}

impl From<bool> for Node {
    fn from(flag: bool) -> Self {
        Node::Bool(flag)
    }
}

impl From<u16> for Node {
    fn from(number: u16) -> Self {
        Node::Number(number.into())
    }
}

impl From<Value> for Node {
    fn from(value: Value) -> Self {
        Node::Json(Box::new(value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn value(node: Node) -> Value {
        node.into_value(&|number| json!(format!("splice {number}")))
    }

    #[test]
    fn inserting_a_key_again_replaces_its_value_in_place() {
        let mut object = Object::of([("a", 1u16.into()), ("b", 2u16.into())]);
        object.insert("a", "again");
        object.insert("c".to_string(), true);
        assert_eq!(
            value(object.into()),
            json!({"a": "again", "b": 2, "c": true})
        );
    }

    #[test]
    fn large_objects_keep_serde_json_map_order_and_values() {
        // Past the indexed size, with keys repeated: the same as a Map.
        let mut object = Object::new();
        let mut map = Map::new();
        for round in 0..3u16 {
            for key in 0..40u16 {
                let key = format!("k{}", (key * 7) % 40);
                object.insert(key.clone(), round);
                map.insert(key, json!(round));
            }
        }
        assert_eq!(object.keys().count(), 40);
        assert_eq!(
            object
                .get("k7")
                .and_then(|n| n.clone().into_value(&|_| Value::Null).as_u64()),
            Some(2)
        );
        assert_eq!(value(object.into()), Value::Object(map));
    }

    #[test]
    fn nodes_stay_small() {
        // Hundreds of thousands of them are built for a large collection.
        assert!(
            std::mem::size_of::<Node>() <= 40,
            "{}",
            std::mem::size_of::<Node>()
        );
    }

    #[test]
    fn parts_kept_as_text_become_values() {
        let node = Node::Array(vec![
            Node::Compact(r#"{"type":"string"}"#.into()),
            Node::Splice(3),
            Node::Json(Box::new(json!({"x": [1]}))),
            Node::Null,
        ]);
        assert_eq!(
            value(node),
            json!([{"type": "string"}, "splice 3", {"x": [1]}, null])
        );
    }
}
