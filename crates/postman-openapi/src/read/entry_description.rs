//! How a list entry's `description` (a header's, a query parameter's, a
//! variable's) is read: as serde's untagged enum of [`Description`]'s three
//! variants reads it, without the untagged enum's cost. That enum buffered
//! every description into serde's private `Content` and tried each variant
//! in turn; an object description built an error message for the `Text`
//! variant before reading as `Object`. Here the text is read once.
//!
//! What the untagged enum gave, and this gives:
//! - a string is `Text`;
//! - an object is `Object` when it has no `content` or one `content` that
//!   is a string or `null` (other fields are ignored, unread); else it is
//!   `Other`;
//! - anything else (a list included) is `Other`.

use std::fmt;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::postman::Description;
use crate::sample_text::KeySeed;

impl<'de> Deserialize<'de> for Description {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DescriptionVisitor)
    }
}

struct DescriptionVisitor;

impl<'de> Visitor<'de> for DescriptionVisitor {
    type Value = Description;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a description")
    }

    fn visit_str<E>(self, text: &str) -> Result<Description, E> {
        Ok(Description::Text(text.to_string()))
    }

    fn visit_string<E>(self, text: String) -> Result<Description, E> {
        Ok(Description::Text(text))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Description, A::Error> {
        let mut content = None;
        let mut readable = true;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if key != "content" {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            // A repeated `content` fails the `Object` variant.
            readable &= content.is_none();
            content = Some(match map.next_value::<Value>()? {
                Value::String(text) => Some(text),
                Value::Null => None,
                _ => {
                    readable = false;
                    None
                }
            });
        }
        Ok(match readable {
            true => Description::Object {
                content: content.flatten(),
            },
            false => Description::Other,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut sequence: A) -> Result<Description, A::Error> {
        while sequence.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Description::Other)
    }

    fn visit_unit<E>(self) -> Result<Description, E> {
        Ok(Description::Other)
    }

    fn visit_none<E>(self) -> Result<Description, E> {
        Ok(Description::Other)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Description, E> {
        Ok(Description::Other)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Description, E> {
        Ok(Description::Other)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Description, E> {
        Ok(Description::Other)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Description, E> {
        Ok(Description::Other)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde::Deserialize;
    use serde_json::Value;

    use crate::postman::Description;

    /// The untagged enum this reading replaces, as the reference.
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(untagged)]
    enum Untagged {
        Text(String),
        Object {
            #[serde(default)]
            content: Option<String>,
        },
        Other(Value),
    }

    impl From<Untagged> for Description {
        fn from(untagged: Untagged) -> Self {
            match untagged {
                Untagged::Text(text) => Description::Text(text),
                Untagged::Object { content } => Description::Object { content },
                Untagged::Other(_) => Description::Other,
            }
        }
    }

    /// Reads `text` as an entry's description both ways (from the text and
    /// from its parsed value, as entries are read) and compares.
    fn same_as_untagged(text: &str) {
        let reference = serde_json::from_str::<Untagged>(text).map(Description::from);
        let ours = serde_json::from_str::<Description>(text);
        assert_eq!(ours.ok(), reference.ok(), "from the text of {text}");
        if let Ok(value) = serde_json::from_str::<Value>(text) {
            let reference = Untagged::deserialize(&value).map(Description::from);
            let ours = Description::deserialize(&value);
            assert_eq!(ours.ok(), reference.ok(), "from the value of {text}");
        }
    }

    #[test]
    fn descriptions_read_as_the_untagged_enum_reads_them() {
        for text in [
            r#""plain""#,
            r#""esc\"aped\n\u00e9""#,
            r#""""#,
            r#"{"content": "c", "type": "text/markdown"}"#,
            r#"{"type": "text/plain"}"#,
            r#"{}"#,
            r#"{"content": null}"#,
            r#"{"content": 5}"#,
            r#"{"content": {"nested": true}}"#,
            r#"{"content": "a", "content": "b"}"#,
            r#"{"content": "a", "other": [1, 2], "content": null}"#,
            r#"{"x": 1, "x": 2}"#,
            r#"[]"#,
            r#"["in a list"]"#,
            r#"[null]"#,
            r#"[5]"#,
            r#"["a", "b"]"#,
            r#"[["a"]]"#,
            "null",
            "true",
            "-3",
            "18446744073709551615",
            "2.5e10",
        ] {
            same_as_untagged(text);
        }
    }

    /// The text of any JSON value a few levels deep, its objects' keys
    /// often `content` and free to repeat.
    fn json_text() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            Just("null".to_string()),
            any::<bool>().prop_map(|flag| flag.to_string()),
            any::<i64>().prop_map(|number| number.to_string()),
            "[a-z\"\\\\é]{0,6}".prop_map(|text| Value::String(text).to_string()),
        ];
        leaf.prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..3)
                    .prop_map(|elements| format!("[{}]", elements.join(", "))),
                prop::collection::vec((prop_oneof!["content", "type", "[a-z]{1,3}"], inner), 0..4)
                    .prop_map(|members| {
                        let members: Vec<String> = members
                            .iter()
                            .map(|(key, value)| format!("{}: {value}", Value::from(key.as_str())))
                            .collect();
                        format!("{{{}}}", members.join(", "))
                    }),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_description_reads_as_the_untagged_enum_reads_it(text in json_text()) {
            same_as_untagged(&text);
        }
    }
}
