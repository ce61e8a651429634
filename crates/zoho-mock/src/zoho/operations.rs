//! The five operations on `/actions/watch`: validate without the lock,
//! change the channels under it, render the reply after releasing it.

use std::collections::BTreeMap;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::channel::{Channel, format_time, resource_id, resource_uri};
use super::errors::{Reply, error, not_subscribed};
use super::listing::{ListQuery, page};
use super::store::{Channels, lock};
use super::validate::{PatchItem, patch_item, subscription, watch_items};

const SUBSCRIBED: &str = "Successfully subscribed for actions-watch of the given module";

/// Every `watch` item of `body` checked by `check`, outside any lock; a body
/// without a usable `watch` list is the whole request's error.
fn check_items<T>(
    body: &Value,
    check: impl Fn(usize, &Value) -> Result<T, Value>,
) -> Result<Vec<Result<T, Value>>, Reply> {
    let items = watch_items(body)?;
    Ok(items
        .iter()
        .enumerate()
        .map(|(index, item)| check(index, item))
        .collect())
}

/// POST (enable, `replace == false`) and PUT (replace): every valid item is
/// stored with all of its fields; what a PUT leaves out is unset.
pub fn enable(
    channels: &Mutex<Channels>,
    body: &Value,
    replace: bool,
    now: DateTime<Utc>,
    max_lifetime: chrono::Duration,
) -> Reply {
    let checked = match check_items(body, |index, item| {
        subscription(index, item, now, max_lifetime)
    }) {
        Ok(checked) => checked,
        Err(reply) => return reply,
    };
    {
        let mut channels = lock(channels);
        for valid in checked.iter().flatten() {
            channels.insert(&valid.channel_id, valid.channel.clone());
        }
    }
    let results = checked
        .into_iter()
        .map(|result| match result {
            Ok(valid) => subscribed_item(&valid.channel_id, &valid.channel, SUBSCRIBED),
            Err(error) => error,
        })
        .collect();
    per_item_reply(results, if replace { 200 } else { 201 })
}

/// PATCH: change the fields given (a left-out `token` is cleared, as on
/// Zoho), or with `_delete_events: true` remove the events given.
pub fn patch(
    channels: &Mutex<Channels>,
    body: &Value,
    now: DateTime<Utc>,
    max_lifetime: chrono::Duration,
) -> Reply {
    let checked = match check_items(body, |index, item| {
        patch_item(index, item, now, max_lifetime)
    }) {
        Ok(checked) => checked,
        Err(reply) => return reply,
    };
    let mut outcomes = Vec::with_capacity(checked.len());
    {
        let mut channels = lock(channels);
        for item in &checked {
            outcomes.push(match item {
                Err(_) => None,
                Ok(PatchItem::RemoveEvents { channel_id, events }) => channels
                    .remove_events(channel_id, events)
                    .map(|removed| Err(removed.modules)),
                Ok(PatchItem::Update { channel_id, update }) => {
                    channels.update(channel_id, update).map(Ok)
                }
            });
        }
    }
    let results = checked
        .into_iter()
        .zip(outcomes)
        .map(|(item, outcome)| match (item, outcome) {
            (Err(error), _) => error,
            (Ok(_), None) => not_subscribed(),
            (Ok(item), Some(Ok(channel))) => subscribed_item(
                item.channel_id(),
                &channel,
                "Successfully updated the subscribe details",
            ),
            (Ok(item), Some(Err(modules))) => removed_item(item.channel_id(), &modules),
        })
        .collect();
    per_item_reply(results, 200)
}

/// GET: one entry per (channel, module), a page at a time; 204 when empty.
pub fn list(channels: &Mutex<Channels>, query: &BTreeMap<String, String>) -> Reply {
    let query = match ListQuery::parse(query) {
        Ok(query) => query,
        Err(reply) => return reply,
    };
    let snapshot = lock(channels).snapshot(query.channel_id.as_deref());
    page(&snapshot, &query)
}

/// DELETE `?channel_ids=a,b`: one item per channel and module.
pub fn disable(channels: &Mutex<Channels>, channel_ids: Option<&str>) -> Reply {
    let ids: Vec<&str> = channel_ids
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .collect();
    // `channel_ids=,,` names no channel, so it is as missing as no parameter.
    if ids.is_empty() {
        return (
            400,
            error(
                "REQUIRED_PARAM_MISSING",
                json!({"param": "channel_ids"}),
                "One of the expected parameter is missing",
            ),
        );
    }
    let removed: Vec<Option<Channel>> = {
        let mut channels = lock(channels);
        ids.iter().map(|id| channels.remove(id)).collect()
    };
    let mut results = Vec::new();
    for (id, channel) in ids.iter().zip(removed) {
        match channel {
            None => results.push(not_subscribed()),
            Some(channel) => results.extend(channel.modules().iter().map(|module| {
                json!({
                    "code": "SUCCESS",
                    "details": {"resource_uri": resource_uri(module), "resource_id": resource_id(module), "channel_id": id},
                    "message": "Successfully un-subscribed from actions-watch",
                    "status": "success",
                })
            })),
        }
    }
    per_item_reply(results, 200)
}

impl PatchItem {
    fn channel_id(&self) -> &str {
        match self {
            PatchItem::RemoveEvents { channel_id, .. } | PatchItem::Update { channel_id, .. } => {
                channel_id
            }
        }
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

fn removed_item(channel_id: &str, modules: &[String]) -> Value {
    let events: Vec<Value> = modules
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
    json!({"code": "SUCCESS", "details": {"events": events},
           "message": "Successfully removed the subscribe details", "status": "success"})
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
        let channels = Mutex::default();
        let body = json!({"watch": [subscription("1", "ok"), subscription("2", &"x".repeat(51)), {"events": ["Deals.all"], "notify_url": "u"}]});
        let (status, reply) = enable(
            &channels,
            &body,
            false,
            now(),
            crate::zoho::MAX_CHANNEL_LIFETIME,
        );
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
        let channels = lock(&channels);
        assert!(channels.get("1").is_some() && channels.get("2").is_none());
    }

    #[test]
    fn an_expiry_beyond_a_day_silently_becomes_one_hour() {
        let requested = DateTime::parse_from_rfc3339("2026-01-05T00:00:00+05:30").ok();
        let granted = super::super::validate::granted_expiry(
            requested,
            now(),
            crate::zoho::MAX_CHANNEL_LIFETIME,
        );
        assert_eq!(format_time(&granted), "2026-01-01T06:30:00+05:30");
    }

    #[test]
    fn a_patch_without_token_clears_it_and_listing_shows_one_entry_per_module() {
        let channels = Mutex::default();
        enable(
            &channels,
            &json!({"watch": [subscription("7", "secret")]}),
            false,
            now(),
            crate::zoho::MAX_CHANNEL_LIFETIME,
        );
        let (status, _) = patch(
            &channels,
            &json!({"watch": [{"channel_id": "7", "events": ["Deals.all"]}]}),
            now(),
            crate::zoho::MAX_CHANNEL_LIFETIME,
        );
        assert_eq!(status, 200);
        let (_, listed) = list(&channels, &BTreeMap::new());
        assert_eq!(listed["watch"].as_array().map(Vec::len), Some(1));
        assert_eq!(listed["watch"][0]["token"], Value::Null);
    }

    #[test]
    fn disabling_unknown_channels_answers_not_subscribed() {
        let channels = Mutex::default();
        let (status, reply) = disable(&channels, Some("404"));
        assert_eq!(status, 202);
        assert_eq!(reply["watch"][0]["code"], "NOT_SUBSCRIBED");
        assert_eq!(disable(&channels, None).0, 400);
        assert_eq!(list(&channels, &BTreeMap::new()).0, 204);
    }
}
