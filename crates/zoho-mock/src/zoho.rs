//! Zoho's behaviour for `/crm/{version}/actions/watch`: validation with
//! per-item results, channels remembered in memory, and the response shapes
//! of the recordings (same keys, same order, same messages).

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, FixedOffset, Utc};
use serde_json::{Value, json};

/// What Zoho says a `token` may hold at most (docs v2–v8, and the seed's
/// recorded `INVALID_DATA` with `maximum_length: 50`).
pub const MAX_TOKEN_LENGTH: usize = 50;

/// v2.1's longest channel lifetime; longer requests silently get one hour.
pub const MAX_CHANNEL_LIFETIME: Duration = Duration::days(1);

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
}

impl Channel {
    /// The modules the channel watches, in first-mentioned order.
    pub fn modules(&self) -> Vec<String> {
        let mut modules: Vec<String> = Vec::new();
        for event in &self.events {
            let module = event.split('.').next().unwrap_or_default().to_string();
            if !modules.contains(&module) {
                modules.push(module);
            }
        }
        modules
    }

    /// The events that concern `module`.
    pub fn events_of(&self, module: &str) -> Vec<String> {
        self.events
            .iter()
            .filter(|event| event.split('.').next() == Some(module))
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
        self.events_of(module)
            .iter()
            .any(|event| event.ends_with(".all") || event.ends_with(&format!(".{verb}")))
    }
}

/// Every channel, by id.
#[derive(Debug, Default)]
pub struct Channels {
    by_id: BTreeMap<String, Channel>,
}

/// An HTTP status and a JSON body.
pub type Reply = (u16, Value);

/// The same resource id for a module every time, like a real org.
pub fn resource_id(module: &str) -> String {
    match module {
        "Contacts" => "4150868000000002179".into(),
        "Deals" => "4150868000000002181".into(),
        "Cases" => "4150868000000002209".into(),
        "Solutions" => "4150868000000002211".into(),
        "Price_Books" => "4150868000000002217".into(),
        other => {
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

/// A top-level error body.
pub fn error(code: &str, details: Value, message: &str) -> Value {
    json!({"code": code, "details": details, "message": message, "status": "error"})
}

fn item_error(code: &str, details: Value, message: &str) -> Value {
    error(code, details, message)
}

fn mandatory(index: usize, field: &str) -> Value {
    item_error(
        "MANDATORY_NOT_FOUND",
        json!({"api_name": field, "json_path": format!("$.watch[{index}].{field}")}),
        "required field not found",
    )
}

fn invalid(index: usize, field: &str, extra: Value) -> Value {
    let mut details = serde_json::Map::new();
    if let Value::Object(extra) = extra {
        details.extend(extra);
    }
    details.insert("api_name".into(), field.into());
    details.insert(
        "json_path".into(),
        format!("$.watch[{index}].{field}").into(),
    );
    item_error("INVALID_DATA", Value::Object(details), "invalid data")
}

fn not_subscribed() -> Value {
    item_error(
        "NOT_SUBSCRIBED",
        json!({}),
        "Not subscribed for actions-watch of the given module/channel",
    )
}

fn format_time(time: &DateTime<FixedOffset>) -> String {
    time.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// The `watch` array of a request body, or a top-level error.
fn watch_items(body: &Value) -> Result<&Vec<Value>, Reply> {
    match body.get("watch") {
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

/// Runs `handle` on each `watch` item in order, or returns the top-level
/// error for a body without items.
fn each_item(
    body: &Value,
    mut handle: impl FnMut(usize, &Value) -> Value,
) -> Result<Vec<Value>, Reply> {
    Ok(watch_items(body)?
        .iter()
        .enumerate()
        .map(|(index, item)| handle(index, item))
        .collect())
}

/// The event names of a `watch` item (`Deals.all`, ...).
fn event_names(item: &Value) -> Vec<String> {
    item["events"]
        .as_array()
        .map(|events| {
            events
                .iter()
                .filter_map(|e| e.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The expiry Zoho grants: the requested one when in the future and within
/// the maximum lifetime, otherwise one hour from now (silently, like Zoho).
fn granted_expiry(requested: Option<&str>, now: DateTime<Utc>) -> DateTime<FixedOffset> {
    let one_hour = (now + Duration::hours(1)).fixed_offset();
    let Some(requested) = requested.and_then(|text| DateTime::parse_from_rfc3339(text).ok()) else {
        return one_hour;
    };
    let lifetime = requested.with_timezone(&Utc) - now;
    if lifetime > Duration::zero() && lifetime <= MAX_CHANNEL_LIFETIME {
        requested
    } else {
        one_hour.with_timezone(requested.offset())
    }
}

fn string_field<'a>(item: &'a Value, field: &str) -> Option<&'a str> {
    item.get(field).and_then(Value::as_str)
}

/// Validates one `watch` item of a POST or PUT; `Err` is its error item.
fn validate_subscription(index: usize, item: &Value) -> Result<(), Value> {
    if !item.is_object() {
        return Err(item_error(
            "INVALID_DATA",
            json!({"expected_data_type": "jsonobject", "json_path": format!("$.watch[{index}]")}),
            "invalid data",
        ));
    }
    let channel_id = item.get("channel_id");
    if channel_id.is_none_or(Value::is_null) {
        return Err(mandatory(index, "channel_id"));
    }
    if !matches!(channel_id, Some(Value::String(_) | Value::Number(_))) {
        return Err(invalid(
            index,
            "channel_id",
            json!({"expected_data_type": "long"}),
        ));
    }
    match item.get("events") {
        None | Some(Value::Null) => return Err(mandatory(index, "events")),
        Some(Value::Array(events)) if !events.is_empty() && events.iter().all(is_event) => {}
        Some(_) => return Err(invalid(index, "events", json!({}))),
    }
    if string_field(item, "notify_url").is_none_or(|url| url.trim().is_empty()) {
        return Err(mandatory(index, "notify_url"));
    }
    if let Some(token) = item.get("token").filter(|t| !t.is_null()) {
        match token.as_str() {
            Some(text) if text.chars().count() > MAX_TOKEN_LENGTH => {
                return Err(invalid(
                    index,
                    "token",
                    json!({"maximum_length": MAX_TOKEN_LENGTH}),
                ));
            }
            Some(_) => {}
            None => {
                return Err(invalid(
                    index,
                    "token",
                    json!({"expected_data_type": "text"}),
                ));
            }
        }
    }
    if let Some(expiry) = item.get("channel_expiry").filter(|t| !t.is_null())
        && expiry
            .as_str()
            .is_none_or(|text| DateTime::parse_from_rfc3339(text).is_err())
    {
        return Err(invalid(
            index,
            "channel_expiry",
            json!({"expected_data_type": "datetime"}),
        ));
    }
    Ok(())
}

fn is_event(event: &Value) -> bool {
    event.as_str().is_some_and(|text| {
        matches!(text.split_once('.'), Some((module, op)) if !module.is_empty()
            && ["create", "edit", "delete", "all"].contains(&op))
    })
}

fn channel_id_of(item: &Value) -> String {
    match item.get("channel_id") {
        Some(Value::String(id)) => id.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

fn subscribed_item(channel_id: &str, channel: &Channel, message: &str) -> Value {
    let events: Vec<Value> = channel
        .modules()
        .iter()
        .map(|module| {
            json!({
                "channel_expiry": format_time(&channel.channel_expiry),
                "resource_uri": resource_uri(module),
                "resource_id": resource_id(module),
                "resource_name": module,
                "channel_id": channel_id,
            })
        })
        .collect();
    json!({"code": "SUCCESS", "details": {"events": events}, "message": message, "status": "success"})
}

/// Status for a per-item reply: `success_status` when every item succeeded,
/// 202 when any failed (what the seed recorded for partial failure).
fn per_item_reply(items: Vec<Value>, success_status: u16) -> Reply {
    let all_ok = items.iter().all(|item| item["status"] == "success");
    (
        if all_ok { success_status } else { 202 },
        json!({ "watch": items }),
    )
}

impl Channels {
    /// A channel by id.
    pub fn get(&self, channel_id: &str) -> Option<&Channel> {
        self.by_id.get(channel_id)
    }

    /// POST (enable) and PUT (replace): validate each item, store the valid
    /// ones. Both store the full state given.
    pub fn subscribe(&mut self, body: &Value, replace: bool, now: DateTime<Utc>) -> Reply {
        let results = each_item(body, |index, item| {
            match validate_subscription(index, item) {
                Err(error) => error,
                Ok(()) => {
                    let channel_id = channel_id_of(item);
                    let channel = Channel {
                        events: event_names(item),
                        notify_url: string_field(item, "notify_url")
                            .unwrap_or_default()
                            .to_string(),
                        token: string_field(item, "token").map(str::to_string),
                        channel_expiry: granted_expiry(string_field(item, "channel_expiry"), now),
                        notify_on_related_action: item["notify_on_related_action"]
                            .as_bool()
                            .unwrap_or(true),
                        return_affected_field_values: item["return_affected_field_values"]
                            .as_bool()
                            .unwrap_or(false),
                    };
                    let reply = subscribed_item(
                        &channel_id,
                        &channel,
                        "Successfully subscribed for actions-watch of the given module",
                    );
                    self.by_id.insert(channel_id, channel);
                    reply
                }
            }
        });
        match results {
            Ok(results) => per_item_reply(results, if replace { 200 } else { 201 }),
            Err(reply) => reply,
        }
    }

    /// PATCH: update the fields given, or with `_delete_events: true` remove
    /// events. Like Zoho, a PATCH that leaves out `token` clears it.
    pub fn patch(&mut self, body: &Value, now: DateTime<Utc>) -> Reply {
        let results = each_item(body, |index, item| {
            if item.get("channel_id").is_none_or(Value::is_null) {
                return mandatory(index, "channel_id");
            }
            let channel_id = channel_id_of(item);
            let Some(channel) = self.by_id.get_mut(&channel_id) else {
                return not_subscribed();
            };
            let events = event_names(item);
            if item["_delete_events"] == true {
                let removed_modules: Vec<String> = events
                    .iter()
                    .filter(|event| channel.events.contains(event))
                    .map(|event| event.split('.').next().unwrap_or_default().to_string())
                    .collect();
                channel.events.retain(|event| !events.contains(event));
                let details: Vec<Value> = removed_modules
                    .iter()
                    .map(|module| {
                        json!({
                            "resource_uri": resource_uri(module),
                            "resource_id": resource_id(module),
                            "resource_name": module,
                            "channel_id": channel_id,
                        })
                    })
                    .collect();
                if channel.events.is_empty() {
                    self.by_id.remove(&channel_id);
                }
                return json!({"code": "SUCCESS", "details": {"events": details},
                        "message": "Successfully removed the subscribe details", "status": "success"});
            }
            if let Err(error) = validate_patch(index, item) {
                return error;
            }
            if !events.is_empty() {
                channel.events = events;
            }
            if let Some(url) = string_field(item, "notify_url") {
                channel.notify_url = url.to_string();
            }
            channel.token = string_field(item, "token").map(str::to_string);
            if let Some(expiry) = string_field(item, "channel_expiry") {
                channel.channel_expiry = granted_expiry(Some(expiry), now);
            }
            subscribed_item(
                &channel_id,
                channel,
                "Successfully updated the subscribe details",
            )
        });
        match results {
            Ok(results) => per_item_reply(results, 200),
            Err(reply) => reply,
        }
    }

    /// GET: one entry per (channel, module); 204 when nothing matches.
    pub fn list(&self, query: &BTreeMap<String, String>) -> Reply {
        let page: usize = query
            .get("page")
            .and_then(|p| p.parse().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1);
        let per_page: usize = query
            .get("per_page")
            .and_then(|p| p.parse().ok())
            .filter(|p| (1..=200).contains(p))
            .unwrap_or(200);
        let mut entries = Vec::new();
        for (channel_id, channel) in &self.by_id {
            if query
                .get("channel_id")
                .is_some_and(|wanted| wanted != channel_id)
            {
                continue;
            }
            for module in channel.modules() {
                if query.get("module").is_some_and(|wanted| *wanted != module) {
                    continue;
                }
                entries.push(json!({
                    "notify_on_related_action": channel.notify_on_related_action,
                    "channel_expiry": format_time(&channel.channel_expiry),
                    "return_affected_field_values": channel.return_affected_field_values,
                    "resource_uri": resource_uri(&module),
                    "resource_id": resource_id(&module),
                    "notify_url": channel.notify_url,
                    "resource_name": module,
                    "fields": null,
                    "channel_id": channel_id,
                    "events": channel.events_of(&module),
                    "token": channel.token,
                }));
            }
        }
        let count = entries.len();
        let page_entries: Vec<Value> = entries
            .into_iter()
            .skip((page - 1) * per_page)
            .take(per_page)
            .collect();
        if page_entries.is_empty() {
            return (204, Value::Null);
        }
        let more_records = count > page * per_page;
        (
            200,
            json!({
                "watch": page_entries,
                "info": {"per_page": per_page, "count": count.min(per_page), "page": page, "more_records": more_records},
            }),
        )
    }

    /// DELETE `?channel_ids=a,b`: one item per channel and module.
    pub fn disable(&mut self, channel_ids: Option<&str>) -> Reply {
        let Some(ids) = channel_ids.filter(|ids| !ids.trim().is_empty()) else {
            return (
                400,
                error(
                    "REQUIRED_PARAM_MISSING",
                    json!({"param": "channel_ids"}),
                    "One of the expected parameter is missing",
                ),
            );
        };
        let mut results = Vec::new();
        for id in ids.split(',').map(str::trim).filter(|id| !id.is_empty()) {
            match self.by_id.remove(id) {
                None => results.push(not_subscribed()),
                Some(channel) => {
                    for module in channel.modules() {
                        results.push(json!({
                            "code": "SUCCESS",
                            "details": {"resource_uri": resource_uri(&module), "resource_id": resource_id(&module), "channel_id": id},
                            "message": "Successfully un-subscribed from actions-watch",
                            "status": "success",
                        }));
                    }
                }
            }
        }
        per_item_reply(results, 200)
    }
}

fn validate_patch(index: usize, item: &Value) -> Result<(), Value> {
    if let Some(events) = item.get("events")
        && !events
            .as_array()
            .is_some_and(|events| !events.is_empty() && events.iter().all(is_event))
    {
        return Err(invalid(index, "events", json!({})));
    }
    if let Some(token) = string_field(item, "token")
        && token.chars().count() > MAX_TOKEN_LENGTH
    {
        return Err(invalid(
            index,
            "token",
            json!({"maximum_length": MAX_TOKEN_LENGTH}),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .expect("time")
    }

    fn subscription(channel_id: &str, token: &str) -> Value {
        json!({"channel_id": channel_id, "events": ["Deals.all", "Contacts.create"],
               "notify_url": "http://127.0.0.1:1/cb", "token": token,
               "channel_expiry": "2026-01-01T10:30:00+05:30"})
    }

    #[test]
    fn a_long_token_and_a_missing_channel_id_fail_their_items_only() {
        let mut channels = Channels::default();
        let body = json!({"watch": [subscription("1", "ok"), subscription("2", &"x".repeat(51)), {"events": ["Deals.all"], "notify_url": "u"}]});
        let (status, reply) = channels.subscribe(&body, false, now());
        assert_eq!(status, 202);
        assert_eq!(reply["watch"][0]["code"], "SUCCESS");
        assert_eq!(
            reply["watch"][1]["details"],
            json!({"maximum_length": 50, "api_name": "token", "json_path": "$.watch[1].token"})
        );
        assert_eq!(
            reply["watch"][2]["details"],
            json!({"api_name": "channel_id", "json_path": "$.watch[2].channel_id"})
        );
        assert!(channels.get("1").is_some() && channels.get("2").is_none());
    }

    #[test]
    fn an_expiry_beyond_a_day_silently_becomes_one_hour() {
        let granted = granted_expiry(Some("2026-01-05T00:00:00+05:30"), now());
        assert_eq!(format_time(&granted), "2026-01-01T06:30:00+05:30");
    }

    #[test]
    fn a_patch_without_token_clears_it_and_listing_shows_one_entry_per_module() {
        let mut channels = Channels::default();
        channels.subscribe(
            &json!({"watch": [subscription("7", "secret")]}),
            false,
            now(),
        );
        let (status, _) = channels.patch(
            &json!({"watch": [{"channel_id": "7", "events": ["Deals.all"]}]}),
            now(),
        );
        assert_eq!(status, 200);
        let (_, listed) = channels.list(&BTreeMap::new());
        assert_eq!(listed["watch"].as_array().map(Vec::len), Some(1));
        assert_eq!(listed["watch"][0]["token"], Value::Null);
    }

    #[test]
    fn disabling_unknown_channels_answers_not_subscribed() {
        let mut channels = Channels::default();
        let (status, reply) = channels.disable(Some("404"));
        assert_eq!(status, 202);
        assert_eq!(reply["watch"][0]["code"], "NOT_SUBSCRIBED");
        assert_eq!(channels.disable(None).0, 400);
        assert_eq!(channels.list(&BTreeMap::new()).0, 204);
    }
}
