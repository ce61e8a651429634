//! Turns the items of a request's `watch` array into checked values, or into
//! the per-item error Zoho would answer, with Zoho's documented limits.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use serde_json::{Value, json};

use super::channel::Channel;
use super::errors::{Reply, error, invalid, mandatory};

/// What Zoho says a `token` may hold at most (docs v2–v8, and the seed's
/// recorded `INVALID_DATA` with `maximum_length: 50`).
pub const MAX_TOKEN_LENGTH: usize = 50;

/// At most this many `watch` objects in one request (new OAS).
pub const MAX_WATCH_ITEMS: usize = 50;

/// At most this many events in one `watch` object (new OAS).
pub const MAX_EVENTS_PER_ITEM: usize = 50;

/// At most this many characters in one event name (new OAS).
pub const MAX_EVENT_LENGTH: usize = 128;

/// At most this many characters in a `notify_url` (new OAS).
pub const MAX_NOTIFY_URL_LENGTH: usize = 255;

/// A channel id is a Java `long`: at most 19 digits (and at most `i64::MAX`).
pub const MAX_CHANNEL_ID_DIGITS: usize = 19;

/// The `watch` array of a request body, or the top-level error Zoho gives
/// for a body without one, or with more items than it takes.
pub(crate) fn watch_items(body: &Value) -> Result<&[Value], Reply> {
    match body.get("watch") {
        Some(Value::Array(items)) if items.len() > MAX_WATCH_ITEMS => Err((
            400,
            error(
                "INVALID_DATA",
                json!({"maximum_length": MAX_WATCH_ITEMS, "api_name": "watch", "json_path": "$.watch"}),
                "invalid data",
            ),
        )),
        Some(Value::Array(items)) if !items.is_empty() => Ok(items),
        Some(Value::Array(_)) | None => Err((
            400,
            error(
                "MANDATORY_NOT_FOUND",
                json!({"api_name": "watch", "json_path": "$.watch"}),
                "required field not found",
            ),
        )),
        Some(_) => Err((
            400,
            error(
                "INVALID_DATA",
                json!({"expected_data_type": "jsonarray", "api_name": "watch", "json_path": "$.watch"}),
                "invalid data",
            ),
        )),
    }
}

/// A valid POST or PUT item: the channel it describes, in full.
#[derive(Debug, Clone)]
pub(crate) struct Subscription {
    pub channel_id: String,
    pub channel: Channel,
}

/// A valid PATCH item.
#[derive(Debug, Clone)]
pub(crate) enum PatchItem {
    /// `_delete_events: true`: remove these events from the channel.
    RemoveEvents {
        channel_id: String,
        events: Vec<String>,
    },
    /// Anything else: change the fields given.
    Update {
        channel_id: String,
        update: Box<Update>,
    },
}

/// The fields a PATCH changes; `None` keeps the channel's value.
#[derive(Debug, Clone)]
pub(crate) struct Update {
    events: Option<Vec<String>>,
    notify_url: Option<String>,
    /// Always applied: Zoho clears a token the PATCH leaves out.
    token: Option<String>,
    channel_expiry: Option<DateTime<FixedOffset>>,
    notify_on_related_action: Option<bool>,
    return_affected_field_values: Option<bool>,
    /// `Some(None)` clears (an explicit `null`).
    notification_condition: Option<Option<Value>>,
    fields: Option<Option<Value>>,
}

impl Update {
    /// Applies the update; plain assignments, so a lock holder cannot fail.
    pub(crate) fn apply_to(&self, channel: &mut Channel) {
        if let Some(events) = &self.events {
            channel.events.clone_from(events);
        }
        if let Some(url) = &self.notify_url {
            channel.notify_url.clone_from(url);
        }
        channel.token.clone_from(&self.token);
        if let Some(expiry) = self.channel_expiry {
            channel.channel_expiry = expiry;
        }
        if let Some(value) = self.notify_on_related_action {
            channel.notify_on_related_action = value;
        }
        if let Some(value) = self.return_affected_field_values {
            channel.return_affected_field_values = value;
        }
        if let Some(value) = &self.notification_condition {
            channel.notification_condition.clone_from(value);
        }
        if let Some(value) = &self.fields {
            channel.fields.clone_from(value);
        }
    }
}

/// Checks one POST or PUT item; `Err` is its per-item error.
pub(crate) fn subscription(
    index: usize,
    item: &Value,
    now: DateTime<Utc>,
    max_lifetime: Duration,
) -> Result<Subscription, Value> {
    object(index, item)?;
    let channel_id = channel_id(index, item)?;
    let events = events(index, item)?.ok_or_else(|| mandatory(index, "events"))?;
    let notify_url = notify_url(index, item)?.ok_or_else(|| mandatory(index, "notify_url"))?;
    let token = token(index, item)?;
    let expiry = channel_expiry(index, item)?;
    let channel = Channel {
        events,
        notify_url,
        token,
        channel_expiry: granted_expiry(expiry, now, max_lifetime),
        notify_on_related_action: boolean(index, item, "notify_on_related_action")?.unwrap_or(true),
        return_affected_field_values: boolean(index, item, "return_affected_field_values")?
            .unwrap_or(false),
        // PUT replaces everything, so what is left out is unset.
        notification_condition: any(item, "notification_condition").flatten(),
        fields: any(item, "fields").flatten(),
    };
    Ok(Subscription {
        channel_id,
        channel,
    })
}

/// Checks one PATCH item; `Err` is its per-item error.
pub(crate) fn patch_item(
    index: usize,
    item: &Value,
    now: DateTime<Utc>,
    max_lifetime: Duration,
) -> Result<PatchItem, Value> {
    object(index, item)?;
    let channel_id = channel_id(index, item)?;
    let events = events(index, item)?;
    if item.get("_delete_events") == Some(&Value::Bool(true)) {
        let events = events.ok_or_else(|| mandatory(index, "events"))?;
        return Ok(PatchItem::RemoveEvents { channel_id, events });
    }
    let update = Box::new(Update {
        events,
        notify_url: notify_url(index, item)?,
        token: token(index, item)?,
        channel_expiry: channel_expiry(index, item)?
            .map(|expiry| granted_expiry(Some(expiry), now, max_lifetime)),
        notify_on_related_action: boolean(index, item, "notify_on_related_action")?,
        return_affected_field_values: boolean(index, item, "return_affected_field_values")?,
        notification_condition: any(item, "notification_condition"),
        fields: any(item, "fields"),
    });
    Ok(PatchItem::Update { channel_id, update })
}

fn object(index: usize, item: &Value) -> Result<(), Value> {
    if item.is_object() {
        return Ok(());
    }
    Err(error(
        "INVALID_DATA",
        json!({"expected_data_type": "jsonobject", "json_path": format!("$.watch[{index}]")}),
        "invalid data",
    ))
}

/// Whether `text` is a channel id Zoho takes: a non-negative Java `long`.
pub(crate) fn is_channel_id(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= MAX_CHANNEL_ID_DIGITS
        && text.bytes().all(|b| b.is_ascii_digit())
        && text.parse::<i64>().is_ok()
}

/// The channel id, as text. Zoho documents a `long` and every sample sends a
/// string of digits; Pipedream sends a JSON number, which Zoho accepts too.
fn channel_id(index: usize, item: &Value) -> Result<String, Value> {
    let long = || invalid(index, "channel_id", json!({"expected_data_type": "long"}));
    match item.get("channel_id") {
        None | Some(Value::Null) => Err(mandatory(index, "channel_id")),
        Some(Value::String(text)) if text.trim().is_empty() => Err(mandatory(index, "channel_id")),
        Some(Value::String(text)) if is_channel_id(text) => Ok(text.clone()),
        Some(Value::Number(number)) => match number.as_i64() {
            Some(id) if id >= 0 => Ok(id.to_string()),
            _ => Err(long()),
        },
        Some(_) => Err(long()),
    }
}

/// The events, if given: a non-empty list of at most 50
/// `Module.create|edit|delete|all` names of at most 128 characters.
fn events(index: usize, item: &Value) -> Result<Option<Vec<String>>, Value> {
    let events = match item.get("events") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Array(events)) => events,
        Some(_) => {
            return Err(invalid(
                index,
                "events",
                json!({"expected_data_type": "jsonarray"}),
            ));
        }
    };
    if events.len() > MAX_EVENTS_PER_ITEM {
        return Err(invalid(
            index,
            "events",
            json!({"maximum_length": MAX_EVENTS_PER_ITEM}),
        ));
    }
    let names: Option<Vec<String>> = events
        .iter()
        .map(|event| {
            event
                .as_str()
                .filter(|name| is_event(name))
                .map(str::to_string)
        })
        .collect();
    match names {
        Some(names) if !names.is_empty() => Ok(Some(names)),
        _ => Err(invalid(index, "events", json!({}))),
    }
}

fn is_event(name: &str) -> bool {
    name.chars().count() <= MAX_EVENT_LENGTH
        && matches!(name.split_once('.'), Some((module, op)) if !module.trim().is_empty()
            && ["create", "edit", "delete", "all"].contains(&op))
}

/// The notify URL, if given; a blank one counts as missing (as on Zoho).
fn notify_url(index: usize, item: &Value) -> Result<Option<String>, Value> {
    match item.get("notify_url") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(url)) if url.trim().is_empty() => Err(mandatory(index, "notify_url")),
        Some(Value::String(url)) if url.chars().count() > MAX_NOTIFY_URL_LENGTH => Err(invalid(
            index,
            "notify_url",
            json!({"maximum_length": MAX_NOTIFY_URL_LENGTH}),
        )),
        Some(Value::String(url)) => Ok(Some(url.clone())),
        Some(_) => Err(invalid(
            index,
            "notify_url",
            json!({"expected_data_type": "string"}),
        )),
    }
}

fn token(index: usize, item: &Value) -> Result<Option<String>, Value> {
    match item.get("token") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if text.chars().count() > MAX_TOKEN_LENGTH => Err(invalid(
            index,
            "token",
            json!({"maximum_length": MAX_TOKEN_LENGTH}),
        )),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(invalid(
            index,
            "token",
            json!({"expected_data_type": "text"}),
        )),
    }
}

fn channel_expiry(index: usize, item: &Value) -> Result<Option<DateTime<FixedOffset>>, Value> {
    match item.get("channel_expiry") {
        None | Some(Value::Null) => Ok(None),
        Some(value) => value
            .as_str()
            .and_then(|text| DateTime::parse_from_rfc3339(text).ok())
            .map(Some)
            .ok_or_else(|| {
                invalid(
                    index,
                    "channel_expiry",
                    json!({"expected_data_type": "datetime"}),
                )
            }),
    }
}

fn boolean(index: usize, item: &Value, field: &str) -> Result<Option<bool>, Value> {
    match item.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(value)) => Ok(Some(*value)),
        Some(_) => Err(invalid(
            index,
            field,
            json!({"expected_data_type": "boolean"}),
        )),
    }
}

/// A field kept as given: `None` when absent, `Some(None)` for `null`.
fn any(item: &Value, field: &str) -> Option<Option<Value>> {
    item.get(field)
        .map(|value| Some(value.clone()).filter(|value| !value.is_null()))
}

/// The expiry Zoho grants: the requested one when in the future and within
/// the version's maximum lifetime, otherwise one hour from now (silently,
/// like Zoho).
pub(crate) fn granted_expiry(
    requested: Option<DateTime<FixedOffset>>,
    now: DateTime<Utc>,
    max_lifetime: Duration,
) -> DateTime<FixedOffset> {
    let one_hour = now
        .checked_add_signed(Duration::hours(1))
        .unwrap_or(now)
        .fixed_offset();
    let Some(requested) = requested else {
        return one_hour;
    };
    // chrono's date range is far inside `TimeDelta`'s, so the difference of
    // any two dates is exact and never overflows.
    let lifetime = requested.with_timezone(&Utc).signed_duration_since(now);
    if lifetime > Duration::zero() && lifetime <= max_lifetime {
        requested
    } else {
        one_hour.with_timezone(requested.offset())
    }
}
