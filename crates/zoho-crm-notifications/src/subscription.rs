//! What a channel subscribes to, and the checks Zoho would otherwise make
//! after a round trip (or, for the expiry, silently "fix").

use std::fmt;

use chrono::{DateTime, Duration, FixedOffset, Utc};
use serde_json::Value;

use crate::ChannelId;
use crate::condition::{MAX_CONDITION_FIELDS, MAX_GROUP_ENTRIES, NotificationCondition};

/// Zoho's limit on `token` (docs v2–v8 and the recorded `INVALID_DATA`).
pub const MAX_TOKEN_CHARS: usize = 50;
/// Zoho's limit on `watch` items per request.
pub const MAX_WATCH_ITEMS: usize = 50;
/// Zoho's limit on events per channel.
pub const MAX_EVENTS_PER_CHANNEL: usize = 50;

/// What happens to a record that triggers a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// A record was created (`create`).
    Create,
    /// A record was edited (`edit`).
    Edit,
    /// A record was deleted (`delete`).
    Delete,
    /// Any of them (`all`).
    All,
}

/// An event name, `{Module_API_name}.{operation}`: `Deals.all`,
/// `Price_Books.create`.
///
/// ```
/// use zoho_crm_notifications::{Event, Operation};
/// assert_eq!(Event::new("Price_Books", Operation::Create).to_string(), "Price_Books.create");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    module: String,
    operation: Operation,
}

impl Event {
    /// An event on a module's API name (`Deals`, `Sales_Orders`).
    pub fn new(module: impl Into<String>, operation: Operation) -> Self {
        Event {
            module: module.into(),
            operation,
        }
    }

    /// The module's API name.
    pub fn module(&self) -> &str {
        &self.module
    }
}

impl fmt::Display for Event {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let operation = match self.operation {
            Operation::Create => "create",
            Operation::Edit => "edit",
            Operation::Delete => "delete",
            Operation::All => "all",
        };
        write!(formatter, "{}.{operation}", self.module)
    }
}

/// The verification token Zoho echoes in every callback: a [`Secret`](crate::Secret),
/// redacted in `Debug`, because it is what authenticates callbacks.
pub type CallbackToken = crate::auth::Secret;

/// The full state of one channel, as sent on enable, update and renewal.
/// Renewal re-sends all of it (conditions included), because a PUT replaces
/// the whole channel and a PATCH without `token` clears the token.
///
/// ```
/// use chrono::{Duration, Utc};
/// use zoho_crm_notifications::*;
///
/// let subscription = Subscription::new(
///     ChannelId::new("1000000068001"),
///     vec![Event::new("Leads", Operation::Edit)],
///     "https://example.com/zoho/callback",
///     CallbackToken::new("verify-me").expect("no control characters"),
///     (Utc::now() + Duration::hours(12)).fixed_offset(),
/// )
/// .with_condition(NotificationCondition::fields("Leads", Criteria::field("Email")))
/// .with_affected_field_values(true)
/// .with_related_actions(false);
/// assert_eq!(subscription.notification_condition.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Subscription {
    /// The channel's id, chosen by the subscriber.
    pub channel_id: ChannelId,
    /// What to be notified of.
    pub events: Vec<Event>,
    /// The HTTPS endpoint that receives callbacks.
    pub notify_url: String,
    /// Echoed in every callback, to authenticate it.
    pub token: CallbackToken,
    /// When the channel stops; renew before then.
    pub channel_expiry: DateTime<FixedOffset>,
    /// Field-specific triggers (v6+); empty means every change notifies.
    pub notification_condition: Vec<NotificationCondition>,
    /// Whether changes to related records notify too (Zoho's default:
    /// true); `None` leaves it to Zoho.
    pub notify_on_related_action: Option<bool>,
    /// Whether callbacks carry the changed values (`affected_values`).
    pub return_affected_field_values: Option<bool>,
    /// Zoho's undocumented `fields`, sent as given when set.
    pub fields: Option<Value>,
}

impl Subscription {
    /// A channel with the required fields and Zoho's defaults for the rest.
    pub fn new(
        channel_id: ChannelId,
        events: Vec<Event>,
        notify_url: impl Into<String>,
        token: CallbackToken,
        channel_expiry: DateTime<FixedOffset>,
    ) -> Self {
        Subscription {
            channel_id,
            events,
            notify_url: notify_url.into(),
            token,
            channel_expiry,
            notification_condition: Vec::new(),
            notify_on_related_action: None,
            return_affected_field_values: None,
            fields: None,
        }
    }

    /// Adds a field-specific trigger.
    pub fn with_condition(mut self, condition: NotificationCondition) -> Self {
        self.notification_condition.push(condition);
        self
    }

    /// Sets `notify_on_related_action`.
    pub fn with_related_actions(mut self, notify: bool) -> Self {
        self.notify_on_related_action = Some(notify);
        self
    }

    /// Sets `return_affected_field_values`.
    pub fn with_affected_field_values(mut self, return_values: bool) -> Self {
        self.return_affected_field_values = Some(return_values);
        self
    }
}

/// A subscription Zoho would reject or silently change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{json_path}: {message}")]
pub struct ValidationError {
    /// Where in the request body, as Zoho would report it (`$.watch[0].token`).
    pub json_path: String,
    /// What is wrong.
    pub message: String,
}

/// Checks subscriptions against Zoho's limits before anything is sent.
///
/// `max_lifetime` is the API version's longest channel lifetime (one day on
/// v2–v3, a week from v4); Zoho silently replaces a longer one with one hour.
pub fn validate(
    subscriptions: &[Subscription],
    now: DateTime<Utc>,
    max_lifetime: Duration,
) -> Result<(), ValidationError> {
    let error = |json_path: String, message: String| Err(ValidationError { json_path, message });
    if subscriptions.is_empty() {
        return error(
            "$.watch".into(),
            "at least one subscription is needed".into(),
        );
    }
    if subscriptions.len() > MAX_WATCH_ITEMS {
        return error(
            "$.watch".into(),
            format!(
                "{} subscriptions; Zoho takes at most {MAX_WATCH_ITEMS} per request",
                subscriptions.len()
            ),
        );
    }
    for (index, subscription) in subscriptions.iter().enumerate() {
        let path = |field: &str| format!("$.watch[{index}].{field}");
        let token_chars = subscription.token.expose().chars().count();
        if token_chars > MAX_TOKEN_CHARS {
            return error(
                path("token"),
                format!(
                    "token has {token_chars} characters; Zoho allows at most {MAX_TOKEN_CHARS}"
                ),
            );
        }
        if subscription.events.is_empty() || subscription.events.len() > MAX_EVENTS_PER_CHANNEL {
            return error(
                path("events"),
                format!(
                    "{} events; Zoho takes 1 to {MAX_EVENTS_PER_CHANNEL} per channel",
                    subscription.events.len()
                ),
            );
        }
        if subscription.channel_id.as_str().trim().is_empty() {
            return error(path("channel_id"), "channel_id is blank".into());
        }
        if subscription.notify_url.trim().is_empty() {
            return error(path("notify_url"), "notify_url is blank".into());
        }
        for (position, condition) in subscription.notification_condition.iter().enumerate() {
            let at = || {
                path(&format!(
                    "notification_condition[{position}].field_selection"
                ))
            };
            if condition.field_count() > MAX_CONDITION_FIELDS {
                return error(
                    at(),
                    format!(
                        "{} fields; Zoho allows at most {MAX_CONDITION_FIELDS} per condition",
                        condition.field_count()
                    ),
                );
            }
            if condition.field_selection.largest_group() > MAX_GROUP_ENTRIES {
                return error(
                    at(),
                    format!(
                        "a group has {} entries; Zoho allows at most {MAX_GROUP_ENTRIES} (nest groups for more)",
                        condition.field_selection.largest_group()
                    ),
                );
            }
        }
        let lifetime = subscription.channel_expiry.with_timezone(&Utc) - now;
        if lifetime <= Duration::zero() {
            return error(
                path("channel_expiry"),
                format!(
                    "channel_expiry {} is not in the future",
                    subscription.channel_expiry
                ),
            );
        }
        if lifetime > max_lifetime {
            return error(
                path("channel_expiry"),
                format!(
                    "channel_expiry is {} hours away; this API version allows at most {} hours (Zoho would silently use 1 hour)",
                    lifetime.num_hours(),
                    max_lifetime.num_hours()
                ),
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subscription(token: &str, hours: i64) -> Subscription {
        Subscription::new(
            ChannelId::new("1000000068001"),
            vec![Event::new("Deals", Operation::All)],
            "https://example.test/cb",
            CallbackToken::new(token).expect("test token"),
            (Utc::now() + Duration::hours(hours)).fixed_offset(),
        )
    }

    #[test]
    fn limits_are_checked_with_zoho_style_paths() {
        let day = Duration::days(1);
        assert!(validate(&[subscription(&"t".repeat(50), 2)], Utc::now(), day).is_ok());
        let long =
            validate(&[subscription(&"t".repeat(51), 2)], Utc::now(), day).expect_err("51 chars");
        assert_eq!(long.json_path, "$.watch[0].token");
        let past = validate(&[subscription("t", -1)], Utc::now(), day).expect_err("past");
        assert_eq!(past.json_path, "$.watch[0].channel_expiry");
        let too_far = validate(&[subscription("t", 30)], Utc::now(), day).expect_err("over a day");
        assert!(too_far.message.contains("silently"), "{too_far}");
        let many = vec![subscription("t", 1); 51];
        assert_eq!(
            validate(&many, Utc::now(), day)
                .expect_err("51 items")
                .json_path,
            "$.watch"
        );
    }

    #[test]
    fn conditions_are_checked_against_zohos_limits() {
        use crate::condition::Criteria;
        let day = Duration::days(1);
        let fields = |n: usize| (0..n).map(|i| Criteria::field(format!("F{i}")));
        let three = subscription("t", 1).with_condition(NotificationCondition::fields(
            "Leads",
            Criteria::any(fields(3)),
        ));
        let error = validate(&[three], Utc::now(), day).expect_err("3 in a group");
        assert_eq!(
            error.json_path,
            "$.watch[0].notification_condition[0].field_selection"
        );
        let nested = fields(11)
            .collect::<Vec<_>>()
            .chunks(2)
            .map(|pair| Criteria::any(pair.to_vec()))
            .reduce(|left, right| Criteria::all([left, right]));
        let eleven = subscription("t", 1).with_condition(NotificationCondition::fields(
            "Leads",
            nested.expect("fields"),
        ));
        let error = validate(&[eleven], Utc::now(), day).expect_err("11 fields");
        assert!(error.message.contains("11 fields"), "{error}");
    }

    #[test]
    fn the_token_is_redacted_in_debug() {
        let text = format!("{:?}", subscription("TOKEN_FOR_VERIFICATION", 1));
        assert!(!text.contains("TOKEN_FOR_VERIFICATION"), "{text}");
    }
}
