//! Field-specific triggers (`notification_condition`, v6 and later): notify
//! only when chosen fields of a module change.
//!
//! Zoho's shape: `[{type: "field_selection", module: {api_name, id},
//! field_selection: {group_operator, group: [{field: {api_name, id}} | group]}}]`.
//! In GET answers leaf fields come back with `group_operator: null, group:
//! null` beside `field`; both forms decode.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Zoho's limit on entries in one group (nest groups for more).
pub const MAX_GROUP_ENTRIES: usize = 2;
/// Zoho's limit on fields in one condition.
pub const MAX_CONDITION_FIELDS: usize = 10;

/// One condition of a channel: which fields of which module trigger it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotificationCondition {
    /// `field_selection` (the only type Zoho documents).
    #[serde(rename = "type")]
    pub condition_type: String,
    /// The module the fields belong to.
    pub module: ApiRef,
    /// The fields, combined with `and`/`or`.
    pub field_selection: Criteria,
}

impl NotificationCondition {
    /// Notify only when `criteria` (fields of `module`, by API name) change.
    ///
    /// ```
    /// use zoho_crm_notifications::{Criteria, NotificationCondition};
    /// let condition = NotificationCondition::fields(
    ///     "Leads",
    ///     Criteria::any([Criteria::field("Email"), Criteria::field("Phone")]),
    /// );
    /// assert_eq!(
    ///     serde_json::to_value(&condition).unwrap(),
    ///     serde_json::json!({"type": "field_selection", "module": {"api_name": "Leads"},
    ///         "field_selection": {"group_operator": "or",
    ///             "group": [{"field": {"api_name": "Email"}}, {"field": {"api_name": "Phone"}}]}}),
    /// );
    /// ```
    pub fn fields(module: impl Into<String>, criteria: Criteria) -> Self {
        NotificationCondition {
            condition_type: "field_selection".into(),
            module: ApiRef::named(module),
            field_selection: criteria,
        }
    }

    /// How many fields the condition names, at any depth.
    pub fn field_count(&self) -> usize {
        self.field_selection.field_count()
    }
}

impl schemars::JsonSchema for NotificationCondition {
    fn schema_name() -> String {
        "NotificationCondition".into()
    }

    fn json_schema(generator: &mut schemars::r#gen::SchemaGenerator) -> schemars::schema::Schema {
        <serde_json::Map<String, serde_json::Value>>::json_schema(generator)
    }
}

/// A module or field, by API name, id, or both (Zoho answers
/// `AMBIGUITY_DURING_PROCESSING` when they disagree).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ApiRef {
    /// The API name (`Leads`, `Last_Name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_name: Option<String>,
    /// The id, as Zoho sends it (a string of digits).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "id_text"
    )]
    pub id: Option<String>,
}

impl ApiRef {
    /// A reference by API name.
    pub fn named(api_name: impl Into<String>) -> Self {
        ApiRef {
            api_name: Some(api_name.into()),
            id: None,
        }
    }
}

/// How the entries of a group combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupOperator {
    /// Every entry.
    And,
    /// Any entry.
    Or,
}

/// A field, or a group of criteria combined with one operator.
#[derive(Debug, Clone, PartialEq)]
pub enum Criteria {
    /// One field.
    Field(ApiRef),
    /// Entries combined with `operator` (at most [`MAX_GROUP_ENTRIES`]).
    Group {
        /// `and` or `or`.
        operator: GroupOperator,
        /// The entries.
        group: Vec<Criteria>,
    },
}

impl Criteria {
    /// A field by API name.
    pub fn field(api_name: impl Into<String>) -> Self {
        Criteria::Field(ApiRef::named(api_name))
    }

    /// All of `entries`.
    pub fn all(entries: impl IntoIterator<Item = Criteria>) -> Self {
        Criteria::Group {
            operator: GroupOperator::And,
            group: entries.into_iter().collect(),
        }
    }

    /// Any of `entries`.
    pub fn any(entries: impl IntoIterator<Item = Criteria>) -> Self {
        Criteria::Group {
            operator: GroupOperator::Or,
            group: entries.into_iter().collect(),
        }
    }

    /// How many fields, at any depth.
    pub fn field_count(&self) -> usize {
        match self {
            Criteria::Field(_) => 1,
            Criteria::Group { group, .. } => group
                .iter()
                .fold(0usize, |sum, entry| sum.saturating_add(entry.field_count())),
        }
    }

    /// The largest group, at any depth.
    pub fn largest_group(&self) -> usize {
        match self {
            Criteria::Field(_) => 0,
            Criteria::Group { group, .. } => group
                .iter()
                .map(Criteria::largest_group)
                .fold(group.len(), usize::max),
        }
    }
}

/// The wire form of both criteria kinds; GET answers fill the other kind's
/// keys with `null`.
#[derive(Serialize, Deserialize)]
struct WireCriteria {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    field: Option<ApiRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    group_operator: Option<GroupOperator>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    group: Option<Vec<Criteria>>,
}

impl Serialize for Criteria {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let wire = match self {
            Criteria::Field(field) => WireCriteria {
                field: Some(field.clone()),
                group_operator: None,
                group: None,
            },
            Criteria::Group { operator, group } => WireCriteria {
                field: None,
                group_operator: Some(*operator),
                group: Some(group.clone()),
            },
        };
        wire.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Criteria {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = WireCriteria::deserialize(deserializer)?;
        match wire {
            WireCriteria {
                field: Some(field), ..
            } => Ok(Criteria::Field(field)),
            WireCriteria {
                group: Some(group),
                group_operator: Some(operator),
                ..
            } => Ok(Criteria::Group { operator, group }),
            WireCriteria { group: Some(_), .. } => Err(D::Error::custom(
                "a criteria group needs its `group_operator` (and/or)",
            )),
            _ => Err(D::Error::custom(
                "a criteria entry needs `field` or `group`",
            )),
        }
    }
}

/// Ids arrive as strings, sometimes as numbers; both are kept as text.
fn id_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    Ok(
        match Option::<serde_json::Value>::deserialize(deserializer)? {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(text)) => Some(text),
            Some(serde_json::Value::Number(number)) => Some(number.to_string()),
            Some(other) => return Err(D::Error::custom(format!("an id cannot be {other}"))),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn get_answers_with_null_group_keys_on_leaves_decode() {
        let wire = json!({"type": "field_selection", "module": {"api_name": "Leads", "id": "5725767000000002175"},
            "field_selection": {"group_operator": "and", "group": [
                {"field": {"api_name": "Email", "id": 5725767000000002591u64}, "group_operator": null, "group": null},
                {"group_operator": "or", "group": [
                    {"field": {"api_name": "Phone"}, "group_operator": null, "group": null},
                    {"field": {"api_name": "Mobile"}}]}]}});
        let condition: NotificationCondition = serde_json::from_value(wire).expect("decodes");
        assert_eq!(condition.field_count(), 3);
        assert_eq!(condition.field_selection.largest_group(), 2);
        let Criteria::Group { group, .. } = &condition.field_selection else {
            panic!("a group")
        };
        assert_eq!(
            group[0],
            Criteria::Field(ApiRef {
                api_name: Some("Email".into()),
                id: Some("5725767000000002591".into())
            })
        );
    }

    #[test]
    fn an_entry_with_neither_field_nor_group_is_an_error() {
        let error = serde_json::from_value::<Criteria>(json!({"group_operator": "and"}))
            .expect_err("empty");
        assert!(error.to_string().contains("`field` or `group`"), "{error}");
    }
}
