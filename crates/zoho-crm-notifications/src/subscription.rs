//! What a channel subscribes to, and the checks Zoho would otherwise make
//! after a round trip (or, for the expiry, silently "fix").

use std::fmt;

use chrono::{DateTime, Duration, FixedOffset, Utc};

use crate::ChannelId;

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
/// Renewal re-sends all of it, because a partial update (PATCH) without
/// `token` clears the token on Zoho's side.
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
        if subscription.channel_id.as_str().is_empty() {
            return error(path("channel_id"), "channel_id is empty".into());
        }
        if subscription.notify_url.is_empty() {
            return error(path("notify_url"), "notify_url is empty".into());
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
        Subscription {
            channel_id: ChannelId::new("1000000068001"),
            events: vec![Event::new("Deals", Operation::All)],
            notify_url: "https://example.test/cb".into(),
            token: CallbackToken::new(token),
            channel_expiry: (Utc::now() + Duration::hours(hours)).fixed_offset(),
        }
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
    fn the_token_is_redacted_in_debug() {
        let text = format!("{:?}", subscription("TOKEN_FOR_VERIFICATION", 1));
        assert!(!text.contains("TOKEN_FOR_VERIFICATION"), "{text}");
    }
}
