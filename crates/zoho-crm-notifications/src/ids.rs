//! Identifiers Zoho sends as strings of up to 19 digits.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A notification channel id.
///
/// Zoho documents channel ids as "long" but sends them as JSON strings, and
/// some integrations send JSON numbers; 19-digit values do not survive an
/// `f64`. A `ChannelId` keeps the digits exactly, serializes as a string and
/// accepts a string or an integer.
///
/// ```
/// use zoho_crm_notifications::ChannelId;
/// let from_string: ChannelId = serde_json::from_str("\"2542271027018545353\"").unwrap();
/// let from_number: ChannelId = serde_json::from_str("2542271027018545353").unwrap();
/// assert_eq!(from_string, from_number);
/// assert_eq!(serde_json::to_string(&from_number).unwrap(), "\"2542271027018545353\"");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChannelId(String);

impl ChannelId {
    /// A channel id from its digits.
    pub fn new(id: impl Into<String>) -> Self {
        ChannelId(id.into())
    }

    /// The id as Zoho sends it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ChannelId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl From<&str> for ChannelId {
    fn from(id: &str) -> Self {
        ChannelId(id.to_string())
    }
}

impl From<String> for ChannelId {
    fn from(id: String) -> Self {
        ChannelId(id)
    }
}

impl From<u64> for ChannelId {
    fn from(id: u64) -> Self {
        ChannelId(id.to_string())
    }
}

impl Serialize for ChannelId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ChannelId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Wire {
            Text(String),
            Unsigned(u64),
            Signed(i64),
        }
        Ok(match Wire::deserialize(deserializer)? {
            Wire::Text(text) => ChannelId(text),
            Wire::Unsigned(number) => ChannelId(number.to_string()),
            Wire::Signed(number) => ChannelId(number.to_string()),
        })
    }
}

impl schemars::JsonSchema for ChannelId {
    fn schema_name() -> String {
        "ChannelId".into()
    }

    fn json_schema(generator: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
        String::json_schema(generator)
    }
}
