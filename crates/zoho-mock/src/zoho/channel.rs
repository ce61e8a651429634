//! A subscribed channel and the per-module facts Zoho reports about it.

use chrono::{DateTime, FixedOffset};
use serde_json::Value;

/// A subscribed channel.
#[derive(Debug, Clone, PartialEq)]
pub struct Channel {
    /// `Module.operation` names, as given.
    pub events: Vec<String>,
    /// Where callbacks go.
    pub notify_url: String,
    /// Echoed in callbacks; `None` when none was set (or a PATCH left it out).
    pub token: Option<String>,
    /// When Zoho stops notifying.
    pub channel_expiry: DateTime<FixedOffset>,
    /// Whether related records' changes notify too (Zoho's default: true).
    pub notify_on_related_action: bool,
    /// Whether callbacks carry `affected_values`.
    pub return_affected_field_values: bool,
    /// Field-level triggers (v6+), kept as given; `None` when not set.
    pub notification_condition: Option<Value>,
    /// The undocumented `fields`, kept as given; `None` when not set.
    pub fields: Option<Value>,
}

fn module_of(event: &str) -> &str {
    event.split('.').next().unwrap_or_default()
}

impl Channel {
    /// The modules the channel watches, in first-mentioned order.
    pub fn modules(&self) -> Vec<String> {
        let mut modules: Vec<String> = Vec::new();
        for event in &self.events {
            let module = module_of(event);
            if !modules.iter().any(|known| known == module) {
                modules.push(module.to_string());
            }
        }
        modules
    }

    /// The events that concern `module`.
    pub fn events_of(&self, module: &str) -> Vec<String> {
        self.events
            .iter()
            .filter(|event| module_of(event) == module)
            .cloned()
            .collect()
    }

    /// Whether an `operation` (`insert`/`update`/`delete`) on `module` notifies.
    pub fn watches(&self, module: &str, operation: &str) -> bool {
        let verb = match operation {
            "insert" => "create",
            "update" => "edit",
            other => other,
        };
        self.events_of(module).iter().any(|event| {
            event
                .rsplit_once('.')
                .is_some_and(|(_, op)| op == "all" || op == verb)
        })
    }

    /// The `notification_condition` Zoho shows on `module`'s GET entry.
    ///
    /// Zoho lists a channel once per module and shows each module only the
    /// conditions naming it (the v8 OAS sample: the Deals entry carries the
    /// Deals condition, the Contacts entry `null`). Conditions that name no
    /// module by `api_name`, and values that are not a list, are shown on
    /// every entry, since the mock cannot tell where they belong.
    pub fn condition_for(&self, module: &str) -> Value {
        match &self.notification_condition {
            None => Value::Null,
            Some(Value::Array(conditions)) => {
                let shown: Vec<Value> = conditions
                    .iter()
                    .filter(|condition| {
                        condition["module"]["api_name"]
                            .as_str()
                            .is_none_or(|name| name == module)
                    })
                    .cloned()
                    .collect();
                if shown.is_empty() {
                    Value::Null
                } else {
                    Value::Array(shown)
                }
            }
            Some(other) => other.clone(),
        }
    }
}

/// The same resource id for a module every time, like a real org.
pub fn resource_id(module: &str) -> String {
    match module {
        "Contacts" => "4150868000000002179".into(),
        "Deals" => "4150868000000002181".into(),
        "Cases" => "4150868000000002209".into(),
        "Solutions" => "4150868000000002211".into(),
        "Price_Books" => "4150868000000002217".into(),
        other => {
            // Wrapping on purpose: a stable hash of any name, never a panic.
            let hash = other.bytes().fold(7u64, |acc, b| {
                acc.wrapping_mul(31).wrapping_add(u64::from(b))
            });
            format!("41508680000000{:05}", hash % 100_000)
        }
    }
}

/// Zoho's resource URI for a module (always `v2`, whatever the call's version).
pub fn resource_uri(module: &str) -> String {
    format!("https://www.zohoapis.com/crm/v2/{module}")
}

/// Zoho's time format: second precision with the offset.
pub(crate) fn format_time(time: &DateTime<FixedOffset>) -> String {
    time.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}
